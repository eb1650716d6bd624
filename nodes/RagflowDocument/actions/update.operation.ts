import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { datasetLocator, documentLocator, updateFieldsCollection } from '../../shared/descriptions';
import {
	buildParserConfig,
	chunkMethodOptions,
	parserConfigCollection,
} from '../../shared/parserConfig';
import { withFallback } from '../../shared/compat';
import { ragflowRequest } from '../../shared/transport';
import {
	assertRagflowId,
	compact,
	getLocatorValue,
	updateDisplayOptions,
	utf8Length,
} from '../../shared/utils';
import { readText, requireChanges } from '../../shared/validation';
import { documentIdsWording, simplifyDocuments, simplifyField } from './common';
import { metaFieldsField, readMetaFields } from './metadataFields';

/**
 * Chunk methods RAGFlow v0.27 accepts for documents: the common ones, `audio` and the legacy
 * `knowledge_graph` (`resume` is dataset-only).
 */
export const documentChunkMethodOptions = chunkMethodOptions([
	{ name: 'Audio', value: 'audio' },
	{ name: 'Knowledge Graph (Legacy)', value: 'knowledge_graph' },
]);
const DOCUMENT_CHUNK_METHODS = documentChunkMethodOptions.map((o) => o.value);

/**
 * The dataset's Parser Settings, shown per chunk method: a setting appears when the chosen method
 * reads it, and every setting appears with Keep Current. Knowledge Graph runs the General parser,
 * so it gets General's settings.
 */
function documentParserSettings(): INodeProperties {
	const collection = parserConfigCollection(true);
	return {
		...collection,
		options: (collection.options as INodeProperties[]).map((option) => {
			const methods = option.displayOptions?.show?.['/chunkMethod'] as string[] | undefined;
			if (!methods) return option;
			const extra = methods.includes('naive') ? ['knowledge_graph', ''] : [''];
			return { ...option, displayOptions: { show: { '/chunkMethod': [...methods, ...extra] } } };
		}),
	};
}

const properties: INodeProperties[] = [
	datasetLocator(),
	documentLocator({ description: documentIdsWording('update').locator }),
	{
		displayName: 'Chunk Method',
		name: 'chunkMethod',
		type: 'options',
		options: [{ name: 'Keep Current', value: '' }, ...documentChunkMethodOptions],
		default: '',
		description:
			'New chunk method, or Keep Current. Changing it resets the document (its chunks are deleted) and it must be parsed again. RAGFlow refuses a change for file types with a fixed method (images, audio, slides, emails). Parser Settings show the fields the chosen method reads.',
	},
	updateFieldsCollection([
		{
			displayName: 'Enabled',
			name: 'enabled',
			type: 'boolean',
			default: true,
			description:
				'Whether the document is used in retrieval (a disabled document keeps its chunks but is not searched)',
		},
		metaFieldsField(
			"The document's metadata (meta_fields). Replaces all existing metadata of the document with these key/value pairs.",
		),
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. report-2026.pdf',
			description:
				'New document name, with the same file extension as before (max 255 bytes; must be unique in the dataset)',
		},
	]),
	documentParserSettings(),
	simplifyField,
];

export const description = updateDisplayOptions({ show: { operation: ['update'] } }, properties);

function chunkMethod(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): string | undefined {
	if (value === undefined) return undefined;
	const method = String(value).trim();
	if (!DOCUMENT_CHUNK_METHODS.includes(method)) {
		throw new NodeOperationError(ctx.getNode(), `"${method}" is not a chunk method for documents`, {
			itemIndex,
			description:
				method === 'resume'
					? 'Resume can only be set on a dataset, not on a single document.'
					: `Use one of: ${DOCUMENT_CHUNK_METHODS.join(', ')}.`,
		});
	}
	return method;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const datasetId = assertRagflowId(this, getLocatorValue(this, 'datasetId', i), 'dataset', i);
	const documentId = assertRagflowId(this, getLocatorValue(this, 'documentId', i), 'document', i);
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	let name: string | undefined;
	if (fields.name !== undefined) {
		name = readText(this, fields.name, 'Name', i).trim();
		if (!name || utf8Length(name) > 255) {
			throw new NodeOperationError(
				this.getNode(),
				name ? 'Document name is too long' : 'Document name is empty',
				{
					itemIndex: i,
					description:
						'Enter a name of 1–255 bytes that keeps the file extension, e.g. report-2026.pdf.',
				},
			);
		}
	}
	const method = chunkMethod(this, this.getNodeParameter('chunkMethod', i, '') || undefined, i);
	let parserConfig = buildParserConfig(
		this,
		this.getNodeParameter('parserConfig', i, {}) as IDataObject,
		i,
	);
	// RAGFlow has no default parser settings for audio and fails when switching to it without any.
	if (method === 'audio' && !parserConfig) {
		parserConfig = { raptor: { use_raptor: false }, graphrag: { use_graphrag: false } };
	}
	const body = compact({
		name,
		chunk_method: method,
		parser_config: parserConfig,
		// RAGFlow wants 0/1 here (its strict schema refuses booleans).
		enabled: fields.enabled === undefined ? undefined : fields.enabled ? 1 : 0,
		meta_fields: readMetaFields(this, fields.metaFields, i),
	} as IDataObject);
	requireChanges(
		this,
		body,
		'Choose a Chunk Method, or add at least one field under Update Fields or Parser Settings.',
		i,
	);
	// Before v0.25 the same update is a PUT.
	const path = `/datasets/${datasetId}/documents/${documentId}`;
	const response = await withFallback(
		this,
		'documentPatch',
		async () => await ragflowRequest.call(this, 'PATCH', path, { body, itemIndex: i }),
		async () => await ragflowRequest.call(this, 'PUT', path, { body, itemIndex: i }),
	);
	const doc = (response.data ?? { id: documentId, dataset_id: datasetId }) as IDataObject;
	return simplifyDocuments(this, [doc], i);
}
