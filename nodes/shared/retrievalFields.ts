import type { INodeProperties } from 'n8n-workflow';

/**
 * Fields shared by Retrieve and Chat Assistant, so the same setting reads the same in both:
 * the datasets multi-select and the rerank model.
 */

/** Dataset Names or IDs (`datasetIds`): the datasets searched (Retrieve) or answered from (Chat Assistant). */
export const datasetsField: INodeProperties = {
	displayName: 'Dataset Names or IDs',
	name: 'datasetIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getDatasets' },
	default: [],
	description:
		'The datasets (knowledge bases) to search, as an array or as 32-character IDs separated by commas, spaces or new lines; all must use the same embedding model. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Rerank Model (`rerankModel`), sent to RAGFlow as `rerank_id`. */
export const rerankModelField: INodeProperties = {
	displayName: 'Rerank Model',
	name: 'rerankModel',
	type: 'string',
	default: '',
	placeholder: 'e.g. BAAI/bge-reranker-v2-m3@BAAI',
	description:
		'Rerank model as model_name@provider, as listed in RAGFlow model settings. Empty: no reranking (vector cosine similarity is used).',
};
