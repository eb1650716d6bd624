/**
 * The RAGFlow simulator in its own process, for the benchmarks: started with `fork()` by
 * bench/lib.cts and driven over IPC (seeding, request counts, latency), so that its CPU work does not
 * distort the client's timings and no admin HTTP calls show up in the request counts.
 *
 * It also timestamps the moment the simulator hands the first non-empty answer delta of every SSE
 * response to the socket (for `stream_first_chunk_ms`), by wrapping `ServerResponse.write` here
 * rather than changing the simulator.
 */
import { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

import { startSimulator, type RunningSimulator } from '../test/simulator/server.cts';

export interface SimulatorCommand {
	id: number;
	op: string;
	args?: Record<string, unknown>;
}

const firstDeltaAt: number[] = [];
const stamped = new WeakSet<ServerResponse>();
const ANSWER_DELTA = /"answer":\s*"(?!")/;

const originalWrite = ServerResponse.prototype.write;
ServerResponse.prototype.write = function (
	this: ServerResponse,
	chunk: unknown,
	...rest: unknown[]
) {
	if (
		!stamped.has(this) &&
		(typeof chunk === 'string' || (Buffer.isBuffer(chunk) && chunk.length < 65536))
	) {
		const text = String(chunk);
		// An SSE event (`data:{...}`) whose answer is not empty.
		if (text.startsWith('data:') && ANSWER_DELTA.test(text)) {
			stamped.add(this);
			firstDeltaAt.push(performance.timeOrigin + performance.now());
		}
	}
	return (originalWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
} as typeof ServerResponse.prototype.write;

const LOREM =
	'RAGFlow splits documents into chunks and finds the chunks most relevant to a question. ' +
	'Vacation days, onboarding, expenses, security policy, travel rules and payroll are described here. ';

function documentText(i: number, paragraphs: number): string {
	const lines: string[] = [];
	for (let p = 0; p < paragraphs; p++) lines.push(`Section ${p} of document ${i}. ${LOREM}`);
	return lines.join('\n');
}

async function main() {
	const arg = (name: string, fallback: string) => {
		const at = process.argv.indexOf(`--${name}`);
		return at >= 0 ? process.argv[at + 1] : fallback;
	};
	const sim: RunningSimulator = await startSimulator({
		port: 0,
		host: '127.0.0.1',
		apiKey: arg('api-key', 'ragflow-bench-key'),
		latencyMs: Number(arg('latency-ms', '0')),
		parseMs: Number(arg('parse-ms', '1500')),
		sseDelayMs: Number(arg('sse-delay-ms', '15')),
	});
	const { state } = sim;

	const ops: Record<string, (args: Record<string, unknown>) => unknown> = {
		setLatency: ({ ms }) => sim.setLatency(Number(ms)),
		clearRequests: () => sim.clearRequests(),
		requestCount: () => sim.requests.length,
		/** The log without bodies of multipart uploads (which only carry sizes anyway). */
		requests: () =>
			sim.requests.map(({ method, path, query, body, status, time }) => ({
				method,
				path,
				query,
				body,
				status,
				time,
			})),
		firstDeltaTimes: () => firstDeltaAt.splice(0),
		memory: () => process.memoryUsage(),
		/** Datasets with `documents` parsed (DONE) documents each, `paragraphs` chunks-worth of text per document. */
		seedDatasets: ({
			count = 1,
			documents = 0,
			paragraphs = 3,
			run = 'DONE',
			prefix = 'bench',
		}) => {
			const ids: string[] = [];
			for (let d = 0; d < Number(count); d++) {
				const ds = state.createDataset(`${String(prefix)}-${d}-${Date.now()}`);
				for (let i = 0; i < Number(documents); i++) {
					state.addDocument(ds.id, {
						name: `doc-${i}.txt`,
						content: documentText(i, Number(paragraphs)),
						run: run as 'DONE',
					});
				}
				ids.push(ds.id);
			}
			return ids;
		},
		/** Adds `count` documents to a dataset in one go and returns their ids. */
		addDocuments: ({ datasetId, count, run = 'UNSTART', paragraphs = 1 }) => {
			const ids: string[] = [];
			for (let i = 0; i < Number(count); i++) {
				ids.push(
					state.addDocument(String(datasetId), {
						name: `bulk-${i}.txt`,
						content: documentText(i, Number(paragraphs)),
						run: run as 'UNSTART',
					}).id,
				);
			}
			return ids;
		},
		finishDocuments: ({ ids, run = 'DONE' }) => {
			for (const id of ids as string[]) state.finishParse(id, run as 'DONE');
		},
		createChat: ({ datasetIds }) =>
			state.createChat({ name: `bench-chat-${Date.now()}`, dataset_ids: datasetIds as string[] })
				.id,
		createChatSession: ({ chatId }) => state.createChatSession(state.chats.get(String(chatId))!).id,
		documentsOf: ({ datasetId }) =>
			[...(state.datasets.get(String(datasetId))?.docs.values() ?? [])].map((doc) => ({
				id: doc.id,
				name: doc.name,
				size: doc.size,
			})),
		/** Drops stored document bytes (the 1 GiB upload) so memory goes back. */
		dropDocumentContent: () => {
			for (const doc of state.documents.values()) doc.content = Buffer.alloc(0);
		},
	};

	process.on('message', (message: SimulatorCommand) => {
		void (async () => {
			try {
				const op = ops[message.op];
				if (!op) throw new Error(`unknown simulator op ${message.op}`);
				const result = await op(message.args ?? {});
				process.send!({ id: message.id, result });
			} catch (error) {
				process.send!({ id: message.id, error: (error as Error).message });
			}
		})();
	});
	process.on('disconnect', () => {
		void sim.close().finally(() => process.exit(0));
	});
	process.send!({ ready: true, url: sim.url, apiKey: sim.apiKey });
}

void main().catch((error: Error) => {
	process.stderr.write(`bench simulator: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
