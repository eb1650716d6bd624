import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatLocator, deleteAllSwitch } from '../../shared/descriptions';
import { assertDeleteResult } from '../../shared/deletion';
import { ragflowRequest } from '../../shared/transport';
import {
	assertRagflowId,
	getLocatorValue,
	parseIdList,
	updateDisplayOptions,
} from '../../shared/utils';

const properties: INodeProperties[] = [
	deleteAllSwitch('Chat Assistants', 'owned by the API key owner, with their sessions'),
	{
		...chatLocator({ description: 'The chat assistant to delete' }),
		displayOptions: { show: { deleteAll: [false] } },
	},
	{
		displayName: 'More Chat Assistant IDs',
		name: 'moreIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3, 8d2e…',
		description:
			'Further chat assistants to delete in the same request: comma-separated IDs or an array',
		displayOptions: { show: { deleteAll: [false] } },
	},
];

export const description = updateDisplayOptions({ show: { operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	if (this.getNodeParameter('deleteAll', i, false) as boolean) {
		const response = await ragflowRequest.call(this, 'DELETE', '/chats', {
			body: { delete_all: true },
			itemIndex: i,
		});
		return { deleted: 'all', ...(response.data as IDataObject) };
	}
	const ids = [
		assertRagflowId(this, getLocatorValue(this, 'chatId', i), 'chat assistant', i),
		...parseIdList(this, this.getNodeParameter('moreIds', i, ''), 'chat assistant', i),
	].filter((id, index, all) => all.indexOf(id) === index);
	const response = await ragflowRequest.call(this, 'DELETE', '/chats', {
		body: { ids },
		itemIndex: i,
	});
	return assertDeleteResult(this, response.data, ids, 'chat assistant', i);
}
