import { patternBytes, storedBinary } from '../harness/binaryStore.cts';
import { TEST_CREDENTIAL } from '../harness/credentialsHelper';
import { gate } from '../harness/gate.cts';
import { fail, id, ok, ragflowApi, setupNock } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import type { Captured } from './helpers';
import { DS, DOC, DOC2, DOCS, rl, fileItem, captureUpload, doc } from './helpers';

setupNock();

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
});
