/** Chat sessions (docs/ragflow-api.md §10). */
import {
	bodyObject,
	checkDuplicateIds,
	lenientPage,
	paginate,
	q,
	qDesc,
	type Router,
	type SimRequest,
	SimError,
	sendJson,
	sendJsonResult,
} from '../http.cts';
import type { ChatSessionRow } from '../state.cts';
import { chatFromPath } from './chats.cts';
import * as legacy from './legacyChats.cts';

function sessionFromPath(r: SimRequest): ChatSessionRow {
	const chat = chatFromPath(r);
	const session = r.state.chatSessions.get(r.params.session_id);
	if (!session) throw new SimError(102, 'Session not found!');
	if (session.chat_id !== chat.id) throw new SimError(102, 'Session does not belong to this chat!');
	return session;
}

function create(r: SimRequest) {
	const chat = chatFromPath(r);
	const body = bodyObject(r);
	const name = body.name === undefined ? 'New session' : body.name;
	if (typeof name !== 'string' || !name.trim()) throw new SimError(102, '`name` can not be empty.');
	const session = r.state.createChatSession(chat, name);
	sendJsonResult(r, r.state.chatSessionView(session));
}

function list(r: SimRequest) {
	const chat = chatFromPath(r);
	const { page, pageSize } = lenientPage(r.query);
	const orderby = q(r.query, 'orderby') ?? 'create_time';
	if (!['create_time', 'update_time', 'name'].includes(orderby))
		throw new SimError(101, `invalid orderby field: ${orderby}`);
	const sign = qDesc(r.query) ? -1 : 1;
	let sessions = [...r.state.chatSessions.values()].filter((s) => s.chat_id === chat.id);
	const id = q(r.query, 'id');
	if (id) sessions = sessions.filter((s) => s.id === id);
	const name = q(r.query, 'name');
	if (name) sessions = sessions.filter((s) => s.name === name);
	const userId = q(r.query, 'user_id');
	if (userId) sessions = sessions.filter((s) => s.user_id === userId);
	if (orderby === 'name')
		sessions.sort((a, b) => (a.name.localeCompare(b.name) || a.seq - b.seq) * sign);
	else if (orderby === 'update_time')
		sessions.sort((a, b) => (a.update_time - b.update_time || a.useq - b.useq) * sign);
	else sessions.sort((a, b) => (a.create_time - b.create_time || a.seq - b.seq) * sign);
	sendJsonResult(
		r,
		paginate(sessions, page, pageSize).map((s) => r.state.chatSessionView(s)),
	);
}

function get(r: SimRequest) {
	const session = sessionFromPath(r);
	const chat = r.state.chats.get(session.chat_id)!;
	sendJsonResult(r, { ...r.state.chatSessionView(session), avatar: chat.icon });
}

function update(r: SimRequest) {
	const session = sessionFromPath(r);
	const body = bodyObject(r);
	for (const key of ['messages', 'message', 'reference']) {
		if (key in body) throw new SimError(102, '`messages` cannot be changed.');
	}
	if ('name' in body) {
		if (typeof body.name !== 'string' || !body.name.trim())
			throw new SimError(102, '`name` can not be empty.');
		session.name = body.name.slice(0, 255);
	}
	r.state.touch(session);
	sendJsonResult(r, r.state.chatSessionView(session));
}

function removeMany(r: SimRequest) {
	const chat = chatFromPath(r);
	const body = bodyObject(r);
	let ids: string[];
	if (Array.isArray(body.ids) && body.ids.length) ids = body.ids.map(String);
	// Before v0.25 a body without ids deleted every session of the chat.
	else if (body.delete_all === true || !r.profile.has('deleteAllFlag'))
		ids = [...r.state.chatSessions.values()].filter((s) => s.chat_id === chat.id).map((s) => s.id);
	else {
		sendJsonResult(r, {});
		return;
	}
	const { unique, errors: duplicates } = checkDuplicateIds(ids, 'session');
	const errors: string[] = [];
	let success = 0;
	for (const id of unique) {
		const s = r.state.chatSessions.get(id);
		if (!s || s.chat_id !== chat.id) {
			errors.push(`The chat doesn't own the session ${id}`);
			continue;
		}
		r.state.chatSessions.delete(id);
		success++;
	}
	// Duplicates are reported after the ids that were not found, as partial-success errors.
	errors.push(...duplicates);
	if (errors.length && !success) throw new SimError(102, errors.join('; '));
	if (errors.length) {
		sendJson(r.res, 200, {
			code: 0,
			message: `Partially deleted ${success} sessions with ${errors.length} errors`,
			data: { success_count: success, errors },
		});
		return;
	}
	sendJsonResult(r, true);
}

function deleteMessage(r: SimRequest) {
	const session = sessionFromPath(r);
	const msgId = r.params.message_id;
	const answerIndex = session.messages
		.filter((m, i) => i > 0 && m.role === 'assistant')
		.findIndex((m) => m.id === msgId);
	session.messages = session.messages.filter((m, i) => i === 0 || m.id !== msgId);
	if (answerIndex >= 0) session.reference.splice(answerIndex, 1);
	r.state.touch(session);
	sendJsonResult(r, r.state.chatSessionView(session));
}

function feedback(r: SimRequest) {
	const session = sessionFromPath(r);
	const body = bodyObject(r);
	if (typeof body.thumbup !== 'boolean') throw new SimError(102, 'thumbup must be a boolean');
	const message = session.messages.find(
		(m) => m.role === 'assistant' && m.id === r.params.message_id,
	);
	if (!message) throw new SimError(102, 'Message not found.');
	message.thumbup = body.thumbup;
	if (typeof body.feedback === 'string') message.feedback = body.feedback;
	r.state.touch(session);
	sendJsonResult(r, r.state.chatSessionView(session));
}

export function registerSessionRoutes(router: Router) {
	const base = '/chats/{chat_id}/sessions';
	router.add('POST', base, create);
	router.add('GET', base, list);
	router.add('DELETE', base, removeMany);
	router.add('GET', `${base}/{session_id}`, get, { requires: 'sessionGet' });
	router.add('PATCH', `${base}/{session_id}`, update, { requires: 'sessionPatch' });
	router.add('PUT', `${base}/{session_id}`, update, { requires: 'chatApiV2' });
	router.add('PUT', `${base}/{session_id}`, legacy.updateSession, { unless: 'chatApiV2' });
	router.add('DELETE', `${base}/{session_id}/messages/{message_id}`, deleteMessage);
	router.add('PUT', `${base}/{session_id}/messages/{message_id}/feedback`, feedback);
}
