/**
 * Writes the saved-workflow fixtures (test/fixtures/workflows/<nodeType>.json, with
 * test/fixtures/runs/<nodeType>.json) from the contract runs (test/contract/<node>.runs.ts, in the
 * order test/contract.simulator.test.ts runs them):
 * one n8n workflow per node type, one node per run, the parameters exactly as the n8n editor stores
 * them. test/fixtures.simulator.test.ts loads them and fails when a node no longer reads a saved
 * workflow the way it did.
 *
 * EXISTING FIXTURES ARE FROZEN ONCE RELEASED. A fixture stands for the workflows users have saved:
 * it is never edited by hand and never regenerated to follow a rename. When a change to a node fails
 * the fixture test, that change breaks saved workflows: keep the old parameter name and values, or
 * bump the node's version (a new typeVersion, the old one still served as it was) and add fixtures
 * for the new version.
 *
 * This script is for ADDING fixtures, for a new operation or option:
 *
 *   1. add the contract run for it to test/contract/<node>.runs.ts (its title becomes the node's name);
 *   2. bash scripts/node24.sh npx tsx scripts/fixtures.cts
 *      adds a node for every contract run whose title no node of its fixture has yet, and a fixture file
 *      for a node type without one; nodes already there are left exactly as they are;
 *   3. commit the new nodes with the change.
 *
 *   bash scripts/node24.sh npx tsx scripts/fixtures.cts --rewrite
 *      writes every fixture from scratch. Only before the first release of the package (or of a new
 *      node): afterwards it would rewrite what users have saved.
 *
 * How: the contract test is loaded with stand-ins for jest's globals (its `beforeAll` seeds the
 * simulator; its tests are not registered) and replayed as jest runs it: every run's parameters once,
 * as its coverage test does, then each run in order, through the real node against the strict
 * simulator (a run that fails stops the script: fix the contract first). Right before a run is
 * executed, the simulator state says what each id in its parameters is; ids become expressions over
 * the input item (`={{ $json.datasetId }}`, see test/fixtures/vocabulary.ts), and so does a name of
 * one of those entities (a name filter: `={{ $json.datasetName }}`). The trigger's fixtures hold
 * fixed dataset ids instead (a poll has no input item). The parameters then go through n8n's
 * NodeHelpers.getNodeParameters without defaults, as the editor saves them. The output is
 * deterministic (node ids from the node type and name, positions from the order, sorted keys,
 * prettier's format): running it again without changes changes no file.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { expect } from 'expect';
import type { IBinaryKeyData, INodeParameters, INodeType } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import * as prettier from 'prettier';

import type { FixtureNode, FixtureRun, FixtureWorkflow } from '../test/fixtures/files.cts';
import { PACKAGE, RUNS_DIR, WORKFLOWS_DIR } from '../test/fixtures/files.cts';
import {
	currentVersionOf,
	descriptionOf,
	loadedProperties,
	resolvedParameters,
	savedParameters,
} from '../test/fixtures/surface';
import type { IdBase } from '../test/fixtures/vocabulary';
import { fieldOf, identify, triggerDatasetId } from '../test/fixtures/vocabulary';
import type { SimulatorState } from '../test/simulator/state.cts';
import { PARSE_STEP_COUNT } from '../test/simulator/state.cts';

type Contract = typeof import('../test/contract.simulator.test');
type Harness = typeof import('../test/harness/runWorkflow');
type NodeTypes = typeof import('../test/harness/nodeTypes');

/** The credential every fixture node uses (the examples' id and name). */
const CREDENTIALS = { ragflowApi: { id: 'RagflowAccount01', name: 'RAGFlow account' } };
const TRIGGER = 'ragflowTrigger';

interface Generated {
	type: string;
	node: Omit<FixtureNode, 'position'>;
	run?: FixtureRun;
}

// ---------- loading the contract test outside jest ----------

/** Jest's globals for loading a test file as a module: hooks are kept, tests are not registered. */
function installJestStandIns() {
	const hooks = { beforeAll: [] as Array<() => unknown>, afterAll: [] as Array<() => unknown> };
	const none = () => undefined;
	const block = Object.assign(none, { each: () => none, skip: none, only: none, todo: none });
	Object.assign(globalThis, {
		describe: block,
		it: block,
		test: block,
		beforeAll: (fn: () => unknown) => hooks.beforeAll.push(fn),
		afterAll: (fn: () => unknown) => hooks.afterAll.push(fn),
		beforeEach: none,
		afterEach: none,
		expect,
	});
	return hooks;
}

// ---------- ids and names → input fields ----------

const ID_TOKEN = /\b(?:[0-9a-f]{32}|[0-9a-f]{16})\b/g;
const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Replaces the ids of simulator entities in a run's parameters by reads of the input item (or, for
 * the trigger, by fixed dataset ids), numbering the entities of a kind in the order the simulator
 * created them, then the names of those entities by reads of their name fields.
 */
class Binder {
	private fields = new Map<string, { base: IdBase; ordinal: number }>();
	private counts = new Map<IdBase, number>();
	private names = new Map<string, string>();

	constructor(
		private readonly state: SimulatorState,
		private readonly trigger: boolean,
		private readonly where: string,
	) {}

	bind(parameters: INodeParameters): INodeParameters {
		this.number(parameters);
		const bound = this.ids(parameters, '') as INodeParameters;
		return this.trigger ? bound : (this.namesIn(bound) as INodeParameters);
	}

	/** Numbers the entities the parameters name, each kind in the order the simulator created them. */
	private number(parameters: INodeParameters) {
		const text = JSON.stringify(sortKeys(parameters));
		const found = [...new Set([...text.matchAll(ID_TOKEN)].map((m) => m[0]))]
			.map((id) => ({ id, what: identify(this.state, id) }))
			.filter((entry) => entry.what !== undefined)
			.sort((a, b) => a.what!.created - b.what!.created);
		for (const { id, what } of found) {
			const ordinal = (this.counts.get(what!.base) ?? 0) + 1;
			this.counts.set(what!.base, ordinal);
			this.fields.set(id, { base: what!.base, ordinal });
			if (what!.name && !this.names.has(what!.name))
				this.names.set(what!.name, fieldOf(what!.base, ordinal, true));
		}
	}

	private fail(at: string, message: string): never {
		throw new Error(`${this.where} › ${at || '(parameters)'}: ${message}`);
	}

	/** The replacement of one id in a string value. */
	private replacement(id: string, at: string, inExpression: boolean): string | undefined {
		const field = this.fields.get(id);
		if (!field) return undefined;
		if (!this.trigger) {
			const read = `$json.${fieldOf(field.base, field.ordinal)}`;
			return inExpression ? read : `{{ ${read} }}`;
		}
		if (field.base !== 'datasetId')
			this.fail(at, `a trigger fixture can only hold dataset ids, not a ${field.base} (${id})`);
		return triggerDatasetId(field.ordinal);
	}

	private ids(value: unknown, at: string): unknown {
		if (typeof value === 'string') return this.idsInString(value, at);
		if (Array.isArray(value)) {
			const whole = value.filter((v) => typeof v === 'string' && this.isOnlyId(v));
			if (this.trigger || whole.length === 0)
				return value.map((v, i) => this.ids(v, `${at}[${i}]`));
			if (value.some((v) => typeof v !== 'string'))
				this.fail(at, 'a list mixing ids and other values is not supported');
			const elements = (value as string[]).map((v) =>
				this.isOnlyId(v) ? this.replacement(v, at, true)! : JSON.stringify(v),
			);
			return `={{ [${elements.join(', ')}] }}`;
		}
		if (isObject(value)) {
			return Object.fromEntries(
				Object.keys(value)
					.sort()
					.map((key) => [key, this.ids(value[key], at ? `${at}.${key}` : key)]),
			);
		}
		return value;
	}

	private isOnlyId(value: string): boolean {
		return this.fields.has(value);
	}

	private idsInString(value: string, at: string): string {
		let replaced = false;
		const result = value.replace(ID_TOKEN, (token) => {
			const replacement = this.replacement(token, at, false);
			if (replacement === undefined) {
				if (token.length === 32)
					this.fail(at, `${token} looks like an id, but the simulator does not know it`);
				return token;
			}
			replaced = true;
			return replacement;
		});
		if (!replaced || this.trigger) return result;
		if (value.startsWith('=') || value.includes('{{'))
			this.fail(at, 'an id inside an expression is not supported');
		return `=${result}`;
	}

	private namesIn(value: unknown): unknown {
		if (typeof value === 'string' && this.names.has(value))
			return `={{ $json.${this.names.get(value)} }}`;
		if (Array.isArray(value)) return value.map((v) => this.namesIn(v));
		if (isObject(value))
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.namesIn(v)]));
		return value;
	}
}

// ---------- replaying the contract ----------

function sortKeys<T>(value: T): T {
	if (Array.isArray(value)) return value.map(sortKeys) as T;
	if (isObject(value))
		return Object.fromEntries(
			Object.keys(value)
				.sort()
				.map((key) => [key, sortKeys(value[key])]),
		) as T;
	return value;
}

/** A stable UUID-shaped node id (name-based, as a version-5 UUID) from the node type and name. */
function nodeId(type: string, name: string): string {
	const h = createHash('sha1').update(`${type}\n${name}`).digest('hex');
	const variant = ((parseInt(h[16], 16) & 3) | 8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The paths of `sent` that n8n does not read back as they were (dropped or changed). */
function lostPaths(sent: unknown, read: unknown, at = ''): string[] {
	if (isObject(sent)) {
		if (!isObject(read)) return [at];
		return Object.keys(sent).flatMap((key) =>
			key in read
				? lostPaths(sent[key], read[key], at ? `${at}.${key}` : key)
				: [at ? `${at}.${key}` : key],
		);
	}
	if (Array.isArray(sent)) {
		if (!Array.isArray(read)) return [at];
		return sent.flatMap((v, i) => lostPaths(v, read[i], `${at}[${i}]`));
	}
	return isDeepStrictEqual(sent, read) ? [] : [at];
}

function fixtureNode(
	nodeTypes: NodeTypes,
	type: string,
	name: string,
	parameters: INodeParameters,
): Omit<FixtureNode, 'position'> {
	const nodeType = new nodeTypes.TestNodeTypes().getByName(`${PACKAGE}.${type}`) as INodeType;
	const description = descriptionOf(nodeType);
	const typeVersion = currentVersionOf(description);
	// What the editor sets on a new node for the parameters n8n adds itself (a trigger's Poll Times).
	const added = loadedProperties(description).filter((p) => !description.properties.includes(p));
	const start = { ...Object.fromEntries(added.map((p) => [p.name, p.default])), ...parameters };
	const saved = sortKeys(savedParameters(description, start as INodeParameters, typeVersion));
	const resolved = resolvedParameters(description, saved, typeVersion);
	for (const at of lostPaths(parameters, resolved))
		console.warn(
			`note: ${type} › ${name}: the contract run sets ${at}, which n8n does not save ` +
				'(not shown for these values, or not in the description): the fixture leaves it out',
		);
	if (!isDeepStrictEqual(sortKeys(savedParameters(description, saved, typeVersion)), saved))
		throw new Error(`${type} › ${name}: n8n does not keep the saved parameters as they are`);
	return {
		id: nodeId(type, name),
		name,
		type: `${PACKAGE}.${type}`,
		typeVersion,
		parameters: saved,
		credentials: CREDENTIALS,
	};
}

async function replay(contract: Contract, harness: Harness, nodeTypes: NodeTypes) {
	const { sim } = contract;
	const all = [...contract.runs, ...contract.deleteAllRuns];
	const generated: Generated[] = [];
	const titles = new Set<string>();
	const add = (entry: Generated) => {
		const key = `${entry.type}\n${entry.node.name}`;
		if (titles.has(key)) throw new Error(`${entry.type}: two runs are titled '${entry.node.name}'`);
		titles.add(key);
		generated.push(entry);
	};

	// As the contract's coverage test: every run's parameters once (they seed entities).
	for (const run of all) run.parameters();
	for (const [, parameters] of contract.triggerRuns) parameters();

	// The trigger's runs: only their parameters (a poll changes nothing the other runs read).
	for (const [title, parameters] of contract.triggerRuns) {
		const bound = new Binder(sim.state, true, `${TRIGGER} › ${title}`).bind(
			parameters() as INodeParameters,
		);
		add({ type: TRIGGER, node: fixtureNode(nodeTypes, TRIGGER, title, bound) });
	}

	// Each run, in the contract's order, through the node against the simulator.
	for (const run of all) {
		const where = `${run.type} › ${run.title}`;
		sim.clearRequests();
		const parameters = run.parameters();
		const bound = new Binder(sim.state, false, where).bind(parameters as INodeParameters);
		const input = run.input?.();
		if (input && (input.length !== 1 || Object.keys(input[0].json).length > 0))
			throw new Error(`${where}: only one input item without JSON (binary data only) is supported`);
		let finished = false;
		const running = harness
			.runNode({
				type: run.type,
				credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
				parameters,
				input,
			})
			.finally(() => (finished = true));
		while (run.parses && !finished) {
			sim.state.advance(PARSE_STEP_COUNT);
			await sleep(5);
		}
		const result = await running;
		if (result.error) throw new Error(`${where}: the run fails: ${result.error.message}`);
		const api = sim.requests.filter((r) => r.path.startsWith('/api/v1/'));
		const refused = api.find((r) => r.status !== 200);
		if (refused)
			throw new Error(`${where}: ${refused.method} ${refused.path} answered ${refused.status}`);
		for (const want of run.expect) {
			if (!api.some((r) => r.method === want.method && want.path.test(r.path)))
				throw new Error(`${where}: no ${want.method} ${want.path.source}`);
		}
		const binary: IBinaryKeyData | undefined = input?.[0].binary;
		add({
			type: run.type,
			node: fixtureNode(nodeTypes, run.type, run.title, bound),
			run: sortKeys({
				requests: run.expect.map((want) => ({ method: want.method, path: want.path.source })),
				...(run.parses ? { waitsForParsing: true } : {}),
				...(binary ? { binary } : {}),
			}),
		});
	}
	return generated;
}

// ---------- writing ----------

/** Positions on a grid, four nodes a row, in the order of the nodes. */
const positionOf = (index: number): [number, number] => [
	(index % 4) * 320,
	Math.floor(index / 4) * 200,
];

async function writeJson(file: string, value: unknown): Promise<boolean> {
	const options = (await prettier.resolveConfig(file)) ?? {};
	const text = await prettier.format(JSON.stringify(value, null, '\t'), {
		...options,
		filepath: file,
	});
	if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return false;
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, text);
	return true;
}

function readJson<T>(file: string): T | undefined {
	return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : undefined;
}

async function write(generated: Generated[], nodeTypes: NodeTypes, rewrite: boolean) {
	const types = [...new Set(generated.map((g) => g.type))].sort();
	for (const type of types) {
		const workflowFile = path.join(WORKFLOWS_DIR, `${type}.json`);
		const runsFile = path.join(RUNS_DIR, `${type}.json`);
		const existing = rewrite ? undefined : readJson<FixtureWorkflow>(workflowFile);
		const nodes: FixtureNode[] = [...(existing?.nodes ?? [])];
		const runs: Record<string, FixtureRun> = {
			...(rewrite ? {} : readJson<Record<string, FixtureRun>>(runsFile)),
		};
		const added: string[] = [];
		for (const entry of generated.filter((g) => g.type === type)) {
			if (nodes.some((n) => n.name === entry.node.name)) continue;
			const { id, name, type: nodeType, typeVersion, parameters, credentials } = entry.node;
			nodes.push({
				id,
				name,
				type: nodeType,
				typeVersion,
				position: positionOf(nodes.length),
				parameters,
				credentials,
			});
			if (entry.run) runs[name] = entry.run;
			added.push(name);
		}
		const frozen = nodes
			.filter((n) => !generated.some((g) => g.type === type && g.node.name === n.name))
			.map((n) => n.name);
		const { displayName } = descriptionOf(
			new nodeTypes.TestNodeTypes().getByName(`${PACKAGE}.${type}`) as INodeType,
		);
		const workflow: FixtureWorkflow = {
			id: `fixture${type[0].toUpperCase()}${type.slice(1)}`,
			name: `Fixture: ${displayName}, every operation as saved`,
			nodes,
			connections: {},
			settings: { executionOrder: 'v1' },
			pinData: {},
			active: false,
			tags: [],
		};
		const changed = [
			await writeJson(workflowFile, workflow),
			await writeJson(runsFile, sortKeys(runs)),
		].some(Boolean);
		const what = rewrite
			? 'written from scratch'
			: added.length
				? `${added.length} node(s) added`
				: 'nothing to add';
		console.log(`${type}: ${nodes.length} node(s), ${what}${changed ? '' : ', files unchanged'}`);
		if (!rewrite) for (const name of added) console.log(`  + ${name}`);
		for (const name of frozen) console.log(`  = ${name} (kept: no contract run has this title)`);
	}
}

async function main() {
	const rewrite = process.argv.includes('--rewrite');
	const unknown = process.argv.slice(2).filter((a) => a !== '--rewrite');
	if (unknown.length) throw new Error(`Unknown argument(s): ${unknown.join(' ')} (only --rewrite)`);
	process.env.N8N_LOG_LEVEL ??= 'silent';
	const hooks = installJestStandIns();
	// `nodes/X/X.node` must resolve to X.node.ts (as in jest), not to the codex file X.node.json,
	// which Node tries first: try `.json` last.
	const extensions = require.extensions;
	const json = extensions['.json'];
	Reflect.deleteProperty(extensions, '.json');
	extensions['.json'] = json;
	// Loaded after the stand-ins are in place (and n8n's log level is set).
	const contract = require('../test/contract.simulator.test') as Contract;
	const harness = require('../test/harness/runWorkflow') as Harness;
	const nodeTypes = require('../test/harness/nodeTypes') as NodeTypes;
	for (const hook of hooks.beforeAll) await hook();
	try {
		const generated = await replay(contract, harness, nodeTypes);
		await write(generated, nodeTypes, rewrite);
	} finally {
		for (const hook of hooks.afterAll) await hook();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exitCode = 1;
});
