import type {
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Concurrency } from './concurrency';
import { readConcurrency, withConcurrencyOption } from './concurrency';
import type { OperationHandler } from './router';
import { runOperation } from './router';
import { operationSubtitle } from './subtitle';

/** An operation's file (`actions/<op>.operation.ts`): its fields and what it does per item. */
export interface OperationModule {
	description: INodeProperties[];
	execute: OperationHandler;
}

/** One operation: its entry in the Operation dropdown, its file, and how it treats several items. */
export interface OperationDefinition<Value extends string = string> {
	/** The label in the Operation dropdown and the canvas subtitle. */
	name: string;
	value: Value;
	description: string;
	/** The sentence n8n shows in the actions list and for the node as an AI tool. */
	action: string;
	module: OperationModule;
	/** Offers Options > Concurrency with this default (see `Concurrency`); absent: one item at a time. */
	concurrency?: Concurrency;
}

export interface ResourceDefinition<Value extends string = string, Op extends string = string> {
	/** Its entry in the Resource dropdown; `name` is also its label in the canvas subtitle. */
	option: { name: string; value: Value; description?: string };
	operations: ReadonlyArray<OperationDefinition<Op>>;
	/** The operation selected when the node is added (one of `operations`). */
	defaultOperation: NoInfer<Op>;
}

/**
 * A resource with its operations. Typed so that the default operation must be one of them; an
 * operation is one entry (dropdown option, file and concurrency together), so none can be offered
 * without the code that runs it.
 */
export function defineResource<const Value extends string, const Op extends string>(
	resource: ResourceDefinition<Value, Op>,
): ResourceDefinition<Value, Op> {
	return resource;
}

export interface ActionNode {
	resources: ReadonlyArray<ResourceDefinition>;
	/** The node's parameters: Resource and Operation dropdowns where needed, then every operation's fields. */
	properties: INodeProperties[];
	subtitle: string;
	/** The node's `execute`: picks the operation and hands it to `runOperation`. */
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

/**
 * Everything an action node derives from its resources, by one rule for all nodes: a node with a
 * choice of operations shows a Resource and an Operation dropdown, even when it has one resource,
 * because n8n describes a node used as an AI tool by the `action` of its resource's operation
 * (`makeDescription` in n8n-workflow's node-helpers reads it only under a Resource); a node with a
 * single operation (Retrieve) shows neither and always runs it. Then each operation's fields,
 * Options > Concurrency where an operation declares it, the subtitle, and `execute`.
 */
export function actionNode<const Value extends string>(definition: {
	resources: ReadonlyArray<ResourceDefinition<Value>>;
	/** The resource selected when the node is added; the first one if not given. */
	defaultResource?: NoInfer<Value>;
}): ActionNode {
	const { resources } = definition;
	const showResource =
		resources.length > 1 || resources.some((resource) => resource.operations.length > 1);
	const properties: INodeProperties[] = [];
	if (showResource) {
		const defaultResource = definition.defaultResource ?? resources[0].option.value;
		properties.push({
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map((resource) => resource.option),
			default: defaultResource,
		});
	}
	for (const resource of resources) {
		if (resource.operations.length < 2) continue;
		const defaultOperation = resource.defaultOperation;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			...(showResource ? { displayOptions: { show: { resource: [resource.option.value] } } } : {}),
			options: resource.operations.map(({ name, value, description, action }) => ({
				name,
				value,
				description,
				action,
			})),
			default: defaultOperation,
		});
	}
	for (const resource of resources) {
		for (const operation of resource.operations) {
			const fields = operation.module.description;
			if (operation.concurrency === undefined) {
				properties.push(...fields);
				continue;
			}
			const show: NonNullable<IDisplayOptions['show']> = {};
			if (resources.length > 1) show.resource = [resource.option.value];
			if (resource.operations.length > 1) show.operation = [operation.value];
			const displayOptions = Object.keys(show).length > 0 ? { show } : undefined;
			properties.push(...withConcurrencyOption(fields, operation.concurrency, displayOptions));
		}
	}

	async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resourceValue = showResource
			? (this.getNodeParameter('resource', 0) as string)
			: resources[0].option.value;
		const resource = resources.find((r) => r.option.value === resourceValue);
		const operationValue =
			resource && resource.operations.length > 1
				? (this.getNodeParameter('operation', 0) as string)
				: resource?.operations[0]?.value;
		const operation = resource?.operations.find((o) => o.value === operationValue);
		if (!operation) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${String(operationValue ?? resourceValue)}" is not supported`,
			);
		}
		const concurrency =
			operation.concurrency === undefined ? 1 : readConcurrency(this, operation.concurrency);
		return await runOperation.call(this, operation.module.execute, concurrency);
	}

	return { resources, properties, subtitle: operationSubtitle(resources), execute };
}
