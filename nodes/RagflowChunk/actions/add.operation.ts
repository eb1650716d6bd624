import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { additionalFieldsCollection } from '../../shared/descriptions';
import { requireFeature } from '../../shared/compat';
import { ragflowRequest } from '../../shared/transport';
import { compact, updateDisplayOptions } from '../../shared/utils';
import { splitList } from '../../shared/validation';
import {
	chunkFields,
	parentLocators,
	readImageBase64,
	readParents,
	requireContent,
} from './common';

const properties: INodeProperties[] = [
	...parentLocators,
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description:
			'Text of the new chunk (not blank). For Q&A documents write the question and answer separated by a tab or new line.',
	},
	additionalFieldsCollection([
		chunkFields.imageBinaryProperty,
		chunkFields.importantKeywords,
		chunkFields.questions,
		chunkFields.tags,
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['add'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { path } = readParents(this, i);
	const content = requireContent(this, this.getNodeParameter('content', i), i);
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body = compact({
		content,
		important_keywords: splitList(fields.importantKeywords, {
			by: 'commaOrLine',
			keepUnset: true,
		}),
		questions: splitList(fields.questions, { by: 'line', keepUnset: true }),
		tag_kwd: splitList(fields.tags, { by: 'commaOrLine', keepUnset: true }),
		image_base64: await readImageBase64(this, fields.imageBinaryProperty, i),
	} as IDataObject);
	// Before v0.25 the server ignores tags and images without a word.
	if (body.tag_kwd !== undefined) await requireFeature(this, 'chunkTags', i);
	if (body.image_base64 !== undefined) await requireFeature(this, 'chunkImage', i);
	const response = await ragflowRequest.call(this, 'POST', path, {
		body,
		itemIndex: i,
		expectData: true,
	});
	const data = (response.data ?? {}) as IDataObject;
	return (data.chunk as IDataObject) ?? data;
}
