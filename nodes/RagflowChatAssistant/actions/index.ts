import { actionNode, defineResource } from '../../shared/actionNode';
import * as create from './create.operation';
import * as deleteChat from './deleteChat.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

const chatAssistant = defineResource({
	option: { name: 'Chat Assistant', value: 'chatAssistant' },
	defaultOperation: 'getAll',
	operations: [
		{
			name: 'Create',
			value: 'create',
			description: 'Create a chat assistant that answers questions from datasets',
			action: 'Create a chat assistant',
			module: create,
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete one or more chat assistants',
			action: 'Delete chat assistants',
			module: deleteChat,
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a chat assistant with its settings',
			action: 'Get a chat assistant',
			module: get,
			concurrency: 'read',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List chat assistants, optionally filtered',
			action: 'Get many chat assistants',
			module: getAll,
			concurrency: 'read',
		},
		{
			name: 'Update',
			value: 'update',
			description: 'Change only the given settings of a chat assistant',
			action: 'Update a chat assistant',
			module: update,
		},
	],
});

export const node = actionNode({ resources: [chatAssistant] });
