import { randomBytes } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

/** The stream type n8n's binary helpers hand out (a Node Readable), without importing node:stream. */
export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

/** A plain text form field. */
export interface MultipartField {
	field: string;
	value: string;
}

/** A file form field whose content is in memory or streamed. */
export interface MultipartFile {
	field: string;
	fileName: string;
	contentType: string;
	content: Buffer | BinaryStream;
	/** Byte size of a streamed content; with it the body gets a Content-Length. */
	size?: number;
}

export type MultipartPart = MultipartField | MultipartFile;

export interface MultipartBody {
	/** A Buffer when every part is in memory, otherwise a Readable that streams the parts in order. */
	body: Buffer | BinaryStream;
	headers: { 'Content-Type': string; 'Content-Length'?: string };
	boundary: string;
	/** Total byte length, when every part's size is known. */
	length?: number;
}

const CRLF = '\r\n';

export function newBoundary(): string {
	return `----n8nRagflowBoundary${randomBytes(12).toString('hex')}`;
}

function isFile(part: MultipartPart): part is MultipartFile {
	return 'content' in part;
}

function isStream(value: unknown): value is BinaryStream {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Buffer.isBuffer(value) &&
		typeof (value as { pipe?: unknown }).pipe === 'function'
	);
}

/** Quotes a header parameter the way browsers do (HTML form encoding); UTF-8 stays as is. */
function quote(value: string): string {
	return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** `type/subtype` with optional `; key=value` parameters (RFC 9110 tokens), nothing else. */
const MEDIA_TYPE =
	/^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(\s*;\s*[\w!#$&^.+-]+=("[^"\r\n]*"|[\w!#$&^.+-]+))*$/;

/**
 * The part's Content-Type as sent: a binary's MIME type comes from upstream data and a CR/LF in it
 * would add headers to the part, so anything but a plain media type is sent as octet-stream.
 */
export function safeContentType(value: string | undefined): string {
	const type = String(value ?? '').trim();
	return MEDIA_TYPE.test(type) ? type : 'application/octet-stream';
}

function partHeader(part: MultipartPart, boundary: string): Buffer {
	const lines = [`--${boundary}`];
	if (isFile(part)) {
		lines.push(
			`Content-Disposition: form-data; name="${quote(part.field)}"; filename="${quote(part.fileName)}"`,
			`Content-Type: ${safeContentType(part.contentType)}`,
		);
	} else {
		lines.push(`Content-Disposition: form-data; name="${quote(part.field)}"`);
	}
	return Buffer.from(lines.join(CRLF) + CRLF + CRLF, 'utf8');
}

function contentOf(part: MultipartPart): Buffer | BinaryStream {
	return isFile(part) ? part.content : Buffer.from(part.value, 'utf8');
}

function sizeOf(part: MultipartPart): number | undefined {
	const content = contentOf(part);
	return Buffer.isBuffer(content) ? content.length : (part as MultipartFile).size;
}

/**
 * Yields the encoded body piece by piece, pulling streamed contents only as fast as they are
 * consumed, so a large file never sits in memory. A stream that delivers another number of bytes
 * than announced fails the body instead of sending a corrupt request.
 */
export async function* multipartChunks(
	parts: MultipartPart[],
	boundary: string,
): AsyncGenerator<Buffer> {
	const crlf = Buffer.from(CRLF);
	for (const part of parts) {
		yield partHeader(part, boundary);
		const content = contentOf(part);
		if (Buffer.isBuffer(content)) {
			yield content;
		} else {
			let sent = 0;
			for await (const chunk of content as AsyncIterable<Buffer | string>) {
				const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
				sent += buffer.length;
				yield buffer;
			}
			const expected = (part as MultipartFile).size;
			if (expected !== undefined && sent !== expected) {
				throw new Error(
					`The file "${(part as MultipartFile).fileName}" delivered ${sent} bytes instead of ${expected}`,
				);
			}
		}
		yield crlf;
	}
	yield Buffer.from(`--${boundary}--${CRLF}`);
}

/**
 * n8n's request helper (axios) sends a body as a stream when it is a Node Readable. Node code may
 * not import node:stream here, so the Readable class is taken from the input stream itself
 * (fs and HTTP streams inherit `Readable.from`).
 */
function readableFrom(
	source: BinaryStream,
	chunks: AsyncGenerator<Buffer>,
): BinaryStream | undefined {
	const factory = (source.constructor as { from?: unknown } | undefined)?.from;
	if (typeof factory !== 'function') return undefined;
	return (factory as (iterable: AsyncIterable<Buffer>, options: object) => BinaryStream).call(
		source.constructor,
		chunks,
		{ objectMode: false },
	);
}

/**
 * Builds a `multipart/form-data` body. All-in-memory parts give a Buffer; any streamed part gives a
 * Readable that streams the whole body, with a Content-Length when every size is known (otherwise
 * the request is sent chunked).
 */
export async function buildMultipartBody(
	parts: MultipartPart[],
	boundary = newBoundary(),
): Promise<MultipartBody> {
	const sizes = parts.map(sizeOf);
	const overhead = parts.reduce((sum, part) => sum + partHeader(part, boundary).length + 2, 0);
	const closing = Buffer.byteLength(`--${boundary}--${CRLF}`);
	const length = sizes.every((s) => s !== undefined)
		? overhead + closing + sizes.reduce<number>((sum, s) => sum + (s as number), 0)
		: undefined;
	const headers: MultipartBody['headers'] = {
		'Content-Type': `multipart/form-data; boundary=${boundary}`,
	};
	if (length !== undefined) headers['Content-Length'] = String(length);

	const stream = parts.map(contentOf).find(isStream);
	if (stream) {
		const readable = readableFrom(stream, multipartChunks(parts, boundary));
		if (readable) return { body: readable, headers, boundary, length };
	}
	// Only in-memory parts (or a stream without Readable.from): the body is assembled in memory.
	const buffers: Buffer[] = [];
	for await (const chunk of multipartChunks(parts, boundary)) buffers.push(chunk);
	const body = Buffer.concat(buffers);
	headers['Content-Length'] = String(body.length);
	return { body, headers, boundary, length: body.length };
}
