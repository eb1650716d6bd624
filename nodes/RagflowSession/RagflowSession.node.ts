import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ragflowApiTest } from '../shared/credentialTest';
import { listSearch } from '../shared/listSearch';
import { loadOptions } from '../shared/loadOptions';
import { runOperation } from '../shared/router';
import { operationSubtitle } from '../shared/subtitle';
import { operations, properties } from './actions';

export class RagflowSession implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RAGFlow Session',
		name: 'ragflowSession',
		icon: { light: 'file:../../icons/ragflow.svg', dark: 'file:../../icons/ragflow.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Ask RAGFlow chat assistants and agents questions (with streaming) and manage their conversation sessions',
		defaults: { name: 'RAGFlow Session' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ragflowApi', required: true, testedBy: 'ragflowApiTest' }],
		properties,
	};

	methods = { listSearch, loadOptions, credentialTest: { ragflowApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		return await runOperation.call(this, operations, `${resource}.${operation}`);
	}
}
