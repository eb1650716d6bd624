import type {
	INodeParameters,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeHelpers, sleep } from 'n8n-workflow';

import pkg from '../package.json';
import type { Fixture, FixtureNode } from './fixtures/files.cts';
import { PACKAGE, readFixtures } from './fixtures/files.cts';
import {
	descriptionOf,
	currentVersionOf,
	fixedCollectionFieldPaths,
	keyPaths,
	operationsOf,
	optionPaths,
	paramPaths,
	resolvedParameters,
	savedParameters,
} from './fixtures/surface';
import { fieldsRead, seedInput, triggerDatasetOrdinal } from './fixtures/vocabulary';
import { TestNodeTypes } from './harness/nodeTypes';
import { createPoller } from './harness/runPoll';
import { runNode } from './harness/runWorkflow';
import type { RunningSimulator } from './simulator/server.cts';
import { startSimulator } from './simulator/server.cts';
import { PARSE_STEP_COUNT } from './simulator/state.cts';

/**
 * Saved-workflow fixtures pin the public parameters (CONTRIBUTING.md, "Public parameters are
 * pinned"). test/fixtures/workflows/<nodeType>.json holds, per node type, one node per contract run
 * with its parameters as the n8n editor saves them. Every node must still:
 *
 * - be read back by n8n exactly as saved (a renamed or removed parameter, or one no longer shown
 *   for the saved values, is dropped by n8n: a saved workflow would silently lose it), with every
 *   saved option value still offered and its resource and operation still there;
 * - run, as loaded, against the strict simulator and make the requests it made when it was saved.
 *
 * And the fixtures of the current node versions must use every operation, collection option, fixed
 * collection field, boolean and option value of the descriptions, so a new parameter gets a fixture.
 *
 * A failure here means a change breaks workflows users have saved. Do not edit or regenerate the
 * fixture: keep the old parameter (name and values), or bump the node's version.
 */
const ADVICE =
	'Saved workflows would break: keep the parameter as it was, or bump the node version ' +
	'(CONTRIBUTING.md, "Public parameters are pinned"). Never edit a released fixture.';

const fixtures = readFixtures();
const nodeTypes = new TestNodeTypes();

interface Entry {
	fixture: Fixture;
	node: FixtureNode;
	/** The node type without the package prefix. */
	type: string;
	description: INodeTypeDescription;
	/** `<file> › <node name>`, for messages. */
	where: string;
}

const nodeTypeOf = (type: string) => nodeTypes.getByName(type) as INodeType | undefined;

const entries: Entry[] = fixtures.flatMap((fixture) =>
	fixture.workflow.nodes.map((node) => {
		const nodeType = nodeTypeOf(node.type);
		return {
			fixture,
			node,
			type: node.type.replace(`${PACKAGE}.`, ''),
			description: nodeType
				? descriptionOf(nodeType, node.typeVersion)
				: ({} as INodeTypeDescription),
			where: `${fixture.workflowFile} › '${node.name}'`,
		};
	}),
);
const isTrigger = (entry: Entry) => entry.description.polling === true;

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown) => {
	const text = JSON.stringify(value);
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** Where what n8n reads back differs from what the fixture saved. */
function differences(saved: unknown, read: unknown, at: string): string[] {
	if (isObject(saved) && isObject(read)) {
		const keys = [...new Set([...Object.keys(saved), ...Object.keys(read)])].sort();
		return keys.flatMap((key) => {
			const path = at ? `${at}.${key}` : key;
			if (!(key in read))
				return [
					`${path} (saved as ${show(saved[key])}) is dropped by n8n: the description has no such ` +
						'parameter here any more (renamed or removed?), or no longer shows it for the saved values',
				];
			if (!(key in saved)) return [`${path}: n8n now adds ${show(read[key])}`];
			return differences(saved[key], read[key], path);
		});
	}
	if (Array.isArray(saved) && Array.isArray(read) && saved.length === read.length)
		return saved.flatMap((value, i) => differences(value, read[i], `${at}[${i}]`));
	return JSON.stringify(saved) === JSON.stringify(read)
		? []
		: [`${at}: saved as ${show(saved)}, n8n reads ${show(read)}`];
}

/** Saved values of options fields with fixed values that the field no longer offers. */
function unofferedValues(
	properties: INodeProperties[],
	values: Record<string, unknown>,
	shown: Record<string, unknown>,
	entry: Entry,
	root: INodeParameters,
	at = '',
): string[] {
	const issues: string[] = [];
	for (const [key, value] of Object.entries(values)) {
		const candidates = properties.filter((p) => p.name === key);
		// A name the description does not know is reported by the read-back check.
		const property =
			candidates.find((p) =>
				NodeHelpers.displayParameter(
					shown as INodeParameters,
					p,
					{ typeVersion: entry.node.typeVersion },
					entry.description,
					root,
				),
			) ?? candidates[0];
		if (!property) continue;
		const path = at ? `${at}.${key}` : key;
		if (
			(property.type === 'options' || property.type === 'multiOptions') &&
			Array.isArray(property.options)
		) {
			const offered = (property.options as INodePropertyOptions[]).map((o) => o.value);
			for (const v of Array.isArray(value) ? value : [value]) {
				if (typeof v === 'string' && v.startsWith('=')) continue;
				if (!offered.includes(v as string))
					issues.push(
						`${path}: the saved value ${show(v)} is no longer offered (${offered.map(show).join(', ')})`,
					);
			}
		} else if (property.type === 'collection' && isObject(value)) {
			const options = property.options as INodeProperties[];
			issues.push(...unofferedValues(options, value, value, entry, root, path));
		} else if (property.type === 'fixedCollection' && isObject(value)) {
			for (const [groupName, items] of Object.entries(value)) {
				const group = (property.options as INodePropertyCollection[]).find(
					(g) => g.name === groupName,
				);
				if (!group) continue;
				(Array.isArray(items) ? items : [items]).forEach((item, i) => {
					if (isObject(item))
						issues.push(
							...unofferedValues(
								group.values,
								item,
								item,
								entry,
								root,
								`${path}.${groupName}[${i}]`,
							),
						);
				});
			}
		}
	}
	return issues;
}

describe('saved-workflow fixtures: the public parameters are pinned', () => {
	it('has a fixture for every node of the package, each a workflow as n8n exports it', () => {
		const packageTypes = pkg.n8n.nodes.map((file) => {
			const className = file.split('/').pop()!.replace('.node.js', '');
			return className.charAt(0).toLowerCase() + className.slice(1);
		});
		expect(fixtures.map((f) => f.nodeType).sort()).toEqual(packageTypes.sort());
		const issues: string[] = [];
		for (const fixture of fixtures) {
			const { workflow } = fixture;
			if (typeof workflow.name !== 'string' || !isObject(workflow.connections))
				issues.push(`${fixture.workflowFile}: not a workflow (name, nodes, connections)`);
			const names = workflow.nodes.map((n) => n.name);
			const ids = workflow.nodes.map((n) => n.id);
			if (new Set(names).size !== names.length)
				issues.push(`${fixture.workflowFile}: two nodes share a name`);
			if (new Set(ids).size !== ids.length)
				issues.push(`${fixture.workflowFile}: two nodes share an id`);
		}
		for (const entry of entries) {
			const nodeType = nodeTypeOf(entry.node.type);
			if (entry.node.type !== `${PACKAGE}.${entry.fixture.nodeType}` || !nodeType) {
				issues.push(
					`${entry.where}: type ${entry.node.type} in the file of ${entry.fixture.nodeType}`,
				);
				continue;
			}
			const versions = ([] as number[]).concat(descriptionOf(nodeType).version);
			if (!versions.includes(entry.node.typeVersion))
				issues.push(
					`${entry.where}: typeVersion ${entry.node.typeVersion} is no longer served (${versions.join(', ')}). ${ADVICE}`,
				);
			if (!isObject(entry.node.credentials?.ragflowApi))
				issues.push(`${entry.where}: no ragflowApi credential`);
		}
		expect(issues).toEqual([]);
	});

	describe.each(fixtures.map((f) => [f.workflowFile, f] as const))('%s', (_file, fixture) => {
		const own = entries.filter((e) => e.fixture === fixture);

		it('is read back by n8n exactly as saved (no parameter renamed, removed or hidden)', () => {
			const issues = own.flatMap((entry) =>
				differences(
					entry.node.parameters,
					savedParameters(entry.description, entry.node.parameters, entry.node.typeVersion),
					'',
				).map((issue) => `${entry.where}: ${issue}`),
			);
			if (issues.length) issues.push(ADVICE);
			expect(issues).toEqual([]);
		});

		it('saves only values the nodes still offer, resources and operations included', () => {
			const issues = own.flatMap((entry) => {
				const { parameters, typeVersion } = entry.node;
				const resolved = resolvedParameters(entry.description, parameters, typeVersion);
				const found = unofferedValues(
					entry.description.properties,
					parameters,
					resolved,
					entry,
					resolved,
				);
				const operations = operationsOf(entry.description.properties);
				if (
					operations.length &&
					!operations.some(
						(o) =>
							o.operation === resolved.operation &&
							(o.resource ?? resolved.resource) === resolved.resource,
					)
				)
					found.push(
						`resource ${show(resolved.resource)}, operation ${show(resolved.operation)} no longer exists`,
					);
				return found.map((issue) => `${entry.where}: ${issue}`);
			});
			if (issues.length) issues.push(ADVICE);
			expect(issues).toEqual([]);
		});
	});

	it('uses every operation, option, fixed collection field, boolean and option value of the nodes', () => {
		const missing: string[] = [];
		for (const fixture of fixtures) {
			const nodeType = nodeTypeOf(`${PACKAGE}.${fixture.nodeType}`);
			if (!nodeType) continue;
			const description = descriptionOf(nodeType);
			const version = currentVersionOf(description);
			const { properties } = description;
			const used = new Map<string, Set<string>>();
			for (const node of fixture.workflow.nodes.filter((n) => n.typeVersion === version)) {
				const resolved = resolvedParameters(description, node.parameters, version);
				const key = description.polling
					? 'poll'
					: `${(resolved.resource as string | undefined) ?? ''}:${resolved.operation as string}`;
				const set = used.get(key) ?? new Set<string>();
				for (const p of [...paramPaths(resolved), ...keyPaths(resolved)]) set.add(p);
				used.set(key, set);
			}
			const offered = description.polling
				? [{ resource: undefined, operation: 'poll', key: 'poll' }]
				: operationsOf(properties).map((o) => ({
						...o,
						key: `${o.resource ?? ''}:${o.operation}`,
					}));
			for (const { resource, operation, key } of offered) {
				const where = `${fixture.workflowFile} (v${version}) ${key}`;
				if (!used.has(key)) {
					missing.push(`${where}: no node`);
					continue;
				}
				for (const p of [
					...optionPaths(properties, resource, operation),
					...fixedCollectionFieldPaths(properties, resource, operation),
				])
					if (!used.get(key)!.has(p)) missing.push(`${where}: ${p}`);
			}
		}
		if (missing.length)
			missing.push(
				'Add a contract run that sets it (test/contract/<node>.runs.ts), then add its fixture ' +
					'node: bash scripts/node24.sh npx tsx scripts/fixtures.cts',
			);
		expect(missing).toEqual([]);
	});

	describe('each node, as saved, runs against the strict simulator', () => {
		let sim: RunningSimulator;
		beforeAll(async () => {
			sim = await startSimulator({ port: 0, manualParse: true });
		});
		afterAll(async () => {
			await sim.close();
		});

		const actions = entries.filter((e) => !isTrigger(e));
		const triggers = entries.filter(isTrigger);

		it.each(actions.map((e, i) => [e.where, e, i] as const))('%s', async (_where, entry, i) => {
			const run = entry.fixture.runs[entry.node.name];
			const problems: string[] = [];
			if (!run)
				throw new Error(`${entry.where}: no entry in test/fixtures/runs/${entry.type}.json`);
			if (entry.node.typeVersion !== 1)
				throw new Error(`${entry.where}: runNode (test/harness) runs typeVersion 1 only`);
			const json = seedInput(sim.state, fieldsRead(entry.node.parameters), `#${i}`);
			sim.clearRequests();
			let finished = false;
			const running = runNode({
				type: entry.type,
				credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
				parameters: entry.node.parameters,
				input: [{ json, ...(run.binary ? { binary: run.binary } : {}) }],
			}).finally(() => (finished = true));
			// Parses move only on the manual clock: move every running parse on until the run ends.
			while (run.waitsForParsing && !finished) {
				sim.state.advance(PARSE_STEP_COUNT);
				await sleep(5);
			}
			const result = await running;
			if (result.error) problems.push(`the node fails: ${result.error.message}`);
			const api = sim.requests.filter((r) => r.path.startsWith('/api/v1/'));
			for (const r of api)
				if (r.status !== 200) problems.push(`${r.method} ${r.path} answered ${r.status}`);
			for (const want of run.requests) {
				const pattern = new RegExp(want.path);
				if (!api.some((r) => r.method === want.method && pattern.test(r.path)))
					problems.push(
						`no ${want.method} ${want.path} (made: ${api.map((r) => `${r.method} ${r.path}`).join(', ') || 'none'})`,
					);
			}
			expect(problems.map((p) => `${entry.where}: ${p}`)).toEqual([]);
		});

		it.each(triggers.map((e, i) => [e.where, e, i] as const))('%s', async (_where, entry, i) => {
			const problems: string[] = [];
			// A trigger fixture watches fixed dataset ids: they are created (afresh) here.
			const ids = [...new Set(JSON.stringify(entry.node.parameters).match(/\b[0-9a-f]{32}\b/g))];
			for (const id of ids) {
				const ordinal = triggerDatasetOrdinal(id);
				if (ordinal === undefined)
					throw new Error(`${entry.where}: ${id} is not a fixed dataset id`);
				sim.state.deleteDataset(id);
				sim.state.createDataset(`Fixture trigger dataset ${ordinal} #${i}`, { id });
			}
			const watched = ids[0] ?? sim.state.createDataset(`Fixture trigger dataset #${i}`).id;
			const poller = createPoller({
				parameters: entry.node.parameters,
				credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
			});
			sim.clearRequests();
			await poller.poll();
			const done = sim.state.addDocument(watched, {
				name: 'trigger-done.txt',
				content: 'The trigger policy.',
				run: 'UNSTART',
			});
			sim.state.startParse(done);
			sim.state.advance(PARSE_STEP_COUNT);
			await poller.poll();
			const api = sim.requests.filter((r) => r.path.startsWith('/api/v1/'));
			if (!api.length) problems.push('the polls made no request');
			for (const r of api)
				if (r.status !== 200) problems.push(`${r.method} ${r.path} answered ${r.status}`);
			expect(problems.map((p) => `${entry.where}: ${p}`)).toEqual([]);
		});
	});
});
