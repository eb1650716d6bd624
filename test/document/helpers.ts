import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { id, ragflowApi } from '../harness/ragflowMock';

// What the Document node's tests (test/document/*.test.ts) share: ids, input items, multipart reading.

export const DS = id('d1');
export const DOC = id('a1');
export const DOC2 = id('a2');
export const DOCS = `/api/v1/datasets/${DS}/documents`;
export const rl = (value: string) => ({ __rl: true, mode: 'id', value });
export const b64 = (text: string) => Buffer.from(text).toString('base64');

export function fileItem(
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

export interface Part {
	name: string;
	fileName?: string;
	contentType?: string;
	content: string;
}

/** Splits a multipart body (as nock hands it over) into its parts. */
export function parseMultipart(body: string, contentType: string): Part[] {
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

export interface Captured {
	parts: Part[];
	headers: Record<string, string | string[] | undefined>;
	length: number;
}

/** A nock interceptor that records the multipart request and answers `reply`. */
export function captureUpload(
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

export const doc = (n: string, extra: IDataObject = {}) => ({
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
