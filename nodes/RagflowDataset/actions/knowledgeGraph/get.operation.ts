import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datasetLocator } from '../../../shared/descriptions';
import { ragflowRequest } from '../../../shared/transport';
import { withFallback } from '../../../shared/compat';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';

const properties: INodeProperties[] = [datasetLocator()];

export const description = updateDisplayOptions(
	{ show: { resource: ['knowledgeGraph'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	// Before v0.25.1 the graph is at `/knowledge_graph` (same answer).
	const response = await withFallback(
		this,
		'graph',
		async () =>
			await ragflowRequest.call(this, 'GET', `/datasets/${datasetId}/graph`, { itemIndex: i }),
		async () =>
			await ragflowRequest.call(this, 'GET', `/datasets/${datasetId}/knowledge_graph`, {
				itemIndex: i,
			}),
	);
	// Both parts are `{}` until a graph has been built; the output always has both keys.
	const data = (response.data ?? {}) as IDataObject;
	return { dataset_id: datasetId, graph: data.graph ?? {}, mind_map: data.mind_map ?? {} };
}
