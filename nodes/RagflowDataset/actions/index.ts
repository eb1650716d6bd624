import { actionNode, defineResource } from '../../shared/actionNode';
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

const dataset = defineResource({
	option: { name: 'Dataset', value: 'dataset' },
	defaultOperation: 'getAll',
	operations: [
		{
			name: 'Create',
			value: 'create',
			description: 'Create a dataset (knowledge base)',
			action: 'Create a dataset',
			module: create,
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete one or more datasets with their documents',
			action: 'Delete datasets',
			module: deleteDataset,
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a dataset by ID',
			action: 'Get a dataset',
			module: get,
			concurrency: 'read',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'List datasets, optionally filtered',
			action: 'Get many datasets',
			module: getAll,
			concurrency: 'read',
		},
		{
			name: 'Update',
			value: 'update',
			description: 'Change the name, settings or parser configuration of a dataset',
			action: 'Update a dataset',
			module: update,
		},
	],
});

const indexTask = defineResource({
	option: { name: 'Index Task (GraphRAG, RAPTOR, Mind Map)', value: 'indexTask' },
	defaultOperation: 'start',
	operations: [
		{
			name: 'Get Status',
			value: 'getStatus',
			description: 'Get the progress of the latest index task of a dataset',
			action: 'Get the status of an index task',
			module: getIndexTaskStatus,
			concurrency: 'read',
		},
		{
			name: 'Start',
			value: 'start',
			description:
				'Start building a knowledge graph, RAPTOR summaries or a mind map over all documents of a dataset',
			action: 'Start an index task',
			module: startIndexTask,
		},
		{
			name: 'Stop',
			value: 'stop',
			description: 'Cancel the running index task of a dataset',
			action: 'Stop an index task',
			module: stopIndexTask,
		},
	],
});

const knowledgeGraph = defineResource({
	option: { name: 'Knowledge Graph', value: 'knowledgeGraph' },
	defaultOperation: 'get',
	operations: [
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete the knowledge graph of a dataset',
			action: 'Delete a knowledge graph',
			module: deleteKnowledgeGraph,
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get the knowledge graph (entities and relations) and mind map of a dataset',
			action: 'Get a knowledge graph',
			module: getKnowledgeGraph,
			concurrency: 'read',
		},
	],
});

export const node = actionNode({
	resources: [dataset, indexTask, knowledgeGraph],
	defaultResource: 'dataset',
});
