import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../shared/router';
import * as deleteDocument from './deleteDocument.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as parse from './parse.operation';
import * as stopParsing from './stopParsing.operation';
import * as update from './update.operation';
import * as upload from './upload.operation';

export const operations: OperationMap = {
	upload,
	get,
	getAll,
	update,
	download,
	delete: deleteDocument,
	parse,
	stopParsing,
};

/** Operations whose Options offer Concurrency (read from the first item). */
export const CONCURRENT_OPERATIONS = ['upload', 'parse'];

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Document', value: 'document' }],
		default: 'document',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['document'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete documents of a dataset with their chunks',
				action: 'Delete documents',
			},
			{
				name: 'Download',
				value: 'download',
				description: 'Download the original file of a document into a binary field',
				action: 'Download a document',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a document with its parse status',
				action: 'Get a document',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the documents of a dataset, optionally filtered',
				action: 'Get many documents',
			},
			{
				name: 'Parse',
				value: 'parse',
				description:
					'Start parsing (chunking and embedding) documents, optionally waiting until done',
				action: 'Parse documents',
			},
			{
				name: 'Stop Parsing',
				value: 'stopParsing',
				description: 'Stop parsing documents',
				action: 'Stop parsing documents',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Rename a document or change its chunk method, parser settings, status or metadata',
				action: 'Update a document',
			},
			{
				name: 'Upload',
				value: 'upload',
				description:
					'Upload files, a web page or an empty document to a dataset, optionally parsing them',
				action: 'Upload documents',
			},
		],
		default: 'upload',
	},
	...upload.description,
	...get.description,
	...getAll.description,
	...update.description,
	...download.description,
	...deleteDocument.description,
	...parse.description,
	...stopParsing.description,
];
