import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withFallback } from '../../shared/compat';
import { ragflowRequest } from '../../shared/transport';
import { parseIdList, updateDisplayOptions } from '../../shared/utils';
import { parentLocators, readParents } from './common';

const properties: INodeProperties[] = [
	...parentLocators,
	{
		displayName: 'Chunk IDs',
		name: 'chunkIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 8f3a9c0d1e2b4a5f, 0b1c2d3e4f5a6b7c',
		description:
			'Chunks to switch: IDs separated by commas, spaces or new lines (16 hexadecimal characters each), or an array from an expression',
	},
	{
		displayName: 'Available',
		name: 'available',
		type: 'boolean',
		default: true,
		description: 'Whether the chunks are used in retrieval (on) or disabled (off)',
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['setAvailability'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { path, datasetId, documentId } = readParents(this, i);
	const ids = parseIdList(this, this.getNodeParameter('chunkIds', i), 'chunk', i, {
		required: true,
	});
	const available = this.getNodeParameter('available', i) as boolean;
	await withFallback(
		this,
		'chunkPatch',
		async () => {
			await ragflowRequest.call(this, 'PATCH', path, {
				body: { chunk_ids: ids, available },
				itemIndex: i,
			});
		},
		// Before v0.25.1 there is no bulk change: each chunk is updated by its PUT.
		async () => {
			for (const id of ids) {
				await ragflowRequest.call(this, 'PUT', `${path}/${id}`, {
					body: { available },
					itemIndex: i,
				});
			}
		},
	);
	return { dataset_id: datasetId, document_id: documentId, chunk_ids: ids, available };
}
