import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Trims a required text parameter and rejects it when blank, before any request is made. */
export function requireText(
	ctx: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
	description: string,
): string {
	const text = typeof value === 'string' ? value.trim() : String(value ?? '').trim();
	if (text === '') {
		throw new NodeOperationError(ctx.getNode(), `${label} is empty`, { itemIndex, description });
	}
	return text;
}

interface RangeOptions {
	min?: number;
	max?: number;
	/** Whether only whole numbers are valid. */
	integer?: boolean;
	/** Whether the lower bound itself is invalid (e.g. Top N must be above 0). */
	exclusiveMin?: boolean;
}

/**
 * Reads an optional number (undefined / empty stays undefined) and checks its range, so a value
 * RAGFlow would refuse or silently misuse is reported with the field's name instead.
 */
export function numberInRange(
	ctx: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
	range: RangeOptions,
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const n = typeof value === 'number' ? value : Number(value);
	const bounds =
		range.min !== undefined && range.max !== undefined
			? `between ${range.min} and ${range.max}`
			: range.min !== undefined
				? `${range.exclusiveMin ? 'greater than' : 'at least'} ${range.min}`
				: `at most ${range.max}`;
	const fail = (why: string) =>
		new NodeOperationError(ctx.getNode(), `${label} ${why}`, {
			itemIndex,
			description: `Got ${JSON.stringify(value)}. Enter a ${range.integer ? 'whole number' : 'number'} ${bounds}.`,
		});
	if (!Number.isFinite(n)) throw fail('is not a number');
	if (range.integer && !Number.isInteger(n)) throw fail('must be a whole number');
	const tooLow = range.min !== undefined && (range.exclusiveMin ? n <= range.min : n < range.min);
	const tooHigh = range.max !== undefined && n > range.max;
	if (tooLow || tooHigh) throw fail(`must be ${bounds}`);
	return n;
}

/** Splits a comma/newline separated text (or takes an array from an expression) into clean values. */
export function textList(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	const list = Array.isArray(value) ? value : String(value).split(/[,\n]/);
	return list.map((v) => String(v).trim()).filter((v) => v !== '');
}

/**
 * Comma-separated text (or an array from an expression) → list of non-empty strings. An unset
 * field (undefined) stays undefined so it is not sent; a blank one gives an empty list.
 */
export function commaList(value: unknown): string[] | undefined {
	if (value === undefined) return undefined;
	const list = Array.isArray(value) ? value : String(value).split(',');
	return list.map((v) => String(v).trim()).filter((v) => v !== '');
}
