import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RunningSimulator } from '../simulator/server.cts';
import { startSimulator } from '../simulator/server.cts';
import { defaultAgentDsl } from '../simulator/state.cts';

/**
 * What the contract runs (test/contract/*.runs.ts) share: the simulator they run against, the
 * entities seeded before them, and the values and helpers several nodes' runs use.
 */
export let sim: RunningSimulator;
export let datasetId: string;
export let documentId: string;
export let chatId: string;
export let agentId: string;

/** Starts the strict simulator (manual parse clock) and seeds the entities every run acts on. */
export async function seed() {
	sim = await startSimulator({ port: 0, manualParse: true });
	datasetId = sim.state.createDataset('Contract dataset').id;
	documentId = sim.state.addDocument(datasetId, {
		name: 'handbook.txt',
		content: 'The vacation policy grants 25 days.\nThe tag policy applies.',
		run: 'DONE',
		meta_fields: { tag: 'policy' },
	}).id;
	chatId = sim.state.createChat({
		name: 'Contract chat',
		dataset_ids: [datasetId],
		prompt_config: {
			system: 'Answer from {knowledge} in {lang}.',
			parameters: [
				{ key: 'knowledge', optional: false },
				{ key: 'lang', optional: true },
			],
		},
	}).id;
	agentId = sim.state.createAgent({ title: 'Contract agent', dsl: defaultAgentDsl() }).id;
}

export interface Run {
	/** What the run shows. */
	title: string;
	type: string;
	resource?: string;
	operation: string;
	parameters: () => IDataObject;
	input?: () => INodeExecutionData[];
	/** The run waits for parses: the manual parse clock is moved on until it ends. */
	parses?: boolean;
	/** Each request the run must make (method, path pattern) and what its body or query must hold. */
	expect: Array<{ method: string; path: RegExp; sent?: IDataObject }>;
}

/**
 * A node's runs, by when they run (test/contract.simulator.test.ts runs each group of every node in
 * turn, in the node order it lists; the entities a run seeds are there for the runs after it).
 */
export interface NodeRuns {
	/** The every-option runs, on the seeded entities as they were seeded. */
	first?: Run[];
	/** Each chunk method once. */
	chunkMethods?: Run[];
	/** The node's operations. */
	operations?: Run[];
	/** Get Many with Return All (paged to the end), once per list. */
	returnAll?: Run[];
	/** Deletes of everything: they take the seeded data with them (run last, children first). */
	last?: Run[];
}

export const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
	'base64',
);
export const rl = (value: string) => ({ __rl: true, mode: 'id', value });

const HEX = '[0-9a-f]{32}';
export const path = (pattern: string) => new RegExp(`^/api/v1${pattern.replace(/\{id\}/g, HEX)}$`);
export const doc = (name: string, run: 'DONE' | 'UNSTART' = 'DONE') =>
	sim.state.addDocument(datasetId, { name, content: `The ${name} vacation policy.`, run }).id;

/** Every parser setting, at values RAGFlow accepts. */
export const everyParserSetting: IDataObject = {
	autoKeywords: 32,
	autoQuestions: 10,
	chunkTokenNumber: 2048,
	delimiter: '\\n!?',
	filenameEmbeddingWeight: 0.5,
	graphragEntityTypes: 'person, event',
	graphragMethod: 'ner',
	htmlForExcel: true,
	layoutRecognizer: 'Plain Text',
	pageRanges: '1-10, 15',
	raptorMaxClusters: 1024,
	raptorMaxTokens: 2048,
	raptorPrompt: 'Summarise: {cluster_content}',
	raptorThreshold: 0.25,
	tagDatasetIds: '',
	taskPageSize: 12,
	topNTags: 10,
	useGraphrag: true,
	useParentChildChunking: true,
	useRaptor: true,
};

/** Each chunk method once: datasets are created with it, the document is switched to it. */
export const datasetMethods = [
	'book',
	'email',
	'laws',
	'manual',
	'one',
	'paper',
	'picture',
	'presentation',
	'resume',
	'table',
	'tag',
];
export const documentMethods = [
	...datasetMethods.filter((m) => m !== 'resume'),
	'qa',
	'audio',
	'knowledge_graph',
];

/** One condition per operator of the metadata filter (nodes/shared/metadataCondition.ts). */
export function everyOperator(): IDataObject[] {
	return [
		'contains',
		'endsWith',
		'greaterThan',
		'greaterThanOrEqual',
		'in',
		'is',
		'isEmpty',
		'isNot',
		'isNotEmpty',
		'lessThan',
		'lessThanOrEqual',
		'notContains',
		'notIn',
		'startsWith',
	].map((operator) => ({
		key: 'tag',
		operator,
		value: operator.endsWith('Empty') ? '' : 'policy',
	}));
}

/** A Get Many with Return All of one list; `0` in `fields` stands for the seeded entity's id. */
export function returnAllRun(
	type: string,
	resource: string | undefined,
	fields: Record<string, unknown>,
	listPath: RegExp,
): Run {
	return {
		title: `${type} ${resource ?? ''} get many: return all`,
		type,
		resource,
		operation: 'getAll',
		parameters: () => ({
			...(resource ? { resource } : {}),
			operation: 'getAll',
			returnAll: true,
			...Object.fromEntries(
				Object.entries(fields).map(([key, value]) => [
					key,
					value === 0 ? rl({ datasetId, documentId, chatId, agentId }[key as 'datasetId']!) : value,
				]),
			),
		}),
		expect: [{ method: 'GET', path: listPath }],
	};
}
