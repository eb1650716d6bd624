import type { IDataObject } from 'n8n-workflow';

import type { NodeRuns } from './shared';
import { chatId, datasetId, path, PNG, returnAllRun, rl, sim } from './shared';

const everyLlmSetting: IDataObject = {
	frequencyPenalty: 0.5,
	maxTokens: 512,
	modelName: 'gpt-4o-mini@OpenAI',
	modelType: 'chat',
	presencePenalty: 0.3,
	temperature: 0.2,
	topP: 0.8,
};
const everyPromptSetting: IDataObject = {
	emptyResponse: 'Nothing found.',
	keywordsSimilarityWeight: 0.6,
	opener: 'Hello',
	rerankModel: 'BAAI/bge-reranker-v2-m3@BAAI',
	showQuote: true,
	similarityThreshold: 0.1,
	systemPrompt: 'Answer from {knowledge} in {lang}.',
	topK: 512,
	topN: 4,
	variables: { variable: [{ key: 'lang', optional: true }] },
};

/** The contract runs of the Chat Assistant node: see test/contract.simulator.test.ts. */
export const chatAssistant: NodeRuns = {
	operations: [
		{
			title: 'Chat assistant create: every LLM, prompt and additional setting',
			type: 'ragflowChatAssistant',
			operation: 'create',
			parameters: () => ({
				operation: 'create',
				name: 'Contract assistant',
				datasetIds: [datasetId],
				additionalFields: { avatar: PNG.toString('base64'), description: 'Every option' },
				llmSettings: everyLlmSetting,
				promptSettings: everyPromptSetting,
			}),
			expect: [
				{
					method: 'POST',
					path: path('/chats'),
					sent: {
						llm_id: 'gpt-4o-mini@OpenAI',
						llm_setting: expect.objectContaining({ max_tokens: 512, top_p: 0.8 }),
						rerank_id: 'BAAI/bge-reranker-v2-m3@BAAI',
						vector_similarity_weight: 0.4,
						prompt_config: expect.objectContaining({
							system: 'Answer from {knowledge} in {lang}.',
							empty_response: 'Nothing found.',
						}),
					},
				},
			],
		},
		{
			title: 'Chat assistant update: every field, LLM and prompt setting',
			type: 'ragflowChatAssistant',
			operation: 'update',
			parameters: () => ({
				operation: 'update',
				chatId: rl(chatId),
				updateFields: {
					avatar: PNG.toString('base64'),
					datasetIds: [datasetId],
					description: 'Updated',
					name: 'Contract assistant renamed',
				},
				llmSettings: { ...everyLlmSetting, modelName: 'qwen-plus@Tongyi-Qianwen' },
				promptSettings: everyPromptSetting,
			}),
			expect: [{ method: 'PATCH', path: path('/chats/{id}') }],
		},
		{
			title: 'Chat assistant get',
			type: 'ragflowChatAssistant',
			operation: 'get',
			parameters: () => ({
				operation: 'get',
				chatId: rl(chatId),
				options: { concurrency: 2 },
				simplify: true,
			}),
			expect: [{ method: 'GET', path: path('/chats/{id}') }],
		},
		{
			title: 'Chat assistant get many: every filter',
			type: 'ragflowChatAssistant',
			operation: 'getAll',
			parameters: () => ({
				operation: 'getAll',
				options: { concurrency: 2 },
				returnAll: false,
				limit: 5,
				filters: {
					id: chatId,
					descending: false,
					name: 'Contract chat',
					nameContains: 'Contract',
					orderBy: 'name',
				},
				simplify: true,
			}),
			expect: [
				{
					method: 'GET',
					path: path('/chats'),
					sent: { orderby: 'name', desc: 'false', keywords: 'Contract', name: 'Contract chat' },
				},
			],
		},
		{
			title: 'Chat assistant delete: by ids',
			type: 'ragflowChatAssistant',
			operation: 'delete',
			parameters: () => ({
				operation: 'delete',
				deleteAll: false,
				chatId: rl(sim.state.createChat({ name: 'Gone A', dataset_ids: [datasetId] }).id),
				moreIds: sim.state.createChat({ name: 'Gone B', dataset_ids: [datasetId] }).id,
			}),
			expect: [
				{
					method: 'DELETE',
					path: path('/chats'),
					sent: { ids: [expect.any(String), expect.any(String)] },
				},
			],
		},
	],
	returnAll: [returnAllRun('ragflowChatAssistant', undefined, {}, path('/chats'))],
	last: [
		{
			title: 'Chat assistant delete: all',
			type: 'ragflowChatAssistant',
			operation: 'delete',
			parameters: () => ({ operation: 'delete', deleteAll: true }),
			expect: [{ method: 'DELETE', path: path('/chats') }],
		},
	],
};
