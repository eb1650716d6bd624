import type { IDataObject } from 'n8n-workflow';

import { forgetServers } from '../../nodes/shared/compat';
import type { PollerOptions } from '../harness/runPoll';
import { createPoller } from '../harness/runPoll';
import type {
	DatasetRow,
	DocumentRow,
	RequestLogEntry,
	RunningSimulator,
} from '../simulator/server.cts';
import { ManualClock, startSimulator } from '../simulator/server.cts';
import { PARSE_STEP_COUNT } from '../simulator/state.cts';

/**
 * What the trigger's unit tests (test/trigger/*.test.ts) share. They run against the package's
 * RAGFlow simulator (test/simulator/) over real HTTP: its document and dataset lists (run filter, `orderby=update_time`, paging, `total`,
 * `include_parsing_status`, `ids`) and its time labels (docs/ragflow-api.md §1, §6.2, §7). The
 * simulator's clock is the test's (`ManualClock`), so every `update_time`, `process_begin_at` and
 * `process_duration` is exact, and parses move only when a test says so (`manualParse`). Documents
 * are seeded and parsed in process through the state methods the routes use; user edits go through
 * the API. A fresh simulator per test keeps the dataset lists of "all datasets" mode exact.
 */
export let sim: RunningSimulator;
export let clock: ManualClock;

/** A fresh simulator (and clock) per test. */
export function useSimulator() {
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
}

export const rl = (value: string) => ({ __rl: true, mode: 'id', value });
export const ids = (items: IDataObject[]) => items.map((item) => item.id);
export const names = (items: IDataObject[]) => items.map((item) => item.name);

/** The trigger, polling the simulator with its key. */
export const poller = (parameters: IDataObject, extra: Partial<PollerOptions> = {}) =>
	createPoller({
		parameters,
		credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
		...extra,
	});
export const one = (dataset: DatasetRow, extra: IDataObject = {}) =>
	poller({ datasetMode: 'one', datasetId: rl(dataset.id), ...extra });

/** Every value of a query key, as the simulator logged it (one value is a string). */
export const all = (query: RequestLogEntry['query'], key: string): string[] =>
	[query[key] ?? []].flat();

/** Requests made since the last call (and forgets them). */
export function take(): RequestLogEntry[] {
	const taken = [...sim.requests];
	sim.clearRequests();
	return taken;
}

export function addDataset(name: string): DatasetRow {
	clock.tick();
	return sim.state.createDataset(name);
}

export function addDoc(dataset: DatasetRow, name: string): DocumentRow {
	clock.tick();
	return sim.state.addDocument(dataset.id, {
		name,
		content: `Text of ${name}.\nRAGFlow parses this into chunks.`,
	});
}

/** Queues a parse: RUNNING with a new process_begin_at. */
export function startParse(doc: DocumentRow): void {
	clock.tick(3);
	sim.state.startParse(doc);
}

/**
 * Ends the running parse with a write stamped `at` (default: 2.5 s later). An `at` below the clock
 * is a write stamped earlier that becomes visible only now; the clock does not go back for later
 * writes. DONE runs the simulator's parse clock to its end; FAIL and CANCEL are the simulator's
 * failed parse and stop.
 */
export function finish(
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
export function parsed(
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
export async function edit(doc: DocumentRow, patch: IDataObject): Promise<void> {
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
export function failNext(status: number): void {
	sim.faults.add({
		path: '/api/v1/**',
		method: 'GET',
		kind: 'status',
		status,
		times: 1,
		body: { code: 100, message: 'Internal Server Error' },
	});
}
