import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError, needsVersionError } from '../../../shared/compat';
import { isRouteMissing, ragflowRequest } from '../../../shared/transport';
import { indexTaskDescription, readIndexTask } from './fields';

export const description = indexTaskDescription('stop', [
	{
		displayName: 'Keep Built Data',
		name: 'keepData',
		type: 'boolean',
		default: false,
		description:
			'Whether to keep what the task has built so far (graph, summaries). By default the task is cancelled and its results removed.',
	},
]);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { datasetId, type } = readIndexTask(this, i);
	const keepData = this.getNodeParameter('keepData', i, false) as boolean;
	try {
		await ragflowRequest.call(this, 'DELETE', `/datasets/${datasetId}/index`, {
			qs: keepData ? { type, wipe: false } : { type },
			itemIndex: i,
		});
	} catch (error) {
		// v0.25.1 – v0.25.2 only have `DELETE /datasets/{id}/<type>`, whose generic path takes
		// "index" for a type (101 "Invalid index type 'index'"); they always remove the built data.
		const oldRoute =
			error instanceof NodeApiError && /Invalid index type 'index'/.test(String(error.message));
		// Before v0.25.1 a running task cannot be stopped through the API (a missing route changes
		// nothing).
		if (isRouteMissing(error)) throw needsVersionError(this, 'Stopping an index task', '0.25.1', i);
		if (!oldRoute) throw asNodeError(this, error, i);
		if (keepData) throw needsVersionError(this, 'Keep Built Data', '0.25.3', i);
		await ragflowRequest.call(this, 'DELETE', `/datasets/${datasetId}/${type}`, { itemIndex: i });
	}
	return { dataset_id: datasetId, type, stopped: true, data_removed: !keepData };
}
