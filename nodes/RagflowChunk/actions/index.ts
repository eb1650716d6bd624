import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../shared/router';
import * as add from './add.operation';
import * as deleteChunk from './deleteChunk.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as setAvailability from './setAvailability.operation';
import * as update from './update.operation';

export const operations: OperationMap = {
	add,
	get,
	getAll,
	update,
	delete: deleteChunk,
	setAvailability,
};

/** Operations whose Options offer Concurrency (read from the first item). */
export const CONCURRENT_OPERATIONS = ['add'];

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Chunk', value: 'chunk' }],
		default: 'chunk',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chunk'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description:
					'Add a chunk of text (with keywords, questions, tags or an image) to a document',
				action: 'Add a chunk',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete chunks of a document',
				action: 'Delete chunks',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a chunk by ID',
				action: 'Get a chunk',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the chunks of a document, optionally filtered',
				action: 'Get many chunks',
			},
			{
				name: 'Set Availability',
				value: 'setAvailability',
				description: 'Enable or disable several chunks at once for retrieval',
				action: 'Set availability of chunks',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the content, keywords, questions, tags or availability of a chunk',
				action: 'Update a chunk',
			},
		],
		default: 'getAll',
	},
	...add.description,
	...get.description,
	...getAll.description,
	...update.description,
	...deleteChunk.description,
	...setAvailability.description,
];
