import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	chatLocator,
	readReturnAllOrLimit,
	returnAllOrLimit,
	sortFilters,
	sortQuery,
} from '../../../shared/descriptions';
import { ragflowGetMany } from '../../../shared/pagination';
import {
	assertRagflowId,
	compact,
	getLocatorValue,
	updateDisplayOptions,
} from '../../../shared/utils';
import { readText } from '../../../shared/validation';
import { SESSION_NAME_PLACEHOLDER, sessionListFilters } from '../fields';

const sort = sortFilters('sessions', ['create_time', 'name', 'update_time'], 'create_time');

const properties: INodeProperties[] = [
	chatLocator(),
	...returnAllOrLimit(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			sort.descending,
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: SESSION_NAME_PLACEHOLDER,
				description: 'Only sessions with exactly this name',
			},
			sort.orderBy,
			sessionListFilters.sessionId,
			sessionListFilters.userId,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chatSession'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const chatId = assertRagflowId(this, getLocatorValue(this, 'chatId', i), 'chat assistant', i);
	const paging = readReturnAllOrLimit(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = compact({
		...sortQuery(filters),
		id: filters.id ? assertRagflowId(this, filters.id as string, 'session', i) : undefined,
		name: readText(this, filters.name, 'Name', i) || undefined,
		user_id: readText(this, filters.userId, 'User ID', i) || undefined,
	} as IDataObject);
	// The session list is a bare array without a total: paging stops at the first short page.
	return await ragflowGetMany.call(this, `/chats/${chatId}/sessions`, {
		qs,
		...paging,
		itemIndex: i,
	});
}
