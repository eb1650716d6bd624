import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../../shared/descriptions';
import { ragflowGetMany } from '../../shared/pagination';
import { assertRagflowId, compact, updateDisplayOptions } from '../../shared/utils';

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
				displayName: 'Dataset ID',
				name: 'id',
				type: 'string',
				default: '',
				description: 'Only the dataset with this ID',
			},
			{
				displayName: 'Descending',
				name: 'desc',
				type: 'boolean',
				default: true,
				description: 'Whether to sort from newest to oldest',
			},
			{
				displayName: 'Include Parsing Status',
				name: 'includeParsingStatus',
				type: 'boolean',
				default: false,
				description:
					'Whether to add counts of documents per parse state (unstarted, running, cancelled, done, failed) to each dataset',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Only the dataset with exactly this name',
			},
			{
				displayName: 'Name Contains',
				name: 'keywords',
				type: 'string',
				default: '',
				description: 'Only datasets whose name contains this text (case-insensitive)',
			},
			{
				displayName: 'Order By',
				name: 'orderby',
				type: 'options',
				options: [
					{ name: 'Created Time', value: 'create_time' },
					{ name: 'Updated Time', value: 'update_time' },
				],
				default: 'create_time',
				description: 'Field to sort the datasets by',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dataset'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = compact({
		orderby: filters.orderby as string | undefined,
		desc: filters.desc as boolean | undefined,
		id: filters.id ? assertRagflowId(this, filters.id as string, 'dataset', i) : undefined,
		name: (filters.name as string) || undefined,
		include_parsing_status: filters.includeParsingStatus ? true : undefined,
		ext: filters.keywords ? JSON.stringify({ keywords: filters.keywords }) : undefined,
	} as IDataObject);
	return await ragflowGetMany.call(this, '/datasets', {
		qs,
		returnAll,
		limit,
		itemIndex: i,
		// RAGFlow answers an id/name filter that matches nothing with "lacks permission"; for a
		// filtered list that simply means no results.
		emptyWhen: qs.id || qs.name ? /lacks permission/i : undefined,
	});
}
