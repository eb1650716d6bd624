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
	nameFilter,
	readListParameters,
	textFilterValue,
} from '../../shared/listFilters';
import { refusalAsNeedsVersion } from '../../shared/compat';
import { ragflowGetMany } from '../../shared/pagination';
import { compact, updateDisplayOptions } from '../../shared/utils';
import { datasetSimplifyField, simplifyDatasets } from './fields';

const sort = sortFilters('datasets', ['create_time', 'update_time'], 'create_time');

const properties: INodeProperties[] = [
	...returnAllOrLimit(),
	filtersCollection([
		idFilter('dataset'),
		sort.descending,
		{
			displayName: 'Include Parsing Status',
			name: 'includeParsingStatus',
			type: 'boolean',
			default: false,
			description:
				'Whether to add counts of documents per parse state (unstarted, running, cancelled, done, failed) to each dataset',
		},
		nameFilter('e.g. Product manuals', 'Only the dataset with exactly this name'),
		nameContainsFilter(
			'e.g. manual',
			'Only datasets whose name contains this text (case-insensitive)',
		),
		sort.orderBy,
	]),
	datasetSimplifyField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dataset'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { paging, filters } = readListParameters(this, i);
	const nameContains = textFilterValue(this, filters.nameContains, 'Name Contains', i);
	const qs = compact({
		...sortQuery(filters),
		id: idFilterValue(this, filters, 'dataset', i),
		name: textFilterValue(this, filters.name, 'Name', i),
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
