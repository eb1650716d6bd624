import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Feature } from '../../shared/compat';
import { chunkMethodOptions } from '../../shared/parserConfig';
import { simplifyParameter, simplifyOutput } from '../../shared/descriptions';
import { utf8Length } from '../../shared/utils';
import { readText } from '../../shared/validation';

/**
 * Chunk methods RAGFlow v0.27 accepts for datasets: the common ones and `resume` (`knowledge_graph`
 * and `audio` are refused).
 */
export const datasetChunkMethodOptions = chunkMethodOptions([{ name: 'Resume', value: 'resume' }]);

/** Dataset names are 1–128 characters and must stay within 128 UTF-8 bytes. */
export function validateDatasetName(ctx: IExecuteFunctions, name: unknown, itemIndex: number) {
	const trimmed = readText(ctx, name, 'Name', itemIndex).trim();
	if (trimmed === '') {
		throw new NodeOperationError(ctx.getNode(), 'Dataset name is empty', {
			itemIndex,
			description: 'Enter a name for the dataset (1–128 characters).',
		});
	}
	if (utf8Length(trimmed) > 128) {
		throw new NodeOperationError(ctx.getNode(), 'Dataset name is too long', {
			itemIndex,
			description: `RAGFlow accepts at most 128 bytes; this name has ${utf8Length(trimmed)}. Note that accented and non-Latin characters take 2–4 bytes each.`,
		});
	}
	return trimmed;
}

/** Reads the avatar: a data URI, or an image from a binary property converted to one. */
export async function readAvatar(
	ctx: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
): Promise<string | undefined> {
	let avatar: string | undefined;
	if (fields.avatarBinaryProperty) {
		const property = String(fields.avatarBinaryProperty);
		const binary = ctx.helpers.assertBinaryData(itemIndex, property);
		const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		avatar = `data:${binary.mimeType};base64,${buffer.toString('base64')}`;
	} else if (fields.avatar) {
		avatar = readText(ctx, fields.avatar, 'Avatar (Data URI)', itemIndex).trim();
	}
	if (avatar === undefined) return undefined;
	const match = /^data:(image\/[a-z.+-]+);base64,/i.exec(avatar);
	if (!match || !['image/png', 'image/jpeg'].includes(match[1].toLowerCase())) {
		throw new NodeOperationError(ctx.getNode(), 'The avatar must be a PNG or JPEG image', {
			itemIndex,
			description:
				'Give a data URI such as data:image/png;base64,iVBOR…, or the name of a binary property holding a PNG or JPEG file.',
		});
	}
	if (avatar.length > 65535) {
		throw new NodeOperationError(ctx.getNode(), 'The avatar image is too large', {
			itemIndex,
			description: `RAGFlow accepts avatars up to 65,535 characters as base64 (about 48 KB of image); this one is ${avatar.length}. Use a smaller image.`,
		});
	}
	return avatar;
}

/** The dataset fields shared by Create and Update (in the Additional/Update Fields collection). */
export const datasetFields: Record<string, INodeProperties> = {
	avatar: {
		displayName: 'Avatar (Data URI)',
		name: 'avatar',
		type: 'string',
		default: '',
		placeholder: 'data:image/png;base64,iVBOR...',
		description: 'PNG or JPEG image as a base64 data URI',
	},
	avatarBinaryProperty: {
		displayName: 'Avatar Input Binary Field',
		name: 'avatarBinaryProperty',
		type: 'string',
		default: 'data',
		description:
			'Name of the input binary field holding a PNG or JPEG image to use as the avatar. Takes precedence over Avatar (Data URI).',
	},
	description: {
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'A short description of the dataset',
	},
	embeddingModel: {
		displayName: 'Embedding Model',
		name: 'embeddingModel',
		type: 'string',
		default: '',
		placeholder: 'e.g. BAAI/bge-large-zh-v1.5@BAAI',
		description:
			'Embedding model as model_name@provider (as in RAGFlow model settings). Leave empty for the default model of the API key owner.',
	},
	language: {
		displayName: 'Language',
		name: 'language',
		type: 'options',
		options: [
			{ name: 'Chinese', value: 'Chinese' },
			{ name: 'English', value: 'English' },
		],
		default: 'English',
		description: 'Language of the dataset content',
	},
	permission: {
		displayName: 'Permission',
		name: 'permission',
		type: 'options',
		options: [
			{ name: 'Only Me', value: 'me' },
			{ name: 'Team', value: 'team' },
		],
		default: 'me',
		description: 'Who can use the dataset: only the API key owner, or their whole team',
	},
};

export function validateEmbeddingModel(ctx: IExecuteFunctions, model: unknown, itemIndex: number) {
	if (model === undefined || model === '') return undefined;
	const value = readText(ctx, model, 'Embedding Model', itemIndex).trim();
	if (!/^[a-f0-9]{32}$/i.test(value) && !/^[^@]+@.+$/.test(value)) {
		throw new NodeOperationError(ctx.getNode(), `Embedding model "${value}" has no provider`, {
			itemIndex,
			description:
				'Write it as model_name@provider (e.g. BAAI/bge-large-zh-v1.5@BAAI), as listed in RAGFlow model settings, or leave it empty for the default.',
		});
	}
	return value;
}

/**
 * Fields kept by Simplify: what identifies and describes a dataset, without the nested
 * `parser_config`, the avatar data URI and the index-task bookkeeping (docs/ragflow-api.md §4.0).
 * `parsing_status` (Get Many with Include Parsing Status) and `size` (Get) are kept when present.
 */
export const SIMPLE_DATASET_KEYS = [
	'id',
	'name',
	'description',
	'language',
	'chunk_method',
	'embedding_model',
	'permission',
	'document_count',
	'chunk_count',
	'token_num',
	'size',
	'parsing_status',
	'create_time',
	'update_time',
];

/** Simplify of Dataset Get and Get Many (the last parameter of both). */
export const datasetSimplifyField = simplifyParameter(
	'Whether to return only the main fields of each dataset: ID, name, description, language, chunk_method, embedding_model, permission, document_count, chunk_count, token_num, size, parsing_status, create_time and update_time (the parser settings, parser_config, are left out)',
);

/** The datasets as returned, or only their `SIMPLE_DATASET_KEYS` when Simplify is on. */
export function simplifyDatasets(
	ctx: IExecuteFunctions,
	datasets: IDataObject[],
	itemIndex: number,
): IDataObject[] {
	return simplifyOutput(ctx, datasets, itemIndex, SIMPLE_DATASET_KEYS);
}

/** Dataset keys that servers before v0.25 refuse (101), and the setting each comes from. */
export const DATASET_REFUSALS = [
	{ key: 'ext', feature: 'datasetLanguage' },
	{ key: 'language', feature: 'datasetLanguage' },
	{ key: 'parent_child', feature: 'parentChild' },
	{ key: 'chunk_method', feature: 'resumeChunkMethod' },
] as const satisfies ReadonlyArray<{ key: string; feature: Feature }>;
