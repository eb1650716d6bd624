import { fail, ok, ragflowApi, setupNock } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { dataset, simple, full } from './helpers';

setupNock();

describe('RAGFlow Dataset', () => {
	describe('getAll', () => {
		it('returns all datasets across pages of 100 and stops on the short page', async () => {
			const all = Array.from({ length: 250 }, (_, n) => dataset(n));
			const scope = ragflowApi();
			for (const page of [1, 2, 3]) {
				scope
					.get('/api/v1/datasets')
					.query({ page, page_size: 100, orderby: 'update_time', desc: 'false' })
					.reply(200, ok(all.slice((page - 1) * 100, page * 100), { total_datasets: 250 }));
			}
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: {
					operation: 'getAll',
					returnAll: true,
					filters: { orderBy: 'update_time', descending: false },
				},
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toEqual(all);
			scope.done();
		});

		it('stops when the reported total is reached without asking for an empty page', async () => {
			const all = Array.from({ length: 200 }, (_, n) => dataset(n));
			ragflowApi()
				.get('/api/v1/datasets')
				.query({ page: 1, page_size: 100 })
				.reply(200, ok(all.slice(0, 100), { total_datasets: 200 }))
				.get('/api/v1/datasets')
				.query({ page: 2, page_size: 100 })
				.reply(200, ok(all.slice(100), { total_datasets: 200 }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'getAll', returnAll: true },
			});
			expect(result.items).toHaveLength(200);
		});

		it('asks for exactly Limit items in one request', async () => {
			ragflowApi()
				.get('/api/v1/datasets')
				.query({ page: 1, page_size: 5, include_parsing_status: 'true', ext: '{"keywords":"hr"}' })
				.reply(200, ok([1, 2, 3, 4, 5].map(dataset), { total_datasets: 40 }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: {
					operation: 'getAll',
					returnAll: false,
					limit: 5,
					filters: { includeParsingStatus: true, nameContains: 'hr' },
				},
			});
			expect(result.items).toHaveLength(5);
			expect(result.items.map((i) => i.pairedItem)).toEqual(Array(5).fill({ item: 0 }));
		});

		it('keeps only the main fields of each dataset with Simplify', async () => {
			ragflowApi()
				.get('/api/v1/datasets')
				.query({ page: 1, page_size: 50, include_parsing_status: 'true' })
				.reply(200, ok([{ ...full, parsing_status: { done_count: 1 } }], { total_datasets: 1 }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: {
					operation: 'getAll',
					filters: { includeParsingStatus: true },
					simplify: true,
				},
			});
			expect(jsonOf(result)).toEqual([{ ...simple, parsing_status: { done_count: 1 } }]);
		});

		it('treats a name filter that matches nothing as an empty result', async () => {
			ragflowApi()
				.get('/api/v1/datasets')
				.query({ page: 1, page_size: 50, name: 'nope' })
				.reply(200, fail(102, "User 'abc' lacks permission for dataset 'nope'"));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'getAll', filters: { name: 'nope' } },
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toEqual([]);
		});
	});
});
