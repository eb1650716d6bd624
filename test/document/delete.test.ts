import { ok, ragflowApi, setupNock } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { DS, DOC, DOC2, DOCS, rl } from './helpers';

setupNock();

describe('RAGFlow Document', () => {
	describe('delete', () => {
		it('deletes the selected documents', async () => {
			ragflowApi()
				.delete(DOCS, { ids: [DOC, DOC2] })
				.reply(200, ok({ deleted: 2 }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'delete',
					datasetId: rl(DS),
					documentId: rl(DOC),
					moreIds: `${DOC2}, ${DOC}`,
				},
			});
			expect(jsonOf(result)).toEqual([{ dataset_id: DS, deleted: [DOC, DOC2], success_count: 2 }]);
		});

		it('never reports a partial delete as success', async () => {
			ragflowApi()
				.delete(DOCS, { ids: [DOC, DOC2] })
				.reply(200, ok({ deleted: 1 }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'delete', datasetId: rl(DS), documentId: rl(DOC), moreIds: DOC2 },
			});
			expect(result.error?.message).toBe('Only 1 of 2 documents were deleted');
		});

		it('deletes all documents only through the explicit switch', async () => {
			ragflowApi()
				.delete(DOCS, { delete_all: true })
				.reply(200, ok({ deleted: 7 }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'delete', datasetId: rl(DS), deleteAll: true },
			});
			expect(jsonOf(result)).toEqual([{ deleted: 7, dataset_id: DS }]);
		});
	});
});
