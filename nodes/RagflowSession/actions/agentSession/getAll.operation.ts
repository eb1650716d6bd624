import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	agentLocator,
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
import { sessionListFilters } from '../fields';

const sort = sortFilters('sessions', ['create_time', 'update_time'], 'update_time');

const properties: INodeProperties[] = [
	agentLocator(),
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
				displayName: 'Include Agent DSL',
				name: 'includeDsl',
				type: 'boolean',
				default: false,
				description:
					'Whether to include the agent definition (DSL) stored on each session; it can be large',
			},
			sort.orderBy,
			sessionListFilters.sessionId,
			{
				displayName: 'Text Contains',
				name: 'textContains',
				type: 'string',
				default: '',
				placeholder: 'e.g. refund',
				description:
					'Only sessions whose ID, name or message text contains this text (case-insensitive)',
			},
			sessionListFilters.userId,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agentSession'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const agentId = assertRagflowId(this, getLocatorValue(this, 'agentId', i), 'agent', i);
	const paging = readReturnAllOrLimit(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = compact({
		...sortQuery(filters),
		id: filters.id ? assertRagflowId(this, filters.id as string, 'session', i) : undefined,
		user_id: readText(this, filters.userId, 'User ID', i) || undefined,
		keywords: readText(this, filters.textContains, 'Text Contains', i) || undefined,
		dsl: filters.includeDsl === true ? undefined : false,
	} as IDataObject);
	// `data` is the array; the total sits at the top level of the answer.
	return await ragflowGetMany.call(this, `/agents/${agentId}/sessions`, {
		qs,
		...paging,
		itemIndex: i,
	});
}
