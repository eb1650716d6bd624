import type { INode, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

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

function description(type: string): INodeTypeDescription {
	return nodeTypes.getByNameAndVersion(`${PACKAGE}.${type}`).description;
}

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
		['ragflowRetrieve', { operation: 'retrieve' }, 'Retrieve'],
	])('%s %j reads "%s"', (type, parameters, expected) => {
		expect(subtitleOf(type, parameters)).toBe(expected);
	});

	it('names every operation of every node by its label, never by its raw value', () => {
		for (const type of [
			'ragflowDataset',
			'ragflowDocument',
			'ragflowChunk',
			'ragflowRetrieve',
			'ragflowChatAssistant',
			'ragflowSession',
		]) {
			const { properties } = description(type);
			const resources = properties.find((p) => p.name === 'resource')?.options ?? [undefined];
			for (const resource of resources as Array<{ name: string; value: string } | undefined>) {
				for (const operation of properties.filter(
					(p) =>
						p.name === 'operation' &&
						(!resource ||
							(p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource.value)),
				)) {
					for (const option of operation.options as Array<{ name: string; value: string }>) {
						const parameters = {
							...(resource ? { resource: resource.value } : {}),
							operation: option.value,
						};
						expect([type, subtitleOf(type, parameters)]).toEqual([
							type,
							resource ? `${option.name}: ${resource.name}` : option.name,
						]);
					}
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
