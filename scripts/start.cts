/**
 * `npm start`: a real n8n with this package loaded, the example workflows imported and a
 * "RAGFlow account" credential pointing at RAGFlow (RAGFLOW_BASE_URL + RAGFLOW_API_KEY) or, without
 * them, at the package's RAGFlow simulator. Ctrl-C stops everything it started.
 *
 * Environment (all optional):
 *   RAGFLOW_BASE_URL, RAGFLOW_API_KEY  your RAGFlow server (both, or neither for the simulator)
 *   N8N_PORT                           editor port (default 5678, or a free one if 5678 is taken)
 *   N8N_START_USER_FOLDER              n8n's data folder (default ~/.cache/n8n-nodes-ragflow/n8n-user)
 *   RAGFLOW_SIMULATOR_PORT             simulator port (default 9380, or a free one if taken)
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { startSimulator } from '../test/simulator/server.cts';
import {
	CREDENTIAL_NAME,
	EXAMPLES_DIR,
	copyExampleFiles,
	listExamples,
	writeCredentialFile,
} from './examples.cts';
import {
	CACHE_ROOT,
	N8N_VERSION,
	buildPackage,
	cleanupAll,
	ensureN8nInstalled,
	freePort,
	installPackageInto,
	log,
	logMessages,
	n8nCliOrThrow,
	onCleanup,
	startN8n,
	type N8nOptions,
} from './n8nRuntime.cts';

async function portIsFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

async function preferredPort(wanted: number, what: string): Promise<number> {
	if (await portIsFree(wanted)) return wanted;
	const port = await freePort();
	log(`port ${wanted} is in use; ${what} uses ${port} instead`);
	return port;
}

async function main(): Promise<void> {
	const baseUrl = process.env.RAGFLOW_BASE_URL?.trim();
	const apiKey = process.env.RAGFLOW_API_KEY?.trim();
	if (Boolean(baseUrl) !== Boolean(apiKey)) {
		throw new Error(
			'Set both RAGFLOW_BASE_URL and RAGFLOW_API_KEY (or neither, to use the simulator).',
		);
	}

	await ensureN8nInstalled();
	await buildPackage();

	const userFolder = process.env.N8N_START_USER_FOLDER ?? path.join(CACHE_ROOT, 'n8n-user');
	const filesFolder = path.join(userFolder, 'files');
	fs.mkdirSync(userFolder, { recursive: true });
	log(`installing this package into ${path.join(userFolder, '.n8n', 'nodes')}...`);
	await installPackageInto(userFolder);
	copyExampleFiles(filesFolder);

	let ragflowUrl: string;
	let ragflowKey: string;
	let banner: string;
	if (baseUrl && apiKey) {
		ragflowUrl = baseUrl;
		ragflowKey = apiKey;
		banner = `RAGFlow: ${baseUrl} (from RAGFLOW_BASE_URL)`;
	} else {
		const port = await preferredPort(
			Number(process.env.RAGFLOW_SIMULATOR_PORT ?? 9380),
			'the RAGFlow simulator',
		);
		const simulator = await startSimulator({
			port,
			host: '127.0.0.1',
			apiKey: 'ragflow-simulator-key',
		});
		onCleanup(() => simulator.close());
		ragflowUrl = simulator.url;
		ragflowKey = simulator.apiKey;
		banner = [
			`RAGFlow: no RAGFLOW_BASE_URL / RAGFLOW_API_KEY set, so this is the package's RAGFlow SIMULATOR at ${simulator.url}`,
			'         (a stand-in for trying the nodes: data lives in memory and is gone when you stop;',
			'         set RAGFLOW_BASE_URL and RAGFLOW_API_KEY to use your own RAGFlow server)',
		].join('\n');
	}

	const port = await preferredPort(Number(process.env.N8N_PORT ?? 5678), 'n8n');
	const brokerPort = await preferredPort(
		Number(process.env.N8N_RUNNERS_BROKER_PORT ?? port + 1),
		"n8n's task broker",
	);
	const options: N8nOptions = {
		userFolder,
		port,
		brokerPort,
		filesFolder,
	};

	// The credential is rewritten on every start, so it always points at this run's RAGFlow.
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ragflow-start-'));
	onCleanup(() => fs.rmSync(scratch, { recursive: true, force: true }));
	const credentialFile = path.join(scratch, 'credential.json');
	writeCredentialFile(credentialFile, ragflowUrl, ragflowKey);
	log(`importing the "${CREDENTIAL_NAME}" credential...`);
	await n8nCliOrThrow(options, ['import:credentials', `--input=${credentialFile}`]);
	fs.rmSync(credentialFile);

	// Examples are imported once (in one CLI run): later starts keep the user's edits.
	const existing = await n8nCliOrThrow(options, ['list:workflow', '--onlyId']);
	const existingIds = new Set(
		[...logMessages(existing.log), ...existing.stdout.split('\n')]
			.flatMap((text) => text.split('\n'))
			.map((id) => id.trim()),
	);
	const missing = listExamples().filter((example) => !existingIds.has(example.id));
	if (missing.length > 0) {
		const folder = path.join(scratch, 'examples');
		fs.mkdirSync(folder);
		for (const example of missing)
			fs.copyFileSync(path.join(EXAMPLES_DIR, example.file), path.join(folder, example.file));
		log(
			`importing ${missing.length} example workflow(s): ${missing.map((e) => `"${e.name}"`).join(', ')}...`,
		);
		await n8nCliOrThrow(options, ['import:workflow', '--separate', `--input=${folder}`]);
	}

	log(`starting n8n ${N8N_VERSION}...`);
	const n8n = await startN8n(options);
	process.stdout.write(
		[
			'',
			'================================================================================',
			` n8n ${N8N_VERSION} with n8n-nodes-ragflow is running: ${n8n.url}`,
			` ${banner}`,
			` Credential "${CREDENTIAL_NAME}" and the example workflows are imported.`,
			` n8n data: ${userFolder}`,
			' Press Ctrl-C to stop n8n' + (baseUrl ? '.' : ' and the simulator.'),
			'================================================================================',
			'',
		].join('\n'),
	);
	// Runs until Ctrl-C (handled in n8nRuntime) or until n8n ends by itself.
	await n8n.exited;
	log('n8n has stopped');
	await cleanupAll();
}

main().then(
	() => process.exit(0),
	async (error: Error) => {
		log(`npm start failed: ${error.message}`);
		await cleanupAll();
		process.exit(1);
	},
);
