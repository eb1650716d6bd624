import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datasetLocator, optionsCollection } from '../../shared/descriptions';
import type { OperationResult } from '../../shared/router';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../shared/utils';
import {
	documentIds,
	documentIdsFields,
	readWaitSettings,
	simplifyField,
	startParsing,
	waitAndReport,
	waitOptions,
} from './common';

const properties: INodeProperties[] = [
	datasetLocator(),
	...documentIdsFields('parse'),
	optionsCollection(waitOptions),
	simplifyField,
];

export const description = updateDisplayOptions({ show: { operation: ['parse'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<OperationResult> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const ids = documentIds(this, i);
	const settings = readWaitSettings(this, i);
	const data = await startParsing(this, i, datasetId, ids);
	if (settings) return await waitAndReport(this, i, datasetId, ids, settings);
	return {
		dataset_id: datasetId,
		document_ids: ids,
		success_count: (data.success_count as number | undefined) ?? ids.length,
	} as IDataObject;
}
