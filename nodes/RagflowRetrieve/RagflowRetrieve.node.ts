import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readConcurrency } from '../shared/concurrency';
import { ragflowApiTest } from '../shared/credentialTest';
import { listSearch } from '../shared/listSearch';
import { loadOptions } from '../shared/loadOptions';
import { runOperation } from '../shared/router';
import { operationSubtitle } from '../shared/subtitle';
import { operations, properties } from './actions';

export class RagflowRetrieve implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RAGFlow Retrieve',
		name: 'ragflowRetrieve',
		icon: { light: 'file:../../icons/ragflow.svg', dark: 'file:../../icons/ragflow.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Search RAGFlow datasets (knowledge bases) for the text chunks most relevant to a question. Each result has the chunk text (content), the document name and ID, and similarity scores (0–1).',
		defaults: { name: 'RAGFlow Retrieve' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ragflowApi', required: true, testedBy: 'ragflowApiTest' }],
		properties,
	};

	methods = { listSearch, loadOptions, credentialTest: { ragflowApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		return await runOperation.call(this, operations, operation, readConcurrency(this));
	}
}
