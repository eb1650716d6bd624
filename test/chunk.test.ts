import type { IDataObject } from 'n8n-workflow';

import { RagflowChunk } from '../nodes/RagflowChunk/RagflowChunk.node';

import { gate } from './harness/gate.cts';
import { fail, id, ok, ragflowApi, setupNock, currentServerProbe } from './harness/ragflowMock';
import { jsonOf, runNode } from './harness/runWorkflow';

setupNock();

const DS = id('d1');
const DOC = id('a1');
const CHUNKS = `/api/v1/datasets/${DS}/documents/${DOC}/chunks`;
const C1 = '8f3a9c0d1e2b4a5f';
const C2 = '0b1c2d3e4f5a6b7c';
const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const parents = { datasetId: rl(DS), documentId: rl(DOC) };
const chunk = (chunkId: string, extra: IDataObject = {}) => ({
	id: chunkId,
	content: `text of ${chunkId}`,
	document_id: DOC,
	dataset_id: DS,
	important_keywords: [],
	questions: [],
	available: true,
	...extra,
});

describe('RAGFlow Chunk', () => {
	describe('add', () => {
		it('sends content, keywords, questions (one per line), tags and an image as plain base64', async () => {
			currentServerProbe();
			const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 9, 9]);
			const scope = ragflowApi()
				.post(CHUNKS, {
					content: 'Refunds take 14 days.',
					important_keywords: ['refund', 'policy'],
					questions: ['How long do refunds take?', 'When, roughly, is money back?'],
					tag_kwd: ['billing', 'refunds'],
					image_base64: png.toString('base64'),
				})
				.reply(200, ok({ chunk: chunk(C1, { content: 'Refunds take 14 days.' }) }));
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: {
					operation: 'add',
					...parents,
					content: 'Refunds take 14 days.',
					additionalFields: {
						importantKeywords: 'refund, policy',
						questions: 'How long do refunds take?\nWhen, roughly, is money back?\n',
						// Tags (like keywords) are separated by commas or new lines.
						tags: 'billing\nrefunds',
						imageBinaryProperty: 'img',
					},
				},
				input: [
					{
						json: {},
						binary: {
							img: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'a.png' },
						},
					},
				],
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toEqual([chunk(C1, { content: 'Refunds take 14 days.' })]);
			scope.done();
		});

		it.each([
			['blank content', { content: '  \n ' }, 'Chunk content is empty'],
			[
				'a missing image field',
				{ content: 'x', additionalFields: { imageBinaryProperty: 'img' } },
				'The item has no binary field "img"',
			],
		])('refuses %s before any request', async (_label, params, message) => {
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: { operation: 'add', ...parents, ...params },
			});
			expect(result.error?.message).toBe(message);
			expect(result.error?.name).toBe('NodeOperationError');
		});

		it('refuses a binary that is not an image', async () => {
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: {
					operation: 'add',
					...parents,
					content: 'x',
					additionalFields: { imageBinaryProperty: 'data' },
				},
				input: [{ json: {}, binary: { data: { data: 'eA==', mimeType: 'application/pdf' } } }],
			});
			expect(result.error?.message).toBe('The binary field "data" is not an image');
		});

		it('adds chunks for several items concurrently, keeping the order, and continues on fail', async () => {
			const sent: string[] = [];
			const at = (name: string, body: unknown) => () => (sent.push(name), body);
			// The first item is answered only once the last one has been sent: one at a time, it
			// would stay unanswered until the gate's limit.
			const lastSent = gate();
			const scope = ragflowApi();
			scope.post(CHUNKS, { content: 'one' }).reply(200, async () => {
				sent.push('one');
				const overlapped = await lastSent.opened;
				sent.push(overlapped ? 'one answered after three was sent' : 'one answered alone');
				return ok({ chunk: chunk(C1, { content: 'one' }) });
			});
			scope
				.post(CHUNKS, { content: 'two' })
				.reply(200, at('two', fail(102, "You don't own the dataset x.")));
			scope.post(CHUNKS, { content: 'three' }).reply(200, () => {
				lastSent.open();
				return at('three', ok({ chunk: chunk(C2, { content: 'three' }) }))();
			});
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: {
					operation: 'add',
					...parents,
					content: '={{ $json.text }}',
					options: { concurrency: 3 },
				},
				input: [{ json: { text: 'one' } }, { json: { text: 'two' } }, { json: { text: 'three' } }],
				continueOnFail: true,
			});
			expect(result.error).toBeUndefined();
			const out = jsonOf(result);
			expect(out[0]).toMatchObject({ id: C1, content: 'one' });
			expect(out[1]).toMatchObject({ error: "RAGFlow error 102: You don't own the dataset x." });
			expect(out[2]).toMatchObject({ id: C2, content: 'three' });
			expect(result.items.map((i) => i.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			// The later items were sent while the first was still waiting for its answer.
			expect(sent).toEqual(['one', 'two', 'three', 'one answered after three was sent']);
		});
	});

	describe('get', () => {
		it('gets one chunk through the list in single-chunk mode', async () => {
			ragflowApi()
				.get(CHUNKS)
				.query({ id: C1 })
				.reply(200, ok({ total: 1, chunks: [chunk(C1, { tag_feas: {} })], doc: { id: DOC } }));
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: { operation: 'get', ...parents, chunkId: rl(C1.toUpperCase()) },
			});
			expect(jsonOf(result)).toEqual([chunk(C1, { tag_feas: {} })]);
		});

		it('raises a clear not-found error', async () => {
			ragflowApi()
				.get(CHUNKS)
				.query({ id: C1 })
				.reply(200, fail(102, `Chunk not found: ${DS}/${C1}`));
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: { operation: 'get', ...parents, chunkId: rl(C1) },
			});
			expect(result.error?.message).toBe(`Chunk ${C1} not found in document ${DOC}`);
		});

		it.each([
			['a 32-character id', DOC],
			['a non-hex id', 'zzzzzzzzzzzzzzzz'],
		])('refuses %s as chunk id from an expression before any request', async (_label, chunkId) => {
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: { operation: 'get', ...parents, chunkId: rl(`={{ "${chunkId}" }}`) },
			});
			expect(result.error?.message).toBe(`"${chunkId}" is not a valid chunk ID`);
		});

		it('lets n8n flag a 32-character literal id in the editor (the workflow does not start)', async () => {
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: { operation: 'get', ...parents, chunkId: rl(DOC) },
			});
			expect(result.error?.message).toMatch(/Not a valid chunk ID \(16 hexadecimal characters\)/);
		});
	});

	describe('getAll', () => {
		it('lists chunks with keywords and the availability filter', async () => {
			currentServerProbe();
			ragflowApi()
				.get(CHUNKS)
				.query({ page: 1, page_size: 2, keywords: 'refund', available: 'false' })
				.reply(200, ok({ total: 5, chunks: [chunk(C1), chunk(C2)], doc: { id: DOC } }));
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: {
					operation: 'getAll',
					...parents,
					limit: 2,
					filters: { keywords: 'refund', availability: 'false' },
				},
			});
			expect(jsonOf(result).map((c) => c.id)).toEqual([C1, C2]);
		});

		it('returns all chunks across pages and sends no availability filter for "all"', async () => {
			const all = Array.from({ length: 120 }, (_, n) => chunk(n.toString(16).padStart(16, '0')));
			ragflowApi()
				.get(CHUNKS)
				.query({ page: 1, page_size: 100 })
				.reply(200, ok({ total: 120, chunks: all.slice(0, 100) }))
				.get(CHUNKS)
				.query({ page: 2, page_size: 100 })
				.reply(200, ok({ total: 120, chunks: all.slice(100) }));
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: {
					operation: 'getAll',
					...parents,
					returnAll: true,
					filters: { availability: 'all' },
				},
			});
			expect(result.items).toHaveLength(120);
		});
	});

	describe('update', () => {
		it('PATCHes only the fields set and reports them', async () => {
			const scope = ragflowApi()
				.patch(`${CHUNKS}/${C1}`, {
					content: 'New text',
					important_keywords: ['a', 'b'],
					available: false,
					tag_kwd: ['x'],
				})
				.reply(200, { code: 0 });
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: {
					operation: 'update',
					...parents,
					chunkId: rl(C1),
					updateFields: {
						content: 'New text',
						importantKeywords: 'a,b',
						available: false,
						tags: 'x',
					},
				},
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toEqual([
				{
					id: C1,
					dataset_id: DS,
					document_id: DOC,
					content: 'New text',
					important_keywords: ['a', 'b'],
					available: false,
					tag_kwd: ['x'],
				},
			]);
			scope.done();
		});

		it.each([
			['blank content', { content: ' ' }, 'Chunk content is empty'],
			['nothing to change', {}, 'Nothing to update'],
		])('refuses %s before any request', async (_label, updateFields, message) => {
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: { operation: 'update', ...parents, chunkId: rl(C1), updateFields },
			});
			expect(result.error?.message).toBe(message);
		});

		it('raises RAGFlow errors such as a Q&A chunk without separator', async () => {
			ragflowApi()
				.patch(`${CHUNKS}/${C1}`)
				.reply(200, fail(102, 'Q&A must be separated by TAB/ENTER key.'));
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: {
					operation: 'update',
					...parents,
					chunkId: rl(C1),
					updateFields: { content: 'no separator' },
				},
			});
			expect(result.error?.message).toBe(
				'RAGFlow error 102: Q&A must be separated by TAB/ENTER key.',
			);
		});
	});

	describe('delete', () => {
		it('deletes the picked chunk and More Chunk IDs in one request (de-duplicated)', async () => {
			ragflowApi()
				.delete(CHUNKS, { chunk_ids: [C1, C2] })
				.reply(200, { code: 0 });
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: {
					operation: 'delete',
					...parents,
					chunkId: rl(C1),
					moreIds: `${C2}\n${C1.toUpperCase()}`,
				},
			});
			expect(jsonOf(result)).toEqual([
				{ dataset_id: DS, document_id: DOC, deleted: [C1, C2], success_count: 2 },
			]);
		});

		it('raises a partial delete', async () => {
			ragflowApi()
				.delete(CHUNKS, { chunk_ids: [C1, C2] })
				.reply(200, fail(102, 'rm_chunk deleted chunks 1, expect 2'));
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: { operation: 'delete', ...parents, chunkId: rl(C1), moreIds: [C2] },
			});
			expect(result.error?.message).toBe('RAGFlow error 102: rm_chunk deleted chunks 1, expect 2');
		});

		it('deletes all chunks only through the explicit switch', async () => {
			ragflowApi().delete(CHUNKS, { delete_all: true }).reply(200, { code: 0 });
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: { operation: 'delete', ...parents, deleteAll: true },
			});
			expect(jsonOf(result)).toEqual([{ deleted: 'all', dataset_id: DS, document_id: DOC }]);
		});

		it('refuses an empty chunk instead of sending a no-op request', async () => {
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: { operation: 'delete', ...parents, chunkId: rl('={{ "" }}'), moreIds: C2 },
			});
			expect(result.error?.message).toBe('No chunk selected');
		});

		it('refuses a malformed id in More Chunk IDs before any request', async () => {
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: { operation: 'delete', ...parents, chunkId: rl(C1), moreIds: `${C2}, ${DOC}` },
			});
			expect(result.error?.message).toBe(`"${DOC}" is not a valid chunk ID`);
		});
	});

	describe('setAvailability', () => {
		it('switches several chunks at once', async () => {
			ragflowApi()
				.patch(CHUNKS, { chunk_ids: [C1, C2], available: false })
				.reply(200, ok(true));
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: {
					operation: 'setAvailability',
					...parents,
					chunkId: { __rl: true, mode: 'list', value: C1 },
					moreIds: C2,
					available: false,
				},
			});
			expect(jsonOf(result)).toEqual([
				{ dataset_id: DS, document_id: DOC, chunk_ids: [C1, C2], available: false },
			]);
		});

		it('raises an unknown chunk id', async () => {
			ragflowApi().patch(CHUNKS).reply(200, fail(102, 'Index updating failure'));
			const result = await runNode({
				type: 'ragflowChunk',
				parameters: { operation: 'setAvailability', ...parents, chunkId: rl(C1), available: true },
			});
			expect(result.error?.message).toBe('RAGFlow error 102: Index updating failure');
		});
	});

	describe('fields as the editor shows them', () => {
		const { properties } = new RagflowChunk().description;
		const fieldsOf = (operation: string) =>
			properties.filter((p) =>
				(p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation),
			);

		it('picks the chunk from the document (Get, Update, Delete, Set Availability), then More Chunk IDs', () => {
			const names = (operation: string) => fieldsOf(operation).map((p) => p.name);
			expect(names('get')).toEqual(['datasetId', 'documentId', 'chunkId', 'options']);
			expect(names('update')).toEqual(['datasetId', 'documentId', 'chunkId', 'updateFields']);
			expect(names('delete')).toEqual([
				'datasetId',
				'documentId',
				'deleteAll',
				'chunkId',
				'moreIds',
			]);
			expect(names('setAvailability')).toEqual([
				'datasetId',
				'documentId',
				'chunkId',
				'moreIds',
				'available',
			]);
			expect(names('add')).toEqual([
				'datasetId',
				'documentId',
				'content',
				'additionalFields',
				'options',
			]);
			for (const operation of ['get', 'update', 'delete', 'setAvailability']) {
				const chunk = fieldsOf(operation).find((p) => p.name === 'chunkId');
				expect(chunk).toMatchObject({ type: 'resourceLocator', displayName: 'Chunk' });
				expect(chunk?.modes?.[0].typeOptions?.searchListMethod).toBe('searchChunks');
			}
			const more = fieldsOf('delete').find((p) => p.name === 'moreIds');
			expect(more).toMatchObject({
				displayName: 'More Chunk IDs',
				placeholder: 'e.g. 8f3a9c0d1e2b4a5f, 0b1c…',
			});
		});
	});
});
