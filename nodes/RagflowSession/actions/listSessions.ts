import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	filtersCollection,
	returnAllOrLimit,
	sortFilters,
	sortQuery,
} from '../../shared/descriptions';
import { idFilter, idFilterValue, readListParameters } from '../../shared/listFilters';
import { ragflowGetMany } from '../../shared/pagination';
import { compact } from '../../shared/utils';

/**
 * The fields of Get Many of both session lists (chat and agent): the parent, Return All / Limit and
 * Filters with the sort filters, Session ID and User ID, plus the list's own filters, each in its
 * alphabetical place.
 */
export function sessionListProperties(
	parent: INodeProperties,
	sort: ReturnType<typeof sortFilters>,
	own: { beforeOrderBy: INodeProperties; beforeUserId?: INodeProperties },
): INodeProperties[] {
	return [
		parent,
		...returnAllOrLimit(),
		filtersCollection([
			sort.descending,
			own.beforeOrderBy,
			sort.orderBy,
			idFilter('session'),
			...(own.beforeUserId ? [own.beforeUserId] : []),
			{
				displayName: 'User ID',
				name: 'userId',
				type: 'string',
				default: '',
				description: 'Only sessions of this user ID',
			},
		]),
	];
}

/**
 * Lists the sessions at `path` (`/chats/{id}/sessions` or `/agents/{id}/sessions`): the sort
 * filters and Session ID first, then the query parameters `query` reads from the list's filters.
 */
export async function listSessions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	query: (filters: IDataObject) => IDataObject,
): Promise<IDataObject[]> {
	const { paging, filters } = readListParameters(ctx, itemIndex);
	const qs = compact({
		...sortQuery(filters),
		id: idFilterValue(ctx, filters, 'session', itemIndex),
		...query(filters),
	} as IDataObject);
	return await ragflowGetMany.call(ctx, path, { qs, ...paging, itemIndex });
}
