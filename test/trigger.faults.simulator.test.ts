import type { IDataObject } from 'n8n-workflow';

import { createPoller } from './harness/runPoll';
import type { RunningSimulator } from './simulator/server.cts';
import { startSimulator } from './simulator/server.cts';

/**
 * The trigger under faults, against the simulator over real HTTP: a Base URL that answers an HTML
 * page is reported like a refused key (not retried silently forever), and after a burst of
 * documents finishing in the same second an idle poll costs one request again.
 */
let sim: RunningSimulator;

beforeAll(async () => {
	sim = await startSimulator({ port: 0, parseMs: 50 });
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => {
	sim.faults.clear();
	jest.restoreAllMocks();
});

async function admin(path: string, body: unknown): Promise<IDataObject> {
	const response = await fetch(`${sim.url}${path}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const envelope = (await response.json()) as IDataObject;
	expect(envelope.code).toBe(0);
	return envelope.data as IDataObject;
}

const createDataset = async (name: string) =>
	String((await admin('/api/v1/datasets', { name })).id);
const finishDocuments = async (datasetId: string, count: number, prefix: string) =>
	(await admin('/_simulator/seed/documents', {
		dataset_id: datasetId,
		count,
		run: 'DONE',
		name_prefix: prefix,
	})) as { ids: string[] };

function watch(datasetId: string) {
	return createPoller({
		parameters: {
			datasetMode: 'one',
			datasetId: { __rl: true, mode: 'id', value: datasetId },
			events: ['DONE'],
		},
		credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
	});
}

/**
 * The n8n clock (and the simulator's, which shares the process) moved forward by the poll interval
 * between polls, so the test does not depend on how fast the machine runs the polls.
 */
function controlledClock(): { advance(ms: number): void } {
	const realNow = Date.now.bind(Date);
	let offset = 0;
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
	return { advance: (ms) => void (offset += ms) };
}

describe('RAGFlow Trigger under faults (real HTTP)', () => {
	it('reports a Base URL answering an HTML page with 200 like a 403, and still waits out a 502', async () => {
		const datasetId = await createDataset('Behind a login page');
		const trigger = watch(datasetId);
		expect(await trigger.poll()).toBeNull();
		const documents = `/api/v1/datasets/${datasetId}/documents`;

		sim.faults.add({ path: documents, method: 'GET', kind: 'status', status: 502, times: 1 });
		expect(await trigger.poll()).toBeNull();

		sim.faults.add({
			path: documents,
			method: 'GET',
			kind: 'status',
			status: 403,
			body: { code: 403, message: 'Forbidden' },
			times: 1,
		});
		await expect(trigger.poll()).rejects.toThrow(/Forbidden/);

		sim.faults.add({ path: documents, method: 'GET', kind: 'html_200' });
		sim.clearRequests();
		for (let i = 0; i < 2; i++) {
			await expect(trigger.poll()).rejects.toThrow(/not a RAGFlow JSON response/);
		}
		expect(sim.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', documents],
			['GET', documents],
		]);

		// Once the Base URL answers again, the cursor that was kept picks up what finished meanwhile.
		const { ids } = await finishDocuments(datasetId, 2, 'meanwhile');
		sim.faults.clear();
		const items = (await trigger.pollJson()).map((item) => item.id);
		expect(items.sort()).toEqual([...ids].sort());
	});

	it('ends a poll of a server that never answers after the credential timeout, keeping the cursor', async () => {
		const datasetId = await createDataset('Hung server');
		const trigger = createPoller({
			parameters: {
				datasetMode: 'one',
				datasetId: { __rl: true, mode: 'id', value: datasetId },
				events: ['DONE'],
			},
			credentials: { baseUrl: sim.url, apiKey: sim.apiKey, timeout: 0.5 },
		});
		expect(await trigger.poll()).toBeNull();
		const documents = `/api/v1/datasets/${datasetId}/documents`;
		sim.faults.add({ path: documents, method: 'GET', kind: 'hang', times: 1 });
		// A passing fault: the poll ends (nothing emitted) and the next one picks up where it was.
		expect(await trigger.poll()).toBeNull();
		const { ids } = await finishDocuments(datasetId, 1, 'after-hang');
		expect((await trigger.pollJson()).map((item) => item.id)).toEqual(ids);
	});

	it('costs one request per idle poll again by the second poll after 1,000 documents finished at once', async () => {
		const clock = controlledClock();
		const datasetId = await createDataset('Burst');
		await finishDocuments(datasetId, 1, 'history');
		const trigger = watch(datasetId);
		expect(await trigger.poll()).toBeNull();

		clock.advance(60_000);
		const burst = await finishDocuments(datasetId, 1000, 'burst');
		sim.clearRequests();
		const emitted = await trigger.pollJson();
		expect(new Set(emitted.map((item) => item.id))).toEqual(new Set(burst.ids));
		expect(emitted).toHaveLength(1000);
		expect(sim.requests.length).toBeLessThanOrEqual(11);

		// The first poll after the burst re-reads the overlap below the cursor (late writes land
		// there); from the second one on an idle poll is one request.
		const costs: number[] = [];
		for (let i = 0; i < 4; i++) {
			clock.advance(60_000);
			sim.clearRequests();
			expect(await trigger.poll()).toBeNull();
			costs.push(sim.requests.length);
		}
		expect(costs.slice(1)).toEqual([1, 1, 1]);

		// Exactly once still holds: a later finish fires once, then idle again.
		clock.advance(60_000);
		const later = await finishDocuments(datasetId, 1, 'later');
		expect((await trigger.pollJson()).map((item) => item.id)).toEqual(later.ids);
		for (let i = 0; i < 2; i++) {
			clock.advance(60_000);
			sim.clearRequests();
			expect(await trigger.poll()).toBeNull();
			expect(sim.requests).toHaveLength(1);
		}
	});
});
