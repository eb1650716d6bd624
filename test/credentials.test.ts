import nock from 'nock';
import type { ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { RagflowApi } from '../credentials/RagflowApi.credentials';
import { ragflowApiTest } from '../nodes/shared/credentialTest';
import { normalizeBaseUrl } from '../nodes/shared/transport';
import { startSimulator, type RunningSimulator } from './simulator/server.cts';

const credential = new RagflowApi();

/**
 * The credential's Test button over real HTTP against the simulator: what the user reads in the
 * credential dialog for each way a credential can be wrong.
 */
let sim: RunningSimulator;
let closedPortUrl: string;

beforeAll(async () => {
	nock.enableNetConnect();
	sim = await startSimulator({ port: 0 });
	const closed = await startSimulator({ port: 0 });
	closedPortUrl = closed.url;
	await closed.close();
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => sim.faults.clear());

async function test(data: Record<string, unknown>): Promise<INodeCredentialTestResult> {
	// The method uses nothing of n8n's test context (see credentialTest.ts for why).
	return await ragflowApiTest.call({} as ICredentialTestFunctions, {
		id: 'c1',
		name: 'RAGFlow',
		type: 'ragflowApi',
		data: { apiKey: sim.apiKey, ignoreSslIssues: false, timeout: 10, ...data },
	});
}

describe('RAGFlow API credential: the Test button', () => {
	it.each([
		['the server address', () => sim.url],
		['a pasted /api/v1/', () => `${sim.url}/api/v1/`],
		['surrounding blanks', () => `  ${sim.url}  `],
	])('passes with the right key and %s', async (_, baseUrl) => {
		await expect(test({ baseUrl: baseUrl() })).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
	});

	it('lists one dataset: the cheapest authenticated call', async () => {
		sim.clearRequests();
		await test({ baseUrl: sim.url });
		expect(sim.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/api/v1/datasets', { page: '1', page_size: '1' }],
		]);
	});

	it('says that RAGFlow rejected a wrong key, without repeating it', async () => {
		const result = await test({ baseUrl: sim.url, apiKey: `${sim.apiKey}-revoked` });
		expect(result).toEqual({
			status: 'Error',
			message:
				'RAGFlow rejected the API key. Create a new key in RAGFlow (avatar → API → API KEY) and paste it here.',
		});
	});

	it('says so for older servers that reject a key with HTTP 200 and code 109', async () => {
		sim.faults.add({
			path: '/api/v1/datasets',
			kind: 'status',
			status: 200,
			body: { code: 109, message: 'Authentication error: API key is invalid!' },
		});
		expect((await test({ baseUrl: sim.url })).message).toMatch(/^RAGFlow rejected the API key/);
	});

	it("gives the nodes' words for a closed port", async () => {
		const result = await test({ baseUrl: closedPortUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			`Could not reach RAGFlow at ${closedPortUrl} (connection refused) — check the Base URL in the RAGFlow credential (scheme, host and port, e.g. http://localhost:9380) and that the server is running and reachable from n8n. Error code: ECONNREFUSED.`,
		);
	});

	it("gives the nodes' words for an unknown host", async () => {
		const result = await test({ baseUrl: 'http://ragflow-does-not-exist.invalid:9380' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Could not reach RAGFlow at http:\/\/ragflow-does-not-exist\.invalid:9380 \((host not found|host name lookup failed)\) — check the Base URL/,
		);
	});

	it.each([
		[
			'no scheme',
			'localhost:9380',
			/does not start with http:\/\/ or https:\/\/ — enter the address/,
		],
		[
			'a user and password',
			'http://admin:s3cret@localhost:9380',
			/contains a user name or password — remove "user:password@"/,
		],
		['a query', 'http://localhost:9380/?token=abc', /contains a query \(\?…\) or a fragment/],
		['a fragment', 'http://localhost:9380/#api', /contains a query \(\?…\) or a fragment/],
		['nothing', '', /is empty — enter the address of your RAGFlow server/],
	])('explains a Base URL with %s before sending anything', async (_, baseUrl, expected) => {
		sim.clearRequests();
		const result = await test({ baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The Base URL in the RAGFlow credential /);
		expect(result.message).toMatch(expected);
		expect(result.message).not.toContain('s3cret');
		expect(sim.requests).toEqual([]);
	});

	it('does not follow a redirect and names where it points (without its query)', async () => {
		sim.faults.add({
			path: '/api/v1/datasets',
			kind: 'redirect',
			status: 301,
			location: 'https://ragflow.example.com{path}',
		});
		const result = await test({ baseUrl: sim.url });
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			"RAGFlow's address redirects GET /api/v1/datasets to https://ragflow.example.com/api/v1/datasets (HTTP 301) — put the address RAGFlow now lives at (for example https:// instead of http://) in the Base URL: the nodes do not follow redirects, so that the API key only ever goes to the Base URL.",
		);
	});

	it('recognises a web page that is not the RAGFlow API', async () => {
		sim.faults.add({ path: '/api/v1/datasets', kind: 'html_200' });
		expect((await test({ baseUrl: sim.url })).message).toMatch(
			/^Unexpected answer from GET \/api\/v1\/datasets \(HTTP 200\): not a RAGFlow JSON response — check that the Base URL points at the RAGFlow API server/,
		);
	});

	it('recognises an address without the RAGFlow API (HTTP 404)', async () => {
		sim.faults.add({ path: '/api/v1/datasets', kind: 'status', status: 404, body: 'Not Found' });
		expect((await test({ baseUrl: sim.url })).message).toMatch(/^No RAGFlow API at this Base URL/);
	});

	it('gives up after the Timeout of the credential', async () => {
		sim.faults.add({ path: '/api/v1/datasets', kind: 'hang' });
		expect((await test({ baseUrl: sim.url, timeout: 1 })).message).toMatch(
			/^RAGFlow did not answer within 1 s \(GET \/api\/v1\/datasets\) — check that RAGFlow is running/,
		);
	});
});

describe('RAGFlow API credential: fields', () => {
	it.each([
		['http://localhost:9380', 'http://localhost:9380'],
		['http://localhost:9380/', 'http://localhost:9380'],
		['http://localhost:9380//', 'http://localhost:9380'],
		['http://localhost:9380/api/v1', 'http://localhost:9380'],
		['http://localhost:9380/api/v1/', 'http://localhost:9380'],
		[' https://rag.example.com/API/V1 ', 'https://rag.example.com'],
		['https://example.com/ragflow/', 'https://example.com/ragflow'],
	])('normalises the base URL %j to %j', (input, expected) => {
		expect(normalizeBaseUrl(input)).toBe(expected);
	});

	it('sends the key as a Bearer token and keeps it in a password field', () => {
		expect(credential.authenticate.properties.headers).toEqual({
			Authorization: '=Bearer {{$credentials.apiKey}}',
		});
		expect(credential.properties.find((p) => p.name === 'apiKey')?.typeOptions).toEqual({
			password: true,
		});
	});
});
