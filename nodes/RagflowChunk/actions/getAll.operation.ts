import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readReturnAllOrLimit, returnAllOrLimit } from '../../shared/descriptions';
import { serverAtLeast } from '../../shared/compat';
import { ragflowGetMany } from '../../shared/pagination';
import { assertRagflowId, compact, idRule, updateDisplayOptions } from '../../shared/utils';
import { readText } from '../../shared/validation';
import { parentLocators, readParents } from './common';

const properties: INodeProperties[] = [
	...parentLocators,
	...returnAllOrLimit(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
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
				description:
					'Whether to list only chunks that are used in retrieval, or only disabled ones',
			},
			{
				displayName: 'Chunk ID',
				name: 'id',
				type: 'string',
				default: '',
				placeholder: `e.g. ${idRule('chunk').example}`,
				description: 'Only the chunk with this ID (16 hexadecimal characters)',
			},
			{
				displayName: 'Keywords',
				name: 'keywords',
				type: 'string',
				default: '',
				placeholder: 'e.g. refund policy',
				description:
					'Full-text search in the chunk content. Matching chunks come back with the matches wrapped in <em>…</em>.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { path } = readParents(this, i);
	const paging = readReturnAllOrLimit(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const available =
		filters.availability === 'true' || filters.availability === 'false'
			? filters.availability
			: undefined;
	const qs = compact({
		keywords: readText(this, filters.keywords, 'Keywords', i) || undefined,
		id: filters.id ? assertRagflowId(this, filters.id, 'chunk', i) : undefined,
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
