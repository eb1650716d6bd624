import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datasetLocator } from '../../../shared/descriptions';
import { asNodeError, needsVersionError, withFallback } from '../../../shared/compat';
import { isRouteMissing, ragflowRequest } from '../../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';
import { indexTypeField, oldIndexRoute } from './fields';

const properties: INodeProperties[] = [datasetLocator(), indexTypeField];

export const description = updateDisplayOptions(
	{ show: { resource: ['indexTask'], operation: ['start'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const type = this.getNodeParameter('indexType', i) as string;
	const response = await withFallback(
		this,
		'indexTasks',
		async () =>
			await ragflowRequest.call(this, 'POST', `/datasets/${datasetId}/index`, {
				qs: { type },
				itemIndex: i,
			}),
		async () => {
			const path = `/datasets/${datasetId}/${oldIndexRoute(this, type, 'run', i)}`;
			try {
				return await ragflowRequest.call(this, 'POST', path, { itemIndex: i });
			} catch (error) {
				if (isRouteMissing(error)) throw needsVersionError(this, 'Index tasks', '0.22', i);
				throw asNodeError(this, error, i);
			}
		},
	);
	return { dataset_id: datasetId, type, ...((response.data ?? {}) as IDataObject) };
}
