import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	readReturnAllOrLimit,
	returnAllOrLimit,
	sortFilters,
	sortQuery,
} from '../../shared/descriptions';
import { refusalAsNeedsVersion } from '../../shared/compat';
import { ragflowGetMany } from '../../shared/pagination';
import { assertRagflowId, compact, updateDisplayOptions } from '../../shared/utils';
import { readText } from '../../shared/validation';
import { datasetSimplifyField, simplifyDatasets } from './fields';

const sort = sortFilters('datasets', ['create_time', 'update_time'], 'create_time');

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
				placeholder: 'e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3',
				description: 'Only the dataset with this ID',
			},
			sort.descending,
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
				placeholder: 'e.g. Product manuals',
				description: 'Only the dataset with exactly this name',
			},
			{
				displayName: 'Name Contains',
				name: 'nameContains',
				type: 'string',
				default: '',
				placeholder: 'e.g. manual',
				description: 'Only datasets whose name contains this text (case-insensitive)',
			},
			sort.orderBy,
		],
	},
	datasetSimplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dataset'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const paging = readReturnAllOrLimit(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const nameContains = readText(this, filters.nameContains, 'Name Contains', i);
	const qs = compact({
		...sortQuery(filters),
		id: filters.id ? assertRagflowId(this, filters.id as string, 'dataset', i) : undefined,
		name: readText(this, filters.name, 'Name', i) || undefined,
		include_parsing_status: filters.includeParsingStatus ? true : undefined,
		ext: nameContains ? JSON.stringify({ keywords: nameContains }) : undefined,
	} as IDataObject);
	// Before v0.25 both keys are refused (101 "Extra inputs are not permitted").
	const datasets = await ragflowGetMany
		.call(this, '/datasets', {
			qs,
			...paging,
			itemIndex: i,
			// RAGFlow answers an id/name filter that matches nothing with "lacks permission"; for a
			// filtered list that simply means no results.
			emptyWhenNotFound: qs.id || qs.name ? 'dataset' : undefined,
		})
		.catch((error: unknown) => {
			throw refusalAsNeedsVersion(
				this,
				error,
				[
					{ key: 'include_parsing_status', feature: 'includeParsingStatus' },
					{ key: 'ext', feature: 'datasetNameContains' },
				],
				i,
			);
		});
	return simplifyDatasets(this, datasets, i);
}
