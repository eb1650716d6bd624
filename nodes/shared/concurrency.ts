import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Upper bound of the Concurrency option: keeps a large input from flooding the RAGFlow server. */
export const MAX_CONCURRENCY = 20;

/** The Concurrency option (inside an operation's Options collection); read it with `readConcurrency`. */
export function concurrencyOption(
	description = 'How many items are processed at the same time. Read from the first item; output order stays the input order.',
): INodeProperties {
	return {
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
		default: 1,
		description,
	};
}

/**
 * Reads Options > Concurrency from the first item: one pool of parallel requests serves the whole
 * run. Anything that is not a number of at least 1 counts as 1.
 */
export function readConcurrency(ctx: IExecuteFunctions): number {
	const concurrency = Number(ctx.getNodeParameter('options.concurrency', 0, 1)) || 1;
	return Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(concurrency)));
}
