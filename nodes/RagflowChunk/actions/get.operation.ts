import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isNotFoundAnswer } from '../../shared/notFound';
import { readListPage } from '../../shared/pagination';
import { ragflowApiError, ragflowRequestUnchecked } from '../../shared/transport';
import { updateDisplayOptions } from '../../shared/utils';
import { chunkIdField, parentLocators, readChunkId, readParents } from './common';

const properties: INodeProperties[] = [...parentLocators, chunkIdField('get')];

export const description = updateDisplayOptions({ show: { operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { path, documentId } = readParents(this, i);
	const chunkId = readChunkId(this, i);
	// The list's single-chunk mode returns the same field names as Get Many (the dedicated route
	// returns RAGFlow's internal index names).
	const envelope = await ragflowRequestUnchecked.call(this, 'GET', path, {
		qs: { id: chunkId },
		itemIndex: i,
	});
	const notFound = () =>
		new NodeOperationError(this.getNode(), `Chunk ${chunkId} not found in document ${documentId}`, {
			itemIndex: i,
			description: 'Check the chunk ID and that the chunk belongs to the selected document.',
		});
	if (envelope.code !== 0) {
		if (isNotFoundAnswer(envelope, 'chunk')) throw notFound();
		throw ragflowApiError(this, envelope, { itemIndex: i });
	}
	const chunk = readListPage(envelope, 'chunks').items.find((c) => c.id === chunkId);
	if (!chunk) throw notFound();
	return chunk;
}
