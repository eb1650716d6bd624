import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datasetLocator } from '../../../shared/descriptions';
import { ragflowRequest } from '../../../shared/transport';
import { withFallback } from '../../../shared/compat';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';

const properties: INodeProperties[] = [
	datasetLocator({ description: 'The dataset whose knowledge graph is deleted' }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['knowledgeGraph'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	// `/graph` is the current route; the older `/knowledge_graph` delete alias is broken on v0.27.
	// Before v0.25.1 the graph is at `/knowledge_graph`.
	await withFallback(
		this,
		'graph',
		async () =>
			await ragflowRequest.call(this, 'DELETE', `/datasets/${datasetId}/graph`, { itemIndex: i }),
		async () =>
			await ragflowRequest.call(this, 'DELETE', `/datasets/${datasetId}/knowledge_graph`, {
				itemIndex: i,
			}),
	);
	return { dataset_id: datasetId, deleted: true };
}
