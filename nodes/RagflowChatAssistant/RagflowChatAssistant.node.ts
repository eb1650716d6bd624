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

export class RagflowChatAssistant implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RAGFlow Chat Assistant',
		name: 'ragflowChatAssistant',
		icon: { light: 'file:../../icons/ragflow.svg', dark: 'file:../../icons/ragflow.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Create, list, update and delete RAGFlow chat assistants (chatbots that answer from datasets)',
		defaults: { name: 'RAGFlow Chat Assistant' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ragflowApi', required: true, testedBy: 'ragflowApiTest' }],
		properties,
	};

	methods = { listSearch, loadOptions, credentialTest: { ragflowApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		return await runOperation.call(this, operations, operation);
	}
}
