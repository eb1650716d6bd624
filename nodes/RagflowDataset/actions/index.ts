import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../shared/router';
import * as create from './create.operation';
import * as deleteDataset from './deleteDataset.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: OperationMap = { create, delete: deleteDataset, get, getAll, update };

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
				description: 'Create a dataset (knowledge base)',
				action: 'Create a dataset',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete one or more datasets with their documents',
				action: 'Delete datasets',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a dataset by ID',
				action: 'Get a dataset',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List datasets, optionally filtered',
				action: 'Get many datasets',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the name, settings or parser configuration of a dataset',
				action: 'Update a dataset',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...deleteDataset.description,
	...get.description,
	...getAll.description,
	...update.description,
];
