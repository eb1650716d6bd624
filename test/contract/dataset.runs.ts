import type { NodeRuns, Run } from './shared';
import {
	datasetId,
	datasetMethods,
	everyParserSetting,
	path,
	PNG,
	returnAllRun,
	rl,
	sim,
} from './shared';

/** The contract runs of the Dataset node (datasets, knowledge graph, index tasks): see test/contract.simulator.test.ts. */
export const dataset: NodeRuns = {
	first: [
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
							graphrag: expect.objectContaining({
								method: 'ner',
								entity_types: ['person', 'event'],
							}),
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
	],
	chunkMethods: [
		...datasetMethods.map(
			(method): Run => ({
				title: `Dataset create: chunk method ${method}`,
				type: 'ragflowDataset',
				resource: 'dataset',
				operation: 'create',
				parameters: () => ({
					operation: 'create',
					name: `Contract ${method}`,
					chunkMethod: method,
				}),
				expect: [{ method: 'POST', path: /^\/api\/v1\/datasets$/, sent: { chunk_method: method } }],
			}),
		),
	],
	operations: [
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
	],
	returnAll: [returnAllRun('ragflowDataset', 'dataset', {}, path('/datasets'))],
	last: [
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
	],
};
