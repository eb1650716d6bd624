import type { NodeRuns } from './shared';
import { datasetId, documentId, everyOperator } from './shared';

/** The contract runs of the Retrieve node: see test/contract.simulator.test.ts. */
export const retrieve: NodeRuns = {
	first: [
		{
			title: 'Retrieve: every option and every metadata operator',
			type: 'ragflowRetrieve',
			operation: 'retrieve',
			parameters: () => ({
				question: 'vacation policy',
				datasetIds: [datasetId],
				returnAll: false,
				limit: 2,
				options: {
					concurrency: 2,
					crossLanguages: 'English, German',
					highlight: true,
					includeMetadata: true,
					keywordExtraction: true,
					metadataLogic: 'or',
					metadataFilter: { conditions: everyOperator() },
					outputMode: 'combined',
					pageSize: 2,
					rerankModel: 'BAAI/bge-reranker-v2-m3@BAAI',
					similarityThreshold: 0,
					startPage: 1,
					tocEnhancement: true,
					topK: 64,
					useKnowledgeGraph: true,
					vectorSimilarityWeight: 0.5,
				},
			}),
			expect: [
				{
					method: 'POST',
					path: /^\/api\/v1\/retrieval$/,
					sent: {
						top_k: 64,
						rerank_id: 'BAAI/bge-reranker-v2-m3@BAAI',
						keyword: true,
						use_kg: true,
						toc_enhance: true,
						metadata_condition: expect.objectContaining({
							logic: 'or',
							conditions: expect.arrayContaining([
								{ name: 'tag', comparison_operator: 'empty', value: '' },
								{ name: 'tag', comparison_operator: 'not empty', value: '' },
								{ name: 'tag', comparison_operator: '!=', value: 'policy' },
								{ name: 'tag', comparison_operator: '>=', value: 'policy' },
								{ name: 'tag', comparison_operator: '<=', value: 'policy' },
							]),
						}),
					},
				},
			],
		},
		{
			title: 'Retrieve: only the given documents',
			type: 'ragflowRetrieve',
			operation: 'retrieve',
			parameters: () => ({
				question: 'vacation',
				datasetIds: [datasetId],
				returnAll: true,
				options: { documentIds: documentId },
			}),
			expect: [
				{
					method: 'POST',
					path: /^\/api\/v1\/retrieval$/,
					sent: { document_ids: [expect.stringMatching(/^[0-9a-f]{32}$/)] },
				},
			],
		},
	],
};
