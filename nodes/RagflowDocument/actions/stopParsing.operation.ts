import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { datasetLocator } from '../../shared/descriptions';
import { withFallback } from '../../shared/compat';
import { ragflowRequest } from '../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../shared/utils';
import { documentIds, documentIdsFields } from './common';

const properties: INodeProperties[] = [datasetLocator(), ...documentIdsFields('stop parsing')];

export const description = updateDisplayOptions(
	{ show: { operation: ['stopParsing'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const ids = documentIds(this, i);
	// Before v0.25.1 parsing is stopped by `DELETE /datasets/{id}/chunks` (same body and answer).
	const body = { document_ids: ids };
	const response = await withFallback(
		this,
		'documentParse',
		async () =>
			await ragflowRequest.call(this, 'POST', `/datasets/${datasetId}/documents/stop`, {
				body,
				itemIndex: i,
			}),
		async () =>
			await ragflowRequest.call(this, 'DELETE', `/datasets/${datasetId}/chunks`, {
				body,
				itemIndex: i,
			}),
	);
	const data = (response.data ?? {}) as IDataObject;
	const errors = Array.isArray(data.errors) ? (data.errors as unknown[]).map(String) : [];
	const stopped = (data.success_count as number | undefined) ?? ids.length - errors.length;
	// Documents that were not running are reported in `errors` while the others are stopped.
	if (errors.length > 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Parsing stopped for ${stopped} of ${ids.length} documents`,
			{
				itemIndex: i,
				description: `RAGFlow reported: ${errors.join('; ')}. Only documents that are being parsed can be stopped.`,
			},
		);
	}
	return { dataset_id: datasetId, document_ids: ids, success_count: stopped };
}
