import type { ResourceDefinition } from './actionNode';

/**
 * The subtitle under a node on the canvas, the same rule in every node: the chosen operation by the
 * name the parameter panel shows, plus ": <resource>" where the node has several resources ("Get
 * Status: Index Task", "Ask: Agent Session", "Upload"), instead of raw values ("getStatus:
 * indexTask"). Built from the node's own resources, so a new operation gets its label without
 * touching the subtitle; a node with a single operation shows that operation's name.
 */
export function operationSubtitle(resources: ReadonlyArray<ResourceDefinition>): string {
	const several = resources.length > 1;
	if (!several && resources[0].operations.length === 1) return resources[0].operations[0].name;

	// Keyed `resource:operation` (the same operation value may carry another name elsewhere); a
	// resource with one operation has no Operation parameter and is keyed `resource:`.
	const operations: Record<string, string> = {};
	const names: Record<string, string> = {};
	for (const resource of resources) {
		const key = several ? resource.option.value : '';
		names[key] = resource.option.name;
		for (const operation of resource.operations) {
			const value = resource.operations.length > 1 ? operation.value : '';
			operations[`${key}:${value}`] = operation.name;
		}
	}
	const resource = several ? '$parameter["resource"]' : '""';
	const labels = JSON.stringify(operations);
	const operation = `(${labels}[${resource} + ":" + $parameter["operation"]] || ${labels}[${resource} + ":"] || $parameter["operation"])`;
	if (!several) return `={{${operation}}}`;
	return `={{${operation} + ": " + (${JSON.stringify(names)}[$parameter["resource"]] || $parameter["resource"])}}`;
}
