/**
 * Chat assistants (docs/ragflow-api.md §9): create, list, get, update (PUT replaces, PATCH merges),
 * delete.
 */
import {
	bodyObject,
	checkDuplicateIds,
	HEX32,
	isPlainObject,
	lenientPage,
	paginate,
	q,
	qAll,
	qDesc,
	type Router,
	type SimRequest,
	SimError,
	sendJson,
	sendJsonResult,
} from '../http.cts';
import type { ChatRow } from '../state.cts';
import * as legacy from './legacyChats.cts';

/** The `dialog` columns a request may set; anything else is silently dropped. */
const CHAT_FIELDS = [
	'name',
	'description',
	'icon',
	'language',
	'llm_id',
	'tenant_llm_id',
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
	'tenant_rerank_id',
	'dataset_ids',
];
const KNOWN_RERANKERS = ['BAAI/bge-reranker-v2-m3', 'maidalun1020/bce-reranker-base_v1'];

export function chatFromPath(r: SimRequest): ChatRow {
	const chat = r.state.chats.get(r.params.chat_id);
	if (!chat) throw new SimError(109, 'no authorization');
	return chat;
}

const isModelId = (v: string) => HEX32.test(v) || /^[^@]+@[^@]+(@[^@]+)?$/.test(v);

/** Validates the fields of docs/ragflow-api.md §9.1 and returns those to store. */
function validate(
	r: SimRequest,
	body: Record<string, unknown>,
	creating: boolean,
	current?: ChatRow,
): Partial<ChatRow> {
	if ('tenant_id' in body) throw new SimError(102, '`tenant_id` must not be provided.');
	const out: Record<string, unknown> = {};
	for (const key of CHAT_FIELDS) if (key in body) out[key] = body[key];
	if ('name' in out) {
		if (out.name === null && !creating) delete out.name;
		else {
			if (typeof out.name !== 'string' || !out.name.trim())
				throw new SimError(102, '`name` is not empty.');
			const name = out.name.trim();
			if (Buffer.byteLength(name) > 255)
				throw new SimError(
					102,
					`Chat name length is ${Buffer.byteLength(name)} which is larger than 255.`,
				);
			const clash = [...r.state.chats.values()].some(
				(c) => c.id !== current?.id && c.name.toLowerCase() === name.toLowerCase(),
			);
			if (clash)
				throw new SimError(
					102,
					creating ? 'Duplicated chat name in creating chat.' : 'Duplicated chat name.',
				);
			out.name = name;
		}
	} else if (creating) throw new SimError(102, '`name` is required.');
	if ('dataset_ids' in out) {
		const ids = out.dataset_ids;
		if (ids !== null && !Array.isArray(ids))
			throw new SimError(102, '`dataset_ids` should be a list.');
		const list = ((ids as unknown[]) ?? []).map(String);
		for (const id of list) {
			const ds = r.state.getDataset(id);
			if (!ds) throw new SimError(102, `You don't own the dataset ${id}`);
			if (r.state.datasetCounts(ds).chunk_count === 0)
				throw new SimError(102, `The dataset ${id} doesn't own parsed file`);
		}
		const models = new Set(list.map((id) => r.state.getDataset(id)!.embedding_model));
		if (models.size > 1) throw new SimError(102, 'Datasets use different embedding models.');
		out.dataset_ids = list;
	}
	if ('llm_id' in out && out.llm_id !== null) {
		if (typeof out.llm_id !== 'string' || !isModelId(out.llm_id))
			throw new SimError(102, `\`llm_id\` ${String(out.llm_id)} doesn't exist`);
	}
	if (out.llm_id === null) delete out.llm_id;
	if ('rerank_id' in out && out.rerank_id) {
		const id = String(out.rerank_id);
		if (!KNOWN_RERANKERS.includes(id) && !isModelId(id))
			throw new SimError(102, `\`rerank_id\` ${id} doesn't exist`);
	}
	if ('prompt_config' in out && !isPlainObject(out.prompt_config))
		throw new SimError(102, '`prompt_config` should be an object.');
	if (isPlainObject(out.prompt_config) && Array.isArray(out.prompt_config.parameters)) {
		const keys = (out.prompt_config.parameters as { key?: string }[]).map((p) => p.key);
		const dup = keys.find((k, i) => keys.indexOf(k) !== i);
		if (dup) throw new SimError(102, `Duplicate parameter key: ${dup}`);
	}
	if ('llm_setting' in out && !isPlainObject(out.llm_setting))
		throw new SimError(102, '`llm_setting` should be an object.');
	if (
		'meta_data_filter' in out &&
		out.meta_data_filter !== null &&
		!isPlainObject(out.meta_data_filter)
	) {
		throw new SimError(102, '`meta_data_filter` should be an object.');
	}
	for (const key of ['similarity_threshold', 'vector_similarity_weight', 'top_n', 'top_k']) {
		if (key in out && typeof out[key] !== 'number')
			throw new SimError(102, `\`${key}\` should be a number.`);
	}
	delete out.tenant_llm_id;
	delete out.tenant_rerank_id;
	return out as Partial<ChatRow>;
}

function create(r: SimRequest) {
	const body = bodyObject(r);
	const fields = validate(r, body, true);
	const chat = r.state.createChat({ ...fields, name: fields.name as string });
	sendJsonResult(r, r.state.chatView(chat));
}

function list(r: SimRequest) {
	const { page, pageSize } = lenientPage(r.query);
	const orderby = q(r.query, 'orderby') ?? 'create_time';
	if (!['create_time', 'update_time', 'name'].includes(orderby))
		throw new SimError(101, `invalid orderby field: ${orderby}`);
	const desc = qDesc(r.query);
	const ownerIds = qAll(r.query, 'owner_ids');
	if (ownerIds.length > 100) throw new SimError(101, 'owner_ids must contain at most 100 items');
	let chats = [...r.state.chats.values()];
	const id = q(r.query, 'id');
	if (id) chats = chats.filter((c) => c.id === id);
	const name = q(r.query, 'name');
	const kw = (q(r.query, 'keywords') ?? '').toLowerCase();
	if (name) chats = chats.filter((c) => c.name === name);
	else if (kw) chats = chats.filter((c) => c.name.toLowerCase().includes(kw));
	const sign = desc ? -1 : 1;
	if (orderby === 'name')
		chats.sort((a, b) => (a.name.localeCompare(b.name) || a.seq - b.seq) * sign);
	else if (orderby === 'update_time')
		chats.sort((a, b) => (a.update_time - b.update_time || a.useq - b.useq) * sign);
	else chats.sort((a, b) => (a.create_time - b.create_time || a.seq - b.seq) * sign);
	sendJsonResult(r, {
		chats: paginate(chats, page, pageSize).map((c) => r.state.chatView(c, true)),
		total: chats.length,
	});
}

function get(r: SimRequest) {
	sendJsonResult(r, r.state.chatView(chatFromPath(r)));
}

function update(r: SimRequest, merge: boolean) {
	const chat = chatFromPath(r);
	const fields = validate(r, bodyObject(r), false, chat);
	for (const [key, value] of Object.entries(fields)) {
		if (merge && (key === 'llm_setting' || key === 'prompt_config') && isPlainObject(value)) {
			(chat as unknown as Record<string, unknown>)[key] = { ...(chat[key] as object), ...value };
		} else (chat as unknown as Record<string, unknown>)[key] = value;
	}
	r.state.touch(chat);
	sendJsonResult(r, r.state.chatView(chat));
}

function removeOne(r: SimRequest) {
	const chat = chatFromPath(r);
	r.state.deleteChat(chat.id);
	sendJsonResult(r, true);
}

function removeMany(r: SimRequest) {
	const body = bodyObject(r);
	let ids: string[];
	if (Array.isArray(body.ids) && body.ids.length) ids = body.ids.map(String);
	else if (typeof body.chat_id === 'string' && body.chat_id) ids = [body.chat_id];
	else if (body.delete_all === true) ids = [...r.state.chats.keys()];
	else {
		sendJsonResult(r, {});
		return;
	}
	const { unique, errors: duplicates } = checkDuplicateIds(ids, 'chat');
	const errors: string[] = [];
	let success = 0;
	for (const id of unique) {
		if (!r.state.chats.has(id)) {
			errors.push(`Chat(${id}) not found.`);
			continue;
		}
		r.state.deleteChat(id);
		success++;
	}
	// Duplicates are reported after the ids that were not found, as partial-success errors.
	errors.push(...duplicates);
	if (errors.length && !success) throw new SimError(102, errors.join('; '));
	if (errors.length) {
		sendJson(r.res, 200, {
			code: 0,
			message: `Partially deleted ${success} chats with ${errors.length} errors`,
			data: { success_count: success, errors },
		});
		return;
	}
	sendJsonResult(r, { success_count: success });
}

export function registerChatRoutes(router: Router) {
	const v25 = { requires: 'chatApiV2' } as const;
	const old = { unless: 'chatApiV2' } as const;
	router.add('POST', '/chats', create, v25);
	router.add('GET', '/chats', list, v25);
	router.add('DELETE', '/chats', removeMany, v25);
	router.add('POST', '/chats', legacy.createChat, old);
	router.add('GET', '/chats', legacy.listChats, old);
	router.add('DELETE', '/chats', legacy.deleteChats, old);
	router.add('PUT', '/chats/{chat_id}', legacy.updateChat, old);
	router.add('GET', '/chats/{chat_id}', get, v25);
	router.add('PUT', '/chats/{chat_id}', (r) => update(r, false), v25);
	router.add('PATCH', '/chats/{chat_id}', (r) => update(r, true), v25);
	router.add('DELETE', '/chats/{chat_id}', removeOne, v25);
}
