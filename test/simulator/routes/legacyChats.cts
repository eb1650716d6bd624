/**
 * Chat assistants, chat session update and chat completions as RAGFlow v0.20–v0.24 answered them
 * (api/apps/sdk/chat.py and session.py before the v0.25 rewrite), for the profiles without `chatApiV2`:
 * create/update take `llm` / `prompt` objects but keep every other body key (it is passed to the
 * database save as is), answers use the old names (`llm`, `prompt`, `avatar`, `datasets`), the list is a
 * bare array, update answers without data, and completions stream cumulative answers.
 */
import {
	bodyObject,
	checkDuplicateIds,
	isPlainObject,
	paginate,
	pyRepr,
	pythonInt,
	q,
	type SimRequest,
	SimError,
	sendResult,
} from '../http.cts';
import { SseWriter, toDeltas } from '../sse.cts';
import { DEFAULT_LLM, TENANT_ID, type ChatRow, type DatasetRow } from '../state.cts';
import { newId } from '../text.cts';
import { answerFor, referenceOf } from './completions.cts';

type Obj = Record<string, unknown>;

/** prompt_config key → the old `prompt` key. */
const PROMPT_NAMES: Record<string, string> = {
	parameters: 'variables',
	prologue: 'opener',
	quote: 'show_quote',
	system: 'prompt',
	rerank_id: 'rerank_model',
	vector_similarity_weight: 'keywords_similarity_weight',
};
/** Retrieval keys an old `prompt` object may carry; they are stored on the chat itself. */
const PROMPT_RETRIEVAL_KEYS = [
	'similarity_threshold',
	'vector_similarity_weight',
	'top_n',
	'rerank_id',
	'top_k',
];
const KNOWN_RERANKERS = ['BAAI/bge-reranker-v2-m3', 'maidalun1020/bce-reranker-base_v1'];
/** The `dialog` table's columns: an update with any other key fails in the database layer. */
const DIALOG_COLUMNS = [
	'name',
	'description',
	'icon',
	'language',
	'llm_id',
	'llm_setting',
	'prompt_type',
	'prompt_config',
	'meta_data_filter',
	'similarity_threshold',
	'vector_similarity_weight',
	'top_n',
	'top_k',
	'do_refer',
	'rerank_id',
	'kb_ids',
	'status',
	'tenant_id',
];
const DEFAULT_PROMPT: Obj = {
	system:
		'You are an intelligent assistant. Please summarize the content of the knowledge base to answer the question. Please list the data in the knowledge base and answer in detail. When all knowledge base content is irrelevant to the question, your answer must include the sentence "The answer you are looking for is not found in the knowledge base!" Answers need to consider chat history.\n      Here is the knowledge base:\n      {knowledge}\n      The above is the knowledge base.',
	prologue: "Hi! I'm your assistant, what can I do for you?",
	parameters: [{ key: 'knowledge', optional: false }],
	empty_response: 'Sorry! No relevant content was found in the knowledge base!',
	quote: true,
	tts: false,
	refine_multiturn: true,
};

const err = (message: string) => new SimError(102, message);

function knownChatModel(r: SimRequest, id: string): boolean {
	return r.state.models.chat.some((m) => m === id || m.split('@')[0] === id);
}

/** Dataset checks shared by create and update (the message has a stray `"`, as the server's has). */
function checkDatasets(r: SimRequest, ids: unknown[], exactlyOneModel: boolean) {
	for (const id of ids) {
		const ds = r.state.getDataset(String(id));
		if (!ds) throw err(`You don't own the dataset ${String(id)}`);
		if (r.state.datasetCounts(ds).chunk_count === 0)
			throw err(`The dataset ${String(id)} doesn't own parsed file`);
	}
	const models = new Set(ids.map((id) => r.state.getDataset(String(id))!.embedding_model));
	if (exactlyOneModel ? models.size !== 1 : models.size > 1)
		throw new SimError(109, 'Datasets use different embedding models."');
}

/** `llm` → llm_id + llm_setting, `prompt` → prompt_config + retrieval keys, as the old handlers map them. */
function mapOldObjects(r: SimRequest, req: Obj) {
	if (isPlainObject(req.llm) && Object.keys(req.llm).length) {
		const llm = { ...req.llm };
		if ('model_name' in llm) {
			req.llm_id = llm.model_name;
			delete llm.model_name;
			if (req.llm_id !== null && !knownChatModel(r, String(req.llm_id)))
				throw err(`\`model_name\` ${String(req.llm_id)} doesn't exist`);
		}
		req.llm_setting = llm;
		delete req.llm;
	}
	if (isPlainObject(req.prompt) && Object.keys(req.prompt).length) {
		const prompt = { ...req.prompt };
		for (const [name, old] of Object.entries(PROMPT_NAMES)) {
			if (old in prompt) {
				prompt[name] = prompt[old];
				delete prompt[old];
			}
		}
		for (const key of PROMPT_RETRIEVAL_KEYS) {
			if (key in prompt) {
				req[key] = prompt[key];
				delete prompt[key];
			}
		}
		req.prompt_config = prompt;
		delete req.prompt;
	}
}

function checkRerank(r: SimRequest, id: unknown) {
	if (!id) return;
	const rerank = String(id);
	if (!KNOWN_RERANKERS.includes(rerank) && !r.state.models.rerank.includes(rerank))
		throw err(`\`rerank_model\` ${rerank} doesn't exist`);
}

function checkParameters(promptConfig: Obj) {
	const system = String(promptConfig.system ?? '');
	for (const p of (promptConfig.parameters as Obj[]) ?? []) {
		if (p.optional) continue;
		if (!system.includes(`{${String(p.key)}}`))
			throw err(`Parameter '${String(p.key)}' is not used`);
	}
}

/** The dataset as the old list embeds it: the database row (`embd_id`, `parser_id`, `chunk_num`…). */
function oldDatasetRow(r: SimRequest, ds: DatasetRow): Obj {
	const counts = r.state.datasetCounts(ds);
	return {
		id: ds.id,
		avatar: ds.avatar,
		tenant_id: TENANT_ID,
		name: ds.name,
		language: ds.language,
		description: ds.description,
		embd_id: ds.embedding_model,
		permission: ds.permission,
		created_by: TENANT_ID,
		doc_num: counts.document_count,
		token_num: counts.token_num,
		chunk_num: counts.chunk_count,
		similarity_threshold: ds.similarity_threshold,
		vector_similarity_weight: ds.vector_similarity_weight,
		parser_id: ds.chunk_method,
		parser_config: ds.parser_config,
		pagerank: ds.pagerank,
		status: '1',
		create_time: ds.create_time,
		create_date: r.state.dateLabel(ds.create_time),
		update_time: ds.update_time,
		update_date: r.state.dateLabel(ds.update_time),
	};
}

/** The old answer shape; create drops `top_k` (and echoes the request's dataset_ids), list keeps it (with `datasets`). */
function oldChatView(r: SimRequest, chat: ChatRow, mode: { create: unknown } | 'list'): Obj {
	const prompt: Obj = {};
	for (const [key, value] of Object.entries(chat.prompt_config))
		prompt[PROMPT_NAMES[key] ?? key] = value;
	Object.assign(prompt, {
		similarity_threshold: chat.similarity_threshold,
		keywords_similarity_weight: 1 - chat.vector_similarity_weight,
		top_n: chat.top_n,
		rerank_model: chat.rerank_id,
	});
	const view: Obj = {
		id: chat.id,
		tenant_id: TENANT_ID,
		name: chat.name,
		description: chat.description,
		language: chat.language,
		prompt_type: chat.prompt_type,
		do_refer: chat.do_refer,
		status: '1',
		create_time: chat.create_time,
		create_date: r.state.dateLabel(chat.create_time),
		update_time: chat.update_time,
		update_date: r.state.dateLabel(chat.update_time),
	};
	if (mode === 'list') view.top_k = chat.top_k;
	view.prompt = prompt;
	view.llm = { ...chat.llm_setting, model_name: chat.llm_id };
	if (mode === 'list')
		view.datasets = chat.dataset_ids
			.map((id) => r.state.getDataset(id))
			.filter((d): d is DatasetRow => !!d)
			.map((d) => oldDatasetRow(r, d));
	else view.dataset_ids = mode.create;
	view.avatar = chat.icon;
	return view;
}

/** The stored fields of a request, as the database save keeps them (known columns only). */
function columnsOf(req: Obj): Partial<ChatRow> {
	const out: Obj = {};
	for (const key of DIALOG_COLUMNS)
		if (key in req && key !== 'kb_ids' && key !== 'status' && key !== 'tenant_id')
			out[key] = req[key];
	if (Array.isArray(req.kb_ids)) out.dataset_ids = req.kb_ids.map(String);
	return out as Partial<ChatRow>;
}

export function createChat(r: SimRequest) {
	const req: Obj = { ...bodyObject(r) };
	const rawIds = Array.isArray(req.dataset_ids) ? req.dataset_ids : [];
	const ids = rawIds.filter(Boolean);
	checkDatasets(r, ids, false);
	req.kb_ids = ids;
	mapOldObjects(r, req);
	// Every other key stays; only `icon` is overwritten from `avatar`.
	req.description = req.description ?? 'A helpful Assistant';
	req.icon = req.avatar ?? '';
	req.top_n = req.top_n ?? 6;
	req.top_k = req.top_k ?? 1024;
	req.rerank_id = req.rerank_id ?? '';
	checkRerank(r, req.rerank_id);
	if (!req.llm_id) req.llm_id = DEFAULT_LLM;
	if (!req.name) throw err('`name` is required.');
	const name = String(req.name);
	if ([...r.state.chats.values()].some((c) => c.name.toLowerCase() === name.toLowerCase()))
		throw err('Duplicated chat name in creating chat.');
	if (req.tenant_id) throw err('`tenant_id` must not be provided.');
	const promptConfig: Obj = isPlainObject(req.prompt_config) ? { ...req.prompt_config } : {};
	for (const key of Object.keys(DEFAULT_PROMPT)) {
		if ((key === 'system' && !promptConfig.system) || !(key in promptConfig))
			promptConfig[key] = structuredClone(DEFAULT_PROMPT[key]);
	}
	checkParameters(promptConfig);
	const chat = r.state.createChat({ ...columnsOf(req), name });
	chat.prompt_config = promptConfig;
	// The answer echoes the request's `dataset_ids` key: without it the server fails after saving.
	if (!('dataset_ids' in req)) throw new SimError(100, "KeyError('dataset_ids')");
	sendResult(r, oldChatView(r, chat, { create: req.dataset_ids }));
}

export function listChats(r: SimRequest) {
	const id = q(r.query, 'id');
	const name = q(r.query, 'name');
	let chats = [...r.state.chats.values()];
	if (id) chats = chats.filter((c) => c.id === id);
	if (name) chats = chats.filter((c) => c.name === name);
	if ((id || name) && !chats.length) throw err("The chat doesn't exist");
	const int = (key: string, fallback: number) => {
		const raw = q(r.query, key);
		if (raw === undefined) return fallback;
		const n = pythonInt(raw);
		if (n === undefined)
			throw new SimError(
				100,
				`ValueError("invalid literal for int() with base 10: ${pyRepr(raw)}")`,
			);
		return n;
	};
	const page = int('page', 1);
	const pageSize = int('page_size', 30);
	const orderby = q(r.query, 'orderby') ?? 'create_time';
	const desc = !['False', 'false'].includes(q(r.query, 'desc') ?? '');
	// `keywords` is not read by this server: every chat comes back.
	const sign = desc ? -1 : 1;
	if (orderby === 'name')
		chats.sort((a, b) => (a.name.localeCompare(b.name) || a.seq - b.seq) * sign);
	else if (orderby === 'update_time')
		chats.sort((a, b) => (a.update_time - b.update_time || a.useq - b.useq) * sign);
	else chats.sort((a, b) => (a.create_time - b.create_time || a.seq - b.seq) * sign);
	sendResult(
		r,
		paginate(chats, Math.max(page, 1), Math.max(pageSize, 1)).map((c) => oldChatView(r, c, 'list')),
	);
}

export function updateChat(r: SimRequest) {
	const chat = r.state.chats.get(r.params.chat_id);
	if (!chat) throw err('You do not own the chat');
	const req: Obj = { ...bodyObject(r) };
	if ('show_quotation' in req) {
		req.do_refer = req.show_quotation;
		delete req.show_quotation;
	}
	if (req.dataset_ids !== undefined && req.dataset_ids !== null) {
		const ids = Array.isArray(req.dataset_ids) ? req.dataset_ids : [];
		checkDatasets(r, ids, true);
		req.kb_ids = ids;
	}
	mapOldObjects(r, req);
	checkRerank(r, req.rerank_id);
	if ('name' in req) {
		if (!req.name) throw err('`name` cannot be empty.');
		const name = String(req.name);
		const clash = [...r.state.chats.values()].some(
			(c) => c.id !== chat.id && c.name.toLowerCase() === name.toLowerCase(),
		);
		if (name.toLowerCase() !== chat.name.toLowerCase() && clash)
			throw err('Duplicated chat name in updating chat.');
	}
	const promptConfig = {
		...chat.prompt_config,
		...(isPlainObject(req.prompt_config) ? req.prompt_config : {}),
	};
	if ('prompt_config' in req) checkParameters(promptConfig);
	req.prompt_config = promptConfig;
	req.llm_setting = {
		...chat.llm_setting,
		...(isPlainObject(req.llm_setting) ? req.llm_setting : {}),
	};
	if ('avatar' in req) {
		req.icon = req.avatar;
		delete req.avatar;
	}
	delete req.dataset_ids;
	const unknown = Object.keys(req).find((key) => !DIALOG_COLUMNS.includes(key));
	if (unknown)
		throw new SimError(
			100,
			`ValueError(${pyRepr(`Unrecognized field name: "${unknown}" in ${pyRepr(req)}.`)})`,
		);
	Object.assign(chat, columnsOf(req));
	r.state.touch(chat);
	sendResult(r);
}

export function deleteChats(r: SimRequest) {
	const body = bodyObject(r);
	// `delete_all` is not read: a body without ids deletes every chat.
	const ids =
		Array.isArray(body.ids) && body.ids.length ? body.ids.map(String) : [...r.state.chats.keys()];
	const { unique, errors: duplicates } = checkDuplicateIds(ids, 'assistant');
	const errors: string[] = [];
	let success = 0;
	for (const id of unique) {
		if (!r.state.chats.has(id)) {
			errors.push(`Assistant(${id}) not found.`);
			continue;
		}
		r.state.deleteChat(id);
		success++;
	}
	for (const list of [errors, duplicates]) {
		if (!list.length) continue;
		if (!success) throw err(list.join(list === errors ? '; ' : ';'));
		sendResult(r, { success_count: success, errors: list });
		return;
	}
	sendResult(r);
}

/** PUT /chats/{id}/sessions/{sid} before v0.25: renames, answers without data. */
export function updateSession(r: SimRequest) {
	const session = r.state.chatSessions.get(r.params.session_id);
	if (!session || session.chat_id !== r.params.chat_id) throw err('Session does not exist');
	if (!r.state.chats.has(r.params.chat_id)) throw err('You do not own the session');
	const body = bodyObject(r);
	if ('message' in body || 'messages' in body) throw err('`message` can not be change');
	if ('reference' in body) throw err('`reference` can not be change');
	if ('name' in body && !body.name) throw err('`name` can not be empty.');
	if (typeof body.name === 'string') session.name = body.name;
	r.state.touch(session);
	sendResult(r);
}

/**
 * POST /chats/{id}/completions before v0.25: `question` + `session_id`. Without a session the question is
 * dropped and a new session is created that answers with the prologue; with one, the answer streams
 * cumulatively (each event holds the whole answer so far), then `data: true`.
 */
export async function chatCompletion(r: SimRequest) {
	const body = bodyObject(r);
	const chat = r.state.chats.get(r.params.chat_id);
	if (!chat) throw err(`You don't own the chat ${r.params.chat_id}`);
	const sessionId =
		typeof body.session_id === 'string' && body.session_id ? body.session_id : undefined;
	const session = sessionId ? r.state.chatSessions.get(sessionId) : undefined;
	if (sessionId && (!session || session.chat_id !== chat.id))
		throw err(`You don't own the session ${sessionId}`);
	const stream = body.stream === undefined ? true : !!body.stream;
	const w = new SseWriter(r.res, r.sseDelayMs, r.sseHold);
	if (!session) {
		const created = r.state.createChatSession(
			chat,
			typeof body.name === 'string' && body.name ? body.name : 'New session',
		);
		const data = {
			answer: chat.prompt_config.prologue ?? '',
			reference: {},
			audio_binary: null,
			id: null,
			session_id: created.id,
		};
		if (!stream) {
			sendResult(r, data);
			return;
		}
		await w.send({ code: 0, message: '', data });
		await w.send({ code: 0, message: '', data: true });
		w.end();
		return;
	}
	const question = String(body.question ?? '');
	const messageId = newId();
	const answer = answerFor(r, chat, question);
	const reference = referenceOf(r, answer);
	const createdAt = Date.now() / 1000;
	const prompt = `${String(chat.prompt_config.system ?? '')}\n\n### Query:\n${question}\n\n### Retrieval: ${answer.results.length} chunks`;
	session.messages.push({ role: 'user', content: question, id: messageId });
	session.messages.push({
		role: 'assistant',
		content: answer.text,
		id: messageId,
		created_at: createdAt,
	});
	session.reference.push(reference);
	r.state.touch(session);
	const final = {
		answer: answer.text,
		reference,
		prompt,
		created_at: createdAt,
		id: messageId,
		session_id: session.id,
	};
	if (!stream) {
		sendResult(r, final);
		return;
	}
	let sofar = '';
	for (const delta of toDeltas(answer.text)) {
		sofar += delta;
		await w.send({
			code: 0,
			data: {
				answer: sofar,
				reference: { chunks: [] },
				audio_binary: null,
				id: messageId,
				session_id: session.id,
			},
		});
		if (w.closed) return;
	}
	await w.send({ code: 0, data: final });
	await w.send({ code: 0, data: true });
	w.end();
}
