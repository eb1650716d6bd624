import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assertDeleteResult } from '../../shared/deletion';
import { datasetLocator, deleteAllSwitch, documentLocator } from '../../shared/descriptions';
import { ragflowRequest } from '../../shared/transport';
import {
	assertRagflowId,
	getLocatorValue,
	parseIdList,
	updateDisplayOptions,
} from '../../shared/utils';

const properties: INodeProperties[] = [
	datasetLocator(),
	deleteAllSwitch('Documents', 'of the dataset, with their chunks and files'),
	{
		...documentLocator({ description: 'The document to delete' }),
		displayOptions: { show: { deleteAll: [false] } },
	},
	{
		displayName: 'More Document IDs',
		name: 'moreIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3, 8d2e…',
		description:
			'Further documents of the same dataset to delete in the same request: comma-separated IDs or an array',
		displayOptions: { show: { deleteAll: [false] } },
	},
];

export const description = updateDisplayOptions({ show: { operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const path = `/datasets/${datasetId}/documents`;
	if (this.getNodeParameter('deleteAll', i, false) as boolean) {
		const response = await ragflowRequest.call(this, 'DELETE', path, {
			body: { delete_all: true },
			itemIndex: i,
		});
		return { deleted: 'all', dataset_id: datasetId, ...(response.data as IDataObject) };
	}
	const ids = [
		assertRagflowId(this, getLocatorValue(this, 'documentId', i), 'document', i),
		...parseIdList(this, this.getNodeParameter('moreIds', i, ''), 'document', i),
	].filter((id, index, all) => all.indexOf(id) === index);
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
