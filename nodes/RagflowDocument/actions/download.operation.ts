import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fileNameFromContentDisposition } from '../../shared/binary';
import { datasetLocator, documentLocator } from '../../shared/descriptions';
import type { BinaryStream } from '../../shared/multipart';
import type { OperationResult } from '../../shared/router';
import { outputItems } from '../../shared/router';
import { ragflowApiError, ragflowStreamRequest } from '../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../shared/utils';
import { documentIdsWording } from './common';

const properties: INodeProperties[] = [
	datasetLocator(),
	documentLocator({ description: documentIdsWording('download').locator }),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		description:
			'Binary field of the output item that receives the original file. Other binary fields of the input item are kept.',
	},
];

export const description = updateDisplayOptions({ show: { operation: ['download'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<OperationResult> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const documentId = assertRagflowId(this, getLocatorValue(this, 'documentId', i), 'document', i);
	const property = String(this.getNodeParameter('binaryPropertyName', i) ?? '').trim();
	if (!property) {
		throw new NodeOperationError(this.getNode(), 'No output binary field name given', {
			itemIndex: i,
			description: 'Enter the name of the binary field to put the file in, e.g. data.',
		});
	}
	// The file is streamed into n8n's binary store; RAGFlow errors arrive as JSON envelopes and are
	// raised by the transport, so an error is never saved as a file.
	const response = await ragflowStreamRequest.call(
		this,
		'GET',
		`/datasets/${datasetId}/documents/${documentId}`,
		{
			itemIndex: i,
		},
	);
	if (typeof (response.body as { pipe?: unknown } | null)?.pipe !== 'function') {
		// A JSON answer with code 0 instead of a file: never store it as the document.
		throw ragflowApiError(
			this,
			{ message: 'RAGFlow answered with JSON instead of the file' },
			{
				itemIndex: i,
				description: 'The document may be empty or stored elsewhere. Check it in RAGFlow.',
			},
		);
	}
	const disposition = String(response.headers['content-disposition'] ?? '');
	if (!/^\s*attachment\b/i.test(disposition)) {
		// RAGFlow sends every file as an attachment; anything else (a proxy's login page, a web UI)
		// would otherwise be stored as the document.
		(response.body as BinaryStream).destroy();
		const contentType = String(response.headers['content-type'] ?? '') || 'no content type';
		throw ragflowApiError(
			this,
			{ message: `RAGFlow did not send a file but a page (${contentType}) for the download` },
			{
				itemIndex: i,
				description:
					'The answer is not a file attachment, so it is not stored as the document. Check that the Base URL in the credential points at the RAGFlow API server (port 9380 by default), not at its web UI or a proxy login page.',
			},
		);
	}
	const fileName = fileNameFromContentDisposition(disposition) ?? documentId;
	const mimeType =
		String(response.headers['content-type'] ?? '')
			.split(';')[0]
			.trim() || undefined;
	const binary = await this.helpers.prepareBinaryData(
		response.body as BinaryStream,
		fileName,
		mimeType,
	);
	const input = this.getInputData()[i];
	const json: IDataObject = {
		id: documentId,
		dataset_id: datasetId,
		file_name: binary.fileName ?? fileName,
		mime_type: binary.mimeType,
		size: binary.bytes,
	};
	return outputItems([{ json, binary: { ...(input?.binary ?? {}), [property]: binary } }]);
}
