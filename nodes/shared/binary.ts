import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BinaryStream } from './multipart';
import { splitList } from './validation';

export interface InputBinary {
	property: string;
	fileName: string;
	mimeType: string;
	/** Byte size, when n8n knows it (always for in-memory data). */
	size?: number;
	/** In-memory data, or a stream when n8n keeps the binary on disk / in S3. */
	content: Buffer | BinaryStream;
	binary: IBinaryData;
}

/** Binary field names: "data, attachment_0" (commas or new lines, or an array) into names. */
export function binaryPropertyNames(value: unknown): string[] {
	return splitList(value, { by: 'commaOrLine' });
}

/** The binary property of an item, or a clear error naming it and listing the ones that exist. */
export function getInputBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
): IBinaryData {
	const item = ctx.getInputData()[itemIndex];
	const binaries = item?.binary ?? {};
	const binary = binaries[property];
	if (!binary) {
		const existing = Object.keys(binaries);
		throw new NodeOperationError(ctx.getNode(), `The item has no binary field "${property}"`, {
			itemIndex,
			description: existing.length
				? `Binary fields on this item: ${existing.map((k) => `"${k}"`).join(', ')}. Enter one of these names.`
				: 'This item carries no binary data at all. Put a node that outputs a file (e.g. Read Files, HTTP Request, Google Drive download) before this one.',
		});
	}
	return binary;
}

/** The file name of a binary, or one made from the field name when it has none (e.g. from a Code node). */
export function readInputBinaryName(binary: IBinaryData, property: string): string {
	if (binary.fileName) return binary.fileName;
	return binary.fileExtension ? `${property}.${binary.fileExtension}` : property;
}

/**
 * Reads an input binary for upload. When n8n stores binaries by reference (filesystem or S3 mode)
 * the content is streamed from there instead of being loaded into memory.
 */
export async function readInputBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
): Promise<InputBinary> {
	const binary = getInputBinary(ctx, itemIndex, property);
	const fileName = readInputBinaryName(binary, property);
	const mimeType = binary.mimeType || 'application/octet-stream';
	if (binary.id) {
		const content = await ctx.helpers.getBinaryStream(binary.id);
		let size = typeof binary.bytes === 'number' ? binary.bytes : undefined;
		if (size === undefined) {
			try {
				size = (await ctx.helpers.getBinaryMetadata(binary.id)).fileSize;
			} catch {
				// Without a size the body is sent chunked, which RAGFlow accepts as well.
			}
		}
		return { property, fileName, mimeType, size, content, binary };
	}
	const content = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	return { property, fileName, mimeType, size: content.length, content, binary };
}

/**
 * The file name of a download: `filename*=UTF-8''…` (RFC 5987, used for non-ASCII names) wins over
 * `filename=`; undefined when the header has neither.
 */
export function fileNameFromContentDisposition(header: unknown): string | undefined {
	const value = Array.isArray(header) ? String(header[0] ?? '') : String(header ?? '');
	const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(value);
	if (extended) {
		try {
			return decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''));
		} catch {
			// A malformed escape: fall back to the plain parameter.
		}
	}
	const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(value);
	if (!plain) return undefined;
	const name = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1].trim();
	return name || undefined;
}
