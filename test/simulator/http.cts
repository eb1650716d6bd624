/**
 * Small HTTP toolkit of the RAGFlow simulator: routing, envelopes, query and JSON helpers, and the
 * error type handlers throw. RAGFlow answers nearly every error with HTTP 200 and a `code` in the body,
 * so SimError carries the envelope, not an HTTP status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { MultipartPart } from './multipart.cts';
import type { SimulatorState } from './state.cts';
import { profileOf, type Capability, type VersionProfile } from './versions.cts';

export type Query = Record<string, string | string[]>;

export interface SimRequest {
	req: IncomingMessage;
	res: ServerResponse;
	method: string;
	/** Path below /api/v1 without a trailing slash, e.g. `/datasets/abc`. */
	path: string;
	params: Record<string, string>;
	query: Query;
	contentType: string;
	/** Parsed JSON body, or the text fields of a form body; undefined when there is none. */
	body: unknown;
	/** True when the body was JSON (several endpoints refuse anything else). */
	isJson: boolean;
	/** Multipart parts (files and fields), when the body was multipart. */
	parts?: MultipartPart[];
	state: SimulatorState;
	/** Delay between SSE events, ms. */
	sseDelayMs: number;
	/** Resolves when event streams may go on past their first event (see `holdStreams`). */
	sseHold: () => Promise<void>;
	/** The RAGFlow version the simulator answers as. */
	profile: VersionProfile;
}

export type Handler = (r: SimRequest) => Promise<void> | void;

export interface Route {
	method: string;
	pattern: RegExp;
	keys: string[];
	handler: Handler;
	/** Served without an API key (system ping/version). */
	noAuth?: boolean;
}

/** Error envelope thrown by handlers; `data` is only included when given. */
export class SimError extends Error {
	constructor(
		public code: number,
		message: string,
		public data?: unknown,
	) {
		super(message);
	}
}

export interface RouteOptions {
	/** Served without an API key (system ping/version). */
	noAuth?: boolean;
	/** Registered only when the profile has this capability (a newer route). */
	requires?: Capability;
	/** Registered only when the profile lacks it (an older route the capability replaced). */
	unless?: Capability;
}

export class Router {
	routes: Route[] = [];

	/** Routes the profile does not serve are left out, so they answer as a missing route or method. */
	constructor(public profile: VersionProfile = profileOf()) {}

	add(method: string, path: string, handler: Handler, opts: RouteOptions = {}) {
		if (opts.requires && !this.profile.has(opts.requires)) return;
		if (opts.unless && this.profile.has(opts.unless)) return;
		const keys: string[] = [];
		const source = path.replace(/\{(\w+)\}/g, (_m, key: string) => {
			keys.push(key);
			return '([^/]+)';
		});
		this.routes.push({
			method,
			pattern: new RegExp(`^${source}$`),
			keys,
			handler,
			noAuth: opts.noAuth,
		});
	}

	/** `route` when method and path match; `pathOnly` when only the path does (method not allowed). */
	match(
		method: string,
		path: string,
	): { route?: Route; params: Record<string, string>; pathOnly: boolean } {
		let pathOnly = false;
		for (const route of this.routes) {
			const m = route.pattern.exec(path);
			if (!m) continue;
			if (route.method !== method) {
				pathOnly = true;
				continue;
			}
			const params: Record<string, string> = {};
			route.keys.forEach((key, i) => (params[key] = decodeURIComponent(m[i + 1])));
			return { route, params, pathOnly: false };
		}
		return { params: {}, pathOnly };
	}
}

export function sendJson(res: ServerResponse, status: number, payload: unknown) {
	const text = JSON.stringify(payload);
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
		'Access-Control-Allow-Origin': '*',
	});
	res.end(text);
}

/** `get_result` style: `{code:0,data}` without message; data left out when undefined. */
export function sendResult(r: SimRequest, data?: unknown, extra: Record<string, unknown> = {}) {
	const payload: Record<string, unknown> = { code: 0 };
	if (data !== undefined) payload.data = data;
	sendJson(r.res, 200, { ...payload, ...extra });
}

/** `get_json_result` style: `{code:0,message:"success",data}`. */
export function sendJsonResult(r: SimRequest, data: unknown, extra: Record<string, unknown> = {}) {
	sendJson(r.res, 200, { code: 0, message: 'success', data, ...extra });
}

export function sendError(res: ServerResponse, err: SimError) {
	const payload: Record<string, unknown> = { code: err.code, message: err.message };
	if (err.data !== undefined) payload.data = err.data;
	sendJson(res, 200, payload);
}

// ---------- query helpers ----------

export function parseQuery(search: URLSearchParams): Query {
	const query: Query = {};
	for (const [key, value] of search) {
		const prev = query[key];
		if (prev === undefined) query[key] = value;
		else query[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
	}
	return query;
}

/** The first value of a query key. */
export function q(query: Query, key: string): string | undefined {
	const v = query[key];
	return Array.isArray(v) ? v[0] : v;
}

/** Every value of a (repeatable) query key. */
export function qAll(query: Query, ...keys: string[]): string[] {
	const out: string[] = [];
	for (const key of keys) {
		const v = query[key];
		if (v === undefined) continue;
		out.push(...(Array.isArray(v) ? v : [v]));
	}
	return out;
}

/** `desc`: every value except `false` (any case) means true. */
export function qDesc(query: Query, fallback = true): boolean {
	const v = q(query, 'desc');
	if (v === undefined) return fallback;
	return v.toLowerCase() !== 'false';
}

export const MAX_PAGE_SIZE = 100;

/**
 * Python's `int(value)` of a JSON or query value: whole-number strings (surrounding spaces and `_`
 * separators allowed), floats truncated, bools as 0/1; undefined where Python raises.
 */
export function pythonInt(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
	if (typeof value === 'boolean') return value ? 1 : 0;
	if (typeof value === 'string' && /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value))
		return Number(value.replace(/_/g, '').trim());
	return undefined;
}

/**
 * Page parameters as api/utils/pagination_utils.py reads them (query strings and JSON bodies alike):
 * what `int()` cannot read, or a value below 1, falls back to the default; page_size above 100 is an
 * uncaught ValueError (code 100).
 */
export function lenientPage(
	source: Record<string, unknown>,
	defaultSize = 30,
): { page: number; pageSize: number } {
	const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
	const read = (v: unknown, fallback: number) => {
		const n = pythonInt(first(v) ?? fallback);
		return n === undefined || n < 1 ? fallback : n;
	};
	const page = read(source.page, 1);
	const pageSize = read(source.page_size, defaultSize);
	if (pageSize > MAX_PAGE_SIZE) {
		throw new SimError(100, "ValueError('page_size must be less than or equal to 100')");
	}
	return { page, pageSize };
}

export function paginate<T>(items: T[], page: number, pageSize: number): T[] {
	return items.slice((page - 1) * pageSize, page * pageSize);
}

// ---------- body helpers ----------

/**
 * The JSON body of a handler that calls `req.get(...)` on it: no body (or a falsy one) reads as `{}`;
 * a list, string or number makes that call fail as in Python (code 100 AttributeError).
 */
export function bodyObject(r: SimRequest): Record<string, unknown> {
	const b = r.body;
	if (isPlainObject(b)) return b;
	if (!b) return {};
	throw new SimError(100, `AttributeError("'${pyTypeOf(b)}' object has no attribute 'get'")`);
}

/**
 * The body of a Pydantic-validated endpoint: JSON only, an empty body is malformed JSON, a falsy
 * value reads as `{}`, anything else but an object is refused (101, as validation_utils.py does).
 */
export function validatedBody(r: SimRequest): Record<string, unknown> {
	requireJson(r);
	const b = r.body;
	if (b === undefined)
		throw new SimError(101, 'Malformed JSON syntax: Missing commas/brackets or invalid encoding');
	if (isPlainObject(b)) return b;
	if (!b) return {};
	throw new SimError(101, `Invalid request payload: expected object, got ${pyTypeOf(b)}`);
}

/** Python's type name of a JSON value. */
export function pyTypeOf(value: unknown): string {
	if (value === null || value === undefined) return 'NoneType';
	if (typeof value === 'boolean') return 'bool';
	if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
	if (typeof value === 'string') return 'str';
	return Array.isArray(value) ? 'list' : 'dict';
}

/** Pydantic-validated endpoints refuse anything but JSON. */
export function requireJson(r: SimRequest) {
	if (!r.isJson) {
		throw new SimError(
			101,
			`Unsupported content type: Expected application/json, got ${r.contentType || 'None'}`,
		);
	}
}

/** RAGFlow's Pydantic error line: `Field: <loc> - Message: <msg> - Value: <str(input)>`, input cut at 128. */
export function pydanticLine(field: string, message: string, value: unknown): string {
	let shown = pyStr(value);
	if (shown.length > 128) shown = `${shown.slice(0, 125)}...`;
	return `Field: <${field}> - Message: <${message}> - Value: <${shown}>`;
}

/** RAGFlow's Pydantic error (code 101 unless the endpoint answers validation errors otherwise). */
export function pydanticError(
	field: string,
	message: string,
	value: unknown,
	code = 101,
): SimError {
	return new SimError(code, pydanticLine(field, message, value));
}

/** Python's `repr` of a JSON value, as RAGFlow prints inputs and exceptions. */
export function pyRepr(value: unknown): string {
	if (typeof value === 'string') {
		const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
		const body = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
		return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
	}
	if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.entries(value)
			.map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
			.join(', ')}}`;
	}
	return pyStr(value);
}

/** Python's `str` of a JSON value (strings as they are, containers as their repr). */
export function pyStr(value: unknown): string {
	if (value === null || value === undefined) return 'None';
	if (value === true) return 'True';
	if (value === false) return 'False';
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return pyRepr(value);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
	return !!v && typeof v === 'object' && !Array.isArray(v);
}

export const HEX32 = /^[0-9a-f]{32}$/;

/** UUID validation as RAGFlow does it: any version, dashes accepted and stripped. */
export function normalizeUuid(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const hex = value.replace(/-/g, '').toLowerCase();
	return HEX32.test(hex) ? hex : undefined;
}

/**
 * RAGFlow's check_duplicate_ids: the ids once each, in first-seen order, and one
 * `Duplicate <type> ids: <id>` message per repeated id (reported as partial-success errors).
 */
export function checkDuplicateIds(
	ids: string[],
	type: string,
): { unique: string[]; errors: string[] } {
	const unique = [...new Set(ids)];
	const dups = [...new Set(ids.filter((v, i) => ids.indexOf(v) !== i))];
	return { unique, errors: dups.map((d) => `Duplicate ${type} ids: ${d}`) };
}

/** Python's repr of a list of strings, as RAGFlow prints it in messages. */
export function pyList(items: string[]): string {
	return `[${items.map((s) => `'${s}'`).join(', ')}]`;
}

export function sleep(ms: number): Promise<void> {
	return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Truthy booleans of Pydantic-style query values. */
export function qBool(value: string | undefined, fallback = false): boolean {
	if (value === undefined) return fallback;
	return ['true', '1', 'yes', 'on', 't', 'y'].includes(value.toLowerCase());
}
