import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatLocator, updateFieldsCollection } from '../../shared/descriptions';
import { normalizeChat, oldChatBody, withFallback } from '../../shared/compat';
import { ragflowRequest } from '../../shared/transport';
import { requireChanges } from '../../shared/validation';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../shared/utils';
import {
	avatarField,
	buildChatBody,
	getChat,
	datasetsField,
	descriptionField,
	llmSettingsCollection,
	nameField,
	promptSettingsCollection,
} from './fields';

const properties: INodeProperties[] = [
	chatLocator(),
	updateFieldsCollection([
		avatarField,
		{
			...datasetsField,
			hint: 'Replaces the current list of datasets; each must already contain parsed documents',
		},
		descriptionField,
		nameField,
	]),
	llmSettingsCollection,
	promptSettingsCollection,
];

export const description = updateDisplayOptions({ show: { operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatId = assertRagflowId(this, getLocatorValue(this, 'chatId', i), 'chat assistant', i);
	const body = buildChatBody(
		this,
		{
			...(this.getNodeParameter('updateFields', i, {}) as IDataObject),
			llmSettings: this.getNodeParameter('llmSettings', i, {}),
			promptSettings: this.getNodeParameter('promptSettings', i, {}),
		},
		i,
	);
	requireChanges(
		this,
		body,
		'Add at least one field under Update Fields, LLM Settings or Prompt Settings.',
		i,
	);
	// PATCH merges llm_setting / prompt_config into the stored ones; PUT would replace them whole.
	return await withFallback(
		this,
		'chatPatch',
		async () => {
			const response = await ragflowRequest.call(this, 'PATCH', `/chats/${chatId}`, {
				body,
				itemIndex: i,
			});
			return normalizeChat(response.data as IDataObject);
		},
		// Before v0.25: PUT with `llm` / `prompt` objects, merged into the stored settings the same
		// way, answered without data, so the chat is read back.
		async () => {
			await ragflowRequest.call(this, 'PUT', `/chats/${chatId}`, {
				body: oldChatBody(body),
				itemIndex: i,
			});
			return await getChat(this, chatId, i);
		},
	);
}
