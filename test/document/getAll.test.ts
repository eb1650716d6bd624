import { fail, id, ok, ragflowApi, setupNock, currentServerProbe } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { DS, DOC, DOCS, rl, doc } from './helpers';

setupNock();

describe('RAGFlow Document', () => {
	describe('getAll', () => {
		it('sends the filters (repeated run and suffix keys, metadata condition as JSON)', async () => {
			currentServerProbe();
			const scope = ragflowApi()
				.get(DOCS)
				.query({
					page: 1,
					page_size: 10,
					keywords: 'report',
					run: ['DONE', 'FAIL'],
					suffix: ['pdf', 'docx'],
					orderby: 'name',
					desc: 'false',
					metadata_condition: JSON.stringify({
						logic: 'or',
						conditions: [
							{ name: 'author', comparison_operator: 'is', value: 'Ann' },
							{ name: 'year', comparison_operator: '≥', value: '2024' },
							{ name: 'year', comparison_operator: '≤', value: '2026' },
							{ name: 'status', comparison_operator: 'not is', value: 'draft' },
						],
					}),
				})
				.reply(200, ok({ total: 1, docs: [doc(DOC)] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'getAll',
					datasetId: rl(DS),
					limit: 10,
					simplify: true,
					filters: {
						nameContains: 'report',
						parseStatus: ['DONE', 'FAIL'],
						suffix: 'pdf, .docx',
						orderBy: 'name',
						descending: false,
						metadataLogic: 'or',
						metadataFilter: {
							conditions: [
								{ key: 'author', operator: 'is', value: 'Ann' },
								{ key: 'year', operator: 'greaterThanOrEqual', value: '2024' },
								{ key: 'year', operator: 'lessThanOrEqual', value: '2026' },
								{ key: 'status', operator: 'isNot', value: 'draft' },
							],
						},
					},
				},
			});
			expect(result.error).toBeUndefined();
			expect(Object.keys(jsonOf(result)[0])).not.toContain('location');
			scope.done();
		});

		it('returns all documents across pages', async () => {
			const all = Array.from({ length: 130 }, (_, n) => doc(id(`f${n}`)));
			ragflowApi()
				.get(DOCS)
				.query({ page: 1, page_size: 100 })
				.reply(200, ok({ total: 130, docs: all.slice(0, 100) }))
				.get(DOCS)
				.query({ page: 2, page_size: 100 })
				.reply(200, ok({ total: 130, docs: all.slice(100) }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'getAll', datasetId: rl(DS), returnAll: true },
			});
			expect(result.items).toHaveLength(130);
		});

		it('treats an exact name that matches nothing as an empty result', async () => {
			ragflowApi()
				.get(DOCS)
				.query({ page: 1, page_size: 50, name: 'nope.pdf' })
				.reply(200, fail(102, "you don't own the document nope.pdf"));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'getAll', datasetId: rl(DS), filters: { name: 'nope.pdf' } },
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toEqual([]);
		});

		it('refuses a metadata condition without key before any request', async () => {
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'getAll',
					datasetId: rl(DS),
					filters: { metadataFilter: { conditions: [{ key: ' ', operator: 'is' }] } },
				},
			});
			expect(result.error?.message).toBe('A metadata filter condition has no key');
		});
	});
});
