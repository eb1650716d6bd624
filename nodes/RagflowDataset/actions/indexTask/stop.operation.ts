import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datasetLocator } from '../../../shared/descriptions';
import { ragflowRequest } from '../../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';
import { indexTypeField } from './fields';

const properties: INodeProperties[] = [
	datasetLocator(),
	indexTypeField,
	{
		displayName: 'Keep Built Data',
		name: 'keepData',
		type: 'boolean',
		default: false,
		description:
			'Whether to keep what the task has built so far (graph, summaries). By default the task is cancelled and its results removed.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['indexTask'], operation: ['stop'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const type = this.getNodeParameter('indexType', i) as string;
	const keepData = this.getNodeParameter('keepData', i, false) as boolean;
	await ragflowRequest.call(this, 'DELETE', `/datasets/${datasetId}/index`, {
		qs: keepData ? { type, wipe: false } : { type },
		itemIndex: i,
	});
	return { dataset_id: datasetId, type, stopped: true, data_removed: !keepData };
}
