/**
 * PostgreSQL and Redis for n8n's queue mode (test/e2e/queue.cts), from Debian's packages:
 * - installed with apt-get when missing (root only; CI machines may start without them),
 * - run on free loopback ports with their data in a temporary folder, as the packages' own
 *   unprivileged users when this script runs as root (PostgreSQL refuses to run as root),
 * - stopped and their folder removed by stop(), and by n8nRuntime's cleanup on exit, Ctrl-C or
 *   failure (each runs under the runtime's guardian, so not even a killed script leaves them behind).
 * Must run under Node 24 like the rest of the runtime.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	freePort,
	log,
	onCleanup,
	run,
	sleep,
	startProcess,
	tail,
	type RunningProcess,
} from './n8nRuntime.cts';

const isRoot = process.getuid?.() === 0;

function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	// The newest installed major version (Debian 12 ships 15).
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

function redisServerBin(): string | undefined {
	return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));
}

/** Installs PostgreSQL and Redis with apt-get when they are missing. */
export async function ensureServicePackages(): Promise<void> {
	const missing: string[] = [];
	if (!postgresBinDir()) missing.push('postgresql');
	if (!redisServerBin()) missing.push('redis-server');
	if (missing.length === 0) return;
	if (!isRoot) {
		throw new Error(
			`${missing.join(' and ')} missing: install them (sudo apt-get install ${missing.join(' ')}) or run as root`,
		);
	}
	log(`installing ${missing.join(' and ')} with apt-get...`);
	// Waits for another apt/dpkg run to end instead of failing on its lock; the Debian packages
	// would start their default cluster/service where a service manager runs, which the tests
	// neither need nor touch (they run their own instances on other ports).
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () =>
		run(
			'apt-get',
			['-o', 'DPkg::Lock::Timeout=900', 'install', '-y', '--no-install-recommends', ...missing],
			{ env, timeoutMs: 30 * 60_000, inherit: true },
		);
	let result = await install();
	if (result.code !== 0) {
		// A fresh machine has no package lists yet.
		await run('apt-get', ['-o', 'DPkg::Lock::Timeout=900', 'update'], {
			env,
			timeoutMs: 15 * 60_000,
			inherit: true,
		});
		result = await install();
	}
	if (result.code !== 0 || !postgresBinDir() || !redisServerBin()) {
		throw new Error(`apt-get install ${missing.join(' ')} failed (exit ${result.code})`);
	}
}

/** `command args` as `user` when running as root (runuser keeps the process group). */
function asUser(user: string, command: string, args: string[]): [string, string[]] {
	return isRoot ? ['runuser', ['-u', user, '--', command, ...args]] : [command, args];
}

function chownTo(user: string, dir: string): void {
	if (!isRoot) return;
	const passwd = fs.readFileSync('/etc/passwd', 'utf8');
	const entry = passwd.split('\n').find((line) => line.startsWith(`${user}:`));
	if (!entry) throw new Error(`user ${user} does not exist (it comes with the Debian package)`);
	const [, , uid, gid] = entry.split(':').map(Number);
	const walk = (p: string) => {
		fs.chownSync(p, uid, gid);
		if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
	};
	walk(dir);
}

async function waitFor(
	what: string,
	ready: () => Promise<boolean>,
	proc: RunningProcess,
	logFile: string,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await ready())) {
		if (proc.exitCode() !== undefined)
			throw new Error(`${what} exited during start-up\n${tail(readText(logFile))}`);
		if (Date.now() > deadline)
			throw new Error(`${what} was not ready after ${timeoutMs} ms\n${tail(readText(logFile))}`);
		await sleep(250);
	}
}

function readText(file: string): string {
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

export interface PostgresInstance {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	logFile: string;
	stop(): Promise<void>;
}

/** A throw-away PostgreSQL cluster: its own data folder, a password-protected user and database. */
export async function startPostgres(
	options: { database?: string; user?: string } = {},
): Promise<PostgresInstance> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed (ensureServicePackages installs it)');
	const user = options.user ?? 'n8n';
	const database = options.database ?? 'n8n';
	const password = `pw-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ragflow-pg-'));
	const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
	const unhookDir = onCleanup(removeDir);
	const dataDir = path.join(dir, 'data');
	const passwordFile = path.join(dir, 'password');
	const logFile = path.join(dir, 'postgres.log');
	fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
	fs.writeFileSync(logFile, '');
	chownTo('postgres', dir);

	const [initCmd, initArgs] = asUser('postgres', path.join(bin, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		user,
		`--pwfile=${passwordFile}`,
		'--auth=scram-sha-256',
		'--encoding=UTF8',
		'--locale=C',
		// A cluster that lives for one test run does not need to survive a power cut.
		'--no-sync',
	]);
	const init = await run(initCmd, initArgs, { cwd: dir, timeoutMs: 180_000 });
	if (init.code !== 0) {
		removeDir();
		unhookDir();
		throw new Error(
			`initdb failed (exit ${init.code})\n${tail(init.stdout)}\n${tail(init.stderr)}`,
		);
	}
	fs.rmSync(passwordFile);

	const port = await freePort();
	const [cmd, args] = asUser('postgres', path.join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-h',
		'127.0.0.1',
		'-p',
		String(port),
		// TCP only: no socket in /var/run/postgresql, which belongs to the system's own cluster.
		'-k',
		'',
		// Three n8n processes with their pools, plus the CLI commands the test runs.
		'-c',
		'max_connections=200',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
	]);
	// SIGINT is PostgreSQL's "fast" shutdown: it ends open sessions instead of waiting for them.
	const proc = startProcess(cmd, args, { cwd: dir, logFile, stopSignal: 'SIGINT' });
	const stop = async () => {
		await proc.stop('SIGINT', 30_000);
		removeDir();
		unhookDir();
	};
	try {
		const env = { ...process.env, PGPASSWORD: password };
		await waitFor(
			'PostgreSQL',
			async () =>
				(
					await run(
						path.join(bin, 'pg_isready'),
						['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'postgres'],
						{ env, timeoutMs: 10_000 },
					)
				).code === 0,
			proc,
			logFile,
			120_000,
		);
		const created = await run(
			path.join(bin, 'createdb'),
			['-h', '127.0.0.1', '-p', String(port), '-U', user, database],
			{ env, timeoutMs: 60_000 },
		);
		if (created.code !== 0) throw new Error(`createdb failed: ${created.stderr}`);
	} catch (error) {
		await stop();
		throw error;
	}
	return { host: '127.0.0.1', port, database, user, password, logFile, stop };
}

export interface RedisInstance {
	host: string;
	port: number;
	logFile: string;
	/** Sends one inline command (e.g. `KEYS bull:*`) and returns the raw reply. */
	command(line: string): Promise<string>;
	stop(): Promise<void>;
}

function redisCommand(port: number, line: string, timeoutMs = 5000): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let reply = '';
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error(`redis: no answer to ${line}`));
		}, timeoutMs);
		socket.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		socket.on('connect', () => socket.write(`${line}\r\n`));
		socket.on('data', (data) => {
			reply += data.toString();
			// One reply is enough for the simple commands used here.
			if (reply.endsWith('\r\n')) {
				clearTimeout(timer);
				socket.end();
				resolve(reply);
			}
		});
	});
}

/** A throw-away Redis: no persistence, loopback only. */
export async function startRedis(): Promise<RedisInstance> {
	const bin = redisServerBin();
	if (!bin) throw new Error('Redis is not installed (ensureServicePackages installs it)');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ragflow-redis-'));
	const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
	const unhookDir = onCleanup(removeDir);
	const logFile = path.join(dir, 'redis.log');
	fs.writeFileSync(logFile, '');
	chownTo('redis', dir);
	const port = await freePort();
	const [cmd, args] = asUser('redis', bin, [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--dir',
		dir,
		'--save',
		'',
		'--appendonly',
		'no',
		'--daemonize',
		'no',
	]);
	const proc = startProcess(cmd, args, { cwd: dir, logFile });
	const stop = async () => {
		await proc.stop('SIGTERM', 15_000);
		removeDir();
		unhookDir();
	};
	try {
		await waitFor(
			'Redis',
			async () => (await redisCommand(port, 'PING').catch(() => '')).startsWith('+PONG'),
			proc,
			logFile,
			60_000,
		);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		host: '127.0.0.1',
		port,
		logFile,
		command: (line) => redisCommand(port, line),
		stop,
	};
}
