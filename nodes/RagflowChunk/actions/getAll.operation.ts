import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { filtersCollection, returnAllOrLimit } from '../../shared/descriptions';
import {
	idFilter,
	idFilterValue,
	readListParameters,
	textFilterValue,
} from '../../shared/listFilters';
import { serverAtLeast } from '../../shared/compat';
import { ragflowGetMany } from '../../shared/pagination';
import { compact, updateDisplayOptions } from '../../shared/utils';
import { parentLocators, readParents } from './common';

const properties: INodeProperties[] = [
	...parentLocators,
	...returnAllOrLimit(),
	filtersCollection([
		{
			displayName: 'Availability',
			name: 'availability',
			type: 'options',
			options: [
				{ name: 'All Chunks', value: 'all' },
				{ name: 'Enabled Only', value: 'true' },
				{ name: 'Disabled Only', value: 'false' },
			],
			default: 'all',
			description: 'Whether to list only chunks that are used in retrieval, or only disabled ones',
		},
		idFilter('chunk', 'Only the chunk with this ID (16 hexadecimal characters)'),
		{
			displayName: 'Keywords',
			name: 'keywords',
			type: 'string',
			default: '',
			placeholder: 'e.g. refund policy',
			description:
				'Full-text search in the chunk content. Matching chunks come back with the matches wrapped in <em>…</em>.',
		},
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { path } = readParents(this, i);
	const { paging, filters } = readListParameters(this, i);
	const available =
		filters.availability === 'true' || filters.availability === 'false'
			? filters.availability
			: undefined;
	const qs = compact({
		keywords: textFilterValue(this, filters.keywords, 'Keywords', i),
		id: idFilterValue(this, filters, 'chunk', i),
		available,
	} as IDataObject);
	// Before v0.25 the server ignores `available` and lists every chunk: filtered here instead.
	const filter =
		available && !(await serverAtLeast(this, '0.25.0'))
			? (chunk: IDataObject) =>
					(chunk.available === true || chunk.available === 1) === (available === 'true')
			: undefined;
	return await ragflowGetMany.call(this, path, {
		qs,
		filter,
		itemsKey: 'chunks',
		...paging,
		itemIndex: i,
		emptyWhenNotFound: qs.id ? 'chunk' : undefined,
	});
}
