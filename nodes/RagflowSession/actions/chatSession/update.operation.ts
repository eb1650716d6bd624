import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatLocator, chatSessionLocator } from '../../../shared/descriptions';
import { ragflowRequest } from '../../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';
import { requireText } from '../../../shared/validation';

const properties: INodeProperties[] = [
	chatLocator(),
	chatSessionLocator(),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
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
	const response = await ragflowRequest.call(
		this,
		'PATCH',
		`/chats/${chatId}/sessions/${sessionId}`,
		{
			body: { name },
			itemIndex: i,
		},
	);
	return response.data as IDataObject;
}
