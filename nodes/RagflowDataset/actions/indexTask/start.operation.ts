import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datasetLocator } from '../../../shared/descriptions';
import { ragflowRequest } from '../../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';
import { indexTypeField } from './fields';

const properties: INodeProperties[] = [datasetLocator(), indexTypeField];

export const description = updateDisplayOptions(
	{ show: { resource: ['indexTask'], operation: ['start'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const type = this.getNodeParameter('indexType', i) as string;
	const response = await ragflowRequest.call(this, 'POST', `/datasets/${datasetId}/index`, {
		qs: { type },
		itemIndex: i,
	});
	return { dataset_id: datasetId, type, ...((response.data ?? {}) as IDataObject) };
}
