import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { RagflowDocument } from '../nodes/RagflowDocument/RagflowDocument.node';

import { patternBytes, storedBinary } from './harness/binaryStore.cts';
import { TEST_CREDENTIAL } from './harness/credentialsHelper';
import { gate } from './harness/gate.cts';
import { fail, id, ok, ragflowApi, setupNock, currentServerProbe } from './harness/ragflowMock';
import { jsonOf, runNode } from './harness/runWorkflow';

setupNock();

const DS = id('d1');
const DOC = id('a1');
const DOC2 = id('a2');
const DOCS = `/api/v1/datasets/${DS}/documents`;
const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const b64 = (text: string) => Buffer.from(text).toString('base64');

function fileItem(
	files: Record<string, { text: string; fileName?: string; mimeType?: string }>,
): INodeExecutionData {
	const binary: INodeExecutionData['binary'] = {};
	for (const [key, file] of Object.entries(files)) {
		binary[key] = {
			data: b64(file.text),
			fileName: file.fileName,
			mimeType: file.mimeType ?? 'text/plain',
		};
	}
	return { json: {}, binary };
}

interface Part {
	name: string;
	fileName?: string;
	contentType?: string;
	content: string;
}

/** Splits a multipart body (as nock hands it over) into its parts. */
function parseMultipart(body: string, contentType: string): Part[] {
	const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
	if (!boundary) throw new Error(`no boundary in ${contentType}`);
	expect(body.endsWith(`--${boundary}--\r\n`)).toBe(true);
	return body
		.split(`--${boundary}`)
		.slice(1, -1)
		.map((raw) => {
			const [head, ...rest] = raw.replace(/^\r\n/, '').split('\r\n\r\n');
			const content = rest.join('\r\n\r\n').replace(/\r\n$/, '');
			return {
				name: /name="([^"]*)"/.exec(head)?.[1] ?? '',
				fileName: /filename="([^"]*)"/.exec(head)?.[1],
				contentType: /Content-Type: (.*)/.exec(head)?.[1],
				content,
			};
		});
}

interface Captured {
	parts: Part[];
	headers: Record<string, string | string[] | undefined>;
	length: number;
}

/** A nock interceptor that records the multipart request and answers `reply`. */
function captureUpload(
	captured: Captured[],
	reply: unknown,
	path = DOCS,
	query: Record<string, string> | true = true,
) {
	return ragflowApi()
		.post(path)
		.query(query)
		.reply(function (_uri, body) {
			const headers = this.req.headers as Captured['headers'];
			const text = typeof body === 'string' ? body : JSON.stringify(body);
			captured.push({
				parts: parseMultipart(text, String(headers['content-type'])),
				headers,
				length: Buffer.byteLength(text),
			});
			return [200, reply];
		});
}

const doc = (n: string, extra: IDataObject = {}) => ({
	id: n,
	name: `file-${n.slice(-2)}.txt`,
	dataset_id: DS,
	run: 'UNSTART',
	progress: 0,
	chunk_count: 0,
	size: 5,
	chunk_method: 'naive',
	create_time: 1,
	update_time: 2,
	location: 'x',
	thumbnail: '',
	...extra,
});

describe('RAGFlow Document', () => {
	describe('upload', () => {
		it('uploads every listed binary field as a "file" part in one request and outputs one item per document', async () => {
			const captured: Captured[] = [];
			captureUpload(captured, ok([doc(DOC, { name: 'a.txt' }), doc(DOC2, { name: 'b.md' })]));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'upload', datasetId: rl(DS), binaryPropertyName: 'data, second' },
				input: [
					fileItem({
						data: { text: 'alpha content', fileName: 'a.txt' },
						second: { text: '# beta', fileName: 'b.md', mimeType: 'text/markdown' },
					}),
				],
			});
			expect(result.error).toBeUndefined();
			expect(captured).toHaveLength(1);
			expect(captured[0].parts).toEqual([
				{ name: 'file', fileName: 'a.txt', contentType: 'text/plain', content: 'alpha content' },
				{ name: 'file', fileName: 'b.md', contentType: 'text/markdown', content: '# beta' },
			]);
			expect(captured[0].headers['content-length']).toBe(String(captured[0].length));
			expect(captured[0].headers.authorization).toBe(`Bearer ${TEST_CREDENTIAL}`);
			expect(jsonOf(result).map((d) => d.id)).toEqual([DOC, DOC2]);
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		});

		it('overrides file names (keeping the extension) and sends the parent path', async () => {
			const captured: Captured[] = [];
			captureUpload(captured, ok([doc(DOC)]));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'upload',
					datasetId: rl(DS),
					binaryPropertyName: 'data',
					options: { fileName: 'Contract 2026', parentPath: 'legal/2026' },
				},
				input: [
					fileItem({
						data: { text: 'pdf bytes', fileName: 'scan.pdf', mimeType: 'application/pdf' },
					}),
				],
			});
			expect(result.error).toBeUndefined();
			expect(captured[0].parts).toEqual([
				{
					name: 'file',
					fileName: 'Contract 2026.pdf',
					contentType: 'application/pdf',
					content: 'pdf bytes',
				},
				{ name: 'parent_path', content: 'legal/2026' },
			]);
		});

		it('streams a binary stored by id (filesystem mode) with an exact Content-Length', async () => {
			const size = 3 * 1024 * 1024 + 7;
			const { binary, stats } = storedBinary('upload-big', {
				size,
				fileName: 'big.txt',
				mimeType: 'text/plain',
			});
			const captured: Captured[] = [];
			captureUpload(captured, ok([doc(DOC, { name: 'big.txt', size })]));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'upload', datasetId: rl(DS), binaryPropertyName: 'data' },
				input: [{ json: {}, binary: { data: binary } }],
			});
			expect(result.error).toBeUndefined();
			expect(stats.opened).toBe(1);
			expect(captured[0].parts).toHaveLength(1);
			expect(captured[0].parts[0].fileName).toBe('big.txt');
			expect(captured[0].parts[0].content.length).toBe(size);
			expect(captured[0].parts[0].content === patternBytes(size).toString()).toBe(true);
			expect(captured[0].headers['content-length']).toBe(String(captured[0].length));
			expect(captured[0].headers['transfer-encoding']).toBeUndefined();
		});

		it('asks the binary store for the size when the item does not carry it', async () => {
			const { binary } = storedBinary('upload-nosize', {
				size: 1000,
				fileName: 'n.txt',
				mimeType: 'text/plain',
				withBytes: false,
			});
			const captured: Captured[] = [];
			captureUpload(captured, ok([doc(DOC)]));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'upload', datasetId: rl(DS), binaryPropertyName: 'data' },
				input: [{ json: {}, binary: { data: binary } }],
			});
			expect(result.error).toBeUndefined();
			expect(captured[0].headers['content-length']).toBe(String(captured[0].length));
			expect(captured[0].parts[0].content.length).toBe(1000);
		});

		it('names a missing binary field and lists the existing ones, before any request', async () => {
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'upload',
					datasetId: rl(DS),
					binaryPropertyName: 'data, attachment',
				},
				input: [
					fileItem({
						data: { text: 'x', fileName: 'x.txt' },
						file_1: { text: 'y', fileName: 'y.txt' },
					}),
				],
			});
			expect(result.error?.message).toBe('The item has no binary field "attachment"');
			expect(result.error?.description).toBe(
				'Binary fields on this item: "data", "file_1". Enter one of these names.',
			);
		});

		it('says when the item has no binary data at all', async () => {
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'upload', datasetId: rl(DS), binaryPropertyName: 'data' },
			});
			expect(result.error?.message).toBe('The item has no binary field "data"');
			expect(result.error?.description).toMatch(/carries no binary data at all/);
		});

		const partial = {
			code: 500,
			message: 'bad.exe: This type of file has not been supported yet!',
			data: [doc(DOC, { name: 'good.txt' })],
		};
		const twoFiles = () => [
			fileItem({
				data: { text: 'good', fileName: 'good.txt' },
				other: { text: 'MZ', fileName: 'bad.exe', mimeType: 'application/octet-stream' },
			}),
		];

		it('raises a partial upload failure naming the failed file and the created documents', async () => {
			captureUpload([], partial);
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'upload', datasetId: rl(DS), binaryPropertyName: 'data, other' },
				input: twoFiles(),
			});
			expect(result.error?.message).toBe('1 of 2 files failed to upload: bad.exe');
			expect(result.error?.description).toContain(
				'bad.exe: This type of file has not been supported yet!',
			);
			expect(result.error?.description).toContain(`good.txt (${DOC})`);
			expect(result.items).toEqual([]);
		});

		it('under continue-on-fail outputs the created documents and an error item for the failed files', async () => {
			captureUpload([], partial);
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'upload', datasetId: rl(DS), binaryPropertyName: 'data, other' },
				input: twoFiles(),
				continueOnFail: true,
			});
			expect(result.error).toBeUndefined();
			const [created, error] = jsonOf(result);
			expect(created).toMatchObject({ id: DOC, name: 'good.txt' });
			expect(error).toMatchObject({
				error: '1 of 2 files failed to upload: bad.exe',
				failed_files: ['bad.exe'],
				created_document_ids: [DOC],
			});
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		});

		it('under continue-on-fail still parses the created documents', async () => {
			captureUpload([], partial);
			const scope = ragflowApi()
				.post(`${DOCS}/parse`, { document_ids: [DOC] })
				.reply(200, ok({ success_count: 1 }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'upload',
					datasetId: rl(DS),
					binaryPropertyName: 'data, other',
					options: { parse: true },
				},
				input: twoFiles(),
				continueOnFail: true,
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result).map((j) => j.id ?? j.error)).toEqual([
				DOC,
				'1 of 2 files failed to upload: bad.exe',
			]);
			scope.done();
		});

		it('without continue-on-fail still parses the created documents, then raises the failure naming them', async () => {
			captureUpload([], partial);
			const scope = ragflowApi()
				.post(`${DOCS}/parse`, { document_ids: [DOC] })
				.reply(200, ok({ success_count: 1 }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'upload',
					datasetId: rl(DS),
					binaryPropertyName: 'data, other',
					options: { parse: true },
				},
				input: twoFiles(),
			});
			expect(result.error?.message).toBe('1 of 2 files failed to upload: bad.exe');
			expect(result.error?.description).toContain(`good.txt (${DOC})`);
			expect(result.error?.description).toContain('Parsing was started for the created documents.');
			expect(result.items).toEqual([]);
			scope.done();
		});

		it('reports the failed files together with a parse that did not start', async () => {
			captureUpload([], partial);
			ragflowApi()
				.post(`${DOCS}/parse`, { document_ids: [DOC] })
				.reply(200, fail(102, 'The dataset is being deleted'));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'upload',
					datasetId: rl(DS),
					binaryPropertyName: 'data, other',
					options: { parse: true },
				},
				input: twoFiles(),
				continueOnFail: true,
			});
			expect(result.error).toBeUndefined();
			const [created, error] = jsonOf(result);
			expect(created).toMatchObject({ id: DOC, name: 'good.txt' });
			expect(error).toMatchObject({
				error:
					'1 of 2 files failed to upload: bad.exe; parsing did not start: RAGFlow error 102: The dataset is being deleted',
				failed_files: ['bad.exe'],
				created_document_ids: [DOC],
			});
			expect(error.description).toContain(`good.txt (${DOC})`);
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		});

		it('opens no stream when a later binary field is missing', async () => {
			const { binary, stats } = storedBinary('upload-unopened', {
				size: 10,
				fileName: 'a.txt',
				mimeType: 'text/plain',
			});
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'upload', datasetId: rl(DS), binaryPropertyName: 'data, missing' },
				input: [{ json: {}, binary: { data: binary } }],
			});
			expect(result.error?.message).toBe('The item has no binary field "missing"');
			expect(stats.opened).toBe(0);
		});

		it('raises a RAGFlow error when every file failed', async () => {
			captureUpload([], {
				code: 500,
				message: 'x.exe: This type of file has not been supported yet!',
			});
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'upload', datasetId: rl(DS), binaryPropertyName: 'data' },
				input: [fileItem({ data: { text: 'MZ', fileName: 'x.exe' } })],
			});
			expect(result.error?.message).toBe(
				'RAGFlow error 500: x.exe: This type of file has not been supported yet!',
			);
		});

		it('uploads a web page as multipart name/url fields with type=web', async () => {
			const captured: Captured[] = [];
			captureUpload(captured, ok(doc(DOC, { name: 'Handbook.pdf' })), DOCS, { type: 'web' });
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'upload',
					datasetId: rl(DS),
					source: 'web',
					documentName: 'Handbook',
					url: 'https://example.com/handbook',
				},
			});
			expect(result.error).toBeUndefined();
			expect(captured[0].parts).toEqual([
				{ name: 'name', content: 'Handbook' },
				{ name: 'url', content: 'https://example.com/handbook' },
			]);
			expect(jsonOf(result)).toHaveLength(1);
		});

		it('refuses a web source that is not a URL before any request', async () => {
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'upload',
					datasetId: rl(DS),
					source: 'web',
					documentName: 'x',
					url: 'example.com',
				},
			});
			expect(result.error?.message).toBe('"example.com" is not a web address');
		});

		it('creates an empty document with type=empty and a JSON name', async () => {
			ragflowApi()
				.post(DOCS, { name: 'notes.txt' })
				.query({ type: 'empty' })
				.reply(200, ok(doc(DOC, { name: 'notes.txt', type: 'virtual' })));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'upload',
					datasetId: rl(DS),
					source: 'empty',
					documentName: ' notes.txt ',
					simplify: true,
				},
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toEqual([
				{
					id: DOC,
					name: 'notes.txt',
					dataset_id: DS,
					run: 'UNSTART',
					progress: 0,
					chunk_count: 0,
					size: 5,
					chunk_method: 'naive',
					create_time: 1,
					update_time: 2,
				},
			]);
		});

		it('parses after upload and waits until every new document is DONE', async () => {
			captureUpload([], ok([doc(DOC), doc(DOC2)]));
			const scope = ragflowApi()
				.post(`${DOCS}/parse`, { document_ids: [DOC, DOC2] })
				.reply(200, ok({ success_count: 2 }))
				.get(DOCS)
				.query({ ids: [DOC, DOC2], page: 1, page_size: 2 })
				.reply(
					200,
					ok({
						total: 2,
						docs: [doc(DOC, { run: 'RUNNING' }), doc(DOC2, { run: 'DONE', progress: 1 })],
					}),
				)
				.get(DOCS)
				.query({ ids: DOC, page: 1, page_size: 1 })
				.reply(
					200,
					ok({ total: 1, docs: [doc(DOC, { run: 'DONE', progress: 1, chunk_count: 4 })] }),
				);
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'upload',
					datasetId: rl(DS),
					binaryPropertyName: 'data, second',
					options: { waitForParsing: true, pollInterval: 0.01, waitTimeout: 5 },
				},
				input: [
					fileItem({
						data: { text: 'a', fileName: 'a.txt' },
						second: { text: 'b', fileName: 'b.txt' },
					}),
				],
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result).map((d) => [d.id, d.run, d.chunk_count])).toEqual([
				[DOC, 'DONE', 4],
				[DOC2, 'DONE', 0],
			]);
			scope.done();
		});

		it('refuses a wait timeout of 0 before any request', async () => {
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'upload',
					datasetId: rl(DS),
					options: { waitForParsing: true, waitTimeout: 0 },
				},
				input: [fileItem({ data: { text: 'a', fileName: 'a.txt' } })],
			});
			expect(result.error?.message).toBe('Wait Timeout must be greater than 0');
		});

		it('processes items concurrently when asked and keeps the input order', async () => {
			const names = ['one.txt', 'two.txt', 'three.txt'];
			const scope = ragflowApi();
			const events: string[] = [];
			// The first item is answered only once the second has been sent (and so answers last):
			// sequential uploads would leave it unanswered until the gate's limit.
			const secondSent = gate();
			names.forEach((name, n) => {
				scope
					.post(DOCS, { name })
					.query({ type: 'empty' })
					.reply(200, async () => {
						events.push(`sent ${name}`);
						if (n === 1) secondSent.open();
						if (n === 0) await secondSent.opened;
						events.push(`answered ${name}`);
						return ok(doc(id(`c${n}`), { name }));
					});
			});
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'upload',
					datasetId: rl(DS),
					source: 'empty',
					documentName: '={{ $json.name }}',
					options: { concurrency: 2 },
				},
				input: names.map((name) => ({ json: { name } })),
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result).map((d) => d.name)).toEqual(names);
			expect(result.items.map((i) => i.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(events.slice(0, 3)).toEqual(['sent one.txt', 'sent two.txt', 'answered two.txt']);
		});
	});

	describe('get', () => {
		it('reads one document through the list filtered by id', async () => {
			ragflowApi()
				.get(DOCS)
				.query({ id: DOC, page: 1, page_size: 1 })
				.reply(200, ok({ total: 1, docs: [doc(DOC)] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'get', datasetId: rl(DS), documentId: rl(DOC) },
			});
			expect(jsonOf(result)).toEqual([doc(DOC)]);
		});

		it.each([
			['an empty list', ok({ total: 0, docs: [] })],
			['"you don\'t own the document"', fail(102, `you don't own the document ${DOC}`)],
		])('raises a clear "not found" for %s', async (_label, reply) => {
			ragflowApi().get(DOCS).query(true).reply(200, reply);
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'get', datasetId: rl(DS), documentId: rl(DOC) },
			});
			expect(result.error?.message).toBe(`Document ${DOC} not found in dataset ${DS}`);
		});
	});

	describe('getAll', () => {
		it('sends the filters (repeated run and suffix keys, metadata condition as JSON)', async () => {
			currentServerProbe();
			const scope = ragflowApi()
				.get(DOCS)
				.query({
					page: 1,
					page_size: 10,
					keywords: 'report',
					run: ['DONE', 'FAIL'],
					suffix: ['pdf', 'docx'],
					orderby: 'name',
					desc: 'false',
					metadata_condition: JSON.stringify({
						logic: 'or',
						conditions: [
							{ name: 'author', comparison_operator: 'is', value: 'Ann' },
							{ name: 'year', comparison_operator: '≥', value: '2024' },
							{ name: 'year', comparison_operator: '≤', value: '2026' },
							{ name: 'status', comparison_operator: 'not is', value: 'draft' },
						],
					}),
				})
				.reply(200, ok({ total: 1, docs: [doc(DOC)] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'getAll',
					datasetId: rl(DS),
					limit: 10,
					simplify: true,
					filters: {
						nameContains: 'report',
						parseStatus: ['DONE', 'FAIL'],
						suffix: 'pdf, .docx',
						orderBy: 'name',
						descending: false,
						metadataLogic: 'or',
						metadataFilter: {
							conditions: [
								{ key: 'author', operator: 'is', value: 'Ann' },
								{ key: 'year', operator: 'greaterThanOrEqual', value: '2024' },
								{ key: 'year', operator: 'lessThanOrEqual', value: '2026' },
								{ key: 'status', operator: 'isNot', value: 'draft' },
							],
						},
					},
				},
			});
			expect(result.error).toBeUndefined();
			expect(Object.keys(jsonOf(result)[0])).not.toContain('location');
			scope.done();
		});

		it('returns all documents across pages', async () => {
			const all = Array.from({ length: 130 }, (_, n) => doc(id(`f${n}`)));
			ragflowApi()
				.get(DOCS)
				.query({ page: 1, page_size: 100 })
				.reply(200, ok({ total: 130, docs: all.slice(0, 100) }))
				.get(DOCS)
				.query({ page: 2, page_size: 100 })
				.reply(200, ok({ total: 130, docs: all.slice(100) }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'getAll', datasetId: rl(DS), returnAll: true },
			});
			expect(result.items).toHaveLength(130);
		});

		it('treats an exact name that matches nothing as an empty result', async () => {
			ragflowApi()
				.get(DOCS)
				.query({ page: 1, page_size: 50, name: 'nope.pdf' })
				.reply(200, fail(102, "you don't own the document nope.pdf"));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'getAll', datasetId: rl(DS), filters: { name: 'nope.pdf' } },
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toEqual([]);
		});

		it('refuses a metadata condition without key before any request', async () => {
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'getAll',
					datasetId: rl(DS),
					filters: { metadataFilter: { conditions: [{ key: ' ', operator: 'is' }] } },
				},
			});
			expect(result.error?.message).toBe('A metadata filter condition has no key');
		});
	});

	describe('update', () => {
		it('PATCHes name, chunk method, parser config, enabled as 0/1 and metadata', async () => {
			const scope = ragflowApi()
				.patch(`${DOCS}/${DOC}`, {
					name: 'renamed.pdf',
					chunk_method: 'knowledge_graph',
					parser_config: { chunk_token_num: 256 },
					enabled: 0,
					meta_fields: { author: 'Ann', year: 2026 },
				})
				.reply(200, ok(doc(DOC, { name: 'renamed.pdf' })));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'update',
					datasetId: rl(DS),
					documentId: rl(DOC),
					chunkMethod: 'knowledge_graph',
					updateFields: {
						name: 'renamed.pdf',
						enabled: false,
						metaFields: {
							fields: [
								{ key: 'author', value: 'Ann' },
								{ key: 'year', value: '={{ 2026 }}' },
							],
						},
					},
					parserConfig: { chunkTokenNumber: 256 },
				},
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)[0].name).toBe('renamed.pdf');
			scope.done();
		});

		it('shows each parser setting only for the chunk methods that read it', async () => {
			const { RagflowDocument } = await import('../nodes/RagflowDocument/RagflowDocument.node');
			const settings = new RagflowDocument().description.properties.find(
				(p) => p.name === 'parserConfig' && p.displayOptions?.show?.operation?.includes('update'),
			);
			const shownFor = (name: string) =>
				(
					settings?.options as Array<{
						name: string;
						displayOptions?: { show?: Record<string, unknown> };
					}>
				).find((o) => o.name === name)?.displayOptions?.show?.['/chunkMethod'];
			expect(shownFor('chunkTokenNumber')).toEqual(
				expect.arrayContaining(['naive', 'knowledge_graph', '']),
			);
			expect(shownFor('chunkTokenNumber')).not.toContain('qa');
			expect(shownFor('autoKeywords')).toBeUndefined();
		});

		it('sends parser settings when switching to audio, which RAGFlow needs', async () => {
			const scope = ragflowApi()
				.patch(`${DOCS}/${DOC}`, {
					chunk_method: 'audio',
					parser_config: { raptor: { use_raptor: false }, graphrag: { use_graphrag: false } },
				})
				.reply(200, ok(doc(DOC, { chunk_method: 'audio' })));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'update',
					datasetId: rl(DS),
					documentId: rl(DOC),
					chunkMethod: 'audio',
				},
			});
			expect(result.error).toBeUndefined();
			scope.done();
		});

		it.each([
			[
				'the dataset-only chunk method resume',
				{ chunkMethod: '={{ "resume" }}' },
				/"resume" is not a chunk method for documents/,
			],
			[
				'an unknown chunk method',
				{ chunkMethod: '={{ "graph" }}' },
				/"graph" is not a chunk method/,
			],
			['nothing to change', {}, /Nothing to update/],
			[
				'a metadata row without key',
				{ updateFields: { metaFields: { fields: [{ key: ' ', value: 'x' }] } } },
				/no key/,
			],
		])('refuses %s before any request', async (_label, params, message) => {
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'update', datasetId: rl(DS), documentId: rl(DOC), ...params },
			});
			expect(result.error?.message).toMatch(message);
		});
	});

	describe('download', () => {
		it('puts the file into the binary field with its name and MIME type, keeping other binaries', async () => {
			const bytes = Buffer.from('%PDF-1.7 fake pdf content');
			ragflowApi().get(`${DOCS}/${DOC}`).reply(200, bytes, {
				'Content-Type': 'application/pdf',
				'Content-Disposition':
					"attachment; filename=fallback.pdf; filename*=UTF-8''%C3%9Cbersicht.pdf",
			});
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'download',
					datasetId: rl(DS),
					documentId: rl(DOC),
					binaryPropertyName: 'file',
				},
				input: [fileItem({ data: { text: 'keep me', fileName: 'keep.txt' } })],
			});
			expect(result.error).toBeUndefined();
			const [item] = result.items;
			expect(item.json).toEqual({
				id: DOC,
				dataset_id: DS,
				file_name: 'Übersicht.pdf',
				mime_type: 'application/pdf',
				size: bytes.length,
			});
			expect(Buffer.from(item.binary!.file.data, 'base64').equals(bytes)).toBe(true);
			expect(item.binary!.file).toMatchObject({
				fileName: 'Übersicht.pdf',
				mimeType: 'application/pdf',
				fileExtension: 'pdf',
			});
			expect(Buffer.from(item.binary!.data.data, 'base64').toString()).toBe('keep me');
		});

		it('raises an error envelope instead of saving it as a file', async () => {
			ragflowApi()
				.get(`${DOCS}/${DOC}`)
				.reply(200, fail(102, 'This file is empty.'), { 'Content-Type': 'application/json' });
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'download',
					datasetId: rl(DS),
					documentId: rl(DOC),
					binaryPropertyName: 'data',
				},
			});
			expect(result.error?.message).toBe('RAGFlow error 102: This file is empty.');
			expect(result.items).toEqual([]);
		});

		it('does not save a JSON success answer as the file', async () => {
			ragflowApi()
				.get(`${DOCS}/${DOC}`)
				.reply(200, { code: 0, data: null }, { 'Content-Type': 'application/json' });
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'download',
					datasetId: rl(DS),
					documentId: rl(DOC),
					binaryPropertyName: 'data',
				},
			});
			expect(result.error?.message).toBe(
				'RAGFlow error: RAGFlow answered with JSON instead of the file',
			);
		});
	});

	describe('delete', () => {
		it('deletes the selected documents', async () => {
			ragflowApi()
				.delete(DOCS, { ids: [DOC, DOC2] })
				.reply(200, ok({ deleted: 2 }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'delete',
					datasetId: rl(DS),
					documentId: rl(DOC),
					moreIds: `${DOC2}, ${DOC}`,
				},
			});
			expect(jsonOf(result)).toEqual([{ dataset_id: DS, deleted: [DOC, DOC2], success_count: 2 }]);
		});

		it('never reports a partial delete as success', async () => {
			ragflowApi()
				.delete(DOCS, { ids: [DOC, DOC2] })
				.reply(200, ok({ deleted: 1 }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'delete', datasetId: rl(DS), documentId: rl(DOC), moreIds: DOC2 },
			});
			expect(result.error?.message).toBe('Only 1 of 2 documents were deleted');
		});

		it('deletes all documents only through the explicit switch', async () => {
			ragflowApi()
				.delete(DOCS, { delete_all: true })
				.reply(200, ok({ deleted: 7 }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'delete', datasetId: rl(DS), deleteAll: true },
			});
			expect(jsonOf(result)).toEqual([{ deleted: 7, dataset_id: DS }]);
		});
	});

	describe('parse', () => {
		const parseParams = (extra: IDataObject = {}) => ({
			operation: 'parse',
			datasetId: rl(DS),
			documentId: rl(DOC),
			...extra,
		});

		it('starts parsing the ids from the locator and the list', async () => {
			ragflowApi()
				.post(`${DOCS}/parse`, { document_ids: [DOC, DOC2] })
				.reply(200, ok({ success_count: 2 }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({ moreIds: `={{ ["${DOC2}"] }}` }),
			});
			expect(jsonOf(result)).toEqual([
				{ dataset_id: DS, document_ids: [DOC, DOC2], success_count: 2 },
			]);
		});

		it('raises the documents RAGFlow could not queue', async () => {
			ragflowApi()
				.post(`${DOCS}/parse`)
				.reply(200, ok({ success_count: 1, errors: [`Document ${DOC2} is not found`] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({ moreIds: DOC2 }),
			});
			expect(result.error?.message).toBe('Parsing started for 1 of 2 documents');
			expect(result.error?.description).toContain(DOC2);
		});

		it('waits across several polls, with one list request per poll for all pending documents', async () => {
			const scope = ragflowApi()
				.post(`${DOCS}/parse`, { document_ids: [DOC, DOC2] })
				.reply(200, ok({ success_count: 2 }));
			const poll = (ids: string[], docs: IDataObject[]) =>
				scope
					.get(DOCS)
					// A single repeated key reads back as a plain value.
					.query({ ids: ids.length === 1 ? ids[0] : ids, page: 1, page_size: ids.length })
					.reply(200, ok({ total: docs.length, docs }));
			poll(
				[DOC, DOC2],
				[doc(DOC, { run: 'RUNNING', progress: 0.1 }), doc(DOC2, { run: 'RUNNING', progress: 0.2 })],
			);
			poll(
				[DOC, DOC2],
				[doc(DOC, { run: 'RUNNING', progress: 0.6 }), doc(DOC2, { run: 'CANCEL', progress: 0 })],
			);
			poll(
				[DOC],
				[
					doc(DOC, {
						run: 'DONE',
						progress: 1,
						progress_msg: '10:00:01 Task done (1.2s)',
						chunk_count: 12,
						token_count: 3400,
						process_duration: 1.2,
					}),
				],
			);
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({
					moreIds: DOC2,
					options: { waitForParsing: true, pollInterval: 0.01, waitTimeout: 10 },
					simplify: true,
				}),
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toEqual([
				{
					id: DOC,
					name: 'file-a1.txt',
					dataset_id: DS,
					run: 'DONE',
					progress: 1,
					chunk_count: 12,
					size: 5,
					chunk_method: 'naive',
					create_time: 1,
					update_time: 2,
					progress_msg: '10:00:01 Task done (1.2s)',
					token_count: 3400,
					process_duration: 1.2,
				},
				expect.objectContaining({ id: DOC2, run: 'CANCEL' }),
			]);
			scope.done();
		});

		it('polls more than 100 documents in batches of 100 ids per request', async () => {
			const ids = Array.from({ length: 101 }, (_, n) => id(`b${n}`));
			const scope = ragflowApi()
				.post(`${DOCS}/parse`, { document_ids: ids })
				.reply(200, ok({ success_count: 101 }))
				.get(DOCS)
				.query({ ids: ids.slice(0, 100), page: 1, page_size: 100 })
				.reply(200, ok({ total: 100, docs: ids.slice(0, 100).map((d) => doc(d, { run: 'DONE' })) }))
				.get(DOCS)
				.query({ ids: ids[100], page: 1, page_size: 1 })
				.reply(200, ok({ total: 1, docs: [doc(ids[100], { run: 'DONE' })] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'parse',
					datasetId: rl(DS),
					documentId: rl(ids[0]),
					moreIds: ids.slice(1).join(','),
					options: { waitForParsing: true, pollInterval: 0.01, waitTimeout: 5 },
				},
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(101);
			scope.done();
		});

		const failed = doc(DOC, {
			run: 'FAIL',
			progress: -1,
			progress_msg:
				'10:00:00 Task is queued...\n10:00:02 [ERROR]Internal server error while chunking: bad PDF',
		});

		it('raises a FAIL with the progress message', async () => {
			ragflowApi()
				.post(`${DOCS}/parse`)
				.reply(200, ok({ success_count: 1 }))
				.get(DOCS)
				.query(true)
				.reply(200, ok({ total: 1, docs: [failed] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({
					options: { waitForParsing: true, pollInterval: 0.01, waitTimeout: 5 },
				}),
			});
			expect(result.error?.message).toBe(
				`Parsing failed for "file-a1.txt" (${DOC}): 10:00:02 [ERROR]Internal server error while chunking: bad PDF`,
			);
			expect(result.error?.description).toContain('Task is queued');
		});

		it('under continue-on-fail outputs the finished documents and an error item for the failed one', async () => {
			ragflowApi()
				.post(`${DOCS}/parse`)
				.reply(200, ok({ success_count: 2 }))
				.get(DOCS)
				.query(true)
				.reply(200, ok({ total: 2, docs: [failed, doc(DOC2, { run: 'DONE', progress: 1 })] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({
					moreIds: DOC2,
					options: { waitForParsing: true, pollInterval: 0.01, waitTimeout: 5 },
				}),
				continueOnFail: true,
			});
			expect(result.error).toBeUndefined();
			const [done, error] = jsonOf(result);
			expect(done).toMatchObject({ id: DOC2, run: 'DONE' });
			expect(error).toMatchObject({ failed_document_ids: [DOC] });
			expect(String(error.error)).toMatch(/^Parsing failed for/);
		});

		it('raises a timeout naming the state the document was left in', async () => {
			ragflowApi()
				.post(`${DOCS}/parse`)
				.reply(200, ok({ success_count: 1 }))
				.get(DOCS)
				.query(true)
				.times(100)
				.optionally()
				.reply(200, ok({ total: 1, docs: [doc(DOC, { run: 'RUNNING', progress: 0.42 })] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({
					options: { waitForParsing: true, pollInterval: 0.02, waitTimeout: 0.1 },
				}),
			});
			expect(result.error?.message).toBe(
				`Parsing of "file-a1.txt" (${DOC}) did not finish within 0.1 s (still RUNNING at 42%)`,
			);
		});

		it.each([
			['a timeout of 0', { waitTimeout: 0 }, 'Wait Timeout must be greater than 0'],
			['a negative timeout', { waitTimeout: -5 }, 'Wait Timeout must be greater than 0'],
			['a poll interval of 0', { pollInterval: 0 }, 'Poll Interval must be greater than 0'],
		])('refuses %s before any request', async (_label, extra, message) => {
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({ options: { waitForParsing: true, ...extra } }),
			});
			expect(result.error?.message).toBe(message);
		});

		it('refuses a malformed id in the list before any request', async () => {
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({ moreIds: 'abc' }),
			});
			expect(result.error?.message).toBe('"abc" is not a valid document ID');
		});
	});

	describe('stopParsing', () => {
		it('stops parsing the given documents', async () => {
			ragflowApi()
				.post(`${DOCS}/stop`, { document_ids: [DOC] })
				.reply(200, ok({ success_count: 1 }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'stopParsing', datasetId: rl(DS), documentId: rl(DOC) },
			});
			expect(jsonOf(result)).toEqual([{ dataset_id: DS, document_ids: [DOC], success_count: 1 }]);
		});

		it('raises the documents that were not stopped', async () => {
			ragflowApi()
				.post(`${DOCS}/stop`)
				.reply(200, ok({ success_count: 0, errors: [`Document ${DOC} is not running`] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'stopParsing', datasetId: rl(DS), documentId: rl(DOC) },
			});
			expect(result.error?.message).toBe('Parsing stopped for 0 of 1 documents');
		});
	});

	describe('fields as the editor shows them', () => {
		const { properties } = new RagflowDocument().description;
		const fieldsOf = (operation: string) =>
			properties.filter((p) =>
				(p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation),
			);
		const optionsOf = (operation: string) =>
			fieldsOf(operation).find((p) => p.name === 'options')?.options as INodeProperties[];

		it('puts the pickers first and Simplify last, after the collections', () => {
			const names = (operation: string) => fieldsOf(operation).map((p) => p.name);
			expect(names('get')).toEqual(['datasetId', 'documentId', 'options', 'simplify']);
			expect(names('getAll')).toEqual([
				'datasetId',
				'returnAll',
				'limit',
				'filters',
				'options',
				'simplify',
			]);
			expect(names('parse')).toEqual(['datasetId', 'documentId', 'moreIds', 'options', 'simplify']);
			expect(names('update')).toEqual([
				'datasetId',
				'documentId',
				'chunkMethod',
				'updateFields',
				'parserConfig',
				'simplify',
			]);
			expect(names('upload').slice(-2)).toEqual(['options', 'simplify']);
			expect(names('delete')).toEqual(['datasetId', 'deleteAll', 'documentId', 'moreIds']);
		});

		it('offers the same three wait options on Upload and Parse', () => {
			const wait = (operation: string) =>
				optionsOf(operation).filter((o) =>
					['waitForParsing', 'pollInterval', 'waitTimeout'].includes(o.name),
				);
			expect(wait('parse').map((o) => [o.name, o.displayName, o.default])).toEqual([
				['waitForParsing', 'Wait for Parsing to Finish', false],
				['pollInterval', 'Poll Interval (Seconds)', 5],
				['waitTimeout', 'Wait Timeout (Seconds)', 1800],
			]);
			expect(wait('upload')).toEqual(wait('parse'));
		});

		it('names the Get Many filters after their labels', () => {
			const filters = fieldsOf('getAll').find((p) => p.name === 'filters')
				?.options as INodeProperties[];
			expect(
				Object.fromEntries(
					filters.filter((f) => !f.name.startsWith('metadata')).map((f) => [f.displayName, f.name]),
				),
			).toEqual({
				Descending: 'descending',
				'Document ID': 'id',
				Name: 'name',
				'Name Contains': 'nameContains',
				'Order By': 'orderBy',
				'Parse Status': 'parseStatus',
				Suffix: 'suffix',
			});
		});
	});
});
