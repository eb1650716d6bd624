import type { IExecuteFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ragflowApiTest } from '../shared/credentialTest';
import { listSearch } from '../shared/listSearch';
import { node } from './actions';

export class RagflowDataset implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RAGFlow Dataset',
		name: 'ragflowDataset',
		icon: { light: 'file:../../icons/ragflow.svg', dark: 'file:../../icons/ragflow.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: node.subtitle,
		description:
			'Create, list, update and delete RAGFlow datasets (knowledge bases), build their knowledge graph and RAPTOR summaries',
		defaults: { name: 'RAGFlow Dataset' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ragflowApi', required: true, testedBy: 'ragflowApiTest' }],
		properties: node.properties,
	};

	methods = { listSearch, credentialTest: { ragflowApiTest } };

	async execute(this: IExecuteFunctions) {
		return await node.execute.call(this);
	}
}
