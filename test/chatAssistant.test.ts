import type { IDataObject } from 'n8n-workflow';

import { fail, id, ok, ragflowApi, setupNock, currentServerProbe } from './harness/ragflowMock';
import { jsonOf, runNode } from './harness/runWorkflow';

setupNock();

const CHAT = id('c1');
const DS1 = id('d1');
const DS2 = id('d2');
const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const chat = (n: number) => ({ id: id(n), name: `chat-${n}`, dataset_ids: [DS1] });

/** Keys of the older reference that the current server silently drops (docs/ragflow-api.md §18). */
const OLD_NAMES = [
	'avatar',
	'llm',
	'prompt',
	'model_name',
	'keywords_similarity_weight',
	'rerank_model',
	'variables',
	'opener',
	'show_quote',
	'max_token',
];

function keysDeep(value: unknown, keys: string[] = []): string[] {
	if (Array.isArray(value)) value.forEach((v) => keysDeep(v, keys));
	else if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) {
			keys.push(k);
			keysDeep(v, keys);
		}
	}
	return keys;
}

const allSettings = {
	llmSettings: {
		modelName: 'qwen-plus@Tongyi-Qianwen',
		temperature: 0.5,
		topP: 0.8,
		presencePenalty: 0.3,
		frequencyPenalty: 0.6,
		maxTokens: 1024,
		modelType: 'image2text',
	},
	promptSettings: {
		similarityThreshold: 0.25,
		keywordsSimilarityWeight: 0.7,
		topN: 8,
		topK: 512,
		variables: {
			variable: [
				{ key: 'knowledge', optional: false },
				{ key: 'tone', optional: true },
			],
		},
		rerankModel: 'BAAI/bge-reranker-v2-m3',
		emptyResponse: '',
		opener: 'Hi! Ask me about the handbook.',
		showQuote: false,
		systemPrompt: 'Answer from {knowledge} in a {tone} tone.',
	},
};

const translated = {
	llm_id: 'qwen-plus@Tongyi-Qianwen',
	llm_setting: {
		temperature: 0.5,
		top_p: 0.8,
		presence_penalty: 0.3,
		frequency_penalty: 0.6,
		max_tokens: 1024,
		model_type: 'vision',
	},
	similarity_threshold: 0.25,
	vector_similarity_weight: 0.3,
	top_n: 8,
	top_k: 512,
	rerank_id: 'BAAI/bge-reranker-v2-m3',
	prompt_config: {
		system: 'Answer from {knowledge} in a {tone} tone.',
		prologue: 'Hi! Ask me about the handbook.',
		quote: false,
		empty_response: '',
		parameters: [
			{ key: 'knowledge', optional: false },
			{ key: 'tone', optional: true },
		],
	},
};

describe('RAGFlow Chat Assistant', () => {
	describe('create', () => {
		it('translates the reference names to the fields the current server reads', async () => {
			currentServerProbe();
			let sent: IDataObject = {};
			const scope = ragflowApi()
				.post('/api/v1/chats', (body) => {
					sent = body;
					return true;
				})
				.reply(200, ok({ id: CHAT, name: 'Handbook bot' }));
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: {
					operation: 'create',
					name: ' Handbook bot ',
					datasetIds: [DS1, DS2],
					...allSettings,
					additionalFields: { avatar: 'data:image/png;base64,iVBOR', description: 'HR answers' },
				},
			});
			expect(result.error).toBeUndefined();
			expect(sent).toEqual({
				name: 'Handbook bot',
				description: 'HR answers',
				icon: 'data:image/png;base64,iVBOR',
				dataset_ids: [DS1, DS2],
				...translated,
			});
			// Nothing goes out under a name the current server would silently drop.
			expect(keysDeep(sent).filter((k) => OLD_NAMES.includes(k))).toEqual([]);
			expect(jsonOf(result)).toEqual([{ id: CHAT, name: 'Handbook bot' }]);
			scope.done();
		});

		it('sends only the name when nothing else is set (server defaults apply)', async () => {
			currentServerProbe();
			ragflowApi()
				.post('/api/v1/chats', { name: 'Minimal' })
				.reply(200, ok({ id: CHAT }));
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: { operation: 'create', name: 'Minimal' },
			});
			expect(result.error).toBeUndefined();
		});

		it.each([
			['a blank name', { name: '  ' }, /Chat assistant name is empty/],
			[
				'a temperature above 1',
				{ llmSettings: { temperature: 1.2 } },
				/Temperature must be between 0 and 1/,
			],
			['a negative top P', { llmSettings: { topP: -0.1 } }, /Top P must be between 0 and 1/],
			[
				'fractional max tokens',
				{ llmSettings: { maxTokens: 10.5 } },
				/Max Tokens must be a whole number/,
			],
			['top N of 0', { promptSettings: { topN: 0 } }, /Top N must be greater than 0/],
			[
				'a similarity threshold above 1',
				{ promptSettings: { similarityThreshold: 2 } },
				/Similarity Threshold must be between 0 and 1/,
			],
			[
				'a keywords weight below 0',
				{ promptSettings: { keywordsSimilarityWeight: -1 } },
				/Keywords Similarity Weight must be between 0 and 1/,
			],
			[
				'a duplicate variable',
				{ promptSettings: { variables: { variable: [{ key: 'a' }, { key: 'a' }] } } },
				/listed twice/,
			],
			['a malformed dataset id', { datasetIds: '={{ "nope" }}' }, /not a valid dataset ID/],
		])('rejects %s before any request', async (_label, params, message) => {
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: { operation: 'create', name: 'x', ...params },
			});
			expect(result.error?.message).toMatch(message);
		});

		it('reports a duplicate name from RAGFlow', async () => {
			currentServerProbe();
			ragflowApi()
				.post('/api/v1/chats')
				.reply(200, fail(102, 'Duplicated chat name in creating chat.'));
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: { operation: 'create', name: 'Dup' },
			});
			expect(result.error?.message).toBe(
				'RAGFlow error 102: Duplicated chat name in creating chat.',
			);
		});
	});

	describe('update', () => {
		it('PATCHes only the fields that were set, with the same translation', async () => {
			let sent: IDataObject = {};
			ragflowApi()
				.patch(`/api/v1/chats/${CHAT}`, (body) => {
					sent = body;
					return true;
				})
				.reply(200, ok({ id: CHAT, name: 'Renamed' }));
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: {
					operation: 'update',
					chatId: rl(CHAT),
					updateFields: { name: 'Renamed', datasetIds: [DS2] },
					...allSettings,
				},
			});
			expect(result.error).toBeUndefined();
			expect(sent).toEqual({ name: 'Renamed', dataset_ids: [DS2], ...translated });
			expect(keysDeep(sent).filter((k) => OLD_NAMES.includes(k))).toEqual([]);
			expect(jsonOf(result)).toEqual([{ id: CHAT, name: 'Renamed' }]);
		});

		it('changes a single LLM setting without touching the others', async () => {
			ragflowApi()
				.patch(`/api/v1/chats/${CHAT}`, { llm_setting: { temperature: 0.8 }, top_n: 8 })
				.reply(200, ok({ id: CHAT }));
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: {
					operation: 'update',
					chatId: rl(CHAT),
					llmSettings: { temperature: 0.8 },
					promptSettings: { topN: 8 },
				},
			});
			expect(result.error).toBeUndefined();
		});

		it('refuses an update with nothing to change', async () => {
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: { operation: 'update', chatId: rl(CHAT) },
			});
			expect(result.error?.message).toBe('Nothing to update');
		});

		it('refuses a blank new name', async () => {
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: { operation: 'update', chatId: rl(CHAT), updateFields: { name: ' ' } },
			});
			expect(result.error?.message).toBe('Chat assistant name is empty');
		});
	});

	describe('get', () => {
		it('gets one chat assistant', async () => {
			ragflowApi()
				.get(`/api/v1/chats/${CHAT}`)
				.reply(200, ok(chat(1)));
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: { operation: 'get', chatId: rl(CHAT) },
			});
			expect(jsonOf(result)).toEqual([chat(1)]);
		});

		it('with Simplify, drops the nested settings and the icon', async () => {
			const full = {
				...chat(1),
				description: 'HR answers',
				icon: 'data:image/png;base64,iVBOR',
				kb_names: ['Handbook'],
				llm_id: 'qwen-plus@Tongyi-Qianwen',
				llm_setting: { temperature: 0.1 },
				prompt_config: { system: 'Use {knowledge}', parameters: [] },
				meta_data_filter: {},
				similarity_threshold: 0.2,
				vector_similarity_weight: 0.3,
				top_n: 6,
				top_k: 1024,
				rerank_id: '',
				status: '1',
				create_time: 1,
				update_time: 2,
			};
			ragflowApi().get(`/api/v1/chats/${CHAT}`).reply(200, ok(full));
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: { operation: 'get', chatId: rl(CHAT), simplify: true },
			});
			expect(jsonOf(result)).toEqual([
				{
					id: id(1),
					name: 'chat-1',
					description: 'HR answers',
					dataset_ids: [DS1],
					kb_names: ['Handbook'],
					llm_id: 'qwen-plus@Tongyi-Qianwen',
					rerank_id: '',
					similarity_threshold: 0.2,
					vector_similarity_weight: 0.3,
					top_n: 6,
					top_k: 1024,
					create_time: 1,
					update_time: 2,
				},
			]);
		});

		it('reports "no authorization" for a chat of someone else', async () => {
			ragflowApi().get(`/api/v1/chats/${CHAT}`).reply(200, fail(109, 'No authorization.'));
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: { operation: 'get', chatId: rl(CHAT) },
			});
			expect(result.error?.message).toBe('RAGFlow error 109: No authorization.');
		});
	});

	describe('getAll', () => {
		it('reads {chats, total} across pages with Return All', async () => {
			currentServerProbe();
			const all = Array.from({ length: 120 }, (_, n) => chat(n));
			const scope = ragflowApi()
				.get('/api/v1/chats')
				.query({ page: 1, page_size: 100, orderby: 'name', desc: 'false', keywords: 'bot' })
				.reply(200, ok({ chats: all.slice(0, 100), total: 120 }))
				.get('/api/v1/chats')
				.query({ page: 2, page_size: 100, orderby: 'name', desc: 'false', keywords: 'bot' })
				.reply(200, ok({ chats: all.slice(100), total: 120 }));
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: {
					operation: 'getAll',
					returnAll: true,
					filters: { orderBy: 'name', descending: false, nameContains: 'bot' },
				},
			});
			expect(jsonOf(result)).toEqual(all);
			scope.done();
		});

		it('asks for exactly Limit items, filtered by id and name', async () => {
			ragflowApi()
				.get('/api/v1/chats')
				.query({ page: 1, page_size: 2, id: CHAT, name: 'chat-1' })
				.reply(200, ok({ chats: [chat(1)], total: 1 }));
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: {
					operation: 'getAll',
					returnAll: false,
					limit: 2,
					filters: { id: CHAT, name: 'chat-1' },
				},
			});
			expect(jsonOf(result)).toEqual([chat(1)]);
		});

		it('with Simplify, outputs each chat assistant without its nested settings', async () => {
			ragflowApi()
				.get('/api/v1/chats')
				.query({ page: 1, page_size: 50 })
				.reply(
					200,
					ok({
						chats: [{ ...chat(1), llm_setting: { top_p: 0.3 }, prompt_config: { quote: true } }],
						total: 1,
					}),
				);
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: { operation: 'getAll', simplify: true },
			});
			expect(jsonOf(result)).toEqual([chat(1)]);
		});
	});

	describe('delete', () => {
		it('deletes the selected chat assistants', async () => {
			const other = id('c2');
			ragflowApi()
				.delete('/api/v1/chats', { ids: [CHAT, other] })
				.reply(200, ok({ success_count: 2 }));
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: { operation: 'delete', chatId: rl(CHAT), moreIds: `${other}, ${CHAT}` },
			});
			expect(jsonOf(result)).toEqual([{ deleted: [CHAT, other], success_count: 2 }]);
		});

		it('reports a partial delete as an error', async () => {
			const other = id('c2');
			ragflowApi()
				.delete('/api/v1/chats', { ids: [CHAT, other] })
				.reply(200, {
					code: 0,
					message: 'Partially deleted 1 chats with 1 errors',
					data: { success_count: 1, errors: [`Chat(${other}) not found.`] },
				});
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: { operation: 'delete', chatId: rl(CHAT), moreIds: other },
			});
			expect(result.error?.message).toBe('Only 1 of 2 chat assistants were deleted');
		});

		it('deletes all chat assistants only through the explicit switch', async () => {
			ragflowApi()
				.delete('/api/v1/chats', { delete_all: true })
				.reply(200, ok({ success_count: 3 }));
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: { operation: 'delete', deleteAll: true },
			});
			expect(jsonOf(result)).toEqual([{ deleted: 'all', success_count: 3 }]);
		});

		it('does not delete anything when no id is given', async () => {
			const result = await runNode({
				type: 'ragflowChatAssistant',
				parameters: { operation: 'delete', chatId: rl('={{ "" }}') },
			});
			expect(result.error?.message).toBe('No chat assistant selected');
		});
	});

	it('continues with the next item on failure when continue-on-fail is on', async () => {
		ragflowApi()
			.get(`/api/v1/chats/${id('c9')}`)
			.reply(200, fail(102, "The chat doesn't exist"))
			.get(`/api/v1/chats/${CHAT}`)
			.reply(200, ok(chat(1)));
		const result = await runNode({
			type: 'ragflowChatAssistant',
			parameters: { operation: 'get', chatId: rl('={{ $json.chat }}') },
			input: [{ json: { chat: id('c9') } }, { json: { chat: CHAT } }],
			continueOnFail: true,
		});
		expect(result.items.map((item) => [item.json.error ?? item.json.id, item.pairedItem])).toEqual([
			["RAGFlow error 102: The chat doesn't exist", { item: 0 }],
			[id(1), { item: 1 }],
		]);
	});
});
