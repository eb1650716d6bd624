/**
 * The package's own nodes against the simulator over real HTTP (no nock): proves the simulator speaks
 * what the shared transport sends (Bearer key, /api/v1 base, JSON bodies, pagination).
 */

import { runNode } from '../harness/runWorkflow';
import { startTestSimulator, type SimClient } from './testClient.cts';
import type { RunningSimulator } from './server.cts';

let sim: RunningSimulator;
let api: SimClient;

beforeAll(async () => {
	({ sim, api } = await startTestSimulator());
});
afterAll(() => sim.close());

const credentials = () => ({ baseUrl: sim.url, apiKey: sim.apiKey, ignoreSslIssues: false });

describe('RAGFlow Dataset node against the simulator', () => {
	it('creates a dataset and lists every dataset across pages', async () => {
		const created = await runNode({
			type: 'ragflowDataset',
			credentials: credentials(),
			parameters: { operation: 'create', name: 'From n8n', chunkMethod: 'naive' },
		});
		expect(created.error).toBeUndefined();
		expect(created.items[0].json).toMatchObject({ name: 'From n8n', chunk_method: 'naive' });
		for (let i = 0; i < 120; i++) sim.state.createDataset(`bulk-${i}`);
		sim.clearRequests();
		const all = await runNode({
			type: 'ragflowDataset',
			credentials: credentials(),
			parameters: { operation: 'getAll', returnAll: true },
		});
		expect(all.error).toBeUndefined();
		expect(all.items).toHaveLength(121);
		expect(sim.requests.length).toBeGreaterThanOrEqual(2);
		expect(
			sim.requests.every(
				(r) => r.method === 'GET' && r.path === '/api/v1/datasets' && r.status === 200,
			),
		).toBe(true);
		expect(sim.requests.every((r) => Number(r.query.page_size) <= 100)).toBe(true);
		expect((await api.get('/datasets', { query: { name: 'From n8n' } })).json.data).toHaveLength(1);
	});

	it('surfaces the simulator error envelope and a bad key as node errors', async () => {
		const missing = await runNode({
			type: 'ragflowDataset',
			credentials: credentials(),
			parameters: {
				operation: 'get',
				datasetId: { __rl: true, mode: 'id', value: 'f'.repeat(32) },
			},
		});
		expect(missing.error?.message).toContain('lacks permission');
		const badKey = await runNode({
			type: 'ragflowDataset',
			credentials: { ...credentials(), apiKey: 'wrong' },
			parameters: { operation: 'getAll', returnAll: true },
		});
		expect(badKey.error).toBeDefined();
		expect(JSON.stringify(badKey.error)).not.toContain('wrong');
	});
});
