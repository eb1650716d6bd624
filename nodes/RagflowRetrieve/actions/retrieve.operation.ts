import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { simplifyChunk } from '../../shared/chunks';
import {
	optionsCollection,
	readReturnAllOrLimit,
	returnAllOrLimit,
} from '../../shared/descriptions';
import {
	metadataFilterField,
	metadataLogicField,
	readMetadataFilter,
	RETRIEVAL_SPELLING,
} from '../../shared/metadataCondition';
import type { FetchPage } from '../../shared/pagination';
import { collectPages, MAX_PAGE_SIZE } from '../../shared/pagination';
import { requireFeature } from '../../shared/compat';
import { datasetsField, rerankModelField } from '../../shared/retrievalFields';
import { API_PREFIX, ragflowRequest } from '../../shared/transport';
import { compact, parseIdList } from '../../shared/utils';
import { numberInRange, optionalText, requireText, splitList } from '../../shared/validation';

const [returnAll, limit] = returnAllOrLimit();

const properties: INodeProperties[] = [
	{
		displayName: 'Question',
		name: 'question',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. How many vacation days do new employees get?',
		description:
			'The question or search query, in natural language. RAGFlow returns the chunks of text from the selected datasets that are most relevant to it.',
	},
	{ ...datasetsField, required: true },
	returnAll,
	{ ...limit, default: 10 },
	optionsCollection([
		{
			displayName: 'Cross Languages',
			name: 'crossLanguages',
			type: 'string',
			default: '',
			placeholder: 'e.g. English, German',
			description:
				'Languages the question is translated into before searching, to find chunks written in other languages; separated by commas or new lines',
		},
		{
			displayName: 'Document IDs',
			name: 'documentIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3, 8d2e…',
			description:
				'Only search these documents (32-character IDs separated by commas, spaces or new lines; they must belong to the selected datasets). Overrides the metadata filter.',
		},
		{
			displayName: 'Highlight',
			name: 'highlight',
			type: 'boolean',
			default: false,
			description: 'Whether to add a "highlight" field to each chunk with the matched terms marked',
		},
		{
			displayName: 'Include Document Metadata',
			name: 'includeMetadata',
			type: 'boolean',
			default: false,
			description: 'Whether to add the metadata of each chunk\'s document as "document_metadata"',
		},
		{
			displayName: 'Keyword Extraction',
			name: 'keywordExtraction',
			type: 'boolean',
			default: false,
			description:
				'Whether an LLM extracts keywords from the question and adds them to the search (slower, often finds more)',
		},
		metadataFilterField(
			'Only search documents whose metadata match these conditions. Ignored when Document IDs are given.',
		),
		metadataLogicField,
		{
			displayName: 'Output',
			name: 'outputMode',
			type: 'options',
			options: [
				{
					name: 'One Item per Chunk',
					value: 'chunks',
					description: 'Each relevant chunk becomes an output item',
				},
				{
					name: 'One Item with All Chunks',
					value: 'combined',
					description: 'A single item with "chunks", "doc_aggs" (matches per document) and "total"',
				},
			],
			default: 'chunks',
			description: 'How the results are returned',
		},
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE, numberPrecision: 0 },
			default: 30,
			description: 'Chunks fetched per request (1–100). By default the Limit decides (up to 100).',
		},
		rerankModelField,
		{
			displayName: 'Similarity Threshold',
			name: 'similarityThreshold',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.2,
			description: 'Minimum similarity (0–1) a chunk needs to be returned',
		},
		{
			displayName: 'Start Page',
			name: 'startPage',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 1,
			description:
				'Page of results to start from (pages have Page Size chunks), e.g. 2 to skip the first page',
		},
		{
			displayName: 'Table of Contents Enhancement',
			name: 'tocEnhancement',
			type: 'boolean',
			default: false,
			description: "Whether results are re-ranked using the documents' table of contents",
		},
		{
			displayName: 'Top K',
			name: 'topK',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 1024,
			description: 'Number of candidate chunks considered for vector search and reranking',
		},
		{
			displayName: 'Use Knowledge Graph',
			name: 'useKnowledgeGraph',
			type: 'boolean',
			default: false,
			description:
				'Whether to add a chunk built from the knowledge graph of the datasets (the graph must have been built in RAGFlow)',
		},
		{
			displayName: 'Vector Similarity Weight',
			name: 'vectorSimilarityWeight',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.3,
			description:
				'Weight (0–1) of vector (semantic) similarity in the combined score. The keyword similarity weight is 1 − this value.',
		},
	]),
];

// The node's only operation: its fields are always shown.
export const description = properties;

export async function execute(
	this: IExecuteFunctions,
	i: number,
): Promise<IDataObject | IDataObject[]> {
	const question = requireText(
		this,
		this.getNodeParameter('question', i),
		'Question',
		i,
		'Enter the question or search text to find relevant chunks for.',
	);
	const datasetIds = parseIdList(this, this.getNodeParameter('datasetIds', i, []), 'dataset', i);
	if (datasetIds.length === 0) {
		throw new NodeOperationError(this.getNode(), 'No dataset selected', {
			itemIndex: i,
			description: 'Choose at least one dataset to search, or give dataset IDs with an expression.',
		});
	}
	const paging = readReturnAllOrLimit(this, i);
	const wanted = paging.returnAll ? Infinity : (paging.limit ?? 10);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const pageSize =
		numberInRange(this, options.pageSize, 'Page Size', i, {
			min: 1,
			max: MAX_PAGE_SIZE,
			integer: true,
		}) ?? Math.min(MAX_PAGE_SIZE, wanted);
	const startPage =
		numberInRange(this, options.startPage, 'Start Page', i, { min: 1, integer: true }) ?? 1;
	const documentIds = parseIdList(this, options.documentIds, 'document', i);
	const crossLanguages = splitList(options.crossLanguages, { by: 'commaOrLine' });

	const base = compact({
		question,
		dataset_ids: datasetIds,
		document_ids: documentIds.length ? documentIds : undefined,
		similarity_threshold: numberInRange(
			this,
			options.similarityThreshold,
			'Similarity Threshold',
			i,
			{
				min: 0,
				max: 1,
			},
		),
		vector_similarity_weight: numberInRange(
			this,
			options.vectorSimilarityWeight,
			'Vector Similarity Weight',
			i,
			{ min: 0, max: 1 },
		),
		top_k: numberInRange(this, options.topK, 'Top K', i, {
			min: 0,
			exclusiveMin: true,
			integer: true,
		}),
		rerank_id: optionalText(this, options.rerankModel, 'Rerank Model', i),
		keyword: options.keywordExtraction as boolean | undefined,
		highlight: options.highlight as boolean | undefined,
		cross_languages: crossLanguages.length ? crossLanguages : undefined,
		metadata_condition: readMetadataFilter(this, options, RETRIEVAL_SPELLING, i),
		use_kg: options.useKnowledgeGraph as boolean | undefined,
		toc_enhance: options.tocEnhancement as boolean | undefined,
		include_metadata: options.includeMetadata ? true : undefined,
	} as IDataObject);

	// Older servers ignore these without a word (unfiltered or incomplete results): refused there.
	if (base.metadata_condition !== undefined)
		await requireFeature(this, 'retrievalMetadataFilter', i);
	if (base.toc_enhance) await requireFeature(this, 'tocEnhance', i);
	if (base.include_metadata) await requireFeature(this, 'includeMetadata', i);

	let total: number | undefined;
	let docAggs: IDataObject[] = [];
	const fetchPage: FetchPage = async (page, size) => {
		const response = await ragflowRequest.call(this, 'POST', '/retrieval', {
			body: { ...base, page, page_size: size },
			itemIndex: i,
			expectData: true,
		});
		const data = (response.data ?? {}) as IDataObject;
		const pageTotal = typeof data.total === 'number' ? data.total : undefined;
		if (page === startPage) {
			total = pageTotal;
			// A blank question gives `{}`; the document counts are a list otherwise.
			docAggs = Array.isArray(data.doc_aggs) ? (data.doc_aggs as IDataObject[]) : [];
		}
		const chunks = Array.isArray(data.chunks) ? (data.chunks as IDataObject[]) : [];
		return { items: chunks.map(simplifyChunk), total: pageTotal };
	};
	const results = await collectPages(this, fetchPage, {
		returnAll: paging.returnAll,
		limit: wanted,
		pageSize,
		startPage,
		itemIndex: i,
		request: `POST ${API_PREFIX}/retrieval`,
	});

	if (options.outputMode === 'combined') {
		return { total: total ?? results.length, chunks: results, doc_aggs: docAggs };
	}
	return results;
}
