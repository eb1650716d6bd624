import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { normalizeChat, oldChatBody, supports } from '../../shared/compat';
import { ragflowRequest } from '../../shared/transport';
import { updateDisplayOptions } from '../../shared/utils';
import {
	avatarField,
	buildChatBody,
	datasetsField,
	descriptionField,
	llmSettingsCollection,
	promptSettingsCollection,
} from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		description: 'Name of the new chat assistant (must not be used by another of your assistants)',
	},
	datasetsField,
	llmSettingsCollection,
	promptSettingsCollection,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [avatarField, descriptionField],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const datasetIds = this.getNodeParameter('datasetIds', i, []);
	const noDatasets = Array.isArray(datasetIds)
		? datasetIds.length === 0
		: !String(datasetIds).trim();
	const body = buildChatBody(
		this,
		{
			name: this.getNodeParameter('name', i),
			datasetIds: noDatasets ? undefined : datasetIds,
			llm: this.getNodeParameter('llm', i, {}),
			prompt: this.getNodeParameter('prompt', i, {}),
			...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
		},
		i,
	);
	// Before v0.25 create reads the settings from `llm` / `prompt` objects (and stores any other
	// key as is); which one the server speaks is learned before anything is created.
	const current = await supports(this, 'chatPatch');
	const response = await ragflowRequest.call(this, 'POST', '/chats', {
		body: current ? body : oldChatBody(body),
		itemIndex: i,
		expectData: true,
	});
	return normalizeChat(response.data as IDataObject);
}
