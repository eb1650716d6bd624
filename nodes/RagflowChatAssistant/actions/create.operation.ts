import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { additionalFieldsCollection } from '../../shared/descriptions';
import { normalizeChat, oldChatBody, supports } from '../../shared/compat';
import { ragflowRequest } from '../../shared/transport';
import { updateDisplayOptions } from '../../shared/utils';
import {
	avatarField,
	buildChatBody,
	datasetsField,
	descriptionField,
	llmSettingsCollection,
	nameField,
	promptSettingsCollection,
} from './fields';

const properties: INodeProperties[] = [
	{ ...nameField, required: true },
	datasetsField,
	additionalFieldsCollection([avatarField, descriptionField]),
	llmSettingsCollection,
	promptSettingsCollection,
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
			llmSettings: this.getNodeParameter('llmSettings', i, {}),
			promptSettings: this.getNodeParameter('promptSettings', i, {}),
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
