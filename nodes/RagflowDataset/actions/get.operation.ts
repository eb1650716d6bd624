import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datasetLocator } from '../../shared/descriptions';
import { ragflowRequest } from '../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../shared/utils';

const properties: INodeProperties[] = [datasetLocator()];

export const description = updateDisplayOptions(
	{ show: { resource: ['dataset'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const response = await ragflowRequest.call(this, 'GET', `/datasets/${datasetId}`, {
		itemIndex: i,
		expectData: true,
	});
	return response.data as IDataObject;
}
