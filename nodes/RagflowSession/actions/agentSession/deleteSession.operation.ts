import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { agentLocator, deleteAllSwitch } from '../../../shared/descriptions';
import { deleteAll, deleteIds } from '../../../shared/deletion';
import {
	assertRagflowId,
	getLocatorValue,
	parseIdList,
	updateDisplayOptions,
} from '../../../shared/utils';

const properties: INodeProperties[] = [
	agentLocator(),
	deleteAllSwitch('Sessions', 'of this agent'),
	{
		displayName: 'Session IDs',
		name: 'sessionIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3, 8d2e…',
		description:
			'Sessions of this agent to delete: IDs separated by commas, spaces or new lines, or an array',
		displayOptions: { show: { deleteAll: [false] } },
	},
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
	// An empty list would be a silent no-op on the server: refused.
	const ids = parseIdList(this, this.getNodeParameter('sessionIds', i, ''), 'session', i, {
		required: true,
	});
	return await deleteIds(this, path, ids, 'session', i);
}
