import type { IDataObject } from 'n8n-workflow';

import { fail, id, ok, ragflowApi, setupNock, currentServerProbe } from './harness/ragflowMock';
import type { RunResult } from './harness/runWorkflow';
import { jsonOf, runNode } from './harness/runWorkflow';
import { gate } from './harness/gate.cts';
import { SSE_HEADERS, sseBody, splitBytes } from './harness/sseStream.cts';

setupNock();

const CHAT = id('c1');
const SESSION = id('5e');
const NEW_SESSION = id('5f');
const AGENT = id('a1');
const DOC = id('d0c');
const DS = id('d5');
const rl = (value: string) => ({ __rl: true, mode: 'id', value });

const refChunk = {
	id: 'chunk1',
	content: 'New employees get 25 days.',
	document_id: DOC,
	document_name: 'handbook.pdf',
	dataset_id: DS,
	image_id: '',
	positions: [[1, 2, 3, 4, 5]],
	url: null,
	similarity: 0.91,
	vector_similarity: 0.88,
	term_similarity: 0.95,
	row_id: 'x',
	doc_type: '',
	document_metadata: {},
};
const refOut = {
	id: 'chunk1',
	content: 'New employees get 25 days.',
	document_id: DOC,
	document_name: 'handbook.pdf',
	dataset_id: DS,
	similarity: 0.91,
	vector_similarity: 0.88,
	term_similarity: 0.95,
	positions: [[1, 2, 3, 4, 5]],
	document_metadata: {},
};
const docAggs = [{ doc_name: 'handbook.pdf', doc_id: DOC, count: 1 }];

const chatEvent = (data: IDataObject) =>
	`data:${JSON.stringify({ code: 0, message: '', data })}\n\n`;
const ids = { id: 'msg1', session_id: SESSION, chat_id: CHAT };
const CLOSE = 'data:{"code": 0, "message": "", "data": true}\n\n';

/** The chunks n8n would stream to the user, as [type, content] pairs. */
const streamed = (result: RunResult) => result.chunks.map((c) => [c.type, c.content ?? null]);

describe('RAGFlow Session: chat sessions', () => {
	it('creates a session', async () => {
		ragflowApi()
			.post(`/api/v1/chats/${CHAT}/sessions`, { name: 'Support' })
			.reply(200, ok({ id: SESSION, name: 'Support', messages: [] }));
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'chatSession',
				operation: 'create',
				chatId: rl(CHAT),
				name: 'Support',
			},
		});
		expect(jsonOf(result)).toEqual([{ id: SESSION, name: 'Support', messages: [] }]);
	});

	it('rejects a blank session name before any request', async () => {
		const result = await runNode({
			type: 'ragflowSession',
			parameters: { resource: 'chatSession', operation: 'create', chatId: rl(CHAT), name: ' ' },
		});
		expect(result.error?.message).toBe('Session name is empty');
	});

	it('gets a session', async () => {
		ragflowApi()
			.get(`/api/v1/chats/${CHAT}/sessions/${SESSION}`)
			.reply(200, ok({ id: SESSION, messages: [{ role: 'assistant', content: 'Hi' }] }));
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'chatSession',
				operation: 'get',
				chatId: rl(CHAT),
				sessionId: rl(SESSION),
			},
		});
		expect(jsonOf(result)).toEqual([
			{ id: SESSION, messages: [{ role: 'assistant', content: 'Hi' }] },
		]);
	});

	it('lists sessions (a bare array) across pages, stopping at the short page', async () => {
		const all = Array.from({ length: 130 }, (_, n) => ({ id: id(n), name: `s${n}` }));
		const scope = ragflowApi()
			.get(`/api/v1/chats/${CHAT}/sessions`)
			.query({ page: 1, page_size: 100, user_id: 'u1', orderby: 'update_time', desc: 'true' })
			.reply(200, ok(all.slice(0, 100)))
			.get(`/api/v1/chats/${CHAT}/sessions`)
			.query({ page: 2, page_size: 100, user_id: 'u1', orderby: 'update_time', desc: 'true' })
			.reply(200, ok(all.slice(100)));
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'chatSession',
				operation: 'getAll',
				chatId: rl(CHAT),
				returnAll: true,
				filters: { userId: 'u1', orderBy: 'update_time', descending: true },
			},
		});
		expect(result.items).toHaveLength(130);
		scope.done();
	});

	it('lists at most Limit sessions', async () => {
		ragflowApi()
			.get(`/api/v1/chats/${CHAT}/sessions`)
			.query({ page: 1, page_size: 3, name: 'Support' })
			.reply(200, ok([{ id: SESSION }]));
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'chatSession',
				operation: 'getAll',
				chatId: rl(CHAT),
				returnAll: false,
				limit: 3,
				filters: { name: 'Support' },
			},
		});
		expect(jsonOf(result)).toEqual([{ id: SESSION }]);
	});

	it('renames a session with PATCH', async () => {
		ragflowApi()
			.patch(`/api/v1/chats/${CHAT}/sessions/${SESSION}`, { name: 'Renamed' })
			.reply(200, ok({ id: SESSION, name: 'Renamed' }));
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'chatSession',
				operation: 'update',
				chatId: rl(CHAT),
				sessionId: rl(SESSION),
				name: ' Renamed ',
			},
		});
		expect(jsonOf(result)).toEqual([{ id: SESSION, name: 'Renamed' }]);
	});

	it('deletes selected sessions, and all of them only through the explicit switch', async () => {
		ragflowApi()
			.delete(`/api/v1/chats/${CHAT}/sessions`, { ids: [SESSION, NEW_SESSION] })
			.reply(200, ok(true))
			.delete(`/api/v1/chats/${CHAT}/sessions`, { delete_all: true })
			.reply(200, ok(true));
		const some = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'chatSession',
				operation: 'delete',
				chatId: rl(CHAT),
				sessionId: rl(SESSION),
				moreIds: NEW_SESSION,
			},
		});
		expect(jsonOf(some)).toEqual([{ deleted: [SESSION, NEW_SESSION], success_count: 2 }]);
		const all = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'chatSession',
				operation: 'delete',
				chatId: rl(CHAT),
				deleteAll: true,
			},
		});
		expect(jsonOf(all)).toEqual([{ deleted: 'all' }]);
	});

	it('reports a partial session delete as an error', async () => {
		ragflowApi()
			.delete(`/api/v1/chats/${CHAT}/sessions`)
			.reply(200, {
				code: 0,
				message: 'Partially deleted 1 sessions with 1 errors',
				data: { success_count: 1, errors: [`The chat doesn't own the session ${NEW_SESSION}`] },
			});
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'chatSession',
				operation: 'delete',
				chatId: rl(CHAT),
				sessionId: rl(SESSION),
				moreIds: NEW_SESSION,
			},
		});
		expect(result.error?.message).toBe('Only 1 of 2 sessions were deleted');
	});

	describe('ask', () => {
		const askParams = (extra: IDataObject = {}) => ({
			resource: 'chatSession',
			operation: 'ask',
			chatId: rl(CHAT),
			question: 'How many vacation days?',
			sessionId: rl(SESSION),
			...extra,
		});

		it('asks without streaming in an existing session and returns answer, references and ids', async () => {
			const scope = ragflowApi()
				.post('/api/v1/chat/completions', {
					chat_id: CHAT,
					session_id: SESSION,
					messages: [{ role: 'user', content: 'How many vacation days?' }],
					doc_ids: `${DOC},${id('d0d')}`,
					tone: 'friendly',
					stream: false,
				})
				.reply(200, {
					code: 0,
					message: 'success',
					data: {
						answer: 'You get 25 days [ID:0].',
						reference: { total: 1, chunks: [refChunk], doc_aggs: docAggs },
						prompt: 'debug',
						...ids,
					},
				});
			const result = await runNode({
				type: 'ragflowSession',
				parameters: askParams({
					options: {
						documentIds: `${DOC}, ${id('d0d')}`,
						variables: { variable: [{ key: 'tone', value: 'friendly' }] },
					},
				}),
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toEqual([
				{
					answer: 'You get 25 days [ID:0].',
					references: [refOut],
					doc_aggs: docAggs,
					session_id: SESSION,
					message_id: 'msg1',
					chat_id: CHAT,
					new_session: false,
				},
			]);
			expect(result.chunks).toEqual([]);
			scope.done();
		});

		it('creates a new session when none is given and returns its id', async () => {
			currentServerProbe();
			const scope = ragflowApi()
				.post(`/api/v1/chats/${CHAT}/sessions`, { name: 'How many vacation days?' })
				.reply(200, ok({ id: NEW_SESSION, name: 'How many vacation days?' }))
				.post(
					'/api/v1/chat/completions',
					(body) => body.session_id === NEW_SESSION && body.stream === false,
				)
				.reply(200, ok({ answer: '25 days.', reference: {}, id: 'msg2', session_id: NEW_SESSION }));
			const result = await runNode({
				type: 'ragflowSession',
				parameters: askParams({ sessionId: { __rl: true, mode: 'list', value: '' } }),
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toEqual([
				{
					answer: '25 days.',
					references: [],
					doc_aggs: [],
					session_id: NEW_SESSION,
					message_id: 'msg2',
					new_session: true,
				},
			]);
			scope.done();
		});

		it('puts the session it created into the error item when the answer fails', async () => {
			currentServerProbe();
			ragflowApi()
				.post(`/api/v1/chats/${CHAT}/sessions`, { name: 'How many vacation days?' })
				.reply(200, ok({ id: NEW_SESSION }))
				.post('/api/v1/chat/completions', (body) => body.session_id === NEW_SESSION)
				.reply(200, fail(102, 'Model not authorized'));
			const result = await runNode({
				type: 'ragflowSession',
				parameters: askParams({ sessionId: rl('') }),
				continueOnFail: true,
			});
			expect(jsonOf(result)).toEqual([
				expect.objectContaining({
					error: 'RAGFlow error 102: Model not authorized',
					session_id: NEW_SESSION,
				}),
			]);
			expect(String(result.items[0].json.description)).toContain(
				`The new session ${NEW_SESSION} was created`,
			);
		});

		it('names a new session after the option when given', async () => {
			currentServerProbe();
			ragflowApi()
				.post(`/api/v1/chats/${CHAT}/sessions`, { name: 'Slack thread 42' })
				.reply(200, ok({ id: NEW_SESSION }))
				.post('/api/v1/chat/completions')
				.reply(200, ok({ answer: 'ok', id: 'm', session_id: NEW_SESSION }));
			const result = await runNode({
				type: 'ragflowSession',
				parameters: askParams({
					sessionId: rl('={{ $json.session_id ?? "" }}'),
					options: { sessionName: 'Slack thread 42' },
				}),
			});
			expect(result.items[0].json.session_id).toBe(NEW_SESSION);
		});

		it('streams deltas split mid-line through sendChunk and still returns the full answer', async () => {
			const text =
				chatEvent({ answer: 'You get ', reference: { chunks: [] }, final: false, ...ids }) +
				chatEvent({ answer: '25 days ', reference: { chunks: [] }, final: false, ...ids }) +
				chatEvent({ answer: '🌴 [ID:0].', reference: { chunks: [] }, final: false, ...ids }) +
				chatEvent({
					answer: '',
					reference: { total: 1, chunks: [refChunk], doc_aggs: docAggs },
					final: true,
					prompt: 'debug',
					...ids,
				}) +
				CLOSE;
			const scope = ragflowApi()
				.post(
					'/api/v1/chat/completions',
					(body) => body.stream === true && body.session_id === SESSION,
				)
				.reply(200, () => sseBody(splitBytes(text, 7)).stream, SSE_HEADERS);
			const result = await runNode({
				type: 'ragflowSession',
				parameters: askParams(),
				streaming: true,
			});
			expect(result.error).toBeUndefined();
			expect(streamed(result)).toEqual([
				['begin', null],
				['item', 'You get '],
				['item', '25 days '],
				['item', '🌴 [ID:0].'],
				['end', null],
			]);
			expect(result.chunks.every((c) => c.metadata.itemIndex === 0)).toBe(true);
			expect(jsonOf(result)).toEqual([
				{
					answer: 'You get 25 days 🌴 [ID:0].',
					references: [refOut],
					doc_aggs: docAggs,
					session_id: SESSION,
					message_id: 'msg1',
					chat_id: CHAT,
					new_session: false,
				},
			]);
			scope.done();
		});

		it('forwards the first delta before the server has sent the rest', async () => {
			const first = chatEvent({ answer: 'Hello', final: false, ...ids });
			const rest =
				chatEvent({ answer: ' there', final: false, ...ids }) +
				chatEvent({ answer: '', final: true, reference: { chunks: [] }, ...ids }) +
				CLOSE;
			// The server sends the rest only once n8n has the first delta: a node that waited for the whole
			// stream would get the rest only at the gate's limit, after forwarding nothing.
			const forwarded = gate();
			const body = sseBody([first, rest], { waitFor: [undefined, forwarded.opened] });
			ragflowApi()
				.post('/api/v1/chat/completions')
				.reply(200, () => body.stream, SSE_HEADERS);
			const result = await runNode({
				type: 'ragflowSession',
				parameters: askParams(),
				streaming: true,
				onChunk: (chunk) => {
					if (chunk.type === 'item' && chunk.content === 'Hello') forwarded.open();
				},
			});
			const firstItem = result.chunks.find((c) => c.type === 'item')!;
			expect(firstItem.content).toBe('Hello');
			// Received before the second network chunk was even sent.
			expect(firstItem.metadata.timestamp).toBeLessThanOrEqual(body.sentAt[1]);
			expect(await forwarded.opened).toBe(true);
			expect(result.items[0].json.answer).toBe('Hello there');
		});

		it('turns cumulative answers of older servers into deltas', async () => {
			const text =
				chatEvent({ answer: 'You', ...ids }) +
				chatEvent({ answer: 'You get', ...ids }) +
				chatEvent({ answer: 'You get 25 days.', ...ids }) +
				chatEvent({
					answer: 'You get 25 days.',
					reference: { chunks: [refChunk], doc_aggs: docAggs },
					final: true,
					...ids,
				}) +
				CLOSE;
			ragflowApi()
				.post('/api/v1/chat/completions')
				.reply(200, () => sseBody(splitBytes(text, 11)).stream, SSE_HEADERS);
			const result = await runNode({
				type: 'ragflowSession',
				parameters: askParams(),
				streaming: true,
			});
			expect(streamed(result)).toEqual([
				['begin', null],
				['item', 'You'],
				['item', ' get'],
				['item', ' 25 days.'],
				['end', null],
			]);
			expect(result.items[0].json.answer).toBe('You get 25 days.');
			expect(result.items[0].json.references).toEqual([refOut]);
		});

		it('keeps reasoning out of the streamed answer and returns it separately', async () => {
			const text =
				chatEvent({ answer: '', start_to_think: true, ...ids }) +
				chatEvent({ answer: 'Look up policy.', ...ids }) +
				chatEvent({ answer: '', end_to_think: true, ...ids }) +
				chatEvent({ answer: '25 days.', ...ids }) +
				chatEvent({ answer: '', final: true, reference: { chunks: [] }, ...ids }) +
				CLOSE;
			ragflowApi()
				.post('/api/v1/chat/completions')
				.reply(200, () => sseBody([text]).stream, SSE_HEADERS);
			const result = await runNode({
				type: 'ragflowSession',
				parameters: askParams(),
				streaming: true,
			});
			expect(streamed(result)).toEqual([
				['begin', null],
				['item', '25 days.'],
				['end', null],
			]);
			expect(result.items[0].json).toMatchObject({
				answer: '25 days.',
				reasoning: 'Look up policy.',
			});
		});

		it('fails on an error event inside the stream', async () => {
			const text =
				chatEvent({ answer: 'You get', ...ids }) +
				'data:{"code": 500, "message": "LLM provider timeout", "data": {"answer": "**ERROR**: LLM provider timeout", "reference": []}}\n\n' +
				CLOSE;
			ragflowApi()
				.post('/api/v1/chat/completions')
				.reply(200, () => sseBody(splitBytes(text, 9)).stream, SSE_HEADERS);
			const result = await runNode({
				type: 'ragflowSession',
				parameters: askParams(),
				streaming: true,
			});
			expect(result.error?.message).toBe('RAGFlow error 500: LLM provider timeout');
			expect(result.items).toEqual([]);
			// What arrived is forwarded, this item's stream is closed, and n8n reports the error.
			expect(streamed(result)).toEqual([
				['begin', null],
				['item', 'You get'],
				['end', null],
				['error', 'LLM provider timeout'],
			]);
		});

		it('fails on a JSON error envelope sent instead of a stream', async () => {
			ragflowApi()
				.post('/api/v1/chat/completions')
				.reply(200, fail(102, 'Session not found!'), { 'content-type': 'application/json' });
			const result = await runNode({
				type: 'ragflowSession',
				parameters: askParams(),
				streaming: true,
			});
			expect(result.error?.message).toBe('RAGFlow error 102: Session not found!');
		});

		it('fails instead of returning an empty answer when JSON arrives where a stream was asked for', async () => {
			ragflowApi()
				.post('/api/v1/chat/completions')
				.reply(200, ok({ answer: 'x' }), { 'content-type': 'application/json' });
			const result = await runNode({
				type: 'ragflowSession',
				parameters: askParams(),
				streaming: true,
			});
			expect(result.error?.message).toMatch(/Expected a streamed answer/);
			expect(result.chunks.filter((c) => c.type !== 'error')).toEqual([]);
		});

		it('returns the reasoning of a whole answer apart from the answer', async () => {
			ragflowApi()
				.post('/api/v1/chat/completions')
				.reply(
					200,
					ok({ answer: '<think>Check the policy.</think>\n\n25 days.', reference: {}, ...ids }),
				);
			const result = await runNode({ type: 'ragflowSession', parameters: askParams() });
			expect(result.items[0].json).toMatchObject({
				answer: '25 days.',
				reasoning: 'Check the policy.',
			});
		});

		it('fails on an **ERROR** answer without streaming', async () => {
			ragflowApi()
				.post('/api/v1/chat/completions')
				.reply(200, ok({ answer: '**ERROR**: Model not authorized', reference: [] }));
			const result = await runNode({ type: 'ragflowSession', parameters: askParams() });
			expect(result.error?.message).toBe('RAGFlow error: Model not authorized');
		});

		it('keeps going with continue-on-fail: a failed item becomes an error item', async () => {
			const good =
				chatEvent({ answer: 'Fine.', ...ids }) +
				chatEvent({ answer: '', final: true, reference: { chunks: [] }, ...ids }) +
				CLOSE;
			ragflowApi()
				.post('/api/v1/chat/completions', (body) => body.messages[0].content === 'bad')
				.reply(200, fail(109, 'No authorization.'), { 'content-type': 'application/json' })
				.post('/api/v1/chat/completions', (body) => body.messages[0].content === 'good')
				.reply(200, () => sseBody([good]).stream, SSE_HEADERS);
			const result = await runNode({
				type: 'ragflowSession',
				parameters: askParams({ question: '={{ $json.q }}' }),
				input: [{ json: { q: 'bad' } }, { json: { q: 'good' } }],
				continueOnFail: true,
				streaming: true,
			});
			expect(result.items.map((i) => [i.json.error ?? i.json.answer, i.pairedItem])).toEqual([
				['RAGFlow error 109: No authorization.', { item: 0 }],
				['Fine.', { item: 1 }],
			]);
			expect(
				result.chunks
					.filter((c) => c.type === 'item')
					.map((c) => [c.content, c.metadata.itemIndex]),
			).toEqual([['Fine.', 1]]);
		});

		it.each([
			['a blank question', { question: '  ' }, 'Question is empty'],
			[
				'a malformed session id',
				{ sessionId: rl('={{ "abc" }}') },
				'"abc" is not a valid session ID',
			],
			[
				'a reserved variable key',
				{ options: { variables: { variable: [{ key: 'session_id', value: 'x' }] } } },
				'"session_id" cannot be used as a variable key',
			],
		])('rejects %s before any request (no session is created)', async (_label, extra, message) => {
			const result = await runNode({
				type: 'ragflowSession',
				parameters: askParams({ sessionId: rl(''), ...extra }),
			});
			expect(result.error?.message).toBe(message);
		});
	});
});

describe('RAGFlow Session: agent sessions', () => {
	const agentEvent = (event: string, data: IDataObject) =>
		`data:${JSON.stringify({ event, message_id: 'am1', created_at: 1, task_id: 't', data, session_id: SESSION })}\n\n`;
	const agentRef = {
		chunks: { '1': { ...refChunk, id: 'chunk2' }, '0': refChunk },
		doc_aggs: { 'handbook.pdf': docAggs[0] },
	};

	it('creates a session, sending release as a JSON boolean', async () => {
		currentServerProbe();
		ragflowApi()
			.post(`/api/v1/agents/${AGENT}/sessions`, { name: 'Run', user_id: 'u1', release: false })
			.reply(
				200,
				ok({ id: SESSION, agent_id: AGENT, message: [{ role: 'assistant', content: 'Hi' }] }),
			);
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'agentSession',
				operation: 'create',
				agentId: rl(AGENT),
				name: 'Run',
				options: { userId: 'u1', release: false },
			},
		});
		expect(jsonOf(result)).toEqual([
			{ id: SESSION, agent_id: AGENT, message: [{ role: 'assistant', content: 'Hi' }] },
		]);
	});

	it('lists sessions without the DSL, reading the top-level total', async () => {
		const all = Array.from({ length: 150 }, (_, n) => ({ id: id(n) }));
		const scope = ragflowApi()
			.get(`/api/v1/agents/${AGENT}/sessions`)
			.query({ page: 1, page_size: 100, dsl: 'false', keywords: 'refund' })
			.reply(200, { code: 0, message: 'success', data: all.slice(0, 100), total: 150 })
			.get(`/api/v1/agents/${AGENT}/sessions`)
			.query({ page: 2, page_size: 100, dsl: 'false', keywords: 'refund' })
			.reply(200, { code: 0, message: 'success', data: all.slice(100), total: 150 });
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'agentSession',
				operation: 'getAll',
				agentId: rl(AGENT),
				returnAll: true,
				filters: { textContains: 'refund' },
			},
		});
		expect(result.items).toHaveLength(150);
		scope.done();
	});

	it('deletes sessions by id, or all through the switch', async () => {
		ragflowApi()
			.delete(`/api/v1/agents/${AGENT}/sessions`, { ids: [SESSION, NEW_SESSION] })
			.reply(200, { code: 0 })
			.delete(`/api/v1/agents/${AGENT}/sessions`, { delete_all: true })
			.reply(200, { code: 0 });
		const some = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'agentSession',
				operation: 'delete',
				agentId: rl(AGENT),
				sessionId: rl(SESSION),
				moreIds: NEW_SESSION,
			},
		});
		expect(jsonOf(some)).toEqual([{ deleted: [SESSION, NEW_SESSION], success_count: 2 }]);
		const all = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'agentSession',
				operation: 'delete',
				agentId: rl(AGENT),
				deleteAll: true,
			},
		});
		expect(jsonOf(all)).toEqual([{ deleted: 'all' }]);
	});

	it('refuses to delete with no session id (it would silently do nothing)', async () => {
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'agentSession',
				operation: 'delete',
				agentId: rl(AGENT),
				sessionId: rl('={{ "" }}'),
			},
		});
		expect(result.error?.message).toBe('No session selected');
	});

	it('asks without streaming, sending Begin inputs, and reads the final event', async () => {
		const scope = ragflowApi()
			.post('/api/v1/agents/chat/completions', {
				agent_id: AGENT,
				query: 'Refund for order 7?',
				session_id: SESSION,
				inputs: {
					customer: { type: 'line', value: 'ACME' },
					order: { type: 'integer', value: 7 },
					vip: { type: 'boolean', value: true },
				},
				user_id: 'u1',
				stream: false,
			})
			.reply(
				200,
				ok({
					event: 'message_end',
					message_id: 'am1',
					session_id: SESSION,
					data: {
						content: 'Refund approved [ID:0].',
						reference: agentRef,
						usage: { total_tokens: 12 },
					},
				}),
			);
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'agentSession',
				operation: 'ask',
				agentId: rl(AGENT),
				question: 'Refund for order 7?',
				sessionId: rl(SESSION),
				inputs: {
					input: [
						{ key: 'customer', type: 'line', value: 'ACME' },
						{ key: 'order', type: 'integer', value: '7' },
						{ key: 'vip', type: 'boolean', value: 'true' },
					],
				},
				options: { userId: 'u1' },
			},
		});
		expect(result.error).toBeUndefined();
		expect(jsonOf(result)).toEqual([
			{
				answer: 'Refund approved [ID:0].',
				references: [refOut, { ...refOut, id: 'chunk2' }],
				doc_aggs: docAggs,
				session_id: SESSION,
				message_id: 'am1',
				usage: { total_tokens: 12 },
				new_session: false,
			},
		]);
		scope.done();
	});

	it('streams message deltas and gathers references from message_end, ending at [DONE]', async () => {
		const text =
			agentEvent('workflow_started', { inputs: {} }) +
			agentEvent('node_started', { component_id: 'Agent:1' }) +
			agentEvent('message', { content: 'Refund ' }) +
			agentEvent('message', { content: 'apprové.' }) +
			agentEvent('message_end', { reference: agentRef }) +
			agentEvent('workflow_finished', { usage: { total_tokens: 9 } }) +
			'data:[DONE]\n\n';
		currentServerProbe();
		const scope = ragflowApi()
			.post(`/api/v1/agents/${AGENT}/sessions`, { name: 'Refund?' })
			.reply(200, ok({ id: SESSION, agent_id: AGENT, name: 'Refund?' }))
			.post(
				'/api/v1/agents/chat/completions',
				(body) => body.stream === true && body.session_id === SESSION && !('name' in body),
			)
			.reply(200, () => sseBody(splitBytes(text, 5)).stream, SSE_HEADERS);
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'agentSession',
				operation: 'ask',
				agentId: rl(AGENT),
				question: 'Refund?',
			},
			streaming: true,
		});
		expect(result.error).toBeUndefined();
		expect(streamed(result)).toEqual([
			['begin', null],
			['item', 'Refund '],
			['item', 'apprové.'],
			['end', null],
		]);
		expect(jsonOf(result)).toEqual([
			{
				answer: 'Refund apprové.',
				references: [refOut, { ...refOut, id: 'chunk2' }],
				doc_aggs: docAggs,
				session_id: SESSION,
				message_id: 'am1',
				usage: { total_tokens: 9 },
				new_session: true,
			},
		]);
		scope.done();
	});

	it('fails on the runtime error event of an agent stream, naming the session it created', async () => {
		const text =
			agentEvent('message', { content: 'Partial' }) +
			'data:{"code": 500, "message": "Tool call failed", "data": false}\n\ndata:[DONE]\n\n';
		currentServerProbe();
		ragflowApi()
			.post(`/api/v1/agents/${AGENT}/sessions`, { name: 'x' })
			.reply(200, ok({ id: NEW_SESSION }))
			.post('/api/v1/agents/chat/completions', (body) => body.session_id === NEW_SESSION)
			.reply(200, () => sseBody([text]).stream, SSE_HEADERS);
		const result = await runNode({
			type: 'ragflowSession',
			parameters: { resource: 'agentSession', operation: 'ask', agentId: rl(AGENT), question: 'x' },
			streaming: true,
		});
		expect(result.error?.message).toBe('RAGFlow error 500: Tool call failed');
		expect(result.error?.description).toContain(`The new session ${NEW_SESSION} was created`);
	});

	it('puts the session it created into the error item when the answer fails (Continue On Fail)', async () => {
		currentServerProbe();
		ragflowApi()
			.post(`/api/v1/agents/${AGENT}/sessions`, { name: 'Refund?', user_id: 'u1' })
			.reply(200, ok({ id: NEW_SESSION }))
			.post('/api/v1/agents/chat/completions', (body) => body.session_id === NEW_SESSION)
			.reply(200, fail(102, 'Tool call failed'));
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'agentSession',
				operation: 'ask',
				agentId: rl(AGENT),
				question: 'Refund?',
				options: { userId: 'u1' },
			},
			continueOnFail: true,
		});
		expect(jsonOf(result)).toEqual([
			expect.objectContaining({
				error: 'RAGFlow error 102: Tool call failed',
				session_id: NEW_SESSION,
				code: '102',
			}),
		]);
	});

	it('fails on the non-streaming runtime error (sent with code 0)', async () => {
		ragflowApi()
			.post('/api/v1/agents/chat/completions')
			.reply(200, ok('**ERROR**: Tool call failed'));
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'agentSession',
				operation: 'ask',
				agentId: rl(AGENT),
				sessionId: rl(SESSION),
				question: 'x',
			},
		});
		expect(result.error?.message).toBe('RAGFlow error: Tool call failed');
	});

	it.each([
		['a blank question', { question: ' ' }, 'Question is empty'],
		[
			'a non-integer integer input',
			{ inputs: { input: [{ key: 'n', type: 'integer', value: 'seven' }] } },
			'Agent input "n" must be a whole number',
		],
		[
			'an input without key',
			{ inputs: { input: [{ key: '', value: 'v' }] } },
			'Agent input key is empty',
		],
	])('rejects %s before any request', async (_label, extra, message) => {
		const result = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'agentSession',
				operation: 'ask',
				agentId: rl(AGENT),
				question: 'q',
				...extra,
			},
		});
		expect(result.error?.message).toBe(message);
	});
});
