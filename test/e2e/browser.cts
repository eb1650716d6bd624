/**
 * A headless Chromium for the editor tests (test/e2e/editor.cts), driven by playwright-core.
 *
 * The browser is Debian's `chromium` package, installed with apt-get the first time it is missing
 * (like n8n itself, which is installed once into ~/.cache): Playwright's own browser downloads need
 * a CDN this project's machines cannot reach, and `npx playwright install` is never run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, selectors, type BrowserContext, type Page } from 'playwright-core';

import { log, run, tail } from '../../scripts/n8nRuntime.cts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Installs Debian's chromium when it is missing. apt-get waits (up to 15 minutes) for another
 * apt-get or dpkg to release its lock instead of failing, so two test runs or a system update at
 * the same time are safe.
 */
export async function ensureChromium(): Promise<void> {
	if (fs.existsSync(CHROMIUM)) return;
	const isRoot = process.getuid?.() === 0;
	const sudo = isRoot ? [] : ['sudo', '-n'];
	const aptGet = async (args: string[]) => {
		const [command, ...rest] = [...sudo, 'apt-get', '-o', 'DPkg::Lock::Timeout=900', ...args];
		const result = await run(command, rest, {
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			timeoutMs: 30 * 60_000,
		});
		if (result.code !== 0) {
			throw new Error(
				`apt-get ${args.join(' ')} failed (exit ${result.code}); install Chromium yourself ("apt-get install chromium") or set CHROMIUM_PATH\n${tail(result.stderr, 15)}`,
			);
		}
	};
	log(
		`Chromium is missing (${CHROMIUM}): installing Debian's chromium with apt-get (first run only)...`,
	);
	const started = Date.now();
	await aptGet(['update']);
	await aptGet(['install', '-y', 'chromium']);
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium, but ${CHROMIUM} is missing`);
	log(`Chromium installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

export interface Browser {
	context: BrowserContext;
	page: Page;
	close(): Promise<void>;
}

/**
 * Starts Chromium with a fresh profile. The background-networking flags matter: without them
 * Chromium keeps calling Google services, which on a closed network only adds load and noise.
 */
export async function launchBrowser(): Promise<Browser> {
	// n8n marks its elements with data-test-id.
	selectors.setTestIdAttribute('data-test-id');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ragflow-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
		viewport: { width: 1440, height: 900 },
		timeout: 120_000,
	});
	// The editor is slow on a busy two-core machine: waits are for conditions, with generous limits.
	context.setDefaultTimeout(60_000);
	context.setDefaultNavigationTimeout(120_000);
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		context,
		page,
		close: async () => {
			await context.close().catch(() => {});
			fs.rmSync(profile, { recursive: true, force: true });
		},
	};
}
