import { id, ok, ragflowApi, setupNock } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { CHAT, SESSION, NEW_SESSION, rl } from './helpers';

setupNock();

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
});
