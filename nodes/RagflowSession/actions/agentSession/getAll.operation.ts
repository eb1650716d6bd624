import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { agentLocator, sortFilters } from '../../../shared/descriptions';
import { textFilterValue } from '../../../shared/listFilters';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';
import { listSessions, sessionListProperties } from '../listSessions';

export const description = updateDisplayOptions(
	{ show: { resource: ['agentSession'], operation: ['getAll'] } },
	sessionListProperties(
		agentLocator(),
		sortFilters('sessions', ['create_time', 'update_time'], 'update_time'),
		{
			beforeOrderBy: {
				displayName: 'Include Agent DSL',
				name: 'includeDsl',
				type: 'boolean',
				default: false,
				description:
					'Whether to include the agent definition (DSL) stored on each session; it can be large',
			},
			beforeUserId: {
				displayName: 'Text Contains',
				name: 'textContains',
				type: 'string',
				default: '',
				placeholder: 'e.g. refund',
				description:
					'Only sessions whose ID, name or message text contains this text (case-insensitive)',
			},
		},
	),
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const agentId = assertRagflowId(this, getLocatorValue(this, 'agentId', i), 'agent', i);
	// `data` is the array; the total sits at the top level of the answer.
	return await listSessions(this, i, `/agents/${agentId}/sessions`, (filters) => ({
		user_id: textFilterValue(this, filters.userId, 'User ID', i),
		keywords: textFilterValue(this, filters.textContains, 'Text Contains', i),
		dsl: filters.includeDsl === true ? undefined : false,
	}));
}
