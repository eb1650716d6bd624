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
import { runOperation } from '../shared/router';
import { operationSubtitle } from '../shared/subtitle';
import { CONCURRENT_OPERATIONS, operations, properties } from './actions';

export class RagflowDocument implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RAGFlow Document',
		name: 'ragflowDocument',
		icon: { light: 'file:../../icons/ragflow.svg', dark: 'file:../../icons/ragflow.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Upload, parse, list, update, download and delete documents in RAGFlow datasets, and wait for parsing to finish',
		defaults: { name: 'RAGFlow Document' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ragflowApi', required: true, testedBy: 'ragflowApiTest' }],
		properties,
	};

	methods = { listSearch, credentialTest: { ragflowApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const concurrency = CONCURRENT_OPERATIONS.includes(operation) ? readConcurrency(this) : 1;
		return await runOperation.call(this, operations, operation, concurrency);
	}
}
