import type { NodeRuns, Run } from './shared';
import {
	datasetId,
	doc,
	documentId,
	documentMethods,
	everyOperator,
	everyParserSetting,
	path,
	returnAllRun,
	rl,
	sim,
} from './shared';

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

/** The contract runs of the Document node: see test/contract.simulator.test.ts. */
export const document: NodeRuns = {
	first: [
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
	],
	chunkMethods: [
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
	],
	operations: [
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
				return {
					operation: 'stopParsing',
					datasetId: rl(datasetId),
					documentId: rl(a),
					moreIds: b,
				};
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
	],
	returnAll: [
		returnAllRun(
			'ragflowDocument',
			undefined,
			{ datasetId: 0, simplify: true },
			path('/datasets/{id}/documents'),
		),
	],
	last: [
		{
			title: 'Document delete: all',
			type: 'ragflowDocument',
			operation: 'delete',
			parameters: () => ({ operation: 'delete', datasetId: rl(datasetId), deleteAll: true }),
			expect: [{ method: 'DELETE', path: path('/datasets/{id}/documents') }],
		},
	],
};
