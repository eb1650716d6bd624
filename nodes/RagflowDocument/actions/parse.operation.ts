import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datasetLocator } from '../../shared/descriptions';
import type { OperationResult } from '../../shared/router';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../shared/utils';
import {
	documentIds,
	documentIdsFields,
	readWaitSettings,
	simplifyField,
	startParsing,
	waitAndReport,
	waitFields,
} from './common';

const properties: INodeProperties[] = [
	datasetLocator(),
	...documentIdsFields(
		'The document to parse. Choose from the list or enter its 32-character ID. Leave empty when all IDs are given in More Document IDs.',
		'Further documents of the same dataset to parse: IDs separated by commas, spaces or new lines, or an array from an expression',
	),
	...waitFields(
		'waitForCompletion',
		'Wait for Completion',
		'Whether to wait until every document is parsed and output each in its final state (DONE, FAIL or CANCEL). A failed parse or the timeout raises an error.',
		false,
	),
	simplifyField,
];

export const description = updateDisplayOptions({ show: { operation: ['parse'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<OperationResult> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const ids = documentIds(this, i);
	const wait = this.getNodeParameter('waitForCompletion', i, false) as boolean;
	const settings = wait ? readWaitSettings(this, i, '') : undefined;
	const data = await startParsing(this, i, datasetId, ids);
	if (settings) return await waitAndReport(this, i, datasetId, ids, settings);
	return {
		dataset_id: datasetId,
		document_ids: ids,
		success_count: (data.success_count as number | undefined) ?? ids.length,
	} as IDataObject;
}
