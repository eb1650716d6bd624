import { request as httpRequest } from 'node:http';

import { startSimulator, type RunningSimulator } from './server.cts';

/** The fault-injection admin route: each kind, seen by a plain HTTP client. */
let sim: RunningSimulator;

beforeAll(async () => {
	sim = await startSimulator({ port: 0, sseDelayMs: 0 });
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => sim.faults.clear());

const auth = () => ({ authorization: `Bearer ${sim.apiKey}` });

async function addFault(rule: Record<string, unknown>) {
	const response = await fetch(`${sim.url}/_simulator/faults`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(rule),
	});
	return (await response.json()) as { code: number; message?: string; data?: { ids: number[] } };
}

/** Raw GET that reports what arrived before the connection ended or failed. */
function rawGet(
	path: string,
): Promise<{ status?: number; headers?: Record<string, unknown>; body: string; error?: string }> {
	return new Promise((resolve) => {
		let status: number | undefined;
		let headers: Record<string, unknown> | undefined;
		let body = '';
		const req = httpRequest(`${sim.url}${path}`, { headers: auth() }, (res) => {
			status = res.statusCode;
			headers = res.headers;
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve({ status, headers, body }));
			res.on('error', (error: NodeJS.ErrnoException) =>
				resolve({ status, headers, body, error: error.code ?? error.message }),
			);
		});
		req.on('error', (error: NodeJS.ErrnoException) =>
			resolve({ status, headers, body, error: error.code ?? error.message }),
		);
		req.end();
	});
}

describe('simulator fault injection', () => {
	it('validates rules and lists them without logging its own requests', async () => {
		expect((await addFault({ path: 'datasets', kind: 'hang' })).code).toBe(101);
		expect((await addFault({ path: '/api/v1/datasets', kind: 'explode' })).code).toBe(101);
		expect((await addFault({ path: '/api/v1/datasets', kind: 'redirect' })).code).toBe(101);
		const added = await addFault({ path: '/api/v1/datasets', kind: 'html_200', times: 1 });
		expect(added.code).toBe(0);
		const listed = (await (await fetch(`${sim.url}/_simulator/faults`)).json()) as {
			data: unknown[];
		};
		expect(listed.data).toEqual([expect.objectContaining({ kind: 'html_200', times: 1, hits: 0 })]);
		expect(sim.requests.filter((r) => r.path.includes('faults'))).toEqual([]);
	});

	it('applies a rule the given number of times, then answers normally', async () => {
		sim.faults.add({ path: '/api/v1/datasets', method: 'GET', kind: 'html_200', times: 1 });
		const first = await rawGet('/api/v1/datasets');
		expect(first.headers?.['content-type']).toMatch(/text\/html/);
		const second = await rawGet('/api/v1/datasets');
		expect(JSON.parse(second.body)).toMatchObject({ code: 0 });
	});

	it('redirects with the original path and answers a given status with headers', async () => {
		sim.faults.add({
			path: '/api/v1/**',
			kind: 'redirect',
			status: 307,
			location: 'http://127.0.0.2:1{path}',
			times: 1,
		});
		const redirected = await rawGet('/api/v1/datasets?page=2');
		expect(redirected.status).toBe(307);
		expect(redirected.headers?.location).toBe('http://127.0.0.2:1/api/v1/datasets?page=2');

		sim.faults.add({
			path: '/api/v1/datasets',
			kind: 'status',
			status: 429,
			body: 'slow down',
			headers: { 'Retry-After': '7' },
			times: 1,
		});
		const limited = await rawGet('/api/v1/datasets');
		expect([limited.status, limited.headers?.['retry-after'], limited.body]).toEqual([
			429,
			'7',
			'slow down',
		]);
	});

	it('cuts a body after some bytes with a connection reset', async () => {
		sim.faults.add({ path: '/api/v1/datasets', kind: 'reset_mid_body', after_bytes: 5 });
		const cut = await rawGet('/api/v1/datasets');
		expect(cut.status).toBe(200);
		expect(cut.body.length).toBeLessThanOrEqual(5);
		expect(cut.error).toBeDefined();
	});

	it('drops paging and totals, and removes data', async () => {
		for (let i = 0; i < 3; i++) {
			await fetch(`${sim.url}/api/v1/datasets`, {
				method: 'POST',
				headers: { ...auth(), 'content-type': 'application/json' },
				body: JSON.stringify({ name: `faulty-${i}` }),
			});
		}
		sim.faults.add({ path: '/api/v1/datasets', method: 'GET', kind: 'ignore_paging', times: 1 });
		const page = JSON.parse((await rawGet('/api/v1/datasets?page=3&page_size=1')).body);
		expect(page.data.length).toBe(3);
		expect(page.total_datasets).toBeUndefined();

		sim.faults.add({ path: '/api/v1/datasets', method: 'GET', kind: 'no_data', times: 1 });
		expect(JSON.parse((await rawGet('/api/v1/datasets')).body)).toEqual({ code: 0, message: '' });
	});

	it('sends a body slowly, in pieces', async () => {
		sim.faults.add({
			path: '/api/v1/datasets',
			kind: 'slow_body',
			chunk_bytes: 256,
			delay_ms: 5,
			times: 1,
		});
		const slow = await rawGet('/api/v1/datasets');
		expect(JSON.parse(slow.body)).toMatchObject({ code: 0 });
	});

	it('hangs before and after the headers until the client gives up', async () => {
		sim.faults.add({ path: '/api/v1/datasets', kind: 'hang_after_headers', times: 1 });
		const controller = new AbortController();
		const response = await fetch(`${sim.url}/api/v1/datasets`, {
			headers: auth(),
			signal: controller.signal,
		});
		expect(response.status).toBe(200);
		const reading = response.text().catch((error: Error) => error.name);
		controller.abort();
		expect(await reading).toBe('AbortError');

		sim.faults.add({ path: '/api/v1/datasets', kind: 'hang', times: 1 });
		const hung = new AbortController();
		const waiting = fetch(`${sim.url}/api/v1/datasets`, {
			headers: auth(),
			signal: hung.signal,
		}).catch((error: Error) => error.name);
		// The request reached the server (it is logged on close) but no answer comes.
		hung.abort();
		expect(await waiting).toBe('AbortError');
	});
});
