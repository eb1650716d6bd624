import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readReturnAllOrLimit } from './descriptions';
import type { IdWhat } from './utils';
import { assertRagflowId, idRule } from './utils';
import { readText } from './validation';

/**
 * The filters several Get Many operations offer under Filters (`id`, `name`, `nameContains`), in
 * the same words. Each operation puts them in their alphabetical place among its own filters and
 * reads them with `idFilterValue` / `textFilterValue`.
 */

/** "<Object> ID" (`id`): only the object with this ID. */
export function idFilter(
	what: IdWhat,
	description = `Only the ${what} with this ID`,
): INodeProperties {
	return {
		displayName: `${what.replace(/\b\w/g, (c) => c.toUpperCase())} ID`,
		name: 'id',
		type: 'string',
		default: '',
		placeholder: `e.g. ${idRule(what).example}`,
		description,
	};
}

/** Name (`name`): only the object with exactly this name. */
export function nameFilter(placeholder: string, description: string): INodeProperties {
	return {
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder,
		description,
	};
}

/** Name Contains (`nameContains`): only the objects whose name contains this text. */
export function nameContainsFilter(placeholder: string, description: string): INodeProperties {
	return {
		displayName: 'Name Contains',
		name: 'nameContains',
		type: 'string',
		default: '',
		placeholder,
		description,
	};
}

/** What every Get Many reads first: Return All / Limit and the Filters collection. */
export function readListParameters(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { paging: { returnAll: boolean; limit?: number }; filters: IDataObject } {
	const paging = readReturnAllOrLimit(ctx, itemIndex);
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return { paging, filters };
}

/** The checked id of an `idFilter` (undefined when not set). */
export function idFilterValue(
	ctx: IExecuteFunctions,
	filters: IDataObject,
	what: IdWhat,
	itemIndex: number,
): string | undefined {
	return filters.id ? assertRagflowId(ctx, filters.id, what, itemIndex) : undefined;
}

/** A text filter's value (undefined when empty), as the query takes it. */
export function textFilterValue(
	ctx: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): string | undefined {
	return readText(ctx, value, label, itemIndex) || undefined;
}
