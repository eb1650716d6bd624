import { id, ok, ragflowApi, setupNock } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { DS, rl } from './helpers';

setupNock();

describe('RAGFlow Dataset', () => {
	describe('delete', () => {
		it('deletes the selected datasets by id', async () => {
			const other = id('e2');
			ragflowApi()
				.delete('/api/v1/datasets', { ids: [DS, other] })
				.reply(200, ok({ success_count: 2 }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'delete', datasetId: rl(DS), moreIds: `${other}, ${DS}` },
			});
			expect(jsonOf(result)).toEqual([{ deleted: [DS, other], success_count: 2 }]);
		});

		it('deletes all only through the explicit switch', async () => {
			ragflowApi()
				.delete('/api/v1/datasets', { delete_all: true })
				.reply(200, ok({ success_count: 7 }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'delete', deleteAll: true },
			});
			expect(jsonOf(result)).toEqual([{ deleted: 'all', success_count: 7 }]);
		});

		it('never turns an empty dataset field into delete-all', async () => {
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'delete', datasetId: rl('={{ "" }}') },
			});
			expect(result.error?.message).toBe('No dataset selected');
		});

		it('reports a partial delete as an error', async () => {
			const other = id('e2');
			ragflowApi()
				.delete('/api/v1/datasets', { ids: [DS, other] })
				.reply(200, ok({ success_count: 1, errors: [`Dataset ${other} not found`] }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'delete', datasetId: rl(DS), moreIds: other },
			});
			expect(result.error?.message).toBe('Only 1 of 2 datasets were deleted');
			expect(result.error?.description).toContain(`Dataset ${other} not found`);
		});
	});
});
