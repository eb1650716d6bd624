import { ok, ragflowApi, setupNock } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { DS, DOC, DOCS, rl, doc } from './helpers';

setupNock();

describe('RAGFlow Document', () => {
	describe('update', () => {
		it('PATCHes name, chunk method, parser config, enabled as 0/1 and metadata', async () => {
			const scope = ragflowApi()
				.patch(`${DOCS}/${DOC}`, {
					name: 'renamed.pdf',
					chunk_method: 'knowledge_graph',
					parser_config: { chunk_token_num: 256 },
					enabled: 0,
					meta_fields: { author: 'Ann', year: 2026 },
				})
				.reply(200, ok(doc(DOC, { name: 'renamed.pdf' })));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'update',
					datasetId: rl(DS),
					documentId: rl(DOC),
					chunkMethod: 'knowledge_graph',
					updateFields: {
						name: 'renamed.pdf',
						enabled: false,
						metaFields: {
							fields: [
								{ key: 'author', value: 'Ann' },
								{ key: 'year', value: '={{ 2026 }}' },
							],
						},
					},
					parserConfig: { chunkTokenNumber: 256 },
				},
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)[0].name).toBe('renamed.pdf');
			scope.done();
		});

		it('shows each parser setting only for the chunk methods that read it', async () => {
			const { RagflowDocument } = await import('../../nodes/RagflowDocument/RagflowDocument.node');
			const settings = new RagflowDocument().description.properties.find(
				(p) => p.name === 'parserConfig' && p.displayOptions?.show?.operation?.includes('update'),
			);
			const shownFor = (name: string) =>
				(
					settings?.options as Array<{
						name: string;
						displayOptions?: { show?: Record<string, unknown> };
					}>
				).find((o) => o.name === name)?.displayOptions?.show?.['/chunkMethod'];
			expect(shownFor('chunkTokenNumber')).toEqual(
				expect.arrayContaining(['naive', 'knowledge_graph', '']),
			);
			expect(shownFor('chunkTokenNumber')).not.toContain('qa');
			expect(shownFor('autoKeywords')).toBeUndefined();
		});

		it('sends parser settings when switching to audio, which RAGFlow needs', async () => {
			const scope = ragflowApi()
				.patch(`${DOCS}/${DOC}`, {
					chunk_method: 'audio',
					parser_config: { raptor: { use_raptor: false }, graphrag: { use_graphrag: false } },
				})
				.reply(200, ok(doc(DOC, { chunk_method: 'audio' })));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'update',
					datasetId: rl(DS),
					documentId: rl(DOC),
					chunkMethod: 'audio',
				},
			});
			expect(result.error).toBeUndefined();
			scope.done();
		});

		it.each([
			[
				'the dataset-only chunk method resume',
				{ chunkMethod: '={{ "resume" }}' },
				/"resume" is not a chunk method for documents/,
			],
			[
				'an unknown chunk method',
				{ chunkMethod: '={{ "graph" }}' },
				/"graph" is not a chunk method/,
			],
			['nothing to change', {}, /Nothing to update/],
			[
				'a metadata row without key',
				{ updateFields: { metaFields: { fields: [{ key: ' ', value: 'x' }] } } },
				/no key/,
			],
		])('refuses %s before any request', async (_label, params, message) => {
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'update', datasetId: rl(DS), documentId: rl(DOC), ...params },
			});
			expect(result.error?.message).toMatch(message);
		});
	});
});
