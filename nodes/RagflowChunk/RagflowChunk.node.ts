import type { IExecuteFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ragflowApiTest } from '../shared/credentialTest';
import { listSearch } from '../shared/listSearch';
import { node } from './actions';

export class RagflowChunk implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RAGFlow Chunk',
		name: 'ragflowChunk',
		icon: { light: 'file:../../icons/ragflow.svg', dark: 'file:../../icons/ragflow.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: node.subtitle,
		description: 'Add, list, update, enable/disable and delete the chunks of RAGFlow documents',
		defaults: { name: 'RAGFlow Chunk' },
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
