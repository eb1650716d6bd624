import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	agentLocator,
	agentSessionLocator,
	deleteAllSwitch,
	idsToDeleteFields,
} from '../../../shared/descriptions';
import { deleteAll, deleteIds, readIdsToDelete } from '../../../shared/deletion';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';

const properties: INodeProperties[] = [
	agentLocator(),
	deleteAllSwitch('Sessions', 'of this agent'),
	...idsToDeleteFields(agentSessionLocator({ description: 'The session to delete' }), {
		displayName: 'More Session IDs',
		description:
			'Further sessions of this agent to delete: IDs separated by commas, spaces or new lines, or an array',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agentSession'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const agentId = assertRagflowId(this, getLocatorValue(this, 'agentId', i), 'agent', i);
	const path = `/agents/${agentId}/sessions`;
	if (this.getNodeParameter('deleteAll', i, false) as boolean) {
		return { deleted: 'all', ...(await deleteAll(this, path, i)) };
	}
	const ids = readIdsToDelete(this, 'sessionId', 'session', i);
	return await deleteIds(this, path, ids, 'session', i);
}
