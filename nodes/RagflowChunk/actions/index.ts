import { actionNode, defineResource } from '../../shared/actionNode';
import * as add from './add.operation';
import * as deleteChunk from './deleteChunk.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as setAvailability from './setAvailability.operation';
import * as update from './update.operation';

const chunk = defineResource({
	option: { name: 'Chunk', value: 'chunk' },
	defaultOperation: 'getAll',
	operations: [
		{
			name: 'Add',
			value: 'add',
			description: 'Add a chunk of text (with keywords, questions, tags or an image) to a document',
			action: 'Add a chunk',
			module: add,
			concurrency: 'write',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete chunks of a document',
			action: 'Delete chunks',
			module: deleteChunk,
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a chunk by ID',
			action: 'Get a chunk',
			module: get,
			concurrency: 'read',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List the chunks of a document, optionally filtered',
			action: 'Get many chunks',
			module: getAll,
			concurrency: 'read',
		},
		{
			name: 'Set Availability',
			value: 'setAvailability',
			description: 'Enable or disable several chunks at once for retrieval',
			action: 'Set availability of chunks',
			module: setAvailability,
		},
		{
			name: 'Update',
			value: 'update',
			description: 'Change the content, keywords, questions, tags or availability of a chunk',
			action: 'Update a chunk',
			module: update,
		},
	],
});

export const node = actionNode({ resources: [chunk] });
