import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assertDeleteResult, deleteAll } from '../../shared/deletion';
import { deleteAllSwitch, idsToDeleteFields } from '../../shared/descriptions';
import { ragflowRequest } from '../../shared/transport';
import { updateDisplayOptions } from '../../shared/utils';
import { chunkIdField, chunkIdsWording, parentLocators, readChunkIds, readParents } from './common';

const properties: INodeProperties[] = [
	...parentLocators,
	deleteAllSwitch('Chunks', 'of the document'),
	...idsToDeleteFields(chunkIdField('delete'), {
		displayName: 'More Chunk IDs',
		description: chunkIdsWording('delete').more,
		what: 'chunk',
	}),
];

export const description = updateDisplayOptions({ show: { operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { path, datasetId, documentId } = readParents(this, i);
	if (this.getNodeParameter('deleteAll', i, false) as boolean) {
		await deleteAll(this, path, i);
		return { deleted: 'all', dataset_id: datasetId, document_id: documentId };
	}
	const ids = readChunkIds(this, i);
	// A missing id is an error envelope (code 102); duplicates are reported in `errors`.
	const response = await ragflowRequest.call(this, 'DELETE', path, {
		body: { chunk_ids: ids },
		itemIndex: i,
	});
	const result = assertDeleteResult(this, response.data, ids, 'chunk', i);
	return { dataset_id: datasetId, document_id: documentId, ...result };
}
