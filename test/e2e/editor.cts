/**
 * The package in n8n's editor, driven in a real browser (headless Chromium + playwright-core), the
 * way a user meets it: the node panel's search finds every node (the trigger in "Add first step")
 * and shows its actions, every node's parameter panel opens with its fields, the credential dialog
 * tests a wrong and a right key, and a node runs from the editor and shows its output.
 *
 * Run by test/e2e/e2e.cts against its n8n and simulator. A failing check leaves a screenshot (and the
 * page's HTML) in `<work dir>/screenshots`, which the e2e runner keeps and names on failure.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import type { RestSession } from '../../scripts/n8nRuntime.cts';
import { CREDENTIAL_ID } from '../../scripts/examples.cts';
import { freePort, log } from '../../scripts/n8nRuntime.cts';
import type { RunningSimulator } from '../simulator/server.cts';
import { ensureChromium, launchBrowser, type Browser } from './browser.cts';

const PACKAGE = 'n8n-nodes-ragflow';

/** Screenshots of the panels (taken on every run) that the README shows. */
export const README_SCREENSHOTS = [
	'node-panel-search.png',
	'node-output.png',
	'credential-dialog.png',
];

export interface EditorEnv {
	/** n8n's address, e.g. http://localhost:5678 */
	url: string;
	session: RestSession;
	owner: { email: string; password: string };
	sim: RunningSimulator;
	apiKey: string;
	wrongKey: string;
	/** Where screenshots of failures (and of the panels, for the README) go. */
	screenshotDir: string;
	check: (name: string, fn: () => Promise<void>) => Promise<void>;
}

interface NodeProperty {
	name: string;
	displayName: string;
	type: string;
	default?: unknown;
	displayOptions?: { show?: Record<string, unknown[]>; hide?: Record<string, unknown[]> };
	options?: Array<{ name: string; value: unknown; action?: string }>;
}

interface NodeDescription {
	name: string;
	displayName: string;
	description: string;
	group: string[];
	properties: NodeProperty[];
}

/** Whether a top-level parameter is shown for the given values (n8n's displayOptions rules). */
function isShown(property: NodeProperty, values: Record<string, unknown>): boolean {
	const { show, hide } = property.displayOptions ?? {};
	const matches = (key: string, allowed: unknown[]) =>
		key.startsWith('@') || key.startsWith('/') || allowed.includes(values[key]);
	if (show && !Object.entries(show).every(([key, allowed]) => matches(key, allowed))) return false;
	if (
		hide &&
		Object.entries(hide).some(
			([key, hidden]) =>
				!key.startsWith('@') && !key.startsWith('/') && hidden.includes(values[key]),
		)
	)
		return false;
	return true;
}

/** The values a node gets when added by `action` (resource/operation), the rest at their defaults. */
function valuesFor(
	node: NodeDescription,
	chosen: Record<string, unknown>,
): Record<string, unknown> {
	const values: Record<string, unknown> = { ...chosen };
	for (const property of node.properties) {
		if (property.name in values || !isShown(property, values)) continue;
		values[property.name] = property.default;
	}
	return values;
}

/** Every action the node panel should show for a node: one per operation option. */
function actionsOf(
	node: NodeDescription,
): Array<{ action: string; values: Record<string, unknown> }> {
	const resources = node.properties.find((p) => p.name === 'resource')?.options ?? [undefined];
	const actions: Array<{ action: string; values: Record<string, unknown> }> = [];
	for (const resource of resources) {
		const base = resource ? { resource: resource.value } : {};
		for (const operation of node.properties.filter(
			(p) => p.name === 'operation' && isShown(p, base),
		)) {
			for (const option of operation.options ?? []) {
				if (option.action)
					actions.push({ action: option.action, values: { ...base, operation: option.value } });
			}
		}
	}
	return actions;
}

/** The action that adds the node as it starts: its default resource and operation. */
function defaultAction(
	node: NodeDescription,
): { action: string; values: Record<string, unknown> } | undefined {
	const values = valuesFor(node, {});
	const actions = actionsOf(node);
	return (
		actions.find(
			(a) => a.values.operation === values.operation && a.values.resource === values.resource,
		) ?? actions[0]
	);
}

/** The labels the parameter panel shows for those values (notices and hidden fields aside). */
function fieldLabels(node: NodeDescription, chosen: Record<string, unknown>): string[] {
	const values = valuesFor(node, chosen);
	return node.properties
		.filter((p) => p.type !== 'hidden' && p.type !== 'notice' && isShown(p, values))
		.map((p) => p.displayName)
		.filter((label, index, all) => all.indexOf(label) === index);
}

// ---------------------------------------------------------------------------------------------
// The editor
// ---------------------------------------------------------------------------------------------

class Editor {
	constructor(
		readonly page: Page,
		readonly url: string,
	) {}

	get nodeCreator(): Locator {
		return this.page.getByTestId('node-creator');
	}

	get ndv(): Locator {
		return this.page.getByTestId('ndv');
	}

	async login(email: string, password: string): Promise<void> {
		await this.page.goto(`${this.url}/signin`);
		await this.page.getByTestId('emailOrLdapLoginId').locator('input').fill(email);
		await this.page.getByTestId('password').locator('input').fill(password);
		await this.page.getByTestId('form-submit-button').click();
		await this.page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 120_000 });
	}

	/** Opens a workflow and waits until its canvas is ready for input. */
	async open(workflowId: string): Promise<void> {
		await this.page.goto(`${this.url}/workflow/${workflowId}`);
		await this.page.getByTestId('canvas-wrapper').waitFor();
		await this.page.waitForLoadState('networkidle').catch(() => {});
	}

	/** The panel behind the canvas's "Add first step" (empty workflow) or its + button. */
	async openNodePanel(firstStep: boolean): Promise<void> {
		if (firstStep) await this.page.getByTestId('canvas-add-button').click();
		else await this.page.getByTestId('node-creator-plus-button').click();
		await this.nodeCreator.waitFor();
	}

	/**
	 * Back to the bare canvas: whatever a failed check left open (dialog, parameter panel, node
	 * panel) is closed, so one failure does not fail the checks after it.
	 */
	async reset(): Promise<void> {
		const modal = this.page.getByTestId('editCredential-modal');
		for (let attempt = 0; attempt < 5; attempt++) {
			const open = [
				await modal.isVisible(),
				await this.ndv.isVisible(),
				await this.nodeCreator.isVisible(),
			];
			if (!open.some(Boolean)) return;
			if (open[0])
				await modal
					.locator('.el-dialog__close')
					.first()
					.click()
					.catch(() => {});
			else await this.page.keyboard.press('Escape');
			await this.page.waitForTimeout(500);
		}
	}

	async closeNodePanel(): Promise<void> {
		// Escape steps back one view at a time (actions → results → closed) on a slow machine.
		for (let attempt = 0; attempt < 5 && (await this.nodeCreator.isVisible()); attempt++) {
			await this.page.keyboard.press('Escape');
			await this.nodeCreator.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
		}
		await this.nodeCreator.waitFor({ state: 'hidden' });
	}

	async search(text: string): Promise<void> {
		const bar = this.page.getByTestId('node-creator-search-bar');
		await bar.fill('');
		await bar.fill(text);
	}

	/** The items (nodes, actions) the panel lists right now, as shown. */
	items(): Locator {
		return this.nodeCreator.getByTestId('item-iterator-item');
	}

	item(text: string): Locator {
		return this.items().filter({ hasText: text }).first();
	}

	/** The parameter panel of a node just added: open, with every field the values show. */
	async expectParameterPanel(
		node: NodeDescription,
		values: Record<string, unknown>,
	): Promise<void> {
		await this.ndv.waitFor();
		await expectTexts(
			this.ndv.getByTestId('node-parameters'),
			fieldLabels(node, values),
			`parameter panel of ${node.displayName}`,
		);
	}

	/**
	 * Fills the open credential dialog, saves it (n8n tests a credential when it is saved) and checks
	 * what the dialog says: success, or the failure message behind "More details".
	 */
	async testCredential(
		baseUrl: string,
		apiKey: string,
		expected: { ok: true } | { ok: false; message: string },
	): Promise<void> {
		const modal = this.page.getByTestId('editCredential-modal');
		await modal.getByTestId('parameter-input-baseUrl').locator('input').fill(baseUrl);
		await modal.getByTestId('parameter-input-apiKey').locator('input').fill(apiKey);
		const tested = this.page.waitForResponse(
			(r) => r.url().includes('/rest/credentials/test') && r.request().method() === 'POST',
			{ timeout: 120_000 },
		);
		await modal.getByTestId('credential-save-button').click();
		const answer = (await (await tested).json()) as {
			data?: { status?: string; message?: string };
		};
		if (expected.ok) {
			assert.equal(answer.data?.status, 'OK', `credential test: ${answer.data?.message}`);
			// Opened from a node, the dialog closes itself once the credential passed its test.
			await Promise.race([
				modal.getByTestId('credentials-config-container-test-success').waitFor(),
				modal.waitFor({ state: 'hidden' }),
			]);
			return;
		}
		const failure = modal.getByText(/Couldn.t connect with these settings/);
		await failure.waitFor();
		const details = modal.getByText('More details');
		if (await details.isVisible()) await details.click();
		await expectTexts(modal, [expected.message], 'the credential dialog');
	}

	async closeNdv(): Promise<void> {
		await this.page.keyboard.press('Escape');
		await this.ndv.waitFor({ state: 'hidden' });
	}
}

/** Waits until `locator` shows each of `texts` (polling, since the editor renders in steps). */
async function expectTexts(locator: Locator, texts: string[], what: string, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	let missing = texts;
	for (;;) {
		const shown = (await locator.allInnerTexts().catch(() => [])).join('\n');
		missing = texts.filter((text) => !shown.includes(text));
		if (missing.length === 0) return;
		if (Date.now() > deadline) {
			assert.fail(
				`${what}: not shown: ${missing.map((t) => JSON.stringify(t)).join(', ')}\nshown:\n${shown.slice(0, 2000)}`,
			);
		}
		await locator.page().waitForTimeout(250);
	}
}

async function createWorkflow(
	session: RestSession,
	name: string,
	nodes: Array<Record<string, unknown>>,
): Promise<string> {
	const created = await session.post<{ id: string }>('/rest/workflows', {
		name,
		nodes,
		connections: {},
		settings: { executionOrder: 'v1' },
		active: false,
	});
	return created.id;
}

/** The RAGFlow API of the simulator, for setting up data the way a RAGFlow user would. */
async function ragflow(env: EditorEnv, method: string, pathname: string, body?: unknown) {
	const response = await fetch(`${env.sim.url}/api/v1${pathname}`, {
		method,
		headers: { Authorization: `Bearer ${env.apiKey}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const envelope = (await response.json()) as { code: number; data: unknown; message?: string };
	assert.equal(envelope.code, 0, `${method} ${pathname}: ${envelope.message}`);
	return envelope.data;
}

const manualTrigger = {
	id: 'e0000000-0000-4000-8000-000000000001',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export async function editorChecks(env: EditorEnv): Promise<void> {
	const types = await env.session.get<NodeDescription[]>('/types/nodes.json');
	const ours = types.filter((t) => t.name.startsWith(`${PACKAGE}.`) && !t.name.endsWith('Tool'));
	const trigger = ours.find((t) => t.group.includes('trigger'));
	const regular = ours.filter((t) => t !== trigger);
	assert.ok(trigger && regular.length > 0, 'the package nodes are not loaded');

	await ensureChromium();
	fs.mkdirSync(env.screenshotDir, { recursive: true });
	let browser: Browser | undefined;
	let editor: Editor | undefined;

	const step = async (name: string, fn: (editor: Editor) => Promise<void>) => {
		await env.check(`editor: ${name}`, async () => {
			assert.ok(editor, 'the browser did not start');
			try {
				await editor.reset();
				await fn(editor);
			} catch (error) {
				const file = path.join(
					env.screenshotDir,
					`failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`,
				);
				await editor.page.screenshot({ path: `${file}.png`, fullPage: true }).catch(() => {});
				fs.writeFileSync(`${file}.html`, await editor.page.content().catch(() => ''));
				(error as Error).message += `\n(screenshot: ${file}.png)`;
				throw error;
			}
		});
	};

	try {
		await env.check('editor: Chromium starts and the owner signs in to the editor', async () => {
			browser = await launchBrowser();
			editor = new Editor(browser.page, env.url);
			await editor.login(env.owner.email, env.owner.password);
		});
		if (!editor) return;

		// In the trigger panel n8n names a trigger without its " Trigger" ("RAGFlow").
		const triggerTitle = trigger.displayName.replace(/ Trigger$/, '');
		const blankId = await createWorkflow(env.session, 'editor: first step', []);
		await step(
			'"Add first step": searching RAGFlow and "RAGFlow Trigger" finds the trigger among triggers, its panel opens with its fields',
			async (e) => {
				await e.open(blankId);
				await e.openNodePanel(true);
				await expectTexts(e.nodeCreator, ['What triggers this workflow?'], 'the trigger panel');
				for (const text of ['RAGFlow', trigger.displayName]) {
					await e.search(text);
					await expectTexts(
						e.item(trigger.description),
						[triggerTitle, trigger.description],
						`"Add first step" search "${text}"`,
					);
				}
				await e.page.screenshot({ path: path.join(env.screenshotDir, 'add-first-step.png') });
				await e.item(trigger.description).click();
				// Its events are its actions ("On parsing finished").
				const events = trigger.properties.find((p) => p.name === 'events')?.options ?? [];
				const eventActions = events.map((o) => `On ${o.name.toLowerCase()}`);
				await expectTexts(e.nodeCreator, eventActions, "the trigger's actions");
				await e.item(eventActions[0]).click();
				await e.expectParameterPanel(trigger, {});
				await e.closeNdv();
			},
		);

		const workflowId = await createWorkflow(env.session, 'editor: RAGFlow nodes', [manualTrigger]);
		await step('the + panel: searching RAGFlow lists every RAGFlow node', async (e) => {
			await e.open(workflowId);
			await e.openNodePanel(false);
			await e.search('RAGFlow');
			await expectTexts(
				e.items(),
				regular.map((n) => n.displayName),
				'search "RAGFlow"',
			);
			await e.page.screenshot({ path: path.join(env.screenshotDir, 'node-panel-search.png') });
			await e.closeNodePanel();
		});

		for (const node of regular) {
			await step(
				`the + panel: "${node.displayName}" is found by its name and shows its actions`,
				async (e) => {
					await e.openNodePanel(false);
					await e.search(node.displayName);
					await e.item(node.displayName).click();
					await expectTexts(
						e.nodeCreator,
						actionsOf(node).map((a) => a.action),
						`actions of ${node.displayName}`,
					);
					await e.closeNodePanel();
				},
			);
		}
		for (const node of regular) {
			// A node with a single operation (Retrieve) has no actions: the panel shows its details
			// with "Add to workflow".
			const first = defaultAction(node);
			await step(
				`the parameter panel of "${node.displayName}"${first ? ` (${first.action})` : ''} opens with its fields`,
				async (e) => {
					await e.openNodePanel(false);
					await e.search(node.displayName);
					await e.item(node.displayName).click();
					if (first) await e.item(first.action).click();
					else await e.page.getByRole('button', { name: 'Add to workflow' }).click();
					await e.expectParameterPanel(node, first?.values ?? {});
					if (node.name.endsWith('ragflowDataset')) {
						await e.page.screenshot({ path: path.join(env.screenshotDir, 'parameter-panel.png') });
					}
					await e.closeNdv();
				},
			);
		}

		const dataset = regular.find((n) => n.name.endsWith('ragflowDataset'))!;
		const datasetName = 'Editor check handbook';
		await ragflow(env, 'POST', '/datasets', { name: datasetName });
		await step(
			'the credential dialog: a closed port and a wrong key get clear messages, the right key passes',
			async (e) => {
				await e.openNodePanel(false);
				await e.search(dataset.displayName);
				await e.item(dataset.displayName).click();
				await e.item('Get many datasets').click();
				await e.ndv.waitFor();
				await e.page.getByTestId('node-credentials-select').click();
				await e.page.getByTestId('node-credentials-select-item-new').click();
				const modal = e.page.getByTestId('editCredential-modal');
				await modal.waitFor();
				const closedPort = `http://127.0.0.1:${await freePort()}`;
				await e.testCredential(closedPort, env.apiKey, {
					ok: false,
					message: `Could not reach RAGFlow at ${closedPort} (connection refused) — check the Base URL`,
				});
				await e.testCredential(env.sim.url, env.wrongKey, {
					ok: false,
					message: 'RAGFlow rejected the API key. Create a new key in RAGFlow',
				});
				await e.page.screenshot({ path: path.join(env.screenshotDir, 'credential-dialog.png') });
				await e.testCredential(env.sim.url, env.apiKey, { ok: true });
				if (await modal.isVisible()) await modal.locator('.el-dialog__close').first().click();
				await modal.waitFor({ state: 'hidden' });
			},
		);

		await step(
			'a node runs from the editor and shows its output and a readable subtitle',
			async (e) => {
				// The node of the previous check, with the credential the examples use.
				await e.page
					.getByTestId('canvas-node')
					.filter({ hasText: 'Get many datasets' })
					.first()
					.dblclick();
				await e.ndv.waitFor();
				await e.page.getByTestId('node-credentials-select').click();
				await e.page.getByTestId(`node-credentials-select-item-${CREDENTIAL_ID}`).click();
				await e.page.getByTestId('node-execute-button').click();
				await expectTexts(e.page.getByTestId('output-panel'), [datasetName], 'the output panel');
				await e.page.screenshot({ path: path.join(env.screenshotDir, 'node-output.png') });
				await e.closeNdv();
				await expectTexts(
					e.page.getByTestId('canvas-wrapper'),
					['Get Many: Dataset'],
					'the canvas',
				);
			},
		);

		await step('the AI section of the + panel still lists the RAGFlow nodes', async (e) => {
			await e.openNodePanel(false);
			await e.item('AI').click();
			await e.search('RAGFlow');
			await expectTexts(
				e.items(),
				regular.map((n) => n.displayName),
				'AI section search "RAGFlow"',
			);
			await e.closeNodePanel();
		});
	} finally {
		await browser?.close();
		log('browser closed');
	}
}

export { actionsOf, fieldLabels };
