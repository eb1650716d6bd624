/**
 * A real n8n for this package, shared by `npm start` (scripts/start.cts) and the end-to-end tests
 * (test/e2e/e2e.cts):
 * - installs a pinned n8n once into ~/.cache/n8n-nodes-ragflow/n8n-<version> (reused by every clone),
 * - packs this package and installs the tarball into `<user folder>/.n8n/nodes`, the way users get it,
 * - runs n8n's CLI (import:credentials, import:workflow, execute) and `n8n start` with a known environment,
 * - stops every process it started (its whole process group) on stop(), on exit, Ctrl-C, SIGTERM
 *   and on failure; a guardian process stops them even if this script is killed outright.
 * Must run under Node 24: `bash scripts/node24.sh node --import tsx <script>.cts`. (Not through the
 * `tsx` CLI: its signal relay SIGKILLs a child that does not confirm a signal within 30 ms, which
 * cuts the cleanup short on a busy machine.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The n8n versions the package is tested with, pinned so that every run installs the same n8n.
 * A line (`1.123.x`) stands for the newest patch of that line on the npm registry when it was
 * pinned here; 1.123 is the last n8n 1.x line, which many self-hosted users still run.
 */
export const N8N_TESTED_VERSIONS: Readonly<Record<string, string>> = {
	'2.40.x': '2.40.5',
	'1.123.x': '1.123.81',
};

export const N8N_VERSION = process.env.N8N_VERSION ?? N8N_TESTED_VERSIONS['2.40.x'];

/**
 * `1.123.x`, `1.x`, `1`, `2.x`, … → the pinned version of that line; an exact version (`1.123.81`)
 * is used as is, so a user can try another n8n without editing this file.
 */
export function resolveN8nVersion(spec: string): string {
	const wanted = spec.trim().replace(/^n8n@/, '');
	if (/^\d+\.\d+\.\d+$/.test(wanted)) return wanted;
	const prefix = wanted.replace(/(\.x)+$/i, '').replace(/\.$/, '');
	const matches = Object.values(N8N_TESTED_VERSIONS).filter(
		(version) => version === prefix || version.startsWith(`${prefix}.`),
	);
	if (!/^\d+(\.\d+)?$/.test(prefix) || matches.length === 0) {
		throw new Error(
			`unknown n8n version "${spec}": use an exact version or one of ${Object.keys(N8N_TESTED_VERSIONS).join(', ')}`,
		);
	}
	// The newest pinned version of that line.
	return matches.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))[0];
}

export const REPO_ROOT = path.resolve(__dirname, '..');
export const CACHE_ROOT = path.join(
	process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
	'n8n-nodes-ragflow',
);
/** Where n8n `version` is installed (one folder per version, shared by every clone). */
export function n8nDir(version = N8N_VERSION): string {
	return path.join(CACHE_ROOT, `n8n-${version}`);
}
export const N8N_DIR = n8nDir();
function n8nBin(version = N8N_VERSION): string {
	return path.join(n8nDir(version), 'node_modules', 'n8n', 'bin', 'n8n');
}
export const N8N_BIN = n8nBin();
/** Written last by the installer: a folder without it is an interrupted install and is redone. */
function installedMarker(version = N8N_VERSION): string {
	return path.join(n8nDir(version), '.installed');
}

export function log(message: string): void {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Cleanup: every long-running child is started detached (its own process group) and registered
// here, so that one kill(-pid) takes down n8n's task runners and grandchildren too.
// ---------------------------------------------------------------------------------------------

const liveGroups = new Set<number>();
const cleanupHooks = new Set<() => Promise<void> | void>();
let exiting = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

/** Runs `hook` (e.g. closing the simulator) when the process is interrupted or ends on an error. */
export function onCleanup(hook: () => Promise<void> | void): () => void {
	cleanupHooks.add(hook);
	return () => cleanupHooks.delete(hook);
}

export async function cleanupAll(): Promise<void> {
	const hooks = [...cleanupHooks].reverse();
	cleanupHooks.clear();
	for (const hook of hooks) {
		try {
			await hook();
		} catch (error) {
			log(`cleanup: ${(error as Error).message}`);
		}
	}
	for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
	liveGroups.clear();
}

async function exitAfterCleanup(code: number, reason: string): Promise<void> {
	if (exiting) return;
	exiting = true;
	if (liveGroups.size > 0 || cleanupHooks.size > 0)
		log(`${reason}: stopping everything this script started...`);
	await cleanupAll();
	log('stopped');
	process.exit(code);
}

process.on('SIGINT', () => void exitAfterCleanup(130, 'SIGINT'));
process.on('SIGTERM', () => void exitAfterCleanup(143, 'SIGTERM'));
process.on('SIGHUP', () => void exitAfterCleanup(129, 'SIGHUP'));
process.on('uncaughtException', (error) => {
	log(`uncaught: ${error.stack ?? error.message}`);
	void exitAfterCleanup(1, 'error');
});
process.on('unhandledRejection', (error) => {
	log(`unhandled rejection: ${(error as Error)?.stack ?? String(error)}`);
	void exitAfterCleanup(1, 'error');
});
// Last resort for a synchronous exit: 'exit' handlers cannot wait, SIGKILL needs no waiting.
process.on('exit', () => {
	for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

export interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/**
 * A guardian between this script and every long-running command: it runs the command in its own
 * process group and holds a pipe from this script on its stdin. If this script dies in a way that
 * runs no cleanup (SIGKILL, a killed `tsx` parent, a CI timeout), the pipe closes and the guardian
 * stops the command (SIGTERM, then SIGKILL for the whole group after 10 s), so nothing outlives us.
 */
const GUARDIAN = `
const { spawn } = require('node:child_process');
const child = spawn(process.argv[1], process.argv.slice(2), { stdio: ['ignore', 'inherit', 'inherit'] });
const killAll = () => { try { process.kill(-process.pid, 'SIGKILL'); } catch {} };
let orphaned = false;
process.stdin.on('close', () => { orphaned = true; try { child.kill('SIGTERM'); } catch {} setTimeout(killAll, 10000); });
process.stdin.on('error', () => {});
process.stdin.resume();
// A signal for the group reaches the command too; the guardian waits for the command to end.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
child.on('error', (error) => { process.stderr.write(String(error) + '\\n'); process.exit(127); });
child.on('exit', (code, signal) => {
	// Orphaned: whatever the command left behind in the group goes too.
	if (orphaned) killAll();
	process.exit(code ?? 128 + (require('node:os').constants.signals[signal] || 0));
});
`;

/** Spawns `command` under a guardian, detached: the returned pid is also the process group id. */
function spawnGuarded(
	command: string,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv; stdout: StdioTarget; stderr: StdioTarget },
): ChildProcess {
	const child = spawn(process.execPath, ['-e', GUARDIAN, command, ...args], {
		cwd: options.cwd,
		env: options.env,
		detached: true,
		stdio: ['pipe', options.stdout, options.stderr],
	});
	liveGroups.add(child.pid!);
	return child;
}

type StdioTarget = 'inherit' | 'pipe' | number;

export interface RunningProcess {
	/** The guardian's pid, also the process group of the command and its children. */
	pid: number;
	/** Resolves when the command has ended (by stop() or by itself). */
	exited: Promise<void>;
	/** The exit code once ended, else undefined. */
	exitCode(): number | null | undefined;
	/**
	 * Sends `signal` to the whole group, waits up to `graceMs` for the command to end, then kills
	 * the group. Safe to call twice.
	 */
	stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/**
 * Starts a long-running command (a database, a queue, an n8n worker) under a guardian in its own
 * process group, its output appended to `logFile`. It is stopped by stop(), by cleanupAll() (on
 * exit, Ctrl-C, SIGTERM, failure) and by the guardian if this script dies without cleaning up.
 */
export function startProcess(
	command: string,
	args: string[],
	options: { cwd: string; env?: NodeJS.ProcessEnv; logFile: string; stopSignal?: NodeJS.Signals },
): RunningProcess {
	const logFd = fs.openSync(options.logFile, 'a');
	const child = spawnGuarded(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		stdout: logFd,
		stderr: logFd,
	});
	fs.closeSync(logFd);
	const pid = child.pid!;
	let code: number | null | undefined;
	const exited = new Promise<void>((resolve) =>
		child.on('exit', (exitCode) => {
			code = exitCode;
			resolve();
		}),
	);
	const stop = async (
		signal: NodeJS.Signals = options.stopSignal ?? 'SIGTERM',
		graceMs = 20_000,
	) => {
		if (!liveGroups.has(pid)) return;
		killGroup(pid, signal);
		const timedOut = await Promise.race([
			exited.then(() => false),
			sleep(graceMs).then(() => true),
		]);
		if (timedOut) log(`${path.basename(command)} did not stop within ${graceMs} ms; killing it`);
		killGroup(pid, 'SIGKILL');
		liveGroups.delete(pid);
	};
	const removeHook = onCleanup(() => stop());
	return {
		pid,
		exited,
		exitCode: () => code,
		stop: async (signal, graceMs) => {
			removeHook();
			await stop(signal, graceMs);
		},
	};
}

/**
 * Runs a command to completion under a guardian (its own process group), killed (whole group)
 * after `timeoutMs`. With `inherit`, output goes to the terminal (for progress the user should see).
 */
export async function run(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; inherit?: boolean } = {},
): Promise<CommandResult> {
	const child = spawnGuarded(command, args, {
		cwd: options.cwd ?? REPO_ROOT,
		env: options.env ?? process.env,
		stdout: options.inherit ? 'inherit' : 'pipe',
		stderr: options.inherit ? 'inherit' : 'pipe',
	});
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (data: Buffer) => (stdout += data.toString()));
	child.stderr?.on('data', (data: Buffer) => (stderr += data.toString()));
	const timer = setTimeout(() => {
		stderr += `\n[n8n-runtime] timed out after ${options.timeoutMs} ms: ${command} ${args.join(' ')}`;
		killGroup(child.pid!, 'SIGKILL');
	}, options.timeoutMs ?? 600_000);
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (exitCode) => resolve(exitCode));
	});
	clearTimeout(timer);
	// Children of the command (e.g. task runners) must not outlive it.
	killGroup(child.pid!, 'SIGKILL');
	liveGroups.delete(child.pid!);
	return { code, stdout, stderr };
}

async function runOrThrow(
	command: string,
	args: string[],
	options: Parameters<typeof run>[2] = {},
) {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} failed (exit ${result.code})\n${tail(result.stdout)}\n${tail(result.stderr)}`,
		);
	}
	return result;
}

export function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** A free loopback TCP port (asked from the OS, so it never collides with a running n8n). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Installing n8n and this package
// ---------------------------------------------------------------------------------------------

function checkNodeVersion(version: string): void {
	const major = Number(process.versions.node.split('.')[0]);
	if (major < 24) {
		throw new Error(
			`n8n ${version} needs Node.js 24 here (this is ${process.version}). Run through "bash scripts/node24.sh ...".`,
		);
	}
}

export function isN8nInstalled(version = N8N_VERSION): boolean {
	return fs.existsSync(installedMarker(version)) && fs.existsSync(n8nBin(version));
}

/**
 * The package.json of the install folder. n8n 1.x depends (through n8n-nodes-base) on `xlsx` as a
 * tarball from cdn.sheetjs.com, outside the npm registry; the same SheetJS release published on the
 * registry as @e965/xlsx replaces it, so 1.x installs from the registry alone, like 2.x.
 */
function installManifest(version: string): object {
	const major = Number(version.split('.')[0]);
	return {
		name: 'n8n-runtime',
		private: true,
		description: 'n8n for n8n-nodes-ragflow',
		...(major < 2 ? { overrides: { xlsx: 'npm:@e965/xlsx@0.20.3' } } : {}),
	};
}

/** The lock folder's owner (pid@host), so a waiter can tell a live install from a killed one. */
function lockOwnerAlive(lock: string): boolean | undefined {
	let owner: string;
	try {
		owner = fs.readFileSync(path.join(lock, 'owner'), 'utf8').trim();
	} catch {
		return undefined;
	}
	const [pid, host] = owner.split('@');
	if (host !== os.hostname()) return undefined;
	try {
		process.kill(Number(pid), 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Installs n8n `version` once (2.40 and 1.123 alike: 6 to 17 minutes on a busy 2-core machine,
 * 2.8 GB), with npm's output on the terminal. A lock folder keeps two clones (or two e2e runs) that
 * start at the same time from installing the same version into the same folder; installs of
 * different versions do not wait for each other.
 */
export async function ensureN8nInstalled(version = N8N_VERSION): Promise<void> {
	checkNodeVersion(version);
	if (isN8nInstalled(version)) return;
	const dir = n8nDir(version);
	fs.mkdirSync(CACHE_ROOT, { recursive: true });
	const lock = `${dir}.lock`;
	const waitStarted = Date.now();
	let waitLogged = 0;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'owner'), `${process.pid}@${os.hostname()}\n`);
			break;
		} catch {
			if (isN8nInstalled(version)) return;
			const lockTime = fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
			const ageMs = Date.now() - lockTime;
			// A lock whose owner process is gone belongs to an install that was killed. When the owner
			// cannot be checked (another host sharing the cache), a lock untouched for 30 minutes does
			// (the installer touches it every 15 s).
			const alive = lockOwnerAlive(lock);
			if (alive === false || (alive === undefined && ageMs > 30 * 60_000)) {
				log(`removing the lock of an interrupted n8n ${version} install (${lock})`);
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (Date.now() - waitLogged > 60_000) {
				waitLogged = Date.now();
				log(
					`waiting for another install of n8n ${version} (${lock}, ${Math.round((Date.now() - waitStarted) / 1000)} s)...`,
				);
			}
			await sleep(5000);
		}
	}
	const unlock = onCleanup(() => fs.rmSync(lock, { recursive: true, force: true }));
	try {
		if (isN8nInstalled(version)) return;
		const modules = path.join(dir, 'node_modules');
		if (fs.existsSync(modules)) {
			// No marker: an install was interrupted and may have left half-unpacked packages, which a
			// second `npm install` would not notice.
			log(`an earlier install of n8n ${version} was interrupted; starting it again`);
			fs.rmSync(modules, { recursive: true, force: true });
			fs.rmSync(path.join(dir, 'package-lock.json'), { force: true });
		}
		log(`installing n8n ${version} into ${dir} (first run only: 5 to 15 minutes, 2.8 GB)...`);
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify(installManifest(version), null, 2),
		);
		const started = Date.now();
		// npm shows no progress bar without a terminal (CI), and its warnings run to thousands of
		// lines: a heartbeat with the number of packages unpacked so far shows progress instead.
		const heartbeat = setInterval(() => {
			const unpacked = fs.existsSync(modules) ? fs.readdirSync(modules).length : 0;
			const seconds = Math.round((Date.now() - started) / 1000);
			const stage =
				unpacked === 0
					? 'npm is resolving the dependency tree'
					: `${unpacked} of about 1,100 top-level packages unpacked`;
			log(`installing n8n ${version}: ${seconds} s, ${stage}`);
			// Shows waiters that this install is alive.
			try {
				const now = new Date();
				fs.utimesSync(lock, now, now);
			} catch {
				// The lock is removed at the end of the install.
			}
		}, 15_000);
		try {
			// Install scripts are skipped (some download prebuilt binaries, which this network cannot);
			// sqlite3 is the one native module n8n needs, rebuilt from its bundled sources.
			await runOrThrow(
				'npm',
				[
					'install',
					'--ignore-scripts',
					'--no-audit',
					'--no-fund',
					'--loglevel=error',
					`n8n@${version}`,
				],
				{ cwd: dir, inherit: true, timeoutMs: 40 * 60_000 },
			);
			log("building sqlite3 (n8n's database driver)...");
			await runOrThrow('npm', ['rebuild', 'sqlite3'], {
				cwd: dir,
				inherit: true,
				timeoutMs: 20 * 60_000,
			});
		} finally {
			clearInterval(heartbeat);
		}
		fs.writeFileSync(installedMarker(version), `${version}\n`);
		log(`n8n ${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
		unlock();
	}
}

/** `npm run build` in the checkout. */
export async function buildPackage(): Promise<void> {
	log('building the package (npm run build)...');
	await runOrThrow('npm', ['run', 'build'], { inherit: true, timeoutMs: 10 * 60_000 });
}

/**
 * Packs the built package (`npm pack`, the same tarball npm publishes) and installs it into
 * `<userFolder>/.n8n/nodes`, where n8n looks for community packages.
 */
export async function installPackageInto(userFolder: string): Promise<void> {
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'package.json'))) {
		throw new Error('dist/ is missing: run "npm run build" first');
	}
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ragflow-pack-'));
	try {
		const packed = await runOrThrow('npm', ['pack', '--json', '--pack-destination', packDir], {
			timeoutMs: 120_000,
		});
		const [{ filename }] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
		const tarball = path.join(packDir, path.basename(filename));
		const nodesPackageJson = path.join(nodesDir, 'package.json');
		if (!fs.existsSync(nodesPackageJson)) {
			fs.writeFileSync(
				nodesPackageJson,
				JSON.stringify({ name: 'installed-nodes', private: true }, null, 2),
			);
		}
		// The peer dependency n8n-workflow is provided by n8n itself, as for any community package.
		await runOrThrow(
			'npm',
			[
				'install',
				'--legacy-peer-deps',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--omit=dev',
				tarball,
			],
			{ cwd: nodesDir, timeoutMs: 300_000 },
		);
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------------------------------------
// Running n8n
// ---------------------------------------------------------------------------------------------

export interface N8nOptions {
	userFolder: string;
	port: number;
	/** n8n's internal task broker port; two n8n processes at once need different ones. */
	brokerPort: number;
	/**
	 * The only folder workflows may read and write files in (N8N_RESTRICT_FILE_ACCESS_TO), also n8n's
	 * working directory, so a relative path in "Read/Write Files from Disk" points into it.
	 */
	filesFolder: string;
	extraEnv?: NodeJS.ProcessEnv;
	/** Which installed n8n runs (default N8N_VERSION); see ensureN8nInstalled(). */
	n8nVersion?: string;
}

export function n8nEnv(options: N8nOptions): NodeJS.ProcessEnv {
	return {
		...process.env,
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://localhost:${options.port}`,
		N8N_RESTRICT_FILE_ACCESS_TO: options.filesFolder,
		// n8n's default is America/New_York; dates in workflows should match the machine's clock.
		GENERIC_TIMEZONE:
			process.env.GENERIC_TIMEZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// Offline-friendly: no telemetry, version checks or template gallery calls.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_NO_COLOR: 'true',
		// Ctrl-C should not wait n8n's default 30 s for executions to finish.
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		DB_SQLITE_POOL_SIZE: process.env.DB_SQLITE_POOL_SIZE ?? '2',
		...options.extraEnv,
	};
}

let cliRuns = 0;

/**
 * Runs one n8n CLI command (`import:workflow ...`) against the user folder of `options`. n8n's own
 * log of the command goes to a file of its own (returned as `log`), so stdout holds only the
 * command's output (e.g. the JSON of `execute --rawOutput`). The CLI gets its own task broker port,
 * as an `n8n start` may be running at the same time.
 */
export async function n8nCli(
	options: N8nOptions,
	args: string[],
	timeoutMs = 180_000,
): Promise<CommandResult & { log: string }> {
	const brokerPort = await freePort();
	const logFile = path.join(
		options.userFolder,
		`cli-${String(++cliRuns).padStart(2, '0')}-${args[0].replace(/[^a-z]/gi, '-')}.log`,
	);
	fs.mkdirSync(options.filesFolder, { recursive: true });
	const result = await run(process.execPath, [n8nBin(options.n8nVersion), ...args], {
		env: n8nEnv({
			...options,
			brokerPort,
			extraEnv: { ...options.extraEnv, N8N_LOG_OUTPUT: 'file', N8N_LOG_FILE_LOCATION: logFile },
		}),
		cwd: options.filesFolder,
		timeoutMs,
	});
	const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
	return { ...result, log };
}

/** The messages of an n8n CLI log (one JSON object a line), e.g. the output of `list:workflow`. */
export function logMessages(log: string): string[] {
	return log
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.map((line) => {
			try {
				return String((JSON.parse(line) as { message?: unknown }).message ?? '');
			} catch {
				return '';
			}
		});
}

export async function n8nCliOrThrow(options: N8nOptions, args: string[], timeoutMs?: number) {
	const result = await n8nCli(options, args, timeoutMs);
	if (result.code !== 0) {
		throw new Error(
			`n8n ${args.join(' ')} failed (exit ${result.code})\n${tail(result.stdout)}\n${tail(result.stderr)}\n${tail(result.log, 10)}`,
		);
	}
	return result;
}

export interface RunningN8n {
	url: string;
	pid: number;
	/** Everything n8n printed so far (when started with `logFile`). */
	output(): string;
	/** Resolves when n8n has ended (by stop() or by itself). */
	exited: Promise<void>;
	stop(): Promise<void>;
}

/**
 * Starts `n8n start` detached and waits until /healthz/readiness answers. With `logFile`, n8n's
 * output goes there; otherwise to this terminal.
 */
export async function startN8n(
	options: N8nOptions & { logFile?: string; readyTimeoutMs?: number },
): Promise<RunningN8n> {
	const url = `http://localhost:${options.port}`;
	const logFd = options.logFile ? fs.openSync(options.logFile, 'a') : undefined;
	fs.mkdirSync(options.filesFolder, { recursive: true });
	const child = spawnGuarded(process.execPath, [n8nBin(options.n8nVersion), 'start'], {
		env: n8nEnv(options),
		cwd: options.filesFolder,
		stdout: logFd ?? 'inherit',
		stderr: logFd ?? 'inherit',
	});
	const pid = child.pid!;
	if (logFd !== undefined) fs.closeSync(logFd);
	let exitCode: number | null | undefined;
	const exited = new Promise<void>((resolve) =>
		child.on('exit', (code) => {
			exitCode = code;
			resolve();
		}),
	);
	const output = () => (options.logFile ? fs.readFileSync(options.logFile, 'utf8') : '');

	const stop = async () => {
		if (!liveGroups.has(pid)) return;
		killGroup(pid, 'SIGTERM');
		const timedOut = await Promise.race([exited.then(() => false), sleep(15_000).then(() => true)]);
		if (timedOut) log('n8n did not stop within 15 s; killing it');
		// n8n's own children (task runners) share its group; none may remain.
		killGroup(pid, 'SIGKILL');
		liveGroups.delete(pid);
	};
	const removeHook = onCleanup(stop);

	const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
	for (;;) {
		if (exitCode !== undefined) {
			removeHook();
			liveGroups.delete(pid);
			throw new Error(`n8n exited during start-up (exit ${exitCode})\n${tail(output())}`);
		}
		try {
			// n8n 1.x answers readiness (database ready) before it has registered its REST routes.
			const ready = await fetch(`${url}/healthz/readiness`);
			if (ready.ok && (await fetch(`${url}/rest/settings`)).ok) break;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) {
			await stop();
			removeHook();
			throw new Error(
				`n8n was not ready after ${options.readyTimeoutMs ?? 180_000} ms\n${tail(output())}`,
			);
		}
		await sleep(500);
	}
	return {
		url,
		pid,
		output,
		exited,
		stop: async () => {
			removeHook();
			await stop();
		},
	};
}

// ---------------------------------------------------------------------------------------------
// REST (owner set-up, node type list) for a fresh instance
// ---------------------------------------------------------------------------------------------

export interface RestSession {
	get<T = unknown>(pathname: string): Promise<T>;
	post<T = unknown>(pathname: string, body: unknown): Promise<T>;
	patch<T = unknown>(pathname: string, body: unknown): Promise<T>;
}

/** The owner account of the test instances (also used to sign in to the editor in a browser). */
export const DEFAULT_OWNER = {
	email: 'owner@example.com',
	firstName: 'Ragflow',
	lastName: 'Tester',
	password: 'RagflowE2e1',
};

/** Creates the owner account of a fresh instance (or logs in as it) and returns a logged-in session. */
export async function ownerSession(url: string, owner = DEFAULT_OWNER): Promise<RestSession> {
	const browserId = 'n8n-nodes-ragflow-e2e';
	let cookie = '';
	const call = async <T,>(method: string, pathname: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${url}${pathname}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': browserId,
				...(cookie ? { cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		const auth = setCookie?.match(/n8n-auth=[^;]+/)?.[0];
		if (auth) cookie = auth;
		const text = await response.text();
		if (!response.ok)
			throw new Error(`${method} ${pathname}: HTTP ${response.status} ${text.slice(0, 500)}`);
		const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	};
	const settings = await call<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>(
		'GET',
		'/rest/settings',
	);
	if (settings.userManagement?.showSetupOnFirstLoad) {
		await call('POST', '/rest/owner/setup', owner);
	} else {
		await call('POST', '/rest/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
	}
	return {
		get: (pathname) => call('GET', pathname),
		post: (pathname, body) => call('POST', pathname, body),
		patch: (pathname, body) => call('PATCH', pathname, body),
	};
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
