import { normalizeChat, withFallback } from '../../shared/compat';
import { readListPage } from '../../shared/pagination';
import { noDataError, ragflowRequest } from '../../shared/transport';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	datasetsField as sharedDatasetsField,
	rerankModelField,
} from '../../shared/retrievalFields';
import { simplifyParameter, simplifyOutput } from '../../shared/descriptions';
import { compact, parseIdList, utf8Length } from '../../shared/utils';
import { numberInRange, readText, requireText } from '../../shared/validation';

/**
 * The chat assistant settings: LLM Settings (`llmSettings`) and Prompt Settings (`promptSettings`),
 * named after what they mean to a user (the RAGFlow Python API reference's settings, in camelCase).
 * `buildChatBody` is the one place that translates them to the fields the current server reads
 * (docs/ragflow-api.md §9, §18): a server ignores the old `llm` / `prompt` objects without an
 * error, so nothing is sent under them.
 */

/** The datasets the assistant answers from (the shared field, with what a chat needs of them). */
export const datasetsField: INodeProperties = {
	...sharedDatasetsField,
	hint: 'The assistant answers from these datasets; each must already contain parsed documents',
};

/** Name, on Create (required) and in Update Fields. */
export const nameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	placeholder: 'e.g. HR assistant',
	description: 'Name of the chat assistant (must not be used by another of your chat assistants)',
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
	name: 'llmSettings',
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	description:
		'The chat model and how it generates answers. Settings left out keep their current value.',
	options: [
		{
			displayName: 'Frequency Penalty',
			name: 'frequencyPenalty',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.7,
			description: 'Reduces repetition of the same words (0–1)',
		},
		{
			displayName: 'Max Tokens',
			name: 'maxTokens',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 512,
			description: 'Maximum length of an answer, in tokens',
		},
		{
			displayName: 'Model Name',
			name: 'modelName',
			type: 'string',
			default: '',
			placeholder: 'e.g. qwen-plus@Tongyi-Qianwen',
			description:
				'Chat model as model_name@provider, as listed in RAGFlow model settings. Empty on create: the default chat model of the API key owner.',
		},
		{
			displayName: 'Model Type',
			name: 'modelType',
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
			name: 'presencePenalty',
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
			name: 'topP',
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
	name: 'promptSettings',
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	description:
		'How the assistant retrieves from its datasets and what it says. Settings left out keep their current value.',
	options: [
		{
			displayName: 'Empty Response',
			name: 'emptyResponse',
			type: 'string',
			default: '',
			description:
				'Answer given when nothing relevant is found in the datasets. Leave empty to let the LLM answer anyway.',
		},
		{
			displayName: 'Keywords Similarity Weight',
			name: 'keywordsSimilarityWeight',
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
		rerankModelField,
		{
			displayName: 'Show Quote',
			name: 'showQuote',
			type: 'boolean',
			default: true,
			description: 'Whether answers cite their sources and return references',
		},
		{
			displayName: 'Similarity Threshold',
			name: 'similarityThreshold',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.2,
			description: 'Minimum similarity (0–1) a chunk needs to be used',
		},
		{
			displayName: 'System Prompt',
			name: 'systemPrompt',
			type: 'string',
			typeOptions: { rows: 6 },
			default: '',
			description:
				'Instructions for the LLM. Use {knowledge} where the retrieved chunks go, and {name} for each variable. Empty on create: the built-in RAG prompt.',
		},
		{
			displayName: 'Top K',
			name: 'topK',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 1024,
			description: 'Number of candidate chunks considered for reranking',
		},
		{
			displayName: 'Top N',
			name: 'topN',
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
	const llm = (fields.llmSettings ?? {}) as IDataObject;
	const prompt = (fields.promptSettings ?? {}) as IDataObject;
	const unit = { min: 0, max: 1 };

	const llmSetting = compact({
		temperature: numberInRange(ctx, llm.temperature, 'Temperature', itemIndex, unit),
		top_p: numberInRange(ctx, llm.topP, 'Top P', itemIndex, unit),
		presence_penalty: numberInRange(ctx, llm.presencePenalty, 'Presence Penalty', itemIndex, unit),
		frequency_penalty: numberInRange(
			ctx,
			llm.frequencyPenalty,
			'Frequency Penalty',
			itemIndex,
			unit,
		),
		max_tokens: numberInRange(ctx, llm.maxTokens, 'Max Tokens', itemIndex, {
			min: 1,
			integer: true,
		}),
		// The reference's `image2text` is called `vision` by the server.
		model_type:
			llm.modelType === undefined ? undefined : llm.modelType === 'image2text' ? 'vision' : 'chat',
	} as IDataObject);

	const keywordsWeight = numberInRange(
		ctx,
		prompt.keywordsSimilarityWeight,
		'Keywords Similarity Weight',
		itemIndex,
		unit,
	);
	const promptConfig = compact({
		system: has(prompt, 'systemPrompt')
			? readText(ctx, prompt.systemPrompt, 'System Prompt', itemIndex)
			: undefined,
		prologue: has(prompt, 'opener') ? readText(ctx, prompt.opener, 'Opener', itemIndex) : undefined,
		quote: prompt.showQuote as boolean | undefined,
		empty_response: has(prompt, 'emptyResponse')
			? readText(ctx, prompt.emptyResponse, 'Empty Response', itemIndex)
			: undefined,
		parameters: variables(ctx, prompt, itemIndex),
	} as IDataObject);

	const modelName = has(llm, 'modelName')
		? readText(ctx, llm.modelName, 'Model Name', itemIndex).trim()
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
			prompt.similarityThreshold,
			'Similarity Threshold',
			itemIndex,
			unit,
		),
		// The server stores the vector weight; the reference's setting is the keyword weight.
		vector_similarity_weight:
			keywordsWeight === undefined ? undefined : Math.round((1 - keywordsWeight) * 1e6) / 1e6,
		top_n: numberInRange(ctx, prompt.topN, 'Top N', itemIndex, {
			min: 0,
			exclusiveMin: true,
			integer: true,
		}),
		top_k: numberInRange(ctx, prompt.topK, 'Top K', itemIndex, {
			min: 0,
			exclusiveMin: true,
			integer: true,
		}),
		rerank_id: has(prompt, 'rerankModel')
			? readText(ctx, prompt.rerankModel, 'Rerank Model', itemIndex).trim()
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

/** Keys kept by Simplify: the chat assistant without its nested settings (and without its icon). */
export const SIMPLE_CHAT_KEYS = [
	'id',
	'name',
	'description',
	'dataset_ids',
	'kb_names',
	'llm_id',
	'rerank_id',
	'similarity_threshold',
	'vector_similarity_weight',
	'top_n',
	'top_k',
	'create_time',
	'update_time',
];

export const simplifyField = simplifyParameter(
	'Whether to return only the main fields of each chat assistant: ID, name, description, dataset_ids, kb_names, llm_id, rerank_id, similarity_threshold, vector_similarity_weight, top_n, top_k, create_time and update_time (the nested llm_setting, prompt_config and meta_data_filter, and the icon, are left out)',
);

/** The chat assistants as output: whole, or only `SIMPLE_CHAT_KEYS` when Simplify is on. */
export function simplifyChats(
	ctx: IExecuteFunctions,
	chats: IDataObject[],
	itemIndex: number,
): IDataObject[] {
	return simplifyOutput(ctx, chats, itemIndex, SIMPLE_CHAT_KEYS);
}
