import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatLocator } from '../../shared/descriptions';
import { getChat, simplifyChats, simplifyField } from './fields';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../shared/utils';

const properties: INodeProperties[] = [chatLocator(), simplifyField];

export const description = updateDisplayOptions({ show: { operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatId = assertRagflowId(this, getLocatorValue(this, 'chatId', i), 'chat assistant', i);
	return simplifyChats(this, [await getChat(this, chatId, i)], i)[0];
}
