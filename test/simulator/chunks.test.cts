import { startTestSimulator, type SimClient } from './testClient.cts';
import type { RunningSimulator } from './server.cts';

let sim: RunningSimulator;
let api: SimClient;
let ds: string;
let doc: string;
let base: string;

const TEXT = [
	'RAGFlow is an open-source RAG engine based on deep document understanding.',
	'Elasticsearch or Infinity stores the chunks and their vectors.',
	'The parser splits each document into chunks before embedding them.',
].join('\n');

beforeAll(async () => {
	({ sim, api } = await startTestSimulator());
	ds = await api.dataset('Chunks', { parser_config: { chunk_token_num: 12 } });
	doc = sim.state.addDocument(ds, { name: 'ragflow.txt', content: TEXT, run: 'DONE' }).id;
	base = `/datasets/${ds}/documents/${doc}/chunks`;
});
afterAll(() => sim.close());

describe('chunks', () => {
	it('lists the chunks made by the parse, with the document', async () => {
		const res = await api.get(base);
		expect(res.json.code).toBe(0);
		expect(res.json.data.total).toBe(3);
		expect(res.json.data.doc).toMatchObject({ id: doc, run: 'DONE', chunk_count: 3 });
		const chunk = res.json.data.chunks[0];
		expect(chunk).toMatchObject({
			content: expect.stringContaining('RAGFlow'),
			document_id: doc,
			docnm_kwd: 'ragflow.txt',
			dataset_id: ds,
			available: true,
			important_keywords: [],
			questions: [],
		});
		expect(chunk.id).toMatch(/^[0-9a-f]{16}$/);
	});

	it('filters by keywords with highlight markup, by id, chunk_ids and availability; pages', async () => {
		const kw = await api.get(base, { query: { keywords: 'vectors' } });
		expect(kw.json.data.total).toBe(1);
		expect(kw.json.data.chunks[0].content).toContain('<em>vectors</em>');
		const all = (await api.get(base)).json.data.chunks;
		const one = await api.get(base, { query: { id: all[1].id } });
		expect(one.json.data.chunks).toHaveLength(1);
		expect(one.json.data.chunks[0]).toHaveProperty('tag_feas');
		expect((await api.get(base, { query: { id: 'ffffffffffffffff' } })).json).toEqual({
			code: 102,
			message: `Chunk not found: ${ds}/ffffffffffffffff`,
		});
		expect(
			(await api.get(base, { query: { chunk_ids: `${all[0].id},${all[2].id}` } })).json.data.total,
		).toBe(2);
		expect((await api.get(base, { query: { available: 'false' } })).json.data.total).toBe(0);
		const paged = await api.get(base, { query: { page: 2, page_size: 2 } });
		expect(paged.json.data.chunks).toHaveLength(1);
		expect((await api.get(base, { query: { page_size: 500 } })).json.code).toBe(100);
	});

	it('checks the dataset and the document', async () => {
		expect((await api.get(`/datasets/${'0'.repeat(32)}/documents/${doc}/chunks`)).json).toEqual({
			code: 102,
			message: `You don't own the dataset ${'0'.repeat(32)}.`,
		});
		expect((await api.get(`/datasets/${ds}/documents/nope/chunks`)).json).toEqual({
			code: 102,
			message: "you don't own the document nope",
		});
	});

	it('adds a chunk (same content → same id), gets it with internal names, updates and deletes it', async () => {
		const add = await api.post(base, {
			content: 'Manual chunk about retrieval.',
			important_keywords: ['manual'],
			questions: [' what? ', ''],
		});
		expect(add.json.code).toBe(0);
		const chunk = add.json.data.chunk;
		expect(chunk).toMatchObject({
			content: 'Manual chunk about retrieval.',
			document_id: doc,
			dataset_id: ds,
			important_keywords: ['manual'],
			questions: ['what?'],
			doc_type_kwd: 'text',
		});
		expect(chunk.create_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
		expect(sim.state.getDocument(doc)!.chunk_count).toBe(4);
		const same = await api.post(base, { content: 'Manual chunk about retrieval.' });
		expect(same.json.data.chunk.id).toBe(chunk.id);
		// RAGFlow overwrites the chunk but still counts the add.
		expect(sim.state.getDocument(doc)!.chunk_count).toBe(5);

		const raw = await api.get(`${base}/${chunk.id}`);
		expect(raw.json.data).toMatchObject({
			id: chunk.id,
			content_with_weight: 'Manual chunk about retrieval.',
			doc_id: doc,
			kb_id: ds,
			available_int: 1,
		});
		expect((await api.get(`${base}/0000000000000000`)).json).toEqual({
			code: 102,
			message: 'Chunk not found!',
		});

		expect(
			(
				await api.patch(`${base}/${chunk.id}`, {
					content: 'Edited chunk.',
					available: false,
					important_keywords: ['x'],
				})
			).json,
		).toEqual({ code: 0 });
		expect((await api.get(`${base}/${chunk.id}`)).json.data).toMatchObject({
			content_with_weight: 'Edited chunk.',
			available_int: 0,
			important_kwd: ['x'],
		});
		expect((await api.put(`${base}/${chunk.id}`, { content: '  ' })).json.code).toBe(102);
		expect((await api.patch(`${base}/0000000000000000`, { content: 'x' })).json).toEqual({
			code: 102,
			message: "Can't find this chunk 0000000000000000",
		});

		expect((await api.del(base, { chunk_ids: [chunk.id, 'missing'] })).json).toEqual({
			code: 102,
			message: 'rm_chunk deleted chunks 1, expect 2',
		});
		expect(sim.state.getDocument(doc)!.chunk_count).toBe(4);
	});

	it('validates added chunks', async () => {
		expect((await api.post(base, { content: ' ' })).json).toEqual({
			code: 102,
			message: '`content` is required',
		});
		expect((await api.post(base, { content: 'x', important_keywords: 'a' })).json.code).toBe(102);
		expect((await api.post(base, { content: 'x', tag_feas: { a: 'b' } })).json.code).toBe(102);
		const img = await api.post(base, { content: 'picture chunk', image_base64: 'AAAA' });
		expect(img.json.data.chunk).toMatchObject({
			doc_type_kwd: 'image',
			image_id: `${ds}-${img.json.data.chunk.id}`,
		});
		await api.del(base, { chunk_ids: [img.json.data.chunk.id] });
	});

	it('treats an empty delete as a no-op, reports duplicates, deletes all', async () => {
		const d2 = sim.state.addDocument(ds, {
			name: 'two.txt',
			content: 'one\ntwo',
			run: 'DONE',
			chunk_method: 'one',
		}).id;
		const b2 = `/datasets/${ds}/documents/${d2}/chunks`;
		expect((await api.del(b2, {})).json).toEqual({ code: 0 });
		const [c] = (await api.get(b2)).json.data.chunks;
		const dup = await api.del(b2, { chunk_ids: [c.id, c.id] });
		expect(dup.json).toEqual({
			code: 0,
			data: { success_count: 1, errors: [`Duplicate chunk ids: ${c.id}`] },
		});
		await api.post(b2, { content: 'a' });
		await api.post(b2, { content: 'b' });
		expect((await api.del(b2, { delete_all: true })).json).toEqual({ code: 0 });
		expect((await api.get(b2)).json.data.total).toBe(0);
	});

	it('enables and disables chunks in bulk', async () => {
		const ids = (await api.get(base)).json.data.chunks.map((c: { id: string }) => c.id);
		expect((await api.patch(base, { chunk_ids: ids, available_int: 0 })).json).toEqual({
			code: 0,
			data: true,
		});
		expect((await api.get(base, { query: { available: 'false' } })).json.data.total).toBe(
			ids.length,
		);
		expect((await api.patch(base, { chunk_ids: ids, available: true })).json).toEqual({
			code: 0,
			data: true,
		});
		expect((await api.patch(base, { chunk_ids: ['nope'], available: true })).json).toEqual({
			code: 102,
			message: 'Index updating failure',
		});
	});
});

describe('retrieval', () => {
	it('scores chunks by keyword overlap with similarity, vector and term similarity, and doc_aggs', async () => {
		const res = await api.post('/retrieval', {
			dataset_ids: [ds],
			question: 'Which engine stores the vectors?',
		});
		expect(res.json.code).toBe(0);
		const { total, chunks, doc_aggs } = res.json.data;
		expect(total).toBeGreaterThan(0);
		expect(chunks[0].content).toContain('vectors');
		expect(chunks[0]).toMatchObject({
			document_id: doc,
			document_keyword: 'ragflow.txt',
			dataset_id: ds,
		});
		for (const c of chunks) {
			expect(c.similarity).toBeGreaterThanOrEqual(0.2);
			expect(c.similarity).toBeCloseTo(0.3 * c.vector_similarity + 0.7 * c.term_similarity, 5);
		}
		expect(doc_aggs).toEqual([{ doc_name: 'ragflow.txt', doc_id: doc, count: total }]);
		const again = await api.post('/retrieval', {
			dataset_ids: [ds],
			question: 'Which engine stores the vectors?',
		});
		expect(again.json).toEqual(res.json); // deterministic
	});

	it('applies threshold, top_k, paging, highlight and the document filter', async () => {
		const low = await api.post('/retrieval', {
			dataset_ids: [ds],
			question: 'chunks vectors engine document',
			similarity_threshold: 0,
		});
		const high = await api.post('/retrieval', {
			dataset_ids: [ds],
			question: 'chunks vectors engine document',
			similarity_threshold: 0.6,
		});
		expect(low.json.data.total).toBeGreaterThan(high.json.data.total);
		const top = await api.post('/retrieval', {
			dataset_ids: [ds],
			question: 'chunks vectors engine document',
			similarity_threshold: 0,
			top_k: 1,
		});
		expect(top.json.data.total).toBe(1);
		const page = await api.post('/retrieval', {
			dataset_ids: [ds],
			question: 'chunks vectors engine document',
			similarity_threshold: 0,
			page: 2,
			page_size: 1,
		});
		expect(page.json.data.chunks).toHaveLength(1);
		expect(page.json.data.chunks[0].id).toBe(low.json.data.chunks[1].id);
		const hl = await api.post('/retrieval', {
			dataset_ids: [ds],
			question: 'vectors',
			highlight: true,
		});
		expect(hl.json.data.chunks[0].highlight).toContain('<em>vectors</em>');
		const other = sim.state.addDocument(ds, {
			name: 'other.txt',
			content: 'vectors everywhere',
			run: 'DONE',
		}).id;
		const filtered = await api.post('/retrieval', {
			dataset_ids: [ds],
			document_ids: [other],
			question: 'vectors',
		});
		expect(
			filtered.json.data.chunks.every((c: { document_id: string }) => c.document_id === other),
		).toBe(true);
	});

	it('follows the contract errors and the blank-question case', async () => {
		expect((await api.post('/retrieval', { question: 'x' })).json).toEqual({
			code: 102,
			message: '`dataset_ids` is required.',
		});
		expect((await api.post('/retrieval', { dataset_ids: 'x', question: 'x' })).json).toEqual({
			code: 102,
			message: '`dataset_ids` should be a list',
		});
		expect((await api.post('/retrieval', { dataset_ids: ['nope'], question: 'x' })).json).toEqual({
			code: 102,
			message: "You don't own the dataset nope.",
		});
		expect(
			(await api.post('/retrieval', { dataset_ids: [ds], question: 'x', document_ids: ['nope'] }))
				.json,
		).toEqual({ code: 102, message: "The datasets don't own the document nope" });
		expect(
			(await api.post('/retrieval', { dataset_ids: [ds], question: 'x', page_size: 101 })).json
				.code,
		).toBe(100);
		expect(
			(await api.post('/retrieval', { dataset_ids: [ds], question: 'x', top_k: 0 })).json.code,
		).toBe(102);
		expect(
			(await api.post('/retrieval', { dataset_ids: [ds], question: 'x', highlight: 3 })).json,
		).toEqual({ code: 102, message: '`highlight` should be a boolean' });
		expect((await api.post('/retrieval', { dataset_ids: [ds], question: '  ' })).json).toEqual({
			code: 0,
			data: { total: 0, chunks: [], doc_aggs: {} },
		});
	});

	it('leaves disabled documents out', async () => {
		const id = sim.state.addDocument(ds, {
			name: 'hidden.txt',
			content: 'zebra crossing',
			run: 'DONE',
		}).id;
		expect(
			(await api.post('/retrieval', { dataset_ids: [ds], question: 'zebra' })).json.data.total,
		).toBe(1);
		await api.patch(`/datasets/${ds}/documents/${id}`, { enabled: 0 });
		expect(
			(await api.post('/retrieval', { dataset_ids: [ds], question: 'zebra' })).json.data.total,
		).toBe(0);
	});
});
