/**
 * `npm run test:stress [-- --runs 3 --per-core 2 [jest arguments]]`: runs the unit suite (jest, as `npm test`
 * runs it) several times in a row while busy-loop processes keep every core saturated, the way a
 * laptop compiling something or a shared CI runner would. A test that only passes on an idle machine
 * fails here. Each run is reported (pass/fail, tests, duration, load average). A run also fails when
 * a test leaves something open: a listener leak warning, an open-handle report, or a jest worker that
 * failed to exit (jest runs its workers as threads — see jest.config.js — so a worker that is still
 * there after jest ended it is kept alive by a timer, server or socket a test did not close, not by a
 * slow process teardown). The busy loops are always killed, also on Ctrl-C or an error.
 *
 * Expects dist/ to be built (the npm script builds first, as `npm test` does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const JEST = require.resolve('jest/bin/jest', { paths: [ROOT] });
/** Output that means a test leaked a handle, even when every assertion passed. */
const LEAK_WARNINGS = [
	/MaxListenersExceededWarning/,
	/did not exit one second after/i,
	/open handles? /i,
	/failed to exit gracefully/i,
];

/** Arguments that are not this script's options go to jest (e.g. test file patterns). */
function jestArgs(): string[] {
	const argv = process.argv.slice(2);
	const rest: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		if (/^--(runs|per-core)$/.test(argv[i])) i++;
		else if (!/^--(runs|per-core)=/.test(argv[i])) rest.push(argv[i]);
	}
	return rest;
}

function option(name: string, fallback: number): number {
	const argv = process.argv.slice(2);
	const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (i < 0) return fallback;
	const raw = argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs an integer >= 1`);
	return n;
}

const busy: ChildProcess[] = [];
function startBusyLoops(count: number) {
	for (let i = 0; i < count; i++) {
		// A bare spin: pure CPU, no I/O, so it competes with the tests for every time slice.
		busy.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
	}
}
function stopBusyLoops() {
	for (const child of busy.splice(0)) {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	}
}
// Whatever ends this script, the busy loops must not outlive it.
process.on('exit', stopBusyLoops);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => {
		stopBusyLoops();
		process.exit(130);
	});
}

interface RunResult {
	ok: boolean;
	passed: number;
	failed: number;
	seconds: number;
	maxLoad: number;
	leaks: string[];
	failures: string[];
}

function runSuite(run: number): Promise<RunResult> {
	const jsonFile = path.join(os.tmpdir(), `ragflow-stress-${process.pid}-${run}.json`);
	const logFile = path.join(ROOT, `.stress-run-${run}.log`);
	const log = fs.createWriteStream(logFile);
	const started = Date.now();
	let maxLoad = os.loadavg()[0];
	const sampler = setInterval(() => (maxLoad = Math.max(maxLoad, os.loadavg()[0])), 1000);
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[JEST, '--ci', '--json', `--outputFile=${jsonFile}`, ...jestArgs()],
			{
				cwd: ROOT,
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		let output = '';
		const collect = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			log.write(chunk);
		};
		child.stdout!.on('data', collect);
		child.stderr!.on('data', collect);
		child.on('error', reject);
		child.on('close', (code) => {
			clearInterval(sampler);
			log.end();
			const seconds = (Date.now() - started) / 1000;
			let passed = 0;
			let failed = 1;
			const failures: string[] = [];
			try {
				const report = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as {
					numPassedTests: number;
					numFailedTests: number;
					numRuntimeErrorTestSuites: number;
					testResults: Array<{
						name: string;
						message: string;
						assertionResults: Array<{ fullName: string; status: string }>;
					}>;
				};
				passed = report.numPassedTests;
				failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
				for (const file of report.testResults) {
					const names = file.assertionResults
						.filter((a) => a.status === 'failed')
						.map((a) => a.fullName);
					if (names.length)
						failures.push(...names.map((n) => `${path.relative(ROOT, file.name)} › ${n}`));
					else if (file.message)
						failures.push(`${path.relative(ROOT, file.name)}: suite failed to run`);
				}
				fs.rmSync(jsonFile, { force: true });
			} catch {
				failures.push(`jest exited with ${code} without a report`);
			}
			const leaks = LEAK_WARNINGS.filter((re) => re.test(output)).map(
				(re) => `jest printed /${re.source}/`,
			);
			const ok = code === 0 && failed === 0 && leaks.length === 0;
			if (ok) fs.rmSync(logFile, { force: true });
			resolve({ ok, passed, failed, seconds, maxLoad, leaks, failures });
		});
	});
}

async function main() {
	const runs = option('runs', 3);
	const cores = os.availableParallelism();
	const loops = cores * option('per-core', 2);
	process.stdout.write(
		`stress: ${runs} runs of the unit suite, ${loops} busy loops on ${cores} cores\n`,
	);
	startBusyLoops(loops);
	let failedRuns = 0;
	try {
		for (let run = 1; run <= runs; run++) {
			const r = await runSuite(run);
			if (!r.ok) failedRuns++;
			process.stdout.write(
				`run ${run}/${runs}: ${r.ok ? 'PASS' : 'FAIL'}  ${r.passed} passed, ${r.failed} failed, ` +
					`${r.seconds.toFixed(0)} s, load average up to ${r.maxLoad.toFixed(1)}\n`,
			);
			for (const f of r.failures) process.stdout.write(`  ✗ ${f}\n`);
			for (const leak of r.leaks) process.stdout.write(`  ✗ left open: ${leak}\n`);
			if (!r.ok) process.stdout.write(`  full output: .stress-run-${run}.log\n`);
		}
	} finally {
		stopBusyLoops();
	}
	process.stdout.write(`stress: ${runs - failedRuns} passed, ${failedRuns} failed\n`);
	process.exitCode = failedRuns ? 1 : 0;
}

main().catch((error: Error) => {
	stopBusyLoops();
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
