import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatLocator } from '../../shared/descriptions';
import { getChat } from './fields';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../shared/utils';

const properties: INodeProperties[] = [chatLocator()];

export const description = updateDisplayOptions({ show: { operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatId = assertRagflowId(this, getLocatorValue(this, 'chatId', i), 'chat assistant', i);
	return await getChat(this, chatId, i);
}
