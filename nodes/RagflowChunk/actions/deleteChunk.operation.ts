import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assertDeleteResult, deleteAll } from '../../shared/deletion';
import { deleteAllSwitch } from '../../shared/descriptions';
import { ragflowRequest } from '../../shared/transport';
import { parseIdList, updateDisplayOptions } from '../../shared/utils';
import { parentLocators, readParents } from './common';

const properties: INodeProperties[] = [
	...parentLocators,
	deleteAllSwitch('Chunks', 'of the document'),
	{
		displayName: 'Chunk IDs',
		name: 'chunkIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 8f3a9c0d1e2b4a5f, 0b1c2d3e4f5a6b7c',
		description:
			'Chunks to delete: IDs separated by commas, spaces or new lines (16 hexadecimal characters each), or an array from an expression',
		displayOptions: { show: { deleteAll: [false] } },
	},
];

export const description = updateDisplayOptions({ show: { operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { path, datasetId, documentId } = readParents(this, i);
	if (this.getNodeParameter('deleteAll', i, false) as boolean) {
		await deleteAll(this, path, i);
		return { deleted: 'all', dataset_id: datasetId, document_id: documentId };
	}
	const ids = parseIdList(this, this.getNodeParameter('chunkIds', i), 'chunk', i, {
		required: true,
	});
	// A missing id is an error envelope (code 102); duplicates are reported in `errors`.
	const response = await ragflowRequest.call(this, 'DELETE', path, {
		body: { chunk_ids: ids },
		itemIndex: i,
	});
	const result = assertDeleteResult(this, response.data, ids, 'chunk', i);
	return { dataset_id: datasetId, document_id: documentId, ...result };
}
