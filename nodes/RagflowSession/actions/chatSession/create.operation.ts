import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatLocator } from '../../../shared/descriptions';
import { ragflowRequest } from '../../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';
import { requireText } from '../../../shared/validation';
import { SESSION_NAME_PLACEHOLDER } from '../fields';

const properties: INodeProperties[] = [
	chatLocator(),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: 'New session',
		placeholder: SESSION_NAME_PLACEHOLDER,
		description: 'Name of the new session (up to 255 characters)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chatSession'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatId = assertRagflowId(this, getLocatorValue(this, 'chatId', i), 'chat assistant', i);
	const name = requireText(
		this,
		this.getNodeParameter('name', i),
		'Session name',
		i,
		'Enter a name for the session.',
	);
	const response = await ragflowRequest.call(this, 'POST', `/chats/${chatId}/sessions`, {
		body: { name },
		itemIndex: i,
		expectData: true,
	});
	return response.data as IDataObject;
}
