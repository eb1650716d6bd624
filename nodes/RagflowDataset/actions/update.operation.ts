import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datasetLocator, updateFieldsCollection } from '../../shared/descriptions';
import { refusalAsNeedsVersion } from '../../shared/compat';
import { buildParserConfig, parserConfigCollection } from '../../shared/parserConfig';
import { ragflowRequest } from '../../shared/transport';
import { numberInRange, requireChanges } from '../../shared/validation';
import {
	assertRagflowId,
	compact,
	getLocatorValue,
	updateDisplayOptions,
} from '../../shared/utils';
import {
	DATASET_REFUSALS,
	datasetChunkMethodOptions,
	datasetFields,
	readAvatar,
	validateDatasetName,
	validateEmbeddingModel,
} from './fields';

const properties: INodeProperties[] = [
	datasetLocator(),
	updateFieldsCollection([
		datasetFields.avatar,
		datasetFields.avatarBinaryProperty,
		{
			displayName: 'Chunk Method',
			name: 'chunkMethod',
			type: 'options',
			options: datasetChunkMethodOptions,
			default: 'naive',
			description:
				'New chunk method for documents parsed from now on (existing documents keep theirs)',
		},
		datasetFields.description,
		datasetFields.embeddingModel,
		datasetFields.language,
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. Product manuals',
			description: 'New name (1–128 characters; must not be used by another dataset)',
		},
		{
			displayName: 'Page Rank',
			name: 'pagerank',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 0 },
			default: 0,
			description:
				'Boost (0–100) for chunks of this dataset when several datasets are searched. Needs RAGFlow with Elasticsearch.',
		},
		datasetFields.permission,
	]),
	parserConfigCollection(false),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dataset'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const parserConfig = buildParserConfig(
		this,
		this.getNodeParameter('parserConfig', i, {}) as IDataObject,
		i,
	);
	const body = compact({
		name:
			fields.name !== undefined ? validateDatasetName(this, fields.name as string, i) : undefined,
		avatar: await readAvatar(this, fields, i),
		description: fields.description as string | undefined,
		embedding_model: validateEmbeddingModel(this, fields.embeddingModel, i),
		permission: fields.permission as string | undefined,
		chunk_method: fields.chunkMethod as string | undefined,
		language: fields.language as string | undefined,
		pagerank: numberInRange(this, fields.pagerank, 'Page Rank', i, {
			min: 0,
			max: 100,
			integer: true,
		}),
		parser_config: parserConfig,
	} as IDataObject);
	requireChanges(this, body, 'Add at least one field under Update Fields or Parser Settings.', i);
	// Before v0.25: Language, Parent-child and Resume are refused (101) and nothing changes.
	let response;
	try {
		response = await ragflowRequest.call(this, 'PUT', `/datasets/${datasetId}`, {
			body,
			itemIndex: i,
		});
	} catch (error) {
		throw refusalAsNeedsVersion(this, error, DATASET_REFUSALS, i);
	}
	return response.data as IDataObject;
}
