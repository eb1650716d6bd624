import type { NodeRuns } from './shared';
import { agentId, chatId, documentId, path, returnAllRun, rl, sim } from './shared';

const sessionOf = () =>
	sim.state.createChatSession(sim.state.getChat(chatId)!, 'Contract session').id;
const agentSessionOf = () =>
	sim.state.createAgentSession(sim.state.getAgent(agentId)!, {
		name: 'Contract agent session',
		user_id: 'user-1',
	}).id;

/** The contract runs of the Session node (chat sessions, agent sessions): see test/contract.simulator.test.ts. */
export const session: NodeRuns = {
	operations: [
		// ---------- Chat sessions ----------
		{
			title: 'Chat session create',
			type: 'ragflowSession',
			resource: 'chatSession',
			operation: 'create',
			parameters: () => ({
				resource: 'chatSession',
				operation: 'create',
				chatId: rl(chatId),
				name: 'Contract session',
			}),
			expect: [
				{ method: 'POST', path: path('/chats/{id}/sessions'), sent: { name: 'Contract session' } },
			],
		},
		{
			title: 'Chat session get',
			type: 'ragflowSession',
			resource: 'chatSession',
			operation: 'get',
			parameters: () => ({
				resource: 'chatSession',
				operation: 'get',
				options: { concurrency: 2 },
				chatId: rl(chatId),
				sessionId: rl(sessionOf()),
			}),
			expect: [{ method: 'GET', path: /\/chats\/[0-9a-f]{32}\/sessions/ }],
		},
		{
			title: 'Chat session get many: every filter',
			type: 'ragflowSession',
			resource: 'chatSession',
			operation: 'getAll',
			parameters: () => ({
				resource: 'chatSession',
				operation: 'getAll',
				options: { concurrency: 2 },
				chatId: rl(chatId),
				returnAll: false,
				limit: 5,
				filters: {
					descending: false,
					name: 'Contract session',
					orderBy: 'name',
					id: sessionOf(),
					userId: 'user-1',
				},
			}),
			expect: [{ method: 'GET', path: path('/chats/{id}/sessions'), sent: { orderby: 'name' } }],
		},
		{
			title: 'Chat session update',
			type: 'ragflowSession',
			resource: 'chatSession',
			operation: 'update',
			parameters: () => ({
				resource: 'chatSession',
				operation: 'update',
				chatId: rl(chatId),
				sessionId: rl(sessionOf()),
				name: 'Renamed session',
			}),
			expect: [
				{
					method: 'PATCH',
					path: path('/chats/{id}/sessions/{id}'),
					sent: { name: 'Renamed session' },
				},
			],
		},
		{
			title: 'Chat session ask: a new session with every option',
			type: 'ragflowSession',
			resource: 'chatSession',
			operation: 'ask',
			parameters: () => ({
				resource: 'chatSession',
				operation: 'ask',
				chatId: rl(chatId),
				question: 'How many vacation days?',
				sessionId: { __rl: true, mode: 'list', value: '' },
				options: {
					documentIds: documentId,
					sessionName: 'Asked session',
					variables: { variable: [{ key: 'lang', value: 'English' }] },
				},
			}),
			expect: [
				{ method: 'POST', path: path('/chats/{id}/sessions'), sent: { name: 'Asked session' } },
				{ method: 'POST', path: /\/completions$/, sent: { lang: 'English' } },
			],
		},
		{
			title: 'Chat session ask: an existing session',
			type: 'ragflowSession',
			resource: 'chatSession',
			operation: 'ask',
			parameters: () => ({
				resource: 'chatSession',
				operation: 'ask',
				chatId: rl(chatId),
				question: 'Who approves it?',
				sessionId: rl(sessionOf()),
			}),
			expect: [{ method: 'POST', path: /\/completions$/ }],
		},
		{
			title: 'Chat session delete: by ids',
			type: 'ragflowSession',
			resource: 'chatSession',
			operation: 'delete',
			parameters: () => ({
				resource: 'chatSession',
				operation: 'delete',
				chatId: rl(chatId),
				deleteAll: false,
				sessionId: rl(sessionOf()),
				moreIds: sessionOf(),
			}),
			expect: [{ method: 'DELETE', path: path('/chats/{id}/sessions') }],
		},
		// ---------- Agent sessions ----------
		{
			title: 'Agent session create: every option',
			type: 'ragflowSession',
			resource: 'agentSession',
			operation: 'create',
			parameters: () => ({
				resource: 'agentSession',
				operation: 'create',
				agentId: rl(agentId),
				name: 'Contract agent session',
				options: { release: false, userId: 'user-1' },
			}),
			expect: [
				{
					method: 'POST',
					path: path('/agents/{id}/sessions'),
					sent: { name: 'Contract agent session', user_id: 'user-1', release: false },
				},
			],
		},
		{
			title: 'Agent session get many: every filter',
			type: 'ragflowSession',
			resource: 'agentSession',
			operation: 'getAll',
			parameters: () => ({
				resource: 'agentSession',
				operation: 'getAll',
				options: { concurrency: 2 },
				agentId: rl(agentId),
				returnAll: false,
				limit: 5,
				filters: {
					textContains: 'Contract',
					descending: false,
					includeDsl: false,
					orderBy: 'update_time',
					id: agentSessionOf(),
					userId: 'user-1',
				},
			}),
			expect: [
				{
					method: 'GET',
					path: path('/agents/{id}/sessions'),
					sent: { keywords: 'Contract', desc: 'false', orderby: 'update_time' },
				},
			],
		},
		{
			title: 'Agent session ask: inputs and every option',
			type: 'ragflowSession',
			resource: 'agentSession',
			operation: 'ask',
			parameters: () => ({
				resource: 'agentSession',
				operation: 'ask',
				agentId: rl(agentId),
				question: 'How many vacation days?',
				sessionId: { __rl: true, mode: 'list', value: '' },
				inputs: { input: [{ key: 'lang', type: 'line', value: 'English' }] },
				options: { sessionName: 'Asked agent session', userId: 'user-1' },
			}),
			expect: [
				{
					method: 'POST',
					path: path('/agents/{id}/sessions'),
					sent: { name: 'Asked agent session', user_id: 'user-1' },
				},
				{ method: 'POST', path: /completions$/ },
			],
		},
		{
			title: 'Agent session ask: an existing session',
			type: 'ragflowSession',
			resource: 'agentSession',
			operation: 'ask',
			parameters: () => ({
				resource: 'agentSession',
				operation: 'ask',
				agentId: rl(agentId),
				question: 'And sick leave?',
				sessionId: rl(agentSessionOf()),
			}),
			expect: [{ method: 'POST', path: /completions$/ }],
		},
		{
			title: 'Agent session delete: by ids',
			type: 'ragflowSession',
			resource: 'agentSession',
			operation: 'delete',
			parameters: () => ({
				resource: 'agentSession',
				operation: 'delete',
				agentId: rl(agentId),
				deleteAll: false,
				sessionId: rl(agentSessionOf()),
				moreIds: agentSessionOf(),
			}),
			expect: [{ method: 'DELETE', path: path('/agents/{id}/sessions') }],
		},
	],
	returnAll: [
		returnAllRun('ragflowSession', 'chatSession', { chatId: 0 }, path('/chats/{id}/sessions')),
		returnAllRun('ragflowSession', 'agentSession', { agentId: 0 }, path('/agents/{id}/sessions')),
	],
	last: [
		{
			title: 'Agent session delete: all',
			type: 'ragflowSession',
			resource: 'agentSession',
			operation: 'delete',
			parameters: () => ({
				resource: 'agentSession',
				operation: 'delete',
				agentId: rl(agentId),
				deleteAll: true,
			}),
			expect: [{ method: 'DELETE', path: path('/agents/{id}/sessions') }],
		},
		{
			title: 'Chat session delete: all',
			type: 'ragflowSession',
			resource: 'chatSession',
			operation: 'delete',
			parameters: () => ({
				resource: 'chatSession',
				operation: 'delete',
				chatId: rl(chatId),
				deleteAll: true,
			}),
			expect: [{ method: 'DELETE', path: path('/chats/{id}/sessions') }],
		},
	],
};
