import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assertDeleteResult, deleteAll, readIdsToDelete } from '../../shared/deletion';
import {
	datasetLocator,
	deleteAllSwitch,
	documentLocator,
	idsToDeleteFields,
} from '../../shared/descriptions';
import { ragflowRequest } from '../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../shared/utils';
import { documentIdsWording } from './common';

const wording = documentIdsWording('delete');

const properties: INodeProperties[] = [
	datasetLocator(),
	deleteAllSwitch('Documents', 'of the dataset, with their chunks and files'),
	...idsToDeleteFields(documentLocator({ description: wording.locator }), {
		displayName: 'More Document IDs',
		description: wording.more,
	}),
];

export const description = updateDisplayOptions({ show: { operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const path = `/datasets/${datasetId}/documents`;
	if (this.getNodeParameter('deleteAll', i, false) as boolean) {
		return { deleted: 'all', dataset_id: datasetId, ...(await deleteAll(this, path, i)) };
	}
	const ids = readIdsToDelete(this, 'documentId', 'document', i);
	const response = await ragflowRequest.call(this, 'DELETE', path, { body: { ids }, itemIndex: i });
	const data = (response.data ?? {}) as IDataObject;
	// Documents answer `{deleted: n}` (other resources use success_count).
	const result = assertDeleteResult(
		this,
		typeof data.deleted === 'number' ? { ...data, success_count: data.deleted } : data,
		ids,
		'document',
		i,
	);
	return { dataset_id: datasetId, ...result };
}
