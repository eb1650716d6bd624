import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { chatLocator, sortFilters } from '../../../shared/descriptions';
import { nameFilter, textFilterValue } from '../../../shared/listFilters';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';
import { SESSION_NAME_PLACEHOLDER } from '../fields';
import { listSessions, sessionListProperties } from '../listSessions';

export const description = updateDisplayOptions(
	{ show: { resource: ['chatSession'], operation: ['getAll'] } },
	sessionListProperties(
		chatLocator(),
		sortFilters('sessions', ['create_time', 'name', 'update_time'], 'create_time'),
		{ beforeOrderBy: nameFilter(SESSION_NAME_PLACEHOLDER, 'Only sessions with exactly this name') },
	),
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const chatId = assertRagflowId(this, getLocatorValue(this, 'chatId', i), 'chat assistant', i);
	// The session list is a bare array without a total: paging stops at the first short page.
	return await listSessions(this, i, `/chats/${chatId}/sessions`, (filters) => ({
		name: textFilterValue(this, filters.name, 'Name', i),
		user_id: textFilterValue(this, filters.userId, 'User ID', i),
	}));
}
