import { normalizeChat, withFallback } from '../../shared/compat';
import { readListPage } from '../../shared/pagination';
import { noDataError, ragflowRequest } from '../../shared/transport';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { compact, parseIdList, utf8Length } from '../../shared/utils';
import { numberInRange, readText, requireText } from '../../shared/validation';

/**
 * The chat assistant settings, named as in the RAGFlow Python API reference (what users know from
 * its docs). `buildChatBody` translates them to the fields the current server reads
 * (docs/ragflow-api.md §18): a server ignores the old `llm` / `prompt` objects without an error, so
 * nothing is sent under them.
 */

export const datasetsField: INodeProperties = {
	displayName: 'Dataset Names or IDs',
	name: 'datasetIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getDatasets' },
	default: [],
	description:
		'Datasets (knowledge bases) the assistant answers from, as an array or as IDs separated by commas, spaces or new lines. Each must already contain parsed documents, and all must use the same embedding model. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const avatarField: INodeProperties = {
	displayName: 'Avatar (Data URI)',
	name: 'avatar',
	type: 'string',
	default: '',
	placeholder: 'data:image/png;base64,iVBOR...',
	description: 'Image shown for the assistant, as a base64 data URI (sent to RAGFlow as "icon")',
};

export const descriptionField: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	description: 'A short description of the assistant',
};

export const llmSettingsCollection: INodeProperties = {
	displayName: 'LLM Settings',
	name: 'llm',
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	description:
		'The chat model and how it generates answers. Settings left out keep their current value.',
	options: [
		{
			displayName: 'Frequency Penalty',
			name: 'frequency_penalty',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.7,
			description: 'Reduces repetition of the same words (0–1)',
		},
		{
			displayName: 'Max Tokens',
			name: 'max_tokens',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 512,
			description: 'Maximum length of an answer, in tokens',
		},
		{
			displayName: 'Model Name',
			name: 'model_name',
			type: 'string',
			default: '',
			placeholder: 'e.g. qwen-plus@Tongyi-Qianwen',
			description:
				'Chat model as model_name@provider, as listed in RAGFlow model settings. Empty on create: the default chat model of the API key owner.',
		},
		{
			displayName: 'Model Type',
			name: 'model_type',
			type: 'options',
			options: [
				{ name: 'Chat', value: 'chat' },
				{ name: 'Vision (Image2text)', value: 'image2text' },
			],
			default: 'chat',
			description:
				'Whether the model is a plain chat model or a vision model that also reads images',
		},
		{
			displayName: 'Presence Penalty',
			name: 'presence_penalty',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.4,
			description: 'Discourages repeating information already in the conversation (0–1)',
		},
		{
			displayName: 'Temperature',
			name: 'temperature',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.1,
			description: 'Randomness of the answers (0–1): lower is more focused, higher more creative',
		},
		{
			displayName: 'Top P',
			name: 'top_p',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.3,
			description:
				'Nucleus sampling (0–1): only the most likely words up to this probability are used',
		},
	],
};

export const promptSettingsCollection: INodeProperties = {
	displayName: 'Prompt Settings',
	name: 'prompt',
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	description:
		'How the assistant retrieves from its datasets and what it says. Settings left out keep their current value.',
	options: [
		{
			displayName: 'Empty Response',
			name: 'empty_response',
			type: 'string',
			default: '',
			description:
				'Answer given when nothing relevant is found in the datasets. Leave empty to let the LLM answer anyway.',
		},
		{
			displayName: 'Keywords Similarity Weight',
			name: 'keywords_similarity_weight',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.7,
			description:
				'Weight (0–1) of keyword similarity in the combined score; vector similarity gets 1 − this value',
		},
		{
			displayName: 'Opener',
			name: 'opener',
			type: 'string',
			default: '',
			placeholder: "e.g. Hi! I'm your assistant. What can I do for you?",
			description: 'Greeting stored as the first message of every new session',
		},
		{
			displayName: 'Rerank Model',
			name: 'rerank_model',
			type: 'string',
			default: '',
			placeholder: 'e.g. BAAI/bge-reranker-v2-m3',
			description: 'Rerank model (model_name@provider). Empty: vector cosine similarity is used.',
		},
		{
			displayName: 'Show Quote',
			name: 'show_quote',
			type: 'boolean',
			default: true,
			description: 'Whether answers cite their sources and return references',
		},
		{
			displayName: 'Similarity Threshold',
			name: 'similarity_threshold',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.2,
			description: 'Minimum similarity (0–1) a chunk needs to be used',
		},
		{
			displayName: 'System Prompt',
			name: 'prompt',
			type: 'string',
			typeOptions: { rows: 6 },
			default: '',
			description:
				'Instructions for the LLM. Use {knowledge} where the retrieved chunks go, and {name} for each variable. Empty on create: the built-in RAG prompt.',
		},
		{
			displayName: 'Top K',
			name: 'top_k',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 1024,
			description: 'Number of candidate chunks considered for reranking',
		},
		{
			displayName: 'Top N',
			name: 'top_n',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 6,
			description: 'Number of best chunks passed to the LLM',
		},
		{
			displayName: 'Variables',
			name: 'variables',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Variable',
			default: {},
			description:
				'Variables used in the system prompt as {key}. "knowledge" is reserved for the retrieved chunks. Required variables must be sent with every question.',
			options: [
				{
					displayName: 'Variable',
					name: 'variable',
					values: [
						{
							displayName: 'Key',
							name: 'key',
							type: 'string',
							default: '',
							placeholder: 'e.g. knowledge',
						},
						{
							displayName: 'Optional',
							name: 'optional',
							type: 'boolean',
							default: true,
							description: 'Whether a question may leave this variable out',
						},
					],
				},
			],
		},
	],
};

export function validateChatName(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): string {
	const name = requireText(
		ctx,
		value,
		'Chat assistant name',
		itemIndex,
		'Enter a name for the chat assistant.',
	);
	if (utf8Length(name) > 255) {
		throw new NodeOperationError(ctx.getNode(), 'Chat assistant name is too long', {
			itemIndex,
			description: `RAGFlow accepts at most 255 bytes; this name has ${utf8Length(name)}.`,
		});
	}
	return name;
}

function has(object: IDataObject, key: string): boolean {
	return object[key] !== undefined;
}

function variables(ctx: IExecuteFunctions, prompt: IDataObject, itemIndex: number) {
	if (!has(prompt, 'variables')) return undefined;
	const rows = ((prompt.variables as IDataObject)?.variable as IDataObject[]) ?? [];
	const seen = new Set<string>();
	return rows.map((row) => {
		const key = requireText(
			ctx,
			row.key,
			'Variable key',
			itemIndex,
			'Give every variable a key, or remove it.',
		);
		if (seen.has(key)) {
			throw new NodeOperationError(ctx.getNode(), `Variable "${key}" is listed twice`, {
				itemIndex,
				description: 'Each variable key may appear only once.',
			});
		}
		seen.add(key);
		return { key, optional: row.optional !== false };
	});
}

/**
 * Builds the create / PATCH body from the reference-named settings: only what the user set is sent,
 * so an update changes nothing else (PATCH shallow-merges `llm_setting` and `prompt_config`).
 */
export function buildChatBody(
	ctx: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
): IDataObject {
	const llm = (fields.llm ?? {}) as IDataObject;
	const prompt = (fields.prompt ?? {}) as IDataObject;
	const unit = { min: 0, max: 1 };

	const llmSetting = compact({
		temperature: numberInRange(ctx, llm.temperature, 'Temperature', itemIndex, unit),
		top_p: numberInRange(ctx, llm.top_p, 'Top P', itemIndex, unit),
		presence_penalty: numberInRange(ctx, llm.presence_penalty, 'Presence Penalty', itemIndex, unit),
		frequency_penalty: numberInRange(
			ctx,
			llm.frequency_penalty,
			'Frequency Penalty',
			itemIndex,
			unit,
		),
		max_tokens: numberInRange(ctx, llm.max_tokens, 'Max Tokens', itemIndex, {
			min: 1,
			integer: true,
		}),
		// The reference's `image2text` is called `vision` by the server.
		model_type:
			llm.model_type === undefined
				? undefined
				: llm.model_type === 'image2text'
					? 'vision'
					: 'chat',
	} as IDataObject);

	const keywordsWeight = numberInRange(
		ctx,
		prompt.keywords_similarity_weight,
		'Keywords Similarity Weight',
		itemIndex,
		unit,
	);
	const promptConfig = compact({
		system: has(prompt, 'prompt')
			? readText(ctx, prompt.prompt, 'System Prompt', itemIndex)
			: undefined,
		prologue: has(prompt, 'opener') ? readText(ctx, prompt.opener, 'Opener', itemIndex) : undefined,
		quote: prompt.show_quote as boolean | undefined,
		empty_response: has(prompt, 'empty_response')
			? readText(ctx, prompt.empty_response, 'Empty Response', itemIndex)
			: undefined,
		parameters: variables(ctx, prompt, itemIndex),
	} as IDataObject);

	const modelName = has(llm, 'model_name')
		? readText(ctx, llm.model_name, 'Model Name', itemIndex).trim()
		: undefined;
	const datasetIds = has(fields, 'datasetIds')
		? parseIdList(ctx, fields.datasetIds, 'dataset', itemIndex)
		: undefined;

	return compact({
		name: has(fields, 'name') ? validateChatName(ctx, fields.name, itemIndex) : undefined,
		description: has(fields, 'description')
			? readText(ctx, fields.description, 'Description', itemIndex)
			: undefined,
		icon: has(fields, 'avatar')
			? readText(ctx, fields.avatar, 'Avatar (Data URI)', itemIndex).trim()
			: undefined,
		dataset_ids: datasetIds,
		// An empty model on update means "leave it"; on create the server's default applies.
		llm_id: modelName || undefined,
		llm_setting: Object.keys(llmSetting).length ? llmSetting : undefined,
		similarity_threshold: numberInRange(
			ctx,
			prompt.similarity_threshold,
			'Similarity Threshold',
			itemIndex,
			unit,
		),
		// The server stores the vector weight; the reference's setting is the keyword weight.
		vector_similarity_weight:
			keywordsWeight === undefined ? undefined : Math.round((1 - keywordsWeight) * 1e6) / 1e6,
		top_n: numberInRange(ctx, prompt.top_n, 'Top N', itemIndex, {
			min: 0,
			exclusiveMin: true,
			integer: true,
		}),
		top_k: numberInRange(ctx, prompt.top_k, 'Top K', itemIndex, {
			min: 0,
			exclusiveMin: true,
			integer: true,
		}),
		rerank_id: has(prompt, 'rerank_model')
			? readText(ctx, prompt.rerank_model, 'Rerank Model', itemIndex).trim()
			: undefined,
		prompt_config: Object.keys(promptConfig).length ? promptConfig : undefined,
	} as IDataObject);
}

/**
 * One chat assistant in the v0.25+ shape: `GET /chats/{id}`, or before v0.25 the list filtered by
 * `id` (old shape, translated by `normalizeChat`).
 */
export async function getChat(
	ctx: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await withFallback(
		ctx,
		'chatGet',
		async () => {
			const response = await ragflowRequest.call(ctx, 'GET', `/chats/${chatId}`, {
				itemIndex,
				expectData: true,
			});
			return normalizeChat(response.data as IDataObject);
		},
		async () => {
			const response = await ragflowRequest.call(ctx, 'GET', '/chats', {
				qs: { id: chatId, page: 1, page_size: 1 },
				itemIndex,
				expectData: true,
			});
			const found = readListPage(response, 'chats').items[0];
			if (!found) throw noDataError(ctx, 'GET', '/chats', itemIndex);
			return normalizeChat(found);
		},
	);
}
