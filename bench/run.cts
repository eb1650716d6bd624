/**
 * `npm run bench [-- name ...] [--latency-ms N] [--repetitions N]`: measures the package against a
 * bare HTTP loop and n8n's HTTP Request node on the RAGFlow simulator, prints a table and writes
 * bench/results.json (`{"name": {"value", "target", "unit"}}`). Names select a subset. Not part of
 * `npm test`; CI does not run it. Run under Node 24 (the npm script does that).
 */
import './resolve.cts';

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { cleanupAll } from '../scripts/n8nRuntime.cts';
import { inProcessBenchmarks } from './inProcess.cts';
import {
	type BenchContext,
	type BenchResult,
	type Benchmark,
	meetsTarget,
	printTable,
} from './lib.cts';
import { n8nBenchmarks } from './n8n.cts';

const RESULTS_FILE = path.join(__dirname, 'results.json');

function parseArgs(argv: string[]) {
	const only = new Set<string>();
	// The simulator's per-request latency stands in for a network (issue 8: "e.g. --latency-ms 20").
	let latencyMs = 20;
	let repetitions = 5;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--latency-ms') latencyMs = Number(argv[++i]);
		else if (arg === '--repetitions') repetitions = Number(argv[++i]);
		else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
		else only.add(arg);
	}
	if (!Number.isFinite(latencyMs) || latencyMs < 0)
		throw new Error('--latency-ms must be a number ≥ 0');
	if (!Number.isInteger(repetitions) || repetitions < 1)
		throw new Error('--repetitions must be an integer ≥ 1');
	return { only, latencyMs, repetitions };
}

async function main() {
	const { only, latencyMs, repetitions } = parseArgs(process.argv.slice(2));
	const all: Benchmark[] = [...inProcessBenchmarks, ...n8nBenchmarks];
	const known = new Set(all.flatMap((b) => b.names));
	const unknown = [...only].filter((name) => !known.has(name));
	if (unknown.length) {
		throw new Error(`unknown benchmark(s): ${unknown.join(', ')}. Known: ${[...known].join(', ')}`);
	}
	const notes: string[] = [];
	const ctx: BenchContext = {
		latencyMs,
		repetitions,
		only,
		note: (message) => {
			notes.push(message);
			process.stderr.write(`[bench] ${message}\n`);
		},
	};
	const results: BenchResult[] = [];
	const failures: string[] = [];
	// Ratios and timings depend on how busy the machine is; the load is printed with the table.
	const loadAtStart = os.loadavg()[0];
	for (const benchmark of all) {
		const wanted = benchmark.names.filter((name) => only.size === 0 || only.has(name));
		if (wanted.length === 0) continue;
		process.stderr.write(`[bench] running ${wanted.join(', ')}...\n`);
		const started = Date.now();
		try {
			const produced = await benchmark.run(ctx);
			for (const result of produced) {
				if (!wanted.includes(result.name)) continue;
				results.push(result);
				process.stderr.write(
					`[bench]   ${result.name} = ${result.value} ${result.unit} (${meetsTarget(result.value, result.target) ? 'PASS' : 'MISS'})${result.detail ? `: ${result.detail}` : ''}\n`,
				);
			}
		} catch (error) {
			const message = (error as Error).stack ?? String(error);
			failures.push(`${wanted.join(', ')}: ${message}`);
			process.stderr.write(`[bench]   FAILED ${wanted.join(', ')}: ${message}\n`);
			for (const name of wanted) {
				results.push({
					name,
					value: NaN,
					unit: '',
					target: '',
					detail: `failed: ${(error as Error).message}`,
				});
			}
		}
		process.stderr.write(`[bench]   (${Math.round((Date.now() - started) / 1000)} s)\n`);
	}

	// Results of earlier runs of other benchmarks are kept, so subsets can be re-measured.
	let stored: Record<string, { value: number; target: string; unit: string }> = {};
	try {
		stored = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as typeof stored;
	} catch {
		// First run.
	}
	for (const result of results) {
		if (Number.isFinite(result.value)) {
			stored[result.name] = { value: result.value, target: result.target, unit: result.unit };
		} else {
			delete stored[result.name];
		}
	}
	fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(stored, null, 2)}\n`);

	process.stdout.write(
		`\nsimulator latency ${latencyMs} ms per request (--latency-ms), ${repetitions} repetitions per side (--repetitions), medians; ` +
			`${os.cpus().length} CPUs, load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end\n`,
	);
	process.stdout.write(`${printTable(results)}\n\n`);
	for (const result of results) {
		if (result.detail) process.stdout.write(`- ${result.name}: ${result.detail}\n`);
	}
	for (const note of notes) process.stdout.write(`note: ${note}\n`);
	const missed = results.filter((r) => !meetsTarget(r.value, r.target)).map((r) => r.name);
	if (missed.length)
		process.stdout.write(`\nMISS: ${missed.join(', ')} (see README, "Performance")\n`);
	process.stdout.write(`results written to ${path.relative(process.cwd(), RESULTS_FILE)}\n`);
	await cleanupAll();
	process.exitCode = failures.length ? 1 : 0;
}

main().catch(async (error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	await cleanupAll();
	process.exit(1);
});
