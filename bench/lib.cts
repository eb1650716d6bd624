/**
 * Shared pieces of the benchmarks: the result type and target check, medians, the RAGFlow simulator
 * in a separate process (so its CPU does not distort the client's timings), and the table printer.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

export const REPO_ROOT = path.resolve(__dirname, '..');

export interface BenchResult {
	name: string;
	value: number;
	unit: string;
	/** `≤ 1.3`, `≥ 5`, `= 100`. */
	target: string;
	/** What was measured, absolute times and the like (printed under the table). */
	detail?: string;
}

export interface BenchContext {
	/** Per-request latency of the simulator for the benchmarks that stand in for a network. */
	latencyMs: number;
	/** Repetitions per side for the timing ratios (medians are taken). */
	repetitions: number;
	/** Benchmark names asked for (empty: all). */
	only: Set<string>;
	note(message: string): void;
}

export interface Benchmark {
	/** The result names this benchmark produces. */
	names: string[];
	run(ctx: BenchContext): Promise<BenchResult[]>;
}

/** Whether `value` meets `target` (`≤ x`, `≥ x`, `= x`, `< x`, `> x`). */
export function meetsTarget(value: number, target: string): boolean {
	const m = /^\s*(≤|<=|≥|>=|=|<|>)\s*(-?[\d.]+)/.exec(target);
	if (!m || !Number.isFinite(value)) return false;
	const limit = Number(m[2]);
	switch (m[1]) {
		case '≤':
		case '<=':
			return value <= limit;
		case '≥':
		case '>=':
			return value >= limit;
		case '<':
			return value < limit;
		case '>':
			return value > limit;
		default:
			return value === limit;
	}
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const epochMs = () => performance.timeOrigin + performance.now();

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const start = performance.now();
	const value = await fn();
	return { ms: performance.now() - start, value };
}

/**
 * Runs the two sides of a ratio alternately (A B, B A, A B, ...) so drifts of a noisy machine hit
 * both sides alike, and returns the median time of each side and the ratio of the medians.
 */
export async function interleaved(
	repetitions: number,
	a: () => Promise<unknown>,
	b: () => Promise<unknown>,
): Promise<{ a: number[]; b: number[]; medianA: number; medianB: number; ratio: number }> {
	const timesA: number[] = [];
	const timesB: number[] = [];
	for (let i = 0; i < repetitions; i++) {
		const order = i % 2 === 0 ? ([a, b] as const) : ([b, a] as const);
		for (const side of order) {
			const { ms } = await timed(side);
			(side === a ? timesA : timesB).push(ms);
		}
	}
	const medianA = median(timesA);
	const medianB = median(timesB);
	return { a: timesA, b: timesB, medianA, medianB, ratio: medianA / medianB };
}

export const fmtMs = (ms: number) =>
	ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`;
export const fmtTimes = (times: number[]) => times.map((t) => Math.round(t)).join('/');

// ---------------------------------------------------------------------------------------------
// The simulator, in its own process
// ---------------------------------------------------------------------------------------------

export interface SimulatorProcess {
	url: string;
	apiKey: string;
	pid: number;
	/** Runs an operation of bench/simulator.cts (seeding, request counts, latency, ...). */
	call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
	/** Number of RAGFlow API requests the simulator has answered since the last `clearRequests`. */
	requestCount(): Promise<number>;
	clearRequests(): Promise<void>;
	setLatency(ms: number): Promise<void>;
	stop(): Promise<void>;
}

const liveSimulators = new Set<ChildProcess>();
process.on('exit', () => {
	for (const child of liveSimulators) child.kill('SIGKILL');
});

/** Starts bench/simulator.cts (the RAGFlow simulator) in a child process and waits until it listens. */
export async function startSimulatorProcess(
	options: { latencyMs?: number; parseMs?: number; sseDelayMs?: number } = {},
): Promise<SimulatorProcess> {
	const args = [
		'--api-key',
		'ragflow-bench-key-0123456789abcdef',
		'--latency-ms',
		String(options.latencyMs ?? 0),
	];
	if (options.parseMs !== undefined) args.push('--parse-ms', String(options.parseMs));
	if (options.sseDelayMs !== undefined) args.push('--sse-delay-ms', String(options.sseDelayMs));
	const child = fork(path.join(__dirname, 'simulator.cts'), args, {
		cwd: REPO_ROOT,
		execArgv: ['--import', 'tsx', '--max-old-space-size=8192'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	liveSimulators.add(child);
	const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
	let nextId = 1;
	let exited = false;
	const exitPromise = new Promise<void>((resolve) =>
		child.on('exit', (code) => {
			exited = true;
			liveSimulators.delete(child);
			for (const { reject } of pending.values())
				reject(new Error(`the simulator exited (code ${code})`));
			pending.clear();
			resolve();
		}),
	);
	const ready = new Promise<{ url: string; apiKey: string }>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error('the simulator did not start within 60 s')),
			60_000,
		);
		child.once('exit', (code) =>
			reject(new Error(`the simulator exited during start-up (code ${code})`)),
		);
		child.on(
			'message',
			(message: {
				ready?: boolean;
				url: string;
				apiKey: string;
				id?: number;
				result?: unknown;
				error?: string;
			}) => {
				if (message.ready) {
					clearTimeout(timer);
					resolve(message);
					return;
				}
				const waiter = pending.get(message.id!);
				if (!waiter) return;
				pending.delete(message.id!);
				if (message.error) waiter.reject(new Error(message.error));
				else waiter.resolve(message.result);
			},
		);
	});
	const { url, apiKey } = await ready;
	const call = <T,>(op: string, args: Record<string, unknown> = {}) =>
		new Promise<T>((resolve, reject) => {
			if (exited) return reject(new Error('the simulator is not running'));
			const id = nextId++;
			pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
			child.send({ id, op, args });
		});
	return {
		url,
		apiKey,
		pid: child.pid!,
		call,
		requestCount: () => call<number>('requestCount'),
		clearRequests: () => call<void>('clearRequests'),
		setLatency: (ms) => call<void>('setLatency', { ms }),
		stop: async () => {
			if (exited) return;
			child.disconnect();
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exitPromise;
			clearTimeout(timer);
		},
	};
}

/** A scratch folder removed at exit, even when a benchmark fails. */
export function scratchDir(prefix: string): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	const remove = () => fs.rmSync(dir, { recursive: true, force: true });
	process.on('exit', remove);
	return dir;
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

export function printTable(results: BenchResult[]): string {
	const rows = results.map((r) => [
		r.name,
		Number.isFinite(r.value) ? String(r.value) : 'n/a',
		r.unit,
		r.target,
		meetsTarget(r.value, r.target) ? 'PASS' : 'MISS',
	]);
	const header = ['name', 'value', 'unit', 'target', 'result'];
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
	const line = (cells: string[]) =>
		cells
			.map((c, i) => c.padEnd(widths[i]))
			.join('  ')
			.trimEnd();
	return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
