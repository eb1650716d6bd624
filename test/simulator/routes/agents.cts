/** Agents (docs/ragflow-api.md §14), agent sessions (§15) and agent completions (§16). */
import {
	bodyObject,
	isPlainObject,
	lenientPage,
	paginate,
	q,
	qDesc,
	type Router,
	type SimRequest,
	SimError,
	sendJson,
	sendJsonResult,
	sendResult,
} from '../http.cts';
import { TENANT_ID, type AgentRow, type AgentSessionRow } from '../state.cts';
import { composeAnswer, countTokens, SseWriter, toDeltas } from '../sse.cts';
import { newId } from '../text.cts';

type Obj = Record<string, unknown>;

function agentOr(r: SimRequest, id: string, code: number, message: string): AgentRow {
	const agent = r.state.agents.get(id);
	if (!agent) throw new SimError(code, message);
	return agent;
}

function parseDsl(value: unknown): Obj {
	if (isPlainObject(value)) return value;
	if (typeof value === 'string') {
		try {
			const parsed = JSON.parse(value) as unknown;
			if (isPlainObject(parsed)) return parsed;
		} catch {
			// fall through
		}
	}
	throw new SimError(101, 'DSL is not a valid JSON object.');
}

// ---------- agents ----------

function list(r: SimRequest) {
	const { page, pageSize } = lenientPage(r.query);
	const orderby = q(r.query, 'orderby') ?? 'create_time';
	const desc = qDesc(r.query);
	const owners = (q(r.query, 'owner_ids') ?? '').split(',').filter(Boolean);
	if (owners.length > 100) throw new SimError(101, 'owner_ids must contain at most 100 items');
	if (owners.some((o) => o !== TENANT_ID))
		throw new SimError(103, 'Only authorized owner_ids can be queried.');
	const categories = (q(r.query, 'canvas_category') ?? '').split(',').filter(Boolean);
	const canvasType = q(r.query, 'canvas_type');
	const tags = (q(r.query, 'tags') ?? '').split(',').filter(Boolean);
	let agents = [...r.state.agents.values()];
	if (q(r.query, 'type') === 'filter') {
		const category: Record<string, number> = {};
		for (const a of agents) category[a.canvas_category] = (category[a.canvas_category] ?? 0) + 1;
		sendJsonResult(r, {
			filter: {
				owner: [{ id: TENANT_ID, label: 'simulator', count: agents.length }],
				canvas_category: category,
			},
			total: agents.length,
		});
		return;
	}
	const kw = (q(r.query, 'keywords') ?? '').toLowerCase();
	if (kw)
		agents = agents.filter(
			(a) => a.title.toLowerCase().includes(kw) || a.tags.some((t) => t.toLowerCase().includes(kw)),
		);
	if (categories.length) agents = agents.filter((a) => categories.includes(a.canvas_category));
	if (canvasType) agents = agents.filter((a) => a.canvas_type === canvasType);
	if (tags.length) agents = agents.filter((a) => tags.some((t) => a.tags.includes(t)));
	// Without a category/type/tags filter RAGFlow runs in merge mode, sorted by update_time.
	const merge = !categories.length && !canvasType && !tags.length;
	const key =
		merge || orderby === 'update_time'
			? 'update_time'
			: orderby === 'title'
				? 'title'
				: 'create_time';
	const sign = desc ? -1 : 1;
	agents.sort((a, b) => {
		if (key === 'title') return (a.title.localeCompare(b.title) || a.seq - b.seq) * sign;
		return (a[key] - b[key] || (key === 'update_time' ? a.useq - b.useq : a.seq - b.seq)) * sign;
	});
	const canvas = paginate(agents, page, pageSize).map((a) => ({
		...r.state.agentSummary(a),
		...(merge ? { type: 'agent' } : {}),
	}));
	sendJsonResult(r, { canvas, total: agents.length });
}

function get(r: SimRequest) {
	sendJsonResult(r, r.state.agentView(agentOr(r, r.params.agent_id, 102, 'canvas not found.')));
}

function create(r: SimRequest) {
	const body = Object.fromEntries(Object.entries(bodyObject(r)).filter(([, v]) => v !== null));
	if (body.dsl === undefined) throw new SimError(101, 'No DSL data in request.');
	if (typeof body.title !== 'string' || !body.title.trim())
		throw new SimError(101, 'No title in request.');
	const dsl = parseDsl(body.dsl);
	const category = typeof body.canvas_category === 'string' ? body.canvas_category : 'agent_canvas';
	const title = body.title.trim();
	if (
		[...r.state.agents.values()].some(
			(a) => a.canvas_category === category && a.title.toLowerCase() === title.toLowerCase(),
		)
	) {
		throw new SimError(102, `${title} already exists.`);
	}
	const agent = r.state.createAgent({
		title,
		dsl,
		canvas_category: category,
		...(typeof body.description === 'string' ? { description: body.description } : {}),
		...(typeof body.avatar === 'string' ? { avatar: body.avatar } : {}),
		...(typeof body.permission === 'string' ? { permission: body.permission } : {}),
		...(typeof body.canvas_type === 'string' ? { canvas_type: body.canvas_type } : {}),
		release: body.release === true,
		last_publish_time: body.release === true ? Date.now() : null,
	});
	sendJsonResult(r, r.state.agentView(agent));
}

function update(r: SimRequest) {
	const agent = agentOr(
		r,
		r.params.agent_id,
		103,
		'Make sure you have permission to access the agent.',
	);
	const body = bodyObject(r);
	if (typeof body.title === 'string') {
		const title = body.title.trim();
		if (
			[...r.state.agents.values()].some(
				(a) =>
					a.id !== agent.id &&
					a.canvas_category === agent.canvas_category &&
					a.title.toLowerCase() === title.toLowerCase(),
			)
		) {
			throw new SimError(102, `${title} already exists.`);
		}
		agent.title = title;
	}
	if ('dsl' in body) agent.dsl = parseDsl(body.dsl);
	if (typeof body.description === 'string') agent.description = body.description;
	if (typeof body.avatar === 'string') agent.avatar = body.avatar;
	if (typeof body.permission === 'string') agent.permission = body.permission;
	if (typeof body.canvas_category === 'string') agent.canvas_category = body.canvas_category;
	if (Array.isArray(body.tags)) agent.tags = body.tags.map(String);
	// Quirk (docs/ragflow-api.md §14): canvas_type and release are always written, so leaving them
	// out resets them.
	agent.canvas_type = typeof body.canvas_type === 'string' ? body.canvas_type : '';
	agent.release = body.release === true;
	if (agent.release && 'dsl' in body) agent.last_publish_time = Date.now();
	r.state.touch(agent);
	sendJsonResult(r, { update_time: agent.update_time });
}

function remove(r: SimRequest) {
	const agent = agentOr(
		r,
		r.params.agent_id,
		103,
		'Only the owner of the agent is authorized for this operation.',
	);
	r.state.agents.delete(agent.id);
	for (const s of [...r.state.agentSessions.values()])
		if (s.agent_id === agent.id) r.state.agentSessions.delete(s.id);
	sendJsonResult(r, true);
}

// ---------- agent sessions ----------

function createSession(r: SimRequest) {
	const agent = agentOr(r, r.params.agent_id, 102, 'Agent not found.');
	const body = bodyObject(r);
	const release = body.release ?? q(r.query, 'release');
	// Python truthiness: the string "false" counts as true (docs/ragflow-api.md §15).
	if (release && !agent.last_publish_time)
		throw new SimError(102, 'No available published version');
	const userId = typeof body.user_id === 'string' ? body.user_id : q(r.query, 'user_id');
	const session = r.state.createAgentSession(agent, {
		name: typeof body.name === 'string' ? body.name : undefined,
		user_id: userId,
	});
	sendResult(r, r.state.agentSessionView(session));
}

function listSessions(r: SimRequest) {
	const agent = agentOr(
		r,
		r.params.agent_id,
		103,
		'Make sure you have permission to access the agent.',
	);
	const { page, pageSize } = lenientPage(r.query);
	const orderby = q(r.query, 'orderby') ?? 'update_time';
	const descRaw = q(r.query, 'desc');
	const desc = !(descRaw === 'false' || descRaw === 'False');
	let sessions = [...r.state.agentSessions.values()].filter((s) => s.agent_id === agent.id);
	const id = q(r.query, 'id');
	if (id) sessions = sessions.filter((s) => s.id === id);
	const userId = q(r.query, 'user_id');
	if (userId) sessions = sessions.filter((s) => s.user_id === userId);
	const kw = (q(r.query, 'keywords') ?? '').toLowerCase();
	if (kw)
		sessions = sessions.filter(
			(s) =>
				s.id.includes(kw) ||
				s.name.toLowerCase().includes(kw) ||
				JSON.stringify(s.message).toLowerCase().includes(kw),
		);
	const byUpdate = orderby.startsWith('update');
	const from = q(r.query, 'from_date');
	const to = q(r.query, 'to_date');
	const dateOf = (s: AgentSessionRow) =>
		new Date(byUpdate ? s.update_time : s.create_time).toISOString().slice(0, 10);
	if (from) sessions = sessions.filter((s) => dateOf(s) >= from.slice(0, 10));
	if (to) sessions = sessions.filter((s) => dateOf(s) <= to.slice(0, 10));
	sessions.sort(
		(a, b) =>
			(byUpdate
				? a.update_time - b.update_time || a.useq - b.useq
				: a.create_time - b.create_time || a.seq - b.seq) * (desc ? -1 : 1),
	);
	const total = sessions.length;
	const pageItems = paginate(sessions, page, pageSize);
	const expUser = q(r.query, 'exp_user_id');
	const withDsl = (q(r.query, 'dsl') ?? 'true').toLowerCase() !== 'false';
	const data =
		expUser !== undefined
			? pageItems
					.filter((s) => !expUser || s.user_id === expUser)
					.map((s) => ({ id: s.id, name: s.name }))
			: pageItems.map((s) => r.state.agentSessionView(s, withDsl));
	sendJson(r.res, 200, { code: 0, message: 'success', data, total });
}

function getSession(r: SimRequest) {
	agentOr(r, r.params.agent_id, 103, 'Make sure you have permission to access the agent.');
	const s = r.state.agentSessions.get(r.params.session_id);
	if (!s || s.agent_id !== r.params.agent_id) throw new SimError(102, 'Session not found!');
	sendResult(r, { ...r.state.agentSessionView(s), dialog_id: s.agent_id, reference: s.reference });
}

function deleteSession(r: SimRequest) {
	agentOr(r, r.params.agent_id, 103, 'Make sure you have permission to access the agent.');
	const s = r.state.agentSessions.get(r.params.session_id);
	const deleted = s && s.agent_id === r.params.agent_id ? 1 : 0;
	if (deleted) r.state.agentSessions.delete(r.params.session_id);
	sendResult(r, deleted);
}

function deleteSessions(r: SimRequest) {
	const agent = agentOr(r, r.params.agent_id, 102, `You don't own the agent ${r.params.agent_id}`);
	const body = bodyObject(r);
	let ids: string[];
	if (Array.isArray(body.ids) && body.ids.length) ids = body.ids.map(String);
	else if (body.delete_all === true)
		ids = [...r.state.agentSessions.values()]
			.filter((s) => s.agent_id === agent.id)
			.map((s) => s.id);
	else {
		sendResult(r);
		return;
	}
	const errors: string[] = [];
	let success = 0;
	for (const id of [...new Set(ids)]) {
		const s = r.state.agentSessions.get(id);
		if (!s || s.agent_id !== agent.id) {
			errors.push(`The agent doesn't own the session ${id}`);
			continue;
		}
		r.state.agentSessions.delete(id);
		success++;
	}
	if (errors.length && !success) throw new SimError(102, errors.join('; '));
	if (errors.length) sendResult(r, { success_count: success, errors });
	else sendResult(r);
}

// ---------- agent completions ----------

function retrievalDatasets(agent: AgentRow): string[] {
	const components = (agent.dsl.components ?? {}) as Record<
		string,
		{ obj?: { component_name?: string; params?: { kb_ids?: unknown } } }
	>;
	const ids: string[] = [];
	for (const c of Object.values(components)) {
		if (c.obj?.component_name === 'Retrieval' && Array.isArray(c.obj.params?.kb_ids))
			ids.push(...(c.obj.params!.kb_ids as unknown[]).map(String));
	}
	return ids;
}

async function agentCompletion(r: SimRequest, pathAgentId?: string, forceOpenai = false) {
	const body = bodyObject(r);
	const agentId = pathAgentId ?? (typeof body.agent_id === 'string' ? body.agent_id : '');
	if (!agentId) throw new SimError(101, '`agent_id` is required.');
	const agent = agentOr(r, agentId, 102, 'Agent not found.');
	const openai = forceOpenai || body['openai-compatible'] === true;
	let query: string;
	if (openai) {
		const messages = Array.isArray(body.messages) ? (body.messages as Obj[]) : [];
		const lastUser = [...messages].reverse().find((m) => m && m.role === 'user');
		if (!lastUser) throw new SimError(102, 'You must provide at least one message.');
		query = String(lastUser.content ?? '');
	} else query = String(body.query ?? body.question ?? '');
	const sessionId = (body.session_id ??
		(openai
			? (body.id ?? (isPlainObject(body.metadata) ? body.metadata.id : undefined))
			: undefined)) as string | undefined;
	let session: AgentSessionRow | undefined;
	if (sessionId) {
		session = r.state.agentSessions.get(sessionId);
		if (!session) throw new SimError(102, 'Session not found!');
		if (session.agent_id !== agent.id)
			throw new SimError(103, 'Session does not belong to the requested agent.');
	} else {
		session = r.state.createAgentSession(agent, {
			name: query.slice(0, 250),
			user_id: typeof body.user_id === 'string' ? body.user_id : undefined,
			source: openai ? 'agent' : 'workflow',
		});
	}
	const stream = body.stream === true || body.stream === 'true';
	const fullEvents = session.source === 'workflow';
	const messageId = newId();
	const taskId = newId();
	const createdAt = () => Math.floor(Date.now() / 1000);

	const datasetIds = retrievalDatasets(agent).filter((id) => r.state.getDataset(id));
	const answer = query.trim()
		? composeAnswer(r.state, query, { datasetIds, topN: 8, similarityThreshold: 0.2 })
		: undefined;
	const chunks: Record<string, unknown> = {};
	const docAggs: Record<string, unknown> = {};
	answer?.results.forEach((res, i) => {
		const ref = r.state.referenceChunk(res);
		chunks[String(i)] = ref;
	});
	for (const agg of answer ? r.state.docAggs(answer.results) : [])
		docAggs[String(agg.doc_name)] = agg;
	const reference = { chunks, doc_aggs: docAggs };
	const usage = {
		prompt_tokens: countTokens(query),
		completion_tokens: answer ? countTokens(answer.text) : 0,
		total_tokens: 0,
		calls: 1,
	};
	usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
	if (answer) {
		session.message.push({ role: 'user', content: query, id: messageId });
		session.message.push({
			role: 'assistant',
			content: answer.text,
			id: messageId,
			reference: Object.values(chunks),
		});
		session.round++;
		r.state.touch(session);
	}

	if (openai) {
		const id = session.id;
		const created = createdAt();
		if (!stream) {
			const message: Obj = { role: 'assistant', content: answer?.text ?? '' };
			if (answer?.results.length) message.reference = reference;
			sendJson(r.res, 200, {
				id,
				object: 'chat.completion',
				created,
				model: agent.id,
				param: null,
				usage,
				choices: [{ message, logprobs: null, finish_reason: 'stop', index: 0 }],
			});
			return;
		}
		const w = new SseWriter(r.res, r.sseDelayMs, r.sseHold, 'data: ');
		const chunk = (delta: Obj) => ({
			id,
			object: 'chat.completion.chunk',
			created,
			model: agent.id,
			system_fingerprint: '',
			usage: null,
			choices: [
				{
					delta: { role: 'assistant', function_call: null, tool_calls: null, ...delta },
					finish_reason: null,
					index: 0,
					logprobs: null,
				},
			],
		});
		for (const delta of answer ? toDeltas(answer.text) : [])
			await w.send(chunk({ content: delta }));
		await w.send(chunk({ content: '', reference }));
		await w.send('[DONE]');
		w.end();
		return;
	}

	const event = (name: string, data: unknown) => ({
		event: name,
		message_id: messageId,
		created_at: createdAt(),
		task_id: taskId,
		data,
		session_id: session!.id,
	});
	const components = [
		{ id: 'begin', name: 'begin', type: 'Begin' },
		{ id: 'Retrieval:0', name: 'Retrieval', type: 'Retrieval' },
		{ id: 'Message:0', name: 'Message', type: 'Message' },
	];
	const started = Date.now();
	const events: Obj[] = [];
	if (answer) {
		if (fullEvents) events.push(event('workflow_started', { inputs: body.inputs ?? {} }));
		for (const c of components.slice(0, 2)) {
			if (fullEvents)
				events.push(
					event('node_started', {
						inputs: null,
						created_at: createdAt(),
						component_id: c.id,
						component_name: c.name,
						component_type: c.type,
						thoughts: '',
					}),
				);
			if (fullEvents || c.type === 'Retrieval') {
				events.push(
					event('node_finished', {
						inputs: {},
						outputs:
							c.type === 'Retrieval'
								? { formalized_content: answer.results.map((x) => x.chunk.content).join('\n') }
								: {},
						component_id: c.id,
						component_name: c.name,
						component_type: c.type,
						error: null,
						elapsed_time: 0.01,
						created_at: createdAt(),
					}),
				);
			}
		}
		if (fullEvents)
			events.push(
				event('node_started', {
					inputs: null,
					created_at: createdAt(),
					component_id: 'Message:0',
					component_name: 'Message',
					component_type: 'Message',
					thoughts: '',
				}),
			);
		for (const delta of toDeltas(answer.text)) events.push(event('message', { content: delta }));
		events.push(event('message_end', { reference, status: '' }));
		events.push(
			event('node_finished', {
				inputs: {},
				outputs: { content: answer.text },
				component_id: 'Message:0',
				component_name: 'Message',
				component_type: 'Message',
				error: null,
				elapsed_time: 0.01,
				created_at: createdAt(),
			}),
		);
		const elapsed = (Date.now() - started) / 1000;
		events.push(
			event(
				'workflow_finished',
				fullEvents
					? {
							inputs: body.inputs ?? {},
							outputs: { content: answer.text },
							elapsed_time: elapsed,
							created_at: createdAt(),
							usage,
						}
					: { usage },
			),
		);
	}

	if (!stream) {
		if (!answer) {
			sendResult(r, { session_id: session.id });
			return;
		}
		const final = fullEvents
			? events[events.length - 1]
			: events.filter((e) => e.event === 'message_end').pop()!;
		const data = { ...(final.data as Obj), content: answer.text, reference, usage, structured: {} };
		sendResult(r, { ...final, data });
		return;
	}
	const w = new SseWriter(r.res, r.sseDelayMs, r.sseHold);
	if (!answer) await w.send({ session_id: session.id, data: {} });
	for (const e of events) {
		await w.send(e);
		if (w.closed) return;
	}
	await w.send('[DONE]');
	w.end();
}

export function registerAgentRoutes(router: Router) {
	router.add('GET', '/agents', list);
	router.add('POST', '/agents', create);
	router.add('POST', '/agents/chat/completions', (r) => agentCompletion(r), {
		requires: 'agentChatCompletions',
	});
	router.add('GET', '/agents/{agent_id}', get);
	router.add('PUT', '/agents/{agent_id}', update);
	router.add('DELETE', '/agents/{agent_id}', remove);
	router.add('POST', '/agents/{agent_id}/sessions', createSession);
	router.add('GET', '/agents/{agent_id}/sessions', listSessions);
	router.add('DELETE', '/agents/{agent_id}/sessions', deleteSessions);
	router.add('GET', '/agents/{agent_id}/sessions/{session_id}', getSession);
	router.add('DELETE', '/agents/{agent_id}/sessions/{session_id}', deleteSession);
	router.add('POST', '/agents/{agent_id}/completions', (r) =>
		agentCompletion(r, r.params.agent_id),
	);
	router.add('POST', '/agents_openai/{agent_id}/chat/completions', (r) =>
		agentCompletion(r, r.params.agent_id, true),
	);
}
