import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatLocator, chatSessionLocator } from '../../../shared/descriptions';
import { withFallback } from '../../../shared/compat';
import { ragflowRequest } from '../../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';
import { requireText } from '../../../shared/validation';
import { SESSION_NAME_PLACEHOLDER } from '../fields';

const properties: INodeProperties[] = [
	chatLocator(),
	chatSessionLocator(),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: SESSION_NAME_PLACEHOLDER,
		description: 'New name of the session (the messages of a session cannot be changed)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chatSession'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatId = assertRagflowId(this, getLocatorValue(this, 'chatId', i), 'chat assistant', i);
	const sessionId = assertRagflowId(this, getLocatorValue(this, 'sessionId', i), 'session', i);
	const name = requireText(
		this,
		this.getNodeParameter('name', i),
		'Session name',
		i,
		'Enter the new name of the session.',
	);
	// Before v0.25.1 the rename is a PUT (answered without data).
	const path = `/chats/${chatId}/sessions/${sessionId}`;
	const response = await withFallback(
		this,
		'sessionPatch',
		async () => await ragflowRequest.call(this, 'PATCH', path, { body: { name }, itemIndex: i }),
		async () => await ragflowRequest.call(this, 'PUT', path, { body: { name }, itemIndex: i }),
	);
	return (response.data as IDataObject) ?? { id: sessionId, chat_id: chatId, name };
}
