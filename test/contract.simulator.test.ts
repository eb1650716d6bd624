import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { RagflowChatAssistant } from '../nodes/RagflowChatAssistant/RagflowChatAssistant.node';
import { node as chatAssistantNode } from '../nodes/RagflowChatAssistant/actions';
import { RagflowChunk } from '../nodes/RagflowChunk/RagflowChunk.node';
import { node as chunkNode } from '../nodes/RagflowChunk/actions';
import { RagflowDataset } from '../nodes/RagflowDataset/RagflowDataset.node';
import { node as datasetNode } from '../nodes/RagflowDataset/actions';
import { RagflowDocument } from '../nodes/RagflowDocument/RagflowDocument.node';
import { node as documentNode } from '../nodes/RagflowDocument/actions';
import { RagflowRetrieve } from '../nodes/RagflowRetrieve/RagflowRetrieve.node';
import { node as retrieveNode } from '../nodes/RagflowRetrieve/actions';
import { RagflowSession } from '../nodes/RagflowSession/RagflowSession.node';
import { node as sessionNode } from '../nodes/RagflowSession/actions';
import { RagflowTrigger } from '../nodes/RagflowTrigger/RagflowTrigger.node';
import type { ActionNode } from '../nodes/shared/actionNode';
import { optionPaths, paramPaths } from './fixtures/surface';
import { createPoller } from './harness/runPoll';
import { runNode } from './harness/runWorkflow';
import type { RequestLogEntry, RunningSimulator } from './simulator/server.cts';
import { startSimulator } from './simulator/server.cts';
import { defaultAgentDsl, PARSE_STEP_COUNT } from './simulator/state.cts';

/**
 * Contract test: every option of the operations below is sent at least once, through the real node,
 * over real HTTP to the simulator, which refuses what RAGFlow v0.27 refuses. Every run must succeed
 * (the node turns any non-zero code into an error) and its requests must carry the option, so an
 * option the server would refuse cannot ship. A coverage check reads the options from the node
 * descriptions, so a new option fails this test until it is sent here.
 *
 * The runs are exported for scripts/fixtures.cts, which saves them as the workflow fixtures that pin
 * the public parameters (test/fixtures.simulator.test.ts).
 */
export let sim: RunningSimulator;
let datasetId: string;
let documentId: string;
let chatId: string;
let agentId: string;

const sessionOf = () =>
	sim.state.createChatSession(sim.state.getChat(chatId)!, 'Contract session').id;
const agentSessionOf = () =>
	sim.state.createAgentSession(sim.state.getAgent(agentId)!, {
		name: 'Contract agent session',
		user_id: 'user-1',
	}).id;

const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
	'base64',
);
const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/** Every parser setting, at values RAGFlow accepts. */
const everyParserSetting: IDataObject = {
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

export const runs: Run[] = [
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
			options: { concurrency: 2 },
			returnAll: false,
			limit: 5,
			filters: {
				id: datasetId,
				descending: false,
				includeParsingStatus: true,
				name: 'Contract dataset renamed',
				nameContains: 'Contract',
				orderBy: 'update_time',
			},
			simplify: true,
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
		operation: 'update',
		parameters: () => ({
			operation: 'update',
			datasetId: rl(datasetId),
			documentId: rl(documentId),
			chunkMethod: 'naive',
			parserConfig: everyParserSetting,
			updateFields: {
				enabled: true,
				metaFields: {
					fields: [
						{ key: 'author', value: 'HR' },
						{ key: 'tag', value: 'policy' },
					],
				},
				name: 'hr.txt',
			},
			simplify: true,
		}),
		expect: [
			{
				method: 'PATCH',
				path: /^\/api\/v1\/datasets\/[0-9a-f]{32}\/documents\/[0-9a-f]{32}$/,
				sent: {
					enabled: 1,
					chunk_method: 'naive',
					name: 'hr.txt',
					meta_fields: { author: 'HR', tag: 'policy' },
				},
			},
		],
	},
	{
		title: 'Document get many: every filter and every metadata operator',
		type: 'ragflowDocument',
		operation: 'getAll',
		parameters: () => ({
			operation: 'getAll',
			options: { concurrency: 2 },
			datasetId: rl(datasetId),
			returnAll: true,
			simplify: false,
			filters: {
				descending: false,
				id: documentId,
				name: 'hr.txt',
				nameContains: 'hr',
				orderBy: 'name',
				parseStatus: ['UNSTART', 'DONE'],
				suffix: 'txt',
				metadataLogic: 'or',
				metadataFilter: { conditions: everyOperator() },
			},
		}),
		expect: [{ method: 'GET', path: /\/documents$/, sent: { orderby: 'name', desc: 'false' } }],
	},
	{
		title: 'Retrieve: every option and every metadata operator',
		type: 'ragflowRetrieve',
		operation: 'retrieve',
		parameters: () => ({
			question: 'vacation policy',
			datasetIds: [datasetId],
			returnAll: false,
			limit: 2,
			options: {
				concurrency: 2,
				crossLanguages: 'English, German',
				highlight: true,
				includeMetadata: true,
				keywordExtraction: true,
				metadataLogic: 'or',
				metadataFilter: { conditions: everyOperator() },
				outputMode: 'combined',
				pageSize: 2,
				rerankModel: 'BAAI/bge-reranker-v2-m3@BAAI',
				similarityThreshold: 0,
				startPage: 1,
				tocEnhancement: true,
				topK: 64,
				useKnowledgeGraph: true,
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
					keyword: true,
					use_kg: true,
					toc_enhance: true,
					metadata_condition: expect.objectContaining({
						logic: 'or',
						conditions: expect.arrayContaining([
							{ name: 'tag', comparison_operator: 'empty', value: '' },
							{ name: 'tag', comparison_operator: 'not empty', value: '' },
							{ name: 'tag', comparison_operator: '!=', value: 'policy' },
							{ name: 'tag', comparison_operator: '>=', value: 'policy' },
							{ name: 'tag', comparison_operator: '<=', value: 'policy' },
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
			operation: 'update',
			parameters: () => ({
				operation: 'update',
				datasetId: rl(datasetId),
				documentId: rl(documentId),
				chunkMethod: method,
				parserConfig: { chunkTokenNumber: 256 },
			}),
			expect: [
				{ method: 'PATCH', path: /\/documents\/[0-9a-f]{32}$/, sent: { chunk_method: method } },
			],
		}),
	),
);

const HEX = '[0-9a-f]{32}';
const path = (pattern: string) => new RegExp(`^/api/v1${pattern.replace(/\{id\}/g, HEX)}$`);
const doc = (name: string, run: 'DONE' | 'UNSTART' = 'DONE') =>
	sim.state.addDocument(datasetId, { name, content: `The ${name} vacation policy.`, run }).id;
const chunkOf = (content: string) =>
	sim.state.insertChunk(sim.state.getDocument(documentId)!, { content }).id;
const pngInput = (property = 'image') => [
	{
		json: {},
		binary: {
			[property]: { data: PNG.toString('base64'), mimeType: 'image/png', fileName: 'a.png' },
		},
	},
];
const fileInput = () => [
	{
		json: {},
		binary: {
			data: {
				data: Buffer.from('Parental leave is 14 weeks.').toString('base64'),
				mimeType: 'text/plain',
				fileName: 'leave.txt',
			},
		},
	},
];
const everyLlmSetting: IDataObject = {
	frequencyPenalty: 0.5,
	maxTokens: 512,
	modelName: 'gpt-4o-mini@OpenAI',
	modelType: 'chat',
	presencePenalty: 0.3,
	temperature: 0.2,
	topP: 0.8,
};
const everyPromptSetting: IDataObject = {
	emptyResponse: 'Nothing found.',
	keywordsSimilarityWeight: 0.6,
	opener: 'Hello',
	rerankModel: 'BAAI/bge-reranker-v2-m3@BAAI',
	showQuote: true,
	similarityThreshold: 0.1,
	systemPrompt: 'Answer from {knowledge} in {lang}.',
	topK: 512,
	topN: 4,
	variables: { variable: [{ key: 'lang', optional: true }] },
};

runs.push(
	// ---------- Dataset: get, knowledge graph, index tasks ----------
	{
		title: 'Dataset get',
		type: 'ragflowDataset',
		resource: 'dataset',
		operation: 'get',
		parameters: () => ({
			operation: 'get',
			datasetId: rl(datasetId),
			options: { concurrency: 2 },
			simplify: true,
		}),
		expect: [{ method: 'GET', path: path('/datasets/{id}') }],
	},
	...['get', 'delete'].map(
		(operation): Run => ({
			title: `Knowledge graph ${operation}`,
			type: 'ragflowDataset',
			resource: 'knowledgeGraph',
			operation,
			parameters: () => ({
				resource: 'knowledgeGraph',
				operation,
				datasetId: rl(datasetId),
				...(operation === 'get' ? { options: { concurrency: 2 } } : {}),
			}),
			expect: [
				{ method: operation === 'get' ? 'GET' : 'DELETE', path: path('/datasets/{id}/graph') },
			],
		}),
	),
	...['graph', 'raptor', 'mindmap'].flatMap((indexType): Run[] =>
		['start', 'getStatus', 'stop'].map((operation) => ({
			title: `Index task ${operation}: ${indexType}`,
			type: 'ragflowDataset',
			resource: 'indexTask',
			operation,
			parameters: () => ({
				resource: 'indexTask',
				operation,
				datasetId: rl(datasetId),
				indexType,
				...(operation === 'stop' ? { keepData: true } : {}),
				...(operation === 'getStatus' ? { options: { concurrency: 2 } } : {}),
			}),
			expect: [
				{
					method: { start: 'POST', getStatus: 'GET', stop: 'DELETE' }[operation]!,
					path: /^\/api\/v1\/datasets\/[0-9a-f]{32}\/(index|[a-z_]+)/,
				},
			],
		})),
	),
	// ---------- Document ----------
	{
		title: 'Document upload: a binary file with every option, parsed and waited for',
		type: 'ragflowDocument',
		operation: 'upload',
		parameters: () => ({
			operation: 'upload',
			datasetId: rl(datasetId),
			source: 'local',
			binaryPropertyName: 'data',
			simplify: true,
			options: {
				concurrency: 2,
				fileName: 'leave-policy.txt',
				parentPath: '/policies',
				parse: true,
				waitForParsing: true,
				pollInterval: 0.01,
				waitTimeout: 30,
			},
		}),
		input: fileInput,
		parses: true,
		expect: [
			{ method: 'POST', path: path('/datasets/{id}/documents') },
			{
				method: 'POST',
				path: path('/datasets/{id}/documents/parse'),
				sent: { document_ids: [expect.any(String)] },
			},
		],
	},
	{
		title: 'Document upload: a web page',
		type: 'ragflowDocument',
		operation: 'upload',
		parameters: () => ({
			operation: 'upload',
			datasetId: rl(datasetId),
			source: 'web',
			url: 'https://example.com/policy',
			documentName: 'policy page',
			simplify: false,
		}),
		expect: [{ method: 'POST', path: path('/datasets/{id}/documents') }],
	},
	{
		title: 'Document upload: an empty document',
		type: 'ragflowDocument',
		operation: 'upload',
		parameters: () => ({
			operation: 'upload',
			datasetId: rl(datasetId),
			source: 'empty',
			documentName: 'notes.txt',
		}),
		expect: [{ method: 'POST', path: path('/datasets/{id}/documents') }],
	},
	{
		title: 'Document upload: replace the document of the same name, with metadata',
		type: 'ragflowDocument',
		operation: 'upload',
		parameters: () => {
			doc('replace-me.txt');
			return {
				operation: 'upload',
				datasetId: rl(datasetId),
				source: 'local',
				binaryPropertyName: 'data',
				options: {
					fileName: 'replace-me.txt',
					ifExists: 'replace',
					metaFields: { fields: [{ key: 'source', value: 'contract' }] },
				},
			};
		},
		input: fileInput,
		expect: [
			{
				method: 'GET',
				path: path('/datasets/{id}/documents'),
				sent: { keywords: 'replace-me.txt' },
			},
			{ method: 'POST', path: path('/datasets/{id}/documents') },
			{
				method: 'PATCH',
				path: path('/datasets/{id}/documents/{id}'),
				sent: { meta_fields: { source: 'contract' } },
			},
			{
				method: 'DELETE',
				path: path('/datasets/{id}/documents'),
				sent: { ids: expect.arrayContaining([expect.any(String)]) },
			},
		],
	},
	{
		title: 'Document get',
		type: 'ragflowDocument',
		operation: 'get',
		parameters: () => ({
			operation: 'get',
			options: { concurrency: 2 },
			datasetId: rl(datasetId),
			documentId: rl(documentId),
			simplify: true,
		}),
		expect: [{ method: 'GET', path: path('/datasets/{id}/documents') }],
	},
	{
		title: 'Document download',
		type: 'ragflowDocument',
		operation: 'download',
		parameters: () => ({
			operation: 'download',
			datasetId: rl(datasetId),
			documentId: rl(documentId),
			binaryPropertyName: 'file',
		}),
		expect: [{ method: 'GET', path: path('/datasets/{id}/documents/{id}') }],
	},
	{
		title: 'Document parse: several documents, waited for, every option',
		type: 'ragflowDocument',
		operation: 'parse',
		parameters: () => ({
			operation: 'parse',
			datasetId: rl(datasetId),
			documentId: rl(doc('parse-a.txt', 'UNSTART')),
			moreIds: doc('parse-b.txt', 'UNSTART'),
			options: { concurrency: 2, waitForParsing: true, pollInterval: 0.01, waitTimeout: 30 },
			simplify: true,
		}),
		parses: true,
		expect: [{ method: 'POST', path: path('/datasets/{id}/documents/parse') }],
	},
	{
		title: 'Document stop parsing',
		type: 'ragflowDocument',
		operation: 'stopParsing',
		parameters: () => {
			const a = doc('stop-a.txt', 'UNSTART');
			const b = doc('stop-b.txt', 'UNSTART');
			for (const id of [a, b]) sim.state.startParse(sim.state.getDocument(id)!);
			return { operation: 'stopParsing', datasetId: rl(datasetId), documentId: rl(a), moreIds: b };
		},
		expect: [{ method: 'POST', path: path('/datasets/{id}/documents/stop') }],
	},
	{
		title: 'Document delete: by ids',
		type: 'ragflowDocument',
		operation: 'delete',
		parameters: () => ({
			operation: 'delete',
			datasetId: rl(datasetId),
			deleteAll: false,
			documentId: rl(doc('gone-a.txt')),
			moreIds: doc('gone-b.txt'),
		}),
		expect: [
			{
				method: 'DELETE',
				path: path('/datasets/{id}/documents'),
				sent: { ids: [expect.any(String), expect.any(String)] },
			},
		],
	},
	// ---------- Chunk ----------
	{
		title: 'Chunk add: every option, tags and an image',
		type: 'ragflowChunk',
		operation: 'add',
		parameters: () => ({
			operation: 'add',
			datasetId: rl(datasetId),
			documentId: rl(documentId),
			content: 'Sick leave needs a note after three days.',
			additionalFields: {
				imageBinaryProperty: 'image',
				importantKeywords: 'sick, leave',
				questions: 'How long is sick leave?',
				tags: 'hr, leave',
			},
			options: { concurrency: 2 },
		}),
		input: () => pngInput('image'),
		expect: [
			{
				method: 'POST',
				path: path('/datasets/{id}/documents/{id}/chunks'),
				sent: { important_keywords: ['sick', 'leave'], questions: ['How long is sick leave?'] },
			},
		],
	},
	{
		title: 'Chunk get',
		type: 'ragflowChunk',
		operation: 'get',
		parameters: () => ({
			operation: 'get',
			options: { concurrency: 2 },
			datasetId: rl(datasetId),
			documentId: rl(documentId),
			chunkId: rl(chunkOf('A chunk to read.')),
		}),
		expect: [{ method: 'GET', path: /\/chunks/ }],
	},
	...['all', 'true', 'false'].map(
		(availability): Run => ({
			title: `Chunk get many: availability ${availability}, id and keywords`,
			type: 'ragflowChunk',
			operation: 'getAll',
			parameters: () => ({
				operation: 'getAll',
				options: { concurrency: 2 },
				datasetId: rl(datasetId),
				documentId: rl(documentId),
				returnAll: false,
				limit: 3,
				filters: {
					availability,
					keywords: 'vacation',
					...(availability === 'all' ? { id: chunkOf('Chunk by id.') } : {}),
				},
			}),
			expect: [{ method: 'GET', path: path('/datasets/{id}/documents/{id}/chunks') }],
		}),
	),
	{
		title: 'Chunk update: every field, an image',
		type: 'ragflowChunk',
		operation: 'update',
		parameters: () => ({
			operation: 'update',
			datasetId: rl(datasetId),
			documentId: rl(documentId),
			chunkId: rl(chunkOf('A chunk to change.')),
			updateFields: {
				available: false,
				content: 'A changed chunk.',
				imageBinaryProperty: 'image',
				importantKeywords: 'changed',
				questions: 'What changed?',
				tags: 'hr',
			},
		}),
		input: () => pngInput('image'),
		expect: [{ method: 'PATCH', path: /\/chunks\/[0-9a-f]+$/, sent: { available: false } }],
	},
	{
		title: 'Chunk set availability',
		type: 'ragflowChunk',
		operation: 'setAvailability',
		parameters: () => ({
			operation: 'setAvailability',
			datasetId: rl(datasetId),
			documentId: rl(documentId),
			chunkId: rl(chunkOf('Chunk one.')),
			moreIds: chunkOf('Chunk two.'),
			available: true,
		}),
		expect: [
			{
				method: 'PATCH',
				path: path('/datasets/{id}/documents/{id}/chunks'),
				sent: { chunk_ids: [expect.any(String), expect.any(String)], available: true },
			},
		],
	},
	{
		title: 'Chunk delete: by ids',
		type: 'ragflowChunk',
		operation: 'delete',
		parameters: () => ({
			operation: 'delete',
			datasetId: rl(datasetId),
			documentId: rl(documentId),
			deleteAll: false,
			chunkId: rl(chunkOf('A chunk to delete.')),
			moreIds: chunkOf('Another chunk to delete.'),
		}),
		expect: [
			{
				method: 'DELETE',
				path: path('/datasets/{id}/documents/{id}/chunks'),
				sent: { chunk_ids: [expect.any(String), expect.any(String)] },
			},
		],
	},
	// ---------- Chat Assistant ----------
	{
		title: 'Chat assistant create: every LLM, prompt and additional setting',
		type: 'ragflowChatAssistant',
		operation: 'create',
		parameters: () => ({
			operation: 'create',
			name: 'Contract assistant',
			datasetIds: [datasetId],
			additionalFields: { avatar: PNG.toString('base64'), description: 'Every option' },
			llmSettings: everyLlmSetting,
			promptSettings: everyPromptSetting,
		}),
		expect: [
			{
				method: 'POST',
				path: path('/chats'),
				sent: {
					llm_id: 'gpt-4o-mini@OpenAI',
					llm_setting: expect.objectContaining({ max_tokens: 512, top_p: 0.8 }),
					rerank_id: 'BAAI/bge-reranker-v2-m3@BAAI',
					vector_similarity_weight: 0.4,
					prompt_config: expect.objectContaining({
						system: 'Answer from {knowledge} in {lang}.',
						empty_response: 'Nothing found.',
					}),
				},
			},
		],
	},
	{
		title: 'Chat assistant update: every field, LLM and prompt setting',
		type: 'ragflowChatAssistant',
		operation: 'update',
		parameters: () => ({
			operation: 'update',
			chatId: rl(chatId),
			updateFields: {
				avatar: PNG.toString('base64'),
				datasetIds: [datasetId],
				description: 'Updated',
				name: 'Contract assistant renamed',
			},
			llmSettings: { ...everyLlmSetting, modelName: 'qwen-plus@Tongyi-Qianwen' },
			promptSettings: everyPromptSetting,
		}),
		expect: [{ method: 'PATCH', path: path('/chats/{id}') }],
	},
	{
		title: 'Chat assistant get',
		type: 'ragflowChatAssistant',
		operation: 'get',
		parameters: () => ({
			operation: 'get',
			chatId: rl(chatId),
			options: { concurrency: 2 },
			simplify: true,
		}),
		expect: [{ method: 'GET', path: path('/chats/{id}') }],
	},
	{
		title: 'Chat assistant get many: every filter',
		type: 'ragflowChatAssistant',
		operation: 'getAll',
		parameters: () => ({
			operation: 'getAll',
			options: { concurrency: 2 },
			returnAll: false,
			limit: 5,
			filters: {
				id: chatId,
				descending: false,
				name: 'Contract chat',
				nameContains: 'Contract',
				orderBy: 'name',
			},
			simplify: true,
		}),
		expect: [
			{
				method: 'GET',
				path: path('/chats'),
				sent: { orderby: 'name', desc: 'false', keywords: 'Contract', name: 'Contract chat' },
			},
		],
	},
	{
		title: 'Chat assistant delete: by ids',
		type: 'ragflowChatAssistant',
		operation: 'delete',
		parameters: () => ({
			operation: 'delete',
			deleteAll: false,
			chatId: rl(sim.state.createChat({ name: 'Gone A', dataset_ids: [datasetId] }).id),
			moreIds: sim.state.createChat({ name: 'Gone B', dataset_ids: [datasetId] }).id,
		}),
		expect: [
			{
				method: 'DELETE',
				path: path('/chats'),
				sent: { ids: [expect.any(String), expect.any(String)] },
			},
		],
	},
	// ---------- Chat sessions ----------
	{
		title: 'Chat session create',
		type: 'ragflowSession',
		resource: 'chatSession',
		operation: 'create',
		parameters: () => ({
			resource: 'chatSession',
			operation: 'create',
			chatId: rl(chatId),
			name: 'Contract session',
		}),
		expect: [
			{ method: 'POST', path: path('/chats/{id}/sessions'), sent: { name: 'Contract session' } },
		],
	},
	{
		title: 'Chat session get',
		type: 'ragflowSession',
		resource: 'chatSession',
		operation: 'get',
		parameters: () => ({
			resource: 'chatSession',
			operation: 'get',
			options: { concurrency: 2 },
			chatId: rl(chatId),
			sessionId: rl(sessionOf()),
		}),
		expect: [{ method: 'GET', path: /\/chats\/[0-9a-f]{32}\/sessions/ }],
	},
	{
		title: 'Chat session get many: every filter',
		type: 'ragflowSession',
		resource: 'chatSession',
		operation: 'getAll',
		parameters: () => ({
			resource: 'chatSession',
			operation: 'getAll',
			options: { concurrency: 2 },
			chatId: rl(chatId),
			returnAll: false,
			limit: 5,
			filters: {
				descending: false,
				name: 'Contract session',
				orderBy: 'name',
				id: sessionOf(),
				userId: 'user-1',
			},
		}),
		expect: [{ method: 'GET', path: path('/chats/{id}/sessions'), sent: { orderby: 'name' } }],
	},
	{
		title: 'Chat session update',
		type: 'ragflowSession',
		resource: 'chatSession',
		operation: 'update',
		parameters: () => ({
			resource: 'chatSession',
			operation: 'update',
			chatId: rl(chatId),
			sessionId: rl(sessionOf()),
			name: 'Renamed session',
		}),
		expect: [
			{
				method: 'PATCH',
				path: path('/chats/{id}/sessions/{id}'),
				sent: { name: 'Renamed session' },
			},
		],
	},
	{
		title: 'Chat session ask: a new session with every option',
		type: 'ragflowSession',
		resource: 'chatSession',
		operation: 'ask',
		parameters: () => ({
			resource: 'chatSession',
			operation: 'ask',
			chatId: rl(chatId),
			question: 'How many vacation days?',
			sessionId: { __rl: true, mode: 'list', value: '' },
			options: {
				documentIds: documentId,
				sessionName: 'Asked session',
				variables: { variable: [{ key: 'lang', value: 'English' }] },
			},
		}),
		expect: [
			{ method: 'POST', path: path('/chats/{id}/sessions'), sent: { name: 'Asked session' } },
			{ method: 'POST', path: /\/completions$/, sent: { lang: 'English' } },
		],
	},
	{
		title: 'Chat session ask: an existing session',
		type: 'ragflowSession',
		resource: 'chatSession',
		operation: 'ask',
		parameters: () => ({
			resource: 'chatSession',
			operation: 'ask',
			chatId: rl(chatId),
			question: 'Who approves it?',
			sessionId: rl(sessionOf()),
		}),
		expect: [{ method: 'POST', path: /\/completions$/ }],
	},
	{
		title: 'Chat session delete: by ids',
		type: 'ragflowSession',
		resource: 'chatSession',
		operation: 'delete',
		parameters: () => ({
			resource: 'chatSession',
			operation: 'delete',
			chatId: rl(chatId),
			deleteAll: false,
			sessionId: rl(sessionOf()),
			moreIds: sessionOf(),
		}),
		expect: [{ method: 'DELETE', path: path('/chats/{id}/sessions') }],
	},
	// ---------- Agent sessions ----------
	{
		title: 'Agent session create: every option',
		type: 'ragflowSession',
		resource: 'agentSession',
		operation: 'create',
		parameters: () => ({
			resource: 'agentSession',
			operation: 'create',
			agentId: rl(agentId),
			name: 'Contract agent session',
			options: { release: false, userId: 'user-1' },
		}),
		expect: [
			{
				method: 'POST',
				path: path('/agents/{id}/sessions'),
				sent: { name: 'Contract agent session', user_id: 'user-1', release: false },
			},
		],
	},
	{
		title: 'Agent session get many: every filter',
		type: 'ragflowSession',
		resource: 'agentSession',
		operation: 'getAll',
		parameters: () => ({
			resource: 'agentSession',
			operation: 'getAll',
			options: { concurrency: 2 },
			agentId: rl(agentId),
			returnAll: false,
			limit: 5,
			filters: {
				textContains: 'Contract',
				descending: false,
				includeDsl: false,
				orderBy: 'update_time',
				id: agentSessionOf(),
				userId: 'user-1',
			},
		}),
		expect: [
			{
				method: 'GET',
				path: path('/agents/{id}/sessions'),
				sent: { keywords: 'Contract', desc: 'false', orderby: 'update_time' },
			},
		],
	},
	{
		title: 'Agent session ask: inputs and every option',
		type: 'ragflowSession',
		resource: 'agentSession',
		operation: 'ask',
		parameters: () => ({
			resource: 'agentSession',
			operation: 'ask',
			agentId: rl(agentId),
			question: 'How many vacation days?',
			sessionId: { __rl: true, mode: 'list', value: '' },
			inputs: { input: [{ key: 'lang', type: 'line', value: 'English' }] },
			options: { sessionName: 'Asked agent session', userId: 'user-1' },
		}),
		expect: [
			{
				method: 'POST',
				path: path('/agents/{id}/sessions'),
				sent: { name: 'Asked agent session', user_id: 'user-1' },
			},
			{ method: 'POST', path: /completions$/ },
		],
	},
	{
		title: 'Agent session ask: an existing session',
		type: 'ragflowSession',
		resource: 'agentSession',
		operation: 'ask',
		parameters: () => ({
			resource: 'agentSession',
			operation: 'ask',
			agentId: rl(agentId),
			question: 'And sick leave?',
			sessionId: rl(agentSessionOf()),
		}),
		expect: [{ method: 'POST', path: /completions$/ }],
	},
	{
		title: 'Agent session delete: by ids',
		type: 'ragflowSession',
		resource: 'agentSession',
		operation: 'delete',
		parameters: () => ({
			resource: 'agentSession',
			operation: 'delete',
			agentId: rl(agentId),
			deleteAll: false,
			sessionId: rl(agentSessionOf()),
			moreIds: agentSessionOf(),
		}),
		expect: [{ method: 'DELETE', path: path('/agents/{id}/sessions') }],
	},
);

/** Get Many with Return All (paged to the end), once per list. */
runs.push(
	...(
		[
			['ragflowDataset', 'dataset', {}, path('/datasets')],
			[
				'ragflowDocument',
				undefined,
				{ datasetId: 0, simplify: true },
				path('/datasets/{id}/documents'),
			],
			[
				'ragflowChunk',
				undefined,
				{ datasetId: 0, documentId: 0 },
				path('/datasets/{id}/documents/{id}/chunks'),
			],
			['ragflowChatAssistant', undefined, {}, path('/chats')],
			['ragflowSession', 'chatSession', { chatId: 0 }, path('/chats/{id}/sessions')],
			['ragflowSession', 'agentSession', { agentId: 0 }, path('/agents/{id}/sessions')],
		] as const
	).map(
		([type, resource, fields, listPath]): Run => ({
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
						value === 0
							? rl({ datasetId, documentId, chatId, agentId }[key as 'datasetId']!)
							: value,
					]),
				),
			}),
			expect: [{ method: 'GET', path: listPath }],
		}),
	),
);

/** The Trigger's parameters, polled through n8n's PollContext (cursor first, then the events). */
export const triggerRuns: Array<[string, () => IDataObject]> = [
	[
		'one dataset, every event, every option',
		() => ({
			datasetMode: 'one',
			datasetId: rl(datasetId),
			events: ['CANCEL', 'FAIL', 'DONE'],
			options: { nameContains: 'trigger', simplify: false },
		}),
	],
	[
		'several datasets',
		() => ({
			datasetMode: 'several',
			datasetIds: `${datasetId}, ${sim.state.createDataset('Contract trigger B').id}`,
			events: ['DONE'],
			options: { simplify: true },
		}),
	],
	['all datasets', () => ({ datasetMode: 'all', events: ['FAIL', 'DONE'] })],
];

/** Deletes of everything run last: they take the seeded data with them. */
export const deleteAllRuns: Run[] = [
	{
		title: 'Agent session delete: all',
		type: 'ragflowSession',
		resource: 'agentSession',
		operation: 'delete',
		parameters: () => ({
			resource: 'agentSession',
			operation: 'delete',
			agentId: rl(agentId),
			deleteAll: true,
		}),
		expect: [{ method: 'DELETE', path: path('/agents/{id}/sessions') }],
	},
	{
		title: 'Chat session delete: all',
		type: 'ragflowSession',
		resource: 'chatSession',
		operation: 'delete',
		parameters: () => ({
			resource: 'chatSession',
			operation: 'delete',
			chatId: rl(chatId),
			deleteAll: true,
		}),
		expect: [{ method: 'DELETE', path: path('/chats/{id}/sessions') }],
	},
	{
		title: 'Chat assistant delete: all',
		type: 'ragflowChatAssistant',
		operation: 'delete',
		parameters: () => ({ operation: 'delete', deleteAll: true }),
		expect: [{ method: 'DELETE', path: path('/chats') }],
	},
	{
		title: 'Chunk delete: all',
		type: 'ragflowChunk',
		operation: 'delete',
		parameters: () => ({
			operation: 'delete',
			datasetId: rl(datasetId),
			documentId: rl(documentId),
			deleteAll: true,
		}),
		expect: [{ method: 'DELETE', path: path('/datasets/{id}/documents/{id}/chunks') }],
	},
	{
		title: 'Document delete: all',
		type: 'ragflowDocument',
		operation: 'delete',
		parameters: () => ({ operation: 'delete', datasetId: rl(datasetId), deleteAll: true }),
		expect: [{ method: 'DELETE', path: path('/datasets/{id}/documents') }],
	},
	{
		title: 'Dataset delete: by ids',
		type: 'ragflowDataset',
		resource: 'dataset',
		operation: 'delete',
		parameters: () => ({
			operation: 'delete',
			deleteAll: false,
			datasetId: rl(sim.state.createDataset('Gone A').id),
			moreIds: sim.state.createDataset('Gone B').id,
		}),
		expect: [
			{
				method: 'DELETE',
				path: path('/datasets'),
				sent: { ids: [expect.any(String), expect.any(String)] },
			},
		],
	},
	{
		title: 'Dataset delete: all',
		type: 'ragflowDataset',
		resource: 'dataset',
		operation: 'delete',
		parameters: () => ({ operation: 'delete', deleteAll: true }),
		expect: [{ method: 'DELETE', path: path('/datasets') }],
	},
];

/** One condition per operator of the metadata filter (nodes/shared/metadataCondition.ts). */
function everyOperator(): IDataObject[] {
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

beforeAll(async () => {
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
});
afterAll(async () => {
	await sim.close();
});

describe('contract: every option, through the node, accepted by the strict simulator', () => {
	// First: it builds every run's parameters, which seeds the entities the runs act on.
	it('sends every option of every operation of every node', () => {
		const nodes: Record<string, [INodeType, ActionNode]> = {
			ragflowDataset: [new RagflowDataset(), datasetNode],
			ragflowDocument: [new RagflowDocument(), documentNode],
			ragflowRetrieve: [new RagflowRetrieve(), retrieveNode],
			ragflowChunk: [new RagflowChunk(), chunkNode],
			ragflowChatAssistant: [new RagflowChatAssistant(), chatAssistantNode],
			ragflowSession: [new RagflowSession(), sessionNode],
		};
		const all = [...runs, ...deleteAllRuns];
		const sent = new Map<string, Set<string>>();
		for (const run of all) {
			const key = `${run.type}:${run.resource ?? ''}:${run.operation}`;
			const set = sent.get(key) ?? new Set<string>();
			for (const p of paramPaths(run.parameters())) set.add(p);
			sent.set(key, set);
		}
		const polled = new Set(triggerRuns.flatMap(([, parameters]) => paramPaths(parameters())));
		const missing = optionPaths(new RagflowTrigger().description.properties, undefined, 'poll')
			.filter((p) => !polled.has(p))
			.map((p) => `ragflowTrigger ${p}`);
		for (const [type, [node, actions]] of Object.entries(nodes)) {
			for (const { resource, operation } of operationsOf(actions)) {
				const key = `${type}:${resource ?? ''}:${operation}`;
				if (!sent.has(key)) {
					missing.push(`${key} (no run)`);
					continue;
				}
				for (const p of optionPaths(node.description.properties, resource, operation))
					if (!sent.get(key)!.has(p)) missing.push(`${key} ${p}`);
			}
		}
		expect(missing).toEqual([]);
	});

	it.each(triggerRuns)('Trigger: %s', async (_title, parameters) => {
		const poller = createPoller({
			parameters: parameters(),
			credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
		});
		sim.clearRequests();
		await poller.poll();
		const done = doc('trigger-done.txt', 'UNSTART');
		sim.state.startParse(sim.state.getDocument(done)!);
		sim.state.advance(PARSE_STEP_COUNT);
		await poller.poll();
		const api = sim.requests.filter((r) => r.path.startsWith('/api/v1/'));
		expect(api.length).toBeGreaterThan(0);
		for (const entry of api) expect(entry.status).toBe(200);
	});

	it.each([...runs, ...deleteAllRuns].map((run) => [run.title, run] as const))(
		'%s',
		async (_title, run) => {
			sim.clearRequests();
			let finished = false;
			const running = runNode({
				type: run.type,
				credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
				parameters: run.parameters(),
				input: run.input?.(),
			}).finally(() => (finished = true));
			// Parses move only on the manual clock: move every running parse on until the run ends.
			while (run.parses && !finished) {
				sim.state.advance(PARSE_STEP_COUNT);
				await sleep(5);
			}
			const result = await running;
			expect(result.error).toBeUndefined();
			const api = sim.requests.filter((r) => r.path.startsWith('/api/v1/'));
			expect(api.length).toBeGreaterThan(0);
			for (const entry of api) expect(entry.status).toBe(200);
			for (const want of run.expect) {
				const match = api.find((r) => r.method === want.method && want.path.test(r.path));
				expect(match).toBeDefined();
				if (want.sent) expect(sentOf(match!)).toMatchObject(want.sent);
			}
		},
	);
});

/** The body of a JSON request, or its query. */
function sentOf(entry: RequestLogEntry): IDataObject {
	return (entry.body && typeof entry.body === 'object' ? entry.body : entry.query) as IDataObject;
}

/** Every resource/operation pair a node offers (the resource only where the node has several). */
function operationsOf(node: ActionNode): Array<{ resource?: string; operation: string }> {
	const several = node.resources.length > 1;
	return node.resources.flatMap((resource) =>
		resource.operations.map((operation) => ({
			resource: several ? resource.option.value : undefined,
			operation: operation.value,
		})),
	);
}
