import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatLocator } from '../../shared/descriptions';
import { ragflowRequest } from '../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../shared/utils';

const properties: INodeProperties[] = [chatLocator()];

export const description = updateDisplayOptions({ show: { operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatId = assertRagflowId(this, getLocatorValue(this, 'chatId', i), 'chat assistant', i);
	const response = await ragflowRequest.call(this, 'GET', `/chats/${chatId}`, {
		itemIndex: i,
		expectData: true,
	});
	return response.data as IDataObject;
}
