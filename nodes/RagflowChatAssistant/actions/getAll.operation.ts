import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	readReturnAllOrLimit,
	returnAllOrLimit,
	sortFilters,
	sortQuery,
} from '../../shared/descriptions';
import { normalizeChat, serverAtLeast } from '../../shared/compat';
import { ragflowGetMany } from '../../shared/pagination';
import { assertRagflowId, compact, updateDisplayOptions } from '../../shared/utils';
import { readText } from '../../shared/validation';
import { nameField, simplifyChats, simplifyField } from './fields';

const sort = sortFilters('chat assistants', ['create_time', 'name', 'update_time'], 'create_time');

const properties: INodeProperties[] = [
	...returnAllOrLimit(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Chat Assistant ID',
				name: 'id',
				type: 'string',
				default: '',
				placeholder: 'e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3',
				description: 'Only the chat assistant with this ID',
			},
			sort.descending,
			{
				...nameField,
				description: 'Only the chat assistant with exactly this name',
			},
			{
				displayName: 'Name Contains',
				name: 'nameContains',
				type: 'string',
				default: '',
				placeholder: 'e.g. support',
				description:
					'Only chat assistants whose name contains this text (ignored when Name is set)',
			},
			sort.orderBy,
		],
	},
	simplifyField,
];

export const description = updateDisplayOptions({ show: { operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const paging = readReturnAllOrLimit(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = compact({
		...sortQuery(filters),
		id: filters.id ? assertRagflowId(this, filters.id as string, 'chat assistant', i) : undefined,
		name: readText(this, filters.name, 'Name', i) || undefined,
		keywords: readText(this, filters.nameContains, 'Name Contains', i) || undefined,
	} as IDataObject);
	// Before v0.25 the server ignores `keywords` and lists every chat: filtered here instead.
	const contains = String(qs.keywords ?? '').toLowerCase();
	const filter =
		contains && !qs.name && !(await serverAtLeast(this, '0.25.0'))
			? (chat: IDataObject) =>
					String(chat.name ?? '')
						.toLowerCase()
						.includes(contains)
			: undefined;
	// `data` is `{chats: [...], total}` on current servers, a bare array of old-shape chats before.
	const chats = await ragflowGetMany.call(this, '/chats', {
		qs,
		itemsKey: 'chats',
		...paging,
		itemIndex: i,
		filter,
		// Before v0.25 an id / name that matches nothing is "The chat doesn't exist".
		emptyWhenNotFound: qs.id || qs.name ? 'chat' : undefined,
	});
	return simplifyChats(this, chats.map(normalizeChat), i);
}
