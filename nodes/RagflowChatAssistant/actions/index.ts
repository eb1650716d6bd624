import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../shared/router';
import * as create from './create.operation';
import * as deleteChat from './deleteChat.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: OperationMap = { create, delete: deleteChat, get, getAll, update };

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a chat assistant that answers questions from datasets',
				action: 'Create a chat assistant',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete one or more chat assistants',
				action: 'Delete chat assistants',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a chat assistant with its settings',
				action: 'Get a chat assistant',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List chat assistants, optionally filtered',
				action: 'Get many chat assistants',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change only the given settings of a chat assistant',
				action: 'Update a chat assistant',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...deleteChat.description,
	...get.description,
	...getAll.description,
	...update.description,
];
