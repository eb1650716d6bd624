import { ok, ragflowApi, setupNock } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { DS, rl } from './helpers';

setupNock();

describe('RAGFlow Dataset', () => {
	describe('update', () => {
		it('sends only the fields the user set', async () => {
			const scope = ragflowApi()
				.put(`/api/v1/datasets/${DS}`, {
					name: 'Renamed',
					language: 'Chinese',
					pagerank: 20,
					parser_config: { auto_questions: 2 },
				})
				.reply(200, ok({ id: DS, name: 'Renamed' }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: {
					operation: 'update',
					datasetId: rl(DS),
					updateFields: { name: 'Renamed', language: 'Chinese', pagerank: 20 },
					parserConfig: { autoQuestions: 2 },
				},
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toEqual([{ id: DS, name: 'Renamed' }]);
			scope.done();
		});

		it('refuses an update with nothing to change', async () => {
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'update', datasetId: rl(DS) },
			});
			expect(result.error?.message).toBe('Nothing to update');
		});
	});
});
