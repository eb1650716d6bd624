import type { IExecuteFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ragflowApiTest } from '../shared/credentialTest';
import { listSearch } from '../shared/listSearch';
import { loadOptions } from '../shared/loadOptions';
import { node } from './actions';

export class RagflowSession implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RAGFlow Session',
		name: 'ragflowSession',
		icon: { light: 'file:../../icons/ragflow.svg', dark: 'file:../../icons/ragflow.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: node.subtitle,
		description:
			'Ask RAGFlow chat assistants and agents questions (with streaming) and manage their conversation sessions',
		defaults: { name: 'RAGFlow Session' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ragflowApi', required: true, testedBy: 'ragflowApiTest' }],
		properties: node.properties,
	};

	methods = { listSearch, loadOptions, credentialTest: { ragflowApiTest } };

	async execute(this: IExecuteFunctions) {
		return await node.execute.call(this);
	}
}
