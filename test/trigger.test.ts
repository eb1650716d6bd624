import type { IDataObject } from 'n8n-workflow';

import { forgetServers } from '../nodes/shared/compat';
import type { PollerOptions } from './harness/runPoll';
import { createPoller, loadParameterOptions } from './harness/runPoll';
import { TestNodeTypes } from './harness/nodeTypes';
import type {
	DatasetRow,
	DocumentRow,
	RequestLogEntry,
	RunningSimulator,
} from './simulator/server.cts';
import { ManualClock, startSimulator } from './simulator/server.cts';
import { PARSE_STEP_COUNT } from './simulator/state.cts';

/**
 * The trigger's unit tests, against the package's RAGFlow simulator (test/simulator/) over real
 * HTTP: its document and dataset lists (run filter, `orderby=update_time`, paging, `total`,
 * `include_parsing_status`, `ids`) and its time labels (docs/ragflow-api.md §1, §6.2, §7). The
 * simulator's clock is the test's (`ManualClock`), so every `update_time`, `process_begin_at` and
 * `process_duration` is exact, and parses move only when a test says so (`manualParse`). Documents
 * are seeded and parsed in process through the state methods the routes use; user edits go through
 * the API. A fresh simulator per test keeps the dataset lists of "all datasets" mode exact.
 */
let sim: RunningSimulator;
let clock: ManualClock;

beforeEach(async () => {
	clock = new ManualClock();
	sim = await startSimulator({
		port: 0,
		manualParse: true,
		failPattern: '',
		clock: () => clock.now(),
	});
});
afterEach(async () => {
	jest.restoreAllMocks();
	forgetServers();
	await sim.close();
});

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const ids = (items: IDataObject[]) => items.map((item) => item.id);
const names = (items: IDataObject[]) => items.map((item) => item.name);

/** The trigger, polling the simulator with its key. */
const poller = (parameters: IDataObject, extra: Partial<PollerOptions> = {}) =>
	createPoller({
		parameters,
		credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
		...extra,
	});
const one = (dataset: DatasetRow, extra: IDataObject = {}) =>
	poller({ datasetMode: 'one', datasetId: rl(dataset.id), ...extra });

/** Every value of a query key, as the simulator logged it (one value is a string). */
const all = (query: RequestLogEntry['query'], key: string): string[] => [query[key] ?? []].flat();

/** Requests made since the last call (and forgets them). */
function take(): RequestLogEntry[] {
	const taken = [...sim.requests];
	sim.clearRequests();
	return taken;
}

function addDataset(name: string): DatasetRow {
	clock.tick();
	return sim.state.createDataset(name);
}

function addDoc(dataset: DatasetRow, name: string): DocumentRow {
	clock.tick();
	return sim.state.addDocument(dataset.id, {
		name,
		content: `Text of ${name}.\nRAGFlow parses this into chunks.`,
	});
}

/** Queues a parse: RUNNING with a new process_begin_at. */
function startParse(doc: DocumentRow): void {
	clock.tick(3);
	sim.state.startParse(doc);
}

/**
 * Ends the running parse with a write stamped `at` (default: 2.5 s later). An `at` below the clock
 * is a write stamped earlier that becomes visible only now; the clock does not go back for later
 * writes. DONE runs the simulator's parse clock to its end; FAIL and CANCEL are the simulator's
 * failed parse and stop.
 */
function finish(
	doc: DocumentRow,
	run: 'DONE' | 'FAIL' | 'CANCEL' = 'DONE',
	at = clock.tick(2500),
): void {
	const latest = clock.now();
	clock.set(at);
	if (run === 'DONE') sim.state.advance(PARSE_STEP_COUNT, doc.id);
	else if (run === 'FAIL') sim.state.finishParse(doc.id, 'FAIL');
	else sim.state.cancelParse(doc, true);
	clock.set(Math.max(latest, at));
}

/** Uploads and fully parses a document at the current time. */
function parsed(
	dataset: DatasetRow,
	name: string,
	run: 'DONE' | 'FAIL' | 'CANCEL' = 'DONE',
): DocumentRow {
	const doc = addDoc(dataset, name);
	startParse(doc);
	finish(doc, run);
	return doc;
}

/** A user edit (rename, metadata) through the API; its request is left out of the log. */
async function edit(doc: DocumentRow, patch: IDataObject): Promise<void> {
	clock.tick(7);
	const logged = sim.requests.length;
	const response = await fetch(`${sim.url}/api/v1/datasets/${doc.dataset_id}/documents/${doc.id}`, {
		method: 'PATCH',
		headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
		body: JSON.stringify(patch),
	});
	expect(((await response.json()) as IDataObject).code).toBe(0);
	sim.requests.splice(logged);
}

/** The next request answers with this HTTP status (and a RAGFlow-like error body). */
function failNext(status: number): void {
	sim.faults.add({
		path: '/api/v1/**',
		method: 'GET',
		kind: 'status',
		status,
		times: 1,
		body: { code: 100, message: 'Internal Server Error' },
	});
}

describe('RAGFlow Trigger: one dataset', () => {
	it('seeds without replaying history, then costs one request per idle poll', async () => {
		const ds = addDataset('Handbook');
		parsed(ds, 'old-1.pdf');
		parsed(ds, 'old-2.pdf', 'FAIL');
		const trigger = one(ds);

		expect(await trigger.poll()).toBeNull();
		const seedRequests = take();
		expect(seedRequests.map((r) => r.path)).toEqual([
			`/api/v1/datasets/${ds.id}/documents`,
			'/api/v1/datasets',
		]);
		const { run, ...listQuery } = seedRequests[0].query;
		expect(run).toEqual(['DONE', 'FAIL']);
		expect(listQuery).toEqual({
			page: '1',
			page_size: '100',
			orderby: 'update_time',
			desc: 'true',
		});
		expect(seedRequests[1].query.id).toBe(ds.id);

		for (let i = 0; i < 3; i++) {
			expect(await trigger.poll()).toBeNull();
			expect(take()).toHaveLength(1);
		}
	});

	it('emits each finished (DONE) and failed (FAIL) run once, with the document fields and event', async () => {
		const ds = addDataset('Handbook');
		const trigger = one(ds);
		await trigger.poll();

		const done = parsed(ds, 'report.pdf');
		const failed = parsed(ds, 'broken.pdf', 'FAIL');
		const cancelled = parsed(ds, 'stopped.pdf', 'CANCEL');
		const items = await trigger.pollJson();
		expect(done.chunk_count).toBeGreaterThan(0);
		expect(done.progress_msg).toMatch(/Task has been received\.\n[\s\S]*Task done \(2\.50s\)$/);
		expect(items).toEqual([
			{
				id: done.id,
				name: 'report.pdf',
				dataset_id: ds.id,
				dataset_name: 'Handbook',
				run: 'DONE',
				progress: 1,
				progress_msg: done.progress_msg,
				chunk_count: done.chunk_count,
				token_count: done.token_count,
				process_begin_at: done.process_begin_at,
				process_duration: 2.5,
				update_time: done.update_time,
				event: 'parsingFinished',
			},
			expect.objectContaining({ id: failed.id, run: 'FAIL', progress: -1, event: 'parsingFailed' }),
		]);
		expect(ids(items)).not.toContain(cancelled.id);
		expect(await trigger.poll()).toBeNull();
	});

	it('emits CANCEL when selected, and only the selected events', async () => {
		const ds = addDataset('Handbook');
		const trigger = one(ds, { events: ['CANCEL'] });
		await trigger.poll();
		expect(all(take()[0].query, 'run')).toEqual(['CANCEL']);
		parsed(ds, 'a.pdf');
		const stopped = parsed(ds, 'b.pdf', 'CANCEL');
		const items = await trigger.pollJson();
		expect(items).toEqual([
			expect.objectContaining({ id: stopped.id, run: 'CANCEL', event: 'parsingCancelled' }),
		]);
	});

	it('fires again for a re-parse, but not when a finished document is renamed or its metadata edited', async () => {
		const ds = addDataset('Handbook');
		const seeded = parsed(ds, 'seeded.pdf');
		const trigger = one(ds);
		await trigger.poll();

		const doc = parsed(ds, 'doc.pdf');
		expect(ids(await trigger.pollJson())).toEqual([doc.id]);

		await edit(doc, { name: 'renamed.pdf' });
		await edit(doc, { meta_fields: { author: 'Ann' } });
		await edit(seeded, { name: 'seeded-renamed.pdf' });
		expect(await trigger.poll()).toBeNull();

		startParse(doc);
		expect(await trigger.poll()).toBeNull();
		finish(doc, 'FAIL');
		const items = await trigger.pollJson();
		expect(items).toEqual([
			expect.objectContaining({ id: doc.id, name: 'renamed.pdf', event: 'parsingFailed' }),
		]);

		// A re-parse that starts and ends between two polls is still a new run.
		startParse(seeded);
		finish(seeded);
		expect(ids(await trigger.pollJson())).toEqual([seeded.id]);
		expect(await trigger.poll()).toBeNull();
	});

	it('fires for a re-parse that begins within the same second as the previous run', async () => {
		const ds = addDataset('Quick');
		const trigger = one(ds);
		await trigger.poll();
		const doc = addDoc(ds, 'tiny.txt');
		clock.set(Math.ceil(clock.now() / 1000) * 1000); // start of a second
		startParse(doc);
		finish(doc, 'DONE', clock.tick(300));
		const firstBegin = doc.process_begin_at;
		expect(ids(await trigger.pollJson())).toEqual([doc.id]);
		// The second run starts a moment later: same process_begin_at string, different duration.
		startParse(doc);
		finish(doc, 'DONE', clock.tick(350));
		expect(doc.process_begin_at).toBe(firstBegin);
		expect(doc.process_duration).toBe(0.35);
		expect(ids(await trigger.pollJson())).toEqual([doc.id]);
		expect(await trigger.poll()).toBeNull();
	});

	it('does not fire for old documents beyond the first page that are edited after activation', async () => {
		const ds = addDataset('Big');
		const old = Array.from({ length: 130 }, (_, i) => parsed(ds, `old-${i}.pdf`));
		const trigger = one(ds);
		await trigger.poll();
		await edit(old[0], { name: 'oldest-renamed.pdf' });
		await edit(old[5], { meta_fields: { tag: 'x' } });
		expect(await trigger.poll()).toBeNull();
		// ... while a re-parse of one of them does fire.
		startParse(old[1]);
		finish(old[1]);
		expect(ids(await trigger.pollJson())).toEqual([old[1].id]);
	});

	it('pages through more than 100 documents finishing between two polls, each once, oldest first', async () => {
		const ds = addDataset('Bulk');
		parsed(ds, 'before.pdf');
		const trigger = one(ds);
		await trigger.poll();
		take();
		const docs = Array.from({ length: 250 }, (_, i) =>
			parsed(ds, `bulk-${i}.pdf`, i % 10 === 0 ? 'FAIL' : 'DONE'),
		);
		const items = await trigger.pollJson();
		expect(ids(items)).toEqual(docs.map((d) => d.id));
		expect(take().map((r) => r.query.page)).toEqual(['1', '2', '3']);
		expect(await trigger.poll()).toBeNull();
		expect(take()).toHaveLength(1);
	});

	it('costs at most 11 requests for 1,000 documents finished in one poll', async () => {
		const ds = addDataset('Bulk');
		parsed(ds, 'before.pdf');
		const trigger = one(ds);
		await trigger.poll();
		take();
		for (let i = 0; i < 1000; i++) parsed(ds, `bulk-${i}.pdf`);
		const items = await trigger.pollJson();
		expect(new Set(ids(items)).size).toBe(1000);
		expect(items).toHaveLength(1000);
		expect(take().length).toBeLessThanOrEqual(11);
		clock.tick(120_000);
		expect(await trigger.poll()).toBeNull();
		expect(take()).toHaveLength(1);
		// The state stays bounded once the burst is behind the cursor.
		parsed(ds, 'later.pdf');
		expect(await trigger.pollJson()).toHaveLength(1);
		const state = trigger.staticData().trigger as { datasets: Record<string, { runs: object }> };
		expect(Object.keys(state.datasets[ds.id].runs).length).toBeLessThanOrEqual(1000);
	});

	it('does not lose or repeat documents sharing the cursor timestamp', async () => {
		// The late writes below become visible within the overlap: the polls run at one n8n moment,
		// however slowly the machine runs them (after a second the overlap is sealed).
		jest.spyOn(Date, 'now').mockReturnValue(Date.now());
		const ds = addDataset('Ties');
		const trigger = one(ds);
		await trigger.poll();
		const [a, b, c, d] = ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf'].map((name) => addDoc(ds, name));
		[a, b, c, d].forEach((doc) => startParse(doc));
		const at = clock.tick(5000);
		finish(a, 'DONE', at);
		finish(b, 'DONE', at);
		// RAGFlow's list leaves the order of equal update_time values open: compare them as a set.
		expect(names(await trigger.pollJson()).sort()).toEqual(['a.pdf', 'b.pdf']);
		// c finishes in the same millisecond, but its write became visible after the poll.
		finish(c, 'DONE', at);
		expect(names(await trigger.pollJson())).toEqual(['c.pdf']);
		// ... and one committed slightly out of order (a smaller timestamp, seen later).
		finish(d, 'DONE', at - 300);
		expect(d.update_time).toBe(at - 300);
		expect(names(await trigger.pollJson())).toEqual(['d.pdf']);
		expect(await trigger.poll()).toBeNull();
	});

	it('after a burst in one millisecond, catches a late write in the overlap, then idles at one request', async () => {
		const realNow = Date.now.bind(Date);
		let offset = 0;
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		const ds = addDataset('Burst');
		const trigger = one(ds);
		await trigger.poll();
		const burst = Array.from({ length: 300 }, (_, i) => addDoc(ds, `burst-${i}.pdf`));
		const late = addDoc(ds, 'late.pdf');
		[...burst, late].forEach((doc) => startParse(doc));
		const at = clock.tick(5000);
		burst.forEach((doc) => finish(doc, 'DONE', at));
		expect(await trigger.pollJson()).toHaveLength(300);

		// A poll interval later, a write stamped just below the cursor becomes visible.
		offset += 60_000;
		finish(late, 'DONE', at - 300);
		take();
		expect(names(await trigger.pollJson())).toEqual(['late.pdf']);
		expect(take()).toHaveLength(4);
		for (let i = 0; i < 3; i++) {
			offset += 60_000;
			expect(await trigger.poll()).toBeNull();
			expect(take()).toHaveLength(1);
		}
		// A re-parse of a burst document is newer than the sealed moment and fires once.
		startParse(burst[7]);
		finish(burst[7]);
		expect(ids(await trigger.pollJson())).toEqual([burst[7].id]);
	});

	it('handles the list shifting between pages (a document finishing or leaving mid-walk)', async () => {
		const ds = addDataset('Shift');
		const trigger = one(ds);
		await trigger.poll();
		const docs = Array.from({ length: 150 }, (_, i) => parsed(ds, `s-${i}.pdf`));
		let late: DocumentRow | undefined;
		sim.onRequest((request) => {
			if (request.query.page === '2' && !late) {
				// A new finish pushes every document one place down: page 2 repeats page 1's last.
				late = parsed(ds, 'late.pdf');
			}
		});
		const first = await trigger.pollJson();
		expect(late).toBeDefined();
		expect(new Set(ids(first)).size).toBe(first.length);
		expect(ids(first)).toEqual(expect.arrayContaining(docs.map((d) => d.id)));
		const second = await trigger.pollJson();
		expect(ids([...first, ...second]).filter((x) => x === late!.id)).toHaveLength(1);

		// A document leaving the list (re-parse started) while page 2 is read moves the rest up.
		sim.onRequest(undefined);
		const more = Array.from({ length: 150 }, (_, i) => parsed(ds, `m-${i}.pdf`));
		let left = false;
		sim.onRequest((request) => {
			if (request.query.page === '2' && !left) {
				left = true;
				startParse(more[149]);
			}
		});
		const third = await trigger.pollJson();
		sim.onRequest(undefined);
		expect(left).toBe(true);
		expect(ids(third)).toEqual(expect.arrayContaining(more.slice(0, 149).map((d) => d.id)));
		expect(new Set(ids(third)).size).toBe(third.length);
		finish(more[149]);
		expect(ids(await trigger.pollJson())).toEqual([more[149].id]);
	});

	it('keeps the cursor through transient errors (5xx, network) and catches up afterwards', async () => {
		const ds = addDataset('Flaky');
		const trigger = one(ds);
		await trigger.poll();
		const before = JSON.stringify(trigger.staticData());
		const doc = parsed(ds, 'during-outage.pdf');

		failNext(502);
		const result = await trigger.poll();
		expect(result).toBeNull();
		expect(JSON.stringify(trigger.staticData())).toBe(before);

		// A real refused connection (nothing listens on the discard port) for one poll.
		const baseUrl = trigger.credentials.baseUrl;
		trigger.credentials.baseUrl = 'http://127.0.0.1:9';
		const warn = jest.spyOn(trigger.lastContext!.logger, 'warn');
		expect(await trigger.poll()).toBeNull();
		trigger.credentials.baseUrl = baseUrl;
		expect(warn).toHaveBeenCalledWith(expect.stringContaining('poll failed'), expect.anything());
		expect(warn.mock.calls[0][0]).not.toContain(sim.apiKey);
		warn.mockRestore();

		const later = parsed(ds, 'after-outage.pdf');
		expect(ids(await trigger.pollJson())).toEqual([doc.id, later.id]);
	});

	it('throws transient errors before the first successful poll, and in manual mode', async () => {
		const ds = addDataset('Flaky');
		const trigger = one(ds);
		failNext(500);
		await expect(trigger.poll()).rejects.toThrow(/RAGFlow error/);
		failNext(503);
		await expect(trigger.poll('manual')).rejects.toThrow();
		expect(await trigger.poll()).toBeNull();
	});

	it('reports an invalid API key clearly', async () => {
		const ds = addDataset('Handbook');
		const trigger = createPoller({
			parameters: { datasetMode: 'one', datasetId: rl(ds.id) },
			credentials: { baseUrl: sim.url, apiKey: 'ragflow-not-the-key' },
		});
		await expect(trigger.poll()).rejects.toThrow(/invalid API key/);
		expect(take().map((r) => r.status)).toEqual([401]);
	});

	it('reports a deleted dataset clearly, also after activation', async () => {
		const ds = addDataset('Soon gone');
		const trigger = one(ds);
		await trigger.poll();
		sim.state.deleteDataset(ds.id);
		await expect(trigger.poll()).rejects.toThrow(
			`Dataset ${ds.id} does not exist or the API key cannot access it`,
		);
	});

	it('survives an n8n restart: state lives in static data', async () => {
		const ds = addDataset('Restart');
		const trigger = one(ds);
		await trigger.poll();
		const a = parsed(ds, 'a.pdf');
		expect(ids(await trigger.pollJson())).toEqual([a.id]);
		trigger.restart();
		const b = parsed(ds, 'b.pdf');
		expect(ids(await trigger.pollJson())).toEqual([b.id]);
		trigger.restart();
		expect(await trigger.poll()).toBeNull();
	});

	it('drains a backlog over several polls when the poll budget is short, without duplicates', async () => {
		const ds = addDataset('Slow');
		const trigger = poller({ datasetMode: 'one', datasetId: rl(ds.id) }, { budgetMs: 0 });
		await trigger.poll();
		const docs = Array.from({ length: 350 }, (_, i) => parsed(ds, `b-${i}.pdf`));
		const seen: IDataObject[] = [];
		for (let i = 0; i < 6; i++) {
			take();
			seen.push(...(await trigger.pollJson()));
			expect(take().length).toBeLessThanOrEqual(2);
		}
		expect(ids(seen).sort()).toEqual(docs.map((d) => d.id).sort());
		expect(await trigger.poll()).toBeNull();
		// Once drained, the cursor is the newest document's, so idle polls read a single page.
		const state = trigger.staticData().trigger as {
			datasets: Record<string, { cursor: number; resume?: object }>;
		};
		expect(state.datasets[ds.id]).toMatchObject({ cursor: docs[349].update_time });
		expect(state.datasets[ds.id].resume).toBeUndefined();
	});

	it('filters by document name and can return the full document', async () => {
		const ds = addDataset('Mixed');
		const trigger = one(ds, { options: { nameContains: 'Invoice', simplify: false } });
		await trigger.poll();
		parsed(ds, 'notes.pdf');
		const invoice = parsed(ds, '2026-INVOICE-7.pdf');
		const items = await trigger.pollJson();
		expect(items).toEqual([
			expect.objectContaining({
				id: invoice.id,
				chunk_method: 'naive',
				meta_fields: {},
				dataset_name: 'Mixed',
				event: 'parsingFinished',
			}),
		]);
	});

	it('validates the parameters before any request', async () => {
		const trigger = poller({ datasetMode: 'one', datasetId: rl('not-an-id') });
		await expect(trigger.poll()).rejects.toThrow('"not-an-id" is not a valid dataset ID');
		const noEvents = poller({ datasetMode: 'all', events: [] });
		await expect(noEvents.poll()).rejects.toThrow('No event selected');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('RAGFlow Trigger: Fetch test event (manual mode)', () => {
	it('returns the most recently finished document without touching the state', async () => {
		const ds = addDataset('Handbook');
		parsed(ds, 'older.pdf');
		const newest = parsed(ds, 'newest.pdf', 'FAIL');
		const running = addDoc(ds, 'running.pdf');
		startParse(running);
		const trigger = one(ds);
		const items = await trigger.pollJson('manual');
		expect(items).toEqual([
			expect.objectContaining({ id: newest.id, dataset_name: 'Handbook', event: 'parsingFailed' }),
		]);
		expect(trigger.staticData()).toEqual({});
		// The first production poll still only seeds.
		expect(await trigger.poll()).toBeNull();
	});

	it('looks across datasets in "all datasets" mode, and returns nothing when nothing finished', async () => {
		const a = addDataset('A');
		const b = addDataset('B');
		parsed(a, 'a.pdf');
		const newest = parsed(b, 'b.pdf');
		const trigger = poller({ datasetMode: 'all' });
		expect(await trigger.pollJson('manual')).toEqual([
			expect.objectContaining({ id: newest.id, dataset_name: 'B' }),
		]);
		const empty = addDataset('Empty');
		expect(await one(empty).poll('manual')).toBeNull();
	});
});

describe('RAGFlow Trigger: several and all datasets', () => {
	it('watches 50 idle datasets with at most 2 requests per poll and finds the one that changed', async () => {
		const datasets = Array.from({ length: 50 }, (_, i) => addDataset(`ds-${i}`));
		datasets.forEach((ds, i) => i % 3 === 0 && parsed(ds, `seed-${i}.pdf`));
		const trigger = poller({ datasetMode: 'all' });
		expect(await trigger.poll()).toBeNull();
		const seed = take();
		expect(seed[0].path).toBe('/api/v1/datasets');
		expect(seed[0].query).toEqual({
			include_parsing_status: 'true',
			orderby: 'create_time',
			desc: 'false',
			page: '1',
			page_size: '100',
		});
		for (let i = 0; i < 5; i++) {
			expect(await trigger.poll()).toBeNull();
			expect(take().length).toBeLessThanOrEqual(2);
		}
		const doc = parsed(datasets[17], 'new.pdf');
		const failed = parsed(datasets[42], 'bad.pdf', 'FAIL');
		const items = await trigger.pollJson();
		expect(items).toEqual([
			expect.objectContaining({
				id: doc.id,
				dataset_id: datasets[17].id,
				dataset_name: 'ds-17',
				event: 'parsingFinished',
			}),
			expect.objectContaining({ id: failed.id, dataset_name: 'ds-42', event: 'parsingFailed' }),
		]);
		expect(take().map((r) => r.path)).toEqual([
			'/api/v1/datasets',
			`/api/v1/datasets/${datasets[17].id}/documents`,
			`/api/v1/datasets/${datasets[42].id}/documents`,
		]);
		expect(await trigger.poll()).toBeNull();
	});

	it('costs at most 11 requests for 1,000 documents finished in one of the datasets', async () => {
		const datasets = Array.from({ length: 20 }, (_, i) => addDataset(`ds-${i}`));
		const trigger = poller({ datasetMode: 'all' });
		await trigger.poll();
		take();
		for (let i = 0; i < 1000; i++) parsed(datasets[3], `bulk-${i}.pdf`);
		expect(await trigger.pollJson()).toHaveLength(1000);
		expect(take().length).toBeLessThanOrEqual(11);
	});

	it('catches a re-parse that leaves every count unchanged through the idle rotation', async () => {
		const datasets = Array.from({ length: 4 }, (_, i) => addDataset(`ds-${i}`));
		const doc = parsed(datasets[2], 'doc.pdf');
		const trigger = poller({ datasetMode: 'all' });
		await trigger.poll();
		const row = sim.state.datasetView(datasets[2], 'list', true);
		const updateTime = datasets[2].update_time;
		startParse(doc);
		finish(doc);
		// The simulator stamps the dataset at every parse write; put its update_time back, so its list
		// row shows nothing at all (same counts, same times): only the idle rotation can find the run.
		datasets[2].update_time = updateTime;
		expect(sim.state.datasetView(datasets[2], 'list', true)).toEqual(row);
		const found: IDataObject[] = [];
		for (let i = 0; i < 4; i++) found.push(...(await trigger.pollJson()));
		expect(ids(found)).toEqual([doc.id]);
	});

	it('fires for datasets created after activation, and forgets deleted ones', async () => {
		const old = addDataset('old');
		parsed(old, 'history.pdf');
		const trigger = poller({ datasetMode: 'all' });
		await trigger.poll();
		const created = addDataset('created later');
		const first = parsed(created, 'first.pdf');
		expect(await trigger.pollJson()).toEqual([
			expect.objectContaining({ id: first.id, dataset_name: 'created later' }),
		]);
		sim.state.deleteDataset(old.id);
		for (let i = 0; i < 3; i++) expect(await trigger.poll()).toBeNull();
		const state = trigger.staticData().trigger as { datasets: Record<string, unknown> };
		expect(Object.keys(state.datasets)).toEqual([created.id]);
	});

	it('skips a dataset deleted between the dataset list and its document list', async () => {
		const a = addDataset('A');
		const b = addDataset('B');
		const trigger = poller({ datasetMode: 'all' });
		await trigger.poll();
		parsed(a, 'in-a.pdf');
		const inB = parsed(b, 'in-b.pdf');
		sim.onRequest((request) => {
			if (request.path === `/api/v1/datasets/${a.id}/documents`) sim.state.deleteDataset(a.id);
		});
		expect(await trigger.pollJson()).toEqual([expect.objectContaining({ id: inB.id })]);
		expect(sim.state.getDataset(a.id)).toBeUndefined();
		const state = trigger.staticData().trigger as { datasets: Record<string, unknown> };
		expect(Object.keys(state.datasets)).toEqual([b.id]);
	});

	it('watches a list of datasets through one filtered dataset list, and reports a missing one', async () => {
		const a = addDataset('A');
		const b = addDataset('B');
		const c = addDataset('C');
		const trigger = poller({ datasetMode: 'several', datasetIds: `${a.id}, ${c.id}` });
		await trigger.poll();
		const seed = take();
		expect(seed).toHaveLength(1);
		expect(all(seed[0].query, 'ids')).toEqual([a.id, c.id]);
		parsed(b, 'not-watched.pdf');
		const inC = parsed(c, 'watched.pdf');
		expect(await trigger.pollJson()).toEqual([
			expect.objectContaining({ id: inC.id, dataset_name: 'C' }),
		]);
		sim.state.deleteDataset(a.id);
		await expect(trigger.poll()).rejects.toThrow(`Dataset ${a.id} does not exist`);
	});

	it('watches a list of one dataset with one request per idle poll', async () => {
		const a = addDataset('A');
		const trigger = poller({ datasetMode: 'several', datasetIds: ` ${a.id.toUpperCase()} ` });
		await trigger.poll();
		take();
		expect(await trigger.poll()).toBeNull();
		expect(take().map((r) => r.path)).toEqual([`/api/v1/datasets/${a.id}/documents`]);
		const doc = parsed(a, 'x.pdf');
		expect(await trigger.pollJson()).toEqual([
			expect.objectContaining({ id: doc.id, dataset_name: 'A' }),
		]);
	});
});

describe('RAGFlow Trigger: choosing several datasets', () => {
	const datasetIdsField = (type: string) => {
		const nodeType = new TestNodeTypes().getByNameAndVersion(`n8n-nodes-ragflow.${type}`, 1);
		const field = nodeType.description.properties.find((p) => p.name === 'datasetIds');
		return field && { ...field, description: undefined, displayOptions: undefined };
	};

	it('offers the same "Dataset Names or IDs" multi-select as RAGFlow Retrieve, listing the datasets', async () => {
		const handbook = addDataset('Handbook');
		const policies = addDataset('Policies');
		expect(datasetIdsField('ragflowTrigger')).toMatchObject({
			displayName: 'Dataset Names or IDs',
			type: 'multiOptions',
		});
		expect(datasetIdsField('ragflowTrigger')).toEqual(datasetIdsField('ragflowRetrieve'));
		const options = await loadParameterOptions({
			parameters: { datasetMode: 'several' },
			parameter: 'datasetIds',
			credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
		});
		expect(options.map(({ name, value }) => ({ name, value }))).toEqual([
			{ name: 'Policies', value: policies.id },
			{ name: 'Handbook', value: handbook.id },
		]);
	});

	it.each([
		['picked in the list (an array)', (a: string, c: string) => [a, c]],
		['given by an expression as an array', (a: string, c: string) => `={{ ["${a}", "${c}"] }}`],
		[
			'given by an expression as comma-separated IDs',
			(a: string, c: string) => `={{ "${a},${c}" }}`,
		],
	])('watches the datasets %s', async (_, value) => {
		const a = addDataset('A');
		const b = addDataset('B');
		const c = addDataset('C');
		const trigger = poller({ datasetMode: 'several', datasetIds: value(a.id, c.id) });
		expect(await trigger.poll()).toBeNull();
		const seed = take();
		expect(seed).toHaveLength(1);
		expect(all(seed[0].query, 'ids')).toEqual([a.id, c.id]);
		parsed(b, 'not-watched.pdf');
		const inA = parsed(a, 'watched.pdf');
		expect(await trigger.pollJson()).toEqual([
			expect.objectContaining({ id: inA.id, dataset_name: 'A' }),
		]);
	});

	it('refuses an empty selection, an invalid ID and more than 100 datasets before any request', async () => {
		const several = (datasetIds: string | string[]) =>
			poller({ datasetMode: 'several', datasetIds }).poll();
		await expect(several([])).rejects.toThrow('No dataset selected');
		await expect(several('={{ "" }}')).rejects.toThrow('No dataset selected');
		const valid = addDataset('Valid').id;
		await expect(several([valid, 'not-an-id'])).rejects.toThrow(
			'"not-an-id" is not a valid dataset ID',
		);
		const many = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(32, '0'));
		await expect(several(many)).rejects.toThrow('Too many datasets (101)');
		expect(sim.requests).toHaveLength(0);
	});
});
