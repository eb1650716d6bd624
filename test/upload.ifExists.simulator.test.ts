import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { jsonOf, runNode } from './harness/runWorkflow';
import type { RequestLogEntry, RunningSimulator } from './simulator/server.cts';
import { startSimulator } from './simulator/server.cts';

/**
 * Upload's "If a Document With This Name Exists" (Keep Both / Skip / Replace) and Metadata against
 * the simulator over real HTTP: the requests sent (and their order and count) and the dataset's
 * state afterwards. The simulator renames and filters names as RAGFlow does (case and accents
 * ignored, the "(1)" counter rule).
 */
let sim: RunningSimulator;

beforeAll(async () => {
	sim = await startSimulator({ port: 0, parseMs: 200 });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.faults.clear();
	sim.clearRequests();
});

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const credentials = () => ({ baseUrl: sim.url, apiKey: sim.apiKey });

function dataset(name: string, docs: Record<string, string> = {}): string {
	const id = sim.state.createDataset(name).id;
	for (const [docName, content] of Object.entries(docs)) {
		sim.state.addDocument(id, { name: docName, content });
	}
	return id;
}

/** One input item carrying the given files, one binary field each (data, file1, file2, …). */
function item(files: Record<string, string>): INodeExecutionData {
	const binary: INodeExecutionData['binary'] = {};
	Object.entries(files).forEach(([fileName, text], index) => {
		binary[index === 0 ? 'data' : `file${index}`] = {
			data: Buffer.from(text).toString('base64'),
			mimeType: 'text/plain',
			fileName,
		};
	});
	return { json: {}, binary };
}

function fields(count: number): string {
	return ['data', ...Array.from({ length: count - 1 }, (_, n) => `file${n + 1}`)].join(', ');
}

async function upload(
	datasetId: string,
	files: Record<string, string>,
	options: IDataObject = {},
	extra: { simplify?: boolean; continueOnFail?: boolean } = {},
) {
	return await runNode({
		type: 'ragflowDocument',
		credentials: credentials(),
		continueOnFail: extra.continueOnFail,
		parameters: {
			operation: 'upload',
			datasetId: rl(datasetId),
			binaryPropertyName: fields(Object.keys(files).length),
			simplify: extra.simplify ?? false,
			options,
		},
		input: [item(files)],
	});
}

/** The dataset's documents as name → content, in upload order. */
function contents(datasetId: string): Record<string, string> {
	return Object.fromEntries(
		sim.state.listDocuments(datasetId).map((doc) => [doc.name, doc.content.toString()]),
	);
}

/** The requests to the dataset's documents, as "METHOD path-suffix". */
function calls(datasetId: string): string[] {
	const base = `/api/v1/datasets/${datasetId}/documents`;
	return sim.requests
		.filter((r) => r.path.startsWith(base))
		.map((r) => `${r.method} ${r.path.slice(base.length) || '/'}`);
}

const lists = (): RequestLogEntry[] =>
	sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/documents'));

describe('Upload: If a Document With This Name Exists', () => {
	it('Keep Both sends no list request and RAGFlow stores a second copy under a numbered name', async () => {
		const ds = dataset('Keep both', { 'h.txt': 'old' });
		const result = await upload(ds, { 'h.txt': 'new' });
		expect(result.error).toBeUndefined();
		expect(calls(ds)).toEqual(['POST /']);
		expect(jsonOf(result).map((d) => d.name)).toEqual(['h(1).txt']);
		expect(jsonOf(result)[0]).not.toHaveProperty('skipped');
		expect(contents(ds)).toEqual({ 'h.txt': 'old', 'h(1).txt': 'new' });
	});

	it('Skip outputs the existing document marked skipped and uploads only the new files, with one list request', async () => {
		const ds = dataset('Skip', { 'h.txt': 'old', 'other.md': 'x' });
		const oldId = sim.state.listDocuments(ds)[0].id;
		const result = await upload(
			ds,
			{ 'h.txt': 'new', 'notes.txt': 'fresh' },
			{ ifExists: 'skip' },
			{ simplify: true },
		);
		expect(result.error).toBeUndefined();
		expect(calls(ds)).toEqual(['GET /', 'POST /']);
		// The longest text both names contain.
		expect(lists()[0].query).toEqual({ keywords: '.txt', page: '1', page_size: '100' });
		const post = sim.requests.find((r) => r.method === 'POST')!;
		expect(post.parts).toEqual([{ name: 'file', filename: 'notes.txt', size: 5 }]);
		const out = jsonOf(result);
		expect(out.map((d) => [d.name, d.skipped])).toEqual([
			['h.txt', true],
			['notes.txt', false],
		]);
		expect(out[0].id).toBe(oldId);
		// Same simplified shape as an uploaded document, plus the mark.
		expect(Object.keys(out[0]).sort()).toEqual(
			[
				'chunk_count',
				'chunk_method',
				'create_time',
				'dataset_id',
				'id',
				'name',
				'progress',
				'run',
				'size',
				'skipped',
				'update_time',
			].sort(),
		);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);

		// The next scheduled run uploads nothing at all.
		sim.clearRequests();
		const again = await upload(ds, { 'h.txt': 'new', 'notes.txt': 'fresh' }, { ifExists: 'skip' });
		expect(again.error).toBeUndefined();
		expect(calls(ds)).toEqual(['GET /']);
		expect(jsonOf(again).map((d) => [d.name, d.skipped])).toEqual([
			['h.txt', true],
			['notes.txt', true],
		]);
		expect(contents(ds)).toEqual({ 'h.txt': 'old', 'other.md': 'x', 'notes.txt': 'fresh' });
	});

	it('Replace uploads, deletes the old document, renames the new one: one document with the name and the new content', async () => {
		const ds = dataset('Replace', { 'h.txt': 'old' });
		const oldId = sim.state.listDocuments(ds)[0].id;
		const result = await upload(ds, { 'h.txt': 'new' }, { ifExists: 'replace' });
		expect(result.error).toBeUndefined();
		const newId = String(jsonOf(result)[0].id);
		expect(calls(ds)).toEqual(['GET /', 'POST /', 'DELETE /', `PATCH /${newId}`]);
		expect(sim.requests.find((r) => r.method === 'DELETE')!.body).toEqual({ ids: [oldId] });
		expect(sim.requests.find((r) => r.method === 'PATCH')!.body).toEqual({ name: 'h.txt' });
		expect(jsonOf(result)[0]).toMatchObject({
			name: 'h.txt',
			replaced_document_ids: [oldId],
		});
		expect(contents(ds)).toEqual({ 'h.txt': 'new' });
		expect(sim.state.getDocument(oldId)).toBeUndefined();
	});

	it('Replace of a name that does not exist yet is a plain upload (no delete, no rename)', async () => {
		const ds = dataset('Replace new', { 'other.txt': 'x' });
		const result = await upload(ds, { 'h.txt': 'new' }, { ifExists: 'replace' });
		expect(result.error).toBeUndefined();
		expect(calls(ds)).toEqual(['GET /', 'POST /']);
		expect(jsonOf(result)[0]).toMatchObject({ name: 'h.txt', replaced_document_ids: [] });
	});

	it('Replace keeps the old document when the upload fails', async () => {
		const ds = dataset('Replace upload fails', { 'h.txt': 'old' });
		sim.faults.add({
			path: `/api/v1/datasets/${ds}/documents`,
			method: 'POST',
			kind: 'status',
			status: 200,
			body: { code: 500, message: 'h.txt: storage is full' },
		});
		const result = await upload(ds, { 'h.txt': 'new' }, { ifExists: 'replace' });
		expect(result.error?.message).toBe('RAGFlow error 500: h.txt: storage is full');
		expect(calls(ds)).toEqual(['GET /', 'POST /']);
		expect(contents(ds)).toEqual({ 'h.txt': 'old' });
	});

	it('Replace says where things are when the delete fails: new one stored under the numbered name, old one kept', async () => {
		const ds = dataset('Replace delete fails', { 'h.txt': 'old' });
		const oldId = sim.state.listDocuments(ds)[0].id;
		sim.faults.add({
			path: `/api/v1/datasets/${ds}/documents`,
			method: 'DELETE',
			kind: 'status',
			status: 200,
			body: { code: 102, message: 'Lock wait timeout.' },
		});
		const result = await upload(ds, { 'h.txt': 'new' }, { ifExists: 'replace' });
		const newDoc = sim.state.listDocuments(ds)[1];
		expect(result.error?.message).toBe('The existing "h.txt" could not be deleted');
		expect(result.error?.description).toBe(
			`The new "h.txt" is stored as "h(1).txt" (${newDoc.id}), not renamed. Deleting the existing "h.txt" (${oldId}) failed: RAGFlow error 102: Lock wait timeout; nothing was deleted.`,
		);
		expect(calls(ds)).toEqual(['GET /', 'POST /', 'DELETE /']);
		expect(contents(ds)).toEqual({ 'h.txt': 'old', 'h(1).txt': 'new' });
	});

	it('Replace says the old document may or may not be deleted when the delete gets no answer', async () => {
		const ds = dataset('Replace delete cut', { 'h.txt': 'old' });
		const oldId = sim.state.listDocuments(ds)[0].id;
		// RAGFlow deletes, but the connection breaks before its answer arrives.
		sim.faults.add({
			path: `/api/v1/datasets/${ds}/documents`,
			method: 'DELETE',
			kind: 'reset_mid_body',
			after_bytes: 0,
		});
		const result = await upload(ds, { 'h.txt': 'new' }, { ifExists: 'replace' });
		const newDoc = sim.state.listDocuments(ds)[0];
		expect(result.error?.message).toBe('The existing "h.txt" could not be deleted');
		expect(result.error?.description).toMatch(
			new RegExp(
				`^The new "h\\.txt" is stored as "h\\(1\\)\\.txt" \\(${newDoc.id}\\), not renamed\\. Deleting the existing "h\\.txt" \\(${oldId}\\) failed: The connection to RAGFlow broke during DELETE .+; they may or may not have been deleted\\.$`,
			),
		);
		expect(contents(ds)).toEqual({ 'h(1).txt': 'new' });
	});

	it('Replace says where things are when the rename fails: old one deleted, new one under the numbered name', async () => {
		const ds = dataset('Replace rename fails', { 'h.txt': 'old' });
		const oldId = sim.state.listDocuments(ds)[0].id;
		sim.faults.add({
			path: `/api/v1/datasets/${ds}/documents/*`,
			method: 'PATCH',
			kind: 'status',
			status: 200,
			body: { code: 102, message: 'Database error (Document rename)!' },
		});
		const result = await upload(
			ds,
			{ 'h.txt': 'new' },
			{ ifExists: 'replace' },
			{ continueOnFail: true },
		);
		const newDoc = sim.state.listDocuments(ds)[0];
		expect(contents(ds)).toEqual({ 'h(1).txt': 'new' });
		// Continue On Fail: no document passes as replaced; one error item says where things are.
		expect(jsonOf(result)).toEqual([
			{
				error: '"h(1).txt" could not be renamed to "h.txt"',
				description: `The existing "h.txt" (${oldId}) was deleted; the new document is stored as "h(1).txt" (${newDoc.id}) and renaming it to "h.txt" failed: RAGFlow error 102: Database error (Document rename)! Rename it with Document → Update.`,
				incomplete_documents: [
					{
						name: 'h.txt',
						stored_name: 'h(1).txt',
						id: newDoc.id,
						old_document_ids: [oldId],
						old_documents: 'deleted',
					},
				],
			},
		]);
	});

	it('parses the new document under its final name (Replace) and leaves skipped ones as they are', async () => {
		const ds = dataset('Parse', { 'h.txt': 'old', 'seen.txt': 'unparsed' });
		const [oldId, seenId] = sim.state.listDocuments(ds).map((d) => d.id);
		const wait = { waitForParsing: true, pollInterval: 0.05, waitTimeout: 20 };
		const replaced = await upload(
			ds,
			{ 'h.txt': 'new content' },
			{ ifExists: 'replace', ...wait },
			{ simplify: true },
		);
		expect(replaced.error).toBeUndefined();
		const [doc] = jsonOf(replaced);
		expect(doc).toMatchObject({ name: 'h.txt', run: 'DONE', replaced_document_ids: [oldId] });
		expect(doc).toHaveProperty('progress_msg');
		expect(calls(ds).slice(0, 5)).toEqual([
			'GET /',
			'POST /',
			'DELETE /',
			`PATCH /${String(doc.id)}`,
			'POST /parse',
		]);

		sim.clearRequests();
		const skipped = await upload(
			ds,
			{ 'seen.txt': 'x', 'fresh.txt': 'new' },
			{ ifExists: 'skip', ...wait },
			{ simplify: true },
		);
		expect(skipped.error).toBeUndefined();
		const out = jsonOf(skipped);
		expect(out.map((d) => [d.name, d.run, d.skipped])).toEqual([
			['seen.txt', 'UNSTART', true],
			['fresh.txt', 'DONE', false],
		]);
		expect(out[0].id).toBe(seenId);
		// Both in the simplified shape of parse results.
		expect(Object.keys(out[0]).sort()).toEqual(Object.keys(out[1]).sort());
		const parse = sim.requests.find((r) => r.path.endsWith('/parse'))!;
		expect(parse.body).toEqual({ document_ids: [out[1].id] });
	});

	it('treats a name differing in case as the same document, and "h(1).txt" as another one', async () => {
		const ds = dataset('Names', { 'H.txt': 'upper', 'h(1).txt': 'counted' });
		const [upperId, countedId] = sim.state.listDocuments(ds).map((d) => d.id);

		const skipped = await upload(ds, { 'h.txt': 'new' }, { ifExists: 'skip' });
		expect(jsonOf(skipped).map((d) => [d.id, d.name, d.skipped])).toEqual([
			[upperId, 'H.txt', true],
		]);

		const replaced = await upload(ds, { 'h.txt': 'new' }, { ifExists: 'replace' });
		expect(replaced.error).toBeUndefined();
		// RAGFlow stored it as h(2).txt (h.txt is taken by H.txt, h(1).txt by itself), then it was
		// renamed once H.txt was gone; h(1).txt is untouched.
		expect(jsonOf(replaced)[0]).toMatchObject({ name: 'h.txt', replaced_document_ids: [upperId] });
		expect(contents(ds)).toEqual({ 'h(1).txt': 'counted', 'h.txt': 'new' });
		expect(sim.state.getDocument(countedId)?.name).toBe('h(1).txt');

		// Uploading "h(1).txt" finds only h(1).txt.
		const counted = await upload(ds, { 'h(1).txt': 'again' }, { ifExists: 'skip' });
		expect(jsonOf(counted).map((d) => [d.id, d.skipped])).toEqual([[countedId, true]]);
		expect(await upload(ds, { 'H.TXT': 'x', 'h.txt': 'y' }, { ifExists: 'skip' })).toMatchObject({
			error: {
				message: 'Two files of this item would be stored under the same name: "H.TXT" and "h.txt"',
			},
		});
	});

	it('replaces several files of one item with one list, one upload and one delete request', async () => {
		const ds = dataset('Several', { 'a.txt': 'old a', 'b.txt': 'old b', 'keep.md': 'k' });
		const [aId, bId] = sim.state.listDocuments(ds).map((d) => d.id);
		const result = await upload(
			ds,
			{ 'a.txt': 'new a', 'b.txt': 'new b', 'c.txt': 'new c' },
			{ ifExists: 'replace' },
		);
		expect(result.error).toBeUndefined();
		const [a, b, c] = jsonOf(result);
		expect(calls(ds)).toEqual([
			'GET /',
			'POST /',
			'DELETE /',
			`PATCH /${String(a.id)}`,
			`PATCH /${String(b.id)}`,
		]);
		expect(sim.requests.find((r) => r.method === 'DELETE')!.body).toEqual({ ids: [aId, bId] });
		expect([a, b, c].map((d) => [d.name, d.replaced_document_ids])).toEqual([
			['a.txt', [aId]],
			['b.txt', [bId]],
			['c.txt', []],
		]);
		expect(contents(ds)).toEqual({
			'keep.md': 'k',
			'a.txt': 'new a',
			'b.txt': 'new b',
			'c.txt': 'new c',
		});
	});

	it('stays at one list request in a large dataset when the name is selective, and bounds it otherwise', async () => {
		const ds = dataset('Large');
		for (let n = 0; n < 250; n++)
			sim.state.addDocument(ds, { name: `page-${n}.txt`, content: 'x' });
		sim.state.addDocument(ds, { name: 'report-2026.pdf', content: '%PDF' });

		const one = await upload(ds, { 'report-2026.pdf': '%PDF-new' }, { ifExists: 'skip' });
		expect(jsonOf(one).map((d) => [d.name, d.skipped])).toEqual([['report-2026.pdf', true]]);
		expect(lists().map((r) => r.query.keywords)).toEqual(['report-2026.pdf']);

		// Two names whose longest shared text "page-" is in 250 names: the two further pages cost no
		// more than one request per name, so they are read.
		sim.clearRequests();
		const two = await upload(ds, { 'page-7.txt': 'n', 'page-249.txt': 'n' }, { ifExists: 'skip' });
		expect(jsonOf(two).map((d) => [d.name, d.skipped])).toEqual([
			['page-7.txt', true],
			['page-249.txt', true],
		]);
		expect(lists().map((r) => [r.query.keywords, r.query.page])).toEqual([
			['page-', '1'],
			['page-', '2'],
			['page-', '3'],
		]);

		// Three names with nothing in common but one letter, in a dataset of 600: one request per name.
		for (let n = 250; n < 600; n++)
			sim.state.addDocument(ds, { name: `page-${n}.txt`, content: 'x' });
		sim.clearRequests();
		const three = await upload(
			ds,
			{ 'page-3.txt': 'n', 'report-2026.pdf': 'n', 'zeta.md': 'n' },
			{ ifExists: 'skip' },
		);
		expect(jsonOf(three).map((d) => [d.name, d.skipped])).toEqual([
			['page-3.txt', true],
			['report-2026.pdf', true],
			['zeta.md', false],
		]);
		expect(lists().map((r) => r.query.keywords)).toEqual([
			'e',
			'page-3.txt',
			'report-2026.pdf',
			'zeta.md',
		]);
	});
});

describe('Upload: Metadata', () => {
	it('sets meta_fields on each stored document, so a metadata filter in Retrieve finds it', async () => {
		const ds = dataset('Metadata');
		const result = await upload(
			ds,
			{ 'handbook.txt': 'Vacation days for new employees: twenty-five per year.' },
			{
				metaFields: {
					fields: [
						{ key: 'source', value: 'crawler' },
						{ key: 'year', value: 2026 },
					],
				},
				waitForParsing: true,
				pollInterval: 0.05,
				waitTimeout: 20,
			},
		);
		expect(result.error).toBeUndefined();
		const doc = jsonOf(result)[0];
		expect(doc).toMatchObject({ name: 'handbook.txt', run: 'DONE' });
		const patch = sim.requests.find((r) => r.method === 'PATCH')!;
		expect(patch.path).toBe(`/api/v1/datasets/${ds}/documents/${String(doc.id)}`);
		expect(patch.body).toEqual({ meta_fields: { source: 'crawler', year: 2026 } });
		// Metadata is set before parsing starts.
		const order = sim.requests.map((r) => `${r.method} ${r.path.split('/').pop()}`);
		expect(order.indexOf(`PATCH ${String(doc.id)}`)).toBeLessThan(order.indexOf('POST parse'));

		const search = async (source: string) =>
			jsonOf(
				await runNode({
					type: 'ragflowRetrieve',
					credentials: credentials(),
					parameters: {
						operation: 'retrieve',
						question: 'vacation days for new employees',
						datasetIds: [ds],
						options: {
							metadataFilter: {
								conditions: [{ key: 'source', operator: 'is', value: source }],
							},
						},
					},
				}),
			);
		expect((await search('crawler')).map((chunk) => chunk.document_id)).toContain(doc.id);
		expect(await search('manual')).toEqual([]);
	});

	it('fails with the document stored without metadata when setting it fails, keeping what Replace would delete', async () => {
		const ds = dataset('Metadata fails', { 'h.txt': 'old' });
		const oldId = sim.state.listDocuments(ds)[0].id;
		sim.faults.add({
			path: `/api/v1/datasets/${ds}/documents/*`,
			method: 'PATCH',
			kind: 'status',
			status: 200,
			body: { code: 102, message: 'Failed to update metadata' },
		});
		const result = await upload(
			ds,
			{ 'h.txt': 'new' },
			{ ifExists: 'replace', metaFields: { fields: [{ key: 'source', value: 'crawler' }] } },
		);
		const newDoc = sim.state.listDocuments(ds)[1];
		expect(result.error?.message).toBe('Metadata could not be set on "h(1).txt"');
		expect(result.error?.description).toBe(
			`"h(1).txt" (${newDoc.id}) is stored without metadata: RAGFlow error 102: Failed to update metadata. The existing "h.txt" (${oldId}) was not replaced and is kept.`,
		);
		expect(calls(ds)).toEqual(['GET /', 'POST /', `PATCH /${newDoc.id}`]);
		expect(contents(ds)).toEqual({ 'h.txt': 'old', 'h(1).txt': 'new' });
	});
});
