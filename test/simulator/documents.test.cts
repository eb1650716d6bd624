import { startTestSimulator, type SimClient, wait } from './testClient.cts';
import type { RunningSimulator } from './server.cts';
import { nextCounterName, PARSE_STEP_COUNT } from './state.cts';

let sim: RunningSimulator;
let api: SimClient;

beforeAll(async () => {
	({ sim, api } = await startTestSimulator());
});
afterAll(() => sim.close());

const docOf = async (datasetId: string, id: string) =>
	(await api.get(`/datasets/${datasetId}/documents`, { query: { id } })).json.data.docs[0];

describe('upload', () => {
	it('uploads several file parts and renames duplicates name(1).ext', async () => {
		const ds = await api.dataset('Up');
		const res = await api.upload(ds, { 'a.txt': 'alpha', 'b.md': '# bravo' });
		expect(res.json.code).toBe(0);
		expect(res.json.data).toHaveLength(2);
		expect(res.json.data[0]).toMatchObject({
			name: 'a.txt',
			dataset_id: ds,
			run: 'UNSTART',
			size: 5,
			suffix: 'txt',
			type: 'doc',
			chunk_method: 'naive',
			source_type: 'local',
		});
		expect(res.json.data[0]).not.toHaveProperty('progress');
		const again = await api.upload(ds, { 'a.txt': 'alpha again' });
		expect(again.json.data[0].name).toBe('a(1).txt');
		expect((await api.get(`/datasets/${ds}`)).json.data.document_count).toBe(3);
	});

	it("renames a taken name as RAGFlow's duplicate_name does: counter up, case and accents ignored", async () => {
		const ds = await api.dataset('Dup names');
		const stored = async (name: string) =>
			(await api.upload(ds, { [name]: 'x' })).json.data[0].name as string;
		expect(await stored('h.txt')).toBe('h.txt');
		// MySQL's utf8mb4_unicode_ci (RAGFlow's default database) takes H.txt for h.txt.
		expect(await stored('H.txt')).toBe('H(1).txt');
		// A taken "h(1).txt" counts up instead of becoming "h(1)(1).txt".
		expect(await stored('h(1).txt')).toBe('h(2).txt');
		expect(await stored('h.txt')).toBe('h(3).txt');
		// A free name with a counter is kept as it is.
		expect(await stored('report (7).txt')).toBe('report (7).txt');
		expect(await stored('report (7).txt')).toBe('report(8).txt');
		expect(await stored('Résumé.txt')).toBe('Résumé.txt');
		expect(await stored('resume.TXT')).toBe('resume(1).TXT');
		// Web pages go through the same rule, empty documents are refused instead.
		const form = new FormData();
		form.append('name', 'H');
		form.append('url', 'https://example.com/h');
		const web = await api.call('POST', `/datasets/${ds}/documents`, {
			form,
			query: { type: 'web' },
		});
		expect(web.json.data.name).toBe('H.pdf');
		expect(
			(await api.post(`/datasets/${ds}/documents`, { name: 'H.TXT' }, { query: { type: 'empty' } }))
				.json,
		).toEqual({ code: 102, message: 'Duplicated document name in the same dataset.' });
	});

	it('derives the next counter name like Python PurePath stem and suffix', () => {
		expect(nextCounterName('a.txt')).toBe('a(1).txt');
		expect(nextCounterName('a(1).txt')).toBe('a(2).txt');
		expect(nextCounterName('a (9).txt')).toBe('a(10).txt');
		expect(nextCounterName('a(0).txt')).toBe('a(1).txt');
		expect(nextCounterName('a.tar.gz')).toBe('a.tar(1).gz');
		expect(nextCounterName('notes')).toBe('notes(1)');
		expect(nextCounterName('.env')).toBe('.env(1)');
		expect(nextCounterName('a.')).toBe('a.(1)');
		expect(nextCounterName('(2).md')).toBe('(3).md');
	});

	it('reports a partial failure as code 500 with data, a total failure as code 500 without', async () => {
		const ds = await api.dataset('Partial');
		const partial = await api.upload(ds, { 'ok.txt': 'fine', 'bad.exe': 'MZ' });
		expect(partial.json.code).toBe(500);
		expect(partial.json.message).toBe('bad.exe: This type of file has not been supported yet!');
		expect(partial.json.data.map((d: { name: string }) => d.name)).toEqual(['ok.txt']);
		const total = await api.upload(ds, { 'bad.exe': 'MZ' });
		expect(total.json).toEqual({
			code: 500,
			message: 'bad.exe: This type of file has not been supported yet!',
		});
	});

	it('validates the form and the dataset', async () => {
		const ds = await api.dataset('Form');
		const form = new FormData();
		form.append('other', 'x');
		expect((await api.call('POST', `/datasets/${ds}/documents`, { form })).json).toEqual({
			code: 101,
			message: 'No file part!',
		});
		const empty = new FormData();
		empty.append('file', new Blob(['x']), '');
		expect((await api.call('POST', `/datasets/${ds}/documents`, { form: empty })).json.code).toBe(
			101,
		);
		const long = await api.upload(ds, { [`${'n'.repeat(260)}.txt`]: 'x' });
		expect(long.json).toEqual({ code: 101, message: 'File name must be 255 bytes or less.' });
		const missing = await api.upload('0'.repeat(32), { 'a.txt': 'x' });
		expect(missing.json).toEqual({
			code: 102,
			message: `Can't find the dataset with ID ${'0'.repeat(32)}!`,
		});
		const badType = await api.post(
			`/datasets/${ds}/documents`,
			{ name: 'x.txt' },
			{ query: { type: 'ftp' } },
		);
		expect(badType.json).toEqual({
			code: 101,
			message: '`type` must be one of "local", "web", or "empty".',
		});
	});

	it('creates empty (virtual) and web documents', async () => {
		const ds = await api.dataset('Modes');
		const empty = await api.post(
			`/datasets/${ds}/documents`,
			{ name: 'note.txt' },
			{ query: { type: 'empty' } },
		);
		expect(empty.json.data).toMatchObject({ name: 'note.txt', type: 'virtual', size: 0 });
		const dup = await api.post(
			`/datasets/${ds}/documents`,
			{ name: 'note.txt' },
			{ query: { type: 'empty' } },
		);
		expect(dup.json).toEqual({
			code: 102,
			message: 'Duplicated document name in the same dataset.',
		});
		const form = new FormData();
		form.append('name', 'page');
		form.append('url', 'https://example.com/a');
		const web = await api.call('POST', `/datasets/${ds}/documents`, {
			form,
			query: { type: 'web' },
		});
		expect(web.json.data).toMatchObject({ name: 'page.pdf', type: 'pdf', suffix: 'pdf' });
		const emptyDownload = await api.get(`/datasets/${ds}/documents/${empty.json.data.id}`);
		expect(emptyDownload.json).toEqual({ code: 102, message: 'This file is empty.' });
	});

	it('loses no document when 50 uploads arrive at once', async () => {
		const ds = await api.dataset('Concurrent');
		const results = await Promise.all(
			Array.from({ length: 50 }, (_, i) => api.upload(ds, { [`file-${i}.txt`]: `content ${i}` })),
		);
		expect(results.every((r) => r.json.code === 0)).toBe(true);
		const list = await api.get(`/datasets/${ds}/documents`, { query: { page_size: 100 } });
		expect(list.json.data.total).toBe(50);
		expect(new Set(list.json.data.docs.map((d: { name: string }) => d.name)).size).toBe(50);
	});

	it('downloads the original bytes with Content-Disposition, also via /documents/{id}', async () => {
		const ds = await api.dataset('Down');
		const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 13, 10, 45, 45]);
		const up = await api.upload(ds, { 'bin.pdf': bytes });
		const id = up.json.data[0].id;
		const res = await api.raw('GET', `/datasets/${ds}/documents/${id}`);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename=bin.pdf');
		expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
		const direct = await api.raw('GET', `/documents/${id}`);
		expect(Buffer.from(await direct.arrayBuffer())).toEqual(bytes);
		expect((await api.get(`/datasets/${ds}/documents/${'1'.repeat(32)}`)).json).toEqual({
			code: 102,
			message: 'document not found',
		});
		const other = await api.dataset('Other');
		expect((await api.get(`/datasets/${other}/documents/${id}`)).json).toEqual({
			code: 102,
			message: `The dataset not own the document ${id}.`,
		});
	});

	it('keeps a 4 MiB binary upload byte-exact', async () => {
		const ds = await api.dataset('Big');
		const bytes = Buffer.alloc(4 * 1024 * 1024);
		for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
		const up = await api.upload(ds, { 'big.pdf': bytes });
		expect(up.json.data[0].size).toBe(bytes.length);
		const res = await api.raw('GET', `/datasets/${ds}/documents/${up.json.data[0].id}`);
		expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
	});
});

describe('list documents', () => {
	let ds: string;
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		ds = await api.dataset('Lists');
		for (const name of ['alpha.txt', 'beta.pdf', 'gamma.md', 'delta.txt']) {
			ids[name] = sim.state.addDocument(ds, { name, content: `${name} content` }).id;
			await wait(3);
		}
		sim.state.finishParse(ids['beta.pdf'], 'DONE');
		sim.state.finishParse(ids['gamma.md'], 'FAIL');
		sim.state.getDocument(ids['alpha.txt'])!.meta_fields = { author: 'ann', tags: ['x', 'y'] };
	});

	const names = (res: { json: { data: { docs: { name: string }[] } } }) =>
		res.json.data.docs.map((d) => d.name);

	it('returns total and docs, newest first, with the list-only fields', async () => {
		const res = await api.get(`/datasets/${ds}/documents`);
		expect(res.json.code).toBe(0);
		expect(res.json.message).toBe('success');
		expect(res.json.data.total).toBe(4);
		expect(names(res)).toEqual(['delta.txt', 'gamma.md', 'beta.pdf', 'alpha.txt']);
		expect(res.json.data.docs[0]).toMatchObject({
			run: 'UNSTART',
			nickname: 'simulator',
			meta_fields: {},
			progress: 0,
		});
	});

	it('orders by update_time (last activity first) and by name', async () => {
		sim.state.touch(sim.state.getDocument(ids['alpha.txt'])!);
		const res = await api.get(`/datasets/${ds}/documents`, {
			query: { orderby: 'update_time', desc: 'true' },
		});
		expect(names(res)[0]).toBe('alpha.txt');
		expect(
			names(
				await api.get(`/datasets/${ds}/documents`, { query: { orderby: 'name', desc: 'false' } }),
			),
		).toEqual(['alpha.txt', 'beta.pdf', 'delta.txt', 'gamma.md']);
		expect(
			(await api.get(`/datasets/${ds}/documents`, { query: { orderby: 'size' } })).json,
		).toEqual({ code: 101, message: 'invalid orderby field: size' });
	});

	it('filters by run (names, numbers, repeated keys) and refuses comma lists', async () => {
		expect(
			names(
				await api.get(`/datasets/${ds}/documents`, { query: { run: ['DONE', 'FAIL'] } }),
			).sort(),
		).toEqual(['beta.pdf', 'gamma.md']);
		expect(names(await api.get(`/datasets/${ds}/documents`, { query: { run: '3' } }))).toEqual([
			'beta.pdf',
		]);
		expect(
			names(
				await api.get(`/datasets/${ds}/documents`, { query: { run_status: 'unstart' } }),
			).sort(),
		).toEqual(['alpha.txt', 'delta.txt']);
		const comma = await api.get(`/datasets/${ds}/documents`, { query: { run: 'DONE,FAIL' } });
		expect(comma.json).toEqual({
			code: 102,
			message: 'Invalid filter run status conditions: DONE,FAIL',
		});
	});

	it('filters by keywords, name, id, ids, suffix, types and metadata', async () => {
		expect(
			names(await api.get(`/datasets/${ds}/documents`, { query: { keywords: 'ALP' } })),
		).toEqual(['alpha.txt']);
		expect(
			names(await api.get(`/datasets/${ds}/documents`, { query: { name: 'beta.pdf' } })),
		).toEqual(['beta.pdf']);
		expect(
			(await api.get(`/datasets/${ds}/documents`, { query: { name: 'nope.txt' } })).json,
		).toEqual({ code: 102, message: "you don't own the document nope.txt" });
		expect(
			names(await api.get(`/datasets/${ds}/documents`, { query: { id: ids['gamma.md'] } })),
		).toEqual(['gamma.md']);
		expect((await api.get(`/datasets/${ds}/documents`, { query: { id: 'x' } })).json.code).toBe(
			102,
		);
		expect(
			names(
				await api.get(`/datasets/${ds}/documents`, {
					query: { ids: [ids['alpha.txt'], ids['beta.pdf']] },
				}),
			).sort(),
		).toEqual(['alpha.txt', 'beta.pdf']);
		expect(
			names(
				await api.get(`/datasets/${ds}/documents`, { query: { suffix: ['md', 'pdf'] } }),
			).sort(),
		).toEqual(['beta.pdf', 'gamma.md']);
		expect(names(await api.get(`/datasets/${ds}/documents`, { query: { types: 'pdf' } }))).toEqual([
			'beta.pdf',
		]);
		expect(
			(await api.get(`/datasets/${ds}/documents`, { query: { types: 'zip' } })).json.code,
		).toBe(102);
		expect(
			names(
				await api.get(`/datasets/${ds}/documents`, {
					query: { metadata: JSON.stringify({ tags: 'y' }) },
				}),
			),
		).toEqual(['alpha.txt']);
		const cond = {
			logic: 'and',
			conditions: [{ name: 'author', comparison_operator: 'contains', value: 'AN' }],
		};
		expect(
			names(
				await api.get(`/datasets/${ds}/documents`, {
					query: { metadata_condition: JSON.stringify(cond) },
				}),
			),
		).toEqual(['alpha.txt']);
		expect(
			names(
				await api.get(`/datasets/${ds}/documents`, { query: { return_empty_metadata: 'true' } }),
			),
		).not.toContain('alpha.txt');
	});

	it('compares the name filter as the duplicate check does (exact but for case and accents), keywords as contains', async () => {
		const ds2 = await api.dataset('Name filter');
		for (const name of ['h.txt', 'h(1).txt', 'gh.txt', 'Résumé.md']) {
			sim.state.addDocument(ds2, { name, content: 'x' });
		}
		const list = async (query: Record<string, string>) =>
			names(await api.get(`/datasets/${ds2}/documents`, { query })).sort();
		expect(await list({ name: 'H.TXT' })).toEqual(['h.txt']);
		expect(await list({ name: 'h(1).txt' })).toEqual(['h(1).txt']);
		expect(await list({ name: 'resume.md' })).toEqual(['Résumé.md']);
		expect(await list({ keywords: 'H.TXT' })).toEqual(['gh.txt', 'h.txt']);
		expect(await list({ keywords: 'RESUME' })).toEqual(['Résumé.md']);
		expect(
			(await api.get(`/datasets/${ds2}/documents`, { query: { name: 'h(2).txt' } })).json,
		).toEqual({ code: 102, message: "you don't own the document h(2).txt" });
	});

	it('pages, refuses page_size > 100 with code 100, and applies create_time_from after paging', async () => {
		const page2 = await api.get(`/datasets/${ds}/documents`, { query: { page: 2, page_size: 3 } });
		expect(page2.json.data.total).toBe(4);
		expect(names(page2)).toEqual(['alpha.txt']);
		expect(
			(await api.get(`/datasets/${ds}/documents`, { query: { page_size: 101 } })).json,
		).toEqual({ code: 100, message: "ValueError('page_size must be less than or equal to 100')" });
		const future = await api.get(`/datasets/${ds}/documents`, {
			query: { create_time_from: Date.now() + 100000 },
		});
		expect(future.json.data).toEqual({ total: 4, docs: [] });
	});

	it('returns facets with type=filter and refuses an unknown dataset', async () => {
		const res = await api.get(`/datasets/${ds}/documents`, { query: { type: 'filter' } });
		expect(res.json.data.filter.suffix).toEqual({ txt: 2, pdf: 1, md: 1 });
		expect(res.json.data.filter.run_status).toEqual({ '0': 2, '3': 1, '4': 1 });
		const missing = await api.get(`/datasets/${'9'.repeat(32)}/documents`);
		expect(missing.json).toEqual({
			code: 102,
			message: `You don't own the dataset ${'9'.repeat(32)}. `,
		});
	});
});

describe('parse state machine', () => {
	it('moves UNSTART → RUNNING (progress rising, messages, update_time bumped) → DONE with chunks', async () => {
		const ds = await api.dataset('Parse', { parser_config: { chunk_token_num: 8 } });
		const text =
			'The quick brown fox jumps over the lazy dog.\nPack my box with five dozen liquor jugs.\nHow vexingly quick daft zebras jump.';
		const up = await api.upload(ds, { 'story.txt': text });
		const id = up.json.data[0].id;
		const before = await docOf(ds, id);
		expect(before).toMatchObject({ run: 'UNSTART', progress: 0, chunk_count: 0 });
		const start = await api.post(`/datasets/${ds}/chunks`, { document_ids: [id] });
		expect(start.json).toEqual({ code: 0 });
		const running = await docOf(ds, id);
		expect(running.run).toBe('RUNNING');
		expect(running.progress).toBeGreaterThanOrEqual(0);
		expect(running.progress).toBeLessThan(0.011);
		expect(running.progress_msg).toMatch(/^\d\d:\d\d:\d\d Task has been received\.$/);
		expect(running.process_begin_at).toMatch(/GMT$/);
		expect(sim.state.advance(1, id)).toBe(1);
		const mid = await docOf(ds, id);
		expect(mid).toMatchObject({ run: 'RUNNING', progress: 0.1, chunk_count: 0 });
		expect(mid.update_time).toBeGreaterThanOrEqual(running.update_time);
		expect(mid.progress_msg.split('\n')).toHaveLength(2);
		const progress = [];
		for (let step = 2; step < PARSE_STEP_COUNT; step++) {
			sim.state.advance(1, id);
			progress.push((await docOf(ds, id)).progress);
		}
		expect(progress).toEqual([0.4, 0.6, 0.8]);
		expect((await docOf(ds, id)).run).toBe('RUNNING');
		sim.state.advance(1, id);
		const done = await docOf(ds, id);
		expect(done.run).toBe('DONE');
		expect(done.progress).toBe(1);
		expect(done.chunk_count).toBe(3);
		expect(done.token_count).toBeGreaterThan(10);
		expect(done.process_duration).toBeGreaterThan(0);
		expect(done.progress_msg).toMatch(/Task done/);
		expect(done.update_time).toBeGreaterThanOrEqual(mid.update_time);
		const dsView = (await api.get(`/datasets/${ds}`)).json.data;
		expect(dsView.chunk_count).toBe(3);
	});

	it('ends in FAIL (progress -1) for files matching the fail pattern', async () => {
		const ds = await api.dataset('ParseFail');
		const up = await api.upload(ds, { 'will-FAIL.txt': 'some text' });
		const id = up.json.data[0].id;
		const res = await api.post(`/datasets/${ds}/documents/parse`, { document_ids: [id] });
		expect(res.json).toEqual({ code: 0, data: { success_count: 1 } });
		sim.state.advance(PARSE_STEP_COUNT - 1, id);
		expect((await docOf(ds, id)).run).toBe('RUNNING');
		sim.state.advance(1, id);
		const failed = await docOf(ds, id);
		expect(failed.run).toBe('FAIL');
		expect(failed.progress).toBe(-1);
		expect(failed.chunk_count).toBe(0);
	});

	it('validates parse requests on both endpoints', async () => {
		const ds = await api.dataset('ParseErr');
		const id = sim.state.addDocument(ds, { name: 'p.txt', content: 'x' }).id;
		expect((await api.post(`/datasets/${ds}/chunks`, {})).json).toEqual({
			code: 102,
			message: '`document_ids` is required',
		});
		expect(
			(await api.post(`/datasets/${ds}/documents/parse`, { document_ids: 'x' })).json.code,
		).toBe(102);
		const unknown = await api.post(`/datasets/${ds}/chunks`, { document_ids: [id, 'zzz'] });
		expect(unknown.json).toEqual({ code: 102, message: "Documents not found: ['zzz']" });
		expect(sim.state.getDocument(id)!.run).toBe('1'); // the valid id was queued
		const busy = await api.post(`/datasets/${ds}/chunks`, { document_ids: [id] });
		expect(busy.json).toEqual({
			code: 102,
			message: "Can't parse document that is currently being processed",
		});
		const restart = await api.post(`/datasets/${ds}/documents/parse`, { document_ids: [id, id] });
		expect(restart.json).toEqual({
			code: 0,
			data: { success_count: 1, errors: [`Duplicate document ids: ${id}`] },
		});
	});

	it('stops a running parse with both endpoints (CANCEL) and refuses a finished one', async () => {
		const ds = await api.dataset('Stop');
		const a = sim.state.addDocument(ds, { name: 'a.txt', content: 'x' }).id;
		const b = sim.state.addDocument(ds, { name: 'b.txt', content: 'x' }).id;
		await api.post(`/datasets/${ds}/documents/parse`, { document_ids: [a, b] });
		expect((await api.del(`/datasets/${ds}/chunks`, { document_ids: [a] })).json).toEqual({
			code: 0,
		});
		expect(await docOf(ds, a)).toMatchObject({ run: 'CANCEL', progress: 0 });
		const again = await api.del(`/datasets/${ds}/chunks`, { document_ids: [a] });
		expect(again.json).toEqual({
			code: 102,
			message: "Can't stop parsing document that has not started or already completed",
			data: { error_code: 'DOC_STOP_PARSING_INVALID_STATE' },
		});
		expect((await api.del(`/datasets/${ds}/chunks`, { document_ids: ['nope'] })).json).toEqual({
			code: 102,
			message: "you don't own the document nope",
		});
		const stop = await api.post(`/datasets/${ds}/documents/stop`, { document_ids: [b] });
		expect(stop.json).toEqual({ code: 0, data: { success_count: 1 } });
		const stopped = await docOf(ds, b);
		expect(stopped.run).toBe('CANCEL');
		expect(stopped.progress_msg).toMatch(/Task stopped by user\.$/);
		expect(
			(await api.post(`/datasets/${ds}/documents/stop`, { document_ids: ['nope'] })).json,
		).toEqual({ code: 102, message: "Documents not found: ['nope']" });
		sim.state.advance(PARSE_STEP_COUNT);
		expect((await docOf(ds, b)).run).toBe('CANCEL'); // a stopped parse never moves on
		sim.state.finishParse(a, 'DONE');
		const done = await api.post(`/datasets/${ds}/documents/stop`, { document_ids: [a] });
		expect(done.json.data.success_count).toBe(0);
		expect(done.json.data.errors).toHaveLength(1);
	});
});

describe('update, delete, metadata', () => {
	it('updates name, enabled, meta_fields and resets on a chunk method change', async () => {
		const ds = await api.dataset('UpdDoc');
		const id = sim.state.addDocument(ds, { name: 'u.txt', content: 'hello world', run: 'DONE' }).id;
		const res = await api.patch(`/datasets/${ds}/documents/${id}`, {
			name: 'v.txt',
			enabled: 0,
			meta_fields: { k: 'v', n: [1, 2] },
		});
		expect(res.json.code).toBe(0);
		expect(res.json.data).toMatchObject({
			name: 'v.txt',
			status: '0',
			run: 'DONE',
			chunk_count: 1,
		});
		expect(res.json.data).not.toHaveProperty('meta_fields');
		expect((await docOf(ds, id)).meta_fields).toEqual({ k: 'v', n: [1, 2] });
		expect((await api.put(`/datasets/${ds}/documents/${id}`, { name: 'v.pdf' })).json).toEqual({
			code: 101,
			message: "The extension of file can't be changed",
		});
		sim.state.addDocument(ds, { name: 'w.txt', content: 'x' });
		expect((await api.patch(`/datasets/${ds}/documents/${id}`, { name: 'w.txt' })).json).toEqual({
			code: 102,
			message: 'Duplicated document name in the same dataset.',
		});
		// Only an exact match is a duplicate on rename: RAGFlow compares the names it finds itself.
		const cased = await api.patch(`/datasets/${ds}/documents/${id}`, { name: 'W.txt' });
		expect(cased.json.data.name).toBe('W.txt');
		expect((await api.patch(`/datasets/${ds}/documents/${id}`, { name: 'v.txt' })).json.code).toBe(
			0,
		);
		expect((await api.patch(`/datasets/${ds}/documents/${id}`, { enabled: true })).json.code).toBe(
			102,
		);
		expect((await api.patch(`/datasets/${ds}/documents/${id}`, { chunk_count: 99 })).json).toEqual({
			code: 102,
			message: "can't change `chunk_count`",
		});
		expect(
			(await api.patch(`/datasets/${ds}/documents/${id}`, { chunk_method: '' })).json.code,
		).toBe(102);
		const reset = await api.patch(`/datasets/${ds}/documents/${id}`, { chunk_method: 'qa' });
		expect(reset.json.data).toMatchObject({
			chunk_method: 'qa',
			run: 'UNSTART',
			progress: 0,
			chunk_count: 0,
		});
		const pc = await api.patch(`/datasets/${ds}/documents/${id}`, {
			parser_config: { chunk_token_num: 64 },
		});
		expect(pc.json.data.parser_config.chunk_token_num).toBe(64);
		expect(pc.json.data.parser_config).not.toHaveProperty('raptor');
		expect(
			(await api.patch(`/datasets/${ds}/documents/${'2'.repeat(32)}`, { name: 'z.txt' })).json,
		).toEqual({ code: 102, message: "the dataset doesn't own the document" });
	});

	it('deletes documents with the contract errors', async () => {
		const ds = await api.dataset('DelDoc');
		const a = sim.state.addDocument(ds, { name: 'a.txt', content: 'x' }).id;
		sim.state.addDocument(ds, { name: 'b.txt', content: 'x' });
		expect((await api.del(`/datasets/${ds}/documents`, {})).json).toEqual({
			code: 102,
			message: `should either provide doc ids or set delete_all(true), dataset: ${ds}. `,
		});
		expect(
			(await api.del(`/datasets/${ds}/documents`, { ids: [a], delete_all: true })).json.code,
		).toBe(102);
		const missing = await api.del(`/datasets/${ds}/documents`, { ids: [a, 'nope'] });
		expect(missing.json).toEqual({
			code: 102,
			message: `These documents do not belong to dataset ${ds} or Document not found: nope`,
		});
		expect(sim.state.getDocument(a)).toBeDefined();
		expect((await api.del(`/datasets/${ds}/documents`, { ids: [a] })).json).toEqual({
			code: 0,
			data: { deleted: 1 },
		});
		expect((await api.del(`/datasets/${ds}/documents`, { delete_all: true })).json).toEqual({
			code: 0,
			data: { deleted: 1 },
		});
		expect((await api.get(`/datasets/${ds}`)).json.data.document_count).toBe(0);
	});

	it('bumps the dataset update_time when documents are added or finish parsing', async () => {
		const ds = await api.dataset('DsTime');
		const t0 = (await api.get(`/datasets/${ds}`)).json.data.update_time;
		await wait(5);
		const id = sim.state.addDocument(ds, { name: 'a.txt', content: 'x' }).id;
		const t1 = (await api.get(`/datasets/${ds}`)).json.data.update_time;
		expect(t1).toBeGreaterThan(t0);
		await wait(5);
		sim.state.finishParse(id, 'DONE');
		expect((await api.get(`/datasets/${ds}`)).json.data.update_time).toBeGreaterThan(t1);
	});

	it('updates metadata in bulk, summarises it, and switches status in bulk', async () => {
		const ds = await api.dataset('Meta');
		const a = sim.state.addDocument(ds, {
			name: 'a.txt',
			content: 'x',
			meta_fields: { tags: ['x'], author: 'ann' },
		}).id;
		const b = sim.state.addDocument(ds, { name: 'b.txt', content: 'x' }).id;
		const upd = await api.patch(`/datasets/${ds}/documents/metadatas`, {
			selector: { document_ids: [a, b] },
			updates: [
				{ key: 'tags', value: 'y' },
				{ key: 'lang', value: 'en' },
			],
			deletes: [{ key: 'author' }],
		});
		expect(upd.json).toEqual({ code: 0, data: { updated: 2, matched_docs: 2 } });
		expect(sim.state.getDocument(a)!.meta_fields).toEqual({ tags: ['x', 'y'], lang: 'en' });
		expect(
			(
				await api.post(`/datasets/${ds}/metadata/update`, {
					selector: {},
					updates: [{ key: 'q', value: 1 }],
				})
			).json.data,
		).toEqual({ updated: 0, matched_docs: 0 });
		const summary = await api.get(`/datasets/${ds}/metadata/summary`);
		expect(summary.json.data.summary.lang).toEqual({ type: 'string', values: [['en', 2]] });
		const status = await api.post(`/datasets/${ds}/documents/batch-update-status`, {
			doc_ids: [a, 'nope'],
			status: 0,
		});
		expect(status.json).toEqual({
			code: 500,
			message: 'Partial failure',
			data: { [a]: { status: '0' }, nope: { error: 'Document not found' } },
		});
		expect(
			(
				await api.post(`/datasets/${ds}/documents/batch-update-status`, {
					doc_ids: [b],
					status: '0',
				})
			).json,
		).toEqual({ code: 0, data: { [b]: { status: '0' } } });
	});
});
