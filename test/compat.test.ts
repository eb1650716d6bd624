import { fail, id, ok, ragflowApi, setupNock } from './harness/ragflowMock';
import { jsonOf, runNode } from './harness/runWorkflow';

/**
 * Older RAGFlow servers (v0.20 – v0.25.0), mocked request by request: the exact fallback requests,
 * that what a server lacks is learned once per Base URL, and that nothing is changed before a
 * "needs RAGFlow ≥ X" error.
 */
setupNock();

const DS = id('d1');
const CHAT = id('c1');
const SESSION = id('51');
const PROBE = '0'.repeat(32);
const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const notFound = fail(100, "<NotFound '404: Not Found'>");
const notAllowed = fail(100, "<MethodNotAllowed '405: Method Not Allowed'>");

describe('older RAGFlow servers', () => {
	it('shows code 109 "API key is invalid" as the rejected-key error', async () => {
		ragflowApi()
			.get(`/api/v1/chats/${CHAT}/sessions`)
			.query(true)
			.reply(200, fail(109, 'Authentication error: API key is invalid!'));
		const result = await runNode({
			type: 'ragflowSession',
			parameters: { resource: 'chatSession', operation: 'getAll', chatId: rl(CHAT) },
		});
		expect(result.error?.message).toBe('RAGFlow rejected the API key (invalid API key)');
	});

	it('Dataset Get falls back to the list filtered by id, once per server for every item', async () => {
		ragflowApi().get(`/api/v1/datasets/${DS}`).reply(200, notAllowed);
		ragflowApi()
			.get('/api/v1/datasets')
			.query({ id: DS, page: 1, page_size: 1 })
			.times(2)
			.reply(200, ok([{ id: DS, name: 'Old' }]));
		const result = await runNode({
			type: 'ragflowDataset',
			parameters: { operation: 'get', datasetId: rl(DS) },
			input: [{ json: {} }, { json: {} }],
		});
		expect(jsonOf(result)).toEqual([
			{ id: DS, name: 'Old' },
			{ id: DS, name: 'Old' },
		]);
	});

	it('Delete All datasets sends ids: null where delete_all is refused', async () => {
		ragflowApi()
			.delete('/api/v1/datasets', { delete_all: true })
			.reply(
				200,
				fail(
					101,
					'Field: <delete_all> - Message: <Extra inputs are not permitted> - Value: <True>',
				),
			);
		ragflowApi().delete('/api/v1/datasets', { ids: null }).reply(200, ok(null));
		const result = await runNode({
			type: 'ragflowDataset',
			parameters: { operation: 'delete', deleteAll: true },
		});
		expect(jsonOf(result)).toEqual([{ deleted: 'all' }]);
	});

	it('Chat Ask learns the old route before it creates a session, then asks there', async () => {
		// v0.22: the generation probes (graph and trace_graphrag routes) say "v0.22".
		ragflowApi().get(`/api/v1/datasets/${PROBE}/graph`).reply(200, notFound);
		ragflowApi()
			.get(`/api/v1/datasets/${PROBE}/trace_graphrag`)
			.reply(200, fail(102, 'no dataset'));
		ragflowApi()
			.post(`/api/v1/chats/${CHAT}/sessions`, { name: 'Hi?' })
			.reply(200, ok({ id: SESSION }));
		ragflowApi()
			.post(`/api/v1/chats/${CHAT}/completions`, {
				session_id: SESSION,
				question: 'Hi?',
				stream: false,
			})
			.reply(200, ok({ answer: 'Hello', reference: {}, session_id: SESSION, id: 'm1' }));
		const result = await runNode({
			type: 'ragflowSession',
			parameters: { resource: 'chatSession', operation: 'ask', chatId: rl(CHAT), question: 'Hi?' },
		});
		expect(jsonOf(result)).toEqual([
			expect.objectContaining({ answer: 'Hello', session_id: SESSION, new_session: true }),
		]);
	});

	it('Chat Assistant Update sends PUT with llm / prompt (old server) and returns the current shape', async () => {
		ragflowApi().patch(`/api/v1/chats/${CHAT}`).reply(200, notAllowed);
		ragflowApi()
			.put(`/api/v1/chats/${CHAT}`, {
				name: 'New',
				llm: { temperature: 0.5, model_name: 'qwen@Tongyi' },
				prompt: { opener: 'Hey', top_n: 3 },
			})
			.reply(200, ok(null));
		ragflowApi().get(`/api/v1/chats/${CHAT}`).reply(200, notAllowed);
		ragflowApi()
			.get('/api/v1/chats')
			.query({ id: CHAT, page: 1, page_size: 1 })
			.reply(
				200,
				ok([
					{
						id: CHAT,
						name: 'New',
						avatar: 'img',
						llm: { temperature: 0.5, model_name: 'qwen@Tongyi' },
						prompt: {
							opener: 'Hey',
							prompt: 'Use {knowledge}',
							variables: [{ key: 'knowledge', optional: false }],
							show_quote: true,
							similarity_threshold: 0.2,
							keywords_similarity_weight: 0.7,
							top_n: 3,
							rerank_model: '',
						},
						datasets: [{ id: DS, name: 'Old' }],
					},
				]),
			);
		const result = await runNode({
			type: 'ragflowChatAssistant',
			parameters: {
				operation: 'update',
				chatId: rl(CHAT),
				updateFields: { name: 'New' },
				llmSettings: { modelName: 'qwen@Tongyi', temperature: 0.5 },
				promptSettings: { opener: 'Hey', topN: 3 },
			},
		});
		expect(jsonOf(result)).toEqual([
			{
				id: CHAT,
				name: 'New',
				icon: 'img',
				llm_id: 'qwen@Tongyi',
				llm_setting: { temperature: 0.5 },
				prompt_config: {
					prologue: 'Hey',
					system: 'Use {knowledge}',
					parameters: [{ key: 'knowledge', optional: false }],
					quote: true,
				},
				similarity_threshold: 0.2,
				vector_similarity_weight: 0.3,
				top_n: 3,
				rerank_id: '',
				dataset_ids: [DS],
			},
		]);
	});

	it('Document Get Many on v0.20 filters by parse status itself, over full pages', async () => {
		ragflowApi().get(`/api/v1/datasets/${PROBE}/graph`).reply(200, notFound);
		ragflowApi().get(`/api/v1/datasets/${PROBE}/trace_graphrag`).reply(200, notFound);
		const docs = Array.from({ length: 100 }, (_, n) => ({
			id: id(n + 1),
			name: `d${n}.txt`,
			run: n % 2 ? 'DONE' : 'FAIL',
		}));
		ragflowApi()
			.get(`/api/v1/datasets/${DS}/documents`)
			.query({ run: 'DONE', page: 1, page_size: 100 })
			.reply(200, ok({ docs, total: 101 }));
		ragflowApi()
			.get(`/api/v1/datasets/${DS}/documents`)
			.query({ run: 'DONE', page: 2, page_size: 100 })
			.reply(200, ok({ docs: [{ id: id(999), name: 'last.txt', run: 'DONE' }], total: 101 }));
		const result = await runNode({
			type: 'ragflowDocument',
			parameters: {
				operation: 'getAll',
				datasetId: rl(DS),
				returnAll: true,
				filters: { parseStatus: ['DONE'] },
				simplify: false,
			},
		});
		const out = jsonOf(result);
		expect(out).toHaveLength(51);
		expect(out.every((doc) => doc.run === 'DONE')).toBe(true);
	});

	it('Agent Session Create refuses a name on a server before v0.25.1 (it would drop it) without creating', async () => {
		const AGENT = id('a9');
		ragflowApi()
			.get(`/api/v1/datasets/${PROBE}/graph`)
			.reply(404, { code: 404, message: 'Not Found' });
		ragflowApi().get(`/api/v1/chats/${PROBE}`).reply(200, fail(102, "You don't own the chat"));
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'agentSession',
				operation: 'create',
				agentId: rl(AGENT),
				name: 'Support thread',
			},
		});
		expect(result.error?.message).toBe(
			'A name or user ID for a new agent session needs RAGFlow ≥ 0.25.1; this server is older',
		);
	});

	it('Retrieve refuses Table of Contents Enhancement on a server before v0.23 without asking it', async () => {
		ragflowApi().get(`/api/v1/datasets/${PROBE}/graph`).reply(200, notFound);
		ragflowApi().get(`/api/v1/datasets/${PROBE}/trace_graphrag`).reply(200, fail(102, 'x'));
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: { datasetIds: [DS], question: 'q', options: { tocEnhancement: true } },
		});
		expect(result.error?.message).toBe(
			'Table of Contents Enhancement needs RAGFlow ≥ 0.23; this server is older',
		);
	});
});
