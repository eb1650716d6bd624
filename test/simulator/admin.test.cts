import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseArgs } from './cli.cts';
import { startTestSimulator, type SimClient, until } from './testClient.cts';
import type { RunningSimulator } from './server.cts';
import { PARSE_STEP_COUNT } from './state.cts';

describe('request log, latency and admin routes', () => {
	let sim: RunningSimulator;
	let api: SimClient;
	let dir: string;
	let logFile: string;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'ragflow-sim-'));
		logFile = join(dir, 'requests.jsonl');
		({ sim, api } = await startTestSimulator({ logFile }));
	});
	afterAll(async () => {
		await sim.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('records method, path, query, JSON body, multipart parts and status, in memory and in the log file', async () => {
		sim.clearRequests();
		const ds = await api.dataset('Logged');
		await api.get('/datasets', { query: { page: 1, ids: ['a', 'b'] } });
		await api.upload(ds, { 'one.txt': 'hello', 'two.txt': 'world!' });
		await api.get('/datasets', { key: 'bad' });
		await api.get('/_simulator/requests');
		expect(sim.requests.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
			'POST /api/v1/datasets 200',
			'GET /api/v1/datasets 200',
			`POST /api/v1/datasets/${ds}/documents 200`,
			'GET /api/v1/datasets 401',
		]);
		expect(sim.requests[0].body).toEqual({ name: 'Logged' });
		expect(sim.requests[1].query).toEqual({ page: '1', ids: ['a', 'b'] });
		expect(sim.requests[2].parts).toEqual([
			{ name: 'file', filename: 'one.txt', size: 5 },
			{ name: 'file', filename: 'two.txt', size: 6 },
		]);
		expect(sim.requests[2].body).toBeUndefined();
		expect(typeof sim.requests[0].time).toBe('number');
		const lines = await until(async () => {
			const text = readFileSync(logFile, 'utf8').trim().split('\n');
			return text.length >= 4 ? text : undefined;
		});
		expect(JSON.parse(lines[2]).parts).toHaveLength(2);
	});

	it('serves the log over GET /_simulator/requests and clears it with DELETE (no key needed)', async () => {
		await api.get('/datasets');
		const res = await api.get('/_simulator/requests', { key: null });
		expect(res.json.code).toBe(0);
		expect(res.json.data.length).toBeGreaterThan(0);
		expect((await api.del('/_simulator/requests', undefined, { key: null })).json).toEqual({
			code: 0,
			data: true,
		});
		expect(sim.requests).toHaveLength(0);
	});

	it('adds latency to every API response (setLatency and POST /_simulator/latency)', async () => {
		sim.setLatency(120);
		const t = Date.now();
		await api.get('/datasets');
		expect(Date.now() - t).toBeGreaterThanOrEqual(110);
		// Admin routes never wait, so a latency far beyond the test's timeout can be set and cleared: the
		// next request only answers in time if the clearing worked.
		sim.setLatency(600_000);
		expect((await api.post('/_simulator/latency', { ms: 0 })).json).toEqual({
			code: 0,
			data: { ms: 0 },
		});
		expect((await api.get('/datasets')).json.code).toBe(0);
		expect((await api.post('/_simulator/latency', { ms: -1 })).json.code).toBe(101);
	});

	// No time bound here: how fast seeding is depends on the machine (the benchmarks measure it); the
	// test's own timeout is the generous limit.
	it('seeds 10,000 documents in one call and lists them in order', async () => {
		const ds = await api.dataset('Seeded');
		const res = await api.post('/_simulator/seed/documents', {
			dataset_id: ds,
			count: 10000,
			run: 'DONE',
			name_prefix: 'bench',
		});
		expect(res.json.data.count).toBe(10000);
		expect(res.json.data.ids).toHaveLength(10000);
		const page = await api.get(`/datasets/${ds}/documents`, {
			query: { page_size: 100, run: 'DONE', orderby: 'update_time' },
		});
		expect(page.json.data.total).toBe(10000);
		expect(page.json.data.docs[0].name).toBe('bench-10000.txt');
		expect((await api.get(`/datasets/${ds}`)).json.data.document_count).toBe(10000);
		// Checked on the state, not over HTTP: this synchronous loop also blocks the simulator's timers
		// (same process), and a request sent right after it could meet an idle keep-alive socket that
		// the server's overdue keep-alive timer closes in the same instant (ECONNRESET).
		for (let i = 0; i < 10000; i++)
			sim.state.addDocument(ds, { name: `direct-${i}.txt`, content: 'x' });
		expect(sim.state.listDocuments(ds)).toHaveLength(20000);
	});

	it('moves parses on only when told, with POST /_simulator/advance (manual parsing)', async () => {
		const ds = await api.dataset('Advance');
		const a = sim.state.addDocument(ds, { name: 'a.txt', content: 'alpha' }).id;
		const b = sim.state.addDocument(ds, { name: 'b.txt', content: 'bravo' }).id;
		await api.post(`/datasets/${ds}/documents/parse`, { document_ids: [a, b] });
		const one = await api.post('/_simulator/advance', { document_id: a }, { key: null });
		expect(one.json).toEqual({ code: 0, data: { moved: 1 } });
		expect(sim.state.getDocument(a)).toMatchObject({ run: '1', progress: 0.1 });
		expect(sim.state.getDocument(b)!.progress).toBeLessThan(0.011);
		await api.post(
			'/_simulator/advance',
			{ steps: PARSE_STEP_COUNT - 1, document_id: a },
			{ key: null },
		);
		expect(sim.state.getDocument(a)).toMatchObject({ run: '3', progress: 1 });
		expect((await api.post('/_simulator/advance', {}, { key: null })).json.data).toEqual({
			moved: 1,
		});
		expect(sim.state.getDocument(b)!.progress).toBe(0.1);
		expect((await api.post('/_simulator/advance', { steps: 0 })).json.code).toBe(101);
		const timed = await startTestSimulator({ manualParse: false });
		try {
			expect((await timed.api.post('/_simulator/advance', {})).json.code).toBe(101);
		} finally {
			await timed.sim.close();
		}
	});

	it('creates agents and finishes parses through the admin routes', async () => {
		const agent = await api.post(
			'/_simulator/agents',
			{ title: 'Seeded agent', description: 'd' },
			{ key: null },
		);
		expect(agent.json.data).toMatchObject({
			title: 'Seeded agent',
			description: 'd',
			canvas_category: 'agent_canvas',
		});
		expect((await api.get(`/agents/${agent.json.data.id}`)).json.data.title).toBe('Seeded agent');
		const ds = await api.dataset('Finish');
		const doc = sim.state.addDocument(ds, { name: 'f.txt', content: 'finish me', run: 'RUNNING' });
		expect(
			(await api.post('/_simulator/advance', { steps: PARSE_STEP_COUNT }, { key: null })).json.code,
		).toBe(0);
		expect(sim.state.getDocument(doc.id)!.run).toBe('1'); // seeded RUNNING stays until finished
		const fin = await api.post(
			`/_simulator/documents/${doc.id}/finish`,
			{ run: 'DONE' },
			{ key: null },
		);
		expect(fin.json.data).toMatchObject({ run: 'DONE', progress: 1, chunk_count: 1 });
		expect(
			(await api.post(`/_simulator/documents/${doc.id}/finish`, { run: 'NOPE' })).json.code,
		).toBe(101);
		expect(
			(await api.post('/_simulator/seed/documents', { dataset_id: 'nope', count: 1 })).json.code,
		).toBe(102);
		expect((await api.get('/_simulator/unknown')).status).toBe(404);
	});
});

describe('CLI', () => {
	it('parses the flags', () => {
		expect(
			parseArgs([
				'--port',
				'0',
				'--host=127.0.0.1',
				'--api-key',
				'k',
				'--parse-ms',
				'10',
				'--latency-ms',
				'5',
				'--log',
				'x.jsonl',
				'--fail-pattern',
				'',
				'--sse-delay-ms',
				'1',
			]),
		).toEqual({
			port: 0,
			host: '127.0.0.1',
			apiKey: 'k',
			parseMs: 10,
			latencyMs: 5,
			logFile: 'x.jsonl',
			failPattern: '',
			sseDelayMs: 1,
		});
		expect(() => parseArgs(['--bogus'])).toThrow(/Unknown option/);
		expect(() => parseArgs(['--port', 'x'])).toThrow(/needs a number/);
	});

	it('starts, prints the URL and key, serves requests and exits cleanly on SIGTERM', async () => {
		// `node --import tsx`, not the tsx CLI: the CLI relays SIGTERM to its child and, when the child does
		// not confirm within 30 ms (a busy machine), kills it itself (exit 143) instead of the simulator
		// shutting down.
		const child = spawn(
			process.execPath,
			['--import', 'tsx', join(__dirname, 'cli.cts'), '--port', '0', '--api-key', 'cli-key'],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let out = '';
		child.stdout.on('data', (c: Buffer) => (out += c.toString()));
		child.stderr.on('data', (c: Buffer) => (out += c.toString()));
		try {
			// The banner comes in several writes: wait for its last line, not just the first.
			await until(async () => /^API key: .*\n/m.test(out), 60000, 50);
			const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
			expect(out).toContain('API key:  cli-key');
			const res = await fetch(`${url}/api/v1/datasets`, {
				headers: { Authorization: 'Bearer cli-key' },
			});
			expect(((await res.json()) as { code: number }).code).toBe(0);
			const exited = new Promise<number | null>((resolve) =>
				child.on('exit', (code) => resolve(code)),
			);
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
			expect(out).toContain('SIGTERM received, shutting down');
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
		// Starting tsx and compiling the simulator takes seconds on a busy machine: a generous limit.
	}, 120_000);
});
