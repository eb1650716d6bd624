import type { INode } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { node as chatAssistantNode } from '../nodes/RagflowChatAssistant/actions';
import { node as chunkNode } from '../nodes/RagflowChunk/actions';
import { node as datasetNode } from '../nodes/RagflowDataset/actions';
import { node as documentNode } from '../nodes/RagflowDocument/actions';
import { node as retrieveNode } from '../nodes/RagflowRetrieve/actions';
import { node as sessionNode } from '../nodes/RagflowSession/actions';
import type { ActionNode } from '../nodes/shared/actionNode';
import { PACKAGE, TestNodeTypes } from './harness/nodeTypes';

const nodeTypes = new TestNodeTypes();

/** The subtitle the editor shows under a node on the canvas, resolved the way the editor does. */
function subtitleOf(type: string, parameters: Record<string, unknown>): unknown {
	const description = nodeTypes.getByNameAndVersion(`${PACKAGE}.${type}`).description;
	const node: INode = {
		id: 'n1',
		name: description.displayName,
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		// The editor stores a node's parameters with their defaults filled in.
		parameters:
			NodeHelpers.getNodeParameters(
				description.properties,
				parameters as never,
				true,
				false,
				null,
				null,
			) ?? {},
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		node,
		description.subtitle as string,
		'internal',
		{},
	);
}

const actionNodes: Array<[string, ActionNode]> = [
	['ragflowDataset', datasetNode],
	['ragflowDocument', documentNode],
	['ragflowChunk', chunkNode],
	['ragflowRetrieve', retrieveNode],
	['ragflowChatAssistant', chatAssistantNode],
	['ragflowSession', sessionNode],
];

describe('subtitles on the canvas', () => {
	it.each([
		[
			'ragflowDataset',
			{ resource: 'indexTask', operation: 'getStatus' },
			'Get Status: Index Task (GraphRAG, RAPTOR, Mind Map)',
		],
		['ragflowDataset', { resource: 'dataset', operation: 'getAll' }, 'Get Many: Dataset'],
		['ragflowSession', { resource: 'agentSession', operation: 'ask' }, 'Ask: Agent Session'],
		['ragflowSession', { resource: 'chatSession', operation: 'update' }, 'Update: Chat Session'],
		['ragflowDocument', { operation: 'stopParsing' }, 'Stop Parsing'],
		['ragflowChunk', { operation: 'setAvailability' }, 'Set Availability'],
		['ragflowRetrieve', {}, 'Retrieve'],
	])('%s %j reads "%s"', (type, parameters, expected) => {
		expect(subtitleOf(type, parameters)).toBe(expected);
	});

	it('names every operation of every node by its label, never by its raw value', () => {
		for (const [type, node] of actionNodes) {
			const severalResources = node.resources.length > 1;
			for (const resource of node.resources) {
				for (const operation of resource.operations) {
					// Only the parameters the node shows: Resource and Operation where there is a choice.
					const parameters = {
						...(severalResources ? { resource: resource.option.value } : {}),
						...(resource.operations.length > 1 ? { operation: operation.value } : {}),
					};
					expect([type, subtitleOf(type, parameters)]).toEqual([
						type,
						severalResources ? `${operation.name}: ${resource.option.name}` : operation.name,
					]);
				}
			}
		}
	});

	it("names the trigger's events by their labels", () => {
		expect(subtitleOf('ragflowTrigger', { events: ['DONE', 'FAIL'] })).toBe(
			'On Parsing Finished, Parsing Failed',
		);
	});
});
