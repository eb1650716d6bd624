import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Upper bound of the Concurrency option: keeps a large input from flooding the RAGFlow server. */
export const MAX_CONCURRENCY = 20;

/**
 * How an operation processes several input items, declared once per operation (in its node's
 * `actions/index.ts`); both the Options > Concurrency field and the router's reading of it come
 * from it. `read`: items in parallel, 5 by default (reads cost RAGFlow little and change nothing);
 * `write`: one after another by default (1), in input order; a number: that default. Operations
 * without a declaration offer no Concurrency and run one item at a time.
 */
export type Concurrency = 'read' | 'write' | number;

export const DEFAULT_CONCURRENCY = { read: 5, write: 1 } as const;

function defaultOf(concurrency: Concurrency): number {
	return typeof concurrency === 'number' ? concurrency : DEFAULT_CONCURRENCY[concurrency];
}

/** The Concurrency option (inside an operation's Options collection). */
export function concurrencyOption(concurrency: Concurrency): INodeProperties {
	const fallback = defaultOf(concurrency);
	const byDefault =
		fallback === 1
			? 'By default (1) the items are processed one after another.'
			: `By default ${fallback} items are processed at once.`;
	return {
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
		default: fallback,
		description: `How many input items are processed at the same time (1–${MAX_CONCURRENCY}); each item makes its own requests to RAGFlow. ${byDefault} The output keeps the input order either way. Lower it if RAGFlow answers that it is busy (HTTP 429 or 503). Only the first item's value counts.`,
	};
}

/**
 * The operation's fields with Concurrency in its Options collection: added there (at its
 * alphabetical place) when the operation has one, otherwise in a new Options collection shown under
 * `displayOptions` (the operation's own).
 */
export function withConcurrencyOption(
	fields: INodeProperties[],
	concurrency: Concurrency,
	displayOptions: IDisplayOptions | undefined,
): INodeProperties[] {
	const option = concurrencyOption(concurrency);
	const isOptions = (p: INodeProperties) => p.name === 'options' && p.type === 'collection';
	if (!fields.some(isOptions)) {
		const collection: INodeProperties = {
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [option],
			...(displayOptions ? { displayOptions } : {}),
		};
		// Simplify stays the last parameter of an operation (CONTRIBUTING, "Naming and order").
		const simplify = fields.findIndex((p) => p.name === 'simplify');
		const at = simplify < 0 ? fields.length : simplify;
		return [...fields.slice(0, at), collection, ...fields.slice(at)];
	}
	return fields.map((p) => {
		if (!isOptions(p)) return p;
		const options = [...((p.options ?? []) as INodeProperties[])];
		const at = options.findIndex((o) => o.displayName.localeCompare(option.displayName) > 0);
		options.splice(at < 0 ? options.length : at, 0, option);
		return { ...p, options };
	});
}

/**
 * Reads Options > Concurrency from the first item: one pool of parallel requests serves the whole
 * run. Unset, the operation's default; anything that is not a number of at least 1 counts as 1.
 */
export function readConcurrency(ctx: IExecuteFunctions, concurrency: Concurrency): number {
	const fallback = defaultOf(concurrency);
	const value = Number(ctx.getNodeParameter('options.concurrency', 0, fallback)) || 1;
	return Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(value)));
}
