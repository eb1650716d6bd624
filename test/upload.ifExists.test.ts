import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { fail, id, ok, ragflowApi, setupNock } from './harness/ragflowMock';
import { jsonOf, runNode } from './harness/runWorkflow';
import { longestCommonSubstring } from '../nodes/RagflowDocument/actions/upload/ifExists';

/**
 * Upload's "If a Document With This Name Exists" and Metadata with nock: the exact requests
 * (method, path, query, body) and their order, and the items or errors a user sees.
 */
setupNock();

const DS = id('d1');
const OLD = id('01d');
const OLD2 = id('01d2');
const NEW = id('e1');
const NEW2 = id('e2');
const DOCS = `/api/v1/datasets/${DS}/documents`;
const rl = (value: string) => ({ __rl: true, mode: 'id', value });

const doc = (docId: string, name: string, extra: IDataObject = {}) => ({
	id: docId,
	name,
	dataset_id: DS,
	run: 'UNSTART',
	size: 3,
	chunk_method: 'naive',
	...extra,
});

function files(...names: string[]): INodeExecutionData {
	const binary: INodeExecutionData['binary'] = {};
	names.forEach((fileName, index) => {
		binary[index === 0 ? 'data' : `f${index}`] = {
			data: Buffer.from(`content of ${fileName}`).toString('base64'),
			mimeType: 'text/plain',
			fileName,
		};
	});
	return { json: {}, binary };
}

const fieldsFor = (count: number) =>
	['data', ...Array.from({ length: count - 1 }, (_, n) => `f${n + 1}`)].join(', ');

async function upload(names: string[], options: IDataObject, extra: IDataObject = {}) {
	return await runNode({
		type: 'ragflowDocument',
		continueOnFail: extra.continueOnFail === true,
		parameters: {
			operation: 'upload',
			datasetId: rl(DS),
			binaryPropertyName: fieldsFor(names.length),
			options,
		},
		input: [files(...names)],
	});
}

/** Interceptors that record "METHOD path body" in the order requests arrive. */
function recorder() {
	const seen: string[] = [];
	const record = (method: string) =>
		function (this: { req: { path: string } }, _uri: string, body: unknown) {
			const text = typeof body === 'object' && body ? ` ${JSON.stringify(body)}` : '';
			seen.push(`${method} ${this.req.path.replace(DOCS, '…')}${method === 'POST' ? '' : text}`);
		};
	return { seen, record };
}

const listQuery = (keywords: string) => ({ keywords, page: '1', page_size: '100' });

describe('Upload: If a Document With This Name Exists (nock)', () => {
	it('Replace with metadata sends list, upload, metadata, delete, rename, in that order', async () => {
		const { seen, record } = recorder();
		const api = ragflowApi();
		api
			.get(DOCS)
			.query(listQuery('h.txt'))
			.reply(200, function (uri) {
				record('GET').call(this, uri, undefined);
				return ok({ total: 2, docs: [doc(OLD, 'h.txt'), doc(id('f'), 'gh.txt')] });
			});
		api
			.post(DOCS)
			.query(true)
			.reply(200, function (uri, body) {
				record('POST').call(this, uri, body);
				return ok([doc(NEW, 'h(1).txt')]);
			});
		api
			.patch(`${DOCS}/${NEW}`, { meta_fields: { source: 'crawler', tags: ['a', 'b'] } })
			.reply(200, function (uri, body) {
				record('PATCH').call(this, uri, body);
				return ok(doc(NEW, 'h(1).txt'));
			});
		api.delete(DOCS, { ids: [OLD] }).reply(200, function (uri, body) {
			record('DELETE').call(this, uri, body);
			return ok({ deleted: 1 });
		});
		api.patch(`${DOCS}/${NEW}`, { name: 'h.txt' }).reply(200, function (uri, body) {
			record('PATCH').call(this, uri, body);
			return ok(doc(NEW, 'h.txt', { update_time: 9 }));
		});
		const result = await upload(['h.txt'], {
			ifExists: 'replace',
			metaFields: {
				fields: [
					{ key: ' source ', value: 'crawler' },
					{ key: 'tags', value: ['a', 'b'] },
				],
			},
		});
		expect(result.error).toBeUndefined();
		expect(seen).toEqual([
			'GET …?page=1&page_size=100&keywords=h.txt',
			'POST …',
			`PATCH …/${NEW} {"meta_fields":{"source":"crawler","tags":["a","b"]}}`,
			`DELETE … {"ids":["${OLD}"]}`,
			`PATCH …/${NEW} {"name":"h.txt"}`,
		]);
		// "gh.txt" contains the name but is another document.
		expect(jsonOf(result)).toEqual([{ ...doc(NEW, 'h.txt'), replaced_document_ids: [OLD] }]);
	});

	it('Keep Both with metadata lists nothing and sets the metadata on each new document', async () => {
		const api = ragflowApi();
		api.post(DOCS).reply(200, ok([doc(NEW, 'a.txt'), doc(NEW2, 'a(1).txt')]));
		for (const docId of [NEW, NEW2]) {
			api.patch(`${DOCS}/${docId}`, { meta_fields: { year: 2026 } }).reply(200, ok({ id: docId }));
		}
		const result = await upload(['a.txt', 'a.txt'], {
			metaFields: { fields: [{ key: 'year', value: 2026 }] },
		});
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([doc(NEW, 'a.txt'), doc(NEW2, 'a(1).txt')]);
	});

	it('Skip of a web page looks up "<name>.pdf" and sends no upload', async () => {
		ragflowApi()
			.get(DOCS)
			.query(listQuery('handbook.pdf'))
			.reply(200, ok({ total: 1, docs: [doc(OLD, 'Handbook.PDF', { run: 'DONE' })] }));
		const result = await runNode({
			type: 'ragflowDocument',
			parameters: {
				operation: 'upload',
				datasetId: rl(DS),
				source: 'web',
				documentName: 'Handbook',
				url: 'https://example.com/handbook',
				options: { ifExists: 'skip', parse: true },
			},
		});
		expect(result.error).toBeUndefined();
		// Not uploaded, not parsed: the existing document as it is.
		expect(jsonOf(result)).toEqual([
			{ ...doc(OLD, 'Handbook.PDF', { run: 'DONE' }), skipped: true },
		]);
	});

	it('Replace of an empty document creates it under a provisional name, then renames it', async () => {
		let provisional = '';
		const api = ragflowApi();
		api
			.get(DOCS)
			.query(listQuery('notes.txt'))
			.reply(200, ok({ total: 1, docs: [doc(OLD, 'notes.txt', { type: 'virtual' })] }));
		api
			.post(DOCS, (body: { name: string }) => {
				provisional = body.name;
				return true;
			})
			.query({ type: 'empty' })
			.reply(200, () => ok(doc(NEW, provisional, { type: 'virtual' })));
		api.delete(DOCS, { ids: [OLD] }).reply(200, ok({ deleted: 1 }));
		api.patch(`${DOCS}/${NEW}`, { name: 'notes.txt' }).reply(200, ok(doc(NEW, 'notes.txt')));
		const result = await runNode({
			type: 'ragflowDocument',
			parameters: {
				operation: 'upload',
				datasetId: rl(DS),
				source: 'empty',
				documentName: 'notes.txt',
				options: { ifExists: 'replace' },
			},
		});
		expect(result.error).toBeUndefined();
		expect(provisional).toMatch(/^notes\(replacing [0-9a-f]{8}\)\.txt$/);
		expect(jsonOf(result)).toEqual([
			{ ...doc(NEW, 'notes.txt', { type: 'virtual' }), replaced_document_ids: [OLD] },
		]);
	});

	it('fails when RAGFlow numbered a name the list said was free (added meanwhile), keeping the upload', async () => {
		const api = ragflowApi();
		api
			.get(DOCS)
			.query(listQuery('h.txt'))
			.reply(200, ok({ total: 0, docs: [] }));
		api.post(DOCS).reply(200, ok([doc(NEW, 'h(1).txt')]));
		const result = await upload(['h.txt'], { ifExists: 'skip' });
		expect(result.error?.message).toBe('"h.txt" was stored as "h(1).txt"');
		expect(result.error?.description).toBe(
			`RAGFlow stored "h.txt" as "h(1).txt" (${NEW}), not under that name: RAGFlow numbers a name that is taken, so a document with it was probably added after the node looked (by another execution running at the same time?). The new document is kept; delete it or the other one.`,
		);
	});

	it('reports a delete RAGFlow did only in part: new documents stored, not renamed, old ones to check', async () => {
		const api = ragflowApi();
		api
			.get(DOCS)
			.query(listQuery('.txt'))
			.reply(200, ok({ total: 2, docs: [doc(OLD, 'a.txt'), doc(OLD2, 'b.txt')] }));
		api.post(DOCS).reply(200, ok([doc(NEW, 'a(1).txt'), doc(NEW2, 'b(1).txt')]));
		api.delete(DOCS, { ids: [OLD, OLD2] }).reply(200, ok({ deleted: 1 }));
		const result = await upload(
			['a.txt', 'b.txt'],
			{ ifExists: 'replace' },
			{ continueOnFail: true },
		);
		expect(jsonOf(result)).toEqual([
			{
				error:
					'2 of 2 files were not fully replaced: The existing "a.txt" could not be deleted; The existing "b.txt" could not be deleted',
				description: [
					`The new "a.txt" is stored as "a(1).txt" (${NEW}), not renamed. Deleting the existing "a.txt" (${OLD}) failed: RAGFlow deleted only 1 of 2 documents; check which still exist.`,
					`The new "b.txt" is stored as "b(1).txt" (${NEW2}), not renamed. Deleting the existing "b.txt" (${OLD2}) failed: RAGFlow deleted only 1 of 2 documents; check which still exist.`,
				].join('\n'),
				incomplete_documents: [
					{
						name: 'a.txt',
						stored_name: 'a(1).txt',
						id: NEW,
						old_document_ids: [OLD],
						old_documents: 'unknown',
					},
					{
						name: 'b.txt',
						stored_name: 'b(1).txt',
						id: NEW2,
						old_document_ids: [OLD2],
						old_documents: 'unknown',
					},
				],
			},
		]);
	});

	it('with a partial upload failure, finishes the stored file (metadata, replace) and then fails the item saying so', async () => {
		const { seen, record } = recorder();
		const api = ragflowApi();
		api
			.get(DOCS)
			.query(listQuery('a'))
			.reply(200, ok({ total: 1, docs: [doc(OLD, 'a.txt')] }));
		api.post(DOCS).reply(200, {
			code: 500,
			message: 'bad.exe: This type of file has not been supported yet!',
			data: [doc(NEW, 'a(1).txt')],
		});
		api.patch(`${DOCS}/${NEW}`, { meta_fields: { k: 'v' } }).reply(200, function (uri, body) {
			record('PATCH').call(this, uri, body);
			return ok(doc(NEW, 'a(1).txt'));
		});
		api.delete(DOCS, { ids: [OLD] }).reply(200, function (uri, body) {
			record('DELETE').call(this, uri, body);
			return ok({ deleted: 1 });
		});
		api.patch(`${DOCS}/${NEW}`, { name: 'a.txt' }).reply(200, function (uri, body) {
			record('PATCH').call(this, uri, body);
			return ok(doc(NEW, 'a.txt'));
		});
		const options = { ifExists: 'replace', metaFields: { fields: [{ key: 'k', value: 'v' }] } };
		const result = await upload(['a.txt', 'bad.exe'], options);
		// The stored file is treated as a lone upload would be: nothing done is left half-way.
		expect(seen).toEqual([
			`PATCH …/${NEW} {"meta_fields":{"k":"v"}}`,
			`DELETE … {"ids":["${OLD}"]}`,
			`PATCH …/${NEW} {"name":"a.txt"}`,
		]);
		expect(result.error?.message).toBe('1 of 2 files failed to upload: bad.exe');
		expect(result.error?.description).toBe(
			`RAGFlow reported: bad.exe: This type of file has not been supported yet!\nCreated documents (kept in the dataset): a(1).txt (${NEW})`,
		);
	});

	it('checks the option, the metadata and the names of an item before any request', async () => {
		// No interceptor: any request would fail the test with a network error instead.
		expect((await upload(['a.txt'], { ifExists: 'overwrite' })).error?.message).toBe(
			'"overwrite" is not a choice for If a Document With This Name Exists',
		);
		expect(
			(
				await upload(['a.txt'], {
					ifExists: 'skip',
					metaFields: { fields: [{ key: ' ', value: 'x' }] },
				})
			).error?.message,
		).toBe('A metadata field has no key');
		expect(
			(await upload(['Résumé.txt', 'resume.TXT'], { ifExists: 'replace' })).error?.message,
		).toBe(
			'Two files of this item would be stored under the same name: "Résumé.txt" and "resume.TXT"',
		);
	});

	it("fails the item with RAGFlow's message when the list request is refused, before uploading", async () => {
		ragflowApi()
			.get(DOCS)
			.query(listQuery('h.txt'))
			.reply(200, fail(102, `You don't own the dataset ${DS}. `));
		const result = await upload(['h.txt'], { ifExists: 'skip' });
		expect(result.error?.message).toBe(`RAGFlow error 102: You don't own the dataset ${DS}.`);
	});
});

describe('longestCommonSubstring', () => {
	it('finds the longest text all names contain', () => {
		expect(longestCommonSubstring(['report-2026-01.pdf', 'report-2026-02.pdf'])).toBe(
			'report-2026-0',
		);
		expect(longestCommonSubstring(['h.txt'])).toBe('h.txt');
		expect(longestCommonSubstring(['a.md', 'b.txt'])).toBe('.');
		expect(longestCommonSubstring(['abc', 'xyz'])).toBe('');
		expect(longestCommonSubstring([])).toBe('');
	});
});
