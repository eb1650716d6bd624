import { id, ok, ragflowApi, setupNock } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { DS, rl } from './helpers';

setupNock();

describe('RAGFlow Dataset', () => {
	describe('knowledge graph and index tasks', () => {
		it('gets the knowledge graph and mind map of a dataset', async () => {
			const graph = { nodes: [{ id: 'Alice' }], edges: [] };
			ragflowApi()
				.get(`/api/v1/datasets/${DS}/graph`)
				.reply(200, ok({ graph, mind_map: {} }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { resource: 'knowledgeGraph', operation: 'get', datasetId: rl(DS) },
			});
			expect(jsonOf(result)).toEqual([{ dataset_id: DS, graph, mind_map: {} }]);
		});

		it('deletes the knowledge graph through the current /graph route', async () => {
			const scope = ragflowApi().delete(`/api/v1/datasets/${DS}/graph`).reply(200, ok({}));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { resource: 'knowledgeGraph', operation: 'delete', datasetId: rl(DS) },
			});
			expect(jsonOf(result)).toEqual([{ dataset_id: DS, deleted: true }]);
			scope.done();
		});

		it('starts a RAPTOR index task', async () => {
			ragflowApi()
				.post(`/api/v1/datasets/${DS}/index`)
				.query({ type: 'raptor' })
				.reply(200, ok({ task_id: id('t1') }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: {
					resource: 'indexTask',
					operation: 'start',
					datasetId: rl(DS),
					indexType: 'raptor',
				},
			});
			expect(jsonOf(result)).toEqual([{ dataset_id: DS, type: 'raptor', task_id: id('t1') }]);
		});

		it.each([
			[0.4, 'RUNNING'],
			[1, 'DONE'],
			[-1, 'FAIL'],
		])('reports an index task with progress %s as %s', async (progress, status) => {
			ragflowApi()
				.get(`/api/v1/datasets/${DS}/index`)
				.query({ type: 'graph' })
				.reply(200, ok({ id: id('t1'), progress, progress_msg: 'x' }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { resource: 'indexTask', operation: 'getStatus', datasetId: rl(DS) },
			});
			expect(jsonOf(result)[0]).toMatchObject({ type: 'graph', status, progress });
		});

		it('says NONE when no index task ever ran', async () => {
			ragflowApi()
				.get(`/api/v1/datasets/${DS}/index`)
				.query({ type: 'mindmap' })
				.reply(200, ok({}));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: {
					resource: 'indexTask',
					operation: 'getStatus',
					datasetId: rl(DS),
					indexType: 'mindmap',
				},
			});
			expect(jsonOf(result)).toEqual([{ dataset_id: DS, type: 'mindmap', status: 'NONE' }]);
		});

		it('stops an index task, keeping built data only when asked', async () => {
			ragflowApi()
				.delete(`/api/v1/datasets/${DS}/index`)
				.query({ type: 'graph', wipe: 'false' })
				.reply(200, ok({}));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: {
					resource: 'indexTask',
					operation: 'stop',
					datasetId: rl(DS),
					keepData: true,
				},
			});
			expect(jsonOf(result)).toEqual([
				{ dataset_id: DS, type: 'graph', stopped: true, data_removed: false },
			]);
		});
	});
});
