import type { IDataObject, INodeType } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { RagflowChatAssistant } from '../nodes/RagflowChatAssistant/RagflowChatAssistant.node';
import { node as chatAssistantNode } from '../nodes/RagflowChatAssistant/actions';
import { RagflowChunk } from '../nodes/RagflowChunk/RagflowChunk.node';
import { node as chunkNode } from '../nodes/RagflowChunk/actions';
import { RagflowDataset } from '../nodes/RagflowDataset/RagflowDataset.node';
import { node as datasetNode } from '../nodes/RagflowDataset/actions';
import { RagflowDocument } from '../nodes/RagflowDocument/RagflowDocument.node';
import { node as documentNode } from '../nodes/RagflowDocument/actions';
import { RagflowRetrieve } from '../nodes/RagflowRetrieve/RagflowRetrieve.node';
import { node as retrieveNode } from '../nodes/RagflowRetrieve/actions';
import { RagflowSession } from '../nodes/RagflowSession/RagflowSession.node';
import { node as sessionNode } from '../nodes/RagflowSession/actions';
import { RagflowTrigger } from '../nodes/RagflowTrigger/RagflowTrigger.node';
import type { ActionNode } from '../nodes/shared/actionNode';
import { chatAssistant } from './contract/chatAssistant.runs';
import { chunk } from './contract/chunk.runs';
import { dataset } from './contract/dataset.runs';
import { document } from './contract/document.runs';
import { retrieve } from './contract/retrieve.runs';
import { session } from './contract/session.runs';
import type { NodeRuns, Run } from './contract/shared';
import { doc, seed, sim } from './contract/shared';
import { triggerRuns } from './contract/trigger.runs';
import { optionPaths, paramPaths } from './fixtures/surface';
import { createPoller } from './harness/runPoll';
import { runNode } from './harness/runWorkflow';
import type { RequestLogEntry } from './simulator/server.cts';
import { PARSE_STEP_COUNT } from './simulator/state.cts';

/**
 * Contract test: every option of the operations below is sent at least once, through the real node,
 * over real HTTP to the simulator, which refuses what RAGFlow v0.27 refuses. Every run must succeed
 * (the node turns any non-zero code into an error) and its requests must carry the option, so an
 * option the server would refuse cannot ship. A coverage check reads the options from the node
 * descriptions, so a new option fails this test until it is sent here.
 *
 * The runs are in test/contract/<node>.runs.ts (the Trigger's in trigger.runs.ts), what they share
 * (the simulator, the seeded ids, helpers) in test/contract/shared.ts. They are exported here for
 * scripts/fixtures.cts, which saves them as the workflow fixtures that pin the public parameters
 * (test/fixtures.simulator.test.ts).
 */
export { sim, triggerRuns };
export type { Run };

/**
 * The order the runs go in: each group (NodeRuns) of every node in turn, in this node order. A run
 * acts on the entities seeded before it, and the fixtures are generated in this order: keep it.
 */
const nodeRuns: NodeRuns[] = [dataset, document, retrieve, chunk, chatAssistant, session];
const group = (key: keyof NodeRuns) => nodeRuns.flatMap((runsOf) => runsOf[key] ?? []);

export const runs: Run[] = [
	...group('first'),
	...group('chunkMethods'),
	...group('operations'),
	...group('returnAll'),
];

/** Deletes of everything run last (children first): they take the seeded data with them. */
export const deleteAllRuns: Run[] = [...nodeRuns].reverse().flatMap((runsOf) => runsOf.last ?? []);

beforeAll(seed);
afterAll(async () => {
	await sim.close();
});

describe('contract: every option, through the node, accepted by the strict simulator', () => {
	// First: it builds every run's parameters, which seeds the entities the runs act on.
	it('sends every option of every operation of every node', () => {
		const nodes: Record<string, [INodeType, ActionNode]> = {
			ragflowDataset: [new RagflowDataset(), datasetNode],
			ragflowDocument: [new RagflowDocument(), documentNode],
			ragflowRetrieve: [new RagflowRetrieve(), retrieveNode],
			ragflowChunk: [new RagflowChunk(), chunkNode],
			ragflowChatAssistant: [new RagflowChatAssistant(), chatAssistantNode],
			ragflowSession: [new RagflowSession(), sessionNode],
		};
		const all = [...runs, ...deleteAllRuns];
		const sent = new Map<string, Set<string>>();
		for (const run of all) {
			const key = `${run.type}:${run.resource ?? ''}:${run.operation}`;
			const set = sent.get(key) ?? new Set<string>();
			for (const p of paramPaths(run.parameters())) set.add(p);
			sent.set(key, set);
		}
		const polled = new Set(triggerRuns.flatMap(([, parameters]) => paramPaths(parameters())));
		const missing = optionPaths(new RagflowTrigger().description.properties, undefined, 'poll')
			.filter((p) => !polled.has(p))
			.map((p) => `ragflowTrigger ${p}`);
		for (const [type, [node, actions]] of Object.entries(nodes)) {
			for (const { resource, operation } of operationsOf(actions)) {
				const key = `${type}:${resource ?? ''}:${operation}`;
				if (!sent.has(key)) {
					missing.push(`${key} (no run)`);
					continue;
				}
				for (const p of optionPaths(node.description.properties, resource, operation))
					if (!sent.get(key)!.has(p)) missing.push(`${key} ${p}`);
			}
		}
		expect(missing).toEqual([]);
	});

	it.each(triggerRuns)('Trigger: %s', async (_title, parameters) => {
		const poller = createPoller({
			parameters: parameters(),
			credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
		});
		sim.clearRequests();
		await poller.poll();
		const done = doc('trigger-done.txt', 'UNSTART');
		sim.state.startParse(sim.state.getDocument(done)!);
		sim.state.advance(PARSE_STEP_COUNT);
		await poller.poll();
		const api = sim.requests.filter((r) => r.path.startsWith('/api/v1/'));
		expect(api.length).toBeGreaterThan(0);
		for (const entry of api) expect(entry.status).toBe(200);
	});

	it.each([...runs, ...deleteAllRuns].map((run) => [run.title, run] as const))(
		'%s',
		async (_title, run) => {
			sim.clearRequests();
			let finished = false;
			const running = runNode({
				type: run.type,
				credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
				parameters: run.parameters(),
				input: run.input?.(),
			}).finally(() => (finished = true));
			// Parses move only on the manual clock: move every running parse on until the run ends.
			while (run.parses && !finished) {
				sim.state.advance(PARSE_STEP_COUNT);
				await sleep(5);
			}
			const result = await running;
			expect(result.error).toBeUndefined();
			const api = sim.requests.filter((r) => r.path.startsWith('/api/v1/'));
			expect(api.length).toBeGreaterThan(0);
			for (const entry of api) expect(entry.status).toBe(200);
			for (const want of run.expect) {
				const match = api.find((r) => r.method === want.method && want.path.test(r.path));
				expect(match).toBeDefined();
				if (want.sent) expect(sentOf(match!)).toMatchObject(want.sent);
			}
		},
	);
});

/** The body of a JSON request, or its query. */
function sentOf(entry: RequestLogEntry): IDataObject {
	return (entry.body && typeof entry.body === 'object' ? entry.body : entry.query) as IDataObject;
}

/** Every resource/operation pair a node offers (the resource only where the node has several). */
function operationsOf(node: ActionNode): Array<{ resource?: string; operation: string }> {
	const several = node.resources.length > 1;
	return node.resources.flatMap((resource) =>
		resource.operations.map((operation) => ({
			resource: several ? resource.option.value : undefined,
			operation: operation.value,
		})),
	);
}
