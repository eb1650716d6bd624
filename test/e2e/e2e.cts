/**
 * End-to-end tests in a real n8n (`npm run test:e2e`): the package is packed and installed into a
 * fresh n8n user folder, the RAGFlow simulator stands in for RAGFlow, the example workflows and a
 * credential are imported with n8n's CLI and run with `n8n execute`, while `n8n start` runs the
 * trigger workflow and answers REST calls. Everything started here is stopped at the end, also on
 * failure or Ctrl-C. Prints `e2e: N passed, N failed` last; exits non-zero on any failure.
 *
 * Options (`npm run test:e2e -- <options>`):
 *   --n8n <version>            the n8n to run in: 2.40.x (default), 1.123.x (the last 1.x line) or an
 *                              exact version; installed once into ~/.cache/n8n-nodes-ragflow
 *   --ragflow-version <v>      the RAGFlow release the simulator behaves like (default 0.27)
 *   --only <words>             run only the checks whose name contains one of these comma-separated
 *                              words (e.g. "loads,example 1,example 3"); set-up still runs in full
 *
 * The editor itself is tested in a headless Chromium (test/e2e/editor.cts): node panel search,
 * parameter panels, the credential dialog and a run from the editor.
 *
 * Environment: E2E_KEEP=1 keeps the temporary folder (n8n logs, simulator request log, browser
 * screenshots) afterwards; it is always kept when a check fails. E2E_README_SCREENSHOTS=1 copies the
 * editor screenshots the README shows into docs/images.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	DEFAULT_RAGFLOW_VERSION,
	RAGFLOW_VERSIONS,
	isRagflowVersion,
	startSimulator,
	type RagflowVersion,
	type RequestLogEntry,
	type RunningSimulator,
} from '../simulator/server.cts';
import {
	copyExampleFiles,
	listExamples,
	writeCredentialFile,
	type ExampleWorkflow,
} from '../../scripts/examples.cts';
import { editorChecks, README_SCREENSHOTS } from './editor.cts';
import {
	DEFAULT_OWNER,
	N8N_VERSION,
	REPO_ROOT,
	cleanupAll,
	ensureN8nInstalled,
	freePort,
	installPackageInto,
	log,
	logMessages,
	n8nDir,
	resolveN8nVersion,
	n8nCli,
	n8nCliOrThrow,
	onCleanup,
	ownerSession,
	sleep,
	startN8n,
	tail,
	type N8nOptions,
	type RestSession,
	type RunningN8n,
} from '../../scripts/n8nRuntime.cts';
import { check as runCheck, results } from './checks.cts';

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

interface E2eArgs {
	n8nVersion: string;
	ragflowVersion: RagflowVersion;
	only?: string[];
}

function parseArgs(argv: string[]): E2eArgs {
	const args: E2eArgs = { n8nVersion: N8N_VERSION, ragflowVersion: DEFAULT_RAGFLOW_VERSION };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		const value = () => {
			const v = inline ?? argv[++i];
			if (!v) throw new Error(`${flag} needs a value`);
			return v;
		};
		if (flag === '--n8n') args.n8nVersion = resolveN8nVersion(value());
		else if (flag === '--ragflow-version') {
			// "v0.22.1" and "0.22" both mean the simulator's 0.22 profile; 0.25 has two (0.25.0, 0.25.6).
			const wanted = value().replace(/^v/, '');
			const profile = [wanted, wanted.replace(/\.\d+$/, '')].find(isRagflowVersion);
			if (!profile) {
				throw new Error(
					`--ragflow-version ${wanted}: the simulator has no profile for it (it plays ${RAGFLOW_VERSIONS.join(', ')})`,
				);
			}
			args.ragflowVersion = profile;
		} else if (flag === '--only')
			args.only = value()
				.split(',')
				.map((word) => word.trim().toLowerCase())
				.filter(Boolean);
		else
			throw new Error(
				`unknown option ${argv[i]} (options: --n8n <version>, --ragflow-version <v>, --only <words>)`,
			);
	}
	return args;
}

const ARGS = parseArgs(process.argv.slice(2));
/** n8n 1.x differs in a few places (the CLI's publish command, the credential Test's message). */
const N8N_MAJOR = Number(ARGS.n8nVersion.split('.')[0]);

const API_KEY = 'ragflow-e2e-key-0123456789';
const WRONG_KEY = 'ragflow-wrong-key-e2e-9876543210';
const PACKAGE = 'n8n-nodes-ragflow';

// ---------------------------------------------------------------------------------------------
// A tiny runner: named checks, each timed, failures collected, one summary line.
// ---------------------------------------------------------------------------------------------

/** Checks not named by --only are left out. */
async function check(name: string, fn: () => Promise<void>): Promise<void> {
	const skip =
		ARGS.only !== undefined && !ARGS.only.some((word) => name.toLowerCase().includes(word));
	await runCheck(name, fn, skip);
}

// ---------------------------------------------------------------------------------------------
// Helpers around n8n
// ---------------------------------------------------------------------------------------------

interface ExecutionResult {
	code: number | null;
	/** n8n's log of the command (JSON lines): where a failed execution is described. */
	log: string;
	/** The run data printed by `n8n execute --rawOutput` (undefined when the run failed). */
	run?: { data: RunData };
	/** The run data of a failed execution. */
	failedRun?: { data: RunData };
	stdout: string;
	stderr: string;
}

interface RunData {
	resultData: { runData: Record<string, Array<RunOfNode>>; error?: { message: string } };
}

interface RunOfNode {
	data?: {
		main?: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, unknown> }> | null>;
	};
	error?: { message: string; description?: string };
}

/**
 * `n8n execute --id … --rawOutput`. n8n writes the run (IRun as JSON) through its logger, so with the
 * log going to a file it is read from there: the last log message that is a run.
 */
async function execute(options: N8nOptions, workflowId: string): Promise<ExecutionResult> {
	const result = await n8nCli(options, ['execute', `--id=${workflowId}`, '--rawOutput'], 300_000);
	let run: ExecutionResult['run'];
	for (const message of logMessages(result.log)) {
		if (!message.startsWith('{')) continue;
		const parsed = JSON.parse(message) as ExecutionResult['run'];
		if (parsed?.data?.resultData) run = parsed;
	}
	return { ...result, run: result.code === 0 ? run : undefined, failedRun: run };
}

/** The JSON of the items a node put out on its first output (first run). */
function outputOf(result: ExecutionResult, nodeName: string): Array<Record<string, unknown>> {
	assert.ok(
		result.run,
		`the workflow failed: ${result.failedRun?.data.resultData.error?.message ?? lastMessages(result.log)}\n${tail(result.stderr, 20)}`,
	);
	const runs = result.run.data.resultData.runData[nodeName];
	assert.ok(
		runs?.length,
		`node "${nodeName}" did not run; ran: ${Object.keys(result.run.data.resultData.runData).join(', ')}`,
	);
	assert.equal(runs[0].error, undefined, `node "${nodeName}" failed: ${runs[0].error?.message}`);
	return (runs[0].data?.main?.[0] ?? []).map((item) => item.json);
}

/** The last messages of an n8n JSON-lines log, for failure reports. */
function lastMessages(log: string, count = 4): string {
	const messages = logMessages(log)
		.filter((message) => !message.startsWith('{'))
		.map((message) => message.slice(0, 400));
	return messages.slice(-count).join(' | ');
}

function requestsTo(
	sim: RunningSimulator,
	method: string,
	pattern: RegExp,
	since = 0,
): RequestLogEntry[] {
	return sim.requests.slice(since).filter((r) => r.method === method && pattern.test(r.path));
}

const ID = '[0-9a-f]{32}';

function example(examples: ExampleWorkflow[], prefix: string): ExampleWorkflow {
	const found = examples.find((e) => e.file.startsWith(prefix));
	assert.ok(found, `examples/${prefix}*.json is missing`);
	return found;
}

/** The RAGFlow API of the simulator, for setting up data the way a RAGFlow user would. */
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

interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
}

async function executionsOf(session: RestSession, workflowId: string): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await session.get<{ results: ExecutionSummary[] }>(
		`/rest/executions?filter=${filter}&limit=50`,
	);
	return page.results;
}

/** Execution data in n8n's REST answer is "flatted" (a JSON graph); n8n ships the decoder. */
function unflatten(text: string): unknown {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const flatted = require(path.join(n8nDir(ARGS.n8nVersion), 'node_modules', 'flatted')) as {
		parse(text: string): unknown;
	};
	return flatted.parse(text);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
	const started = Date.now();
	await ensureN8nInstalled(ARGS.n8nVersion);
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'package.json'))) {
		throw new Error('dist/ is missing: run "npm run build" first (npm run test:e2e does)');
	}
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[] };
	};
	const nodeNames = pkg.n8n.nodes.map((file) => {
		const className = path.basename(file, '.node.js');
		return className.charAt(0).toLowerCase() + className.slice(1);
	});

	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ragflow-e2e-'));
	let failed = true;
	onCleanup(() => {
		if (process.env.E2E_KEEP || failed)
			log(
				`kept ${workDir} (n8n.log, cli.log, requests.jsonl, screenshots/ of failed editor checks)`,
			);
		else fs.rmSync(workDir, { recursive: true, force: true });
	});
	const userFolder = path.join(workDir, 'n8n');
	const filesFolder = path.join(workDir, 'files');

	const sim = await startSimulator({
		port: 0,
		host: '127.0.0.1',
		apiKey: API_KEY,
		parseMs: 400,
		logFile: path.join(workDir, 'requests.jsonl'),
		ragflowVersion: ARGS.ragflowVersion,
	});
	onCleanup(() => sim.close());
	log(`simulator (RAGFlow ${ARGS.ragflowVersion}) at ${sim.url}`);

	log('installing the packed package into a fresh n8n user folder...');
	await installPackageInto(userFolder);
	copyExampleFiles(filesFolder);
	const options: N8nOptions = {
		userFolder,
		filesFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		n8nVersion: ARGS.n8nVersion,
	};

	// Credentials: the working one every example uses, and one with a wrong key for the error path.
	const credentialFile = path.join(workDir, 'credentials.json');
	writeCredentialFile(credentialFile, sim.url, API_KEY);
	const credentials = JSON.parse(fs.readFileSync(credentialFile, 'utf8')) as Array<
		Record<string, unknown>
	>;
	credentials.push({
		id: 'RagflowWrongKey1',
		name: 'RAGFlow wrong key',
		type: 'ragflowApi',
		data: { baseUrl: sim.url, apiKey: WRONG_KEY, ignoreSslIssues: false },
	});
	fs.writeFileSync(credentialFile, JSON.stringify(credentials));
	log('importing credentials and workflows with the n8n CLI...');
	await n8nCliOrThrow(options, ['import:credentials', `--input=${credentialFile}`]);

	const examples = listExamples();
	const workflowsDir = path.join(workDir, 'workflows');
	fs.mkdirSync(workflowsDir);
	for (const e of examples)
		fs.copyFileSync(path.join(REPO_ROOT, 'examples', e.file), path.join(workflowsDir, e.file));
	const wrongKeyWorkflow = {
		id: 'E2eWrongApiKey01',
		name: 'e2e: wrong API key',
		nodes: [
			{
				id: 'b0a4b7f4-0000-4000-8000-000000000001',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'b0a4b7f4-0000-4000-8000-000000000002',
				name: 'List datasets',
				type: `${PACKAGE}.ragflowDataset`,
				typeVersion: 1,
				position: [220, 0],
				parameters: { operation: 'getAll', returnAll: true },
				credentials: { ragflowApi: { id: 'RagflowWrongKey1', name: 'RAGFlow wrong key' } },
			},
		],
		connections: { Start: { main: [[{ node: 'List datasets', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
	fs.writeFileSync(path.join(workflowsDir, 'wrong-key.json'), JSON.stringify(wrongKeyWorkflow));
	await n8nCliOrThrow(options, ['import:workflow', '--separate', `--input=${workflowsDir}`]);

	// The trigger example is published (n8n's "active") before n8n starts, as a user's would be.
	const notify = example(examples, '2-');
	// n8n 1.x has no drafts: there a workflow is made active with update:workflow.
	await n8nCliOrThrow(
		options,
		N8N_MAJOR < 2
			? ['update:workflow', `--id=${notify.id}`, '--active=true']
			: ['publish:workflow', `--id=${notify.id}`],
	);

	log('starting n8n...');
	const n8n: RunningN8n = await startN8n({ ...options, logFile: path.join(workDir, 'n8n.log') });
	const session = await ownerSession(n8n.url);
	log(
		`n8n ready at ${n8n.url} after ${Math.round((Date.now() - started) / 1000)} s; running checks`,
	);
	process.stdout.write(
		`\ne2e (real n8n ${ARGS.n8nVersion} + RAGFlow ${ARGS.ragflowVersion} simulator)\n`,
	);

	await check(
		'n8n loads the package: every node (and its AI tool variant) with the RAGFlow credential',
		async () => {
			assert.doesNotMatch(n8n.output(), /Failed to load package "n8n-nodes-ragflow"/);
			const types =
				await session.get<
					Array<{ name: string; credentials?: Array<{ name: string }>; group?: string[] }>
				>('/types/nodes.json');
			const ours = new Map(
				types.filter((t) => t.name.startsWith(`${PACKAGE}.`)).map((t) => [t.name, t]),
			);
			for (const name of nodeNames) {
				const type = ours.get(`${PACKAGE}.${name}`);
				assert.ok(
					type,
					`${PACKAGE}.${name} is not in n8n's node list (has: ${[...ours.keys()].join(', ')})`,
				);
				assert.deepEqual(
					type.credentials?.map((c) => c.name),
					['ragflowApi'],
					`${name} credentials`,
				);
				if (!type.group?.includes('trigger')) {
					assert.ok(ours.has(`${PACKAGE}.${name}Tool`), `${name} has no AI tool variant`);
				}
			}
			const credentialTypes = await session.get<Array<{ name: string }>>('/types/credentials.json');
			assert.ok(
				credentialTypes.some((c) => c.name === 'ragflowApi'),
				'credential type ragflowApi missing',
			);
		},
	);

	await check(
		"the credential's Test button: the right key passes, a wrong key gets the clear message",
		async () => {
			// A node-level test method (`testedBy`) answers with the package's own words in every n8n;
			// a declarative `test` request gets them only in n8n 2.x, whose tester applies the
			// credential's responseCode rules to an HTTP error. n8n 1.x shows its generic text instead.
			const types =
				await session.get<Array<{ name: string; credentials?: Array<{ testedBy?: unknown }> }>>(
					'/types/nodes.json',
				);
			const testMethod = types.some(
				(t) => t.name.startsWith(`${PACKAGE}.`) && t.credentials?.some((c) => c.testedBy),
			);
			const wrongKeyMessage =
				N8N_MAJOR < 2 && !testMethod
					? /^Authorization failed - please check your credentials$/
					: /^RAGFlow rejected the API key/;
			const test = async (id: string, apiKey: string) =>
				await session.post<{ status: string; message: string }>('/rest/credentials/test', {
					credentials: {
						id,
						name: 'RAGFlow',
						type: 'ragflowApi',
						data: { baseUrl: `${sim.url}/api/v1/`, apiKey, ignoreSslIssues: false },
					},
				});
			const good = await test('RagflowAccount01', API_KEY);
			assert.equal(good.status, 'OK', good.message);
			const bad = await test('RagflowWrongKey1', WRONG_KEY);
			assert.equal(bad.status, 'Error');
			assert.match(bad.message, wrongKeyMessage);
			assert.doesNotMatch(bad.message, new RegExp(WRONG_KEY));
		},
	);

	// The trigger's first poll at activation seeds nothing that lasts (n8n keeps no state from that
	// test poll); the first scheduled poll, within a minute, seeds it. The trigger document is parsed
	// after that, while the other checks run, and checked at the end.
	const activationPoll = sim.requests.find((r) => r.method === 'GET');
	// The simulator fails the parse of files whose name contains "fail".
	const triggerDocs = { done: 'notify-e2e-check.txt', failed: 'notify-e2e-fail.txt' };
	let triggerDocIds: string[] = [];
	await check('the published trigger workflow is active: it polls RAGFlow', async () => {
		assert.ok(activationPoll, 'the active RAGFlow Trigger made no request at activation');
		assert.match(activationPoll.path, /^\/api\/v1\/datasets/);
	});
	let armError: Error | undefined;
	const armTrigger = (async () => {
		if (!activationPoll) return;
		const deadline = Date.now() + 90_000;
		const seeded = () =>
			sim.requests.some(
				(r) =>
					r.method === 'GET' &&
					r.path === '/api/v1/datasets' &&
					r.time > activationPoll.time + 5000,
			);
		while (!seeded()) {
			if (Date.now() > deadline) return;
			await sleep(500);
		}
		const dataset = await ragflow(sim, 'POST', '/datasets', { name: 'e2e trigger dataset' });
		const form = new FormData();
		for (const name of Object.values(triggerDocs)) {
			form.append('file', new Blob([`The trigger test document ${name}.\n`]), name);
		}
		const docs = await ragflow(sim, 'POST', `/datasets/${String(dataset.id)}/documents`, form);
		const ids = docs.map((doc) => String(doc.id));
		await ragflow(sim, 'POST', `/datasets/${String(dataset.id)}/chunks`, { document_ids: ids });
		triggerDocIds = ids;
	})().catch((error: Error) => {
		armError = error;
	});

	await check(
		'example 1 (ingest): read a file, upload + parse + wait, retrieve an answer',
		async () => {
			const ingest = example(examples, '1-');
			const since = sim.requests.length;
			const result = await execute(options, ingest.id);
			const [dataset] = outputOf(result, 'Create dataset');
			assert.match(String(dataset.id), new RegExp(`^${ID}$`));
			const uploaded = outputOf(result, 'Upload and parse');
			assert.equal(uploaded.length, 1);
			assert.equal(uploaded[0].name, 'ragflow-example.md');
			assert.equal(uploaded[0].run, 'DONE', 'the node waited until parsing finished');
			assert.ok(Number(uploaded[0].chunk_count) > 0);
			const chunks = outputOf(result, 'Ask about it');
			assert.ok(chunks.length > 0, 'Retrieve returned no chunk');
			assert.match(String(chunks[0].content), /warranty lasts 24 months/);
			assert.equal(chunks[0].document_id, uploaded[0].id);
			assert.equal(chunks[0].document_name, 'ragflow-example.md');

			// What reached RAGFlow: the file's bytes as multipart, a parse, polling, then the retrieval.
			const ds = String(dataset.id);
			const uploads = requestsTo(
				sim,
				'POST',
				new RegExp(`^/api/v1/datasets/${ds}/documents$`),
				since,
			);
			assert.deepEqual(
				uploads.map((r) => r.parts?.map((p) => [p.name, p.filename, p.size])),
				[
					[
						[
							'file',
							'ragflow-example.md',
							fs.statSync(path.join(filesFolder, 'ragflow-example.md')).size,
						],
					],
				],
			);
			const parses = requestsTo(
				sim,
				'POST',
				new RegExp(`^/api/v1/datasets/${ds}/(documents/parse|chunks)$`),
				since,
			);
			// An older RAGFlow (--ragflow-version) has the parse route under /chunks: the node's one
			// probe of the newer route carries no body and changes nothing.
			assert.deepEqual(
				parses.filter((r) => r.body !== undefined).map((r) => r.body),
				[{ document_ids: [uploaded[0].id] }],
			);
			assert.ok(parses.filter((r) => r.body === undefined).length <= 1, 'one route probe at most');
			assert.ok(
				requestsTo(sim, 'GET', new RegExp(`^/api/v1/datasets/${ds}/documents$`), since).length >= 1,
			);
			const retrievals = requestsTo(sim, 'POST', /^\/api\/v1\/retrieval$/, since);
			assert.equal(retrievals.length, 1);
			assert.deepEqual(
				{ ...(retrievals[0].body as object), page: undefined, page_size: undefined },
				{
					question: 'How long does the kettle warranty last?',
					dataset_ids: [ds],
					metadata_condition: {
						logic: 'and',
						conditions: [{ name: 'source', comparison_operator: 'is', value: 'n8n example' }],
					},
					page: undefined,
					page_size: undefined,
				},
			);
			// Upload's Metadata reached the document before parsing (Retrieve's filter found it above).
			// An older RAGFlow takes the update as PUT; the node's one try of PATCH there reaches no
			// route, so the simulator logs it without a body.
			const documentUpdate = new RegExp(`^/api/v1/datasets/${ds}/documents/${ID}$`);
			const metadata = ['PATCH', 'PUT']
				.flatMap((method) => requestsTo(sim, method, documentUpdate, since).map((r) => r.body))
				.filter((body) => body !== undefined);
			assert.deepEqual(metadata, [{ meta_fields: { source: 'n8n example' } }]);
		},
	);

	await check(
		'example 3 (ask): chat assistant, new session, follow-up in the same session',
		async () => {
			const ask = example(examples, '3-');
			const since = sim.requests.length;
			const result = await execute(options, ask.id);
			const [dataset] = outputOf(result, 'Create dataset');
			const [chat] = outputOf(result, 'Create chat assistant');
			assert.deepEqual(chat.dataset_ids, [dataset.id]);
			const [first] = outputOf(result, 'Ask');
			const [followUp] = outputOf(result, 'Ask a follow-up');
			assert.match(String(first.session_id), new RegExp(`^${ID}$`));
			assert.equal(first.new_session, true);
			assert.equal(followUp.session_id, first.session_id);
			assert.equal(followUp.new_session, false);
			for (const answer of [first, followUp]) {
				assert.ok(String(answer.answer).length > 0, 'empty answer');
				const references = answer.references as Array<Record<string, unknown>>;
				assert.equal(references[0].document_name, 'ragflow-example.md');
				assert.match(String(references[0].content), /warranty lasts 24 months/);
			}

			const chatId = String(chat.id);
			const sessions = requestsTo(
				sim,
				'POST',
				new RegExp(`^/api/v1/chats/${chatId}/sessions$`),
				since,
			);
			assert.equal(sessions.length, 1, 'one session is created, the follow-up reuses it');
			const completions = requestsTo(
				sim,
				'POST',
				/^\/api\/v1\/(chat\/completions|chats\/[0-9a-f]{32}\/completions)$/,
				since,
			);
			assert.deepEqual(
				completions.map((r) => {
					// Up to RAGFlow 0.24 the question is `question` on /chats/{id}/completions.
					const body = r.body as {
						chat_id?: string;
						session_id: string;
						messages?: Array<{ content: string }>;
						question?: string;
					};
					return [
						body.chat_id ?? r.path.split('/')[4],
						body.session_id,
						body.question ?? body.messages?.at(-1)?.content,
					];
				}),
				[
					[chatId, first.session_id, 'How long does the kettle warranty last?'],
					[chatId, first.session_id, 'What does the warranty not cover?'],
				],
			);
		},
	);

	await check(
		'error path: a wrong API key fails the node with a clear message and never shows the key',
		async () => {
			const result = await execute(options, wrongKeyWorkflow.id);
			assert.notEqual(result.code, 0, 'the execution should fail');
			const error = result.failedRun?.data.resultData.error as {
				message: string;
				description?: string;
				node?: { name: string };
			};
			assert.equal(error?.node?.name, 'List datasets');
			assert.match(error.message, /^RAGFlow rejected the API key/);
			assert.match(String(error.description), /paste a valid API key/);
			const output = `${result.stdout}\n${result.stderr}\n${result.log}`;
			assert.match(output, /RAGFlow rejected the API key/);
			assert.doesNotMatch(output, new RegExp(WRONG_KEY));
		},
	);

	await check(
		'example 4 (agent tool) loads in n8n: every node type and parameter is known',
		async () => {
			const agent = example(examples, '4-');
			const stored = await session.get<{
				nodes: Array<{ type: string; typeVersion: number; parameters: object }>;
			}>(`/rest/workflows/${agent.id}`);
			const types =
				await session.get<
					Array<{ name: string; version: number | number[]; properties: Array<{ name: string }> }>
				>('/types/nodes.json');
			for (const node of stored.nodes) {
				const matching = types.filter((t) => t.name === node.type);
				assert.ok(matching.length, `unknown node type ${node.type}`);
				const versions = matching.flatMap((t) =>
					Array.isArray(t.version) ? t.version : [t.version],
				);
				assert.ok(
					versions.includes(node.typeVersion),
					`${node.type} has no version ${node.typeVersion}`,
				);
				if (node.type.startsWith(`${PACKAGE}.`)) {
					const known = new Set(matching.flatMap((t) => t.properties.map((p) => p.name)));
					for (const key of Object.keys(node.parameters))
						assert.ok(known.has(key), `${node.type}: unknown parameter ${key}`);
				}
			}
			assert.ok(
				stored.nodes.some((n) => n.type === `${PACKAGE}.ragflowRetrieveTool`),
				'no RAGFlow Retrieve tool',
			);
		},
	);

	// In the browser while the trigger waits for its scheduled polls. The browser test follows the
	// editor of n8n 2.x (its pages, labels and dialogs), so it runs there only; with --only, only
	// when asked for ("editor"), as starting Chromium takes a while.
	const screenshotDir = path.join(workDir, 'screenshots');
	if (N8N_MAJOR >= 2 && (!ARGS.only || ARGS.only.some((word) => word.includes('editor'))))
		await editorChecks({
			url: n8n.url,
			session,
			owner: DEFAULT_OWNER,
			sim,
			apiKey: API_KEY,
			wrongKey: WRONG_KEY,
			screenshotDir,
			check,
		});
	if (process.env.E2E_README_SCREENSHOTS) {
		const target = path.join(REPO_ROOT, 'docs', 'images');
		fs.mkdirSync(target, { recursive: true });
		for (const file of README_SCREENSHOTS) {
			if (fs.existsSync(path.join(screenshotDir, file)))
				fs.copyFileSync(path.join(screenshotDir, file), path.join(target, file));
		}
		log(`copied the editor screenshots to ${target}`);
	}

	await check(
		'example 2 (notify): the active trigger fires once for a parsed and once for a failed document',
		async () => {
			await armTrigger;
			if (armError) throw armError;
			assert.equal(
				triggerDocIds.length,
				2,
				'the trigger made no scheduled poll within 90 s of activation',
			);
			const findExecutions = async () => {
				const found: Array<{ id: string; name: string; message: string }> = [];
				for (const execution of await executionsOf(session, notify.id)) {
					const detail = await session.get<{ data: string }>(`/rest/executions/${execution.id}`);
					const data = unflatten(detail.data) as RunData;
					const items = data?.resultData?.runData['Shape message']?.[0]?.data?.main?.[0] ?? [];
					for (const item of items) {
						const name = Object.values(triggerDocs).find((doc) =>
							JSON.stringify(item.json).includes(doc),
						);
						if (name) found.push({ id: execution.id, name, message: String(item.json.message) });
					}
				}
				return found;
			};
			// The trigger polls once a minute (n8n's shortest polling interval).
			const deadline = Date.now() + 150_000;
			let withDoc = await findExecutions();
			while (withDoc.length < 2) {
				assert.ok(
					Date.now() < deadline,
					`the trigger workflow ran for ${withDoc.length} of the 2 documents within 150 s`,
				);
				await sleep(2000);
				withDoc = await findExecutions();
			}
			// "Once": let the trigger poll again (nothing else calls RAGFlow now), then count again.
			const seenAt = Date.now();
			while (!sim.requests.some((r) => r.method === 'GET' && r.time > seenAt + 500)) {
				assert.ok(Date.now() < seenAt + 90_000, 'the trigger stopped polling');
				await sleep(1000);
			}
			await sleep(3000);
			withDoc = await findExecutions();
			assert.deepEqual(
				withDoc.map((event) => event.name).sort(),
				Object.values(triggerDocs).sort(),
				'each document fires exactly once',
			);
			const message = (name: string) => withDoc.find((event) => event.name === name)!.message;
			assert.match(
				message(triggerDocs.done),
				/^✅ Parsed "notify-e2e-check\.txt" in dataset "e2e trigger dataset" \(\d+ chunks\)$/,
			);
			assert.match(
				message(triggerDocs.failed),
				/^❌ Parsing failed: "notify-e2e-fail\.txt" in dataset "e2e trigger dataset" - \S/,
			);
		},
	);

	await n8n.stop();
	const passed = results.filter((r) => r.ok).length;
	failed = passed !== results.length;
	log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
	return results.length - passed;
}

main().then(
	async (failures) => {
		await cleanupAll();
		const passed = results.filter((r) => r.ok).length;
		process.stdout.write(`\ne2e: ${passed} passed, ${failures} failed\n`);
		process.exit(failures === 0 ? 0 : 1);
	},
	async (error: Error) => {
		process.stdout.write(`\ne2e setup failed: ${error.stack ?? error.message}\n`);
		await cleanupAll();
		const passed = results.filter((r) => r.ok).length;
		process.stdout.write(`\ne2e: ${passed} passed, ${results.length - passed + 1} failed\n`);
		process.exit(1);
	},
);
