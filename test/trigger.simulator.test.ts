import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { createPoller } from './harness/runPoll';
import type { RunningSimulator } from './simulator/server.cts';
import { startSimulator } from './simulator/server.cts';
import { PARSE_STEP_COUNT } from './simulator/state.cts';

/**
 * The trigger against the package's RAGFlow simulator over real HTTP: documents are uploaded and
 * parsed through the API, and the trigger's successive polls must emit each finished run once. The
 * parses move only when the test says so (manual parsing), so every poll sees a known state however
 * busy the machine is.
 */
let sim: RunningSimulator;

beforeAll(async () => {
	sim = await startSimulator({ port: 0, manualParse: true });
});
afterAll(async () => {
	await sim.close();
});

async function api(method: string, path: string, body?: unknown): Promise<IDataObject> {
	const response = await fetch(`${sim.url}/api/v1${path}`, {
		method,
		headers: {
			authorization: `Bearer ${sim.apiKey}`,
			...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }),
		},
		body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
	});
	const envelope = (await response.json()) as IDataObject;
	expect(envelope.code).toBe(0);
	return envelope;
}

async function upload(datasetId: string, names: string[]): Promise<IDataObject[]> {
	const form = new FormData();
	for (const name of names) form.append('file', new Blob([`Text of ${name}. RAGFlow parses this.`]), name);
	return (await api('POST', `/datasets/${datasetId}/documents`, form)).data as IDataObject[];
}

const parse = async (datasetId: string, ids: string[]) =>
	await api('POST', `/datasets/${datasetId}/chunks`, { document_ids: ids });
/** Runs every started parse to its end. */
const finishParses = () => sim.state.advance(PARSE_STEP_COUNT);
/**
 * Waits (a condition, not a fixed pause) until the wall clock is in a later second than `ms`: a
 * re-parse in the same second with the same duration is a case the trigger unit tests cover with
 * exact values; here real durations of a few ms could coincide by chance.
 */
async function nextSecond(ms: number) {
	while (Math.floor(Date.now() / 1000) <= Math.floor(ms / 1000)) {
		await sleep(20);
	}
}

describe('RAGFlow Trigger against the simulator (real HTTP)', () => {
	it('emits exactly the finished documents once across successive polls', async () => {
		const dataset = (await api('POST', '/datasets', { name: 'Trigger e2e' })).data as IDataObject;
		const datasetId = String(dataset.id);
		// History before activation: never emitted.
		const [old] = await upload(datasetId, ['history.txt']);
		await parse(datasetId, [String(old.id)]);
		finishParses();
		expect(sim.state.getDocument(String(old.id))!.run).toBe('3');

		const trigger = createPoller({
			parameters: { datasetMode: 'one', datasetId: { __rl: true, mode: 'id', value: datasetId } },
			credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
		});
		expect(await trigger.poll()).toBeNull();

		const docs = await upload(datasetId, ['alpha.txt', 'beta.txt', 'will-fail.txt', 'never-parsed.txt']);
		const parsedIds = docs.slice(0, 3).map((doc) => String(doc.id));
		await parse(datasetId, parsedIds);
		// Running parses, however far along, fire nothing.
		expect(await trigger.poll()).toBeNull();
		sim.state.advance(PARSE_STEP_COUNT - 1);
		expect(await trigger.poll()).toBeNull();

		sim.state.advance();
		const emitted = await trigger.pollJson();
		expect(emitted.map((item) => item.id).sort()).toEqual([...parsedIds].sort());
		const byName = Object.fromEntries(emitted.map((item) => [item.name, item]));
		expect(byName['alpha.txt']).toMatchObject({ run: 'DONE', event: 'parsingFinished', dataset_name: 'Trigger e2e' });
		expect(byName['will-fail.txt']).toMatchObject({ run: 'FAIL', event: 'parsingFailed', progress: -1 });
		expect(Number(byName['beta.txt'].chunk_count)).toBeGreaterThan(0);

		// Idle polls: nothing more, one request each.
		sim.clearRequests();
		for (let i = 0; i < 3; i++) expect(await trigger.poll()).toBeNull();
		expect(sim.requests).toHaveLength(3);

		// Renaming a finished document does not fire; parsing it again does, once.
		await api('PATCH', `/datasets/${datasetId}/documents/${parsedIds[0]}`, { name: 'alpha-renamed.txt' });
		expect(await trigger.poll()).toBeNull();
		await nextSecond(sim.state.getDocument(parsedIds[0])!.process_begin_ms);
		await parse(datasetId, [parsedIds[0]]);
		expect(await trigger.poll()).toBeNull();
		finishParses();
		const again: IDataObject[] = [];
		for (let i = 0; i < 3; i++) again.push(...(await trigger.pollJson()));
		expect(again).toEqual([expect.objectContaining({ id: parsedIds[0], name: 'alpha-renamed.txt', run: 'DONE' })]);
	});

	it('watches all datasets with the parsing-status list and finds a finish in any of them', async () => {
		const trigger = createPoller({
			parameters: { datasetMode: 'all', events: ['DONE'] },
			credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
		});
		expect(await trigger.poll()).toBeNull();
		sim.clearRequests();
		expect(await trigger.poll()).toBeNull();
		expect(sim.requests.length).toBeLessThanOrEqual(2);

		const dataset = (await api('POST', '/datasets', { name: 'Created after activation' })).data as IDataObject;
		const [doc] = await upload(String(dataset.id), ['gamma.txt']);
		await parse(String(dataset.id), [String(doc.id)]);
		expect(await trigger.poll()).toBeNull();
		finishParses();
		const emitted: IDataObject[] = [];
		for (let i = 0; i < 3; i++) emitted.push(...(await trigger.pollJson()));
		expect(emitted).toEqual([
			expect.objectContaining({ id: doc.id, dataset_name: 'Created after activation', event: 'parsingFinished' }),
		]);
	});
});
