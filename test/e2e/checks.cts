/**
 * The check runner shared by the end-to-end suites (e2e.cts, queue.cts): runs one named check,
 * prints ✓ / ✗ with its duration and, on failure, the indented stack, and records the result for the
 * suite's summary line.
 */
export const results: Array<{ name: string; ok: boolean }> = [];

function indent(text: string): string {
	return text
		.split('\n')
		.map((line) => `      ${line}`)
		.join('\n');
}

/** Runs `fn` as the check `name`, unless `skip` says to leave it out (e2e's --only). */
export async function check(name: string, fn: () => Promise<void>, skip = false): Promise<void> {
	if (skip) return;
	const started = Date.now();
	try {
		await fn();
		results.push({ name, ok: true });
		process.stdout.write(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
	} catch (error) {
		results.push({ name, ok: false });
		process.stdout.write(`  ✗ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
		process.stdout.write(`${indent((error as Error).stack ?? String(error))}\n`);
	}
}
