import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatLocator, chatSessionLocator, deleteAllSwitch } from '../../../shared/descriptions';
import { assertDeleteResult } from '../../../shared/deletion';
import { ragflowRequest } from '../../../shared/transport';
import {
	assertRagflowId,
	getLocatorValue,
	parseIdList,
	updateDisplayOptions,
} from '../../../shared/utils';

const properties: INodeProperties[] = [
	chatLocator(),
	deleteAllSwitch('Sessions', 'of this chat assistant'),
	{
		...chatSessionLocator({ description: 'The session to delete' }),
		displayOptions: { show: { deleteAll: [false] } },
	},
	{
		displayName: 'More Session IDs',
		name: 'moreIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3, 8d2e…',
		description:
			'Further sessions of this chat assistant to delete: comma-separated IDs or an array',
		displayOptions: { show: { deleteAll: [false] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chatSession'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatId = assertRagflowId(this, getLocatorValue(this, 'chatId', i), 'chat assistant', i);
	const path = `/chats/${chatId}/sessions`;
	if (this.getNodeParameter('deleteAll', i, false) as boolean) {
		const response = await ragflowRequest.call(this, 'DELETE', path, {
			body: { delete_all: true },
			itemIndex: i,
		});
		const data = response.data && typeof response.data === 'object' ? response.data : {};
		return { deleted: 'all', ...(data as IDataObject) };
	}
	const ids = [
		assertRagflowId(this, getLocatorValue(this, 'sessionId', i), 'session', i),
		...parseIdList(this, this.getNodeParameter('moreIds', i, ''), 'session', i),
	].filter((id, index, all) => all.indexOf(id) === index);
	const response = await ragflowRequest.call(this, 'DELETE', path, { body: { ids }, itemIndex: i });
	return assertDeleteResult(this, response.data, ids, 'session', i);
}
