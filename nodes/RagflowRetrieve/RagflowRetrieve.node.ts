import type { IExecuteFunctions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ragflowApiTest } from '../shared/credentialTest';
import { listSearch } from '../shared/listSearch';
import { loadOptions } from '../shared/loadOptions';
import { node } from './actions';

export class RagflowRetrieve implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RAGFlow Retrieve',
		name: 'ragflowRetrieve',
		icon: { light: 'file:../../icons/ragflow.svg', dark: 'file:../../icons/ragflow.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: node.subtitle,
		description:
			'Search RAGFlow datasets (knowledge bases) for the text chunks most relevant to a question. Each result has the chunk text (content), the document name and ID, and similarity scores (0–1).',
		defaults: { name: 'RAGFlow Retrieve' },
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
