import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { additionalFieldsCollection } from '../../shared/descriptions';
import { refusalAsNeedsVersion } from '../../shared/compat';
import { buildParserConfig, parserConfigCollection } from '../../shared/parserConfig';
import { ragflowRequest } from '../../shared/transport';
import { compact, updateDisplayOptions } from '../../shared/utils';
import {
	DATASET_REFUSALS,
	datasetChunkMethodOptions,
	datasetFields,
	readAvatar,
	validateDatasetName,
	validateEmbeddingModel,
} from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Product manuals',
		description:
			'Name of the new dataset (1–128 characters). If the name is taken, RAGFlow adds a suffix such as "(1)".',
	},
	{
		displayName: 'Chunk Method',
		name: 'chunkMethod',
		type: 'options',
		options: datasetChunkMethodOptions,
		default: 'naive',
		description:
			'How documents of this dataset are split into chunks. For a knowledge graph, use General and build the graph from RAGFlow.',
	},
	additionalFieldsCollection([
		datasetFields.avatar,
		datasetFields.avatarBinaryProperty,
		datasetFields.description,
		datasetFields.embeddingModel,
		datasetFields.language,
		datasetFields.permission,
	]),
	parserConfigCollection(true),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dataset'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const name = validateDatasetName(this, this.getNodeParameter('name', i) as string, i);
	const chunkMethod = this.getNodeParameter('chunkMethod', i) as string;
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const parserConfig = buildParserConfig(
		this,
		this.getNodeParameter('parserConfig', i, {}) as IDataObject,
		i,
	);
	const body = compact({
		name,
		chunk_method: chunkMethod,
		avatar: await readAvatar(this, fields, i),
		description: (fields.description as string) || undefined,
		embedding_model: validateEmbeddingModel(this, fields.embeddingModel, i),
		permission: fields.permission as string | undefined,
		parser_config: parserConfig,
		// Create refuses a `language` key; `ext` is merged into the stored dataset and sets it.
		ext: fields.language ? { language: fields.language } : undefined,
	} as IDataObject);
	// Before v0.25: Language, Parent-child and Resume are refused (101) and nothing changes.
	let response;
	try {
		response = await ragflowRequest.call(this, 'POST', '/datasets', {
			body,
			itemIndex: i,
			expectData: true,
		});
	} catch (error) {
		throw refusalAsNeedsVersion(this, error, DATASET_REFUSALS, i);
	}
	return response.data as IDataObject;
}
