import { ServerResponse } from 'node:http';

import { startTestSimulator, type SimClient } from './testClient.cts';
import type { RunningSimulator } from './server.cts';

let sim: RunningSimulator;
let api: SimClient;
let ds: string;
let docId: string;

const TEXT = [
	'The warranty covers manufacturing defects for two years.',
	'Batteries are covered by the warranty for one year only.',
	'Shipping to Europe takes five business days.',
].join('\n');

beforeAll(async () => {
	({ sim, api } = await startTestSimulator({ sseDelayMs: 5 }));
	ds = await api.dataset('Support', { parser_config: { chunk_token_num: 10 } });
	docId = sim.state.addDocument(ds, { name: 'faq.txt', content: TEXT, run: 'DONE' }).id;
});
afterAll(() => sim.close());

const newChat = async (name: string, extra: Record<string, unknown> = {}) => {
	const res = await api.post('/chats', { name, dataset_ids: [ds], ...extra });
	if (res.json.code !== 0) throw new Error(res.text);
	return res.json.data.id as string;
};

describe('chat assistants', () => {
	it('creates a chat with the §9 defaults', async () => {
		const res = await api.post('/chats', {
			name: ' Helper ',
			dataset_ids: [ds],
			llm: { model_name: 'ignored' },
		});
		expect(res.json).toMatchObject({ code: 0, message: 'success' });
		expect(res.json.data).toMatchObject({
			name: 'Helper',
			description: 'A helpful Assistant',
			dataset_ids: [ds],
			kb_names: ['Support'],
			similarity_threshold: 0.1,
			vector_similarity_weight: 0.3,
			top_n: 6,
			top_k: 1024,
			llm_setting: {},
			status: '1',
		});
		expect(res.json.data).not.toHaveProperty('llm');
		expect(res.json.data.prompt_config).toMatchObject({
			prologue: "Hi! I'm your assistant. What can I do for you?",
			quote: true,
		});
		expect(res.json.data.prompt_config.parameters).toEqual([
			{ key: 'knowledge', optional: false },
			{ key: 'date', optional: true },
		]);
	});

	it('refuses duplicates, tenant_id, unparsed or unknown datasets', async () => {
		await newChat('Unique');
		expect((await api.post('/chats', { name: 'unique' })).json).toEqual({
			code: 102,
			message: 'Duplicated chat name in creating chat.',
		});
		expect((await api.post('/chats', { name: 'T', tenant_id: 'x' })).json).toEqual({
			code: 102,
			message: '`tenant_id` must not be provided.',
		});
		const empty = await api.dataset('Empty');
		expect((await api.post('/chats', { name: 'E', dataset_ids: [empty] })).json).toEqual({
			code: 102,
			message: `The dataset ${empty} doesn't own parsed file`,
		});
		expect((await api.post('/chats', { name: 'E', dataset_ids: ['nope'] })).json).toEqual({
			code: 102,
			message: "You don't own the dataset nope",
		});
		expect((await api.post('/chats', { name: 'E', llm_id: 'bogus' })).json).toEqual({
			code: 102,
			message: "`llm_id` bogus doesn't exist",
		});
		expect((await api.post('/chats', { name: '' })).json.code).toBe(102);
	});

	it('lists ({chats,total}), filters, orders and pages', async () => {
		const id = await newChat('Zeta listing');
		const res = await api.get('/chats');
		expect(res.json.data.total).toBe(res.json.data.chats.length);
		expect(res.json.data.chats[0].id).toBe(id);
		expect(res.json.data.chats[0]).toHaveProperty('nickname');
		expect(
			(await api.get('/chats', { query: { name: 'Zeta listing' } })).json.data.chats,
		).toHaveLength(1);
		expect((await api.get('/chats', { query: { keywords: 'zeta' } })).json.data.total).toBe(1);
		expect((await api.get('/chats', { query: { id } })).json.data.total).toBe(1);
		expect(
			(await api.get('/chats', { query: { orderby: 'name', desc: 'false' } })).json.data.chats[0]
				.name,
		).toBe('Helper');
		expect((await api.get('/chats', { query: { orderby: 'size' } })).json.code).toBe(101);
		expect((await api.get('/chats', { query: { page_size: 101 } })).json.code).toBe(100);
	});

	it('gets, updates with PUT (replace) and PATCH (merge), deletes', async () => {
		const id = await newChat('Upd', {
			llm_setting: { temperature: 0.5, top_p: 0.9 },
			prompt_config: { quote: false },
		});
		expect((await api.get(`/chats/${id}`)).json.data.id).toBe(id);
		expect((await api.get(`/chats/${'a'.repeat(32)}`)).json).toEqual({
			code: 109,
			message: 'no authorization',
		});
		const patched = await api.patch(`/chats/${id}`, {
			llm_setting: { temperature: 0.1 },
			name: null,
		});
		expect(patched.json.data.llm_setting).toEqual({ temperature: 0.1, top_p: 0.9 });
		expect(patched.json.data.name).toBe('Upd');
		const put = await api.put(`/chats/${id}`, { llm_setting: { max_tokens: 10 }, top_n: 3 });
		expect(put.json.data.llm_setting).toEqual({ max_tokens: 10 });
		expect(put.json.data.top_n).toBe(3);
		expect((await api.put(`/chats/${id}`, { name: '' })).json.code).toBe(102);
		expect((await api.put(`/chats/${id}`, { name: 'helper' })).json).toEqual({
			code: 102,
			message: 'Duplicated chat name.',
		});
		expect((await api.del(`/chats/${id}`)).json).toEqual({
			code: 0,
			message: 'success',
			data: true,
		});
		expect((await api.get(`/chats/${id}`)).json.code).toBe(109);
	});

	it('deletes many: no-op without ids, partial success with errors, all failed is 102', async () => {
		const a = await newChat('DelA');
		expect((await api.del('/chats', {})).json).toEqual({ code: 0, message: 'success', data: {} });
		expect((await api.del('/chats', { ids: null })).json.data).toEqual({});
		const partial = await api.del('/chats', { ids: [a, 'nope'] });
		expect(partial.json).toEqual({
			code: 0,
			message: 'Partially deleted 1 chats with 1 errors',
			data: { success_count: 1, errors: ['Chat(nope) not found.'] },
		});
		expect((await api.del('/chats', { ids: ['nope'] })).json).toEqual({
			code: 102,
			message: 'Chat(nope) not found.',
		});
	});
});

describe('chat sessions', () => {
	let chat: string;
	beforeAll(async () => {
		chat = await newChat('Sessions');
	});

	it('creates sessions with the prologue, lists them as an array, gets one with avatar', async () => {
		const res = await api.post(`/chats/${chat}/sessions`, { name: 'First' });
		expect(res.json.data).toMatchObject({
			name: 'First',
			chat_id: chat,
			messages: [{ role: 'assistant', content: "Hi! I'm your assistant. What can I do for you?" }],
			reference: [],
		});
		const def = await api.post(`/chats/${chat}/sessions`);
		expect(def.json.data.name).toBe('New session');
		expect((await api.post(`/chats/${chat}/sessions`, { name: ' ' })).json).toEqual({
			code: 102,
			message: '`name` can not be empty.',
		});
		const list = await api.get(`/chats/${chat}/sessions`);
		expect(Array.isArray(list.json.data)).toBe(true);
		expect(list.json.data.map((s: { name: string }) => s.name)).toEqual(['New session', 'First']);
		expect(
			(await api.get(`/chats/${chat}/sessions`, { query: { name: 'First' } })).json.data,
		).toHaveLength(1);
		const one = await api.get(`/chats/${chat}/sessions/${res.json.data.id}`);
		expect(one.json.data).toHaveProperty('avatar');
		expect((await api.get(`/chats/${chat}/sessions/nope`)).json).toEqual({
			code: 102,
			message: 'Session not found!',
		});
		const other = await newChat('OtherChat');
		expect((await api.get(`/chats/${other}/sessions/${res.json.data.id}`)).json).toEqual({
			code: 102,
			message: 'Session does not belong to this chat!',
		});
		expect((await api.post(`/chats/nope/sessions`, {})).json).toEqual({
			code: 109,
			message: 'no authorization',
		});
	});

	it('renames with PATCH/PUT and refuses message edits', async () => {
		const id = (await api.post(`/chats/${chat}/sessions`, { name: 'Old' })).json.data.id;
		expect((await api.patch(`/chats/${chat}/sessions/${id}`, { name: 'New' })).json.data.name).toBe(
			'New',
		);
		expect((await api.put(`/chats/${chat}/sessions/${id}`, { messages: [] })).json).toEqual({
			code: 102,
			message: '`messages` cannot be changed.',
		});
	});

	it('deletes sessions: no-op, partial, all failed', async () => {
		const id = (await api.post(`/chats/${chat}/sessions`, { name: 'Del' })).json.data.id;
		expect((await api.del(`/chats/${chat}/sessions`)).json.data).toEqual({});
		const partial = await api.del(`/chats/${chat}/sessions`, { ids: [id, 'nope'] });
		expect(partial.json.data).toEqual({
			success_count: 1,
			errors: ["The chat doesn't own the session nope"],
		});
		expect((await api.del(`/chats/${chat}/sessions`, { ids: ['nope'] })).json.code).toBe(102);
		const b = (await api.post(`/chats/${chat}/sessions`, { name: 'Del2' })).json.data.id;
		expect((await api.del(`/chats/${chat}/sessions`, { ids: [b] })).json).toEqual({
			code: 0,
			message: 'success',
			data: true,
		});
	});
});

describe('chat completions', () => {
	let chat: string;
	beforeAll(async () => {
		chat = await newChat('Answers');
	});

	it('streams SSE exactly per the contract: data: lines without a space, deltas, final event, closing event', async () => {
		// Counted where the simulator writes: how many reads the client needed depends on scheduling.
		const writes = jest.spyOn(ServerResponse.prototype, 'write');
		let eventWrites: unknown[][];
		let streamed: Awaited<ReturnType<SimClient['sse']>>;
		try {
			streamed = await api.sse('/chat/completions', {
				chat_id: chat,
				messages: [{ role: 'user', content: 'How long is the battery warranty?' }],
			});
			eventWrites = writes.mock.calls.filter(([chunk]) => String(chunk).startsWith('data:'));
		} finally {
			writes.mockRestore();
		}
		const { events, contentType, raw } = streamed;
		expect(contentType).toBe('text/event-stream; charset=utf-8');
		expect(
			raw
				.split('\n\n')
				.filter(Boolean)
				.every((block) => block.startsWith('data:{')),
		).toBe(true);
		const payloads = events.map((e) => JSON.parse(e));
		expect(payloads[payloads.length - 1]).toEqual({ code: 0, message: '', data: true });
		const deltas = payloads.slice(0, -2);
		const final = payloads[payloads.length - 2].data;
		expect(deltas.length).toBeGreaterThan(2);
		for (const d of deltas) {
			expect(d).toMatchObject({
				code: 0,
				message: '',
				data: { final: false, reference: { chunks: [] }, chat_id: chat, audio_binary: null },
			});
		}
		const text = deltas.map((d) => d.data.answer).join('');
		expect(text).toContain('Batteries are covered by the warranty for one year only.');
		expect(text).toMatch(/\[ID:0\]/);
		expect(final).toMatchObject({ final: true, answer: '', chat_id: chat });
		expect(final.reference.total).toBeGreaterThan(0);
		expect(final.reference.chunks[0]).toMatchObject({
			document_id: docId,
			document_name: 'faq.txt',
			dataset_id: ds,
		});
		expect(final.reference.chunks[0]).toHaveProperty('similarity');
		expect(final.reference.doc_aggs[0]).toMatchObject({ doc_id: docId, doc_name: 'faq.txt' });
		expect(typeof final.prompt).toBe('string');
		const ids = new Set(payloads.slice(0, -1).map((p) => p.data.id));
		const sessions = new Set(payloads.slice(0, -1).map((p) => p.data.session_id));
		expect(ids.size).toBe(1);
		expect(sessions.size).toBe(1);
		expect([...sessions][0]).toMatch(/^[0-9a-f]{32}$/);
		expect(eventWrites).toHaveLength(events.length); // one write per event: a stream, not one body
		const session = await api.get(`/chats/${chat}/sessions/${[...sessions][0]}`);
		expect(session.json.data.name).toBe('New session');
		expect(session.json.data.messages.map((m: { role: string }) => m.role)).toEqual([
			'assistant',
			'user',
			'assistant',
		]);
		expect(session.json.data.messages[2].content).toBe(text);
		expect(session.json.data.reference).toHaveLength(1);
	});

	it('holds a stream after its first event until the test releases it (holdStreams)', async () => {
		const release = sim.holdStreams();
		const response = await fetch(`${sim.url}/api/v1/chat/completions`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				chat_id: chat,
				messages: [{ role: 'user', content: 'How long is the battery warranty?' }],
			}),
		});
		const reader = response.body!.getReader();
		const decoder = new TextDecoder();
		let text = '';
		// Everything read before the release: the first event only, never the end of the answer.
		while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value);
		expect(text.match(/^data:/gm)).toHaveLength(1);
		release();
		for (let part = await reader.read(); !part.done; part = await reader.read())
			text += decoder.decode(part.value);
		expect(text.match(/^data:/gm)!.length).toBeGreaterThan(2);
		expect(text).toContain('"data":true');
	});

	it('streams cumulative answers with legacy: true, via the /chats/{id}/completions alias', async () => {
		const { events } = await api.sse(`/chats/${chat}/completions`, {
			question: 'shipping to Europe?',
			stream: true,
			legacy: true,
		});
		const payloads = events.map((e) => JSON.parse(e));
		const answers = payloads.slice(0, -1).map((p) => p.data.answer as string);
		for (let i = 1; i < answers.length - 1; i++)
			expect(answers[i].startsWith(answers[i - 1])).toBe(true);
		const final = payloads[payloads.length - 2].data;
		expect(final.final).toBe(true);
		expect(final.answer).toContain('Shipping to Europe takes five business days.');
	});

	it('continues a session and answers non-streaming', async () => {
		const session = (await api.post(`/chats/${chat}/sessions`, { name: 'S' })).json.data.id;
		const res = await api.post('/chat/completions', {
			chat_id: chat,
			session_id: session,
			stream: false,
			messages: [{ role: 'user', content: 'warranty defects', id: 'm1' }],
		});
		expect(res.json).toMatchObject({
			code: 0,
			message: 'success',
			data: { id: 'm1', session_id: session, chat_id: chat, audio_binary: null },
		});
		expect(res.json.data.answer).toContain('manufacturing defects');
		expect(res.json.data.reference.chunks.length).toBeGreaterThan(0);
		const stored = (await api.get(`/chats/${chat}/sessions/${session}`)).json.data;
		expect(stored.messages).toHaveLength(3);
		expect(stored.messages[1]).toMatchObject({ role: 'user', id: 'm1' });
		// message feedback and deletion
		const fb = await api.put(`/chats/${chat}/sessions/${session}/messages/m1/feedback`, {
			thumbup: true,
			feedback: 'good',
		});
		expect(fb.json.data.messages[2]).toMatchObject({ thumbup: true, feedback: 'good' });
		expect(
			(await api.put(`/chats/${chat}/sessions/${session}/messages/m1/feedback`, { thumbup: 'yes' }))
				.json,
		).toEqual({ code: 102, message: 'thumbup must be a boolean' });
		const del = await api.del(`/chats/${chat}/sessions/${session}/messages/m1`);
		expect(del.json.data.messages).toHaveLength(1);
		expect(del.json.data.reference).toHaveLength(0);
	});

	it('uses the empty response when retrieval finds nothing', async () => {
		const { events } = await api.sse('/chat/completions', {
			chat_id: chat,
			question: 'xylophone quantum',
		});
		const payloads = events.map((e) => JSON.parse(e));
		expect(payloads).toHaveLength(3);
		expect(payloads[0].data).toMatchObject({
			answer: 'Sorry! No relevant content was found in the knowledge base!',
			final: false,
		});
		expect(payloads[1].data).toMatchObject({
			answer: 'Sorry! No relevant content was found in the knowledge base!',
			final: true,
		});
	});

	it('answers without a chat (no final event, empty session id)', async () => {
		const { events } = await api.sse('/chat/completions', {
			messages: [
				{ role: 'system', content: 's' },
				{ role: 'user', content: 'hello there' },
			],
		});
		const payloads = events.map((e) => JSON.parse(e));
		expect(payloads.every((p) => p.data === true || p.data.final === false)).toBe(true);
		expect(payloads[0].data.session_id).toBe('');
		expect(payloads[0].data).not.toHaveProperty('chat_id');
		expect(payloads[payloads.length - 1].data).toBe(true);
	});

	it('reports errors as JSON before the stream and Miss parameter inside it', async () => {
		expect((await api.post('/chat/completions', { chat_id: chat })).json).toEqual({
			code: 101,
			message: 'required argument are missing: messages',
		});
		expect(
			(
				await api.post('/chat/completions', {
					chat_id: chat,
					messages: [
						{ role: 'user', content: 'a' },
						{ role: 'assistant', content: 'b' },
					],
				})
			).json,
		).toEqual({ code: 101, message: 'The last message must be from user.' });
		expect((await api.post('/chat/completions', { chat_id: chat, messages: [] })).json.code).toBe(
			101,
		);
		expect((await api.post('/chat/completions', { session_id: 'x', question: 'q' })).json).toEqual({
			code: 102,
			message: '`chat_id` is required when `session_id` is provided.',
		});
		expect((await api.post('/chat/completions', { chat_id: 'nope', question: 'q' })).json).toEqual({
			code: 109,
			message: 'no authorization',
		});
		expect(
			(await api.post('/chat/completions', { chat_id: chat, session_id: 'nope', question: 'q' }))
				.json,
		).toEqual({ code: 102, message: 'Session not found!' });
		const withParam = await newChat('Params', {
			prompt_config: {
				parameters: [
					{ key: 'knowledge', optional: false },
					{ key: 'tone', optional: false },
				],
			},
		});
		const { events } = await api.sse('/chat/completions', {
			chat_id: withParam,
			question: 'warranty',
		});
		expect(JSON.parse(events[0])).toEqual({
			code: 500,
			message: 'Miss parameter: tone',
			data: { answer: '**ERROR**: Miss parameter: tone', reference: [] },
		});
		expect(JSON.parse(events[1])).toEqual({ code: 0, message: '', data: true });
		const ok = await api.post('/chat/completions', {
			chat_id: withParam,
			question: 'warranty',
			tone: 'formal',
			stream: false,
		});
		expect(ok.json.code).toBe(0);
	});
});
