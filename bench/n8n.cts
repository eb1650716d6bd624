/**
 * Benchmarks inside a real n8n (the pinned version of scripts/n8nRuntime.cts) with this package
 * installed from its npm tarball, against the RAGFlow simulator in another process:
 * - retrieve_vs_http_request_node: the execution times n8n records for a RAGFlow Retrieve node and
 *   for an HTTP Request node doing the same call (`executionTime` of each node in the run data of
 *   the saved executions, read through n8n's REST API);
 * - upload/download_1gib_peak_rss_mib: the n8n process's peak RSS increase (VmRSS sampled every few
 *   ms and VmHWM after resetting it) while a 1 GiB file on disk goes through Read/Write Files from Disk
 *   → RAGFlow Document upload, and while RAGFlow Document download puts it into a binary field, with
 *   n8n's filesystem binary-data mode.
 * Workflows start from Webhook triggers (responding when the last node has finished), so n8n runs them
 * in its main process exactly as in production.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

import { runNode } from '../test/harness/runWorkflow';
import {
	N8N_DIR,
	buildPackage,
	ensureN8nInstalled,
	freePort,
	installPackageInto,
	n8nCliOrThrow,
	onCleanup,
	ownerSession,
	startN8n,
	tail,
	type N8nOptions,
	type RestSession,
	type RunningN8n,
} from '../scripts/n8nRuntime.cts';
import {
	type BenchContext,
	type BenchResult,
	type Benchmark,
	type SimulatorProcess,
	REPO_ROOT,
	fmtMs,
	fmtTimes,
	median,
	round,
	scratchDir,
	startSimulatorProcess,
} from './lib.cts';

const ITEMS = 500;
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const CREDENTIAL = { id: 'BenchRagflowCred', name: 'RAGFlow bench' };
const PACKAGE = 'n8n-nodes-ragflow';

type Json = Record<string, unknown>;

function webhookNode(pathName: string): Json {
	return {
		id: `${pathName}-webhook`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: `bench-${pathName}`,
		parameters: {
			httpMethod: 'POST',
			path: pathName,
			responseMode: 'lastNode',
			responseData: 'noData',
			options: {},
		},
	};
}

function chain(id: string, name: string, nodes: Json[]): Json {
	const connections: Json = {};
	nodes.forEach((node, i) => {
		node.position = [i * 250, 0];
		if (i + 1 < nodes.length) {
			connections[node.name as string] = {
				main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]],
			};
		}
	});
	return {
		id,
		name,
		nodes,
		connections,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const credentials = { ragflowApi: CREDENTIAL };
const splitOut = {
	id: 'split',
	name: 'Split Out',
	type: 'n8n-nodes-base.splitOut',
	typeVersion: 1,
	parameters: { fieldToSplitOut: 'body.questions', include: 'noOtherFields', options: {} },
};

/** The workflows, keyed by webhook path. */
function workflows(
	sim: SimulatorProcess,
	datasetId: string,
	retrievalBody: Json,
	filePath: string,
): Json[] {
	const retrieve = (concurrency?: number): Json => ({
		id: 'retrieve',
		name: 'RAGFlow Retrieve',
		type: `${PACKAGE}.ragflowRetrieve`,
		typeVersion: 1,
		credentials,
		parameters: {
			question: '={{ $json.question }}',
			datasetIds: [datasetId],
			returnAll: false,
			limit: 10,
			options: concurrency ? { concurrency } : {},
		},
	});
	const { question: _question, ...bodyWithoutQuestion } = retrievalBody;
	const httpRequest: Json = {
		id: 'http',
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		credentials,
		parameters: {
			method: 'POST',
			url: `${sim.url}/api/v1/retrieval`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'ragflowApi',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify(Object.assign({ question: $json.question }, ${JSON.stringify(bodyWithoutQuestion)})) }}`,
			options: {},
		},
	};
	const document = (parameters: Json): Json => ({
		id: 'document',
		name: 'RAGFlow Document',
		type: `${PACKAGE}.ragflowDocument`,
		typeVersion: 1,
		credentials,
		parameters: {
			datasetId: { __rl: true, mode: 'id', value: datasetId },
			...parameters,
		},
	});
	return [
		chain('BenchRetrieveSeq', 'bench retrieve', [
			webhookNode('bench-retrieve'),
			{ ...splitOut },
			retrieve(),
		]),
		chain('BenchRetrieveC20', 'bench retrieve c20', [
			webhookNode('bench-retrieve-c20'),
			{ ...splitOut },
			retrieve(20),
		]),
		chain('BenchHttpRequest', 'bench http request', [
			webhookNode('bench-http'),
			{ ...splitOut },
			httpRequest,
		]),
		chain('BenchUpload1GiB0', 'bench upload', [
			webhookNode('bench-upload'),
			{
				id: 'read',
				name: 'Read File',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1.1,
				parameters: { operation: 'read', fileSelector: filePath, options: {} },
			},
			document({ operation: 'upload', source: 'local', binaryPropertyName: 'data', options: {} }),
		]),
		chain('BenchDownload1GiB', 'bench download', [
			webhookNode('bench-download'),
			document({
				operation: 'download',
				documentId: { __rl: true, mode: 'id', value: '={{ $json.body.documentId }}' },
				binaryPropertyName: 'data',
			}),
		]),
	];
}

// ---------------------------------------------------------------------------------------------
// n8n set-up, REST helpers, memory sampling
// ---------------------------------------------------------------------------------------------

interface Lab {
	sim: SimulatorProcess;
	n8n: RunningN8n;
	rest: RestSession;
	datasetId: string;
	filesDir: string;
	bigFile: string;
}

let flattedParse: ((text: string) => unknown) | undefined;
function parseExecutionData(data: unknown): Json {
	if (typeof data !== 'string') return data as Json;
	flattedParse ??= (
		createRequire(path.join(N8N_DIR, 'package.json'))('flatted') as {
			parse: (t: string) => unknown;
		}
	).parse;
	return flattedParse(data) as Json;
}

/** Starts a workflow through its webhook and waits until its last node has finished. */
async function callWebhook(
	lab: Lab,
	pathName: string,
	body: unknown,
	workflowId: string,
): Promise<void> {
	// n8n activates published workflows in the background after it reports ready: an unknown
	// webhook (404, nothing executed) is retried for a while.
	const deadline = Date.now() + 120_000;
	let response: Response;
	let text: string;
	for (;;) {
		response = await fetch(`${lab.n8n.url}/webhook/${pathName}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		text = await response.text();
		if (response.status !== 404 || Date.now() > deadline) break;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	if (!response.ok) {
		// The execution's own error says more than "Error in workflow".
		await lastExecution(lab, workflowId);
		throw new Error(`webhook ${pathName}: HTTP ${response.status} ${text.slice(0, 500)}`);
	}
}

interface NodeRun {
	executionTime: number;
	items: number;
	/** JSON of the first output item. */
	first?: Json;
	error?: string;
}

/** The run data of the newest execution of a workflow: per node, its executionTime and item count. */
async function lastExecution(lab: Lab, workflowId: string): Promise<Record<string, NodeRun>> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await lab.rest.get<{ results: Array<{ id: string; status: string }> }>(
		`/rest/executions?filter=${filter}&limit=1`,
	);
	const id = list.results[0]?.id;
	if (!id) throw new Error(`no execution of ${workflowId}`);
	const execution = await lab.rest.get<{ data: unknown; status: string }>(`/rest/executions/${id}`);
	const data = parseExecutionData(execution.data) as {
		resultData: { runData: Record<string, Array<Json>>; error?: { message: string } };
	};
	if (data.resultData.error) {
		const { message, description } = data.resultData.error as {
			message: string;
			description?: string;
		};
		throw new Error(
			`execution ${id} of ${workflowId} failed: ${message}${description ? ` (${description})` : ''}`,
		);
	}
	const out: Record<string, NodeRun> = {};
	for (const [node, runs] of Object.entries(data.resultData.runData)) {
		const run = runs[0] as {
			executionTime: number;
			data?: { main?: Array<Array<{ json: Json }>> };
			error?: { message: string };
		};
		const items = run.data?.main?.[0] ?? [];
		out[node] = {
			executionTime: run.executionTime,
			items: items.length,
			first: items[0]?.json,
			error: run.error?.message,
		};
	}
	return out;
}

const describeRuns = (runs: Record<string, NodeRun>) =>
	Object.entries(runs)
		.map(([node, run]) => `${node} ${fmtMs(run.executionTime)}`)
		.join(', ');

/**
 * The pid of the n8n main process: scripts/n8nRuntime.cts may start n8n under a guardian process,
 * so the descendants of the started pid are searched for the `n8n start` process itself.
 */
function n8nMainPid(startedPid: number): number {
	const queue = [startedPid];
	while (queue.length) {
		const pid = queue.shift()!;
		const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
		if (
			!args.includes('-e') &&
			args.includes('start') &&
			args.some((arg) => arg.endsWith(path.join('n8n', 'bin', 'n8n')))
		) {
			return pid;
		}
		for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
			const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
			if (children) queue.push(...children.split(/\s+/).map(Number));
		}
	}
	throw new Error(`no "n8n start" process found under pid ${startedPid}`);
}

function readStatusKb(pid: number, key: 'VmRSS' | 'VmHWM'): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
	return m ? Number(m[1]) : NaN;
}

/**
 * Runs `action` while sampling the RSS of `pid` every 5 ms; returns the RSS before (median of a
 * short idle window) and the peak (the larger of the samples and VmHWM, which is reset first).
 */
async function measurePeakRss(pid: number, action: () => Promise<void>) {
	const idle: number[] = [];
	for (let i = 0; i < 20; i++) {
		idle.push(readStatusKb(pid, 'VmRSS'));
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	const before = median(idle) * 1024;
	let hwmReset = true;
	try {
		// "5" resets the peak RSS (VmHWM) of a process we own (Linux ≥ 4.0).
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
	} catch {
		hwmReset = false;
	}
	let sampledPeak = 0;
	const sampler = setInterval(() => {
		try {
			sampledPeak = Math.max(sampledPeak, readStatusKb(pid, 'VmRSS') * 1024);
		} catch {
			// The process is gone; the action reports why.
		}
	}, 5);
	const started = Date.now();
	try {
		await action();
	} finally {
		clearInterval(sampler);
	}
	const ms = Date.now() - started;
	const hwm = hwmReset ? readStatusKb(pid, 'VmHWM') * 1024 : 0;
	const peak = Math.max(sampledPeak, hwm);
	return { before, peak, increase: peak - before, ms, sampledPeak, hwm };
}

async function setUpLab(
	ctx: BenchContext,
	needs: { retrieval: boolean; bigFile: boolean },
): Promise<Lab & { close(): Promise<void> }> {
	await ensureN8nInstalled();
	await buildPackage();
	const root = scratchDir('ragflow-bench-n8n-');
	const userFolder = path.join(root, 'user');
	const filesDir = path.join(root, 'files');
	fs.mkdirSync(userFolder, { recursive: true });
	fs.mkdirSync(filesDir, { recursive: true });
	ctx.note(`n8n scratch folder ${root} (removed at exit)`);
	await installPackageInto(userFolder);

	const sim = await startSimulatorProcess({ latencyMs: ctx.latencyMs, parseMs: 3_600_000 });
	const closers: Array<() => Promise<void> | void> = [
		() => sim.stop(),
		() => fs.rmSync(root, { recursive: true, force: true }),
	];
	const close = async () => {
		for (const closer of closers.reverse()) await closer();
	};
	const removeHook = onCleanup(close);
	try {
		const [datasetId] = await sim.call<string[]>('seedDatasets', {
			count: 1,
			documents: 20,
			paragraphs: 3,
		});

		// The exact body the node sends, so the HTTP Request node makes the same call.
		let retrievalBody: Json = {};
		if (needs.retrieval) {
			await sim.clearRequests();
			const probe = await runNode({
				type: 'ragflowRetrieve',
				parameters: {
					question: 'probe',
					datasetIds: [datasetId],
					returnAll: false,
					limit: 10,
					options: {},
				},
				credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
			});
			if (probe.error) throw new Error(`probe retrieval failed: ${probe.error.message}`);
			retrievalBody = (await sim.call<Array<{ body: Json }>>('requests'))[0].body;
		}

		// A sparse 1 GiB file: created instantly, reads as zeros.
		const bigFile = path.join(filesDir, 'big-1gib.txt');
		if (needs.bigFile) {
			const fd = fs.openSync(bigFile, 'w');
			fs.ftruncateSync(fd, GIB);
			fs.closeSync(fd);
		}

		const port = await freePort();
		const options: N8nOptions = {
			userFolder,
			port,
			brokerPort: await freePort(),
			filesFolder: filesDir,
			extraEnv: {
				N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
				N8N_LOG_LEVEL: 'info',
				EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
				EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
				EXECUTIONS_DATA_PRUNE: 'false',
			},
		};
		const credentialFile = path.join(root, 'credential.json');
		fs.writeFileSync(
			credentialFile,
			JSON.stringify([
				{
					...CREDENTIAL,
					type: 'ragflowApi',
					data: { baseUrl: sim.url, apiKey: sim.apiKey, ignoreSslIssues: false },
				},
			]),
		);
		await n8nCliOrThrow(options, ['import:credentials', `--input=${credentialFile}`]);
		fs.rmSync(credentialFile);
		const workflowDir = path.join(root, 'workflows');
		fs.mkdirSync(workflowDir);
		const all = workflows(sim, datasetId, retrievalBody, bigFile).filter((workflow) =>
			String(workflow.id).startsWith('BenchRetrieve') || String(workflow.id).startsWith('BenchHttp')
				? needs.retrieval
				: needs.bigFile,
		);
		for (const workflow of all) {
			fs.writeFileSync(
				path.join(workflowDir, `${String(workflow.id)}.json`),
				JSON.stringify(workflow),
			);
		}
		await n8nCliOrThrow(options, ['import:workflow', '--separate', `--input=${workflowDir}`]);
		for (const workflow of all) {
			await n8nCliOrThrow(options, ['publish:workflow', `--id=${String(workflow.id)}`]);
		}
		// Kept after the run (gitignored) for diagnosis.
		const logFile = path.join(REPO_ROOT, 'bench', 'n8n-last-run.log');
		fs.writeFileSync(logFile, '');
		const n8n = await startN8n({ ...options, logFile });
		closers.push(() => n8n.stop());
		const rest = await ownerSession(n8n.url);
		return {
			sim,
			n8n,
			rest,
			datasetId,
			filesDir,
			bigFile,
			close: async () => {
				removeHook();
				await close();
			},
		};
	} catch (error) {
		removeHook();
		await close();
		throw error;
	}
}

// ---------------------------------------------------------------------------------------------
// The benchmarks
// ---------------------------------------------------------------------------------------------

async function retrieveVsHttpRequest(ctx: BenchContext, lab: Lab): Promise<BenchResult> {
	const questions = Array.from({ length: ITEMS }, (_, i) => ({
		question: `What are the vacation days rules? (${i})`,
	}));
	const sides = {
		retrieve: {
			path: 'bench-retrieve',
			workflow: 'BenchRetrieveSeq',
			node: 'RAGFlow Retrieve',
			times: [] as number[],
		},
		http: {
			path: 'bench-http',
			workflow: 'BenchHttpRequest',
			node: 'HTTP Request',
			times: [] as number[],
		},
		c20: {
			path: 'bench-retrieve-c20',
			workflow: 'BenchRetrieveC20',
			node: 'RAGFlow Retrieve',
			times: [] as number[],
		},
	};
	const runSide = async (side: (typeof sides)['retrieve'], record: boolean) => {
		await lab.sim.clearRequests();
		await callWebhook(lab, side.path, { questions }, side.workflow);
		const runs = await lastExecution(lab, side.workflow);
		const run = runs[side.node];
		if (!run || run.error)
			throw new Error(`${side.node} in ${side.workflow}: ${run?.error ?? 'did not run'}`);
		const requests = await lab.sim.requestCount();
		if (requests !== ITEMS)
			throw new Error(`${side.workflow} made ${requests} requests for ${ITEMS} items`);
		if (record) side.times.push(run.executionTime);
		return run;
	};
	// Warm-up of both (first execution loads the node code and opens connections).
	for (const side of Object.values(sides)) await runSide(side, false);
	const order = [sides.retrieve, sides.http, sides.c20, sides.http, sides.retrieve, sides.c20];
	// Each round runs every side twice (R H C H R C), so three rounds give six samples per side.
	for (let rep = 0; rep < Math.min(ctx.repetitions, 3); rep++) {
		for (const side of order) await runSide(side, true);
	}
	const r = median(sides.retrieve.times);
	const h = median(sides.http.times);
	const c = median(sides.c20.times);
	return {
		name: 'retrieve_vs_http_request_node',
		value: round(r / h),
		unit: 'ratio',
		target: '≤ 1.0',
		detail:
			`n8n executionTime, ${ITEMS} items, latency ${ctx.latencyMs} ms: RAGFlow Retrieve (default: 5 items at once) ${fmtMs(r)} (${fmtTimes(sides.retrieve.times)}) ` +
			`vs HTTP Request (default: all ${ITEMS} requests at once) ${fmtMs(h)} (${fmtTimes(sides.http.times)}); ` +
			`Retrieve with Concurrency 20: ${fmtMs(c)} (${fmtTimes(sides.c20.times)}), ratio ${round(c / h)}`,
	};
}

async function uploadDownload(
	ctx: BenchContext,
	lab: Lab,
	names: Set<string>,
): Promise<BenchResult[]> {
	const results: BenchResult[] = [];
	const pid = n8nMainPid(lab.n8n.pid);
	ctx.note(
		`n8n main process: pid ${pid} (${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()})`,
	);
	await lab.sim.setLatency(0);
	await lab.sim.clearRequests();
	const upload = await measurePeakRss(pid, () =>
		callWebhook(lab, 'bench-upload', {}, 'BenchUpload1GiB0'),
	);
	const uploadRuns = await lastExecution(lab, 'BenchUpload1GiB0');
	const log =
		await lab.sim.call<Array<{ method: string; path: string; body?: unknown }>>('requests');
	const uploadRequest = log.find(
		(entry) => entry.method === 'POST' && entry.path.endsWith('/documents'),
	);
	if (!uploadRequest) throw new Error('the upload workflow sent no upload request');
	const documents = await lab.sim.call<Array<{ id: string; size: number }>>('documentsOf', {
		datasetId: lab.datasetId,
	});
	const uploaded = documents.find((doc) => doc.size === GIB);
	if (!uploaded)
		throw new Error(
			`no 1 GiB document in the dataset (sizes: ${documents.map((d) => d.size).join(', ')})`,
		);
	ctx.note(
		`upload: n8n RSS ${Math.round(upload.before / MIB)} MiB before, peak ${Math.round(upload.peak / MIB)} MiB (samples ${Math.round(upload.sampledPeak / MIB)}, VmHWM ${Math.round(upload.hwm / MIB)}), ${fmtMs(upload.ms)}; nodes: ${describeRuns(uploadRuns)}`,
	);
	if (names.has('upload_1gib_peak_rss_mib')) {
		results.push({
			name: 'upload_1gib_peak_rss_mib',
			value: round(upload.increase / MIB, 0),
			unit: 'MiB',
			target: '≤ 128',
			detail: `Read/Write Files from Disk → RAGFlow Document upload of a 1 GiB file, filesystem binary mode: n8n RSS ${Math.round(upload.before / MIB)} → peak ${Math.round(upload.peak / MIB)} MiB in ${fmtMs(upload.ms)}`,
		});
	}
	// The download reads the document just uploaded.
	const download = await measurePeakRss(pid, () =>
		callWebhook(lab, 'bench-download', { documentId: uploaded.id }, 'BenchDownload1GiB'),
	);
	const downloadRuns = await lastExecution(lab, 'BenchDownload1GiB');
	const downloaded = downloadRuns['RAGFlow Document']?.first;
	if (downloaded?.size !== GIB)
		throw new Error(`the download produced ${JSON.stringify(downloaded)}, not a 1 GiB binary`);
	ctx.note(
		`download: n8n RSS ${Math.round(download.before / MIB)} MiB before, peak ${Math.round(download.peak / MIB)} MiB (samples ${Math.round(download.sampledPeak / MIB)}, VmHWM ${Math.round(download.hwm / MIB)}), ${fmtMs(download.ms)}; nodes: ${describeRuns(downloadRuns)}`,
	);
	if (names.has('download_1gib_peak_rss_mib')) {
		results.push({
			name: 'download_1gib_peak_rss_mib',
			value: round(download.increase / MIB, 0),
			unit: 'MiB',
			target: '≤ 128',
			detail: `RAGFlow Document download of the 1 GiB document into a binary field, filesystem binary mode: n8n RSS ${Math.round(download.before / MIB)} → peak ${Math.round(download.peak / MIB)} MiB in ${fmtMs(download.ms)}`,
		});
	}
	await lab.sim.call('dropDocumentContent');
	return results;
}

const inN8n: Benchmark = {
	names: [
		'retrieve_vs_http_request_node',
		'upload_1gib_peak_rss_mib',
		'download_1gib_peak_rss_mib',
	],
	async run(ctx: BenchContext): Promise<BenchResult[]> {
		const wanted = new Set(inN8n.names.filter((name) => ctx.only.size === 0 || ctx.only.has(name)));
		const memory =
			wanted.has('upload_1gib_peak_rss_mib') || wanted.has('download_1gib_peak_rss_mib');
		const lab = await setUpLab(ctx, {
			retrieval: wanted.has('retrieve_vs_http_request_node'),
			bigFile: memory,
		});
		try {
			const results: BenchResult[] = [];
			if (wanted.has('retrieve_vs_http_request_node'))
				results.push(await retrieveVsHttpRequest(ctx, lab));
			if (memory) results.push(...(await uploadDownload(ctx, lab, wanted)));
			return results;
		} catch (error) {
			const cause = (error as { cause?: Error }).cause;
			throw new Error(
				`${(error as Error).message}${cause ? ` (${cause.message})` : ''}\n--- n8n log (last lines) ---\n${tail(lab.n8n.output(), 30)}`,
			);
		} finally {
			await lab.close();
		}
	},
};

export const n8nBenchmarks: Benchmark[] = [inN8n];
