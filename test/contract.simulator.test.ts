import type { IDataObject, INodeExecutionData, INodeProperties, INodeType } from 'n8n-workflow';

import { RagflowDataset } from '../nodes/RagflowDataset/RagflowDataset.node';
import { RagflowDocument } from '../nodes/RagflowDocument/RagflowDocument.node';
import { RagflowRetrieve } from '../nodes/RagflowRetrieve/RagflowRetrieve.node';
import { runNode } from './harness/runWorkflow';
import type { RequestLogEntry, RunningSimulator } from './simulator/server.cts';
import { startSimulator } from './simulator/server.cts';

/**
 * Contract test: every option of the operations below is sent at least once, through the real node,
 * over real HTTP to the simulator, which refuses what RAGFlow v0.27 refuses. Every run must succeed
 * (the node turns any non-zero code into an error) and its requests must carry the option, so an
 * option the server would refuse cannot ship. A coverage check reads the options from the node
 * descriptions, so a new option fails this test until it is sent here.
 */
let sim: RunningSimulator;
let datasetId: string;
let documentId: string;

const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
	'base64',
);
const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/** Every parser setting, at values RAGFlow accepts. */
const everyParserSetting: IDataObject = {
	autoKeywords: 32,
	autoQuestions: 10,
	chunkTokenNum: 2048,
	delimiter: '\\n!?',
	filenameEmbdWeight: 0.5,
	graphragEntityTypes: 'person, event',
	graphragMethod: 'ner',
	html4excel: true,
	layoutRecognize: 'Plain Text',
	pages: '1-10, 15',
	raptorMaxCluster: 1024,
	raptorMaxToken: 2048,
	raptorPrompt: 'Summarise: {cluster_content}',
	raptorThreshold: 0.25,
	tagKbIds: '',
	taskPageSize: 12,
	topnTags: 10,
	useGraphrag: true,
	useParentChild: true,
	useRaptor: true,
};

interface Run {
	/** What the run shows. */
	title: string;
	type: string;
	resource?: string;
	operation: string;
	parameters: () => IDataObject;
	input?: () => INodeExecutionData[];
	/** Each request the run must make (method, path pattern) and what its body or query must hold. */
	expect: Array<{ method: string; path: RegExp; sent?: IDataObject }>;
}

const runs: Run[] = [
	{
		title: 'Dataset create: every parser setting and additional field',
		type: 'ragflowDataset',
		resource: 'dataset',
		operation: 'create',
		parameters: () => ({
			operation: 'create',
			name: 'Contract all settings',
			chunkMethod: 'naive',
			parserConfig: everyParserSetting,
			additionalFields: {
				avatar: `data:image/png;base64,${PNG.toString('base64')}`,
				description: 'Every option',
				embeddingModel: 'BAAI/bge-large-zh-v1.5@BAAI',
				language: 'English',
				permission: 'team',
			},
		}),
		expect: [
			{
				method: 'POST',
				path: /^\/api\/v1\/datasets$/,
				sent: {
					chunk_method: 'naive',
					permission: 'team',
					parser_config: expect.objectContaining({
						delimiter: '\n!?',
						pages: [
							[1, 10],
							[15, 15],
						],
						raptor: expect.objectContaining({ clustering_threshold: 0.25, max_token: 2048 }),
						graphrag: expect.objectContaining({ method: 'ner', entity_types: ['person', 'event'] }),
						parent_child: { use_parent_child: true },
					}),
				},
			},
		],
	},
	{
		title: 'Dataset create: the avatar from a binary property, chunk method qa',
		type: 'ragflowDataset',
		resource: 'dataset',
		operation: 'create',
		parameters: () => ({
			operation: 'create',
			name: 'Contract binary avatar',
			chunkMethod: 'qa',
			additionalFields: { avatarBinaryProperty: 'logo' },
		}),
		input: () => [
			{
				json: {},
				binary: {
					logo: { data: PNG.toString('base64'), mimeType: 'image/png', fileName: 'a.png' },
				},
			},
		],
		expect: [{ method: 'POST', path: /^\/api\/v1\/datasets$/, sent: { chunk_method: 'qa' } }],
	},
	{
		title: 'Dataset update: every update field and parser setting',
		type: 'ragflowDataset',
		resource: 'dataset',
		operation: 'update',
		parameters: () => ({
			operation: 'update',
			datasetId: rl(datasetId),
			updateFields: {
				avatar: `data:image/jpeg;base64,${PNG.toString('base64')}`,
				chunkMethod: 'book',
				description: 'Updated',
				embeddingModel: 'text-embedding-3-small@OpenAI',
				language: 'Chinese',
				name: 'Contract dataset renamed',
				pagerank: 100,
				permission: 'me',
			},
			parserConfig: everyParserSetting,
		}),
		expect: [
			{
				method: 'PUT',
				path: /^\/api\/v1\/datasets\/[0-9a-f]{32}$/,
				sent: { pagerank: 100, language: 'Chinese', chunk_method: 'book' },
			},
		],
	},
	{
		title: 'Dataset update: the avatar from a binary property',
		type: 'ragflowDataset',
		resource: 'dataset',
		operation: 'update',
		parameters: () => ({
			operation: 'update',
			datasetId: rl(datasetId),
			updateFields: { avatarBinaryProperty: 'logo' },
		}),
		input: () => [
			{
				json: {},
				binary: {
					logo: { data: PNG.toString('base64'), mimeType: 'image/png', fileName: 'a.png' },
				},
			},
		],
		expect: [{ method: 'PUT', path: /^\/api\/v1\/datasets\/[0-9a-f]{32}$/ }],
	},
	{
		title: 'Dataset get many: every filter',
		type: 'ragflowDataset',
		resource: 'dataset',
		operation: 'getAll',
		parameters: () => ({
			operation: 'getAll',
			returnAll: false,
			limit: 5,
			filters: {
				id: datasetId,
				desc: false,
				includeParsingStatus: true,
				name: 'Contract dataset renamed',
				keywords: 'Contract',
				orderby: 'update_time',
			},
		}),
		expect: [
			{
				method: 'GET',
				path: /^\/api\/v1\/datasets$/,
				sent: { desc: 'false', include_parsing_status: 'true', orderby: 'update_time' },
			},
		],
	},
	{
		title: 'Document update: every field and parser setting',
		type: 'ragflowDocument',
		resource: 'document',
		operation: 'update',
		parameters: () => ({
			operation: 'update',
			datasetId: rl(datasetId),
			documentId: rl(documentId),
			chunkMethod: 'naive',
			parserConfig: everyParserSetting,
			updateFields: { enabled: true, metaFields: '{"author":"HR","tag":"policy"}', name: 'hr.txt' },
			simplify: true,
		}),
		expect: [
			{
				method: 'PATCH',
				path: /^\/api\/v1\/datasets\/[0-9a-f]{32}\/documents\/[0-9a-f]{32}$/,
				sent: { enabled: 1, chunk_method: 'naive', name: 'hr.txt' },
			},
		],
	},
	{
		title: 'Document get many: every filter and every metadata operator',
		type: 'ragflowDocument',
		resource: 'document',
		operation: 'getAll',
		parameters: () => ({
			operation: 'getAll',
			datasetId: rl(datasetId),
			returnAll: true,
			simplify: false,
			filters: {
				desc: false,
				id: documentId,
				name: 'hr.txt',
				keywords: 'hr',
				orderby: 'name',
				run: ['UNSTART', 'DONE'],
				suffix: 'txt',
				metadataLogic: 'or',
				metadataCondition: { conditions: everyOperator('≥', '≤', 'not is') },
			},
		}),
		expect: [{ method: 'GET', path: /\/documents$/, sent: { orderby: 'name', desc: 'false' } }],
	},
	{
		title: 'Retrieve: every option and every metadata operator',
		type: 'ragflowRetrieve',
		operation: 'retrieve',
		parameters: () => ({
			operation: 'retrieve',
			question: 'vacation policy',
			datasetIds: [datasetId],
			returnAll: false,
			limit: 2,
			options: {
				concurrency: 2,
				crossLanguages: 'English, German',
				highlight: true,
				includeMetadata: true,
				keyword: true,
				metadataLogic: 'or',
				metadataFilter: { conditions: everyOperator('>=', '<=', '!=') },
				outputMode: 'combined',
				pageSize: 2,
				rerankId: 'BAAI/bge-reranker-v2-m3@BAAI',
				similarityThreshold: 0,
				page: 1,
				tocEnhance: true,
				topK: 64,
				useKg: true,
				vectorSimilarityWeight: 0.5,
			},
		}),
		expect: [
			{
				method: 'POST',
				path: /^\/api\/v1\/retrieval$/,
				sent: {
					top_k: 64,
					rerank_id: 'BAAI/bge-reranker-v2-m3@BAAI',
					metadata_condition: expect.objectContaining({
						conditions: expect.arrayContaining([
							{ name: 'tag', comparison_operator: 'empty', value: '' },
							{ name: 'tag', comparison_operator: 'not empty', value: '' },
						]),
					}),
				},
			},
		],
	},
	{
		title: 'Retrieve: only the given documents',
		type: 'ragflowRetrieve',
		operation: 'retrieve',
		parameters: () => ({
			operation: 'retrieve',
			question: 'vacation',
			datasetIds: [datasetId],
			returnAll: true,
			options: { documentIds: documentId },
		}),
		expect: [
			{
				method: 'POST',
				path: /^\/api\/v1\/retrieval$/,
				sent: { document_ids: [expect.stringMatching(/^[0-9a-f]{32}$/)] },
			},
		],
	},
];

/** Each chunk method once: datasets are created with it, the document is switched to it. */
const datasetMethods = [
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
const documentMethods = [
	...datasetMethods.filter((m) => m !== 'resume'),
	'qa',
	'audio',
	'knowledge_graph',
];
runs.push(
	...datasetMethods.map(
		(method): Run => ({
			title: `Dataset create: chunk method ${method}`,
			type: 'ragflowDataset',
			resource: 'dataset',
			operation: 'create',
			parameters: () => ({ operation: 'create', name: `Contract ${method}`, chunkMethod: method }),
			expect: [{ method: 'POST', path: /^\/api\/v1\/datasets$/, sent: { chunk_method: method } }],
		}),
	),
	...documentMethods.map(
		(method): Run => ({
			title: `Document update: chunk method ${method}`,
			type: 'ragflowDocument',
			resource: 'document',
			operation: 'update',
			parameters: () => ({
				operation: 'update',
				datasetId: rl(datasetId),
				documentId: rl(documentId),
				chunkMethod: method,
				parserConfig: { chunkTokenNum: 256 },
			}),
			expect: [
				{ method: 'PATCH', path: /\/documents\/[0-9a-f]{32}$/, sent: { chunk_method: method } },
			],
		}),
	),
);

/** One condition per operator of the metadata filter (each node keeps its own spelling of three). */
function everyOperator(atLeast: string, atMost: string, notEqual: string): IDataObject[] {
	const ops = ['contains', 'end with', 'empty', 'is', '>', atLeast, 'in', '<', atMost];
	return [...ops, 'not empty', notEqual, 'not in', 'not contains', 'start with'].map(
		(operator) => ({
			name: 'tag',
			operator,
			value: operator.includes('empty') ? '' : 'policy',
		}),
	);
}

beforeAll(async () => {
	sim = await startSimulator({ port: 0, parseMs: 50 });
	datasetId = sim.state.createDataset('Contract dataset').id;
	documentId = sim.state.addDocument(datasetId, {
		name: 'handbook.txt',
		content: 'The vacation policy grants 25 days.\nThe tag policy applies.',
		run: 'DONE',
		meta_fields: { tag: 'policy' },
	}).id;
});
afterAll(async () => {
	await sim.close();
});

describe('contract: every option, through the node, accepted by the strict simulator', () => {
	it.each(runs.map((run) => [run.title, run] as const))('%s', async (_title, run) => {
		sim.clearRequests();
		const result = await runNode({
			type: run.type,
			credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
			parameters: run.parameters(),
			input: run.input?.(),
		});
		expect(result.error).toBeUndefined();
		const api = sim.requests.filter((r) => r.path.startsWith('/api/v1/'));
		expect(api.length).toBeGreaterThan(0);
		for (const entry of api) expect(entry.status).toBe(200);
		for (const want of run.expect) {
			const match = api.find((r) => r.method === want.method && want.path.test(r.path));
			expect(match).toBeDefined();
			if (want.sent) expect(sentOf(match!)).toMatchObject(want.sent);
		}
	});

	it('sends every option the node offers for these operations', () => {
		const nodes: Record<string, INodeType> = {
			ragflowDataset: new RagflowDataset(),
			ragflowDocument: new RagflowDocument(),
			ragflowRetrieve: new RagflowRetrieve(),
		};
		for (const run of runs) {
			const offered = optionPaths(nodes[run.type].description.properties, run);
			const sent = new Set(
				runs
					.filter((r) => r.type === run.type && r.operation === run.operation)
					.flatMap((r) => paramPaths(r.parameters())),
			);
			expect(offered.filter((path) => !sent.has(path))).toEqual([]);
		}
	});
});

/** The body of a JSON request, or its query. */
function sentOf(entry: RequestLogEntry): IDataObject {
	return (entry.body && typeof entry.body === 'object' ? entry.body : entry.query) as IDataObject;
}

/** `collection.option` of every collection, and every value of every options field, of one operation. */
function optionPaths(properties: INodeProperties[], run: Run): string[] {
	const shown = properties.filter((p) => {
		const show = p.displayOptions?.show ?? {};
		const ops = show.operation as string[] | undefined;
		const resources = show.resource as string[] | undefined;
		return (
			ops?.includes(run.operation) &&
			(!run.resource || !resources || resources.includes(run.resource))
		);
	});
	const paths: string[] = [];
	for (const p of shown) {
		if (p.type === 'collection') {
			for (const o of p.options as INodeProperties[]) paths.push(`${p.name}.${o.name}`);
		} else if (p.type === 'options' && p.name === 'chunkMethod') {
			for (const o of p.options as Array<{ value: string }>)
				if (o.value) paths.push(`${p.name}=${o.value}`);
		}
	}
	return paths;
}

function paramPaths(parameters: IDataObject): string[] {
	const paths: string[] = [];
	for (const [key, value] of Object.entries(parameters)) {
		if (value && typeof value === 'object' && !Array.isArray(value) && !('__rl' in value)) {
			for (const inner of Object.keys(value)) paths.push(`${key}.${inner}`);
		}
		if (key === 'chunkMethod') paths.push(`chunkMethod=${String(value)}`);
	}
	return paths;
}
