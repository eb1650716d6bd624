import type { INodeProperties } from 'n8n-workflow';

import type { OperationMap } from '../../shared/router';
import * as create from './create.operation';
import * as deleteDataset from './deleteDataset.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as startIndexTask from './indexTask/start.operation';
import * as getIndexTaskStatus from './indexTask/getStatus.operation';
import * as stopIndexTask from './indexTask/stop.operation';
import * as deleteKnowledgeGraph from './knowledgeGraph/deleteKnowledgeGraph.operation';
import * as getKnowledgeGraph from './knowledgeGraph/get.operation';
import * as update from './update.operation';

/** Keyed by `resource.operation`, the way the node's execute() looks them up. */
export const operations: OperationMap = {
	'dataset.create': create,
	'dataset.delete': deleteDataset,
	'dataset.get': get,
	'dataset.getAll': getAll,
	'dataset.update': update,
	'indexTask.getStatus': getIndexTaskStatus,
	'indexTask.start': startIndexTask,
	'indexTask.stop': stopIndexTask,
	'knowledgeGraph.delete': deleteKnowledgeGraph,
	'knowledgeGraph.get': getKnowledgeGraph,
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Dataset', value: 'dataset' },
			{ name: 'Index Task (GraphRAG, RAPTOR, Mind Map)', value: 'indexTask' },
			{ name: 'Knowledge Graph', value: 'knowledgeGraph' },
		],
		default: 'dataset',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['dataset'] } },
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
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['indexTask'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Get the progress of the latest index task of a dataset',
				action: 'Get the status of an index task',
			},
			{
				name: 'Start',
				value: 'start',
				description:
					'Start building a knowledge graph, RAPTOR summaries or a mind map over all documents of a dataset',
				action: 'Start an index task',
			},
			{
				name: 'Stop',
				value: 'stop',
				description: 'Cancel the running index task of a dataset',
				action: 'Stop an index task',
			},
		],
		default: 'start',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['knowledgeGraph'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete the knowledge graph of a dataset',
				action: 'Delete a knowledge graph',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the knowledge graph (entities and relations) and mind map of a dataset',
				action: 'Get a knowledge graph',
			},
		],
		default: 'get',
	},
	...create.description,
	...deleteDataset.description,
	...get.description,
	...getAll.description,
	...update.description,
	...startIndexTask.description,
	...getIndexTaskStatus.description,
	...stopIndexTask.description,
	...getKnowledgeGraph.description,
	...deleteKnowledgeGraph.description,
];
