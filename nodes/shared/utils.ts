import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INode,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { splitList } from './validation';

/** RAGFlow ids (datasets, documents, chats, sessions, agents) are uuid1().hex: 32 hex characters. */
export const RAGFLOW_ID_REGEX = '^[a-fA-F0-9]{32}$';
/** Chunk ids are xxhash64 digests: 16 hex characters (not the 32 of other RAGFlow ids). */
export const CHUNK_ID_REGEX = '^[a-fA-F0-9]{16}$';

/** `^…$` made to accept an empty value too (for an optional field). */
const orEmpty = (regex: string) => `^(?:${regex.slice(1, -1)})?$`;

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge<T>(target: T, source: unknown): T {
	if (!isPlainObject(target) || !isPlainObject(source)) return (source ?? target) as T;
	const merged: Record<string, unknown> = { ...target };
	for (const [key, value] of Object.entries(source)) {
		merged[key] =
			isPlainObject(value) && isPlainObject(merged[key]) ? deepMerge(merged[key], value) : value;
	}
	return merged as T;
}

/** Adds the resource/operation filter to each property, keeping the property's own conditions. */
export function updateDisplayOptions(
	displayOptions: IDisplayOptions,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: deepMerge(displayOptions, property.displayOptions ?? {}),
	}));
}

/** What the ID checks need from a node's context (any kind: execute, poll, load options). */
type NodeContext = { getNode(): INode };

/** What an id points at, as the error texts name it. */
export type IdWhat = 'dataset' | 'document' | 'chat assistant' | 'session' | 'agent' | 'chunk';

/**
 * The two shapes of RAGFlow ids: most are uuid1().hex (32 hex characters); a chunk id is the
 * xxhash64 digest of its content and document id (16 hex characters).
 */
const ID_RULES = {
	ragflow: {
		regex: RAGFLOW_ID_REGEX,
		optionalRegex: orEmpty(RAGFLOW_ID_REGEX),
		pattern: new RegExp(RAGFLOW_ID_REGEX),
		length: 32,
		example: '3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3',
	},
	chunk: {
		regex: CHUNK_ID_REGEX,
		optionalRegex: orEmpty(CHUNK_ID_REGEX),
		pattern: new RegExp(CHUNK_ID_REGEX),
		length: 16,
		example: '8f3a9c0d1e2b4a5f',
	},
};

/**
 * The rule the ids of `what` follow: `regex` (as the editor's regex validation takes it; and
 * `optionalRegex`, which also accepts an empty value), `length` and an `example`.
 */
export function idRule(what: IdWhat) {
	return what === 'chunk' ? ID_RULES.chunk : ID_RULES.ragflow;
}

/**
 * Throws a clear error (item-scoped when `itemIndex` is given) unless `value` is the id of `what`,
 * and returns it trimmed and in lower case. Works with every context that has `getNode()`.
 */
export function assertRagflowId(
	ctx: NodeContext,
	value: unknown,
	what: IdWhat,
	itemIndex?: number,
): string {
	const id = String(value ?? '').trim();
	const rule = idRule(what);
	if (!id) {
		throw new NodeOperationError(ctx.getNode(), `No ${what} selected`, {
			itemIndex,
			description: `Choose ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} from the list or enter its ID (${rule.length} hexadecimal characters).`,
		});
	}
	if (!rule.pattern.test(id)) {
		const other = rule === ID_RULES.chunk ? ID_RULES.ragflow : ID_RULES.chunk;
		const confused = other.pattern.test(id)
			? ` This one has ${other.length} characters: it is the ID of something else (${rule === ID_RULES.chunk ? 'a document or dataset' : 'a chunk'}).`
			: '';
		throw new NodeOperationError(ctx.getNode(), `"${id}" is not a valid ${what} ID`, {
			itemIndex,
			description: `RAGFlow ${what} IDs are ${rule.length} hexadecimal characters (e.g. ${rule.example}).${confused} Pick the ${what} from the list instead, or copy its ID from RAGFlow.`,
		});
	}
	return id.toLowerCase();
}

/**
 * Reads a list of ids (see `splitList`: commas, spaces or new lines, or an array from an
 * expression) and checks each; each id once. With `required`, an empty list is an error.
 */
export function parseIdList(
	ctx: NodeContext,
	value: unknown,
	what: IdWhat,
	itemIndex?: number,
	options: { required?: boolean } = {},
): string[] {
	const ids = splitList(value, { by: 'commaOrSpace' }).map((id) =>
		assertRagflowId(ctx, id, what, itemIndex),
	);
	if (options.required && ids.length === 0) assertRagflowId(ctx, '', what, itemIndex);
	return [...new Set(ids)];
}

/** Reads a resource locator's value (By ID, From List or By URL). */
export function getLocatorValue(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	return String(ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) ?? '').trim();
}

/** Drops keys whose value is `undefined`, so only what the user set is sent. */
export function compact<T extends IDataObject>(object: T): T {
	return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

/** Keeps only the listed keys of an object (for the "Simplify" output option). */
export function pick(object: IDataObject, keys: string[]): IDataObject {
	return Object.fromEntries(keys.filter((k) => k in object).map((k) => [k, object[k]]));
}

/** Number of UTF-8 bytes of a string (RAGFlow limits some names in bytes). */
export function utf8Length(value: string): number {
	return Buffer.byteLength(value, 'utf8');
}
