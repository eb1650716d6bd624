import type { IDataObject } from 'n8n-workflow';

import { patternBytes, storedBinary } from './harness/binaryStore.cts';
import { jsonOf, runNode } from './harness/runWorkflow';
import type { RunningSimulator } from './simulator/server.cts';
import { startSimulator } from './simulator/server.cts';

/**
 * The Document and Chunk nodes against the package's RAGFlow simulator over real HTTP: a streamed
 * multipart upload (binary stored by id, as in n8n's filesystem mode) through n8n's own request
 * helper, parse-and-wait, download, chunk editing, and a failed parse.
 */
let sim: RunningSimulator;

beforeAll(async () => {
	sim = await startSimulator({ port: 0, parseMs: 300 });
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

describe('RAGFlow Document and Chunk against the simulator (real HTTP)', () => {
	it('uploads a streamed file and an in-memory file, parses, waits, downloads and edits chunks', async () => {
		const datasetId = await createDataset('Ingestion e2e');
		const size = 5 * 1024 * 1024 + 3;
		const { binary, stats } = storedBinary('sim-big', {
			size,
			fileName: 'big.txt',
			mimeType: 'text/plain',
		});

		const uploaded = await runNode({
			type: 'ragflowDocument',
			credentials: credentials(),
			parameters: {
				operation: 'upload',
				datasetId: rl(datasetId),
				binaryPropertyName: 'data, notes',
				options: { waitForParsing: true, pollInterval: 0.05, waitTimeout: 20 },
				simplify: true,
			},
			input: [
				{
					json: {},
					binary: {
						data: binary,
						notes: {
							data: Buffer.from('Short notes.').toString('base64'),
							mimeType: 'text/plain',
							fileName: 'notes.txt',
						},
					},
				},
			],
		});
		expect(uploaded.error).toBeUndefined();
		expect(stats.opened).toBe(1);
		const docs = jsonOf(uploaded);
		expect(docs.map((d) => [d.name, d.run])).toEqual([
			['big.txt', 'DONE'],
			['notes.txt', 'DONE'],
		]);
		expect(docs[0].size).toBe(size);

		const uploadRequest = sim.requests.find(
			(r) => r.method === 'POST' && r.path.endsWith('/documents'),
		);
		expect(uploadRequest?.parts).toEqual([
			{ name: 'file', filename: 'big.txt', size },
			{ name: 'file', filename: 'notes.txt', size: 12 },
		]);
		// One list request per poll for both documents, never one per document.
		const polls = sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/documents'));
		expect(polls.length).toBeGreaterThan(0);
		expect(polls[0].query.ids).toEqual(docs.map((d) => d.id));

		const downloaded = await runNode({
			type: 'ragflowDocument',
			credentials: credentials(),
			parameters: {
				operation: 'download',
				datasetId: rl(datasetId),
				documentId: rl(String(docs[0].id)),
				binaryPropertyName: 'file',
			},
		});
		expect(downloaded.error).toBeUndefined();
		const file = downloaded.items[0].binary!.file;
		expect(file.fileName).toBe('big.txt');
		expect(Buffer.from(file.data, 'base64').equals(patternBytes(size))).toBe(true);

		const notesId = String(docs[1].id);
		const added = await runNode({
			type: 'ragflowChunk',
			credentials: credentials(),
			parameters: {
				operation: 'add',
				datasetId: rl(datasetId),
				documentId: rl(notesId),
				content: 'A hand-written chunk.',
				additionalFields: { importantKeywords: 'manual' },
			},
		});
		expect(added.error).toBeUndefined();
		const chunkId = String(jsonOf(added)[0].id);
		expect(chunkId).toMatch(/^[0-9a-f]{16}$/);

		const disabled = await runNode({
			type: 'ragflowChunk',
			credentials: credentials(),
			parameters: {
				operation: 'setAvailability',
				datasetId: rl(datasetId),
				documentId: rl(notesId),
				chunkId: rl(chunkId),
				available: false,
			},
		});
		expect(disabled.error).toBeUndefined();
		const listed = await runNode({
			type: 'ragflowChunk',
			credentials: credentials(),
			parameters: {
				operation: 'getAll',
				datasetId: rl(datasetId),
				documentId: rl(notesId),
				returnAll: true,
				filters: { availability: 'false' },
			},
		});
		expect(jsonOf(listed).map((c) => c.id)).toEqual([chunkId]);
	});

	it('raises a failed parse with its progress message', async () => {
		const datasetId = await createDataset('Failing parse');
		const result = await runNode({
			type: 'ragflowDocument',
			credentials: credentials(),
			parameters: {
				operation: 'upload',
				datasetId: rl(datasetId),
				binaryPropertyName: 'data',
				options: { waitForParsing: true, pollInterval: 0.05, waitTimeout: 20 },
			},
			input: [
				{
					json: {},
					binary: {
						data: {
							data: Buffer.from('x').toString('base64'),
							mimeType: 'text/plain',
							fileName: 'will-fail.txt',
						},
					},
				},
			],
		});
		expect(result.error?.message).toMatch(/^Parsing failed for "will-fail.txt"/);
		expect(result.error?.description).toBeTruthy();
	});
});
