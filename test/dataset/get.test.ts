import { ok, ragflowApi, setupNock } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { DS, rl, simple, full } from './helpers';

setupNock();

describe('RAGFlow Dataset', () => {
	describe('get', () => {
		it('gets one dataset by locator', async () => {
			ragflowApi()
				.get(`/api/v1/datasets/${DS}`)
				.reply(200, ok({ id: DS, name: 'a', size: 10 }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl(DS) },
			});
			expect(jsonOf(result)).toEqual([{ id: DS, name: 'a', size: 10 }]);
		});

		it('rejects a malformed id from an expression before any request', async () => {
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl('={{ "not-an-id" }}') },
			});
			expect(result.error?.message).toBe('"not-an-id" is not a valid dataset ID');
		});

		it('lets n8n flag a malformed literal id in the editor (the workflow does not start)', async () => {
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl('not-an-id') },
			});
			expect(result.error?.message).toMatch(/Not a valid dataset ID/);
		});

		it('keeps only the main fields with Simplify', async () => {
			ragflowApi()
				.get(`/api/v1/datasets/${DS}`)
				.reply(200, ok({ ...full, size: 10, connectors: [] }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl(DS), simplify: true },
			});
			expect(jsonOf(result)).toEqual([{ ...simple, size: 10 }]);
		});
	});
});
