import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * The subtitle under a node on the canvas: the chosen operation and resource by the names the
 * parameter panel shows ("Get Status: Index Task", "Ask: Agent Session"), the same way in every
 * node, instead of their raw values ("getStatus: indexTask"). Built from the node's own options, so
 * a new operation gets its label without touching the subtitle.
 */
export function operationSubtitle(properties: INodeProperties[]): string {
	const resources: Record<string, string> = {};
	for (const option of (properties.find((p) => p.name === 'resource')?.options ??
		[]) as INodePropertyOptions[]) {
		resources[String(option.value)] = option.name;
	}
	// Keyed by resource and operation: the same operation value may carry another name elsewhere.
	const operations: Record<string, string> = {};
	for (const property of properties.filter((p) => p.name === 'operation')) {
		const forResources = (property.displayOptions?.show?.resource as string[] | undefined) ?? [''];
		for (const resource of forResources) {
			for (const option of (property.options ?? []) as INodePropertyOptions[]) {
				operations[`${resource}:${String(option.value)}`] = option.name;
			}
		}
	}
	const hasResource = Object.keys(resources).length > 0;
	const resource = hasResource ? '$parameter["resource"]' : '""';
	const operation = `(${JSON.stringify(operations)}[${resource} + ":" + $parameter["operation"]] || $parameter["operation"])`;
	if (!hasResource) return `={{${operation}}}`;
	return `={{${operation} + ": " + (${JSON.stringify(resources)}[$parameter["resource"]] || $parameter["resource"])}}`;
}
