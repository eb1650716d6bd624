import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	filtersCollection,
	returnAllOrLimit,
	sortFilters,
	sortQuery,
} from '../../shared/descriptions';
import {
	idFilter,
	idFilterValue,
	nameContainsFilter,
	readListParameters,
	textFilterValue,
} from '../../shared/listFilters';
import { normalizeChat, serverAtLeast } from '../../shared/compat';
import { ragflowGetMany } from '../../shared/pagination';
import { compact, updateDisplayOptions } from '../../shared/utils';
import { nameField, simplifyChats, simplifyField } from './fields';

const sort = sortFilters('chat assistants', ['create_time', 'name', 'update_time'], 'create_time');

const properties: INodeProperties[] = [
	...returnAllOrLimit(),
	filtersCollection([
		idFilter('chat assistant'),
		sort.descending,
		{ ...nameField, description: 'Only the chat assistant with exactly this name' },
		nameContainsFilter(
			'e.g. support',
			'Only chat assistants whose name contains this text (ignored when Name is set)',
		),
		sort.orderBy,
	]),
	simplifyField,
];

export const description = updateDisplayOptions({ show: { operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { paging, filters } = readListParameters(this, i);
	const qs = compact({
		...sortQuery(filters),
		id: idFilterValue(this, filters, 'chat assistant', i),
		name: textFilterValue(this, filters.name, 'Name', i),
		keywords: textFilterValue(this, filters.nameContains, 'Name Contains', i),
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
