import { buildMultipartBody, multipartChunks } from '../nodes/shared/multipart';
import { fileNameFromContentDisposition } from '../nodes/shared/binary';
import { patternBytes, patternStream, Readable } from './harness/binaryStore.cts';

async function collect(body: unknown): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	const chunks: Buffer[] = [];
	for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
	return Buffer.concat(chunks);
}

const B = 'testboundary123';

describe('multipart body', () => {
	it('encodes fields and in-memory files exactly, with a Content-Length', async () => {
		const result = await buildMultipartBody(
			[
				{
					field: 'file',
					fileName: 'a.txt',
					contentType: 'text/plain',
					content: Buffer.from('hello'),
				},
				{ field: 'parent_path', value: 'x/y' },
			],
			B,
		);
		const expected =
			`--${B}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n` +
			`--${B}\r\nContent-Disposition: form-data; name="parent_path"\r\n\r\nx/y\r\n` +
			`--${B}--\r\n`;
		expect(Buffer.isBuffer(result.body)).toBe(true);
		expect((result.body as Buffer).toString()).toBe(expected);
		expect(result.headers).toEqual({
			'Content-Type': `multipart/form-data; boundary=${B}`,
			'Content-Length': String(Buffer.byteLength(expected)),
		});
	});

	it('keeps UTF-8 file names and escapes quotes and line breaks', async () => {
		const result = await buildMultipartBody(
			[{ field: 'file', fileName: 'Über "q"\r\n.txt', contentType: '', content: Buffer.from('x') }],
			B,
		);
		const text = (result.body as Buffer).toString('utf8');
		expect(text).toContain('filename="Über %22q%22%0D%0A.txt"');
		expect(text).toContain('Content-Type: application/octet-stream');
	});

	it('streams a Readable part lazily: nothing is read before the body is consumed, and reading is pulled', async () => {
		const size = 8 * 1024 * 1024;
		let produced = 0;
		const source = patternStream(size, 64 * 1024, (bytes) => (produced += bytes));
		const result = await buildMultipartBody(
			[
				{
					field: 'file',
					fileName: 'big.bin',
					contentType: 'application/pdf',
					content: source,
					size,
				},
			],
			B,
		);
		expect(Buffer.isBuffer(result.body)).toBe(false);
		expect(result.body).toBeInstanceOf(Readable);
		expect(produced).toBe(0);

		// Pull a little of the body: only a bounded part of the source is read.
		const body = result.body as Readable;
		const iterator = body[Symbol.asyncIterator]();
		for (let n = 0; n < 4; n++) await iterator.next();
		expect(produced).toBeGreaterThan(0);
		expect(produced).toBeLessThan(1024 * 1024);
		body.destroy();
	});

	it('announces the exact Content-Length of a streamed body', async () => {
		const size = 300_001;
		const result = await buildMultipartBody(
			[
				{
					field: 'file',
					fileName: 'a.bin',
					contentType: 'application/pdf',
					content: patternStream(size),
					size,
				},
				{
					field: 'file',
					fileName: 'b.txt',
					contentType: 'text/plain',
					content: Buffer.from('small'),
				},
			],
			B,
		);
		const bytes = await collect(result.body);
		expect(result.headers['Content-Length']).toBe(String(bytes.length));
		expect(result.length).toBe(bytes.length);
		const header = `--${B}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/pdf\r\n\r\n`;
		expect(bytes.subarray(0, header.length).toString()).toBe(header);
		expect(bytes.subarray(header.length, header.length + size).equals(patternBytes(size))).toBe(
			true,
		);
	});

	it('sends chunked (no Content-Length) when a stream size is unknown', async () => {
		const result = await buildMultipartBody(
			[{ field: 'file', fileName: 'a.bin', contentType: 'text/plain', content: patternStream(10) }],
			B,
		);
		expect(result.headers['Content-Length']).toBeUndefined();
		expect((await collect(result.body)).toString()).toContain('ABCDEFGHIJ\r\n');
	});

	it('fails instead of sending a corrupt body when a stream is shorter than announced', async () => {
		const chunks = multipartChunks(
			[
				{
					field: 'file',
					fileName: 'a.bin',
					contentType: 'text/plain',
					content: patternStream(10),
					size: 11,
				},
			],
			B,
		);
		await expect(collect(chunks)).rejects.toThrow('delivered 10 bytes instead of 11');
	});
});

describe('Content-Disposition file names', () => {
	it.each([
		['attachment; filename=report.pdf', 'report.pdf'],
		['attachment; filename="my report.pdf"', 'my report.pdf'],
		[
			"attachment; filename=fallback.pdf; filename*=UTF-8''%C3%9Cbersicht%20%E2%82%AC.pdf",
			'Übersicht €.pdf',
		],
		['inline', undefined],
		[undefined, undefined],
	])('%s → %s', (header, expected) => {
		expect(fileNameFromContentDisposition(header)).toBe(expected);
	});
});
