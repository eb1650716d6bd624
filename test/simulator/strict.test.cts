/**
 * The simulator refuses what RAGFlow v0.27 refuses (issue "A simulator as strict as RAGFlow"): one
 * describe block per rule, each over real HTTP. Codes and wording follow the server's code.
 */
import { startTestSimulator, type SimClient } from './testClient.cts';
import type { RunningSimulator } from './server.cts';

let sim: RunningSimulator;
let api: SimClient;
let ds: string;

const line = (field: string, message: string, value: string) =>
	`Field: <${field}> - Message: <${message}> - Value: <${value}>`;

beforeAll(async () => {
	({ sim, api } = await startTestSimulator());
	ds = await api.dataset('Strict');
});
afterAll(() => sim.close());

describe('parser_config: the strict models of dataset create/update (101) and document update (102)', () => {
	const invalid: Array<[string, Record<string, unknown>, string]> = [
		[
			'a string integer',
			{ chunk_token_num: '512' },
			line('parser_config.chunk_token_num', 'Input should be a valid integer', '512'),
		],
		[
			'a fractional integer',
			{ auto_keywords: 1.5 },
			line('parser_config.auto_keywords', 'Input should be a valid integer', '1.5'),
		],
		[
			'a bool for an integer',
			{ topn_tags: true },
			line('parser_config.topn_tags', 'Input should be a valid integer', 'True'),
		],
		[
			'an integer above its range',
			{ auto_questions: 11 },
			line('parser_config.auto_questions', 'Input should be less than or equal to 10', '11'),
		],
		[
			'a weight above 1',
			{ filename_embd_weight: 1.5 },
			line('parser_config.filename_embd_weight', 'Input should be less than or equal to 1', '1.5'),
		],
		[
			'a string weight',
			{ filename_embd_weight: '0.5' },
			line('parser_config.filename_embd_weight', 'Input should be a valid number', '0.5'),
		],
		[
			'task_page_size 0',
			{ task_page_size: 0 },
			line('parser_config.task_page_size', 'Input should be greater than or equal to 1', '0'),
		],
		[
			'tag_kb_ids not a list',
			{ tag_kb_ids: 'abc' },
			line('parser_config.tag_kb_ids', 'Input should be a valid list', 'abc'),
		],
		[
			'tag_kb_ids of numbers',
			{ tag_kb_ids: [1] },
			line('parser_config.tag_kb_ids.0', 'Input should be a valid string', '1'),
		],
		[
			'pages of strings',
			{ pages: [[1, '5']] },
			line('parser_config.pages.0.1', 'Input should be a valid integer', '5'),
		],
		[
			'pages not nested',
			{ pages: [3] },
			line('parser_config.pages.0', 'Input should be a valid list', '3'),
		],
		[
			'an empty delimiter',
			{ delimiter: '' },
			line('parser_config.delimiter', 'String should have at least 1 character', ''),
		],
		[
			'a boolean layout_recognize',
			{ layout_recognize: true },
			line('parser_config.layout_recognize', 'Input should be a valid string', 'True'),
		],
		[
			'an unknown key',
			{ chunk_size: 1 },
			line('parser_config.chunk_size', 'Extra inputs are not permitted', '1'),
		],
		[
			'raptor not an object',
			{ raptor: true },
			line(
				'parser_config.raptor',
				'Input should be a valid dictionary or instance of RaptorConfig',
				'True',
			),
		],
		[
			'raptor.max_cluster out of range',
			{ raptor: { max_cluster: 2000 } },
			line(
				'parser_config.raptor.max_cluster',
				'Input should be less than or equal to 1024',
				'2000',
			),
		],
		[
			'raptor.clustering_threshold a string',
			{ raptor: { clustering_threshold: 'x' } },
			line('parser_config.raptor.clustering_threshold', 'Input should be a valid number', 'x'),
		],
		[
			'raptor.random_seed negative',
			{ raptor: { random_seed: -1 } },
			line('parser_config.raptor.random_seed', 'Input should be greater than or equal to 0', '-1'),
		],
		[
			'a blank raptor.prompt',
			{ raptor: { prompt: '   ' } },
			line('parser_config.raptor.prompt', 'String should have at least 1 character', ''),
		],
		[
			'an unknown raptor key',
			{ raptor: { depth: 2 } },
			line('parser_config.raptor.depth', 'Extra inputs are not permitted', '2'),
		],
		[
			'graphrag.method unknown',
			{ graphrag: { method: 'deep' } },
			line('parser_config.graphrag.method', "Input should be 'light', 'general' or 'ner'", 'deep'),
		],
		[
			'graphrag.use_graphrag a string',
			{ graphrag: { use_graphrag: 'true' } },
			line('parser_config.graphrag.use_graphrag', 'Input should be a valid boolean', 'true'),
		],
		[
			'an unknown graphrag key',
			{ graphrag: { retry_attempts: 2 } },
			line('parser_config.graphrag.retry_attempts', 'Extra inputs are not permitted', '2'),
		],
		[
			'an empty parent_child delimiter',
			{ parent_child: { children_delimiter: '' } },
			line(
				'parser_config.parent_child.children_delimiter',
				'String should have at least 1 character',
				'',
			),
		],
		[
			'an unknown parent_child key',
			{ parent_child: { size: 1 } },
			line('parser_config.parent_child.size', 'Extra inputs are not permitted', '1'),
		],
		[
			'table_column_mode unknown',
			{ table_column_mode: 'all' },
			line('parser_config.table_column_mode', "Input should be 'auto' or 'manual'", 'all'),
		],
		[
			'ext not an object',
			{ ext: [] },
			line('parser_config.ext', 'Input should be a valid dictionary', '[]'),
		],
	];

	it.each(invalid)('create refuses %s with 101', async (_what, config, message) => {
		const res = await api.post('/datasets', {
			name: `bad ${Math.random()}`,
			parser_config: config,
		});
		expect(res.json).toEqual({ code: 101, message });
	});

	it.each(invalid)(
		'update refuses %s with 101 and keeps the stored config',
		async (_what, config, message) => {
			const before = (await api.get(`/datasets/${ds}`)).json.data.parser_config;
			expect((await api.put(`/datasets/${ds}`, { parser_config: config })).json).toEqual({
				code: 101,
				message,
			});
			expect((await api.get(`/datasets/${ds}`)).json.data.parser_config).toEqual(before);
		},
	);

	it.each(invalid)('document update refuses %s with 102', async (_what, config, message) => {
		const doc = sim.state.addDocument(ds, { name: `d${Math.random()}.txt`, content: 'x' }).id;
		expect(
			(await api.patch(`/datasets/${ds}/documents/${doc}`, { parser_config: config })).json,
		).toEqual({ code: 102, message });
	});

	it('reports every error of one config, fields in model order then unknown keys, one per line', async () => {
		const res = await api.post('/datasets', {
			name: 'many',
			parser_config: { zz: 1, chunk_token_num: 0, auto_keywords: 'a' },
		});
		expect(res.json.message.split('\n')).toEqual([
			line('parser_config.auto_keywords', 'Input should be a valid integer', 'a'),
			line('parser_config.chunk_token_num', 'Input should be greater than or equal to 1', '0'),
			line('parser_config.zz', 'Extra inputs are not permitted', '1'),
		]);
	});

	it('accepts every field at its limits, drops legacy RAPTOR keys and raises max_token to 512', async () => {
		const config = {
			auto_keywords: 32,
			auto_questions: 10,
			chunk_token_num: 2048,
			delimiter: '\n',
			html4excel: true,
			layout_recognize: 'Plain Text',
			tag_kb_ids: [],
			topn_tags: 10,
			filename_embd_weight: null,
			task_page_size: 1,
			pages: [[1, 3]],
			raptor: {
				use_raptor: true,
				prompt: 'Sum {cluster_content}',
				max_token: 100,
				clustering_threshold: 0,
				clustering_ratio: 1,
				max_cluster: 1024,
				random_seed: 0,
				scope: 'dataset',
				threshold: 0.1,
			},
			graphrag: {
				use_graphrag: true,
				entity_types: ['person'],
				method: 'ner',
				community: true,
				resolution: false,
			},
			parent_child: { use_parent_child: true, children_delimiter: '\n' },
			table_column_mode: 'manual',
			table_column_roles: { a: 'indexing', b: 'vectorize' },
			compilation_template_group_id: 'g1',
			ext: { anything: 1 },
		};
		const res = await api.post('/datasets', { name: 'limits', parser_config: config });
		expect(res.json.code).toBe(0);
		expect(res.json.data.parser_config.raptor).toMatchObject({
			max_token: 512,
			max_cluster: 1024,
			scope: 'dataset',
		});
		expect(res.json.data.parser_config.raptor).not.toHaveProperty('threshold');
	});
});

describe('embedding_model: format rule and the known-model list', () => {
	it('refuses "" and malformed identifiers with 101 in lower case, without a "Value error" prefix', async () => {
		const cases: Array<[string, string]> = [
			[
				'',
				line(
					'embedding_model',
					'embedding model identifier must follow <model_name>@<provider> format',
					'',
				),
			],
			[
				'bge',
				line(
					'embedding_model',
					'embedding model identifier must follow <model_name>@<provider> format',
					'bge',
				),
			],
			[
				'@BAAI',
				line('embedding_model', 'both model_name and provider must be non-empty strings', '@BAAI'),
			],
			[
				'bge@ ',
				line('embedding_model', 'both model_name and provider must be non-empty strings', 'bge@'),
			],
		];
		for (const [model, message] of cases) {
			expect((await api.post('/datasets', { name: 'emb', embedding_model: model })).json).toEqual({
				code: 101,
				message,
			});
			expect((await api.put(`/datasets/${ds}`, { embedding_model: model })).json).toEqual({
				code: 101,
				message,
			});
		}
	});

	it('answers a model or provider the tenant does not have with 102', async () => {
		expect(
			(await api.post('/datasets', { name: 'emb', embedding_model: 'unknown@ZHIPU-AI' })).json,
		).toEqual({ code: 102, message: 'Model unknown@ZHIPU-AI not found for model embedding' });
		expect((await api.put(`/datasets/${ds}`, { embedding_model: 'm@Nowhere' })).json).toEqual({
			code: 102,
			message: 'Provider Nowhere not found for model m.',
		});
	});

	it('accepts a known model (stripped) and a configured one', async () => {
		const res = await api.post('/datasets', {
			name: 'emb-ok',
			embedding_model: ' text-embedding-3-small@OpenAI ',
		});
		expect(res.json.data.embedding_model).toBe('text-embedding-3-small@OpenAI');
		sim.state.models.embedding.push('my-embed@Local');
		expect(
			(await api.post('/datasets', { name: 'emb-local', embedding_model: 'my-embed@Local' })).json
				.code,
		).toBe(0);
	});
});

describe('retrieval: parameter types and the metadata condition as the handler reads them', () => {
	let rds: string;
	beforeAll(async () => {
		rds = await api.dataset('Retrieval');
		sim.state.addDocument(rds, {
			name: 'a.txt',
			content: 'RAGFlow retrieval test text',
			run: 'DONE',
			meta_fields: { tag: 'x' },
		});
	});
	const retrieve = (extra: Record<string, unknown>) =>
		api.post('/retrieval', { dataset_ids: [rds], question: 'retrieval', ...extra });

	it('fails a metadata condition without value, operator or name (KeyError, code 100)', async () => {
		for (const [cond, key] of [
			[{ name: 'tag', comparison_operator: 'empty' }, 'value'],
			[{ name: 'tag', comparison_operator: 'not empty' }, 'value'],
			[{ name: 'tag', value: '' }, 'comparison_operator'],
			[{ comparison_operator: 'is', value: 'x' }, 'name'],
		] as const) {
			expect((await retrieve({ metadata_condition: { conditions: [cond] } })).json).toEqual({
				code: 100,
				message: `KeyError('${key}')`,
			});
		}
		const ok = await retrieve({
			metadata_condition: {
				conditions: [{ name: 'tag', comparison_operator: 'not empty', value: '' }],
			},
		});
		expect(ok.json.code).toBe(0);
		expect(ok.json.data.chunks.length).toBeGreaterThan(0);
	});

	it('fails a metadata_condition that is not an object (AttributeError, code 100)', async () => {
		expect((await retrieve({ metadata_condition: 'x' })).json).toEqual({
			code: 100,
			message: `AttributeError("'str' object has no attribute 'get'")`,
		});
		expect((await retrieve({ metadata_condition: [1] })).json).toEqual({
			code: 100,
			message: `AttributeError("'list' object has no attribute 'get'")`,
		});
	});

	it('answers no match of the conditions with an empty result whose doc_aggs is {}', async () => {
		const res = await retrieve({
			metadata_condition: {
				conditions: [{ name: 'tag', comparison_operator: 'is', value: 'nope' }],
			},
		});
		expect(res.json).toEqual({ code: 0, data: { total: 0, chunks: [], doc_aggs: {} } });
	});

	it('converts similarity_threshold, vector_similarity_weight and top_k with float()/int()', async () => {
		expect((await retrieve({ vector_similarity_weight: 'a' })).json).toEqual({
			code: 100,
			message: `ValueError("could not convert string to float: 'a'")`,
		});
		expect((await retrieve({ similarity_threshold: 'a' })).json).toEqual({
			code: 100,
			message: `ValueError("could not convert string to float: 'a'")`,
		});
		expect((await retrieve({ similarity_threshold: null })).json).toEqual({
			code: 100,
			message: `TypeError("float() argument must be a string or a real number, not 'NoneType'")`,
		});
		expect((await retrieve({ top_k: 'a' })).json).toEqual({
			code: 100,
			message: `ValueError("invalid literal for int() with base 10: 'a'")`,
		});
		expect((await retrieve({ top_k: 0 })).json).toEqual({
			code: 102,
			message: '`top_k` must be greater than 0',
		});
		expect(
			(
				await retrieve({
					similarity_threshold: '0.1',
					vector_similarity_weight: ' 0.5 ',
					top_k: '10',
				})
			).json.code,
		).toBe(0);
	});

	it('refuses document_ids that are not a list, and an unknown rerank model', async () => {
		expect((await retrieve({ document_ids: 'bad' })).json).toEqual({
			code: 102,
			message: '`documents` should be a list',
		});
		expect((await retrieve({ rerank_id: 'unknown@Nowhere' })).json).toEqual({
			code: 100,
			message: "LookupError('Model unknown@Nowhere not found for model rerank')",
		});
		expect((await retrieve({ rerank_id: 'BAAI/bge-reranker-v2-m3@BAAI' })).json.code).toBe(0);
	});

	it('compares highlight strings case-insensitively', async () => {
		expect((await retrieve({ highlight: 'True' })).json.data.chunks[0].highlight).toBeDefined();
		expect((await retrieve({ highlight: 'FALSE' })).json.data.chunks[0].highlight).toBeUndefined();
		expect((await retrieve({ highlight: 'yes' })).json).toEqual({
			code: 102,
			message: '`highlight` should be a boolean',
		});
	});

	it('reads page and page_size as pagination_utils.py does', async () => {
		expect((await retrieve({ page: 'x', page_size: 0 })).json.code).toBe(0);
		expect((await retrieve({ page_size: '101' })).json).toEqual({
			code: 100,
			message: "ValueError('page_size must be less than or equal to 100')",
		});
	});
});

describe('dataset update: chunk_method null and the new method defaults', () => {
	const literal =
		"Input should be 'naive', 'book', 'email', 'laws', 'manual', 'one', 'paper', 'picture', 'presentation', 'qa', 'table', 'tag' or 'resume'";

	it('refuses chunk_method null with 101 (create without a pipeline too)', async () => {
		expect((await api.put(`/datasets/${ds}`, { chunk_method: null })).json).toEqual({
			code: 101,
			message: line('chunk_method', literal, 'None'),
		});
		expect((await api.post('/datasets', { name: 'null method', chunk_method: null })).json).toEqual(
			{ code: 101, message: line('chunk_method', literal, 'None') },
		);
	});

	it.each([
		['absent', undefined],
		['{}', {}],
		['null', null],
	])('installs the method defaults when parser_config is %s', async (_what, parserConfig) => {
		const id = await api.dataset(`method ${_what}`);
		const body: Record<string, unknown> = { chunk_method: 'qa' };
		if (parserConfig !== undefined) body.parser_config = parserConfig;
		expect((await api.put(`/datasets/${id}`, body)).json.code).toBe(0);
		const { llm_id: _llm, ...config } = (await api.get(`/datasets/${id}`)).json.data.parser_config;
		expect(config).toEqual({
			raptor: { use_raptor: false },
			graphrag: { use_graphrag: false },
			image_context_size: 0,
			table_context_size: 0,
		});
	});
});

describe('list queries', () => {
	it('reads desc and include_parsing_status of GET /datasets as Pydantic lax booleans', async () => {
		const names = async (desc: string) =>
			(await api.get('/datasets', { query: { desc, page_size: 100 } })).json.data.map(
				(d: { name: string }) => d.name,
			);
		const descending = await names('true');
		for (const value of ['0', 'no', 'n', 'f', 'off', 'False'])
			expect(await names(value)).toEqual([...descending].reverse());
		for (const value of ['', 'unknown']) {
			expect((await api.get('/datasets', { query: { desc: value } })).json).toEqual({
				code: 101,
				message: line('desc', 'Input should be a valid boolean, unable to interpret input', value),
			});
		}
		expect(
			(await api.get('/datasets', { query: { include_parsing_status: 'maybe' } })).json.code,
		).toBe(101);
	});

	it('combines the id and name filters of the document list', async () => {
		const lds = await api.dataset('Doc list');
		const a = sim.state.addDocument(lds, { name: 'a.txt', content: 'a' }).id;
		sim.state.addDocument(lds, { name: 'b.txt', content: 'b' });
		const list = (query: Record<string, string>) =>
			api.get(`/datasets/${lds}/documents`, { query });
		expect((await list({ id: a, name: 'b.txt' })).json.data).toMatchObject({ docs: [] });
		expect(
			(await list({ id: a, name: 'a.txt' })).json.data.docs.map((d: { id: string }) => d.id),
		).toEqual([a]);
		expect((await list({ id: a, name: 'unknown' })).json).toEqual({
			code: 102,
			message: "you don't own the document unknown",
		});
	});

	it('falls back to page 1 and page_size 30 where int() fails or the value is below 1; > 100 is code 100', async () => {
		const lds = await api.dataset('Paging');
		const list = (query: Record<string, string>) =>
			api.get(`/datasets/${lds}/documents`, { query });
		for (const query of [
			{ page: 'x' },
			{ page: '0' },
			{ page_size: 'x' },
			{ page_size: '-1' },
			{ page: ' 1 ' },
		] as Array<Record<string, string>>)
			expect((await list(query)).json.code).toBe(0);
		expect((await list({ page_size: '101' })).json).toEqual({
			code: 100,
			message: "ValueError('page_size must be less than or equal to 100')",
		});
	});
});

describe('bodies that are not a JSON object', () => {
	it('refuses them on the Pydantic routes with 101', async () => {
		expect((await api.post('/datasets', [1])).json).toEqual({
			code: 101,
			message: 'Invalid request payload: expected object, got list',
		});
		expect((await api.put(`/datasets/${ds}`, '"x"')).json).toEqual({
			code: 101,
			message: 'Invalid request payload: expected object, got str',
		});
		const empty = await api.call('DELETE', '/datasets', {
			headers: { 'Content-Type': 'application/json' },
		});
		expect(empty.json).toEqual({
			code: 101,
			message: 'Malformed JSON syntax: Missing commas/brackets or invalid encoding',
		});
		const doc = sim.state.addDocument(ds, { name: 'keep.txt', content: 'k' }).id;
		expect((await api.del(`/datasets/${ds}/documents`, [doc])).json).toEqual({
			code: 101,
			message: 'Invalid request payload: expected object, got list',
		});
		expect(sim.state.getDocument(doc)).toBeDefined();
	});

	it('fails the other routes where they read the body (AttributeError, code 100)', async () => {
		expect((await api.post('/retrieval', [1])).json).toEqual({
			code: 100,
			message: `AttributeError("'list' object has no attribute 'get'")`,
		});
		expect((await api.del('/chats', '"not json"')).json).toEqual({
			code: 100,
			message: `AttributeError("'str' object has no attribute 'get'")`,
		});
	});
});

describe('deletes with duplicate ids', () => {
	it('answers chats and sessions with a partial success that lists the duplicates', async () => {
		const chat = (await api.post('/chats', { name: `dup ${Math.random()}`, dataset_ids: [] })).json
			.data.id as string;
		const other = (await api.post('/chats', { name: `dup ${Math.random()}`, dataset_ids: [] })).json
			.data.id as string;
		const sessions = `/chats/${chat}/sessions`;
		const s1 = (await api.post(sessions, { name: 's1' })).json.data.id as string;
		expect((await api.del(sessions, { ids: [s1, s1] })).json).toEqual({
			code: 0,
			message: 'Partially deleted 1 sessions with 1 errors',
			data: { success_count: 1, errors: [`Duplicate session ids: ${s1}`] },
		});
		expect((await api.del('/chats', { ids: [other, other] })).json).toEqual({
			code: 0,
			message: 'Partially deleted 1 chats with 1 errors',
			data: { success_count: 1, errors: [`Duplicate chat ids: ${other}`] },
		});
	});

	it('refuses duplicate dataset and document ids with 101 (Pydantic DeleteReq)', async () => {
		const id = await api.dataset('dup ds');
		expect((await api.del('/datasets', { ids: [id, id] })).json).toEqual({
			code: 101,
			message: line('ids', `Value error, Duplicate ids: '${id}'`, `['${id}', '${id}']`),
		});
	});
});

describe('chunks: content null on update, the same content added twice', () => {
	it('keeps the stored content for content: null, and counts a repeated add', async () => {
		const cds = await api.dataset('Chunk quirks');
		const doc = sim.state.addDocument(cds, { name: 'c.txt', content: 'x', run: 'DONE' });
		const base = `/datasets/${cds}/documents/${doc.id}/chunks`;
		const before = doc.chunk_count;
		const added = (await api.post(base, { content: 'Same content.' })).json.data.chunk;
		expect((await api.post(base, { content: 'Same content.' })).json.data.chunk.id).toBe(added.id);
		expect(doc.chunk_count).toBe(before + 2);
		expect(
			(await api.patch(`${base}/${added.id}`, { content: null, important_keywords: ['k'] })).json,
		).toEqual({ code: 0 });
		expect((await api.get(`${base}/${added.id}`)).json.data).toMatchObject({
			content_with_weight: 'Same content.',
			important_kwd: ['k'],
		});
	});
});

describe('empty path segments', () => {
	it('are merged as werkzeug does: HTTP 200 with a RAGFlow envelope, not a 404', async () => {
		const docs = await api.get('/datasets//documents');
		expect(docs.status).toBe(200);
		expect(docs.json.code).toBe(101);
		const sessions = await api.get('/chats//sessions');
		expect(sessions.status).toBe(200);
		expect(sessions.json).toEqual((await api.get('/chats/sessions')).json);
		const wrongMethod = await api.post('/datasets//documents', {});
		expect(wrongMethod.status).toBe(200);
		expect(wrongMethod.json).toEqual({
			code: 100,
			message: "<MethodNotAllowed '405: Method Not Allowed'>",
		});
	});
});

describe('OpenAI-compatible endpoint: extra_body checks and the order of checks', () => {
	const user = [{ role: 'user', content: 'solar' }];
	const post = async (chatId: string, body: Record<string, unknown>) =>
		(await api.post(`/openai/${chatId}/chat/completions`, body)).json;
	let chat: string;
	beforeAll(() => {
		chat = sim.state.createChat({ name: 'OpenAI strict', dataset_ids: [ds] }).id;
	});

	it.each([
		['extra_body a string', { extra_body: 'x' }, 'extra_body must be an object.'],
		['extra_body a list', { extra_body: [1] }, 'extra_body must be an object.'],
		[
			'reference_metadata a string',
			{ extra_body: { reference_metadata: 'all' } },
			'reference_metadata must be an object.',
		],
		[
			'reference_metadata.fields a string',
			{ extra_body: { reference_metadata: { include: true, fields: 'author' } } },
			'reference_metadata.fields must be an array.',
		],
		[
			'metadata_condition a string',
			{ extra_body: { metadata_condition: 'x' } },
			'metadata_condition must be an object.',
		],
		[
			'metadata_condition a list',
			{ extra_body: { metadata_condition: [1] } },
			'metadata_condition must be an object.',
		],
	])('refuses %s (102)', async (_name, body, message) => {
		expect(await post(chat, { model: 'model', messages: user, ...body })).toEqual({
			code: 102,
			message,
		});
	});

	it('reads falsy values as "not given", and accepts objects and a fields list', async () => {
		for (const extra_body of [
			null,
			'',
			0,
			[],
			{ reference_metadata: '', metadata_condition: [] },
		]) {
			expect(await post(chat, { model: 'model', messages: user, extra_body })).toHaveProperty(
				'object',
				'chat.completion',
			);
		}
		const ok = await post(chat, {
			model: 'model',
			messages: user,
			extra_body: {
				reference: true,
				reference_metadata: { include: true, fields: ['author'] },
				metadata_condition: { logic: 'and', conditions: [] },
			},
		});
		expect(ok).toHaveProperty('object', 'chat.completion');
	});

	it('checks the payload before it looks the chat up, and metadata_condition after it', async () => {
		expect(await post('nope', { messages: user })).toEqual({
			code: 101,
			message: 'required argument are missing: model; ',
		});
		expect(await post('nope', { model: 'model', messages: user, extra_body: 'x' })).toEqual({
			code: 102,
			message: 'extra_body must be an object.',
		});
		expect(await post('nope', { model: 'model', messages: [] })).toEqual({
			code: 102,
			message: 'You have to provide messages.',
		});
		expect(
			await post('nope', { model: 'model', messages: [{ role: 'assistant', content: 'x' }] }),
		).toEqual({ code: 102, message: 'The last content of this conversation is not from user.' });
		expect(
			await post('nope', {
				model: 'model',
				messages: user,
				extra_body: { metadata_condition: 'x' },
			}),
		).toEqual({ code: 102, message: "You don't own the chat nope" });
		expect(
			await post(chat, { model: 'gpt', messages: user, extra_body: { metadata_condition: 'x' } }),
		).toEqual({ code: 101, message: "`llm_id` gpt doesn't exist" });
	});
});
