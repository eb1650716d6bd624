import type { IDataObject } from 'n8n-workflow';

import { jsonOf, runNode } from './harness/runWorkflow';
import type { RunningSimulator } from './simulator/server.cts';
import { startSimulator } from './simulator/server.cts';

/**
 * Text parameters filled by expressions of another type, against the simulator over real HTTP: a
 * number is sent as its text, an object or a list is refused with the parameter's name before any
 * request (never sent as "[object Object]", never a TypeError).
 */
let sim: RunningSimulator;

beforeAll(async () => {
	sim = await startSimulator({ port: 0, parseMs: 50 });
});
afterAll(async () => {
	await sim.close();
});

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const credentials = () => ({ baseUrl: sim.url, apiKey: sim.apiKey });

async function createDataset(name: string): Promise<string> {
	const response = await fetch(`${sim.url}/api/v1/datasets`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
		body: JSON.stringify({ name }),
	});
	const envelope = (await response.json()) as IDataObject;
	expect(envelope.code).toBe(0);
	return String((envelope.data as IDataObject).id);
}

const run = async (type: string, parameters: IDataObject) => {
	sim.clearRequests();
	return await runNode({ type, credentials: credentials(), parameters });
};

describe('Values of the wrong type in text parameters', () => {
	it('Document Name: a number becomes its text, an object is refused by name', async () => {
		const datasetId = await createDataset('Typed names');
		const upload = (documentName: string) =>
			run('ragflowDocument', {
				operation: 'upload',
				datasetId: rl(datasetId),
				source: 'empty',
				documentName,
			});

		const created = await upload('={{ 42 }}');
		expect(created.error).toBeUndefined();
		expect(sim.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', `/api/v1/datasets/${datasetId}/documents`, { name: '42' }],
		]);
		expect(jsonOf(created)[0]).toMatchObject({ name: '42' });

		const refused = await upload('={{ { a: 1 } }}');
		expect(refused.error?.message).toBe('Document Name must be text, not an object');
		expect(refused.error?.description).toContain('Got {"a":1}');
		expect(sim.requests).toEqual([]);
	});

	it('Retrieve Question: an object is refused by name, a number is sent as text', async () => {
		const datasetId = await createDataset('Typed questions');
		const retrieve = (question: string) =>
			run('ragflowRetrieve', { question, datasetIds: [datasetId] });

		const refused = await retrieve('={{ { q: 1 } }}');
		expect(refused.error?.message).toBe('Question must be text, not an object');
		expect(sim.requests).toEqual([]);

		const listed = await retrieve('={{ ["a", "b"] }}');
		expect(listed.error?.message).toBe('Question must be text, not a list');
		expect(sim.requests).toEqual([]);

		const numeric = await retrieve('={{ 2024 }}');
		expect(numeric.error).toBeUndefined();
		expect(sim.requests.map((r) => (r.body as IDataObject).question)).toEqual(['2024']);
	});

	it('Dataset name, chunk content and list filters follow the same rule', async () => {
		const dataset = await run('ragflowDataset', {
			operation: 'create',
			name: '={{ 2025 }}',
			chunkMethod: 'naive',
		});
		expect(dataset.error).toBeUndefined();
		expect((sim.requests[0].body as IDataObject).name).toBe('2025');

		const badDataset = await run('ragflowDataset', {
			operation: 'create',
			name: '={{ { name: "x" } }}',
			chunkMethod: 'naive',
		});
		expect(badDataset.error?.message).toBe('Name must be text, not an object');
		expect(sim.requests).toEqual([]);

		const datasetId = String(jsonOf(dataset)[0].id);
		const doc = await run('ragflowDocument', {
			operation: 'upload',
			datasetId: rl(datasetId),
			source: 'empty',
			documentName: 'notes.txt',
		});
		const documentId = String(jsonOf(doc)[0].id);
		const chunk = await run('ragflowChunk', {
			operation: 'add',
			datasetId: rl(datasetId),
			documentId: rl(documentId),
			content: '={{ [1, 2] }}',
		});
		expect(chunk.error?.message).toBe('Content must be text, not a list');
		expect(sim.requests).toEqual([]);

		const filtered = await run('ragflowDocument', {
			operation: 'getAll',
			datasetId: rl(datasetId),
			returnAll: true,
			filters: { name: '={{ { n: 1 } }}' },
		});
		expect(filtered.error?.message).toBe('Name must be text, not an object');
		expect(sim.requests).toEqual([]);
	});
});
