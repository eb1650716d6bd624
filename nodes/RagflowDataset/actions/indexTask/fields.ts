import type { INodeProperties } from 'n8n-workflow';

/** Dataset-level index tasks RAGFlow can build (the `type` query parameter of /datasets/{id}/index). */
export const indexTypeField: INodeProperties = {
	displayName: 'Index Type',
	name: 'indexType',
	type: 'options',
	options: [
		{
			name: 'Knowledge Graph (GraphRAG)',
			value: 'graph',
			description: 'Entities and relations extracted from all documents',
		},
		{ name: 'Mind Map', value: 'mindmap', description: 'A mind map of the dataset' },
		{
			name: 'RAPTOR Summaries',
			value: 'raptor',
			description: 'Recursive summaries of clustered chunks',
		},
	],
	default: 'graph',
	description: 'Which dataset-level index to work with',
};

/** Progress of an index task: 1 = done, -1 = failed, in between = running. */
export function taskStatus(progress: unknown): string {
	if (typeof progress !== 'number') return 'NONE';
	if (progress >= 1) return 'DONE';
	if (progress < 0) return 'FAIL';
	return 'RUNNING';
}
