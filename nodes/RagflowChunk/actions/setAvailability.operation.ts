import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withFallback } from '../../shared/compat';
import { moreIdsPlaceholder } from '../../shared/descriptions';
import { ragflowRequest } from '../../shared/transport';
import { updateDisplayOptions } from '../../shared/utils';
import { chunkIdField, chunkIdsWording, parentLocators, readChunkIds, readParents } from './common';

const properties: INodeProperties[] = [
	...parentLocators,
	chunkIdField('enable or disable'),
	{
		displayName: 'More Chunk IDs',
		name: 'moreIds',
		type: 'string',
		default: '',
		placeholder: moreIdsPlaceholder('chunk'),
		description: chunkIdsWording('enable or disable').more,
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
	const ids = readChunkIds(this, i);
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
