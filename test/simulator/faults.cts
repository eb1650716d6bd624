/**
 * Fault injection: rules that make the simulator behave like a hostile network or a misbehaving
 * server for chosen requests, so the nodes' handling of each fault is tested over real HTTP.
 * Set through the admin route `POST /_simulator/faults` (no key needed, never in the request log)
 * or `sim.faults.add(...)` in process.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { isPlainObject, SimError } from './http.cts';

export const FAULT_KINDS = [
	/** Accept the request and never answer (the body is read). */
	'hang',
	/** Accept the request, never read its body and never answer (a server that stalls an upload). */
	'stall_upload',
	/** Send the status line and headers, then nothing. */
	'hang_after_headers',
	/** Send the first `after_bytes` bytes of the real answer, then reset the connection. */
	'reset_mid_body',
	/** Send the real answer `chunk_bytes` at a time, `delay_ms` apart. */
	'slow_body',
	/** Answer `status` (301/302/307/308, default 302) with `Location: location`. */
	'redirect',
	/** Answer 200 with an HTML page (a web UI or a proxy's login page). */
	'html_200',
	/** Answer `status` with `body` (JSON when an object) and `headers`. */
	'status',
	/** End an event stream cleanly after `after_events` events, without RAGFlow's final event. */
	'sse_stop_early',
	/** Reset the connection after `after_events` events of an event stream. */
	'sse_reset',
	/** Ignore `page` and `page_size` and leave the totals out (a proxy that drops the query). */
	'ignore_paging',
	/** Answer `{"code": 0}` without `data`. */
	'no_data',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
	/** Path below the host, `*` for one segment, `**` for any rest, e.g. `/api/v1/datasets/*`. */
	path: string;
	method?: string;
	kind: FaultKind;
	/** How many requests the rule applies to (default: every matching request). */
	times?: number;
	status?: number;
	/** Redirect target; `{path}` is replaced by the original path and query. */
	location?: string;
	body?: unknown;
	headers?: Record<string, string>;
	after_bytes?: number;
	after_events?: number;
	delay_ms?: number;
	chunk_bytes?: number;
}

interface StoredRule extends FaultRule {
	id: number;
	hits: number;
	pattern: RegExp;
}

function globToRegExp(glob: string): RegExp {
	const source = glob
		.split('**')
		.map((part) =>
			part
				.split('*')
				.map((text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
				.join('[^/]*'),
		)
		.join('.*');
	return new RegExp(`^${source}$`);
}

function optionalNumber(
	rule: Record<string, unknown>,
	key: string,
	min: number,
): number | undefined {
	const value = rule[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
		throw new SimError(101, `\`${key}\` must be an integer >= ${min}`);
	}
	return value;
}

/** Checks one rule as sent to the admin route. */
export function readFaultRule(value: unknown): FaultRule {
	if (!isPlainObject(value)) throw new SimError(101, 'A fault rule must be an object');
	const { path, method, kind } = value;
	if (typeof path !== 'string' || !path.startsWith('/'))
		throw new SimError(101, '`path` must start with /');
	if (!FAULT_KINDS.includes(kind as FaultKind))
		throw new SimError(101, `\`kind\` must be one of ${FAULT_KINDS.join(', ')}`);
	if (method !== undefined && typeof method !== 'string')
		throw new SimError(101, '`method` must be a string');
	const rule: FaultRule = {
		path,
		kind: kind as FaultKind,
		method: method ? method.toUpperCase() : undefined,
		times: optionalNumber(value, 'times', 1),
		status: optionalNumber(value, 'status', 100),
		after_bytes: optionalNumber(value, 'after_bytes', 0),
		after_events: optionalNumber(value, 'after_events', 0),
		delay_ms: optionalNumber(value, 'delay_ms', 0),
		chunk_bytes: optionalNumber(value, 'chunk_bytes', 1),
		body: value.body,
	};
	if (value.location !== undefined) rule.location = String(value.location);
	if (isPlainObject(value.headers))
		rule.headers = Object.fromEntries(
			Object.entries(value.headers).map(([k, v]) => [k, String(v)]),
		);
	if (rule.kind === 'redirect' && !rule.location)
		throw new SimError(101, 'A redirect needs a `location`');
	return rule;
}

export class FaultStore {
	private rules: StoredRule[] = [];

	private nextId = 1;

	add(rule: FaultRule): number {
		const stored: StoredRule = {
			...readFaultRule(rule),
			id: this.nextId++,
			hits: 0,
			pattern: globToRegExp(rule.path),
		};
		this.rules.push(stored);
		return stored.id;
	}

	clear() {
		this.rules = [];
	}

	list() {
		return this.rules.map(({ pattern: _pattern, ...rule }) => rule);
	}

	/** The first rule for this request, counted as used. */
	take(method: string, path: string): FaultRule | undefined {
		const rule = this.rules.find((r) => (!r.method || r.method === method) && r.pattern.test(path));
		if (!rule) return undefined;
		rule.hits++;
		if (rule.times !== undefined && rule.hits >= rule.times)
			this.rules = this.rules.filter((r) => r !== rule);
		return rule;
	}
}

/**
 * Answers the request itself when the fault replaces the answer; returns false when the route
 * should run and its answer is altered instead (see `alterResponse`).
 */
export function answerWithFault(
	rule: FaultRule,
	req: IncomingMessage,
	res: ServerResponse,
	pathAndQuery: string,
): boolean {
	switch (rule.kind) {
		case 'hang':
			req.resume();
			return true;
		case 'stall_upload':
			req.pause();
			return true;
		case 'hang_after_headers':
			req.resume();
			res.writeHead(rule.status ?? 200, { 'Content-Type': 'application/json', ...rule.headers });
			res.flushHeaders();
			return true;
		case 'redirect':
			req.resume();
			res.writeHead(rule.status ?? 302, {
				Location: String(rule.location).replace('{path}', pathAndQuery),
				'Content-Length': 0,
			});
			res.end();
			return true;
		case 'html_200': {
			req.resume();
			const html =
				'<!doctype html><html><head><title>Sign in</title></head><body><form>Log in</form></body></html>';
			res.writeHead(200, {
				'Content-Type': 'text/html; charset=utf-8',
				'Content-Length': Buffer.byteLength(html),
			});
			res.end(html);
			return true;
		}
		case 'status': {
			req.resume();
			const isJson = isPlainObject(rule.body) || Array.isArray(rule.body);
			const text =
				rule.body === undefined ? '' : isJson ? JSON.stringify(rule.body) : String(rule.body);
			res.writeHead(rule.status ?? 500, {
				'Content-Type': isJson ? 'application/json' : 'text/plain; charset=utf-8',
				'Content-Length': Buffer.byteLength(text),
				...rule.headers,
			});
			res.end(text);
			return true;
		}
		default:
			return false;
	}
}

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;
type End = (chunk?: unknown, ...rest: unknown[]) => ServerResponse;

function toBuffer(chunk: unknown): Buffer {
	if (chunk === undefined || chunk === null || typeof chunk === 'function') return Buffer.alloc(0);
	return Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
}

function withoutLength(headers: unknown): unknown {
	if (!isPlainObject(headers)) return headers;
	return Object.fromEntries(
		Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-length'),
	);
}

/** Rewrites a JSON envelope of the real answer (totals or data removed). */
function rewriteJson(rule: FaultRule, text: string): string {
	let envelope: unknown;
	try {
		envelope = JSON.parse(text);
	} catch {
		return text;
	}
	if (!isPlainObject(envelope)) return text;
	if (rule.kind === 'no_data')
		return JSON.stringify({ code: envelope.code, message: envelope.message ?? '' });
	const { total: _total, total_datasets: _totalDatasets, ...rest } = envelope;
	if (isPlainObject(rest.data)) {
		const { total: _inner, ...data } = rest.data;
		rest.data = data;
	}
	return JSON.stringify(rest);
}

/**
 * Makes the route's own answer go wrong on the way out: cut, slowed, stopped early, or rewritten.
 * Works by wrapping `writeHead`, `write` and `end` of the response.
 */
export function alterResponse(rule: FaultRule, res: ServerResponse) {
	const originalWriteHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
	const originalWrite = res.write.bind(res) as Write;
	const originalEnd = res.end.bind(res) as End;
	const patch = res as unknown as { writeHead: unknown; write: Write; end: End };

	if (rule.kind === 'ignore_paging' || rule.kind === 'no_data') {
		const parts: Buffer[] = [];
		patch.writeHead = (status: number, ...rest: unknown[]) =>
			originalWriteHead(status, ...rest.map(withoutLength));
		patch.write = (chunk) => (parts.push(toBuffer(chunk)), true);
		patch.end = (chunk) => {
			parts.push(toBuffer(chunk));
			return originalEnd(rewriteJson(rule, Buffer.concat(parts).toString('utf8')));
		};
		return;
	}

	if (rule.kind === 'reset_mid_body') {
		let left = rule.after_bytes ?? 1;
		let cut = false;
		const send = (chunk: unknown) => {
			if (cut) return;
			const buffer = toBuffer(chunk);
			if (buffer.length <= left) {
				left -= buffer.length;
				originalWrite(buffer);
				return;
			}
			cut = true;
			if (left > 0) originalWrite(buffer.subarray(0, left));
			// Let the first bytes reach the client before the reset.
			setTimeout(() => res.socket?.resetAndDestroy?.() ?? res.socket?.destroy(), 20);
		};
		patch.write = (chunk) => (send(chunk), true);
		patch.end = (chunk) => {
			send(chunk);
			if (!cut) return originalEnd();
			return res;
		};
		return;
	}

	if (rule.kind === 'sse_stop_early' || rule.kind === 'sse_reset') {
		let left = rule.after_events ?? 2;
		let stopped = false;
		patch.write = (chunk) => {
			if (stopped) return false;
			if (left > 0) {
				left--;
				return originalWrite(chunk);
			}
			stopped = true;
			if (rule.kind === 'sse_stop_early') originalEnd();
			else setTimeout(() => res.socket?.resetAndDestroy?.() ?? res.socket?.destroy(), 20);
			return false;
		};
		patch.end = (chunk) => {
			if (stopped) return res;
			if (chunk !== undefined) patch.write(chunk);
			if (!stopped) originalEnd();
			return res;
		};
		return;
	}

	if (rule.kind === 'slow_body') {
		const queue: Buffer[] = [];
		let ending = false;
		let pumping = false;
		const size = rule.chunk_bytes ?? 1024;
		const delay = rule.delay_ms ?? 100;
		const pump = () => {
			if (res.destroyed) return;
			const next = queue.shift();
			if (next === undefined) {
				pumping = false;
				if (ending) originalEnd();
				return;
			}
			if (next.length > size) queue.unshift(next.subarray(size));
			originalWrite(next.subarray(0, size));
			setTimeout(pump, delay);
		};
		const push = (chunk: unknown) => {
			const buffer = toBuffer(chunk);
			if (buffer.length) queue.push(buffer);
			if (!pumping) {
				pumping = true;
				pump();
			}
		};
		patch.writeHead = (status: number, ...rest: unknown[]) => {
			const result = originalWriteHead(status, ...rest);
			res.flushHeaders();
			return result;
		};
		patch.write = (chunk) => (push(chunk), true);
		patch.end = (chunk) => {
			ending = true;
			push(chunk);
			return res;
		};
	}
}
