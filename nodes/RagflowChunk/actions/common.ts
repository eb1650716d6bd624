import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getInputBinary } from '../../shared/binary';
import { datasetLocator, documentLocator } from '../../shared/descriptions';
import { assertRagflowId, getLocatorValue } from '../../shared/utils';
import { readText } from '../../shared/validation';

/** Chunk ids are xxhash64 digests: 16 hex characters (not the 32 of other RAGFlow ids). */
export const CHUNK_ID_REGEX = '^[a-fA-F0-9]{16}$';
const CHUNK_ID = new RegExp(CHUNK_ID_REGEX);

export const parentLocators: INodeProperties[] = [
	datasetLocator(),
	documentLocator({
		description:
			'The document the chunks belong to. Choose from the list or enter its 32-character ID.',
	}),
];

export function chunkIdField(description: string): INodeProperties {
	return {
		displayName: 'Chunk ID',
		name: 'chunkId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 8f3a9c0d1e2b4a5f',
		description,
	};
}

export function readParents(
	ctx: IExecuteFunctions,
	i: number,
): { path: string; datasetId: string; documentId: string } {
	const datasetId = assertRagflowId(ctx, getLocatorValue(ctx, 'datasetId', i), 'dataset', i);
	const documentId = assertRagflowId(ctx, getLocatorValue(ctx, 'documentId', i), 'document', i);
	return { path: `/datasets/${datasetId}/documents/${documentId}/chunks`, datasetId, documentId };
}

export function assertChunkId(ctx: IExecuteFunctions, value: unknown, itemIndex: number): string {
	const id = String(value ?? '').trim();
	if (!id) {
		throw new NodeOperationError(ctx.getNode(), 'No chunk ID given', {
			itemIndex,
			description: 'Enter the ID of the chunk (16 hexadecimal characters), e.g. from "Get Many".',
		});
	}
	if (!CHUNK_ID.test(id)) {
		throw new NodeOperationError(ctx.getNode(), `"${id}" is not a valid chunk ID`, {
			itemIndex,
			description:
				'RAGFlow chunk IDs are 16 hexadecimal characters (e.g. 8f3a9c0d1e2b4a5f). Document and dataset IDs (32 characters) are not chunk IDs.',
		});
	}
	return id.toLowerCase();
}

/** Chunk ids from a comma/space-separated string or an array; at least one. */
export function parseChunkIds(ctx: IExecuteFunctions, value: unknown, itemIndex: number): string[] {
	const raw = Array.isArray(value) ? value : String(value ?? '').split(/[\s,]+/);
	const ids = raw.map((v) => String(v).trim()).filter((v) => v !== '');
	if (ids.length === 0) assertChunkId(ctx, '', itemIndex);
	return [...new Set(ids.map((id) => assertChunkId(ctx, id, itemIndex)))];
}

/** One question per line (questions may contain commas). */
export function lineList(value: unknown): string[] | undefined {
	if (value === undefined) return undefined;
	const list = Array.isArray(value) ? value : String(value).split('\n');
	return list.map((v) => String(v).trim()).filter((v) => v !== '');
}

export function requireContent(ctx: IExecuteFunctions, value: unknown, itemIndex: number): string {
	const content = readText(ctx, value, 'Content', itemIndex);
	if (content.trim() === '') {
		throw new NodeOperationError(ctx.getNode(), 'Chunk content is empty', {
			itemIndex,
			description: 'Enter the text of the chunk. RAGFlow refuses blank content.',
		});
	}
	return content;
}

/** An image for a chunk, from a binary field, as the plain base64 RAGFlow expects. */
export async function readImageBase64(
	ctx: IExecuteFunctions,
	property: unknown,
	itemIndex: number,
): Promise<string | undefined> {
	const name = String(property ?? '').trim();
	if (!name) return undefined;
	const binary = getInputBinary(ctx, itemIndex, name);
	if (binary.mimeType && !binary.mimeType.startsWith('image/')) {
		throw new NodeOperationError(ctx.getNode(), `The binary field "${name}" is not an image`, {
			itemIndex,
			description: `It holds ${binary.mimeType}. Give the binary field of a PNG or JPEG image.`,
		});
	}
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
	return buffer.toString('base64');
}

/** The chunk fields shared by Add and Update. */
export const chunkFields: Record<string, INodeProperties> = {
	imageBinaryProperty: {
		displayName: 'Image Input Binary Field',
		name: 'imageBinaryProperty',
		type: 'string',
		default: 'data',
		description:
			'Name of the input binary field holding an image (PNG/JPEG) to store with the chunk',
	},
	importantKeywords: {
		displayName: 'Important Keywords',
		name: 'importantKeywords',
		type: 'string',
		default: '',
		placeholder: 'e.g. refund, warranty',
		description: 'Comma-separated key terms that boost this chunk in keyword search',
	},
	questions: {
		displayName: 'Questions',
		name: 'questions',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description:
			'Questions this chunk answers, one per line. When given, RAGFlow embeds the questions instead of the content.',
	},
	tags: {
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		placeholder: 'e.g. policy, hr',
		description: 'Comma-separated tags of the chunk (tag_kwd)',
	},
};
