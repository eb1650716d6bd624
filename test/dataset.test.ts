import nock from 'nock';

import { TEST_CREDENTIAL, TestCredentialsHelper } from './harness/credentialsHelper';
import { fail, id, ok, ragflowApi, setupNock } from './harness/ragflowMock';
import { jsonOf, runNode } from './harness/runWorkflow';

setupNock();

const DS = id('d1');
const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const dataset = (n: number) => ({ id: id(n), name: `ds-${n}`, chunk_method: 'naive' });

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

	/** A dataset as RAGFlow returns it, and what Simplify keeps of it. */
	const simple = {
		id: DS,
		name: 'Handbook',
		description: 'HR docs',
		language: 'English',
		chunk_method: 'naive',
		embedding_model: 'bge-m3@Ollama',
		permission: 'me',
		document_count: 2,
		chunk_count: 40,
		token_num: 900,
		create_time: 1,
		update_time: 2,
	};
	const full = {
		...simple,
		avatar: 'data:image/png;base64,iVBOR',
		tenant_id: 'tenant',
		created_by: 'tenant',
		parser_config: { chunk_token_num: 512, raptor: { use_raptor: false } },
		pagerank: 0,
		graphrag_task_id: null,
		create_date: 'Mon, 01 Jan 2026 00:00:00 GMT',
	};

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

	describe('errors', () => {
		it('raises a RAGFlow error envelope sent with HTTP 200, with its message and code', async () => {
			ragflowApi()
				.get(`/api/v1/datasets/${DS}`)
				.reply(200, fail(102, `User 'u' lacks permission for dataset '${DS}'`));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl(DS) },
			});
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.message).toBe(
				`RAGFlow error 102: User 'u' lacks permission for dataset '${DS}'`,
			);
			expect(result.error?.httpCode).toBe('102');
		});

		it('explains HTTP 401 as an invalid API key, without leaking the key', async () => {
			ragflowApi()
				.get(`/api/v1/datasets/${DS}`)
				.reply(401, { code: 401, message: "<Unauthorized '401: Unauthorized'>", data: null });
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl(DS) },
			});
			expect(result.error?.message).toMatch(/invalid API key/);
			expect(result.error?.description).toMatch(/API KEY/);
			expect(JSON.stringify(result.run)).not.toContain(TEST_CREDENTIAL);
			expect(JSON.stringify(result.error)).not.toContain('TESTKEY');
		});

		it('explains an unknown route as a server-version problem', async () => {
			ragflowApi()
				.put(`/api/v1/datasets/${DS}`)
				.reply(404, { code: 404, message: 'Not Found: /api/v1/x', data: null, error: 'Not Found' });
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'update', datasetId: rl(DS), updateFields: { name: 'x' } },
			});
			expect(result.error?.message).toBe(
				`This RAGFlow server does not offer PUT /api/v1/datasets/${DS} (server version?)`,
			);
		});

		it('says which address could not be reached', async () => {
			// A real refused connection (nothing listens on the discard port), not a nock stand-in.
			nock.enableNetConnect('127.0.0.1:9');
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl(DS) },
				credentials: { baseUrl: 'http://127.0.0.1:9/api/v1/' },
			}).finally(() => nock.disableNetConnect());
			expect(result.error?.message).toBe(
				'Could not reach RAGFlow at http://127.0.0.1:9 (connection refused)',
			);
			expect(result.error?.description).toMatch(/Check the Base URL.*Error code: ECONNREFUSED/);
			expect(JSON.stringify(result.run)).not.toContain(TEST_CREDENTIAL);
		});

		it('reads the connection settings once per run, not once per item', async () => {
			const reads = jest.spyOn(TestCredentialsHelper.prototype, 'getDecrypted');
			const [a, b, c] = [id('a1'), id('b2'), id('c3')];
			for (const ds of [a, b, c])
				ragflowApi()
					.get(`/api/v1/datasets/${ds}`)
					.reply(200, ok({ id: ds }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl('={{ $json.ds }}') },
				input: [{ json: { ds: a } }, { json: { ds: b } }, { json: { ds: c } }],
			});
			expect(result.items).toHaveLength(3);
			// One read for the whole run: the transport signs each request itself.
			expect(reads).toHaveBeenCalledTimes(1);
			reads.mockRestore();
		});

		it('normalises a base URL pasted with /api/v1 and a trailing slash', async () => {
			ragflowApi()
				.get(`/api/v1/datasets/${DS}`)
				.reply(200, ok({ id: DS }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl(DS) },
				credentials: { baseUrl: 'http://ragflow.test:9380/api/v1/' },
			});
			expect(jsonOf(result)).toEqual([{ id: DS }]);
		});

		it('continues on fail: an error item for the failing item, the others processed, pairedItem right', async () => {
			const [a, b, c] = [id('a1'), id('b2'), id('c3')];
			ragflowApi()
				.get(`/api/v1/datasets/${a}`)
				.reply(200, ok({ id: a }))
				.get(`/api/v1/datasets/${b}`)
				.reply(200, fail(102, 'Dataset not found'))
				.get(`/api/v1/datasets/${c}`)
				.reply(200, ok({ id: c }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl('={{ $json.ds }}') },
				input: [
					{ json: { ds: a } },
					{ json: { ds: b } },
					{ json: { ds: 'bad' } },
					{ json: { ds: c } },
				],
				continueOnFail: true,
			});
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => [i.json.id ?? i.json.error, i.pairedItem])).toEqual([
				[a, { item: 0 }],
				['RAGFlow error 102: Dataset not found', { item: 1 }],
				['"bad" is not a valid dataset ID', { item: 2 }],
				[c, { item: 3 }],
			]);
		});
	});
});
