import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getInputBinary } from '../../shared/binary';
import { readIdsToDelete } from '../../shared/deletion';
import { chunkLocator, datasetLocator, documentLocator } from '../../shared/descriptions';
import { assertRagflowId, getLocatorValue } from '../../shared/utils';
import { readText } from '../../shared/validation';

export const parentLocators: INodeProperties[] = [
	datasetLocator(),
	documentLocator({
		description:
			'The document the chunks belong to. Choose from the list or enter its 32-character ID.',
	}),
];

/** The descriptions of the Chunk picker and More Chunk IDs of an operation that may `act`. */
export function chunkIdsWording(act: string): { locator: string; more: string } {
	return {
		locator: `The chunk to ${act}. Choose from the document's chunks (searchable by content) or enter its 16-character ID.`,
		more: `Further chunks of the same document to ${act} in the same request: IDs separated by commas, spaces or new lines (16 hexadecimal characters each), or an array from an expression`,
	};
}

/** The Chunk picker of an operation on one chunk (Get, Update); read it with `readChunkId`. */
export function chunkIdField(act: string): INodeProperties {
	return chunkLocator({ description: chunkIdsWording(act).locator });
}

/** The picked chunk, then More Chunk IDs (`moreIds`), each once (Delete, Set Availability). */
export function readChunkIds(ctx: IExecuteFunctions, i: number): string[] {
	return readIdsToDelete(ctx, 'chunkId', 'chunk', i);
}

export function readChunkId(ctx: IExecuteFunctions, i: number): string {
	return assertRagflowId(ctx, getLocatorValue(ctx, 'chunkId', i), 'chunk', i);
}

export function readParents(
	ctx: IExecuteFunctions,
	i: number,
): { path: string; datasetId: string; documentId: string } {
	const datasetId = assertRagflowId(ctx, getLocatorValue(ctx, 'datasetId', i), 'dataset', i);
	const documentId = assertRagflowId(ctx, getLocatorValue(ctx, 'documentId', i), 'document', i);
	return { path: `/datasets/${datasetId}/documents/${documentId}/chunks`, datasetId, documentId };
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
		description:
			'Key terms that boost this chunk in keyword search, separated by commas or new lines',
	},
	questions: {
		displayName: 'Questions',
		name: 'questions',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description:
			'Questions this chunk answers, one per line (a question may contain commas). When given, RAGFlow embeds the questions instead of the content.',
	},
	tags: {
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		placeholder: 'e.g. policy, hr',
		description: 'Tags of the chunk (tag_kwd), separated by commas or new lines',
	},
};
