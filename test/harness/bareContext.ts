import type { INode } from 'n8n-workflow';

/**
 * The least a node context offers (`getNode()`), for the shared helpers that only name the node in
 * their errors: validation, ID checks, error reading.
 */
export function bareContext<T>(type = 'ragflowDataset'): T {
	const node: INode = {
		id: 'node-1',
		name: 'RAGFlow',
		type: `n8n-nodes-ragflow.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	return { getNode: () => node } as unknown as T;
}
