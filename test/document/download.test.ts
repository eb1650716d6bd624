import { fail, ragflowApi, setupNock } from '../harness/ragflowMock';
import { runNode } from '../harness/runWorkflow';
import { DS, DOC, DOCS, rl, fileItem } from './helpers';

setupNock();

describe('RAGFlow Document', () => {
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
});
