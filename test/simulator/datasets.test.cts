import { startTestSimulator, type SimClient } from './testClient.cts';
import type { RunningSimulator } from './server.cts';
import { PARSE_STEP_COUNT } from './state.cts';

let sim: RunningSimulator;
let api: SimClient;

beforeAll(async () => {
	({ sim, api } = await startTestSimulator());
});
afterAll(() => sim.close());

describe('auth and routing', () => {
	it('answers a missing or wrong key with HTTP 401', async () => {
		for (const key of [null, 'wrong']) {
			const res = await api.get('/datasets', { key });
			expect(res.status).toBe(401);
			expect(res.json).toEqual({
				code: 401,
				message: "<Unauthorized '401: Unauthorized'>",
				data: null,
			});
		}
	});

	it('accepts the raw key without the Bearer prefix, and a lower-case prefix', async () => {
		const raw = await api.raw('GET', '/datasets', {
			key: null,
			headers: { Authorization: sim.apiKey },
		});
		expect(((await raw.json()) as { code: number }).code).toBe(0);
		const lower = await api.raw('GET', '/datasets', {
			key: null,
			headers: { Authorization: `bearer ${sim.apiKey}` },
		});
		expect(((await lower.json()) as { code: number }).code).toBe(0);
	});

	it('answers unknown routes with the 404 envelope and wrong methods with code 100', async () => {
		const res = await api.get('/nope');
		expect(res.status).toBe(404);
		expect(res.json).toEqual({
			code: 404,
			message: 'Not Found: /api/v1/nope',
			data: null,
			error: 'Not Found',
		});
		const wrong = await api.call('PATCH', '/datasets');
		expect(wrong.status).toBe(200);
		expect(wrong.json).toEqual({
			code: 100,
			message: "<MethodNotAllowed '405: Method Not Allowed'>",
		});
	});

	it('treats a trailing slash as the same route', async () => {
		expect((await api.get('/datasets/')).json.code).toBe(0);
	});
});

describe('datasets', () => {
	it('creates a dataset with defaults and the naive parser_config', async () => {
		const res = await api.post('/datasets', { name: ' Alpha ' });
		expect(res.json.code).toBe(0);
		expect(res.json).not.toHaveProperty('message');
		const ds = res.json.data;
		expect(ds).toMatchObject({
			name: 'Alpha',
			chunk_method: 'naive',
			permission: 'me',
			document_count: 0,
			chunk_count: 0,
			token_num: 0,
			status: '1',
		});
		expect(ds.id).toMatch(/^[0-9a-f]{32}$/);
		expect(ds.parser_config.raptor.use_raptor).toBe(true);
		expect(ds.parser_config.topn_tags).toBe(3);
		expect(typeof ds.create_time).toBe('number');
		expect(ds.create_date).toMatch(/GMT$/);
	});

	it('fills Pydantic defaults when a parser_config is sent', async () => {
		const res = await api.post('/datasets', {
			name: 'pc',
			parser_config: { chunk_token_num: 128 },
		});
		expect(res.json.data.parser_config).toMatchObject({
			chunk_token_num: 128,
			topn_tags: 1,
			raptor: { use_raptor: false },
			graphrag: { use_graphrag: false },
		});
	});

	it('renames duplicate names name(1), name(2) (case-insensitive)', async () => {
		await api.post('/datasets', { name: 'Dup' });
		const second = await api.post('/datasets', { name: 'dup' });
		const third = await api.post('/datasets', { name: 'Dup' });
		expect(second.json.data.name).toBe('dup(1)');
		expect(third.json.data.name).toBe('Dup(2)');
	});

	it('refuses unknown keys, bad types and non-JSON bodies with 101', async () => {
		const extra = await api.post('/datasets', { name: 'x', language: 'English' });
		expect(extra.json).toEqual({
			code: 101,
			message: 'Field: <language> - Message: <Extra inputs are not permitted> - Value: <English>',
		});
		expect((await api.post('/datasets', { name: '' })).json.code).toBe(101);
		expect(
			(await api.post('/datasets', { name: 'x', chunk_method: 'knowledge_graph' })).json.code,
		).toBe(101);
		expect(
			(await api.post('/datasets', { name: 'x', parser_config: { chunk_token_num: 512.5 } })).json
				.code,
		).toBe(101);
		expect(
			(await api.post('/datasets', { name: 'x', parser_config: { bogus: 1 } })).json.code,
		).toBe(101);
		expect(
			(await api.post('/datasets', { name: 'x', avatar: 'data:image/gif;base64,AAAA' })).json.code,
		).toBe(101);
		const form = await api.post('/datasets', 'name=x', {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(form.json).toEqual({
			code: 101,
			message:
				'Unsupported content type: Expected application/json, got application/x-www-form-urlencoded',
		});
	});

	it('lists with total_datasets, filters, ordering and paging', async () => {
		const id = await api.dataset('ListMe');
		const all = await api.get('/datasets', { query: { page_size: 100 } });
		expect(all.json.total_datasets).toBe(all.json.data.length);
		expect(all.json.data[0].id).toBe(id); // newest first by default
		expect(all.json.data[0]).toMatchObject({
			nickname: 'simulator',
			embedding_model_name: expect.any(String),
		});
		const byName = await api.get('/datasets', { query: { name: 'ListMe' } });
		expect(byName.json.data.map((d: { id: string }) => d.id)).toEqual([id]);
		const byId = await api.get('/datasets', { query: { id } });
		expect(byId.json.data).toHaveLength(1);
		const byIds = await api.get('/datasets', { query: { ids: [id] } });
		expect(byIds.json.total_datasets).toBe(1);
		const kw = await api.get('/datasets', {
			query: { ext: JSON.stringify({ keywords: 'listm' }) },
		});
		expect(kw.json.data.map((d: { id: string }) => d.id)).toEqual([id]);
		const asc = await api.get('/datasets', { query: { desc: 'false', page_size: 1 } });
		expect(asc.json.data[0].name).toBe('Alpha');
		expect(asc.json.total_datasets).toBeGreaterThan(1);
	});

	it('rejects page_size > 100, unknown query keys, bad orderby and unknown names', async () => {
		const big = await api.get('/datasets', { query: { page_size: 101 } });
		expect(big.json.code).toBe(101);
		expect(big.json.message).toContain('page_size must be less than or equal to 100');
		expect((await api.get('/datasets', { query: { foo: 1 } })).json.code).toBe(101);
		expect((await api.get('/datasets', { query: { orderby: 'name' } })).json.code).toBe(101);
		expect((await api.get('/datasets', { query: { page: 0 } })).json.code).toBe(101);
		const unknown = await api.get('/datasets', { query: { name: 'does-not-exist' } });
		expect(unknown.json.code).toBe(102);
		expect(unknown.json.message).toContain('lacks permission for dataset');
		const both = await api.get('/datasets', { query: { id: 'a'.repeat(32), ids: 'b'.repeat(32) } });
		expect(both.json.code).toBe(102);
	});

	it('adds parsing_status counts with include_parsing_status', async () => {
		const id = await api.dataset('Counts');
		const ds = sim.state.getDataset(id)!;
		sim.state.addDocument(id, { name: 'a.txt', content: 'hello world', run: 'DONE' });
		sim.state.addDocument(id, { name: 'b.txt', content: 'x', run: 'FAIL' });
		sim.state.addDocument(id, { name: 'c.txt', content: 'x' });
		const res = await api.get('/datasets', {
			query: { id: ds.id, include_parsing_status: 'true' },
		});
		expect(res.json.data[0].parsing_status).toEqual({
			unstart_count: 1,
			running_count: 0,
			cancel_count: 0,
			done_count: 1,
			fail_count: 1,
		});
		expect(res.json.data[0]).toMatchObject({ document_count: 3, chunk_count: 1 });
		const plain = await api.get('/datasets', { query: { id: ds.id } });
		expect(plain.json.data[0]).not.toHaveProperty('parsing_status');
	});

	it('gets one dataset with size and connectors', async () => {
		const id = await api.dataset('GetMe');
		sim.state.addDocument(id, { name: 'a.txt', content: '12345' });
		const res = await api.get(`/datasets/${id}`);
		expect(res.json.data).toMatchObject({ id, size: 5, connectors: [], document_count: 1 });
		const missing = await api.get(`/datasets/${'f'.repeat(32)}`);
		expect(missing.json.code).toBe(102);
		expect((await api.get('/datasets/not-a-uuid')).json.code).toBe(101);
	});

	it('updates only the keys sent, deep-merges parser_config, refuses {} and duplicate names', async () => {
		const id = await api.dataset('Upd');
		const before = (await api.get(`/datasets/${id}`)).json.data;
		await new Promise((r) => setTimeout(r, 5));
		const res = await api.put(`/datasets/${id}`, {
			description: 'd',
			parser_config: { chunk_token_num: 256, ext: { toc_extraction: true } },
			pagerank: 10,
			language: 'Chinese',
		});
		expect(res.json.code).toBe(0);
		expect(res.json.data).toMatchObject({
			description: 'd',
			pagerank: 10,
			language: 'Chinese',
			connectors: [],
		});
		expect(res.json.data.parser_config).toMatchObject({
			chunk_token_num: 256,
			toc_extraction: true,
			delimiter: '\n',
		});
		expect(res.json.data.update_time).toBeGreaterThan(before.update_time);
		expect((await api.put(`/datasets/${id}`, {})).json).toEqual({
			code: 102,
			message: 'no properties were modified',
		});
		await api.dataset('Taken');
		expect((await api.put(`/datasets/${id}`, { name: 'taken' })).json).toEqual({
			code: 102,
			message: "Dataset name 'taken' already exists",
		});
		expect((await api.put(`/datasets/${id}`, { bogus: 1 })).json.code).toBe(101);
		const method = await api.put(`/datasets/${id}`, { chunk_method: 'qa' });
		expect(method.json.data.parser_config).toMatchObject({ raptor: { use_raptor: false } });
	});

	it('deletes by ids, treats ids:null as a no-op, deletes all with delete_all', async () => {
		const a = await api.dataset('DelA');
		const noop = await api.del('/datasets', { ids: null });
		expect(noop.json).toEqual({ code: 0, data: { success_count: 0 } });
		expect(sim.state.getDataset(a)).toBeDefined();
		const missing = await api.del('/datasets', { ids: ['e'.repeat(32)] });
		expect(missing.json.code).toBe(102);
		expect(missing.json.message).toContain('lacks permission for datasets');
		expect((await api.del('/datasets', { ids: [a, a] })).json.code).toBe(101);
		const ok = await api.del('/datasets', { ids: [a] });
		expect(ok.json).toEqual({ code: 0, data: { success_count: 1 } });
		expect(sim.state.getDataset(a)).toBeUndefined();
	});
});

describe('index tasks and knowledge graph', () => {
	it('runs, traces and deletes a GraphRAG task with rising progress', async () => {
		const id = await api.dataset('Graph');
		expect(
			(await api.post(`/datasets/${id}/index`, undefined, { query: { type: 'graph' } })).json,
		).toEqual({ code: 102, message: `No documents in Dataset ${id}` });
		sim.state.addDocument(id, {
			name: 'g.txt',
			content: 'Alice works at Acme. Bob works at Acme.',
			run: 'DONE',
		});
		const run = await api.post(`/datasets/${id}/index`, undefined, { query: { type: 'graph' } });
		expect(run.json.code).toBe(0);
		const taskId = run.json.data.task_id;
		expect(taskId).toMatch(/^[0-9a-f]{32}$/);
		const again = await api.post(`/datasets/${id}/index`, undefined, { query: { type: 'graph' } });
		expect(again.json.code).toBe(102);
		expect(again.json.message).toContain('is already running');
		const trace = await api.get(`/datasets/${id}/index`, { query: { type: 'graph' } });
		expect(trace.json.data.id).toBe(taskId);
		expect(trace.json.data.progress).toBe(0);
		expect((await api.get(`/datasets/${id}`)).json.data.graphrag_task_finish_at).toBeNull();
		sim.state.advance(PARSE_STEP_COUNT - 1);
		expect((await api.get(`/datasets/${id}/trace_graphrag`)).json.data.progress).toBe(0.8);
		sim.state.advance();
		const done = await api.get(`/datasets/${id}/trace_graphrag`);
		expect(done.json.data.progress).toBe(1);
		expect(done.json.data.progress_msg).toContain('created task graph');
		const ds = (await api.get(`/datasets/${id}`)).json.data;
		expect(ds.graphrag_task_id).toBe(taskId);
		expect(ds.graphrag_task_finish_at).toMatch(/GMT$/);
		const graph = await api.get(`/datasets/${id}/graph`);
		expect(graph.json.data.graph.nodes.length).toBeGreaterThan(0);
		expect((await api.del(`/datasets/${id}/graph`)).json).toEqual({ code: 0, data: {} });
		expect((await api.get(`/datasets/${id}/graph`)).json.data).toEqual({ graph: {}, mind_map: {} });
		expect(
			(await api.get(`/datasets/${id}/index`, { query: { type: 'graph' } })).json.data,
		).toEqual({});
	});

	it('runs RAPTOR through the alias and validates the type', async () => {
		const id = await api.dataset('Raptor');
		sim.state.addDocument(id, { name: 'r.txt', content: 'text' });
		expect((await api.post(`/datasets/${id}/run_raptor`)).json.data.raptor_task_id).toMatch(
			/^[0-9a-f]{32}$/,
		);
		expect(
			(await api.get(`/datasets/${id}/index`, { query: { type: 'RAPTOR' } })).json.data.task_type,
		).toBe('raptor');
		const bad = await api.post(`/datasets/${id}/index`, undefined, { query: { type: 'nope' } });
		expect(bad.json.code).toBe(102);
		expect(bad.json.message).toMatch(
			/^Invalid index type 'nope'\. Must be one of \['graph', 'raptor'/,
		);
		expect(
			(await api.del(`/datasets/${id}/index`, undefined, { query: { type: 'nope' } })).json.code,
		).toBe(101);
		expect(
			(await api.del(`/datasets/${id}/index`, undefined, { query: { type: 'raptor' } })).json.code,
		).toBe(0);
		expect((await api.del(`/datasets/${id}/knowledge_graph`)).json.code).toBe(100);
	});

	it('reports the ingestion summary', async () => {
		const id = await api.dataset('Summary');
		sim.state.addDocument(id, { name: 's.txt', content: 'one two three', run: 'DONE' });
		const res = await api.get(`/datasets/${id}/ingestions/summary`);
		expect(res.json.data).toMatchObject({
			doc_num: 1,
			chunk_num: 1,
			token_num: 3,
			status: { done_count: 1 },
		});
	});
});
