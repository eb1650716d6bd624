/**
 * The package in n8n's queue mode (`npm run test:e2e:queue`): PostgreSQL and Redis from Debian's
 * packages (scripts/services.cts), one n8n main (`n8n start`: editor, webhooks, the trigger's polls)
 * and two workers (`n8n worker`), all with EXECUTIONS_MODE=queue, the pinned n8n and one shared
 * N8N_ENCRYPTION_KEY; the packed package installed into each process's own user folder, the way a
 * user installs it in each container; two RAGFlow simulators standing in for two RAGFlow accounts.
 *
 * What a user sees is checked: webhook answers, the executions n8n saved in PostgreSQL (read over
 * its REST API), which worker ran them (the workers' logs), the requests RAGFlow received, and the
 * worker's memory. Everything started here is stopped and every folder removed at the end, also on
 * failure or Ctrl-C. Prints `e2e-queue: N passed, N failed` last; exits non-zero on any failure.
 *
 * Environment: E2E_KEEP=1 keeps the temporary folder (n8n logs, simulators' request logs).
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	startSimulator,
	type RequestLogEntry,
	type RunningSimulator,
} from '../simulator/server.cts';
import {
	CREDENTIAL_ID,
	CREDENTIAL_NAME,
	copyExampleFiles,
	listExamples,
	type ExampleWorkflow,
} from '../../scripts/examples.cts';
import {
	N8N_BIN,
	N8N_DIR,
	REPO_ROOT,
	cleanupAll,
	ensureN8nInstalled,
	freePort,
	installPackageInto,
	log,
	logMessages,
	n8nCli,
	n8nCliOrThrow,
	n8nEnv,
	onCleanup,
	ownerSession,
	sleep,
	startN8n,
	startProcess,
	tail,
	type N8nOptions,
	type RestSession,
	type RunningN8n,
	type RunningProcess,
} from '../../scripts/n8nRuntime.cts';
import {
	ensureServicePackages,
	startPostgres,
	startRedis,
	type PostgresInstance,
	type RedisInstance,
} from '../../scripts/services.cts';
import { check, results } from './checks.cts';

const KEY_A = 'ragflow-queue-key-a-0123456789';
const KEY_B = 'ragflow-queue-key-b-9876543210';
const CREDENTIAL_B = { id: 'RagflowAccountB1', name: 'RAGFlow account B' };
const PACKAGE = 'n8n-nodes-ragflow';
/** Concurrent ingest executions (half per RAGFlow account). */
const INGEST_RUNS = 20;
/**
 * The large upload. n8n's `database` binary-data mode allows 512 MiB by default, but on PostgreSQL
 * a file of 256 MiB or more cannot be read back: the driver gets bytea as hex text, twice the
 * file's size, and Node.js strings end at 512 MiB ("Cannot create a string longer than
 * 0x1fffffe8 characters" in the worker; the execution never ends). See README → Scaling.
 */
const BIG_FILE_MIB = 200;
const MIB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// A tiny runner: named checks, each timed, failures collected, one summary line.
// ---------------------------------------------------------------------------------------------

/** Figures printed at the end (and quoted in the README's Scaling section). */
const figures: string[] = [];

function figure(text: string): void {
	figures.push(text);
	process.stdout.write(`    · ${text}\n`);
}

// ---------------------------------------------------------------------------------------------
// Comparing runs: RAGFlow ids, times and binary-data locations differ between two runs of the same
// workflow; everything else must be equal.
// ---------------------------------------------------------------------------------------------

// RAGFlow ids: 32 hex digits; chunk ids 16.
const ID = /\b[0-9a-f]{32}\b|\b[0-9a-f]{16}\b/g;
const DATE_TIME = /\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?Z?\b/g;
const VOLATILE_KEY = /(^|_)(time|date|at|duration|elapsed|progress_msg|process_begin_at)$/;

/** Replaces ids by their order of appearance (the same id gets the same name) and drops times. */
function normalizer() {
	const ids = new Map<string, string>();
	const normalize = (value: unknown): unknown => {
		if (typeof value === 'string') {
			return value
				.replace(ID, (id) => {
					if (!ids.has(id)) ids.set(id, `<id${ids.size + 1}>`);
					return ids.get(id)!;
				})
				.replace(DATE_TIME, '<time>');
		}
		if (Array.isArray(value)) return value.map(normalize);
		if (value && typeof value === 'object') {
			const out: Record<string, unknown> = {};
			for (const key of Object.keys(value).sort()) {
				if (VOLATILE_KEY.test(key)) continue;
				out[key] = normalize((value as Record<string, unknown>)[key]);
			}
			return out;
		}
		return value;
	};
	return normalize;
}

/**
 * The requests RAGFlow received, normalised; repeated identical requests in a row (the status
 * polls of "Wait for Parsing to Finish", whose number depends on timing) count once.
 */
function requestTrace(requests: RequestLogEntry[]): unknown[] {
	const normalize = normalizer();
	const trace: string[] = [];
	for (const r of requests) {
		const entry = JSON.stringify(
			normalize({
				method: r.method,
				path: r.path,
				query: r.query,
				body: r.body,
				parts: r.parts,
				status: r.status,
			}),
		);
		if (trace.at(-1) !== entry) trace.push(entry);
	}
	return trace.map((entry) => JSON.parse(entry) as unknown);
}

// ---------------------------------------------------------------------------------------------
// n8n: executions, webhooks, which worker ran what
// ---------------------------------------------------------------------------------------------

interface NodeRun {
	data?: {
		main?: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, unknown> }> | null>;
	};
	error?: { message: string; description?: string };
	executionTime?: number;
}

interface RunData {
	resultData: { runData: Record<string, NodeRun[]>; error?: { message: string } };
}

interface Execution {
	id: string;
	status: string;
	mode: string;
	data: RunData;
}

/** Execution data in n8n's REST answer is "flatted" (a JSON graph); n8n ships the decoder. */
function unflatten(text: string): unknown {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const flatted = require(path.join(N8N_DIR, 'node_modules', 'flatted')) as {
		parse(text: string): unknown;
	};
	return flatted.parse(text);
}

async function executionIds(session: RestSession, workflowId: string): Promise<string[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await session.get<{ results: Array<{ id: string }> }>(
		`/rest/executions?filter=${filter}&limit=200`,
	);
	return page.results.map((e) => String(e.id));
}

async function execution(session: RestSession, id: string): Promise<Execution> {
	const detail = await session.get<{ id: string; status: string; mode: string; data: string }>(
		`/rest/executions/${id}`,
	);
	return { ...detail, id: String(detail.id), data: unflatten(detail.data) as RunData };
}

/** The JSON of the items a node put out (first output, first run). */
function outputOf(run: RunData | undefined, nodeName: string): Array<Record<string, unknown>> {
	assert.ok(run, 'no run data');
	const runs = run.resultData.runData[nodeName];
	assert.ok(
		runs?.length,
		`node "${nodeName}" did not run (${run.resultData.error?.message ?? 'no error'}); ran: ${Object.keys(run.resultData.runData).join(', ')}`,
	);
	assert.equal(runs[0].error, undefined, `node "${nodeName}" failed: ${runs[0].error?.message}`);
	return (runs[0].data?.main?.[0] ?? []).map((item) => item.json);
}

/** `n8n execute --rawOutput`: always regular mode (n8n falls back from queue mode for the CLI). */
async function executeInRegularMode(options: N8nOptions, workflowId: string) {
	const result = await n8nCli(options, ['execute', `--id=${workflowId}`, '--rawOutput'], 300_000);
	let run: { data: RunData } | undefined;
	for (const message of logMessages(result.log)) {
		if (!message.startsWith('{')) continue;
		const parsed = JSON.parse(message) as { data?: RunData };
		if (parsed?.data?.resultData) run = parsed as { data: RunData };
	}
	assert.equal(
		result.code,
		0,
		`n8n execute failed: ${run?.data.resultData.error?.message}\n${tail(result.stderr, 20)}`,
	);
	return { run: run?.data, log: result.log };
}

async function callWebhook(
	url: string,
	webhookPath: string,
	body: unknown,
	timeoutMs = 300_000,
): Promise<{ status: number; text: string; json<T = unknown>(): T }> {
	const response = await fetch(`${url}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	return { status: response.status, text, json: <T,>() => JSON.parse(text) as T };
}

interface Worker {
	name: string;
	process: RunningProcess;
	logFile: string;
	options: N8nOptions;
	/** The `n8n worker` node process itself (below the guardian and runuser), for its memory. */
	nodePid(): number;
	/** Execution ids this worker started, from its log ("Worker started execution <id>"). */
	executions(): Set<string>;
}

function descendants(pid: number): number[] {
	const out: number[] = [];
	const queue = [pid];
	while (queue.length) {
		const current = queue.shift()!;
		out.push(current);
		for (const task of fs.readdirSync(`/proc/${current}/task`)) {
			const children = fs.readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').trim();
			if (children) queue.push(...children.split(/\s+/).map(Number));
		}
	}
	return out;
}

async function startWorker(name: string, options: N8nOptions, logFile: string): Promise<Worker> {
	fs.mkdirSync(options.filesFolder, { recursive: true });
	const proc = startProcess(process.execPath, [N8N_BIN, 'worker'], {
		cwd: options.filesFolder,
		env: n8nEnv(options),
		logFile,
	});
	const output = () => fs.readFileSync(logFile, 'utf8');
	const deadline = Date.now() + 240_000;
	while (!/n8n worker is now ready/.test(output())) {
		if (proc.exitCode() !== undefined)
			throw new Error(`${name} exited during start-up\n${tail(output())}`);
		if (Date.now() > deadline)
			throw new Error(`${name} was not ready after 240 s\n${tail(output())}`);
		await sleep(500);
	}
	return {
		name,
		process: proc,
		logFile,
		options,
		nodePid: () => {
			const pid = descendants(proc.pid).find((candidate) => {
				const args = fs.readFileSync(`/proc/${candidate}/cmdline`, 'utf8').split('\0');
				return !args.includes('-e') && args.includes('worker') && args.includes(N8N_BIN);
			});
			assert.ok(pid, `no "n8n worker" process under ${proc.pid}`);
			return pid;
		},
		executions: () =>
			new Set([...output().matchAll(/Worker started execution (\d+)/g)].map((m) => m[1])),
	};
}

function statusKb(pid: number, key: 'VmRSS' | 'VmHWM'): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
	return m ? Number(m[1]) : NaN;
}

/**
 * Starts measuring the peak RSS of `pid`: VmHWM (reset now) and samples every 5 ms, whichever is
 * higher. finish() stops and returns the RSS before and the peak, in bytes.
 */
function rssPeakMeter(pid: number) {
	const before = statusKb(pid, 'VmRSS') * 1024;
	// "5" resets the peak RSS (VmHWM) of a process we own (Linux ≥ 4.0).
	fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
	let sampled = before;
	const timer = setInterval(() => {
		try {
			sampled = Math.max(sampled, statusKb(pid, 'VmRSS') * 1024);
		} catch {
			// The process is gone; the check reports why.
		}
	}, 5);
	return {
		finish: () => {
			clearInterval(timer);
			return { before, peak: Math.max(sampled, statusKb(pid, 'VmHWM') * 1024) };
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Workflows: the examples with their manual trigger swapped for a Webhook (in queue mode the main
// instance hands webhook executions to the workers), and the workflows of the other checks.
// ---------------------------------------------------------------------------------------------

type Workflow = Record<string, unknown> & {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown> & { name: string; type: string }>;
	connections: Record<string, unknown>;
};

function webhookNode(
	webhookPath: string,
	responseMode: 'lastNode' | 'streaming',
	position: unknown = [0, 0],
): Workflow['nodes'][number] {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position,
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path: webhookPath,
			responseMode,
			...(responseMode === 'lastNode' ? { responseData: 'allEntries' } : {}),
			options: {},
		},
	};
}

/** An example with its manual trigger replaced by a Webhook node that answers with the last node. */
function viaWebhook(example: ExampleWorkflow, id: string, webhookPath: string): Workflow {
	const json = structuredClone(example.json) as unknown as Workflow;
	const trigger = json.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	assert.ok(trigger, `${example.file} has no manual trigger`);
	const webhook = webhookNode(webhookPath, 'lastNode', trigger.position);
	json.nodes = json.nodes.map((n) => (n === trigger ? webhook : n));
	// The trigger's outgoing connections become the Webhook's (nothing connects into a trigger).
	const { [trigger.name]: outgoing, ...rest } = json.connections;
	assert.ok(outgoing, `${example.file}: the trigger connects to nothing`);
	json.connections = { ...rest, Webhook: outgoing };
	return { ...json, id, name: `${example.name} (queue: webhook)`, active: false };
}

/** Example 1 with the dataset name, file and question taken from the webhook's body. */
function ingestWorkflow(
	example: ExampleWorkflow,
	id: string,
	webhookPath: string,
	credential: { id: string; name: string },
): Workflow {
	const json = viaWebhook(example, id, webhookPath);
	for (const node of json.nodes) {
		const parameters = node.parameters as Record<string, unknown>;
		if (node.name === 'Create dataset') parameters.name = "={{ $('Webhook').item.json.body.name }}";
		if (node.name === 'Read example file')
			parameters.fileSelector = "={{ $('Webhook').item.json.body.file }}";
		if (node.name === 'Ask about it')
			parameters.question = "={{ $('Webhook').item.json.body.question }}";
		if (node.credentials) node.credentials = { ragflowApi: credential };
	}
	return { ...json, name: `queue: ingest (${credential.name})` };
}

function streamWorkflow(): Workflow {
	return {
		id: 'QueueStreamAsk01',
		name: 'queue: streamed Ask',
		nodes: [
			webhookNode('queue-stream', 'streaming'),
			{
				id: randomUUID(),
				name: 'Ask',
				type: `${PACKAGE}.ragflowSession`,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'chatSession',
					operation: 'ask',
					chatId: { __rl: true, mode: 'id', value: '={{ $json.body.chat_id }}' },
					question: '={{ $json.body.question }}',
					sessionId: { __rl: true, mode: 'list', value: '' },
					options: {},
				},
				credentials: { ragflowApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Ask', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

function bigUploadWorkflow(): Workflow {
	return {
		id: 'QueueBigUpload01',
		name: 'queue: large upload',
		nodes: [
			webhookNode('queue-big-upload', 'lastNode'),
			{
				id: randomUUID(),
				name: 'Read file',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1.1,
				position: [220, 0],
				parameters: { fileSelector: '={{ $json.body.file }}', options: {} },
			},
			{
				id: randomUUID(),
				name: 'Upload',
				type: `${PACKAGE}.ragflowDocument`,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					operation: 'upload',
					datasetId: {
						__rl: true,
						mode: 'id',
						value: "={{ $('Webhook').item.json.body.dataset_id }}",
					},
					source: 'local',
					binaryPropertyName: 'data',
					simplify: true,
					options: {},
				},
				credentials: { ragflowApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Read file', type: 'main', index: 0 }]] },
			'Read file': { main: [[{ node: 'Upload', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** The RAGFlow API of a simulator, for setting up data the way a RAGFlow user would. */
async function ragflow(sim: RunningSimulator, method: string, pathname: string, body?: unknown) {
	const isForm = body instanceof FormData;
	const response = await fetch(`${sim.url}/api/v1${pathname}`, {
		method,
		headers: {
			Authorization: `Bearer ${sim.apiKey}`,
			...(body === undefined || isForm ? {} : { 'content-type': 'application/json' }),
		},
		body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
	});
	const envelope = (await response.json()) as { code: number; data: unknown; message?: string };
	assert.equal(envelope.code, 0, `${method} ${pathname}: ${envelope.message}`);
	return envelope.data as Record<string, unknown> & Array<Record<string, unknown>>;
}

async function waitUntil(what: string, timeoutMs: number, ready: () => Promise<boolean> | boolean) {
	const deadline = Date.now() + timeoutMs;
	while (!(await ready())) {
		assert.ok(Date.now() < deadline, `${what}: not within ${Math.round(timeoutMs / 1000)} s`);
		await sleep(1000);
	}
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
	const started = Date.now();
	await ensureN8nInstalled();
	await ensureServicePackages();
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'package.json'))) {
		throw new Error('dist/ is missing: run "npm run build" first (npm run test:e2e:queue does)');
	}

	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ragflow-e2e-queue-'));
	let failed = true;
	onCleanup(() => {
		if (process.env.E2E_KEEP || failed) log(`kept ${workDir} (n8n logs, request logs)`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	});
	const filesFolder = path.join(workDir, 'files');

	log('starting PostgreSQL and Redis...');
	const [postgres, redis]: [PostgresInstance, RedisInstance] = await Promise.all([
		startPostgres(),
		startRedis(),
	]);
	onCleanup(() => postgres.stop());
	onCleanup(() => redis.stop());
	log(`PostgreSQL on 127.0.0.1:${postgres.port}, Redis on 127.0.0.1:${redis.port}`);

	// Two RAGFlow accounts: a request with the wrong account's key gets 401, and each keeps its own
	// datasets, so any mixing of credentials or data between executions shows.
	const simA = await startSimulator({
		port: 0,
		host: '127.0.0.1',
		apiKey: KEY_A,
		parseMs: 400,
		// Slow enough that a streamed answer visibly arrives in pieces.
		sseDelayMs: 60,
		logFile: path.join(workDir, 'requests-a.jsonl'),
	});
	onCleanup(() => simA.close());
	const simB = await startSimulator({
		port: 0,
		host: '127.0.0.1',
		apiKey: KEY_B,
		parseMs: 400,
		logFile: path.join(workDir, 'requests-b.jsonl'),
	});
	onCleanup(() => simB.close());
	log(`simulators at ${simA.url} (account A) and ${simB.url} (account B)`);

	// The same configuration for every n8n process: what makes them one installation.
	const queueEnv: NodeJS.ProcessEnv = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		// Credentials are encrypted in PostgreSQL by whichever process saved them and decrypted by
		// the worker that runs the node: all processes need the same key.
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		// n8n's only built-in binary-data mode that every process can read in queue mode (the
		// default there; `filesystem` is local to one process, S3/Azure need a licence).
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_PRUNE: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		// Queue mode wants these; they also keep n8n from warning about them on every start.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '20',
	};
	const processOptions = async (name: string): Promise<N8nOptions> => ({
		userFolder: path.join(workDir, name),
		filesFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		extraEnv: queueEnv,
	});
	const mainOptions = await processOptions('main');
	const workerOptions = [await processOptions('worker-1'), await processOptions('worker-2')];

	log('installing the packed package into the main and both workers...');
	for (const options of [mainOptions, ...workerOptions])
		await installPackageInto(options.userFolder);
	copyExampleFiles(filesFolder);

	const credentialFile = path.join(workDir, 'credentials.json');
	fs.writeFileSync(
		credentialFile,
		JSON.stringify([
			{
				id: CREDENTIAL_ID,
				name: CREDENTIAL_NAME,
				type: 'ragflowApi',
				data: { baseUrl: simA.url, apiKey: KEY_A, ignoreSslIssues: false },
			},
			{
				...CREDENTIAL_B,
				type: 'ragflowApi',
				data: { baseUrl: simB.url, apiKey: KEY_B, ignoreSslIssues: false },
			},
		]),
	);
	log('importing credentials and workflows into PostgreSQL with the n8n CLI...');
	await n8nCliOrThrow(mainOptions, ['import:credentials', `--input=${credentialFile}`]);
	fs.rmSync(credentialFile);

	const examples = listExamples();
	const example = (prefix: string) => {
		const found = examples.find((e) => e.file.startsWith(prefix));
		assert.ok(found, `examples/${prefix}*.json is missing`);
		return found;
	};
	const notify = example('2-');
	const workflows: Workflow[] = [
		example('1-').json as unknown as Workflow,
		example('3-').json as unknown as Workflow,
		notify.json as unknown as Workflow,
		viaWebhook(example('1-'), 'QueueExIngest001', 'queue-example-1'),
		viaWebhook(example('3-'), 'QueueExAsk000001', 'queue-example-3'),
		ingestWorkflow(example('1-'), 'QueueIngestA0001', 'queue-ingest-a', {
			id: CREDENTIAL_ID,
			name: CREDENTIAL_NAME,
		}),
		ingestWorkflow(example('1-'), 'QueueIngestB0001', 'queue-ingest-b', CREDENTIAL_B),
		streamWorkflow(),
		bigUploadWorkflow(),
	];
	const workflowsDir = path.join(workDir, 'workflows');
	fs.mkdirSync(workflowsDir);
	for (const workflow of workflows)
		fs.writeFileSync(path.join(workflowsDir, `${workflow.id}.json`), JSON.stringify(workflow));
	await n8nCliOrThrow(mainOptions, ['import:workflow', '--separate', `--input=${workflowsDir}`]);
	// Published (n8n's "active"): the webhooks and the trigger. (The importer's
	// --activeState=fromJson needs an owner account, which a fresh instance does not have yet.)
	for (const workflow of workflows.filter((w) => w.id.startsWith('Queue') || w.id === notify.id))
		await n8nCliOrThrow(mainOptions, ['publish:workflow', `--id=${workflow.id}`]);

	// Regular mode, for comparison: the examples as `n8n execute` runs them (in one process), on the
	// same database and RAGFlow account, before the queue-mode instance starts.
	log('running examples 1 and 3 in regular mode (n8n execute) for comparison...');
	const regular: Record<string, { run: RunData; requests: RequestLogEntry[] }> = {};
	for (const id of [example('1-').id, example('3-').id]) {
		const since = simA.requests.length;
		const { run } = await executeInRegularMode(mainOptions, id);
		assert.ok(run, `example ${id} gave no run data in regular mode`);
		regular[id] = { run, requests: simA.requests.slice(since) };
		// Cleaned up as the README asks, so the queue-mode run's dataset gets the same name (RAGFlow
		// renames a second "n8n example: ingest" to "n8n example: ingest(1)").
		const chats = run.resultData.runData['Create chat assistant'];
		if (chats)
			await ragflow(simA, 'DELETE', '/chats', {
				ids: [outputOf(run, 'Create chat assistant')[0].id],
			});
		await ragflow(simA, 'DELETE', '/datasets', { ids: [outputOf(run, 'Create dataset')[0].id] });
	}

	log('starting the n8n main instance and two workers (queue mode)...');
	const mainLog = path.join(workDir, 'main.log');
	let main: RunningN8n = await startN8n({
		...mainOptions,
		logFile: mainLog,
		readyTimeoutMs: 300_000,
	});
	const workers = await Promise.all(
		workerOptions.map((options, i) =>
			startWorker(`worker ${i + 1}`, options, path.join(workDir, `worker-${i + 1}.log`)),
		),
	);
	let session = await ownerSession(main.url);
	const ranOn = (executionId: string) =>
		workers.filter((w) => w.executions().has(executionId)).map((w) => w.name);
	log(`queue mode ready after ${Math.round((Date.now() - started) / 1000)} s; running checks`);
	process.stdout.write('\ne2e-queue (n8n queue mode: PostgreSQL, Redis, main + 2 workers)\n');

	await check('the main instance and both workers load the package', async () => {
		for (const output of [main.output(), ...workers.map((w) => fs.readFileSync(w.logFile, 'utf8'))])
			assert.doesNotMatch(output, /Failed to load package "n8n-nodes-ragflow"/);
		const types = await session.get<Array<{ name: string }>>('/types/nodes.json');
		assert.ok(types.some((t) => t.name === `${PACKAGE}.ragflowDocument`));
		assert.match(main.output(), /queue/i);
	});

	// ----- (2) the trigger, phase 1: runs in the background while the other checks use n8n -----
	// The main instance polls (it owns triggers); each event becomes an execution on a worker.
	const notifyDocs = {
		beforeRestart: ['notify-queue-1-done.txt', 'notify-queue-1-fail.txt'],
		duringRestart: ['notify-queue-2-done.txt', 'notify-queue-2-fail.txt'],
	};
	const activatedAt = Date.now();
	let triggerDataset = '';
	const parseDocs = async (names: string[]) => {
		const form = new FormData();
		for (const name of names)
			form.append('file', new Blob([`Notify test document ${name}.\n`]), name);
		const docs = await ragflow(simA, 'POST', `/datasets/${triggerDataset}/documents`, form);
		const ids = docs.map((doc) => String(doc.id));
		await ragflow(simA, 'POST', `/datasets/${triggerDataset}/chunks`, { document_ids: ids });
		return ids;
	};
	/** Every item the Notify workflow produced: [execution id, document name, message]. */
	const notifyEvents = async () => {
		const events: Array<{ execution: string; name: string; message: string; worker: string[] }> =
			[];
		for (const id of await executionIds(session, notify.id)) {
			const ex = await execution(session, id);
			const items = ex.data?.resultData?.runData['Shape message']?.[0]?.data?.main?.[0] ?? [];
			for (const item of items) {
				const name = /"([^"]+)" in dataset/.exec(String(item.json.message))?.[1] ?? '';
				events.push({ execution: id, name, message: String(item.json.message), worker: ranOn(id) });
			}
		}
		return events;
	};
	const isScheduledPoll = (r: RequestLogEntry) =>
		r.method === 'GET' && r.path === '/api/v1/datasets' && r.time > activatedAt + 5000;
	const triggerPhase1 = (async () => {
		// The trigger's first scheduled poll (within a minute) remembers what is already parsed.
		await waitUntil("the trigger's first scheduled poll", 120_000, () =>
			simA.requests.some(isScheduledPoll),
		);
		triggerDataset = String(
			(await ragflow(simA, 'POST', '/datasets', { name: 'queue trigger' })).id,
		);
		await parseDocs(notifyDocs.beforeRestart);
	})();
	triggerPhase1.catch(() => {});

	// ----- (1) examples 1 and 3 on workers, compared with regular mode -----
	for (const [prefix, webhookPath, label] of [
		['1-', 'queue-example-1', 'example 1 (ingest: upload, parse, wait, retrieve)'],
		['3-', 'queue-example-3', 'example 3 (chat assistant, ask, follow-up)'],
	] as const) {
		await check(
			`${label} runs on a worker with the same outputs and requests as in regular mode`,
			async () => {
				const ex = example(prefix);
				const webhookId = workflows.find((w) => w.name === `${ex.name} (queue: webhook)`)!.id;
				const since = simA.requests.length;
				const answer = await callWebhook(main.url, webhookPath, {});
				assert.equal(answer.status, 200, answer.text.slice(0, 500));
				const [executionId] = await executionIds(session, webhookId);
				assert.ok(executionId, 'no execution saved');
				const queued = await execution(session, executionId);
				assert.equal(queued.status, 'success');
				const workers_ = ranOn(executionId);
				assert.equal(workers_.length, 1, `ran on ${workers_.join(', ') || 'no worker'}`);
				assert.doesNotMatch(
					main.output(),
					new RegExp(`Worker started execution ${executionId}\\b`),
					'the main instance ran it',
				);
				figure(`${label}: execution ${executionId} ran on ${workers_[0]}`);

				const base = regular[ex.id];
				const nodes = (ex.json.nodes as Array<{ name: string; type: string }>)
					.filter((n) => n.type.startsWith(`${PACKAGE}.`))
					.map((n) => n.name);
				for (const node of nodes) {
					const normalize = normalizer();
					assert.deepEqual(
						normalize(outputOf(queued.data, node)),
						normalizer()(outputOf(base.run, node)),
						`output of "${node}" differs from regular mode`,
					);
				}
				// The read file is the same in both modes, stored in PostgreSQL in queue mode.
				const binary = (run: RunData) => {
					const data = run.resultData.runData['Read example file'][0].data!.main![0]![0].binary!
						.data as Record<string, unknown>;
					return { fileName: data.fileName, mimeType: data.mimeType, fileSize: data.fileSize };
				};
				assert.deepEqual(binary(queued.data), binary(base.run));
				assert.deepEqual(
					requestTrace(simA.requests.slice(since).filter((r) => !isTriggerPoll(r))),
					requestTrace(base.requests),
					'requests differ from regular mode',
				);
				// The webhook answered with the last node's items.
				const lastNode = nodes.at(-1)!;
				assert.deepEqual(
					normalizer()(answer.json()),
					normalizer()(outputOf(queued.data, lastNode)),
				);
			},
		);
	}

	// ----- (3) 20 ingest executions at once, two RAGFlow accounts, both workers -----
	await check(
		`${INGEST_RUNS} ingest executions submitted at once spread over both workers; every document uploaded once and parsed, nothing lost, duplicated or mixed`,
		async () => {
			const runs = Array.from({ length: INGEST_RUNS }, (_, i) => {
				const account = i % 2 === 0 ? 'a' : 'b';
				const code = `CODE-${String(i).padStart(2, '0')}-${randomBytes(4).toString('hex')}`;
				const file = `queue-doc-${String(i).padStart(2, '0')}.md`;
				fs.writeFileSync(
					path.join(filesFolder, file),
					`# Document ${i}\n\nThe access code of document ${i} is ${code}. Keep it safe.\n`,
				);
				return {
					i,
					account,
					sim: account === 'a' ? simA : simB,
					code,
					file,
					name: `queue ingest ${i}`,
					question: `What is the access code of document ${i}?`,
				};
			});
			const sinceA = simA.requests.length;
			const sinceB = simB.requests.length;
			const t0 = Date.now();
			const answers = await Promise.all(
				runs.map((run) =>
					callWebhook(main.url, `queue-ingest-${run.account}`, {
						name: run.name,
						file: run.file,
						question: run.question,
					}),
				),
			);
			figure(
				`${INGEST_RUNS} concurrent ingest executions: all answered after ${((Date.now() - t0) / 1000).toFixed(1)} s`,
			);
			const byWorker = new Map<string, number>();
			for (const [index, run] of runs.entries()) {
				const answer = answers[index];
				assert.equal(answer.status, 200, `run ${run.i}: ${answer.text.slice(0, 300)}`);
				const chunks = answer.json<Array<Record<string, unknown>>>();
				assert.ok(chunks.length > 0, `run ${run.i}: no chunk retrieved`);
				// The answer holds this execution's own document, and only that.
				for (const chunk of chunks) {
					assert.equal(chunk.document_name, run.file, `run ${run.i} got another run's chunk`);
					assert.match(String(chunk.content), new RegExp(run.code));
				}
				// The document is in this account's RAGFlow, in the dataset made for this run, parsed.
				const datasets = run.sim.state.datasets;
				const mine = [...datasets.values()].filter((d) => d.name === run.name);
				assert.equal(
					mine.length,
					1,
					`run ${run.i}: datasets named "${run.name}" in account ${run.account}`,
				);
				const docs = [...run.sim.state.documents.values()].filter(
					(d) => d.dataset_id === mine[0].id,
				);
				assert.deepEqual(
					docs.map((d) => [d.name, d.run]),
					[[run.file, '3']],
					`run ${run.i}: documents of its dataset`,
				);
			}
			for (const [sim, since, account] of [
				[simA, sinceA, 'a'],
				[simB, sinceB, 'b'],
			] as const) {
				const requests = sim.requests.slice(since);
				const uploads = requests.filter(
					(r) =>
						r.method === 'POST' &&
						/^\/api\/v1\/datasets\/[0-9a-f]{32}\/documents$/.test(r.path) &&
						// The trigger check uploads its own documents meanwhile, not through n8n.
						!String(r.parts?.[0]?.filename).startsWith('notify-queue-'),
				);
				const expected = runs
					.filter((r) => r.account === account)
					.map((r) => r.file)
					.sort();
				assert.deepEqual(
					uploads.map((r) => r.parts?.[0]?.filename).sort(),
					expected,
					`account ${account}: one upload per run, none lost or duplicated`,
				);
				// No request with the other account's key or to a dataset of the other account.
				assert.equal(
					requests.filter((r) => r.status === 401).length,
					0,
					`account ${account}: 401s`,
				);
				assert.equal(
					requests.filter((r) => r.status === 404).length,
					0,
					`account ${account}: requests for unknown ids`,
				);
			}
			for (const id of [
				...(await executionIds(session, 'QueueIngestA0001')),
				...(await executionIds(session, 'QueueIngestB0001')),
			]) {
				const on = ranOn(id);
				assert.equal(on.length, 1, `execution ${id} ran on ${on.join(', ') || 'no worker'}`);
				byWorker.set(on[0], (byWorker.get(on[0]) ?? 0) + 1);
			}
			assert.equal(
				[...byWorker.values()].reduce((a, b) => a + b, 0),
				INGEST_RUNS,
			);
			assert.equal(byWorker.size, 2, `all ran on ${[...byWorker.keys()].join(', ')}`);
			figure(
				`ingest executions per worker: ${[...byWorker.entries()].map(([w, n]) => `${w} ${n}`).join(', ')}`,
			);
		},
	);

	// ----- (4) a streamed Ask through a Webhook with response mode Streaming -----
	await check(
		'a streamed Ask (Webhook, response mode Streaming) delivers its answer in chunks from the worker',
		async () => {
			const dataset = await ragflow(simA, 'POST', '/datasets', { name: 'queue stream' });
			const form = new FormData();
			form.append(
				'file',
				new Blob([fs.readFileSync(path.join(filesFolder, 'ragflow-example.md'))]),
				'ragflow-example.md',
			);
			const [doc] = await ragflow(simA, 'POST', `/datasets/${String(dataset.id)}/documents`, form);
			simA.state.finishParse(String(doc.id), 'DONE');
			const chat = await ragflow(simA, 'POST', '/chats', {
				name: 'queue stream assistant',
				dataset_ids: [dataset.id],
			});
			const question = 'How long does the kettle warranty last?';
			// RAGFlow (the simulator) holds its answer after the first event until a chunk of it has
			// reached this client: proof that the worker relays the answer while it is being written.
			const release = simA.holdStreams();
			const giveUp = setTimeout(release, 60_000);
			let chunkWhileHeld = false;
			const t0 = Date.now();
			const response = await fetch(`${main.url}/webhook/queue-stream`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ chat_id: chat.id, question }),
				signal: AbortSignal.timeout(120_000),
			});
			assert.equal(response.status, 200);
			// n8n streams newline-delimited JSON: {type: begin|item|end, content?, metadata}.
			const arrivals: Array<{ at: number; line: Record<string, unknown> }> = [];
			let buffer = '';
			const decoder = new TextDecoder();
			for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) {
				buffer += decoder.decode(part, { stream: true });
				let newline: number;
				while ((newline = buffer.indexOf('\n')) >= 0) {
					const line = buffer.slice(0, newline).trim();
					buffer = buffer.slice(newline + 1);
					if (!line) continue;
					const parsed = JSON.parse(line) as Record<string, unknown>;
					arrivals.push({ at: Date.now() - t0, line: parsed });
					const fromAsk =
						(parsed.metadata as { nodeName?: string } | undefined)?.nodeName === 'Ask';
					if (parsed.type === 'item' && fromAsk && !chunkWhileHeld) {
						chunkWhileHeld = true;
						clearTimeout(giveUp);
						release();
					}
				}
			}
			clearTimeout(giveUp);
			release();
			if (buffer.trim())
				arrivals.push({ at: Date.now() - t0, line: JSON.parse(buffer) as Record<string, unknown> });
			const items = arrivals.filter(
				(a) =>
					a.line.type === 'item' &&
					a.line.metadata &&
					(a.line.metadata as { nodeName?: string }).nodeName === 'Ask',
			);
			assert.ok(
				items.length >= 3,
				`only ${items.length} answer chunks: ${JSON.stringify(arrivals).slice(0, 500)}`,
			);
			const streamed = items.map((a) => String(a.line.content)).join('');
			const [executionId] = await executionIds(session, 'QueueStreamAsk01');
			const ex = await execution(session, executionId);
			const [answer] = outputOf(ex.data, 'Ask');
			assert.equal(streamed, answer.answer, 'the chunks add up to the answer the node returned');
			assert.ok(String(answer.answer).length > 20, 'a real answer');
			const on = ranOn(executionId);
			assert.equal(on.length, 1, `ran on ${on.join(', ') || 'no worker'}`);
			assert.ok(
				chunkWhileHeld,
				'no chunk reached the client while RAGFlow held the rest of its answer',
			);
			const completion = simA.requests.filter((r) => r.path === '/api/v1/chat/completions').at(-1);
			assert.equal(
				(completion?.body as { stream?: boolean })?.stream,
				true,
				'the node asked RAGFlow to stream',
			);
			figure(
				`streamed Ask on ${on[0]}: ${items.length} chunks, first after ${items[0].at} ms, last after ${items.at(-1)!.at} ms`,
			);
		},
	);

	// ----- (5) a large upload in `database` binary-data mode, worker memory -----
	await check(
		`a ${BIG_FILE_MIB} MiB upload in database binary-data mode: every byte reaches RAGFlow; peak RSS of the worker that ran it`,
		async () => {
			const bigFile = path.join(filesFolder, `big-${BIG_FILE_MIB}mib.txt`);
			// Sparse: created at once, reads as zeros; removed with the work folder.
			const fd = fs.openSync(bigFile, 'w');
			fs.ftruncateSync(fd, BIG_FILE_MIB * MIB);
			fs.closeSync(fd);
			const dataset = await ragflow(simA, 'POST', '/datasets', { name: 'queue big upload' });
			// Both workers are measured; the one that ran the execution is reported.
			const meters = workers.map((w) => rssPeakMeter(w.nodePid()));
			const t0 = Date.now();
			let answer: Awaited<ReturnType<typeof callWebhook>> | undefined;
			let memory: Array<{ before: number; peak: number }> = [];
			try {
				answer = await callWebhook(main.url, 'queue-big-upload', {
					file: path.basename(bigFile),
					dataset_id: dataset.id,
				});
			} finally {
				memory = meters.map((m) => m.finish());
			}
			const seconds = (Date.now() - t0) / 1000;
			assert.ok(answer);
			assert.equal(answer.status, 200, answer.text.slice(0, 500));
			const [executionId] = await executionIds(session, 'QueueBigUpload01');
			const on = ranOn(executionId);
			assert.equal(on.length, 1);
			const index = workers.findIndex((w) => w.name === on[0]);
			const upload = simA.requests.filter(
				(r) => r.method === 'POST' && r.path === `/api/v1/datasets/${String(dataset.id)}/documents`,
			);
			assert.deepEqual(
				upload.map((r) => r.parts?.map((p) => [p.filename, p.size])),
				[[[path.basename(bigFile), BIG_FILE_MIB * MIB]]],
			);
			const docs = [...simA.state.documents.values()].filter((d) => d.dataset_id === dataset.id);
			assert.equal(docs[0]?.size, BIG_FILE_MIB * MIB);
			const mib = (bytes: number) => Math.round(bytes / MIB);
			const ran = memory[index];
			const other = memory[1 - index];
			figure(
				`${BIG_FILE_MIB} MiB upload on ${on[0]} in ${seconds.toFixed(1)} s: worker RSS ${mib(ran.before)} → peak ${mib(ran.peak)} MiB (+${mib(ran.peak - ran.before)} MiB); the other worker +${mib(other.peak - other.before)} MiB`,
			);
		},
	);

	// ----- (2) the trigger, phase 2: restart the main instance between two polls -----
	await check(
		'the published Notify workflow fires exactly once per finished or failed document across polls, with the main instance restarted between two polls',
		async () => {
			await triggerPhase1;
			const names = (events: Array<{ name: string }>) => events.map((e) => e.name).sort();
			await waitUntil('the events before the restart', 150_000, async () => {
				const reported = names(await notifyEvents());
				return notifyDocs.beforeRestart.every((name) => reported.includes(name));
			});
			log('restarting the main instance (workers keep running)...');
			await main.stop();
			// Finished while nobody polls: reported after the restart, from the cursor in PostgreSQL.
			const restartIds = await parseDocs(notifyDocs.duringRestart);
			await waitUntil('parsing of the documents during the restart', 60_000, () =>
				// The simulator keeps RAGFlow's run codes: '3' DONE, '4' FAIL.
				restartIds.every((id) => ['3', '4'].includes(String(simA.state.documents.get(id)?.run))),
			);
			main = await startN8n({ ...mainOptions, logFile: mainLog, readyTimeoutMs: 300_000 });
			session = await ownerSession(main.url);
			const restartedAt = Date.now();
			await waitUntil('the events after the restart', 180_000, async () => {
				const reported = names(await notifyEvents());
				return notifyDocs.duringRestart.every((name) => reported.includes(name));
			});
			// "Once": one more poll after everything was reported, then count.
			const seenAt = Date.now();
			await waitUntil('another poll', 90_000, () =>
				simA.requests.some(
					(r) => r.method === 'GET' && r.path === '/api/v1/datasets' && r.time > seenAt + 500,
				),
			);
			await sleep(5000);
			const events = await notifyEvents();
			const ours = events.filter((e) =>
				[...notifyDocs.beforeRestart, ...notifyDocs.duringRestart].includes(e.name),
			);
			assert.deepEqual(
				names(ours),
				[...notifyDocs.beforeRestart, ...notifyDocs.duringRestart].sort(),
				'each document fires exactly once',
			);
			// No document at all (the other checks parse many) fired twice.
			const seen = new Map<string, number>();
			for (const e of events) seen.set(e.message, (seen.get(e.message) ?? 0) + 1);
			assert.deepEqual(
				[...seen.entries()].filter(([, n]) => n > 1),
				[],
				'a document fired twice',
			);
			for (const e of ours)
				assert.equal(
					e.worker.length,
					1,
					`Notify execution ${e.execution} ran on ${e.worker.join(', ') || 'no worker'}`,
				);
			assert.match(
				ours.find((e) => e.name === 'notify-queue-2-done.txt')!.message,
				/^✅ Parsed "notify-queue-2-done\.txt" in dataset "queue trigger" \(\d+ chunks\)$/,
			);
			assert.match(
				ours.find((e) => e.name === 'notify-queue-2-fail.txt')!.message,
				/^❌ Parsing failed: "notify-queue-2-fail\.txt" in dataset "queue trigger" - \S/,
			);
			figure(
				`Notify: ${events.length} events over ${Math.round((Date.now() - activatedAt) / 1000)} s, reported after the restart within ${Math.round((seenAt - restartedAt) / 1000)} s; on ${[...new Set(ours.flatMap((e) => e.worker))].join(', ')}`,
			);
		},
	);

	await main.stop();
	await Promise.all(workers.map((w) => w.process.stop('SIGTERM', 30_000)));
	const passed = results.filter((r) => r.ok).length;
	failed = passed !== results.length;
	log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
	return results.length - passed;
}

/**
 * A request of the Notify trigger, which polls account A once a minute while the other checks run:
 * it lists datasets and asks for documents by parse state (`run`); the examples do neither.
 */
function isTriggerPoll(r: RequestLogEntry): boolean {
	return r.method === 'GET' && (r.path === '/api/v1/datasets' || r.query.run !== undefined);
}

main().then(
	async (failures) => {
		await cleanupAll();
		const passed = results.filter((r) => r.ok).length;
		if (figures.length)
			process.stdout.write(`\nfigures:\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
		process.stdout.write(`\ne2e-queue: ${passed} passed, ${failures} failed\n`);
		process.exit(failures === 0 ? 0 : 1);
	},
	async (error: Error) => {
		process.stdout.write(`\ne2e-queue setup failed: ${error.stack ?? error.message}\n`);
		await cleanupAll();
		const passed = results.filter((r) => r.ok).length;
		process.stdout.write(`\ne2e-queue: ${passed} passed, ${results.length - passed + 1} failed\n`);
		process.exit(1);
	},
);
