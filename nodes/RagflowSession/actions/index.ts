import { actionNode, defineResource } from '../../shared/actionNode';
import * as agentAsk from './agentSession/ask.operation';
import * as agentCreate from './agentSession/create.operation';
import * as agentDelete from './agentSession/deleteSession.operation';
import * as agentGetAll from './agentSession/getAll.operation';
import * as chatAsk from './chatSession/ask.operation';
import * as chatCreate from './chatSession/create.operation';
import * as chatDelete from './chatSession/deleteSession.operation';
import * as chatGet from './chatSession/get.operation';
import * as chatGetAll from './chatSession/getAll.operation';
import * as chatUpdate from './chatSession/update.operation';

const agentSession = defineResource({
	option: {
		name: 'Agent Session',
		value: 'agentSession',
		description: 'A conversation with a RAGFlow agent',
	},
	defaultOperation: 'ask',
	operations: [
		{
			name: 'Ask',
			value: 'ask',
			description:
				'Send a question (and Begin inputs) to an agent and get its answer with references',
			action: 'Ask an agent',
			module: agentAsk,
		},
		{
			name: 'Create',
			value: 'create',
			description: 'Start a new session with an agent',
			action: 'Create an agent session',
			module: agentCreate,
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete sessions of an agent',
			action: 'Delete agent sessions',
			module: agentDelete,
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List the sessions of an agent',
			action: 'Get many agent sessions',
			module: agentGetAll,
			concurrency: 'read',
		},
	],
});

const chatSession = defineResource({
	option: {
		name: 'Chat Session',
		value: 'chatSession',
		description: 'A conversation with a RAGFlow chat assistant',
	},
	defaultOperation: 'ask',
	operations: [
		{
			name: 'Ask',
			value: 'ask',
			description:
				'Send a question to a chat assistant and get its answer with references, in a new or an existing session',
			action: 'Ask a chat assistant',
			module: chatAsk,
		},
		{
			name: 'Create',
			value: 'create',
			description: 'Start a new session with a chat assistant',
			action: 'Create a chat session',
			module: chatCreate,
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete sessions of a chat assistant',
			action: 'Delete chat sessions',
			module: chatDelete,
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a session with its messages and references',
			action: 'Get a chat session',
			module: chatGet,
			concurrency: 'read',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List the sessions of a chat assistant',
			action: 'Get many chat sessions',
			module: chatGetAll,
			concurrency: 'read',
		},
		{
			name: 'Update',
			value: 'update',
			description: 'Rename a session',
			action: 'Rename a chat session',
			module: chatUpdate,
		},
	],
});

export const node = actionNode({
	resources: [agentSession, chatSession],
	defaultResource: 'chatSession',
});
