/**
 * Benchmarks that run the package's nodes in-process through n8n-core's WorkflowExecute (the test
 * harness), against the RAGFlow simulator running in a separate process.
 */
import type { IDataObject, INodeExecutionData, StructuredChunk } from 'n8n-workflow';
import { ExecutionLifecycleHooks } from 'n8n-core';

import { runNode } from '../test/harness/runWorkflow';
import { createPoller } from '../test/harness/runPoll';
import {
	type BenchContext,
	type BenchResult,
	type Benchmark,
	fmtMs,
	fmtTimes,
	epochMs,
	interleaved,
	median,
	round,
	startSimulatorProcess,
	timed,
} from './lib.cts';

const ITEMS = 500;
const CONCURRENCY = 10;
const SPEEDUP_LATENCY_MS = 20;

const locator = (value: string) => ({ __rl: true, mode: 'id', value });

function questions(count: number): INodeExecutionData[] {
	const topics = [
		'vacation days',
		'expenses',
		'security policy',
		'travel rules',
		'payroll',
		'onboarding',
	];
	return Array.from({ length: count }, (_, i) => ({
		json: { question: `What are the ${topics[i % topics.length]} rules? (${i})` },
	}));
}

async function runOrThrow(options: Parameters<typeof runNode>[0]) {
	const result = await runNode(options);
	if (result.error) throw new Error(`${options.type} failed: ${result.error.message}`);
	return result;
}

// ---------------------------------------------------------------------------------------------
// Retrieve: vs a bare fetch loop, and the concurrency option
// ---------------------------------------------------------------------------------------------

const retrieve: Benchmark = {
	names: ['retrieve_vs_raw', 'retrieve_concurrent_speedup'],
	async run(ctx: BenchContext): Promise<BenchResult[]> {
		const sim = await startSimulatorProcess({ latencyMs: ctx.latencyMs });
		try {
			const [datasetId] = await sim.call<string[]>('seedDatasets', {
				count: 1,
				documents: 20,
				paragraphs: 3,
			});
			const credentials = { baseUrl: sim.url, apiKey: sim.apiKey };
			const input = questions(ITEMS);
			// Sequential unless told otherwise (Retrieve's default is 5 at once): the raw loop it is
			// compared with is sequential too.
			const nodeRun = (concurrency = 1) =>
				runOrThrow({
					type: 'ragflowRetrieve',
					parameters: {
						question: '={{ $json.question }}',
						datasetIds: [datasetId],
						returnAll: false,
						limit: 10,
						options: { concurrency },
					},
					input,
					credentials,
				});

			// Warm-up (JIT, connection pools), and the exact body the node sends, for the raw loop.
			await sim.clearRequests();
			const warm = await nodeRun();
			const log =
				await sim.call<Array<{ method: string; path: string; body: IDataObject }>>('requests');
			const sent = log.filter((entry) => entry.path === '/api/v1/retrieval');
			if (sent.length !== ITEMS)
				throw new Error(`Retrieve made ${sent.length} requests for ${ITEMS} items`);
			const template = sent[0].body;
			const rawLoop = async () => {
				let chunks = 0;
				for (const item of input) {
					const response = await fetch(`${sim.url}/api/v1/retrieval`, {
						method: 'POST',
						headers: { 'content-type': 'application/json', authorization: `Bearer ${sim.apiKey}` },
						body: JSON.stringify({ ...template, question: item.json.question }),
					});
					const envelope = (await response.json()) as { code: number; data: { chunks: unknown[] } };
					if (envelope.code !== 0)
						throw new Error(`raw retrieval failed: ${JSON.stringify(envelope)}`);
					chunks += envelope.data.chunks.length;
				}
				return chunks;
			};
			const rawChunks = await rawLoop();
			if (rawChunks !== warm.items.length) {
				ctx.note(
					`retrieve: node returned ${warm.items.length} chunk items, raw loop ${rawChunks} chunks`,
				);
			}

			const wants = (name: string) => ctx.only.size === 0 || ctx.only.has(name);
			const results: BenchResult[] = [];
			if (wants('retrieve_vs_raw')) {
				const vsRaw = await interleaved(ctx.repetitions, () => nodeRun(), rawLoop);
				results.push({
					name: 'retrieve_vs_raw',
					value: round(vsRaw.ratio),
					unit: 'ratio',
					target: '≤ 1.3',
					detail: `${ITEMS} items, latency ${ctx.latencyMs} ms: node ${fmtMs(vsRaw.medianA)} (${fmtTimes(vsRaw.a)}) vs fetch loop ${fmtMs(vsRaw.medianB)} (${fmtTimes(vsRaw.b)})`,
				});
			}
			if (!wants('retrieve_concurrent_speedup')) return results;

			await sim.setLatency(SPEEDUP_LATENCY_MS);
			const speed = await interleaved(
				// Each sequential run takes ~12 s at 20 ms: three pairs are enough for a ratio this large.
				Math.min(ctx.repetitions, 3),
				() => nodeRun(),
				() => nodeRun(CONCURRENCY),
			);
			results.push({
				name: 'retrieve_concurrent_speedup',
				value: round(speed.ratio),
				unit: 'ratio',
				target: '≥ 5',
				detail: `${ITEMS} items, latency ${SPEEDUP_LATENCY_MS} ms: sequential ${fmtMs(speed.medianA)} (${fmtTimes(speed.a)}) vs concurrency ${CONCURRENCY} ${fmtMs(speed.medianB)} (${fmtTimes(speed.b)})`,
			});
			return results;
		} finally {
			await sim.stop();
		}
	},
};

// ---------------------------------------------------------------------------------------------
// Document Get Many, Return All over 10,000 documents
// ---------------------------------------------------------------------------------------------

const DOCUMENTS = 10_000;

const getAll: Benchmark = {
	names: ['get_all_requests_10k', 'get_all_vs_raw_10k'],
	async run(ctx: BenchContext): Promise<BenchResult[]> {
		const sim = await startSimulatorProcess({ latencyMs: ctx.latencyMs });
		try {
			const [datasetId] = await sim.call<string[]>('seedDatasets', { count: 1, documents: 0 });
			await sim.call('addDocuments', { datasetId, count: DOCUMENTS, run: 'UNSTART' });
			const nodeRun = () =>
				runOrThrow({
					type: 'ragflowDocument',
					parameters: {
						operation: 'getAll',
						datasetId: locator(datasetId),
						returnAll: true,
					},
					credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
				});
			const rawLoop = async () => {
				const docs: unknown[] = [];
				for (let page = 1; ; page++) {
					const response = await fetch(
						`${sim.url}/api/v1/datasets/${datasetId}/documents?page=${page}&page_size=100`,
						{ headers: { authorization: `Bearer ${sim.apiKey}` } },
					);
					const envelope = (await response.json()) as {
						code: number;
						data: { docs: unknown[]; total: number };
					};
					if (envelope.code !== 0)
						throw new Error(`raw list failed: ${JSON.stringify(envelope).slice(0, 300)}`);
					docs.push(...envelope.data.docs);
					if (envelope.data.docs.length < 100 || docs.length >= envelope.data.total) break;
				}
				return docs.length;
			};

			await sim.clearRequests();
			const first = await nodeRun();
			const requests = await sim.requestCount();
			if (first.items.length !== DOCUMENTS) {
				throw new Error(`Get Many returned ${first.items.length} of ${DOCUMENTS} documents`);
			}
			const rawCount = await rawLoop();
			if (rawCount !== DOCUMENTS) throw new Error(`the raw loop read ${rawCount} documents`);
			const ratio = await interleaved(ctx.repetitions, nodeRun, rawLoop);
			return [
				{
					name: 'get_all_requests_10k',
					value: requests,
					unit: 'requests',
					target: '= 100',
					detail: `${DOCUMENTS} documents, Return All: ${requests} GET requests, ${first.items.length} items`,
				},
				{
					name: 'get_all_vs_raw_10k',
					value: round(ratio.ratio),
					unit: 'ratio',
					target: '≤ 1.3',
					detail: `latency ${ctx.latencyMs} ms: node ${fmtMs(ratio.medianA)} (${fmtTimes(ratio.a)}) vs paging loop ${fmtMs(ratio.medianB)} (${fmtTimes(ratio.b)})`,
				},
			];
		} finally {
			await sim.stop();
		}
	},
};

// ---------------------------------------------------------------------------------------------
// Streaming: first answer delta → sendChunk
// ---------------------------------------------------------------------------------------------

/**
 * Epoch times (sub-millisecond) at which the first non-empty `item` chunk of each node run reached
 * n8n's sendChunk hook. StructuredChunk.metadata.timestamp has only millisecond resolution.
 */
const firstChunkAt: number[] = [];
let chunkSeen = false;
function recordSendChunkTimes() {
	const runHook = ExecutionLifecycleHooks.prototype.runHook;
	ExecutionLifecycleHooks.prototype.runHook = async function (
		this: ExecutionLifecycleHooks,
		hookName,
		parameters,
	) {
		if (hookName === 'sendChunk' && !chunkSeen) {
			const chunk = (parameters as unknown[])[0] as StructuredChunk;
			if (chunk.type === 'item' && chunk.content) {
				chunkSeen = true;
				firstChunkAt.push(epochMs());
			}
		}
		return await runHook.call(this, hookName, parameters);
	} as typeof runHook;
}

const stream: Benchmark = {
	names: ['stream_first_chunk_ms'],
	async run(ctx: BenchContext): Promise<BenchResult[]> {
		const sim = await startSimulatorProcess({ latencyMs: 0 });
		try {
			const datasetIds = await sim.call<string[]>('seedDatasets', {
				count: 1,
				documents: 5,
				paragraphs: 3,
			});
			const chatId = await sim.call<string>('createChat', { datasetIds });
			const sessionId = await sim.call<string>('createChatSession', { chatId });
			recordSendChunkTimes();
			const delays: number[] = [];
			const runs = Math.max(5, ctx.repetitions * 3);
			for (let i = 0; i <= runs; i++) {
				await sim.call('firstDeltaTimes');
				firstChunkAt.length = 0;
				chunkSeen = false;
				const result = await runOrThrow({
					type: 'ragflowSession',
					parameters: {
						resource: 'chatSession',
						operation: 'ask',
						chatId: locator(chatId),
						question: 'What are the vacation days rules?',
						sessionId: locator(sessionId),
						options: {},
					},
					streaming: true,
					credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
				});
				const sentAt = (await sim.call<number[]>('firstDeltaTimes'))[0];
				const receivedAt = firstChunkAt[0];
				if (sentAt === undefined || receivedAt === undefined) {
					throw new Error(
						`no first delta measured (simulator: ${sentAt}, node chunks: ${result.chunks.map((c) => c.type).join(',')})`,
					);
				}
				// Run 0 warms up (JIT, first connection).
				if (i > 0) delays.push(receivedAt - sentAt);
			}
			const value = median(delays);
			return [
				{
					name: 'stream_first_chunk_ms',
					value: round(value, 1),
					unit: 'ms',
					target: '≤ 20',
					detail: `${delays.length} streamed answers, first delta written by the simulator → sendChunk: ${delays.map((d) => d.toFixed(1)).join('/')} ms`,
				},
			];
		} finally {
			await sim.stop();
		}
	},
};

// ---------------------------------------------------------------------------------------------
// Trigger: requests per poll
// ---------------------------------------------------------------------------------------------

async function countPollRequests(
	sim: Awaited<ReturnType<typeof startSimulatorProcess>>,
	poll: () => Promise<unknown>,
) {
	await sim.clearRequests();
	await poll();
	return await sim.requestCount();
}

const trigger: Benchmark = {
	names: ['trigger_idle_requests_50_datasets', 'trigger_burst_requests'],
	async run(ctx: BenchContext): Promise<BenchResult[]> {
		const sim = await startSimulatorProcess({ latencyMs: 0, parseMs: 3_600_000 });
		try {
			const credentials = { baseUrl: sim.url, apiKey: sim.apiKey };
			const results: BenchResult[] = [];

			if (ctx.only.size === 0 || ctx.only.has('trigger_idle_requests_50_datasets')) {
				await sim.call('seedDatasets', { count: 50, documents: 3, paragraphs: 1, prefix: 'idle' });
				const poller = createPoller({
					parameters: triggerParameters({ allDatasets: true }),
					credentials,
				});
				await poller.poll(); // the first poll sets the cursor
				const counts: number[] = [];
				for (let i = 0; i < 3; i++) counts.push(await countPollRequests(sim, () => poller.poll()));
				const value = Math.max(...counts);
				results.push({
					name: 'trigger_idle_requests_50_datasets',
					value,
					unit: 'requests',
					target: '≤ 2',
					detail: `all-datasets mode, 50 datasets, nothing changed: ${counts.join('/')} requests per poll`,
				});
			}

			if (ctx.only.size === 0 || ctx.only.has('trigger_burst_requests')) {
				const [datasetId] = await sim.call<string[]>('seedDatasets', {
					count: 1,
					documents: 0,
					prefix: 'burst',
				});
				const ids = await sim.call<string[]>('addDocuments', {
					datasetId,
					count: 1000,
					run: 'RUNNING',
				});
				const poller = createPoller({
					parameters: triggerParameters({ allDatasets: false, datasetId }),
					credentials,
				});
				await poller.poll();
				await poller.poll();
				await sim.call('finishDocuments', { ids, run: 'DONE' });
				await sim.clearRequests();
				const { ms, value: output } = await timed(() => poller.poll());
				const requests = await sim.requestCount();
				const emitted = (output as INodeExecutionData[][] | null)?.[0]?.length ?? 0;
				results.push({
					name: 'trigger_burst_requests',
					value: requests,
					unit: 'requests',
					target: '≤ 11',
					detail: `1,000 documents finished in one dataset: ${requests} requests, ${emitted} items, ${fmtMs(ms)}`,
				});
				if (emitted !== 1000)
					ctx.note(`trigger burst: the poll emitted ${emitted} items for 1000 finished documents`);
			}
			return results;
		} finally {
			await sim.stop();
		}
	},
};

/** RAGFlow Trigger parameters: "Parsing Finished" for all datasets or one. */
function triggerParameters(options: { allDatasets: boolean; datasetId?: string }): IDataObject {
	return options.allDatasets
		? { datasetMode: 'all', events: ['DONE'], options: {} }
		: { datasetMode: 'one', datasetId: locator(options.datasetId!), events: ['DONE'], options: {} };
}

export const inProcessBenchmarks: Benchmark[] = [retrieve, getAll, stream, trigger];
