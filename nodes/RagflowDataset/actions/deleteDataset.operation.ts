import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datasetLocator, deleteAllSwitch, idsToDeleteFields } from '../../shared/descriptions';
import { deleteAll, deleteIds, readIdsToDelete } from '../../shared/deletion';
import { updateDisplayOptions } from '../../shared/utils';

const properties: INodeProperties[] = [
	deleteAllSwitch('Datasets', 'owned by the API key owner, with all their documents and chunks'),
	...idsToDeleteFields(datasetLocator({ description: 'The dataset to delete' }), {
		displayName: 'More Dataset IDs',
		description:
			'Further datasets to delete in the same request: IDs separated by commas, spaces or new lines, or an array',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dataset'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	if (this.getNodeParameter('deleteAll', i, false) as boolean) {
		return { deleted: 'all', ...(await deleteAll(this, '/datasets', i)) };
	}
	const ids = readIdsToDelete(this, 'datasetId', 'dataset', i);
	return await deleteIds(this, '/datasets', ids, 'dataset', i);
}
