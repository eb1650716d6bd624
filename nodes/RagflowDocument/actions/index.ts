import { actionNode, defineResource } from '../../shared/actionNode';
import * as deleteDocument from './deleteDocument.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as parse from './parse.operation';
import * as stopParsing from './stopParsing.operation';
import * as update from './update.operation';
import * as upload from './upload.operation';

const document = defineResource({
	option: { name: 'Document', value: 'document' },
	defaultOperation: 'upload',
	operations: [
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete documents of a dataset with their chunks',
			action: 'Delete documents',
			module: deleteDocument,
		},
		{
			name: 'Download',
			value: 'download',
			description: 'Download the original file of a document into a binary field',
			action: 'Download a document',
			module: download,
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a document with its parse status',
			action: 'Get a document',
			module: get,
			concurrency: 'read',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List the documents of a dataset, optionally filtered',
			action: 'Get many documents',
			module: getAll,
			concurrency: 'read',
		},
		{
			name: 'Parse',
			value: 'parse',
			description:
				'Start parsing (chunking and embedding) documents, optionally waiting until done',
			action: 'Parse documents',
			module: parse,
			concurrency: 'write',
		},
		{
			name: 'Stop Parsing',
			value: 'stopParsing',
			description: 'Stop parsing documents',
			action: 'Stop parsing documents',
			module: stopParsing,
		},
		{
			name: 'Update',
			value: 'update',
			description:
				'Rename a document or change its chunk method, parser settings, status or metadata',
			action: 'Update a document',
			module: update,
		},
		{
			name: 'Upload',
			value: 'upload',
			description:
				'Upload files, a web page or an empty document to a dataset, optionally parsing them',
			action: 'Upload documents',
			module: upload,
			concurrency: 'write',
		},
	],
});

export const node = actionNode({ resources: [document] });
