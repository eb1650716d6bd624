import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { datasetLocator, documentLocator } from '../../shared/descriptions';
import { isNotFoundAnswer } from '../../shared/notFound';
import { readListPage } from '../../shared/pagination';
import { ragflowApiError, ragflowRequestUnchecked } from '../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../shared/utils';
import {
	concurrencyOnlyOptions,
	documentIdsWording,
	simplifyDocuments,
	simplifyField,
} from './common';

const properties: INodeProperties[] = [
	datasetLocator(),
	documentLocator({ description: documentIdsWording('get').locator }),
	concurrencyOnlyOptions,
	simplifyField,
];

export const description = updateDisplayOptions({ show: { operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const documentId = assertRagflowId(this, getLocatorValue(this, 'documentId', i), 'document', i);
	// RAGFlow has no "get one document" route for metadata (GET …/documents/{id} downloads the
	// file), so the list is asked for exactly this id.
	const envelope = await ragflowRequestUnchecked.call(
		this,
		'GET',
		`/datasets/${datasetId}/documents`,
		{
			qs: { id: documentId, page: 1, page_size: 1 },
			itemIndex: i,
		},
	);
	const notFound = () =>
		new NodeOperationError(
			this.getNode(),
			`Document ${documentId} not found in dataset ${datasetId}`,
			{
				itemIndex: i,
				description:
					'Check the document ID and that the document belongs to the selected dataset (and that the API key owner can access it).',
			},
		);
	if (envelope.code !== 0) {
		if (isNotFoundAnswer(envelope, 'document')) throw notFound();
		throw ragflowApiError(this, envelope, { itemIndex: i });
	}
	const { items } = readListPage(envelope, 'docs');
	if (items.length === 0) throw notFound();
	return simplifyDocuments(this, items.slice(0, 1), i);
}
