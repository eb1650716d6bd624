import { fail, ok, ragflowApi, setupNock } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { DS, DOC, DOCS, rl, doc } from './helpers';

setupNock();

describe('RAGFlow Document', () => {
	describe('get', () => {
		it('reads one document through the list filtered by id', async () => {
			ragflowApi()
				.get(DOCS)
				.query({ id: DOC, page: 1, page_size: 1 })
				.reply(200, ok({ total: 1, docs: [doc(DOC)] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'get', datasetId: rl(DS), documentId: rl(DOC) },
			});
			expect(jsonOf(result)).toEqual([doc(DOC)]);
		});

		it.each([
			['an empty list', ok({ total: 0, docs: [] })],
			['"you don\'t own the document"', fail(102, `you don't own the document ${DOC}`)],
		])('raises a clear "not found" for %s', async (_label, reply) => {
			ragflowApi().get(DOCS).query(true).reply(200, reply);
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'get', datasetId: rl(DS), documentId: rl(DOC) },
			});
			expect(result.error?.message).toBe(`Document ${DOC} not found in dataset ${DS}`);
		});
	});
});
