import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { compact, parseIdList } from './utils';
import { numberInRange, splitList } from './validation';

/**
 * Parser settings (RAGFlow `parser_config`) and chunk methods, shared by the Dataset node (create,
 * update) and the Document node (update).
 */

/** Chunk methods RAGFlow v0.27 accepts for both datasets and documents. */
const commonChunkMethods: INodePropertyOptions[] = [
	{ name: 'Book', value: 'book' },
	{ name: 'Email', value: 'email' },
	{ name: 'General', value: 'naive' },
	{ name: 'Laws', value: 'laws' },
	{ name: 'Manual', value: 'manual' },
	{ name: 'One (Whole Document as One Chunk)', value: 'one' },
	{ name: 'Paper', value: 'paper' },
	{ name: 'Picture', value: 'picture' },
	{ name: 'Presentation', value: 'presentation' },
	{ name: 'Q&A', value: 'qa' },
	{ name: 'Table', value: 'table' },
	{ name: 'Tag', value: 'tag' },
];

/** The common chunk methods plus those only datasets or only documents accept, sorted by name. */
export function chunkMethodOptions(extra: INodePropertyOptions[]): INodePropertyOptions[] {
	return [...commonChunkMethods, ...extra].sort((a, b) => a.name.localeCompare(b.name));
}

const TEXT_METHODS = ['naive', 'book', 'email'];
const PDF_METHODS = ['naive', 'book', 'laws', 'manual', 'one', 'paper', 'picture', 'presentation'];

/**
 * Parser settings as real fields. With `byMethod`, fields only appear for the chunk methods that read
 * them (the create form has a top-level Chunk Method); on update they are all offered.
 */
export function parserConfigCollection(byMethod: boolean): INodeProperties {
	const only = (methods: string[]) =>
		byMethod ? { displayOptions: { show: { '/chunkMethod': methods } } } : {};
	return {
		displayName: 'Parser Settings',
		name: 'parserConfig',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		description:
			'How documents are split into chunks (RAGFlow parser_config). Settings left out keep RAGFlow defaults.',
		options: [
			{
				displayName: 'Auto Keywords',
				name: 'autoKeywords',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 32, numberPrecision: 0 },
				default: 0,
				description: 'Number of keywords an LLM extracts for each chunk (0–32, 0 = off)',
			},
			{
				displayName: 'Auto Questions',
				name: 'autoQuestions',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
				default: 0,
				description: 'Number of questions an LLM generates for each chunk (0–10, 0 = off)',
			},
			{
				displayName: 'Chunk Token Number',
				name: 'chunkTokenNumber',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 2048, numberPrecision: 0 },
				default: 512,
				description: 'Approximate size of a chunk in tokens (1–2048)',
				...only(TEXT_METHODS),
			},
			{
				displayName: 'Delimiter',
				name: 'delimiter',
				type: 'string',
				default: '\\n',
				description:
					'Characters to split text at; each character is a split point. Wrap a multi-character delimiter in backticks, e.g. `##`. Use \\n for a new line.',
				...only(TEXT_METHODS),
			},
			{
				displayName: 'Filename Embedding Weight',
				name: 'filenameEmbeddingWeight',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.1,
				description: 'Weight of the file name versus the content in each chunk embedding (0–1)',
			},
			{
				displayName: 'GraphRAG Entity Types',
				name: 'graphragEntityTypes',
				type: 'string',
				default: 'organization, person, geo, event, category',
				description: 'Entity types the knowledge graph extracts, separated by commas or new lines',
			},
			{
				displayName: 'GraphRAG Method',
				name: 'graphragMethod',
				type: 'options',
				options: [
					{ name: 'General', value: 'general' },
					{ name: 'Light', value: 'light' },
					{ name: 'NER', value: 'ner' },
				],
				default: 'light',
				description: 'Extraction method used when the knowledge graph is built',
			},
			{
				displayName: 'HTML for Excel',
				name: 'htmlForExcel',
				type: 'boolean',
				default: false,
				description: 'Whether spreadsheets are converted to HTML tables instead of key-value lines',
				...only(['naive']),
			},
			{
				displayName: 'Layout Recognizer',
				name: 'layoutRecognizer',
				type: 'string',
				default: 'DeepDOC',
				description:
					'How PDFs are read: DeepDOC, Plain Text, MinerU, Docling, PaddleOCR, … or the name of a vision model',
				...only(PDF_METHODS),
			},
			{
				displayName: 'Page Ranges',
				name: 'pageRanges',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1-10, 15-20',
				description:
					'PDF pages to parse, as inclusive ranges (1-based) separated by commas or new lines',
			},
			{
				displayName: 'RAPTOR Max Clusters',
				name: 'raptorMaxClusters',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1024, numberPrecision: 0 },
				default: 64,
				description: 'Maximum number of clusters RAPTOR builds (1–1024)',
			},
			{
				displayName: 'RAPTOR Max Tokens',
				name: 'raptorMaxTokens',
				type: 'number',
				typeOptions: { minValue: 512, maxValue: 2048, numberPrecision: 0 },
				default: 512,
				description: 'Maximum tokens of each RAPTOR summary (512–2048)',
			},
			{
				displayName: 'RAPTOR Prompt',
				name: 'raptorPrompt',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				description: 'Summary prompt for RAPTOR; must contain {cluster_content}',
			},
			{
				displayName: 'RAPTOR Threshold',
				name: 'raptorThreshold',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.3,
				description: 'Clustering similarity threshold for RAPTOR (0–1)',
			},
			{
				displayName: 'Tag Dataset IDs',
				name: 'tagDatasetIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3, 8d2e…',
				description:
					'IDs of the tag-set datasets used to tag chunks, separated by commas, spaces or new lines',
			},
			{
				displayName: 'Task Page Size',
				name: 'taskPageSize',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: 12,
				description: 'Number of PDF pages handled by one parse task',
			},
			{
				displayName: 'Top N Tags',
				name: 'topNTags',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 0 },
				default: 1,
				description: 'Number of tags given to each chunk (1–10)',
			},
			{
				displayName: 'Use GraphRAG',
				name: 'useGraphrag',
				type: 'boolean',
				default: false,
				description:
					'Whether the knowledge graph (GraphRAG) settings are enabled. Building the graph is started separately in RAGFlow.',
			},
			{
				displayName: 'Use Parent-Child Chunking',
				name: 'useParentChildChunking',
				type: 'boolean',
				default: false,
				description: 'Whether small child chunks are matched and their parent chunk returned',
				...only(['naive']),
			},
			{
				displayName: 'Use RAPTOR',
				name: 'useRaptor',
				type: 'boolean',
				default: false,
				description:
					'Whether the RAPTOR (recursive summary) settings are enabled. Building the summaries is started separately in RAGFlow.',
			},
		],
	};
}

/** RAGFlow's ranges of the parser settings (its strict parser_config model), checked before sending. */
const RANGES: Record<string, { label: string; min: number; max?: number; integer?: boolean }> = {
	chunkTokenNumber: { label: 'Chunk Token Number', min: 1, max: 2048, integer: true },
	autoKeywords: { label: 'Auto Keywords', min: 0, max: 32, integer: true },
	autoQuestions: { label: 'Auto Questions', min: 0, max: 10, integer: true },
	topNTags: { label: 'Top N Tags', min: 1, max: 10, integer: true },
	taskPageSize: { label: 'Task Page Size', min: 1, integer: true },
	filenameEmbeddingWeight: { label: 'Filename Embedding Weight', min: 0, max: 1 },
	raptorMaxTokens: { label: 'RAPTOR Max Tokens', min: 512, max: 2048, integer: true },
	raptorThreshold: { label: 'RAPTOR Threshold', min: 0, max: 1 },
	raptorMaxClusters: { label: 'RAPTOR Max Clusters', min: 1, max: 1024, integer: true },
};

function setting(
	ctx: IExecuteFunctions,
	settings: IDataObject,
	name: keyof typeof RANGES,
	itemIndex: number,
): number | undefined {
	const { label, ...range } = RANGES[name];
	return numberInRange(ctx, settings[name], label, itemIndex, range);
}

function pageRanges(ctx: IExecuteFunctions, value: unknown, itemIndex: number) {
	const ranges = splitList(value, { by: 'commaOrLine', keepUnset: true });
	if (!ranges || ranges.length === 0) return undefined;
	return ranges.map((range) => {
		const match = /^(\d+)\s*(?:-\s*(\d+))?$/.exec(range);
		if (!match) {
			throw new NodeOperationError(ctx.getNode(), `Invalid page range "${range}"`, {
				itemIndex,
				description: 'Write page ranges like "1-10, 15-20" or single pages like "3".',
			});
		}
		const from = Number(match[1]);
		return [from, match[2] ? Number(match[2]) : from];
	});
}

/** Translates the Parser Settings collection into RAGFlow's `parser_config` object. */
export function buildParserConfig(
	ctx: IExecuteFunctions,
	settings: IDataObject,
	itemIndex: number,
): IDataObject | undefined {
	if (!settings || Object.keys(settings).length === 0) return undefined;
	const s = settings;
	const raptor = compact({
		use_raptor: s.useRaptor as boolean | undefined,
		prompt: s.raptorPrompt ? String(s.raptorPrompt) : undefined,
		max_token: setting(ctx, s, 'raptorMaxTokens', itemIndex),
		clustering_threshold: setting(ctx, s, 'raptorThreshold', itemIndex),
		max_cluster: setting(ctx, s, 'raptorMaxClusters', itemIndex),
	} as IDataObject);
	const graphrag = compact({
		use_graphrag: s.useGraphrag as boolean | undefined,
		entity_types: splitList(s.graphragEntityTypes, { by: 'commaOrLine', keepUnset: true }),
		method: s.graphragMethod as string | undefined,
	} as IDataObject);
	if (raptor.prompt !== undefined && !String(raptor.prompt).includes('{cluster_content}')) {
		throw new NodeOperationError(ctx.getNode(), 'RAPTOR Prompt must contain {cluster_content}', {
			itemIndex,
			description: 'RAGFlow replaces {cluster_content} with the text of the chunks to summarise.',
		});
	}
	const config = compact({
		chunk_token_num: setting(ctx, s, 'chunkTokenNumber', itemIndex),
		// The UI shows "\n" as two characters; RAGFlow expects the real control character.
		delimiter:
			s.delimiter === undefined
				? undefined
				: String(s.delimiter).replace(/\\n/g, '\n').replace(/\\t/g, '\t'),
		layout_recognize: s.layoutRecognizer as string | undefined,
		auto_keywords: setting(ctx, s, 'autoKeywords', itemIndex),
		auto_questions: setting(ctx, s, 'autoQuestions', itemIndex),
		html4excel: s.htmlForExcel as boolean | undefined,
		tag_kb_ids:
			s.tagDatasetIds === undefined
				? undefined
				: parseIdList(ctx, s.tagDatasetIds, 'dataset', itemIndex),
		topn_tags: setting(ctx, s, 'topNTags', itemIndex),
		filename_embd_weight: setting(ctx, s, 'filenameEmbeddingWeight', itemIndex),
		task_page_size: setting(ctx, s, 'taskPageSize', itemIndex),
		pages: pageRanges(ctx, s.pageRanges, itemIndex),
		raptor: Object.keys(raptor).length ? raptor : undefined,
		graphrag: Object.keys(graphrag).length ? graphrag : undefined,
		parent_child:
			s.useParentChildChunking === undefined
				? undefined
				: { use_parent_child: s.useParentChildChunking as boolean },
	} as IDataObject);
	if (config.delimiter === '') {
		throw new NodeOperationError(ctx.getNode(), 'Delimiter cannot be empty', {
			itemIndex,
			description: 'Enter at least one character, e.g. \\n to split at new lines.',
		});
	}
	return config;
}
