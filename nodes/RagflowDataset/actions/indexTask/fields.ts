import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { datasetLocator } from '../../../shared/descriptions';
import { asNodeError, needsVersionError, withFallback } from '../../../shared/compat';
import { isRouteMissing, ragflowRequest } from '../../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';

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

/** The fields of an Index Task operation: the dataset, the index type and the operation's own. */
export function indexTaskDescription(
	operation: 'getStatus' | 'start' | 'stop',
	own: INodeProperties[] = [],
): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: ['indexTask'], operation: [operation] } }, [
		datasetLocator(),
		indexTypeField,
		...own,
	]);
}

/** The dataset and index type every Index Task operation reads first. */
export function readIndexTask(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { datasetId: string; type: string } {
	const datasetId = assertRagflowId(
		ctx,
		getLocatorValue(ctx, 'datasetId', itemIndex),
		'dataset',
		itemIndex,
	);
	const type = ctx.getNodeParameter('indexType', itemIndex) as string;
	return { datasetId, type };
}

/**
 * Starts (`POST`, `run`) or traces (`GET`, `trace`) an index task: `/datasets/{id}/index?type=` from
 * v0.25.1, the per-type route (`oldIndexRoute`) before. Returns the answer's `data`.
 */
export async function indexTaskRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	datasetId: string,
	type: string,
	action: 'run' | 'trace',
): Promise<IDataObject> {
	const method = action === 'run' ? 'POST' : 'GET';
	const response = await withFallback(
		ctx,
		'indexTasks',
		async () =>
			await ragflowRequest.call(ctx, method, `/datasets/${datasetId}/index`, {
				qs: { type },
				itemIndex,
			}),
		async () => {
			const path = `/datasets/${datasetId}/${oldIndexRoute(ctx, type, action, itemIndex)}`;
			try {
				return await ragflowRequest.call(ctx, method, path, { itemIndex });
			} catch (error) {
				if (isRouteMissing(error)) throw needsVersionError(ctx, 'Index tasks', '0.22', itemIndex);
				throw asNodeError(ctx, error, itemIndex);
			}
		},
	);
	return (response.data ?? {}) as IDataObject;
}
