import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';

import { boundaryOf, parseMultipart } from './multipart.cts';

function body(
	boundary: string,
	parts: Array<{ name: string; filename?: string; data: Buffer }>,
): Buffer {
	const chunks: Buffer[] = [Buffer.from('preamble to ignore\r\n')];
	for (const p of parts) {
		const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
		chunks.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`,
			),
			p.data,
			Buffer.from('\r\n'),
		);
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return Buffer.concat(chunks);
}

async function parse(raw: Buffer, boundary: string, chunkSize: number, withLength = true) {
	const stream = new PassThrough() as unknown as IncomingMessage;
	stream.headers = withLength ? { 'content-length': String(raw.length) } : {};
	const result = parseMultipart(stream, boundary);
	for (let i = 0; i < raw.length; i += chunkSize)
		(stream as unknown as PassThrough).write(raw.subarray(i, i + chunkSize));
	(stream as unknown as PassThrough).end();
	return result;
}

describe('multipart parser', () => {
	const boundary = '----sim-boundary-42';
	// Bytes that look like a boundary start must stay inside the part.
	const tricky = Buffer.concat([
		Buffer.from('a\r\n--'),
		Buffer.from('----sim-boundary-4'),
		Buffer.from([0, 255, 13, 10, 13, 10]),
		Buffer.from('end'),
	]);
	const raw = body(boundary, [
		{ name: 'file', filename: 'a.bin', data: tricky },
		{ name: 'parent_path', data: Buffer.from('x/y') },
		{ name: 'file', filename: 'empty.txt', data: Buffer.alloc(0) },
	]);

	it.each([1, 3, 7, 64, 100000])(
		'splits parts correctly when the body arrives in %i-byte chunks',
		async (size) => {
			const parts = await parse(raw, boundary, size);
			expect(parts.map((p) => [p.name, p.filename, p.size])).toEqual([
				['file', 'a.bin', tricky.length],
				['parent_path', undefined, 3],
				['file', 'empty.txt', 0],
			]);
			expect(parts[0].data.equals(tricky)).toBe(true);
			expect(parts[1].data.toString()).toBe('x/y');
		},
	);

	it('works without Content-Length (chunked transfer)', async () => {
		const parts = await parse(raw, boundary, 5, false);
		expect(parts[0].data.equals(tricky)).toBe(true);
	});

	it('reads quoted and unquoted boundaries', () => {
		expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe('a b');
		expect(boundaryOf('multipart/form-data; boundary=xyz; charset=utf-8')).toBe('xyz');
		expect(boundaryOf('multipart/form-data')).toBeUndefined();
	});
});
