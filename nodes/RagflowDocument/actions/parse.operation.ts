import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { concurrencyOption } from '../../shared/concurrency';
import { datasetLocator, documentLocator } from '../../shared/descriptions';
import type { OperationResult } from '../../shared/router';
import {
	assertRagflowId,
	getLocatorValue,
	parseIdList,
	updateDisplayOptions,
} from '../../shared/utils';
import { readWaitSettings, simplifyField, startParsing, waitAndReport, waitFields } from './common';

const properties: INodeProperties[] = [
	datasetLocator(),
	{
		...documentLocator({
			description:
				'The document to parse. Choose from the list or enter its 32-character ID. Leave empty when all IDs are given in More Document IDs.',
		}),
		required: false,
	},
	{
		displayName: 'More Document IDs',
		name: 'moreIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.IDs }} or 3f1c0a5e…, 8d2e…',
		description:
			'Further documents of the same dataset to parse: comma-separated IDs, or an array from an expression',
	},
	...waitFields(
		'waitForCompletion',
		'Wait for Completion',
		'Whether to wait until every document is parsed and output each in its final state (DONE, FAIL or CANCEL). A failed parse or the timeout raises an error.',
		false,
	),
	simplifyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [concurrencyOption()],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['parse'] } }, properties);

/** Ids from the locator plus the list; at least one is required. */
export function documentIds(ctx: IExecuteFunctions, i: number): string[] {
	const first = getLocatorValue(ctx, 'documentId', i);
	const more = parseIdList(ctx, ctx.getNodeParameter('moreIds', i, ''), 'document', i);
	const ids = first ? [assertRagflowId(ctx, first, 'document', i), ...more] : more;
	if (ids.length === 0) assertRagflowId(ctx, '', 'document', i);
	return ids.filter((id, index) => ids.indexOf(id) === index);
}

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
