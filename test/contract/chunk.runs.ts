import type { NodeRuns, Run } from './shared';
import { datasetId, documentId, path, PNG, returnAllRun, rl, sim } from './shared';

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

/** The contract runs of the Chunk node: see test/contract.simulator.test.ts. */
export const chunk: NodeRuns = {
	operations: [
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
	],
	returnAll: [
		returnAllRun(
			'ragflowChunk',
			undefined,
			{ datasetId: 0, documentId: 0 },
			path('/datasets/{id}/documents/{id}/chunks'),
		),
	],
	last: [
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
	],
};
