import type { IDataObject } from 'n8n-workflow';

import { fail, id, ok, ragflowApi, setupNock, currentServerProbe } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { SSE_HEADERS, sseBody, splitBytes } from '../harness/sseStream.cts';
import { SESSION, NEW_SESSION, AGENT, rl, refChunk, refOut, docAggs, streamed } from './helpers';

setupNock();

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
