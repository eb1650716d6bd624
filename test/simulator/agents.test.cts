import { startTestSimulator, type SimClient } from './testClient.cts';
import type { RunningSimulator } from './server.cts';
import { defaultAgentDsl } from './state.cts';

let sim: RunningSimulator;
let api: SimClient;
let ds: string;
let chat: string;

beforeAll(async () => {
	({ sim, api } = await startTestSimulator({ sseDelayMs: 2 }));
	ds = await api.dataset('AgentKB');
	sim.state.addDocument(ds, {
		name: 'kb.txt',
		content:
			'Solar panels convert sunlight into electricity.\nWind turbines convert wind into electricity.',
		run: 'DONE',
	});
	chat = (await api.post('/chats', { name: 'OpenAI chat', dataset_ids: [ds] })).json.data.id;
});
afterAll(() => sim.close());

function agentWithKb(title: string) {
	const dsl = defaultAgentDsl() as {
		components: Record<string, { obj: { params: Record<string, unknown> } }>;
	};
	dsl.components['Retrieval:0'].obj.params.kb_ids = [ds];
	dsl.components.begin.obj.params.prologue = 'Welcome!';
	return sim.state.createAgent({ title, dsl });
}

describe('OpenAI-compatible chat completions', () => {
	it('answers non-streaming with the OpenAI object and references on request', async () => {
		const res = await api.post(`/openai/${chat}/chat/completions`, {
			model: 'model',
			messages: [
				{ role: 'system', content: 'x' },
				{ role: 'user', content: [{ type: 'text', text: 'How do solar panels work?' }] },
			],
			extra_body: { reference: true },
		});
		expect(res.json).toMatchObject({
			id: `chatcmpl-${chat}`,
			object: 'chat.completion',
			model: 'model',
			choices: [
				{ finish_reason: 'stop', index: 0, logprobs: null, message: { role: 'assistant' } },
			],
		});
		expect(res.json).not.toHaveProperty('code');
		expect(res.json.choices[0].message.content).toContain(
			'Solar panels convert sunlight into electricity.',
		);
		expect(res.json.choices[0].message.reference[0]).toMatchObject({
			document_name: 'kb.txt',
			dataset_id: ds,
		});
		expect(res.json.usage.total_tokens).toBe(
			res.json.usage.prompt_tokens + res.json.usage.completion_tokens,
		);
		const plain = await api.post(`/chats_openai/${chat}/chat/completions`, {
			model: 'model',
			messages: [{ role: 'user', content: 'wind' }],
		});
		expect(plain.json.choices[0].message).not.toHaveProperty('reference');
	});

	it('streams chunks (data: without a space), a stop chunk with usage, then data:[DONE]', async () => {
		const { events, raw } = await api.sse(`/openai/${chat}/chat/completions`, {
			model: 'model',
			stream: true,
			messages: [{ role: 'user', content: 'wind turbines' }],
			extra_body: { reference: true },
		});
		expect(raw.startsWith('data:{')).toBe(true);
		expect(events[events.length - 1]).toBe('[DONE]');
		const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
		const last = chunks[chunks.length - 1];
		expect(last.choices[0]).toMatchObject({ finish_reason: 'stop', delta: { content: null } });
		expect(last.usage.total_tokens).toBeGreaterThan(0);
		const text = chunks
			.slice(0, -1)
			.map((c) => c.choices[0].delta.content)
			.join('');
		expect(last.choices[0].delta.final_content).toBe(text);
		expect(last.choices[0].delta.reference.length).toBeGreaterThan(0);
		expect(chunks[0]).toMatchObject({
			object: 'chat.completion.chunk',
			system_fingerprint: '',
			usage: null,
			choices: [{ finish_reason: null, delta: { role: 'assistant' } }],
		});
	});

	it('follows the contract errors', async () => {
		expect(
			(
				await api.post(`/openai/nope/chat/completions`, {
					model: 'model',
					messages: [{ role: 'user', content: 'x' }],
				})
			).json,
		).toEqual({ code: 102, message: "You don't own the chat nope" });
		expect(
			(
				await api.post(`/openai/${chat}/chat/completions`, {
					messages: [{ role: 'user', content: 'x' }],
				})
			).json.code,
		).toBe(101);
		expect(
			(
				await api.post(`/openai/${chat}/chat/completions`, {
					model: 'gpt',
					messages: [{ role: 'user', content: 'x' }],
				})
			).json,
		).toEqual({ code: 101, message: "`llm_id` gpt doesn't exist" });
		expect(
			(
				await api.post(`/openai/${chat}/chat/completions`, {
					model: 'model',
					messages: [{ role: 'assistant', content: 'x' }],
				})
			).json.code,
		).toBe(102);
	});
});

describe('agents', () => {
	it('lists agents ({canvas,total}, no dsl, type:agent in merge mode) and filters', async () => {
		const a = agentWithKb('Energy bot');
		sim.state.createAgent({ title: 'Pipeline', canvas_category: 'dataflow_canvas', tags: ['etl'] });
		const res = await api.get('/agents');
		expect(res.json).toMatchObject({ code: 0, message: 'success' });
		expect(res.json.data.total).toBe(2);
		expect(res.json.data.canvas[0]).not.toHaveProperty('dsl');
		expect(res.json.data.canvas[0].type).toBe('agent');
		const agentsOnly = await api.get('/agents', { query: { canvas_category: 'agent_canvas' } });
		expect(agentsOnly.json.data.canvas.map((c: { id: string }) => c.id)).toEqual([a.id]);
		expect(agentsOnly.json.data.canvas[0]).not.toHaveProperty('type');
		expect((await api.get('/agents', { query: { keywords: 'energy' } })).json.data.total).toBe(1);
		expect((await api.get('/agents', { query: { tags: 'etl' } })).json.data.total).toBe(1);
		expect((await api.get('/agents', { query: { owner_ids: 'someone' } })).json).toEqual({
			code: 103,
			message: 'Only authorized owner_ids can be queried.',
		});
		expect((await api.get('/agents', { query: { page_size: 200 } })).json.code).toBe(100);
	});

	it('gets, creates, updates (resetting canvas_type/release) and deletes agents', async () => {
		const created = await api.post('/agents', {
			title: 'Made',
			dsl: JSON.stringify(defaultAgentDsl()),
			canvas_type: 'chatbot',
		});
		expect(created.json.data).toMatchObject({
			title: 'Made',
			canvas_category: 'agent_canvas',
			canvas_type: 'chatbot',
		});
		const id = created.json.data.id;
		expect((await api.get(`/agents/${id}`)).json.data.dsl).toHaveProperty('components');
		expect((await api.get('/agents/nope')).json).toEqual({
			code: 102,
			message: 'canvas not found.',
		});
		expect((await api.post('/agents', { title: 'made', dsl: {} })).json).toEqual({
			code: 102,
			message: 'made already exists.',
		});
		expect((await api.post('/agents', { title: 'x' })).json).toEqual({
			code: 101,
			message: 'No DSL data in request.',
		});
		expect((await api.post('/agents', { dsl: {} })).json).toEqual({
			code: 101,
			message: 'No title in request.',
		});
		const upd = await api.put(`/agents/${id}`, { description: 'd' });
		expect(upd.json.data.update_time).toEqual(expect.any(Number));
		expect((await api.get(`/agents/${id}`)).json.data).toMatchObject({
			description: 'd',
			canvas_type: '',
		});
		expect((await api.put('/agents/nope', {})).json.code).toBe(103);
		expect((await api.del(`/agents/${id}`)).json).toEqual({
			code: 0,
			message: 'success',
			data: true,
		});
		expect((await api.del(`/agents/${id}`)).json).toEqual({
			code: 103,
			message: 'Only the owner of the agent is authorized for this operation.',
		});
	});
});

describe('agent sessions', () => {
	it('creates sessions with the Begin prologue (message, singular), lists with top-level total, gets and deletes', async () => {
		const agent = agentWithKb('Sessions bot');
		const created = await api.post(`/agents/${agent.id}/sessions`, { name: 'one', user_id: 'u1' });
		expect(created.json.code).toBe(0);
		expect(created.json).not.toHaveProperty('message');
		expect(created.json.data).toMatchObject({
			agent_id: agent.id,
			name: 'one',
			user_id: 'u1',
			message: [{ role: 'assistant', content: 'Welcome!' }],
			source: 'agent',
		});
		const second = (await api.post(`/agents/${agent.id}/sessions`, {})).json.data.id;
		const list = await api.get(`/agents/${agent.id}/sessions`);
		expect(list.json).toMatchObject({ code: 0, message: 'success', total: 2 });
		expect(list.json.data[0].id).toBe(second);
		expect(list.json.data[0]).toHaveProperty('dsl');
		expect(
			(await api.get(`/agents/${agent.id}/sessions`, { query: { dsl: 'false' } })).json.data[0],
		).not.toHaveProperty('dsl');
		expect(
			(await api.get(`/agents/${agent.id}/sessions`, { query: { user_id: 'u1' } })).json.total,
		).toBe(1);
		expect(
			(await api.get(`/agents/${agent.id}/sessions`, { query: { desc: 'false' } })).json.data[0].id,
		).toBe(created.json.data.id);
		expect((await api.get(`/agents/${agent.id}/sessions/${second}`)).json.data.id).toBe(second);
		expect((await api.get(`/agents/${agent.id}/sessions/nope`)).json).toEqual({
			code: 102,
			message: 'Session not found!',
		});
		expect((await api.del(`/agents/${agent.id}/sessions/${second}`)).json).toEqual({
			code: 0,
			data: 1,
		});
		expect((await api.post(`/agents/nope/sessions`, {})).json).toEqual({
			code: 102,
			message: 'Agent not found.',
		});
		expect((await api.post(`/agents/${agent.id}/sessions`, { release: 'false' })).json).toEqual({
			code: 102,
			message: 'No available published version',
		});
	});

	it('deletes sessions in bulk: no-op, partial, errors', async () => {
		const agent = agentWithKb('Bulk bot');
		const a = sim.state.createAgentSession(agent).id;
		expect((await api.del(`/agents/${agent.id}/sessions`, {})).json).toEqual({ code: 0 });
		expect((await api.del(`/agents/${agent.id}/sessions`, { ids: [a, 'nope'] })).json).toEqual({
			code: 0,
			data: { success_count: 1, errors: ["The agent doesn't own the session nope"] },
		});
		expect((await api.del(`/agents/${agent.id}/sessions`, { ids: ['nope'] })).json).toEqual({
			code: 102,
			message: "The agent doesn't own the session nope",
		});
		expect((await api.del(`/agents/nope/sessions`, { ids: ['x'] })).json).toEqual({
			code: 102,
			message: "You don't own the agent nope",
		});
	});
});

describe('agent completions', () => {
	it('streams all canvas events for a new (workflow) session, ending with data:[DONE]', async () => {
		const agent = agentWithKb('Stream bot');
		const { events, raw } = await api.sse('/agents/chat/completions', {
			agent_id: agent.id,
			query: 'How do wind turbines work?',
			stream: true,
		});
		expect(raw.startsWith('data:{')).toBe(true);
		expect(events[events.length - 1]).toBe('[DONE]');
		const parsed = events.slice(0, -1).map((e) => JSON.parse(e));
		const names = parsed.map((e) => e.event);
		expect(names[0]).toBe('workflow_started');
		expect(names).toContain('node_started');
		expect(names[names.length - 1]).toBe('workflow_finished');
		const text = parsed
			.filter((e) => e.event === 'message')
			.map((e) => e.data.content)
			.join('');
		expect(text).toContain('Wind turbines convert wind into electricity.');
		const end = parsed.find((e) => e.event === 'message_end');
		expect(Object.keys(end.data.reference.chunks)[0]).toBe('0');
		expect(end.data.reference.chunks['0']).toMatchObject({ document_name: 'kb.txt' });
		expect(end.data.reference.doc_aggs['kb.txt']).toMatchObject({
			doc_name: 'kb.txt',
			count: expect.any(Number),
		});
		for (const e of parsed)
			expect(e).toMatchObject({
				message_id: expect.any(String),
				task_id: expect.any(String),
				created_at: expect.any(Number),
				session_id: parsed[0].session_id,
			});
		const session = sim.state.agentSessions.get(parsed[0].session_id)!;
		expect(session.source).toBe('workflow');
		expect(session.message.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant']);
	});

	it('streams only message/message_end/node_finished/workflow_finished for an agent session (alias path)', async () => {
		const agent = agentWithKb('Session stream');
		const session = (await api.post(`/agents/${agent.id}/sessions`, {})).json.data.id;
		const { events } = await api.sse(`/agents/${agent.id}/completions`, {
			question: 'solar',
			session_id: session,
			stream: true,
		});
		const names = new Set(events.slice(0, -1).map((e) => JSON.parse(e).event));
		expect([...names].sort()).toEqual([
			'message',
			'message_end',
			'node_finished',
			'workflow_finished',
		]);
		const finished = JSON.parse(events[events.length - 2]);
		expect(Object.keys(finished.data)).toEqual(['usage']);
	});

	it('answers non-streaming by default with the full text, and handles empty queries', async () => {
		const agent = agentWithKb('Plain bot');
		const res = await api.post('/agents/chat/completions', {
			agent_id: agent.id,
			query: 'solar sunlight',
		});
		expect(res.json.code).toBe(0);
		expect(res.json.data.event).toBe('workflow_finished');
		expect(res.json.data.data.content).toContain('Solar panels convert sunlight into electricity.');
		expect(res.json.data.data.reference.chunks['0']).toBeDefined();
		expect(res.json.data.session_id).toMatch(/^[0-9a-f]{32}$/);
		const empty = await api.post('/agents/chat/completions', { agent_id: agent.id, query: '' });
		expect(empty.json).toEqual({ code: 0, data: { session_id: expect.any(String) } });
		const { events } = await api.sse('/agents/chat/completions', {
			agent_id: agent.id,
			query: '',
			stream: true,
		});
		expect(JSON.parse(events[0])).toEqual({ session_id: expect.any(String), data: {} });
		expect(events[1]).toBe('[DONE]');
	});

	it('supports the OpenAI-compatible mode (data: with a space, no stop chunk)', async () => {
		const agent = agentWithKb('OpenAI agent');
		const { events, raw } = await api.sse(`/agents_openai/${agent.id}/chat/completions`, {
			messages: [{ role: 'user', content: 'wind' }],
			stream: true,
		});
		expect(raw.startsWith('data: {')).toBe(true);
		expect(events[events.length - 1]).toBe('[DONE]');
		const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
		expect(chunks.every((c) => c.choices[0].finish_reason === null && c.model === agent.id)).toBe(
			true,
		);
		expect(chunks[chunks.length - 1].choices[0].delta.reference.chunks['0']).toBeDefined();
		const plain = await api.post('/agents/chat/completions', {
			agent_id: agent.id,
			'openai-compatible': true,
			messages: [{ role: 'user', content: 'solar' }],
		});
		expect(plain.json).toMatchObject({
			object: 'chat.completion',
			model: agent.id,
			param: null,
			choices: [{ finish_reason: 'stop' }],
		});
		expect(
			(
				await api.post('/agents/chat/completions', {
					agent_id: agent.id,
					'openai-compatible': true,
					messages: [],
				})
			).json,
		).toEqual({ code: 102, message: 'You must provide at least one message.' });
	});

	it('follows the contract errors', async () => {
		const agent = agentWithKb('Err bot');
		const other = agentWithKb('Other bot');
		const foreign = sim.state.createAgentSession(other).id;
		expect((await api.post('/agents/chat/completions', { query: 'x' })).json).toEqual({
			code: 101,
			message: '`agent_id` is required.',
		});
		expect(
			(
				await api.post('/agents/chat/completions', {
					agent_id: agent.id,
					query: 'x',
					session_id: 'nope',
				})
			).json,
		).toEqual({ code: 102, message: 'Session not found!' });
		expect(
			(
				await api.post('/agents/chat/completions', {
					agent_id: agent.id,
					query: 'x',
					session_id: foreign,
				})
			).json,
		).toEqual({ code: 103, message: 'Session does not belong to the requested agent.' });
		expect((await api.post('/agents/chat/completion', { agent_id: agent.id })).status).toBe(404);
	});
});
