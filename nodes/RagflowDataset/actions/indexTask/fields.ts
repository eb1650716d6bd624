import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { needsVersionError } from '../../../shared/compat';

/**
 * The route of a task type before v0.25.1 (`run_graphrag` / `trace_graphrag`, `run_raptor` /
 * `trace_raptor`, from v0.22). Mind maps have none there.
 */
export function oldIndexRoute(
	ctx: IExecuteFunctions,
	type: string,
	action: 'run' | 'trace',
	itemIndex: number,
): string {
	if (type === 'graph') return `${action}_graphrag`;
	if (type === 'raptor') return `${action}_raptor`;
	throw needsVersionError(ctx, 'A mind map index task', '0.25.1', itemIndex);
}

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
