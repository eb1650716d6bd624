import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datasetLocator } from '../../shared/descriptions';
import { withFallback } from '../../shared/compat';
import { readListPage } from '../../shared/pagination';
import { noDataError, ragflowRequest } from '../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../shared/utils';
import { datasetSimplifyField, simplifyDatasets } from './fields';

const properties: INodeProperties[] = [datasetLocator(), datasetSimplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['dataset'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const dataset = await withFallback(
		this,
		'datasetGet',
		async () => {
			const response = await ragflowRequest.call(this, 'GET', `/datasets/${datasetId}`, {
				itemIndex: i,
				expectData: true,
			});
			return response.data as IDataObject;
		},
		// Before v0.25.1: the list filtered by id (an unknown id is RAGFlow's "lacks permission").
		async () => {
			const response = await ragflowRequest.call(this, 'GET', '/datasets', {
				qs: { id: datasetId, page: 1, page_size: 1 },
				itemIndex: i,
				expectData: true,
			});
			const found = readListPage(response).items[0];
			if (!found) throw noDataError(this, 'GET', '/datasets', i);
			return found;
		},
	);
	return simplifyDatasets(this, [dataset], i)[0];
}
