import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { indexTaskDescription, indexTaskRequest, readIndexTask } from './fields';

export const description = indexTaskDescription('start');

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { datasetId, type } = readIndexTask(this, i);
	return {
		dataset_id: datasetId,
		type,
		...(await indexTaskRequest(this, i, datasetId, type, 'run')),
	};
}
