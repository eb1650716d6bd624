/**
 * The RAGFlow version profiles over real HTTP: each difference docs/ragflow-api.md §17 records
 * between v0.20 and v0.27 (routes, methods, errors, accepted keys, shapes, ignored filters).
 */
import { parseArgs } from './cli.cts';
import { RAGFLOW_VERSIONS, type RagflowVersion, type RunningSimulator } from './server.cts';
import { type SimClient, startTestSimulator } from './testClient.cts';

const TEXT =
	'The warranty covers manufacturing defects for two years.\nBatteries are covered for one year only.';
const NOT_FOUND = { code: 100, message: "<NotFound '404: Not Found'>" };
const NOT_ALLOWED = { code: 100, message: "<MethodNotAllowed '405: Method Not Allowed'>" };

interface Env {
	sim: RunningSimulator;
	api: SimClient;
	ds: string;
	doc: string;
}

const envs = new Map<RagflowVersion, Env>();

async function env(version: RagflowVersion): Promise<Env> {
	const existing = envs.get(version);
	if (existing) return existing;
	const { sim, api } = await startTestSimulator({ ragflowVersion: version });
	const ds = await api.dataset('Support', { parser_config: { chunk_token_num: 10 } });
	const doc = sim.state.addDocument(ds, { name: 'faq.txt', content: TEXT, run: 'DONE' }).id;
	const created = { sim, api, ds, doc };
	envs.set(version, created);
	return created;
}

afterAll(async () => {
	for (const e of envs.values()) await e.sim.close();
});

const OLD: RagflowVersion[] = ['0.20', '0.22', '0.24'];
const V25: RagflowVersion[] = ['0.25.0', '0.25.6', '0.26', '0.27'];

describe('profile selection', () => {
	it('defaults to 0.27 and exposes the version', async () => {
		const { sim, api } = await startTestSimulator();
		try {
			expect(sim.version).toBe('0.27');
			expect((await api.get('/system/version')).json.data).toBe('v0.27.0-simulator');
		} finally {
			await sim.close();
		}
	});

	it('reports the profile release and refuses unknown versions', async () => {
		expect((await (await env('0.22')).api.get('/system/version')).json.data).toBe(
			'v0.22.1-simulator',
		);
		await expect(startTestSimulator({ ragflowVersion: '0.19' as RagflowVersion })).rejects.toThrow(
			/Unknown RAGFlow version/,
		);
	});

	it('parses --ragflow-version', () => {
		expect(parseArgs(['--ragflow-version', '0.22']).ragflowVersion).toBe('0.22');
		expect(parseArgs(['--ragflow-version=0.25.6']).ragflowVersion).toBe('0.25.6');
		expect(() => parseArgs(['--ragflow-version', '0.23'])).toThrow(
			/--ragflow-version needs one of 0.20, 0.22/,
		);
		expect(RAGFLOW_VERSIONS).toEqual(['0.20', '0.22', '0.24', '0.25.0', '0.25.6', '0.26', '0.27']);
	});
});

describe('missing routes, methods and bad keys', () => {
	it.each(['0.20', '0.22'] as RagflowVersion[])(
		'%s: a missing route is HTTP 200 code 100 NotFound',
		async (v) => {
			const { api, ds } = await env(v);
			const res = await api.post('/chat/completions', { chat_id: 'x', messages: [] });
			expect(res.status).toBe(200);
			expect(res.json).toEqual(NOT_FOUND);
			expect((await api.get(`/datasets/${ds}/graph`)).json).toEqual(NOT_FOUND);
		},
	);

	it.each(['0.24', '0.25.0'] as RagflowVersion[])('%s: a missing route is HTTP 404', async (v) => {
		const { api } = await env(v);
		const res = await api.post('/chat/completions', { chat_id: 'x', messages: [] });
		expect(res.status).toBe(404);
	});

	it.each([...OLD, ...V25])(
		'%s: a missing method on an existing path is code 100 MethodNotAllowed',
		async (v) => {
			const { api } = await env(v);
			const res = await api.call('PATCH', '/datasets');
			expect(res.status).toBe(200);
			expect(res.json).toEqual(NOT_ALLOWED);
		},
	);

	it.each(OLD)('%s: a bad key is HTTP 200 code 109; a missing header is code 0', async (v) => {
		const { api } = await env(v);
		const bad = await api.get('/datasets', { key: 'wrong' });
		expect(bad.status).toBe(200);
		expect(bad.json).toEqual({
			code: 109,
			message: 'Authentication error: API key is invalid!',
			data: false,
		});
		expect((await api.get('/datasets', { key: null })).json).toEqual({
			code: 0,
			message: "`Authorization` can't be empty",
			data: false,
		});
	});

	it.each(V25)('%s: a bad key is HTTP 401', async (v) => {
		const { api } = await env(v);
		expect((await api.get('/datasets', { key: 'wrong' })).status).toBe(401);
	});
});

describe('routes per version', () => {
	it.each(OLD)('%s: updates are PUT only; new GET routes are missing', async (v) => {
		const { api, ds, doc, sim } = await env(v);
		const chat = sim.state.createChat({ name: `c-${v}`, dataset_ids: [ds] });
		const session = sim.state.createChatSession(chat);
		const chunk = [...sim.state.getDocument(doc)!.chunks.keys()][0];
		expect(
			(await api.patch(`/datasets/${ds}/documents/${doc}`, { name: 'faq2.txt' })).json,
		).toEqual(NOT_ALLOWED);
		expect(
			(await api.put(`/datasets/${ds}/documents/${doc}`, { meta_fields: { a: 'b' } })).json.code,
		).toBe(0);
		expect((await api.patch(`/chats/${chat.id}`, { name: 'x' })).json).toEqual(NOT_ALLOWED);
		expect((await api.get(`/chats/${chat.id}`)).json).toEqual(NOT_ALLOWED);
		expect((await api.get(`/chats/${chat.id}/sessions/${session.id}`)).json).toEqual(NOT_ALLOWED);
		expect(
			(await api.patch(`/chats/${chat.id}/sessions/${session.id}`, { name: 'x' })).json,
		).toEqual(NOT_ALLOWED);
		expect(
			(await api.put(`/chats/${chat.id}/sessions/${session.id}`, { name: 'renamed' })).json,
		).toEqual({ code: 0 });
		expect(sim.state.chatSessions.get(session.id)!.name).toBe('renamed');
		expect((await api.get(`/datasets/${ds}`)).json).toEqual(NOT_ALLOWED);
		const chunks = `/datasets/${ds}/documents/${doc}/chunks`;
		expect((await api.get(`${chunks}/${chunk}`)).json).toEqual(NOT_ALLOWED);
		expect((await api.patch(`${chunks}/${chunk}`, { content: 'x' })).json).toEqual(NOT_ALLOWED);
		expect((await api.put(`${chunks}/${chunk}`, { content: 'Changed content.' })).json.code).toBe(
			0,
		);
		expect((await api.patch(chunks, { chunk_ids: [chunk], available: false })).json).toEqual(
			NOT_ALLOWED,
		);
	});

	it.each(OLD)('%s: parse and stop only through /datasets/{id}/chunks', async (v) => {
		const { api, ds, sim } = await env(v);
		const doc = sim.state.addDocument(ds, { name: `p-${v}.txt`, content: TEXT }).id;
		// The path /documents/{document_id} exists (GET, PUT), so `parse` meets a method error.
		expect(
			(await api.post(`/datasets/${ds}/documents/parse`, { document_ids: [doc] })).json,
		).toEqual(NOT_ALLOWED);
		expect((await api.post(`/datasets/${ds}/chunks`, { document_ids: [doc] })).json).toEqual({
			code: 0,
		});
		expect((await api.del(`/datasets/${ds}/chunks`, { document_ids: [doc] })).json).toEqual({
			code: 0,
		});
	});

	it.each(['0.20', '0.22', '0.24', '0.25.0'] as RagflowVersion[])(
		'%s: no index / graph routes; /knowledge_graph works',
		async (v) => {
			const { api, ds } = await env(v);
			const missing = v === '0.20' || v === '0.22' ? NOT_FOUND : undefined;
			for (const res of [
				await api.post(`/datasets/${ds}/index`, undefined, { query: { type: 'graph' } }),
				await api.del(`/datasets/${ds}/index`, undefined, { query: { type: 'graph' } }),
			]) {
				if (missing) expect(res.json).toEqual(missing);
				else expect(res.status).toBe(404);
			}
			expect((await api.get(`/datasets/${ds}/knowledge_graph`)).json).toEqual({
				code: 0,
				data: { graph: {}, mind_map: {} },
			});
			expect((await api.del(`/datasets/${ds}/knowledge_graph`)).json).toEqual({
				code: 0,
				data: true,
			});
		},
	);

	it('graphrag / raptor task routes exist from 0.22', async () => {
		expect(
			(await (await env('0.20')).api.get(`/datasets/${(await env('0.20')).ds}/trace_graphrag`))
				.json,
		).toEqual(NOT_FOUND);
		const { api, ds } = await env('0.22');
		expect((await api.get(`/datasets/${ds}/trace_raptor`)).json).toEqual({ code: 0, data: {} });
	});

	it.each(V25)(
		'%s: GET /chats/{id} and GET session exist; 0.25.0 has no session PATCH, /datasets/{id} or parse routes',
		async (v) => {
			const { api, ds, sim } = await env(v);
			const chat = sim.state.createChat({ name: `c-${v}`, dataset_ids: [ds] });
			const session = sim.state.createChatSession(chat);
			expect((await api.get(`/chats/${chat.id}`)).json.code).toBe(0);
			expect((await api.get(`/chats/${chat.id}/sessions/${session.id}`)).json.code).toBe(0);
			const patched = await api.patch(`/chats/${chat.id}/sessions/${session.id}`, { name: 'x' });
			const dataset = await api.get(`/datasets/${ds}`);
			const parse = await api.post(`/datasets/${ds}/documents/parse`, { document_ids: ['x'] });
			if (v === '0.25.0') {
				expect(patched.json).toEqual(NOT_ALLOWED);
				expect(dataset.json).toEqual(NOT_ALLOWED);
				expect(parse.json).toEqual(NOT_ALLOWED);
			} else {
				expect(patched.json.code).toBe(0);
				expect(dataset.json.code).toBe(0);
				expect(parse.json.code).toBe(102);
			}
		},
	);
});

describe('agent ask', () => {
	it.each([
		['0.25.0', 102],
		['0.25.6', 0],
	] as const)(
		'%s: POST /agents/chat/completions (before 0.25.2 it meets /agents/{agent_id}/completions with agent "chat")',
		async (v, code) => {
			const { api, sim } = await env(v);
			const agent = sim.state.createAgent({ title: `A-${v}` });
			const res = await api.post('/agents/chat/completions', {
				agent_id: agent.id,
				query: 'hi',
				stream: false,
			});
			expect(res.json.code).toBe(code);
			expect(
				(await api.post(`/agents/${agent.id}/completions`, { query: 'hi', stream: false })).json
					.code,
			).toBe(0);
		},
	);
});

describe('accepted keys', () => {
	it.each(OLD)('%s: the old dataset models refuse the v0.25 keys', async (v) => {
		const { api, ds } = await env(v);
		const extra = (field: string, value: string) =>
			`Field: <${field}> - Message: <Extra inputs are not permitted> - Value: <${value}>`;
		expect((await api.get('/datasets', { query: { include_parsing_status: true } })).json).toEqual({
			code: 101,
			message: extra('include_parsing_status', 'true'),
		});
		expect((await api.get('/datasets', { query: { ext: '{"keywords":"s"}' } })).json.code).toBe(
			101,
		);
		expect((await api.post('/datasets', { name: 'x', ext: { language: 'English' } })).json).toEqual(
			{ code: 101, message: extra('ext', "{'language': 'English'}") },
		);
		expect((await api.put(`/datasets/${ds}`, { language: 'German' })).json).toEqual({
			code: 101,
			message: extra('language', 'German'),
		});
		expect(
			(
				await api.post('/datasets', {
					name: 'y',
					parser_config: { parent_child: { use_parent_child: true } },
				})
			).json.message,
		).toBe(extra('parser_config.parent_child', "{'use_parent_child': True}"));
		expect(
			(await api.post('/datasets', { name: 'z', chunk_method: 'resume' })).json.message,
		).toContain("'table' or 'tag'> - Value: <resume>");
		const all = await api.del('/datasets', { delete_all: true });
		expect(all.json.code).toBe(101);
		expect(all.json.message).toBe(
			[
				"Field: <ids> - Message: <Field required> - Value: <{'delete_all': True}>",
				extra('delete_all', 'True'),
			].join('\n'),
		);
		const list = await api.get('/datasets');
		expect(list.json).toEqual({ code: 0, data: expect.any(Array) });
	});

	it.each(['0.25.0', '0.25.6', '0.26'] as RagflowVersion[])(
		'%s: dataset list `ids` is refused, include_parsing_status is accepted',
		async (v) => {
			const { api, ds } = await env(v);
			expect((await api.get('/datasets', { query: { ids: ds } })).json.code).toBe(101);
			const list = await api.get('/datasets', { query: { include_parsing_status: true } });
			expect(list.json).toMatchObject({ code: 0, total_datasets: 1 });
		},
	);

	it('0.27 accepts dataset list `ids`', async () => {
		const { api, ds } = await env('0.27');
		expect((await api.get('/datasets', { query: { ids: ds } })).json).toMatchObject({
			code: 0,
			total_datasets: 1,
		});
	});

	it.each(OLD)(
		'%s: a delete body without ids deletes everything (delete_all is not read)',
		async (v) => {
			const { sim, api } = await startTestSimulator({ ragflowVersion: v });
			try {
				const ds = await api.dataset('D');
				const doc = sim.state.addDocument(ds, { name: 'a.txt', content: TEXT, run: 'DONE' });
				sim.state.addDocument(ds, { name: 'b.txt', content: TEXT });
				const chat = sim.state.createChat({ name: 'c', dataset_ids: [ds] });
				sim.state.createChatSession(chat);
				expect((await api.del(`/chats/${chat.id}/sessions`, { delete_all: true })).json.code).toBe(
					0,
				);
				expect([...sim.state.chatSessions.values()]).toHaveLength(0);
				expect(
					(await api.del(`/datasets/${ds}/documents/${doc.id}/chunks`, { delete_all: true })).json
						.code,
				).toBe(0);
				expect(doc.chunks.size).toBe(0);
				expect((await api.del(`/datasets/${ds}/documents`, { delete_all: true })).json).toEqual({
					code: 0,
				});
				expect(sim.state.getDataset(ds)!.docs.size).toBe(0);
				expect((await api.del('/chats', { delete_all: true })).json).toEqual({ code: 0 });
				expect(sim.state.chats.size).toBe(0);
				expect((await api.del('/datasets', { ids: null })).json).toEqual({
					code: 0,
					data: { success_count: 1 },
				});
			} finally {
				await sim.close();
			}
		},
	);
});

describe('chat assistants before v0.25', () => {
	it.each(OLD)('%s: create takes llm / prompt and answers in the old shape', async (v) => {
		const { api, ds } = await env(v);
		const res = await api.post('/chats', {
			name: `old-${v}`,
			dataset_ids: [ds],
			avatar: 'data:image/png;base64,AAAA',
			llm: { model_name: 'gpt-4o-mini@OpenAI', temperature: 0.5 },
			prompt: {
				prompt: 'Answer from {knowledge}.',
				opener: 'Hello',
				similarity_threshold: 0.3,
				top_n: 4,
			},
		});
		expect(res.json.code).toBe(0);
		const data = res.json.data;
		expect(data).toMatchObject({
			name: `old-${v}`,
			avatar: 'data:image/png;base64,AAAA',
			dataset_ids: [ds],
			llm: { model_name: 'gpt-4o-mini@OpenAI', temperature: 0.5 },
			prompt: {
				prompt: 'Answer from {knowledge}.',
				opener: 'Hello',
				similarity_threshold: 0.3,
				top_n: 4,
				keywords_similarity_weight: 0.7,
				rerank_model: '',
			},
		});
		for (const key of [
			'llm_id',
			'llm_setting',
			'prompt_config',
			'icon',
			'top_k',
			'similarity_threshold',
		])
			expect(data).not.toHaveProperty(key);
		expect(
			(await api.post('/chats', { name: 'bad', dataset_ids: [], llm: { model_name: 'nope' } }))
				.json,
		).toEqual({ code: 102, message: "`model_name` nope doesn't exist" });
	});

	it.each(OLD)(
		'%s: current-name keys are stored; icon comes from avatar; {knowledge} is required',
		async (v) => {
			const { api, ds, sim } = await env(v);
			const res = await api.post('/chats', {
				name: `new-names-${v}`,
				dataset_ids: [ds],
				icon: 'data:image/png;base64,BBBB',
				llm_id: 'glm-4-flash@ZHIPU-AI',
				llm_setting: { temperature: 0.2 },
				prompt_config: { system: 'Use {knowledge}.', prologue: 'Hi' },
				top_n: 3,
			});
			expect(res.json.code).toBe(0);
			expect(res.json.data).toMatchObject({
				avatar: '',
				llm: { model_name: 'glm-4-flash@ZHIPU-AI', temperature: 0.2 },
				prompt: { prompt: 'Use {knowledge}.', opener: 'Hi', top_n: 3 },
			});
			expect(sim.state.chats.get(res.json.data.id)!.icon).toBe('');
			const refused = await api.post('/chats', {
				name: `nk-${v}`,
				dataset_ids: [ds],
				prompt_config: { system: 'No placeholder.' },
			});
			expect(refused.json).toEqual({ code: 102, message: "Parameter 'knowledge' is not used" });
		},
	);

	it.each(OLD)(
		'%s: list is a bare array with datasets; keywords is ignored; update answers without data',
		async (v) => {
			const { api, ds, sim } = await env(v);
			const a = sim.state.createChat({ name: `alpha-${v}`, dataset_ids: [ds] });
			sim.state.createChat({ name: `beta-${v}`, dataset_ids: [ds] });
			const list = await api.get('/chats', { query: { keywords: 'alpha' } });
			expect(list.json.code).toBe(0);
			expect(Array.isArray(list.json.data)).toBe(true);
			expect(list.json.data.length).toBeGreaterThanOrEqual(2);
			expect(list.json.data[0]).toMatchObject({
				datasets: [{ id: ds, name: 'Support', chunk_num: expect.any(Number) }],
				llm: expect.any(Object),
				prompt: expect.any(Object),
			});
			expect((await api.get('/chats', { query: { name: 'nothing' } })).json).toEqual({
				code: 102,
				message: "The chat doesn't exist",
			});
			const updated = await api.put(`/chats/${a.id}`, {
				prompt: { opener: 'Welcome' },
				llm: { temperature: 0.9 },
			});
			expect(updated.json).toEqual({ code: 0 });
			expect(sim.state.chats.get(a.id)).toMatchObject({
				prompt_config: { prologue: 'Welcome' },
				llm_setting: { temperature: 0.9 },
			});
		},
	);

	it.each(OLD)(
		'%s: /chats/{id}/completions: without a session it only creates one; with one the answer is cumulative',
		async (v) => {
			const { api, ds, sim } = await env(v);
			const chat = sim.state.createChat({ name: `ask-${v}`, dataset_ids: [ds] });
			const before = sim.state.chatSessions.size;
			const first = await api.sse(`/chats/${chat.id}/completions`, {
				question: 'How long is the warranty?',
				stream: true,
			});
			expect(sim.state.chatSessions.size).toBe(before + 1);
			const opened = JSON.parse(first.events[0]);
			expect(opened.data).toMatchObject({
				answer: chat.prompt_config.prologue,
				reference: {},
				id: null,
			});
			expect(JSON.parse(first.events[1])).toEqual({ code: 0, message: '', data: true });
			const sessionId = opened.data.session_id as string;

			// (An earlier test rewrote the warranty chunk of this profile's dataset.)
			const asked = await api.sse(`/chats/${chat.id}/completions`, {
				question: 'How long are batteries covered?',
				session_id: sessionId,
				stream: true,
			});
			const events = asked.events.map((e) => JSON.parse(e));
			expect(events[events.length - 1]).toEqual({ code: 0, data: true });
			const answers = events.slice(0, -1).map((e) => e.data.answer as string);
			expect(answers.length).toBeGreaterThan(2);
			for (let i = 1; i < answers.length; i++)
				expect(answers[i].startsWith(answers[i - 1])).toBe(true);
			expect(answers[answers.length - 1]).toMatch(/batteries/i);
			expect(events[events.length - 2].data.reference.chunks.length).toBeGreaterThan(0);
		},
	);
});

describe('filters an old server ignores', () => {
	it('document list run / suffix are ignored on 0.20, honoured on 0.22', async () => {
		for (const [v, expected] of [
			['0.20', 3],
			['0.22', 1],
		] as const) {
			const { sim, api } = await startTestSimulator({ ragflowVersion: v });
			try {
				const ds = await api.dataset('D');
				sim.state.addDocument(ds, { name: 'a.txt', content: TEXT, run: 'DONE' });
				sim.state.addDocument(ds, { name: 'b.txt', content: TEXT });
				sim.state.addDocument(ds, { name: 'c.md', content: TEXT });
				const run = await api.get(`/datasets/${ds}/documents`, { query: { run: 'DONE' } });
				expect(run.json.data.docs).toHaveLength(expected);
				const suffix = await api.get(`/datasets/${ds}/documents`, { query: { suffix: 'md' } });
				expect(suffix.json.data.docs).toHaveLength(expected);
			} finally {
				await sim.close();
			}
		}
	});

	it.each([
		['0.22', 2],
		['0.24', 1],
	] as const)('%s: document list metadata_condition', async (v, expected) => {
		const { sim, api } = await startTestSimulator({ ragflowVersion: v });
		try {
			const ds = await api.dataset('D');
			sim.state.addDocument(ds, { name: 'a.txt', content: TEXT }).meta_fields = { lang: 'en' };
			sim.state.addDocument(ds, { name: 'b.txt', content: TEXT }).meta_fields = { lang: 'de' };
			const condition = JSON.stringify({
				logic: 'and',
				conditions: [{ name: 'lang', comparison_operator: 'is', value: 'en' }],
			});
			expect(
				(await api.get(`/datasets/${ds}/documents`, { query: { metadata_condition: condition } }))
					.json.data.docs,
			).toHaveLength(expected);
		} finally {
			await sim.close();
		}
	});

	it.each([
		['0.24', 2],
		['0.25.0', 1],
	] as const)('%s: chunk list `available`; chunk add tags', async (v, expected) => {
		const { api, ds, sim } = await env(v);
		const doc = sim.state.addDocument(ds, {
			name: `ch-${v}.txt`,
			content: 'One sentence here.',
		}).id;
		const base = `/datasets/${ds}/documents/${doc}/chunks`;
		const added = await api.post(base, { content: 'Tagged chunk content.', tag_kwd: ['t'] });
		expect(added.json.code).toBe(0);
		expect('tag_kwd' in added.json.data.chunk).toBe(expected === 1);
		await api.post(base, { content: 'Another chunk content.' });
		[...sim.state.getDocument(doc)!.chunks.values()][0].available = false;
		expect((await api.get(base, { query: { available: 'true' } })).json.data.chunks).toHaveLength(
			expected,
		);
	});

	it.each([
		['0.20', false, false],
		['0.22', true, false],
		['0.25.6', true, true],
	] as const)(
		'%s: retrieval metadata_condition / include_metadata',
		async (v, filters, metadata) => {
			const { sim, api } = await startTestSimulator({ ragflowVersion: v });
			try {
				const ds = await api.dataset('D');
				sim.state.addDocument(ds, {
					name: 'a.txt',
					content: 'The warranty lasts two years.',
					run: 'DONE',
				}).meta_fields = { lang: 'en' };
				sim.state.addDocument(ds, {
					name: 'b.txt',
					content: 'The warranty lasts one year.',
					run: 'DONE',
				}).meta_fields = { lang: 'de' };
				const res = await api.post('/retrieval', {
					dataset_ids: [ds],
					question: 'warranty',
					metadata_condition: {
						logic: 'and',
						conditions: [{ name: 'lang', comparison_operator: 'is', value: 'en' }],
					},
					include_metadata: true,
				});
				expect(res.json.code).toBe(0);
				const docs = new Set(
					res.json.data.chunks.map((c: { document_keyword: string }) => c.document_keyword),
				);
				expect(docs.size).toBe(filters ? 1 : 2);
				expect('document_metadata' in res.json.data.chunks[0]).toBe(metadata);
			} finally {
				await sim.close();
			}
		},
	);

	it.each([
		['0.24', 'No file part!'],
		['0.25.6', undefined],
	] as const)('%s: upload ?type=empty', async (v, error) => {
		const { api, ds } = await env(v);
		const res = await api.post(
			`/datasets/${ds}/documents`,
			{ name: `empty-${v}.txt` },
			{ query: { type: 'empty' } },
		);
		if (error) expect(res.json).toEqual({ code: 101, message: error });
		else expect(res.json.code).toBe(0);
	});
});
