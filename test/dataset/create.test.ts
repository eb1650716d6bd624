import { ok, ragflowApi, setupNock } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { DS } from './helpers';

setupNock();

describe('RAGFlow Dataset', () => {
	describe('create', () => {
		it('sends the name, chunk method, parser settings and language (through ext)', async () => {
			const scope = ragflowApi()
				.post('/api/v1/datasets', {
					name: 'Handbook',
					chunk_method: 'naive',
					description: 'HR docs',
					embedding_model: 'bge-m3@Ollama',
					permission: 'team',
					parser_config: {
						chunk_token_num: 256,
						delimiter: '\n!?',
						layout_recognize: 'Plain Text',
						auto_keywords: 3,
						pages: [
							[1, 10],
							[12, 12],
						],
						raptor: { use_raptor: true, max_cluster: 32 },
						graphrag: { use_graphrag: true, entity_types: ['person', 'org'] },
					},
					ext: { language: 'English' },
				})
				.reply(200, ok({ id: DS, name: 'Handbook' }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: {
					operation: 'create',
					name: '  Handbook ',
					chunkMethod: 'naive',
					parserConfig: {
						chunkTokenNumber: 256,
						delimiter: '\\n!?',
						layoutRecognizer: 'Plain Text',
						autoKeywords: 3,
						pageRanges: '1-10, 12',
						useRaptor: true,
						raptorMaxClusters: 32,
						useGraphrag: true,
						graphragEntityTypes: 'person, org',
					},
					additionalFields: {
						description: 'HR docs',
						embeddingModel: 'bge-m3@Ollama',
						permission: 'team',
						language: 'English',
					},
				},
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toEqual([{ id: DS, name: 'Handbook' }]);
			expect(result.items[0].pairedItem).toEqual({ item: 0 });
			scope.done();
		});

		it('sends an avatar read from a binary property as a data URI', async () => {
			const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
			ragflowApi()
				.post('/api/v1/datasets', {
					name: 'With avatar',
					chunk_method: 'qa',
					avatar: `data:image/png;base64,${png.toString('base64')}`,
				})
				.reply(200, ok({ id: DS }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: {
					operation: 'create',
					name: 'With avatar',
					chunkMethod: 'qa',
					additionalFields: { avatarBinaryProperty: 'logo' },
				},
				input: [
					{
						json: {},
						binary: {
							logo: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'a.png' },
						},
					},
				],
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toEqual([{ id: DS }]);
		});

		it.each([
			['an empty name', { name: '   ' }, /name is empty/],
			['a name over 128 bytes', { name: 'é'.repeat(65) }, /too long/],
			[
				'an embedding model without provider',
				{ name: 'x', additionalFields: { embeddingModel: 'bge-m3' } },
				/no provider/,
			],
			[
				'a GIF avatar',
				{ name: 'x', additionalFields: { avatar: 'data:image/gif;base64,R0lG' } },
				/PNG or JPEG/,
			],
			[
				'a RAPTOR prompt without placeholder',
				{ name: 'x', parserConfig: { raptorPrompt: 'Summarise' } },
				/cluster_content/,
			],
			// RAGFlow's ranges of its strict parser_config, named after the field.
			[
				'a chunk token number above 2048',
				{ name: 'x', parserConfig: { chunkTokenNumber: 4096 } },
				/Chunk Token Number must be between 1 and 2048/,
			],
			[
				'auto questions above 10',
				{ name: 'x', parserConfig: { autoQuestions: 11 } },
				/Auto Questions must be between 0 and 10/,
			],
			[
				'a filename embedding weight above 1',
				{ name: 'x', parserConfig: { filenameEmbeddingWeight: 1.5 } },
				/Filename Embedding Weight must be between 0 and 1/,
			],
			[
				'a task page size of 0',
				{ name: 'x', parserConfig: { taskPageSize: 0 } },
				/Task Page Size must be at least 1/,
			],
			[
				'a RAPTOR threshold as text',
				{ name: 'x', parserConfig: { raptorThreshold: 'high' } },
				/RAPTOR Threshold is not a number/,
			],
			[
				'RAPTOR max clusters above 1024',
				{ name: 'x', parserConfig: { raptorMaxClusters: 2000 } },
				/RAPTOR Max Clusters must be between 1 and 1024/,
			],
		])('rejects %s before sending anything', async (_label, params, message) => {
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'create', chunkMethod: 'naive', ...params },
			});
			expect(result.error?.message).toMatch(message);
			expect(result.error?.name).toBe('NodeOperationError');
		});
	});
});
