import type { IDataObject } from 'n8n-workflow';

import { jsonOf, runNode } from './harness/runWorkflow';
import type { RunningSimulator } from './simulator/server.cts';
import { startSimulator } from './simulator/server.cts';

/**
 * Return All and Limit against the simulator over real HTTP: a server (or a proxy or cache in front
 * of it) that answers every page with the same items ends in a clear error after two requests
 * instead of an endless loop, Retrieve pages through the same loop, and Limit is checked on every
 * Get Many before anything is sent.
 */
let sim: RunningSimulator;

beforeAll(async () => {
	sim = await startSimulator({ port: 0, parseMs: 50 });
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => sim.faults.clear());

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const credentials = () => ({ baseUrl: sim.url, apiKey: sim.apiKey });
const hex = (n: number) => n.toString(16).padStart(32, '0');

async function api(method: string, path: string, body?: unknown): Promise<IDataObject> {
	const response = await fetch(`${sim.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const envelope = (await response.json()) as IDataObject;
	expect(envelope.code).toBe(0);
	return envelope;
}

/** A dataset with `count` parsed documents, so that retrieval finds chunks. */
async function parsedDataset(name: string, count: number): Promise<string> {
	const dataset = (await api('POST', '/api/v1/datasets', { name })).data as IDataObject;
	const datasetId = String(dataset.id);
	await api('POST', '/_simulator/seed/documents', {
		dataset_id: datasetId,
		count,
		run: 'DONE',
		name_prefix: 'handbook',
	});
	return datasetId;
}

/** What a cache that ignores the query string keeps answering: one full page, no total. */
const samePage = (data: unknown) => ({
	kind: 'status' as const,
	status: 200,
	body: { code: 0, data },
});

describe('Return All always ends', () => {
	it('Dataset Get Many: a server answering every page with the same full page is an error after 2 requests', async () => {
		const page = Array.from({ length: 100 }, (_, i) => ({ id: hex(i + 1), name: `ds-${i}` }));
		sim.faults.add({ path: '/api/v1/datasets', method: 'GET', ...samePage(page) });
		sim.clearRequests();

		const result = await runNode({
			type: 'ragflowDataset',
			credentials: credentials(),
			parameters: { operation: 'getAll', returnAll: true },
		});

		expect(result.error?.message).toMatch(/ignores paging on GET \/api\/v1\/datasets/);
		expect(result.error?.message).toMatch(/page 2 repeats items of an earlier page/);
		expect(result.error?.description).toMatch(/proxy or cache .* drops the query string/);
		expect(sim.requests.map((r) => [r.method, r.path, r.query.page])).toEqual([
			['GET', '/api/v1/datasets', '1'],
			['GET', '/api/v1/datasets', '2'],
		]);
	});

	it('Document Get Many: the same page again, also with Continue On Fail, gives one error item', async () => {
		const datasetId = await parsedDataset('Cached documents', 1);
		const docs = Array.from({ length: 100 }, (_, i) => ({ id: hex(1000 + i), name: `d-${i}.txt` }));
		sim.faults.add({
			path: `/api/v1/datasets/${datasetId}/documents`,
			method: 'GET',
			...samePage({ docs }),
		});
		sim.clearRequests();

		const result = await runNode({
			type: 'ragflowDocument',
			credentials: credentials(),
			continueOnFail: true,
			parameters: { operation: 'getAll', datasetId: rl(datasetId), returnAll: true },
		});

		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([
			expect.objectContaining({
				error: expect.stringMatching(/ignores paging on GET \/api\/v1\/datasets\/\w+\/documents/),
			}),
		]);
		expect(sim.requests).toHaveLength(2);
	});

	it('Retrieve uses the same loop: a repeated page is an error naming POST /api/v1/retrieval', async () => {
		const datasetId = await parsedDataset('Cached retrieval', 2);
		const chunks = Array.from({ length: 30 }, (_, i) => ({
			id: `chunk${i}`,
			content: `text ${i}`,
		}));
		sim.faults.add({
			path: '/api/v1/retrieval',
			method: 'POST',
			...samePage({ chunks, doc_aggs: [] }),
		});
		sim.clearRequests();

		const result = await runNode({
			type: 'ragflowRetrieve',
			credentials: credentials(),
			parameters: {
				question: 'seeded content',
				datasetIds: [datasetId],
				returnAll: true,
				options: { pageSize: 30 },
			},
		});

		expect(result.error?.message).toMatch(/ignores paging on POST \/api\/v1\/retrieval/);
		// The cache answers before reading the body, so the log holds the requests without it.
		expect(sim.requests.map((r) => [r.method, r.path])).toEqual([
			['POST', '/api/v1/retrieval'],
			['POST', '/api/v1/retrieval'],
		]);
	});

	it('Retrieve keeps its paging: start page, page size, Limit and the combined output', async () => {
		const datasetId = await parsedDataset('Paged retrieval', 12);
		const run = async (extra: IDataObject) =>
			await runNode({
				type: 'ragflowRetrieve',
				credentials: credentials(),
				parameters: {
					question: 'seeded content',
					datasetIds: [datasetId],
					...extra,
				},
			});
		sim.clearRequests();
		const all = await run({ returnAll: true, options: { pageSize: 5, outputMode: 'combined' } });
		expect(all.error).toBeUndefined();
		const [combined] = jsonOf(all);
		const total = Number(combined.total);
		expect(total).toBeGreaterThan(10);
		expect(combined.chunks).toHaveLength(total);
		expect(Array.isArray(combined.doc_aggs) && combined.doc_aggs.length).toBeGreaterThan(0);
		const pages = Math.ceil(total / 5);
		expect(sim.requests.map((r) => (r.body as IDataObject).page_size)).toEqual(
			Array(pages).fill(5),
		);

		sim.clearRequests();
		const limited = await run({ limit: 7, options: { pageSize: 3, startPage: 2 } });
		expect(jsonOf(limited)).toHaveLength(7);
		expect(sim.requests.map((r) => (r.body as IDataObject).page)).toEqual([2, 3, 4]);
		const ids = (combined.chunks as IDataObject[]).map((c) => c.id);
		expect(jsonOf(limited).map((c) => c.id)).toEqual(ids.slice(3, 10));
	});
});

describe('Limit is validated on every Get Many before any request', () => {
	const DS = hex(0xd1);
	const getManys: Array<[string, IDataObject]> = [
		['ragflowDataset', { operation: 'getAll' }],
		['ragflowDocument', { operation: 'getAll', datasetId: rl(DS) }],
		['ragflowChunk', { operation: 'getAll', datasetId: rl(DS), documentId: rl(hex(0xa1)) }],
		['ragflowChatAssistant', { operation: 'getAll' }],
		['ragflowSession', { resource: 'chatSession', operation: 'getAll', chatId: rl(hex(0xc1)) }],
		['ragflowSession', { resource: 'agentSession', operation: 'getAll', agentId: rl(hex(0xa9)) }],
		['ragflowRetrieve', { question: 'q', datasetIds: [DS] }],
	];
	const badLimits: Array<[string | number, RegExp]> = [
		['={{ "abc" }}', /^Limit is not a number$/],
		[-5, /^Limit must be at least 1$/],
		[0, /^Limit must be at least 1$/],
		[2.5, /^Limit must be a whole number$/],
	];

	it.each(getManys)('%s %j', async (type, parameters) => {
		for (const [limit, message] of badLimits) {
			sim.clearRequests();
			const result = await runNode({
				type,
				credentials: credentials(),
				parameters: { ...parameters, returnAll: false, limit },
			});
			expect([limit, result.error?.message]).toEqual([limit, expect.stringMatching(message)]);
			expect(result.error?.description).toMatch(/Enter a whole number at least 1/);
			expect(sim.requests).toEqual([]);
		}
	});

	it('takes a numeric string as its number (as an agent fills it)', async () => {
		await parsedDataset('Limit as text', 1);
		sim.clearRequests();
		const result = await runNode({
			type: 'ragflowDataset',
			credentials: credentials(),
			parameters: { operation: 'getAll', returnAll: false, limit: '={{ "2" }}' },
		});
		expect(result.error).toBeUndefined();
		expect(sim.requests.map((r) => r.query.page_size)).toEqual(['2']);
	});
});
