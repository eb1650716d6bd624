import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateFieldsCollection } from '../../shared/descriptions';
import { needsVersionError, withFallback } from '../../shared/compat';
import { ragflowRequest } from '../../shared/transport';
import { compact, updateDisplayOptions } from '../../shared/utils';
import { requireChanges, splitList } from '../../shared/validation';
import {
	chunkFields,
	chunkIdField,
	parentLocators,
	readChunkId,
	readImageBase64,
	readParents,
	requireContent,
} from './common';

const properties: INodeProperties[] = [
	...parentLocators,
	chunkIdField('update'),
	updateFieldsCollection([
		{
			displayName: 'Available',
			name: 'available',
			type: 'boolean',
			default: true,
			description: 'Whether the chunk is used in retrieval',
		},
		{
			displayName: 'Content',
			name: 'content',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			description: 'New text of the chunk (not blank). The chunk is embedded again.',
		},
		chunkFields.imageBinaryProperty,
		chunkFields.importantKeywords,
		chunkFields.questions,
		chunkFields.tags,
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { path, datasetId, documentId } = readParents(this, i);
	const chunkId = readChunkId(this, i);
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const body = compact({
		content: fields.content === undefined ? undefined : requireContent(this, fields.content, i),
		important_keywords: splitList(fields.importantKeywords, { by: 'commaOrLine', keepUnset: true }),
		questions: splitList(fields.questions, { by: 'line', keepUnset: true }),
		tag_kwd: splitList(fields.tags, { by: 'commaOrLine', keepUnset: true }),
		available: fields.available as boolean | undefined,
		image_base64: await readImageBase64(this, fields.imageBinaryProperty, i),
	} as IDataObject);
	requireChanges(this, body, 'Add at least one field under Update Fields.', i);
	await withFallback(
		this,
		'chunkPatch',
		async () =>
			await ragflowRequest.call(this, 'PATCH', `${path}/${chunkId}`, { body, itemIndex: i }),
		async () => {
			// Before v0.25.1 the update is a PUT, which ignores tags and images.
			if (body.tag_kwd !== undefined) throw needsVersionError(this, 'Chunk tags', '0.25.1', i);
			if (body.image_base64 !== undefined) {
				throw needsVersionError(this, 'A chunk image', '0.25.1', i);
			}
			return await ragflowRequest.call(this, 'PUT', `${path}/${chunkId}`, { body, itemIndex: i });
		},
	);
	// RAGFlow answers without data: report what was changed.
	const { image_base64: image, ...changed } = body;
	return {
		id: chunkId,
		dataset_id: datasetId,
		document_id: documentId,
		...changed,
		...(image ? { image_updated: true } : {}),
	};
}
