import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatLocator, deleteAllSwitch, idsToDeleteFields } from '../../shared/descriptions';
import { deleteAll, deleteIds, readIdsToDelete } from '../../shared/deletion';
import { updateDisplayOptions } from '../../shared/utils';

const properties: INodeProperties[] = [
	deleteAllSwitch('Chat Assistants', 'owned by the API key owner, with their sessions'),
	...idsToDeleteFields(chatLocator({ description: 'The chat assistant to delete' }), {
		displayName: 'More Chat Assistant IDs',
		description:
			'Further chat assistants to delete in the same request: IDs separated by commas, spaces or new lines, or an array',
	}),
];

export const description = updateDisplayOptions({ show: { operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	if (this.getNodeParameter('deleteAll', i, false) as boolean) {
		return { deleted: 'all', ...(await deleteAll(this, '/chats', i)) };
	}
	const ids = readIdsToDelete(this, 'chatId', 'chat assistant', i);
	return await deleteIds(this, '/chats', ids, 'chat assistant', i);
}
