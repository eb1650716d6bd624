import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datasetLocator, deleteAllSwitch } from '../../shared/descriptions';
import { ragflowRequest } from '../../shared/transport';
import { assertDeleteResult } from '../../shared/deletion';
import {
	assertRagflowId,
	getLocatorValue,
	parseIdList,
	updateDisplayOptions,
} from '../../shared/utils';

const properties: INodeProperties[] = [
	deleteAllSwitch('Datasets', 'owned by the API key owner, with all their documents and chunks'),
	{
		...datasetLocator({ description: 'The dataset to delete' }),
		displayOptions: { show: { deleteAll: [false] } },
	},
	{
		displayName: 'More Dataset IDs',
		name: 'moreIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3, 8d2e…',
		description: 'Further datasets to delete in the same request: comma-separated IDs or an array',
		displayOptions: { show: { deleteAll: [false] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dataset'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const deleteAll = this.getNodeParameter('deleteAll', i, false) as boolean;
	if (deleteAll) {
		const response = await ragflowRequest.call(this, 'DELETE', '/datasets', {
			body: { delete_all: true },
			itemIndex: i,
		});
		return { deleted: 'all', ...(response.data as IDataObject) };
	}
	const ids = [
		assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i),
		...parseIdList(this, this.getNodeParameter('moreIds', i, ''), 'dataset', i),
	].filter((id, index, all) => all.indexOf(id) === index);
	const response = await ragflowRequest.call(this, 'DELETE', '/datasets', {
		body: { ids },
		itemIndex: i,
	});
	return assertDeleteResult(this, response.data as IDataObject, ids, 'dataset', i);
}
