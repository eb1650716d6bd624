import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** RAGFlow ids (datasets, documents, chats, sessions, agents) are uuid1().hex: 32 hex characters. */
export const RAGFLOW_ID_REGEX = '^[a-fA-F0-9]{32}$';
const RAGFLOW_ID = new RegExp(RAGFLOW_ID_REGEX);

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

/** Throws a clear, item-scoped error unless `value` looks like a RAGFlow id. */
export function assertRagflowId(
	ctx: IExecuteFunctions,
	value: string,
	what: string,
	itemIndex: number,
): string {
	const id = String(value ?? '').trim();
	if (!id) {
		throw new NodeOperationError(ctx.getNode(), `No ${what} selected`, {
			itemIndex,
			description: `Choose a ${what} from the list or enter its ID.`,
		});
	}
	if (!RAGFLOW_ID.test(id)) {
		throw new NodeOperationError(ctx.getNode(), `"${id}" is not a valid ${what} ID`, {
			itemIndex,
			description: `RAGFlow ${what} IDs are 32 hexadecimal characters (e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3). Pick the ${what} from the list instead, or copy its ID from RAGFlow.`,
		});
	}
	return id.toLowerCase();
}

/**
 * Reads a list of ids given as a comma/newline separated string, an array (from an expression), or
 * a single locator value, and validates each.
 */
export function parseIdList(
	ctx: IExecuteFunctions,
	value: unknown,
	what: string,
	itemIndex: number,
): string[] {
	const raw = Array.isArray(value) ? value : String(value ?? '').split(/[\s,]+/);
	const ids = raw.map((v) => String(v).trim()).filter((v) => v !== '');
	return [...new Set(ids.map((id) => assertRagflowId(ctx, id, what, itemIndex)))];
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
