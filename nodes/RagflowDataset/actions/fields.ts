import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { compact, utf8Length } from '../../shared/utils';

/** Chunk methods RAGFlow v0.27 accepts for datasets (`knowledge_graph` and `audio` are refused). */
export const datasetChunkMethodOptions = [
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
	{ name: 'Resume', value: 'resume' },
	{ name: 'Table', value: 'table' },
	{ name: 'Tag', value: 'tag' },
];

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
				name: 'chunkTokenNum',
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
				name: 'filenameEmbdWeight',
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
				description: 'Comma-separated entity types the knowledge graph extracts',
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
				name: 'html4excel',
				type: 'boolean',
				default: false,
				description: 'Whether spreadsheets are converted to HTML tables instead of key-value lines',
				...only(['naive']),
			},
			{
				displayName: 'Layout Recognizer',
				name: 'layoutRecognize',
				type: 'string',
				default: 'DeepDOC',
				description:
					'How PDFs are read: DeepDOC, Plain Text, MinerU, Docling, PaddleOCR, … or the name of a vision model',
				...only(PDF_METHODS),
			},
			{
				displayName: 'Page Ranges',
				name: 'pages',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1-10, 15-20',
				description: 'PDF pages to parse, as comma-separated inclusive ranges (1-based)',
			},
			{
				displayName: 'RAPTOR Max Clusters',
				name: 'raptorMaxCluster',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1024, numberPrecision: 0 },
				default: 64,
				description: 'Maximum number of clusters RAPTOR builds (1–1024)',
			},
			{
				displayName: 'RAPTOR Max Tokens',
				name: 'raptorMaxToken',
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
				name: 'tagKbIds',
				type: 'string',
				default: '',
				description: 'Comma-separated IDs of tag-set datasets used to tag chunks',
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
				name: 'topnTags',
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
				name: 'useParentChild',
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

function integer(
	ctx: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): number | undefined {
	if (value === undefined || value === '') return undefined;
	const n = Number(value);
	if (!Number.isInteger(n)) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a whole number`, {
			itemIndex,
			description: `Got "${String(value)}". RAGFlow refuses fractional values for this setting.`,
		});
	}
	return n;
}

function commaList(value: unknown): string[] | undefined {
	if (value === undefined) return undefined;
	const list = Array.isArray(value) ? value : String(value).split(',');
	return list.map((v) => String(v).trim()).filter((v) => v !== '');
}

function pageRanges(ctx: IExecuteFunctions, value: unknown, itemIndex: number) {
	const ranges = commaList(value);
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
		max_token: integer(ctx, s.raptorMaxToken, 'RAPTOR Max Tokens', itemIndex),
		clustering_threshold: s.raptorThreshold as number | undefined,
		max_cluster: integer(ctx, s.raptorMaxCluster, 'RAPTOR Max Clusters', itemIndex),
	} as IDataObject);
	const graphrag = compact({
		use_graphrag: s.useGraphrag as boolean | undefined,
		entity_types: commaList(s.graphragEntityTypes),
		method: s.graphragMethod as string | undefined,
	} as IDataObject);
	if (raptor.prompt !== undefined && !String(raptor.prompt).includes('{cluster_content}')) {
		throw new NodeOperationError(ctx.getNode(), 'RAPTOR Prompt must contain {cluster_content}', {
			itemIndex,
			description: 'RAGFlow replaces {cluster_content} with the text of the chunks to summarise.',
		});
	}
	const config = compact({
		chunk_token_num: integer(ctx, s.chunkTokenNum, 'Chunk Token Number', itemIndex),
		// The UI shows "\n" as two characters; RAGFlow expects the real control character.
		delimiter:
			s.delimiter === undefined
				? undefined
				: String(s.delimiter).replace(/\\n/g, '\n').replace(/\\t/g, '\t'),
		layout_recognize: s.layoutRecognize as string | undefined,
		auto_keywords: integer(ctx, s.autoKeywords, 'Auto Keywords', itemIndex),
		auto_questions: integer(ctx, s.autoQuestions, 'Auto Questions', itemIndex),
		html4excel: s.html4excel as boolean | undefined,
		tag_kb_ids: commaList(s.tagKbIds),
		topn_tags: integer(ctx, s.topnTags, 'Top N Tags', itemIndex),
		filename_embd_weight: s.filenameEmbdWeight as number | undefined,
		task_page_size: integer(ctx, s.taskPageSize, 'Task Page Size', itemIndex),
		pages: pageRanges(ctx, s.pages, itemIndex),
		raptor: Object.keys(raptor).length ? raptor : undefined,
		graphrag: Object.keys(graphrag).length ? graphrag : undefined,
		parent_child:
			s.useParentChild === undefined
				? undefined
				: { use_parent_child: s.useParentChild as boolean },
	} as IDataObject);
	if (config.delimiter === '') {
		throw new NodeOperationError(ctx.getNode(), 'Delimiter cannot be empty', {
			itemIndex,
			description: 'Enter at least one character, e.g. \\n to split at new lines.',
		});
	}
	return config;
}

/** Dataset names are 1–128 characters and must stay within 128 UTF-8 bytes. */
export function validateDatasetName(ctx: IExecuteFunctions, name: string, itemIndex: number) {
	const trimmed = String(name ?? '').trim();
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
		avatar = String(fields.avatar).trim();
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
	const value = String(model).trim();
	if (!/^[a-f0-9]{32}$/i.test(value) && !/^[^@]+@.+$/.test(value)) {
		throw new NodeOperationError(ctx.getNode(), `Embedding model "${value}" has no provider`, {
			itemIndex,
			description:
				'Write it as model_name@provider (e.g. BAAI/bge-large-zh-v1.5@BAAI), as listed in RAGFlow model settings, or leave it empty for the default.',
		});
	}
	return value;
}
