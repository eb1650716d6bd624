import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { ragflowGetMany } from './pagination';

/**
 * Datasets for multi-select fields (a resource locator cannot hold several values). Lists every
 * dataset the API key can use, newest first, with the chunk count so empty datasets stand out.
 */
export async function getDatasets(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const datasets = await ragflowGetMany.call(this, '/datasets', {
		qs: { orderby: 'update_time', desc: true },
		returnAll: true,
	});
	return datasets.map((dataset: IDataObject) => ({
		name: String(dataset.name),
		value: String(dataset.id),
		description:
			dataset.chunk_count !== undefined ? `${String(dataset.chunk_count)} chunks` : undefined,
	}));
}

/** Registered as `methods.loadOptions` by nodes with a dataset multi-select. */
export const loadOptions = { getDatasets };
