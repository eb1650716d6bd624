import type { IDataObject } from 'n8n-workflow';

import { fail, id, ok, ragflowApi, setupNock, currentServerProbe } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { gate } from '../harness/gate.cts';
import { SSE_HEADERS, sseBody, splitBytes } from '../harness/sseStream.cts';
import {
	CHAT,
	SESSION,
	NEW_SESSION,
	DOC,
	rl,
	refChunk,
	refOut,
	docAggs,
	streamed,
} from './helpers';

setupNock();

const chatEvent = (data: IDataObject) =>
	`data:${JSON.stringify({ code: 0, message: '', data })}\n\n`;
const ids = { id: 'msg1', session_id: SESSION, chat_id: CHAT };
const CLOSE = 'data:{"code": 0, "message": "", "data": true}\n\n';

describe('RAGFlow Session: chat sessions', () => {
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
