import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** What the readers need from a node's context (any kind: execute, poll, load options). */
type NodeContext = { getNode(): INode };

/**
 * Reads a free-text parameter, whatever type an expression gave it: a number or a boolean becomes
 * its text (`={{ 42 }}` names a document "42"); an object or an array is refused with the
 * parameter's name, as its text ("[object Object]") is never what was meant. Unset gives ''.
 * Every operation reads its text parameters through this (or `requireText` / `optionalText`).
 */
export function readText(
	ctx: NodeContext,
	value: unknown,
	label: string,
	itemIndex?: number,
): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
		return String(value);
	}
	const kind = Array.isArray(value)
		? 'a list'
		: typeof value === 'object'
			? 'an object'
			: typeof value;
	let shown = '';
	try {
		shown = JSON.stringify(value)?.slice(0, 80) ?? '';
	} catch {
		// A value JSON cannot write (circular) is still named by its kind.
	}
	throw new NodeOperationError(ctx.getNode(), `${label} must be text, not ${kind}`, {
		itemIndex,
		description: `Got ${shown || kind}. If an expression fills ${label}, pick the text field inside it (e.g. {{ $json.question.text }}), or turn it into text with JSON.stringify().`,
	});
}

/** A required text parameter, trimmed, rejected when blank, before any request is made. */
export function requireText(
	ctx: NodeContext,
	value: unknown,
	label: string,
	itemIndex: number,
	description: string,
): string {
	const text = readText(ctx, value, label, itemIndex).trim();
	if (text === '') {
		throw new NodeOperationError(ctx.getNode(), `${label} is empty`, { itemIndex, description });
	}
	return text;
}

/** An optional text parameter, trimmed; blank gives undefined so it is not sent. */
export function optionalText(
	ctx: NodeContext,
	value: unknown,
	label: string,
	itemIndex?: number,
): string | undefined {
	return readText(ctx, value, label, itemIndex).trim() || undefined;
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
	ctx: NodeContext,
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

const SEPARATORS = {
	comma: /,/,
	line: /\r?\n/,
	commaOrLine: /,|\r?\n/,
	commaOrSpace: /[\s,]+/,
} as const;

export interface SplitOptions {
	/**
	 * What separates the values in a text. One rule per kind of field, and the field's description
	 * tells the user the same:
	 * - IDs: `commaOrSpace` (commas, spaces or new lines; `parseIdList` reads them);
	 * - names, keywords, tags, suffixes, languages, entity types, page ranges, binary field names:
	 *   `commaOrLine` (a name may hold spaces);
	 * - questions: `line` (a question may hold commas);
	 * - `comma` only where a field's values are positional and a new line is meant literally.
	 */
	by: keyof typeof SEPARATORS;
	/** Each value once (the first occurrence keeps its place). */
	unique?: boolean;
	/** Keeps blank values (positional lists: "a,,c" is three values). Values are still trimmed. */
	keepEmpty?: boolean;
	/** An unset field (`undefined`) gives `undefined`, so it is not sent; a blank one gives []. */
	keepUnset?: boolean;
}

/**
 * The one list splitter: a separated text, or an array from an expression (taken item by item, not
 * split again), into trimmed values without blanks.
 */
export function splitList(
	value: unknown,
	options: SplitOptions & { keepUnset: true },
): string[] | undefined;
export function splitList(value: unknown, options: SplitOptions): string[];
export function splitList(value: unknown, options: SplitOptions): string[] | undefined {
	if (value === undefined && options.keepUnset) return undefined;
	if (value === undefined || value === null) return [];
	const raw = Array.isArray(value) ? value : String(value).split(SEPARATORS[options.by]);
	const list = raw
		.map((v) => (v === undefined || v === null ? '' : String(v).trim()))
		.filter((v) => options.keepEmpty || v !== '');
	return options.unique ? [...new Set(list)] : list;
}

/**
 * Refuses an Update whose request would change nothing (`body` without keys); `what` says where
 * the fields to change are ("Add at least one field under Update Fields.").
 */
export function requireChanges(
	ctx: NodeContext,
	body: object,
	what: string,
	itemIndex: number,
): void {
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Nothing to update', {
			itemIndex,
			description: what,
		});
	}
}
