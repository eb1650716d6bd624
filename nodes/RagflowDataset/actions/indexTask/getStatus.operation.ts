import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { indexTaskDescription, indexTaskRequest, readIndexTask, taskStatus } from './fields';

export const description = indexTaskDescription('getStatus');

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { datasetId, type } = readIndexTask(this, i);
	const task = await indexTaskRequest(this, i, datasetId, type, 'trace');
	return { dataset_id: datasetId, type, status: taskStatus(task.progress), ...task };
}
