import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	chatLocator,
	chatSessionLocator,
	deleteAllSwitch,
	idsToDeleteFields,
} from '../../../shared/descriptions';
import { deleteAll, deleteIds, readIdsToDelete } from '../../../shared/deletion';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';

const properties: INodeProperties[] = [
	chatLocator(),
	deleteAllSwitch('Sessions', 'of this chat assistant'),
	...idsToDeleteFields(chatSessionLocator({ description: 'The session to delete' }), {
		displayName: 'More Session IDs',
		description:
			'Further sessions of this chat assistant to delete: IDs separated by commas, spaces or new lines, or an array',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chatSession'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatId = assertRagflowId(this, getLocatorValue(this, 'chatId', i), 'chat assistant', i);
	const path = `/chats/${chatId}/sessions`;
	if (this.getNodeParameter('deleteAll', i, false) as boolean) {
		return { deleted: 'all', ...(await deleteAll(this, path, i)) };
	}
	const ids = readIdsToDelete(this, 'sessionId', 'session', i);
	return await deleteIds(this, path, ids, 'session', i);
}
