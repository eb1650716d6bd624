import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../shared/router';
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

/** Keyed `<resource>.<operation>`. */
export const operations: OperationMap = {
	'chatSession.ask': chatAsk,
	'chatSession.create': chatCreate,
	'chatSession.delete': chatDelete,
	'chatSession.get': chatGet,
	'chatSession.getAll': chatGetAll,
	'chatSession.update': chatUpdate,
	'agentSession.ask': agentAsk,
	'agentSession.create': agentCreate,
	'agentSession.delete': agentDelete,
	'agentSession.getAll': agentGetAll,
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Agent Session',
				value: 'agentSession',
				description: 'A conversation with a RAGFlow agent',
			},
			{
				name: 'Chat Session',
				value: 'chatSession',
				description: 'A conversation with a RAGFlow chat assistant',
			},
		],
		default: 'chatSession',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chatSession'] } },
		options: [
			{
				name: 'Ask',
				value: 'ask',
				description:
					'Send a question to a chat assistant and get its answer with references, in a new or an existing session',
				action: 'Ask a chat assistant',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Start a new session with a chat assistant',
				action: 'Create a chat session',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete sessions of a chat assistant',
				action: 'Delete chat sessions',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a session with its messages and references',
				action: 'Get a chat session',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the sessions of a chat assistant',
				action: 'Get many chat sessions',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Rename a session',
				action: 'Rename a chat session',
			},
		],
		default: 'ask',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['agentSession'] } },
		options: [
			{
				name: 'Ask',
				value: 'ask',
				description:
					'Send a question (and Begin inputs) to an agent and get its answer with references',
				action: 'Ask an agent',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Start a new session with an agent',
				action: 'Create an agent session',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete sessions of an agent',
				action: 'Delete agent sessions',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the sessions of an agent',
				action: 'Get many agent sessions',
			},
		],
		default: 'ask',
	},
	...chatAsk.description,
	...chatCreate.description,
	...chatDelete.description,
	...chatGet.description,
	...chatGetAll.description,
	...chatUpdate.description,
	...agentAsk.description,
	...agentCreate.description,
	...agentDelete.description,
	...agentGetAll.description,
];
