/**
 * A streaming multipart/form-data parser (no dependency). Part bodies are copied once from the socket
 * chunks into a single arena Buffer sized by Content-Length, and every part is a view into it, so a
 * 1 GiB upload occupies about 1 GiB of memory (never a second copy, never a string).
 */
import type { IncomingMessage } from 'node:http';
import { constants as bufferConstants } from 'node:buffer';

export interface MultipartPart {
	name: string;
	filename?: string;
	contentType?: string;
	/** The part's bytes (a view into the request arena). */
	data: Buffer;
	size: number;
}

export class MultipartError extends Error {}

export function boundaryOf(contentType: string): string | undefined {
	const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return m ? (m[1] ?? m[2]) : undefined;
}

function parseDisposition(value: string): { name?: string; filename?: string } {
	const out: { name?: string; filename?: string } = {};
	const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(value);
	if (star) {
		try {
			out.filename = decodeURIComponent(star[2].trim());
		} catch {
			out.filename = star[2].trim();
		}
	}
	const re = /;\s*(name|filename)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/gi;
	let m: RegExpExecArray | null;
	while ((m = re.exec(value))) {
		const key = m[1].toLowerCase() as 'name' | 'filename';
		const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3].trim();
		if (key === 'filename' && out.filename !== undefined) continue;
		// Browsers and undici percent-encode quotes and line breaks only; names are UTF-8 bytes.
		out[key] = Buffer.from(raw, 'latin1')
			.toString('utf8')
			.replace(/%22/g, '"')
			.replace(/%0D%0A/gi, '\r\n');
	}
	return out;
}

/** Reads the whole multipart body of `req`. */
export function parseMultipart(req: IncomingMessage, boundary: string): Promise<MultipartPart[]> {
	const delimiter = Buffer.from(`\r\n--${boundary}`);
	const headerEnd = Buffer.from('\r\n\r\n');
	const declared = Number(req.headers['content-length']);
	const useArena =
		Number.isInteger(declared) && declared > 0 && declared <= bufferConstants.MAX_LENGTH;
	const arena = useArena ? Buffer.allocUnsafe(declared) : undefined;
	let arenaPos = 0;

	const parts: MultipartPart[] = [];
	let current:
		| { name: string; filename?: string; contentType?: string; start: number; chunks: Buffer[] }
		| undefined;
	// A virtual CRLF lets the first boundary match the same delimiter as the others.
	let pending: Buffer = Buffer.from('\r\n');
	let phase: 'preamble' | 'after' | 'headers' | 'body' | 'done' = 'preamble';

	const write = (bytes: Buffer) => {
		if (!current || bytes.length === 0) return;
		if (arena && arenaPos + bytes.length <= arena.length) {
			bytes.copy(arena, arenaPos);
			arenaPos += bytes.length;
		} else {
			current.chunks.push(Buffer.from(bytes));
		}
	};
	const finishPart = () => {
		if (!current) return;
		let data: Buffer;
		if (current.chunks.length === 0 && arena) data = arena.subarray(current.start, arenaPos);
		else {
			const head = arena ? [arena.subarray(current.start, arenaPos)] : [];
			data = Buffer.concat([...head, ...current.chunks]);
		}
		parts.push({
			name: current.name,
			filename: current.filename,
			contentType: current.contentType,
			data,
			size: data.length,
		});
		current = undefined;
	};

	const consume = (chunk: Buffer) => {
		let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
		for (;;) {
			if (phase === 'done') {
				pending = Buffer.alloc(0);
				return;
			}
			if (phase === 'preamble' || phase === 'body') {
				const idx = buf.indexOf(delimiter);
				if (idx === -1) {
					const keep = Math.min(buf.length, delimiter.length - 1);
					if (phase === 'body') write(buf.subarray(0, buf.length - keep));
					pending = Buffer.from(buf.subarray(buf.length - keep));
					return;
				}
				if (phase === 'body') {
					write(buf.subarray(0, idx));
					finishPart();
				}
				buf = buf.subarray(idx + delimiter.length);
				phase = 'after';
				continue;
			}
			if (phase === 'after') {
				if (buf.length < 2) {
					pending = Buffer.from(buf);
					return;
				}
				if (buf[0] === 0x2d && buf[1] === 0x2d) {
					phase = 'done';
					continue;
				}
				const lineEnd = buf.indexOf('\r\n');
				if (lineEnd === -1) {
					pending = Buffer.from(buf);
					return;
				}
				buf = buf.subarray(lineEnd + 2); // transport padding after the boundary is allowed
				phase = 'headers';
				continue;
			}
			// headers
			const end = buf.indexOf(headerEnd);
			if (end === -1) {
				if (buf.length > 64 * 1024) throw new MultipartError('part headers too large');
				pending = Buffer.from(buf);
				return;
			}
			const headers = buf.subarray(0, end).toString('latin1').split('\r\n');
			let disposition = '';
			let contentType: string | undefined;
			for (const line of headers) {
				const colon = line.indexOf(':');
				if (colon === -1) continue;
				const key = line.slice(0, colon).trim().toLowerCase();
				const value = line.slice(colon + 1).trim();
				if (key === 'content-disposition') disposition = value;
				if (key === 'content-type') contentType = value;
			}
			const { name, filename } = parseDisposition(disposition);
			current = { name: name ?? '', filename, contentType, start: arenaPos, chunks: [] };
			buf = buf.subarray(end + headerEnd.length);
			phase = 'body';
		}
	};

	return new Promise((resolve, reject) => {
		req.on('data', (chunk: Buffer) => {
			try {
				consume(chunk);
			} catch (error) {
				req.removeAllListeners('data');
				req.resume();
				reject(error);
			}
		});
		req.on('end', () => {
			if (phase === 'body') finishPart(); // tolerate a missing closing boundary
			resolve(parts);
		});
		req.on('error', reject);
	});
}
