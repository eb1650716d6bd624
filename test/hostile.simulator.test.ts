import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { otherOrigin, type OtherOrigin } from './harness/otherOrigin.cts';
import { jsonOf, runNode, type RunNodeOptions } from './harness/runWorkflow';
import type { RunningSimulator } from './simulator/server.cts';
import { startSimulator } from './simulator/server.cts';

/**
 * The nodes against a hostile network and a misbehaving server, over real HTTP: the simulator's
 * fault injection stands in for redirects, hangs, cut connections, early stream ends, proxies'
 * pages and rate limits; a second listener stands in for another origin.
 */
let sim: RunningSimulator;
let elsewhere: OtherOrigin;
let datasetId: string;
let documentId: string;
let chatId: string;

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

beforeAll(async () => {
	sim = await startSimulator({ port: 0, sseDelayMs: 0 });
	elsewhere = await otherOrigin();
	datasetId = sim.state.createDataset('Handbook').id;
	documentId = sim.state.addDocument(datasetId, {
		name: 'vacation.txt',
		content:
			'New employees get 25 vacation days per year.\nVacation requests go to your manager two weeks ahead.',
		run: 'DONE',
	}).id;
	chatId = sim.state.createChat({ name: 'HR bot', dataset_ids: [datasetId] }).id;
});
afterAll(async () => {
	await elsewhere.close();
	await sim.close();
});
afterEach(() => {
	sim.faults.clear();
	sim.clearRequests();
	elsewhere.requests.length = 0;
});

async function run(options: Omit<RunNodeOptions, 'credentials'> & { credentials?: IDataObject }) {
	return await runNode({
		...options,
		credentials: { baseUrl: sim.url, apiKey: sim.apiKey, ...options.credentials },
	});
}

const datasetGet = { type: 'ragflowDataset', parameters: { operation: 'get', datasetId: rl('') } };
const getDataset = () => ({
	...datasetGet,
	parameters: { ...datasetGet.parameters, datasetId: rl(datasetId) },
});
const retrieve = () => ({
	type: 'ragflowRetrieve',
	parameters: {
		question: 'vacation days',
		datasetIds: [datasetId],
		limit: 5,
	},
});
const ask = () => ({
	type: 'ragflowSession',
	parameters: {
		resource: 'chatSession',
		operation: 'ask',
		chatId: rl(chatId),
		question: 'How many vacation days do new employees get?',
		sessionId: { __rl: true, mode: 'list', value: '' },
	},
});
const download = () => ({
	type: 'ragflowDocument',
	parameters: {
		operation: 'download',
		datasetId: rl(datasetId),
		documentId: rl(documentId),
		binaryPropertyName: 'data',
	},
});

/** Waits for a condition (checked every 10 ms, for at most 20 s). */
async function until(condition: () => boolean): Promise<void> {
	for (let waited = 0; !condition(); waited += 10) {
		if (waited > 20_000) throw new Error('condition not met in 20 s');
		await sleep(10);
	}
}

/** Everything a user can see of a failed run, for checks that the key shows nowhere. */
const visible = (result: Awaited<ReturnType<typeof run>>) =>
	JSON.stringify({ error: result.error, items: jsonOf(result) });

describe('redirects: the API key never leaves the credential origin', () => {
	it.each([
		['Dataset Get', 301, getDataset],
		['Retrieve (POST)', 301, retrieve],
		['Retrieve (POST)', 307, retrieve],
		['Chat Ask', 302, ask],
		['Chat Ask', 308, ask],
	])('%s answered with %i to another origin fails clearly', async (_name, status, node) => {
		sim.faults.add({
			path: '/api/v1/**',
			kind: 'redirect',
			status,
			location: `${elsewhere.url}{path}`,
		});
		const result = await run(node());
		expect(elsewhere.requests).toEqual([]);
		expect(result.items).toEqual([]);
		expect(result.error?.message).toContain("RAGFlow's address redirects");
		expect(result.error?.message).toContain(`to ${elsewhere.url}/api/v1/`);
		expect(result.error?.message).toContain(`(HTTP ${status})`);
		expect(result.error?.description).toContain(`put that address in the credential's Base URL`);
		expect(result.error?.description).toContain(elsewhere.url);
		expect(visible(result)).not.toContain(sim.apiKey);
		// One request, to the credential's origin only: nothing was replayed as another method.
		expect(sim.requests.length).toBe(1);
	});

	it('names the https address to use when a proxy moves http to https, without query or user info', async () => {
		sim.faults.add({
			path: '/api/v1/**',
			kind: 'redirect',
			status: 301,
			location: 'https://user:pw@ragflow.example.com/api/v1/datasets/x?token=secret',
		});
		const result = await run(getDataset());
		expect(result.error?.message).toBe(
			"RAGFlow's address redirects GET /api/v1/datasets/" +
				`${datasetId} to https://ragflow.example.com/api/v1/datasets/x (HTTP 301)`,
		);
		expect(result.error?.description).toContain(
			'If RAGFlow now lives at https://ragflow.example.com (',
		);
		expect(visible(result)).not.toMatch(/secret|pw@/);
	});
});

describe('timeouts: nothing waits forever', () => {
	it('fails a request the server never answers after the credential timeout, naming it', async () => {
		sim.faults.add({ path: '/api/v1/datasets/*', kind: 'hang' });
		const result = await run({ ...getDataset(), credentials: { timeout: 0.5 } });
		expect(result.error?.message).toBe(
			`RAGFlow did not answer within 0.5 s (GET /api/v1/datasets/${datasetId})`,
		);
		expect(result.items).toEqual([]);
	});

	it('fails a JSON answer that stops after its headers', async () => {
		sim.faults.add({ path: '/api/v1/datasets/*', kind: 'hang_after_headers' });
		const result = await run({ ...getDataset(), credentials: { timeout: 0.5 } });
		expect(result.error?.message).toBe(
			`RAGFlow did not answer within 0.5 s (GET /api/v1/datasets/${datasetId})`,
		);
	});

	it('fails a streamed answer that stops sending, with an idle timeout', async () => {
		sim.faults.add({
			path: '/api/v1/chat/completions',
			kind: 'hang_after_headers',
			headers: { 'Content-Type': 'text/event-stream' },
		});
		const result = await run({ ...ask(), streaming: true, credentials: { timeout: 0.5 } });
		expect(result.error?.message).toBe(
			'RAGFlow stopped sending for 0.5 s in the middle of the answer (POST /api/v1/chat/completions)',
		);
	});

	it('fails an upload the server stops reading, naming the request', async () => {
		sim.faults.add({ path: '/api/v1/datasets/*/documents', method: 'POST', kind: 'stall_upload' });
		// Far more than the socket buffers hold, so the upload itself stalls.
		const size = 64 * 1024 * 1024;
		const result = await run({
			type: 'ragflowDocument',
			parameters: { operation: 'upload', datasetId: rl(datasetId), binaryPropertyName: 'data' },
			input: [
				{
					json: {},
					binary: {
						data: {
							data: Buffer.alloc(size, 97).toString('base64'),
							mimeType: 'text/plain',
							fileName: 'stalled.txt',
						},
					},
				},
			],
			credentials: { timeout: 0.5 },
		});
		expect(result.error?.message).toBe(
			`RAGFlow did not answer within 0.5 s (POST /api/v1/datasets/${datasetId}/documents)`,
		);
	});

	it('aborts the request in flight at once when the execution is cancelled', async () => {
		sim.faults.add({ path: '/api/v1/datasets/*', kind: 'hang' });
		const reached = until(() => sim.faults.list()[0]?.hits === 1);
		const started = Date.now();
		const result = await run({ ...getDataset(), cancelWhen: reached });
		// The simulator logs a request when its connection closes: the socket was closed by the node.
		await until(() => sim.requests.length === 1);
		expect(Date.now() - started).toBeLessThan(60_000);
		expect(result.items).toEqual([]);
	});

	it('does not cut a slow download that keeps moving for longer than the timeout', async () => {
		const content = 'x'.repeat(4000);
		const big = sim.state.addDocument(datasetId, { name: 'slow.txt', content, run: 'DONE' }).id;
		// 16 pieces 200 ms apart: over 3 s in all, while each pause is a tenth of the 2 s timeout, so a
		// busy machine that stretches a pause does not turn it into a timeout.
		sim.faults.add({
			path: '/api/v1/datasets/*/documents/*',
			method: 'GET',
			kind: 'slow_body',
			chunk_bytes: 250,
			delay_ms: 200,
		});
		const started = Date.now();
		const result = await run({
			...download(),
			parameters: { ...download().parameters, documentId: rl(big) },
			credentials: { timeout: 2 },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ file_name: 'slow.txt', size: 4000 });
		// Longer than the timeout in all: only an idle timeout lets it through.
		expect(Date.now() - started).toBeGreaterThan(2000);
	});
});

describe('cut and early-ended answers are errors with words', () => {
	it('fails a streamed answer that ends without the final event and keeps the partial text', async () => {
		sim.faults.add({ path: '/api/v1/chat/completions', kind: 'sse_stop_early', after_events: 3 });
		const failed = await run({ ...ask(), streaming: true });
		expect(failed.error?.message).toBe(
			'RAGFlow error: The answer stream ended before RAGFlow finished',
		);
		expect(failed.items).toEqual([]);

		sim.faults.add({ path: '/api/v1/chat/completions', kind: 'sse_stop_early', after_events: 3 });
		const kept = await run({ ...ask(), streaming: true, continueOnFail: true });
		const item = kept.items[0].json;
		expect(item.error).toBe('RAGFlow error: The answer stream ended before RAGFlow finished');
		expect(String(item.partial_answer).length).toBeGreaterThan(0);
		expect(item.answer).toBeUndefined();
	});

	it('names the request and the cause when a streamed answer is reset', async () => {
		sim.faults.add({ path: '/api/v1/chat/completions', kind: 'sse_reset', after_events: 2 });
		const result = await run({ ...ask(), streaming: true, continueOnFail: true });
		expect(result.items[0].json.error).toMatch(
			/^The connection to RAGFlow broke during POST \/api\/v1\/chat\/completions \((connection reset|connection closed early)\)$/,
		);
	});

	it('names the request and the cause when a download is reset mid-body', async () => {
		sim.faults.add({
			path: '/api/v1/datasets/*/documents/*',
			method: 'GET',
			kind: 'reset_mid_body',
			after_bytes: 10,
		});
		const result = await run({ ...download(), continueOnFail: true });
		const item = result.items[0];
		expect(item.binary).toBeUndefined();
		expect(item.json.error).toMatch(
			new RegExp(
				`^The connection to RAGFlow broke during GET /api/v1/datasets/${datasetId}/documents/${documentId} \\((connection reset|connection closed early)\\)$`,
			),
		);
	});
});

describe('answers that are not what they claim', () => {
	it('refuses to store an HTML page as the downloaded document', async () => {
		sim.faults.add({ path: '/api/v1/datasets/*/documents/*', method: 'GET', kind: 'html_200' });
		const result = await run(download());
		expect(result.error?.message).toBe(
			'RAGFlow error: RAGFlow did not send a file but a page (text/html; charset=utf-8) for the download',
		);
		expect(result.error?.description).toContain('Base URL');
	});

	it.each([
		['Dataset Get', getDataset],
		['Dataset Get Many', () => ({ type: 'ragflowDataset', parameters: { operation: 'getAll' } })],
		['Retrieve', retrieve],
		['Chat Ask (not streamed)', ask],
	])('%s: success without data is an error, not an empty result', async (_name, node) => {
		sim.faults.add({ path: '/api/v1/**', kind: 'no_data' });
		const result = await run(node());
		expect(result.error?.message).toMatch(/^RAGFlow error: RAGFlow answered .* without data$/);
		expect(result.items).toEqual([]);
	});

	it('says the server is rate-limiting and when to retry', async () => {
		sim.faults.add({
			path: '/api/v1/datasets/*',
			kind: 'status',
			status: 429,
			body: 'Too Many Requests',
			headers: { 'Retry-After': '7' },
		});
		const result = await run(getDataset());
		expect(result.error?.message).toBe(
			`RAGFlow (or a proxy in front of it) is rate-limiting requests (HTTP 429, GET /api/v1/datasets/${datasetId})`,
		);
		expect(result.error?.description).toContain('wait 7 s');
		expect(sim.requests.length).toBe(1);
	});
});

describe('Base URL hygiene', () => {
	it.each([
		['', 'is empty'],
		['ragflow.local:9380', 'does not start with http:// or https://'],
		['http://[::1', 'is not a valid address'],
		['http://localhost:9380/?x=1', 'contains a query (?…) or a fragment (#…)'],
		['http://localhost:9380#top', 'contains a query (?…) or a fragment (#…)'],
	])('refuses %j before any request', async (baseUrl, problem) => {
		const result = await run({ ...getDataset(), credentials: { baseUrl } });
		expect(result.error?.message).toBe(`The Base URL in the RAGFlow credential ${problem}`);
		expect(sim.requests).toEqual([]);
	});

	it('refuses a user name and password in the address and never prints the password', async () => {
		const withPassword = sim.url.replace('http://', 'http://alice:s3cr3t@');
		const result = await run({ ...getDataset(), credentials: { baseUrl: withPassword } });
		expect(result.error?.message).toBe(
			'The Base URL in the RAGFlow credential contains a user name or password',
		);
		expect(visible(result)).not.toContain('s3cr3t');
		expect(sim.requests).toEqual([]);
	});
});

describe('multipart uploads', () => {
	it('sends a MIME type with CR/LF as octet-stream instead of letting it add headers', async () => {
		const result = await run({
			type: 'ragflowDocument',
			parameters: { operation: 'upload', datasetId: rl(datasetId), binaryPropertyName: 'data' },
			input: [
				{
					json: {},
					binary: {
						data: {
							data: Buffer.from('Injected?').toString('base64'),
							mimeType: 'text/plain\r\nContent-Disposition: form-data; name="evil"',
							fileName: 'inject.txt',
						},
					},
				},
			],
		});
		expect(result.error).toBeUndefined();
		const upload = sim.requests.find((r) => r.method === 'POST');
		expect(upload?.parts).toEqual([{ name: 'file', filename: 'inject.txt', size: 9 }]);
		expect(jsonOf(result)[0]).toMatchObject({ name: 'inject.txt' });
	});
});
