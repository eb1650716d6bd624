import { startTestSimulator, type SimClient } from './testClient.cts';
import type { RunningSimulator } from './server.cts';
import { PARSE_STEP_COUNT } from './state.cts';

let sim: RunningSimulator;
let api: SimClient;

beforeAll(async () => {
	({ sim, api } = await startTestSimulator());
});
afterAll(() => sim.close());

describe('system, ingest, related questions, file names', () => {
	it('answers ping and version without a key', async () => {
		const ping = await api.get('/system/ping', { key: null });
		expect(ping.status).toBe(200);
		expect(ping.text).toBe('pong');
		expect((await api.get('/system/version', { key: null })).json).toEqual({
			code: 0,
			message: 'success',
			data: 'v0.27.0-simulator',
		});
	});

	it('starts and cancels parsing through /documents/ingest', async () => {
		const ds = await api.dataset('Ingest');
		const id = sim.state.addDocument(ds, { name: 'i.txt', content: 'ingest me' }).id;
		expect((await api.post('/documents/ingest', { doc_ids: [id], run: '1' })).json).toEqual({
			code: 0,
			message: 'success',
			data: true,
		});
		expect(sim.state.getDocument(id)!.run).toBe('1');
		expect((await api.post('/documents/ingest', { doc_ids: [id], run: 2 })).json.data).toBe(true);
		expect(sim.state.getDocument(id)!.run).toBe('2');
		expect((await api.post('/documents/ingest', { doc_ids: [id], run: '2' })).json).toEqual({
			code: 102,
			message: 'Cannot cancel a task that is not in RUNNING status',
		});
		expect((await api.post('/documents/ingest', { doc_ids: ['nope'], run: '1' })).json).toEqual({
			code: 109,
			message: 'no authorization',
		});
		expect((await api.post('/documents/ingest', { run: '1' })).json.code).toBe(100);
	});

	it('suggests related questions', async () => {
		const res = await api.post('/chat/recommendation', { question: 'solar panels' });
		expect(res.json.data).toHaveLength(5);
		expect(res.json.data[0]).toContain('solar panels');
		expect((await api.post('/chat/recommendation', {})).json.code).toBe(101);
	});

	it('keeps non-ASCII file names and downloads them with an RFC 5987 file name', async () => {
		const ds = await api.dataset('Unicode');
		const up = await api.upload(ds, { 'résumé 2024.txt': 'Zoë wrote this' });
		expect(up.json.data[0].name).toBe('résumé 2024.txt');
		const res = await api.raw('GET', `/datasets/${ds}/documents/${up.json.data[0].id}`);
		expect(res.headers.get('content-disposition')).toBe(
			`attachment; filename*=UTF-8''${encodeURIComponent('résumé 2024.txt')}`,
		);
		expect(await res.text()).toBe('Zoë wrote this');
	});

	it('serves the remaining document and dataset routes (preview, metadata config, attachments, aliases)', async () => {
		const ds = await api.dataset('Misc');
		const doc = sim.state.addDocument(ds, { name: 'm.md', content: '# title', run: 'DONE' });
		const preview = await api.raw('GET', `/documents/${doc.id}/preview`);
		expect(preview.headers.get('content-disposition')).toBe('inline; filename=m.md');
		expect(preview.headers.get('content-type')).toBe('text/markdown');
		const cfg = await api.put(`/datasets/${ds}/documents/${doc.id}/metadata/config`, {
			metadata: { fields: ['author'] },
		});
		expect(cfg.json.data).toMatchObject({
			id: doc.id,
			kb_id: ds,
			metadata_config: { fields: ['author'] },
		});
		expect(
			(await api.put(`/datasets/${ds}/documents/${doc.id}/metadata/config`, {})).json.code,
		).toBe(101);

		const form = new FormData();
		form.append('file', new Blob(['attached']), 'note.txt');
		const att = await api.call('POST', '/documents/upload', { form });
		expect(att.json.data).toMatchObject({
			name: 'note.txt',
			size: 8,
			extension: 'txt',
			preview_url: null,
		});
		expect(att.json.data.id).toMatch(/^[0-9a-f]{32}$/);
		expect(
			(await api.post('/sessions/related_questions', { question: 'x' })).json.data,
		).toHaveLength(5);

		expect((await api.get(`/datasets/${ds}/knowledge_graph`)).json.data).toEqual({
			graph: {},
			mind_map: {},
		});
		expect((await api.get(`/datasets/${'c'.repeat(32)}/graph`)).json).toEqual({
			code: 109,
			message: 'no authorization',
		});
		const run = await api.post(`/datasets/${ds}/index`, undefined, { query: { type: 'raptor' } });
		expect(
			(await api.del(`/datasets/${ds}/raptor`, undefined, { query: { wipe: 'false' } })).json,
		).toEqual({ code: 0, data: {} });
		expect((await api.get(`/datasets/${ds}`)).json.data.raptor_task_id).toBe(run.json.data.task_id); // wipe=false keeps the id
		expect((await api.del(`/datasets/${ds}/bogus`)).json.code).toBe(101);

		const filter = await api.get('/datasets', { query: { type: 'filter' } });
		expect(filter.json.data.total).toBe(filter.json.data.filter.owner[0].count);
		sim.state.createAgent({ title: 'F' });
		expect(
			(await api.get('/agents', { query: { type: 'filter' } })).json.data.filter.canvas_category,
		).toEqual({ agent_canvas: 1 });
	});

	it('parses a pipeline dataset only through /documents/parse', async () => {
		const res = await api.post('/datasets', {
			name: 'Pipe',
			parse_type: 2,
			pipeline_id: 'a'.repeat(32),
		});
		expect(res.json.data).toMatchObject({ pipeline_id: 'a'.repeat(32) });
		const ds = res.json.data.id;
		const id = sim.state.addDocument(ds, { name: 'p.txt', content: 'pipeline text' }).id;
		expect((await api.post(`/datasets/${ds}/chunks`, { document_ids: [id] })).json.code).toBe(101);
		expect(
			(await api.post(`/datasets/${ds}/documents/parse`, { document_ids: [id] })).json.code,
		).toBe(0);
		expect(sim.state.getDocument(id)!.run).toBe('1');
		sim.state.advance(PARSE_STEP_COUNT, id);
		expect(sim.state.getDocument(id)!.run).toBe('3');
		expect(
			(await api.post('/datasets', { name: 'Pipe2', pipeline_id: 'a'.repeat(32) })).json.code,
		).toBe(101);
	});
});
