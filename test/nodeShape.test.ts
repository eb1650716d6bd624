import type { INode, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { node as chatAssistantNode } from '../nodes/RagflowChatAssistant/actions';
import { node as chunkNode } from '../nodes/RagflowChunk/actions';
import { node as datasetNode } from '../nodes/RagflowDataset/actions';
import { node as documentNode } from '../nodes/RagflowDocument/actions';
import { node as retrieveNode } from '../nodes/RagflowRetrieve/actions';
import { node as sessionNode } from '../nodes/RagflowSession/actions';
import type { ActionNode } from '../nodes/shared/actionNode';
import { PACKAGE, TestNodeTypes } from './harness/nodeTypes';

const nodeTypes = new TestNodeTypes();
const descriptionOf = (type: string): INodeTypeDescription =>
	nodeTypes.getByNameAndVersion(`${PACKAGE}.${type}`).description;

const actionNodes: Array<[string, ActionNode]> = [
	['ragflowDataset', datasetNode],
	['ragflowDocument', documentNode],
	['ragflowChunk', chunkNode],
	['ragflowRetrieve', retrieveNode],
	['ragflowChatAssistant', chatAssistantNode],
	['ragflowSession', sessionNode],
];

/** The choices of a dropdown, by value. */
const choices = (property: INodeProperties | undefined) =>
	(property?.options as Array<{ value: string }> | undefined)?.map((o) => o.value);

describe('Resource and Operation dropdowns', () => {
	it('show a Resource dropdown on every node with a choice of operations (n8n describes an AI tool by it)', () => {
		const resources = Object.fromEntries(
			actionNodes.map(([type]) => [
				type,
				choices(descriptionOf(type).properties.find((p) => p.name === 'resource')),
			]),
		);
		expect(resources).toEqual({
			ragflowDataset: ['dataset', 'indexTask', 'knowledgeGraph'],
			ragflowDocument: ['document'],
			ragflowChunk: ['chunk'],
			ragflowRetrieve: undefined,
			ragflowChatAssistant: ['chatAssistant'],
			ragflowSession: ['agentSession', 'chatSession'],
		});
	});

	it('show an Operation dropdown only where there are several operations', () => {
		const operations = Object.fromEntries(
			actionNodes.map(([type]) => [
				type,
				descriptionOf(type)
					.properties.filter((p) => p.name === 'operation')
					.map((p) => [p.displayOptions?.show?.resource ?? null, choices(p), p.default]),
			]),
		);
		expect(operations).toEqual({
			ragflowDataset: [
				[['dataset'], ['create', 'delete', 'get', 'getAll', 'update'], 'getAll'],
				[['indexTask'], ['getStatus', 'start', 'stop'], 'start'],
				[['knowledgeGraph'], ['delete', 'get'], 'get'],
			],
			ragflowDocument: [
				[
					['document'],
					['delete', 'download', 'get', 'getAll', 'parse', 'stopParsing', 'update', 'upload'],
					'upload',
				],
			],
			ragflowChunk: [
				[['chunk'], ['add', 'delete', 'get', 'getAll', 'setAvailability', 'update'], 'getAll'],
			],
			// Its only operation always runs.
			ragflowRetrieve: [],
			ragflowChatAssistant: [
				[['chatAssistant'], ['create', 'delete', 'get', 'getAll', 'update'], 'getAll'],
			],
			ragflowSession: [
				[['agentSession'], ['ask', 'create', 'delete', 'getAll'], 'ask'],
				[['chatSession'], ['ask', 'create', 'delete', 'get', 'getAll', 'update'], 'ask'],
			],
		});
	});

	it("shows each operation's fields under its own resource and operation only", () => {
		for (const [type, node] of actionNodes) {
			const severalResources = node.resources.length > 1;
			for (const resource of node.resources) {
				for (const operation of resource.operations) {
					for (const field of operation.module.description) {
						const show = field.displayOptions?.show ?? {};
						expect([type, operation.value, field.name, show.resource, show.operation]).toEqual([
							type,
							operation.value,
							field.name,
							severalResources ? [resource.option.value] : undefined,
							resource.operations.length > 1 ? [operation.value] : undefined,
						]);
					}
				}
			}
		}
	});

	it('puts Simplify last and the collections right before it, in every operation', () => {
		const misplaced: string[] = [];
		for (const [type] of actionNodes) {
			const { properties } = descriptionOf(type);
			const node = actionNodes.find(([t]) => t === type)![1];
			for (const resource of node.resources) {
				for (const operation of resource.operations) {
					const shown = properties.filter((p) => {
						const show = p.displayOptions?.show ?? {};
						if (p.name === 'resource' || p.name === 'operation') return false;
						const resources = show.resource as string[] | undefined;
						const operations = show.operation as string[] | undefined;
						return (
							(!resources || resources.includes(resource.option.value)) &&
							(!operations || operations.includes(operation.value))
						);
					});
					const names = shown.map((p) => p.name);
					const where = `${type} ${resource.option.value}:${operation.value}`;
					const simplify = names.indexOf('simplify');
					if (simplify >= 0 && simplify !== names.length - 1)
						misplaced.push(`${where}: Simplify before ${names.slice(simplify + 1).join(', ')}`);
					const lastCollection = shown.map((p) => p.type).lastIndexOf('collection');
					const afterCollections = shown
						.slice(lastCollection + 1)
						.filter((p) => p.name !== 'simplify' && p.type !== 'notice');
					if (lastCollection >= 0 && afterCollections.length > 0)
						misplaced.push(
							`${where}: ${afterCollections.map((p) => p.name).join(', ')} after the collections`,
						);
				}
			}
		}
		expect(misplaced).toEqual([]);
	});

	it('shows every field of Retrieve with default settings (no Operation to choose)', () => {
		const description = descriptionOf('ragflowRetrieve');
		const node = { typeVersion: 1 } as INode;
		// The parameters as the editor stores them for a new node: every default filled in.
		const values =
			NodeHelpers.getNodeParameters(description.properties, {}, true, false, node, description) ??
			{};
		expect(Object.keys(values)).toEqual([
			'question',
			'datasetIds',
			'returnAll',
			'limit',
			'options',
		]);
	});

	it('describes each node as an AI tool the way n8n does when the tool description is automatic', () => {
		const toolDescription = (type: string, parameters: Record<string, string>) => {
			const description = descriptionOf(type);
			const node = {
				parameters: { descriptionType: 'auto', ...parameters },
			} as unknown as INode;
			return NodeHelpers.getToolDescriptionForNode(node, {
				description,
			} as Parameters<typeof NodeHelpers.getToolDescriptionForNode>[1]);
		};
		expect(toolDescription('ragflowRetrieve', {})).toBe(
			descriptionOf('ragflowRetrieve').description,
		);
		expect(toolDescription('ragflowDataset', { resource: 'dataset', operation: 'getAll' })).toBe(
			'Get many datasets in RAGFlow Dataset',
		);
		expect(toolDescription('ragflowSession', { resource: 'chatSession', operation: 'ask' })).toBe(
			'Ask a chat assistant in RAGFlow Session',
		);
		// n8n takes an operation's action only under a Resource parameter (NodeHelpers.makeDescription):
		// why single-resource nodes show one too.
		expect(toolDescription('ragflowDocument', { resource: 'document', operation: 'getAll' })).toBe(
			'Get many documents in RAGFlow Document',
		);
		expect(toolDescription('ragflowChunk', { resource: 'chunk', operation: 'add' })).toBe(
			'Add a chunk in RAGFlow Chunk',
		);
		expect(
			toolDescription('ragflowChatAssistant', { resource: 'chatAssistant', operation: 'get' }),
		).toBe('Get a chat assistant in RAGFlow Chat Assistant');
	});
});
