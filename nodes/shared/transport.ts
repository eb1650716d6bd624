import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Every context a RAGFlow request can be made from. */
export type RagflowContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export const CREDENTIAL_NAME = 'ragflowApi';
export const API_PREFIX = '/api/v1';

/**
 * The body RAGFlow wraps almost every answer in. Success is `code === 0`; the other keys vary per
 * endpoint (no `message` on many, `total_datasets` / `total` at the top level on some lists).
 */
export interface RagflowEnvelope {
	code: number;
	message?: string | boolean;
	data?: unknown;
	[key: string]: unknown;
}

export interface RagflowRequestOptions {
	/** Item the request is made for; carried into errors so n8n shows the failing item. */
	itemIndex?: number;
	/** Repeated keys (`run=DONE&run=FAIL`) are how RAGFlow reads multi-value filters. */
	qs?: IDataObject;
	body?: IHttpRequestOptions['body'];
	headers?: IDataObject;
	/** `stream` for SSE and downloads (`ragflowStreamRequest` sets it); unset for JSON answers. */
	encoding?: IHttpRequestOptions['encoding'];
	abortSignal?: AbortSignal;
	/** Whether a success answer must carry `data` (a `{"code": 0}` alone is then an error). */
	expectData?: boolean;
}

export interface RagflowRawResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

/** Strips trailing slashes and a pasted `/api/v1` so paths never double up. */
export function normalizeBaseUrl(baseUrl: string): string {
	return String(baseUrl ?? '')
		.trim()
		.replace(/(\/api\/v1)?\/*$/i, '');
}

/** Seconds the nodes wait for an answer (and for the next byte of a streamed one) by default. */
export const DEFAULT_TIMEOUT_SECONDS = 120;

/**
 * What is wrong with a Base URL, in words a user can act on, or undefined when it is usable. The
 * URL itself is never repeated: it may hold a password.
 */
export function baseUrlProblem(raw: unknown): { message: string; description: string } | undefined {
	const text = String(raw ?? '').trim();
	const example = 'e.g. http://localhost:9380 or https://ragflow.example.com';
	if (text === '') {
		return {
			message: 'The Base URL in the RAGFlow credential is empty',
			description: `Enter the address of your RAGFlow server, ${example}.`,
		};
	}
	if (!/^https?:\/\//i.test(text)) {
		return {
			message: 'The Base URL in the RAGFlow credential does not start with http:// or https://',
			description: `Enter the address with its scheme, ${example}.`,
		};
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return {
			message: 'The Base URL in the RAGFlow credential is not a valid address',
			description: `Enter the scheme, host and port of your RAGFlow server, ${example}.`,
		};
	}
	if (url.username || url.password) {
		return {
			message: 'The Base URL in the RAGFlow credential contains a user name or password',
			description:
				'Remove "user:password@" from the Base URL. RAGFlow is authenticated with the API key only, and a password in the address would be sent instead of it.',
		};
	}
	if (url.search || url.hash || /[?#]/.test(text)) {
		return {
			message: 'The Base URL in the RAGFlow credential contains a query (?…) or a fragment (#…)',
			description: `Enter only the scheme, host, port and any path prefix, ${example}.`,
		};
	}
	return undefined;
}

function describeRequest(method: IHttpRequestMethods, path: string): string {
	return `${method} ${API_PREFIX}${path}`;
}

/**
 * Builds the error n8n shows for a RAGFlow error envelope. Only RAGFlow's own message and code are
 * kept: the request options (which carry the Authorization header) never reach the error object.
 */
export function ragflowApiError(
	ctx: RagflowContext,
	envelope: { code?: unknown; message?: unknown },
	options: { itemIndex?: number; httpCode?: number; description?: string } = {},
): NodeApiError {
	const code = typeof envelope.code === 'number' ? envelope.code : undefined;
	const message =
		typeof envelope.message === 'string' && envelope.message.trim() !== ''
			? envelope.message.trim()
			: `RAGFlow returned error code ${code ?? 'unknown'}`;
	const error = new NodeApiError(ctx.getNode(), { message, code: code ?? null } as JsonObject, {
		message: `RAGFlow error${code !== undefined ? ` ${code}` : ''}: ${message}`,
		description: options.description ?? describeCode(code),
		httpCode: String(options.httpCode ?? code ?? ''),
		itemIndex: options.itemIndex,
	});
	return error;
}

function describeCode(code: number | undefined): string | undefined {
	switch (code) {
		case 100:
			return 'RAGFlow hit an unexpected exception while handling the request. Check the values sent and the RAGFlow server logs.';
		case 101:
			return 'RAGFlow rejected a parameter. The message says which field and why.';
		case 102:
			return 'RAGFlow could not find the object or refused the change (for example: wrong ID, an object the API key cannot access, or a duplicate name).';
		case 103:
		case 109:
			return "The API key has no permission for this object. Use a key of the owner, or share the object with the key owner's team.";
		default:
			return undefined;
	}
}

function unauthorizedError(ctx: RagflowContext, itemIndex?: number): NodeApiError {
	return new NodeApiError(ctx.getNode(), { message: 'Unauthorized', code: 401 } as JsonObject, {
		message: 'RAGFlow rejected the API key (invalid API key)',
		description:
			'Open the RAGFlow credential and paste a valid API key. Create one in RAGFlow: click your avatar (top right) → API → API KEY → Create new key.',
		httpCode: '401',
		itemIndex,
	});
}

/**
 * How a server said that it has no such route: HTTP 404 (v0.23 and later) or HTTP 200 with code 100
 * `<NotFound '404…'>` / `<MethodNotAllowed '405…'>` (every version up to v0.22; the 405 form on all
 * versions). Kept on the error so fallbacks (`isRouteMissing`) and the server-generation detection
 * (`compat.ts`) can tell the two apart.
 */
export type RouteMissingKind = 'http404' | 'code100-404' | 'code100-405';

const ROUTE_MISSING = Symbol('ragflowRouteMissing');

function routeNotFoundError(
	ctx: RagflowContext,
	method: IHttpRequestMethods,
	path: string,
	itemIndex: number | undefined,
	kind: RouteMissingKind = 'http404',
): NodeApiError {
	const error = new NodeApiError(ctx.getNode(), { message: 'Not Found', code: 404 } as JsonObject, {
		message: `This RAGFlow server does not offer ${describeRequest(method, path)} (server version?)`,
		description:
			'The node targets the RAGFlow HTTP API of v0.22 to v0.27. Upgrade RAGFlow, or check that the Base URL in the credential points at the RAGFlow API server (e.g. http://host:9380), not at another service.',
		httpCode: '404',
		itemIndex,
	});
	(error as unknown as Record<symbol, RouteMissingKind>)[ROUTE_MISSING] = kind;
	return error;
}

/** Whether the error says the server lacks the route or method asked for (an older server). */
export function isRouteMissing(error: unknown): boolean {
	return routeMissingKind(error) !== undefined;
}

export function routeMissingKind(error: unknown): RouteMissingKind | undefined {
	if (!error || typeof error !== 'object') return undefined;
	return (error as Record<symbol, RouteMissingKind | undefined>)[ROUTE_MISSING];
}

/**
 * The envelopes that mean something other than a RAGFlow error on old servers: code 109 "API key is
 * invalid" (v0.24 and older answer a bad key with HTTP 200) and code 100 with werkzeug's NotFound /
 * MethodNotAllowed text (their catch-all handler turns a missing route into code 100). Returns the
 * same error the HTTP 401 / 404 of current servers give, so users see one message on every version.
 */
function transportEnvelopeError(
	ctx: RagflowContext,
	envelope: RagflowEnvelope,
	method: IHttpRequestMethods,
	path: string,
	itemIndex?: number,
): NodeApiError | undefined {
	const message = typeof envelope.message === 'string' ? envelope.message : '';
	if (envelope.code === 109 && /API key is invalid/i.test(message)) {
		return unauthorizedError(ctx, itemIndex);
	}
	if (envelope.code === 100) {
		if (/^\s*<NotFound '404/.test(message)) {
			return routeNotFoundError(ctx, method, path, itemIndex, 'code100-404');
		}
		if (/^\s*<MethodNotAllowed '405/.test(message)) {
			return routeNotFoundError(ctx, method, path, itemIndex, 'code100-405');
		}
	}
	return undefined;
}

/** Plain words for network failures (NodeApiError replaces any message that names the raw code). */
const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: 'timed out',
	ECONNRESET: 'connection reset',
	EPIPE: 'connection closed while sending',
	ERR_STREAM_PREMATURE_CLOSE: 'connection closed before the answer was complete',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed SSL certificate',
	SELF_SIGNED_CERT_IN_CHAIN: 'self-signed SSL certificate',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'SSL certificate cannot be verified',
	CERT_HAS_EXPIRED: 'SSL certificate expired',
};

export interface FailureCause {
	code?: string;
	message?: string;
	cause?: FailureCause;
}

/** The innermost code of an error chain (axios wraps Node's error, which may wrap another). */
function causeCode(error: FailureCause | undefined): string {
	for (let e = error, depth = 0; e && depth < 5; e = e.cause, depth++) {
		if (e.code && e.code !== 'ERR_BAD_RESPONSE' && e.code !== 'ERR_NETWORK') return e.code;
	}
	return '';
}

function reasonOf(error: FailureCause | undefined): string {
	const code = causeCode(error);
	if (NETWORK_REASONS[code]) return NETWORK_REASONS[code];
	// Node's http client says "aborted" / "socket hang up" when a server drops the connection.
	const text = String(error?.message ?? error?.cause?.message ?? '');
	if (/aborted|hang up|premature|terminated/i.test(text)) return 'connection closed early';
	return 'network error';
}

/**
 * The words for a server that could not be reached, shared by the nodes and the credential's Test
 * button (which cannot throw a node error and shows only a message).
 */
export function connectionProblem(
	error: FailureCause,
	baseUrl: string,
): { message: string; description: string } {
	const code = causeCode(error);
	const reason = reasonOf(error);
	const sslHint = /CERT|SSL/.test(code)
		? ' If the server uses a self-signed certificate, turn on "Ignore SSL Issues" in the credential.'
		: '';
	return {
		message: `Could not reach RAGFlow at ${baseUrl} (${reason})`,
		description: `Check the Base URL in the RAGFlow credential (scheme, host and port, e.g. http://localhost:9380) and that the server is running and reachable from n8n.${sslHint}${code ? ` Error code: ${code}.` : ''}`,
	};
}

function connectionError(
	ctx: RagflowContext,
	error: FailureCause,
	baseUrl: string,
	itemIndex?: number,
): NodeApiError {
	const { message, description } = connectionProblem(error, baseUrl);
	return new NodeApiError(ctx.getNode(), { message: reasonOf(error) } as JsonObject, {
		message,
		description,
		itemIndex,
	});
}

/** Errors of a request that started but did not finish: timeouts, cancels, cut connections. */
function interruptedError(
	ctx: RagflowContext,
	kind: 'timeout' | 'idle' | 'cancelled' | 'cut',
	request: string,
	details: { seconds?: number; cause?: FailureCause; itemIndex?: number },
): NodeApiError {
	const { seconds, itemIndex } = details;
	const texts = {
		timeout: {
			message: `RAGFlow did not answer within ${seconds} s (${request})`,
			description:
				'The server accepted the connection but sent no answer. Check that RAGFlow is running and not overloaded, or raise "Timeout" in the RAGFlow credential for slow operations.',
		},
		idle: {
			message: `RAGFlow stopped sending for ${seconds} s in the middle of the answer (${request})`,
			description:
				'The answer started but no more data arrived, so it was stopped rather than reported incomplete. Check the RAGFlow server and any proxy in between, or raise "Timeout" in the RAGFlow credential.',
		},
		cancelled: {
			message: `The execution was cancelled during ${request}`,
			description: 'The request to RAGFlow was stopped because the execution was cancelled.',
		},
		cut: {
			message: `The connection to RAGFlow broke during ${request} (${reasonOf(details.cause)})`,
			description:
				'The answer was cut off before it was complete, so nothing partial is reported as a result. Check the RAGFlow server and any proxy in between; running the node again usually helps.',
		},
	}[kind];
	const code = causeCode(details.cause);
	return new NodeApiError(ctx.getNode(), { message: texts.message } as JsonObject, {
		message: texts.message,
		description: `${texts.description}${code ? ` Error code: ${code}.` : ''}`,
		itemIndex,
	});
}

function redirectError(
	ctx: RagflowContext,
	status: number,
	location: unknown,
	request: string,
	itemIndex?: number,
): NodeApiError {
	let target = '';
	let suggestion = '';
	try {
		const url = new URL(String(location ?? ''));
		// Only scheme, host and path are shown: a query or user info may carry secrets.
		target = `${url.protocol}//${url.host}${url.pathname}`;
		const prefix = url.pathname.toLowerCase().indexOf(API_PREFIX);
		suggestion = `${url.protocol}//${url.host}${prefix >= 0 ? url.pathname.slice(0, prefix) : ''}`;
	} catch {
		target = '';
	}
	const message = target
		? `RAGFlow's address redirects ${request} to ${target} (HTTP ${status})`
		: `RAGFlow's address answered ${request} with a redirect (HTTP ${status})`;
	return new NodeApiError(ctx.getNode(), { message, code: status } as JsonObject, {
		message,
		description: `The node does not follow redirects, so that the API key is only ever sent to the Base URL of the credential and a request never changes its method. ${suggestion ? `If RAGFlow now lives at ${suggestion} (for example http:// moved to https:// behind a reverse proxy), put that address in the credential's Base URL.` : "Put the address the server redirects to in the credential's Base URL."}`,
		httpCode: String(status),
		itemIndex,
	});
}

function rateLimitError(
	ctx: RagflowContext,
	retryAfter: unknown,
	request: string,
	itemIndex?: number,
): NodeApiError {
	const after = String(retryAfter ?? '').trim();
	const wait = after === '' ? '' : /^\d+$/.test(after) ? ` ${after} s` : ` until ${after}`;
	const message = `RAGFlow (or a proxy in front of it) is rate-limiting requests (HTTP 429, ${request})`;
	return new NodeApiError(ctx.getNode(), { message, code: 429 } as JsonObject, {
		message,
		description: `${after ? `The server asks to wait${wait} before trying again. ` : ''}Lower the number of items per run or the node's concurrency, or space runs out. Note that n8n's Retry On Fail repeats the whole request, which can duplicate uploads and sessions.`,
		httpCode: '429',
		itemIndex,
	});
}

async function readStreamText(body: AsyncIterable<Buffer | string>): Promise<string> {
	const parts: Buffer[] = [];
	for await (const part of body) parts.push(typeof part === 'string' ? Buffer.from(part) : part);
	return Buffer.concat(parts).toString('utf8');
}

function isJsonContentType(headers: IDataObject): boolean {
	return String(headers['content-type'] ?? '').includes('application/json');
}

/** Turns whatever the body is (object, string, buffer) into an envelope, if it is one. */
function asEnvelope(body: unknown): RagflowEnvelope | undefined {
	let value = body;
	if (Buffer.isBuffer(value) || value instanceof ArrayBuffer) {
		value = Buffer.from(value as Buffer).toString('utf8');
	}
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	if (value && typeof value === 'object' && !Array.isArray(value) && 'code' in value) {
		return value as RagflowEnvelope;
	}
	return undefined;
}

/**
 * Connection settings read once per node run: in n8n each credential read is a database lookup and
 * a decryption, and a run of 500 items would otherwise pay it 500 times. Keyed by the run's context
 * object, so a new run (or poll) always sees the current credential.
 */
interface ConnectionSettings {
	baseUrl: string;
	apiKey: string;
	ignoreSsl: boolean;
	timeoutSeconds: number;
}

type SettingsOrProblem = ConnectionSettings | { problem: { message: string; description: string } };

const connectionSettings = new WeakMap<object, Promise<SettingsOrProblem>>();

function readConnectionSettings(ctx: RagflowContext): Promise<SettingsOrProblem> {
	let settings = connectionSettings.get(ctx);
	if (!settings) {
		settings = ctx.getCredentials(CREDENTIAL_NAME).then((credentials) => {
			// Credentials saved before the check existed may still hold such an address.
			const problem = baseUrlProblem(credentials.baseUrl);
			if (problem) return { problem };
			const timeout = Number(credentials.timeout);
			return {
				baseUrl: normalizeBaseUrl(credentials.baseUrl as string),
				apiKey: String(credentials.apiKey ?? ''),
				ignoreSsl: credentials.ignoreSslIssues === true,
				timeoutSeconds: timeout > 0 ? timeout : DEFAULT_TIMEOUT_SECONDS,
			};
		});
		// A failed read is not remembered, so the next item reports its own error.
		settings.catch(() => connectionSettings.delete(ctx));
		connectionSettings.set(ctx, settings);
	}
	return settings;
}

/**
 * The normalised Base URL of the context's credential: what per-server memos (`compat.ts`) are keyed
 * by. Empty when the credential's address is unusable (the request itself then reports why).
 */
export async function ragflowBaseUrl(ctx: RagflowContext): Promise<string> {
	const settings = await readConnectionSettings(ctx);
	return 'problem' in settings ? '' : settings.baseUrl;
}

/**
 * Bounds a request in time: it fires when nothing moved for `ms` — no answer yet, no byte of a
 * streamed answer, no byte of an upload taken by the socket — so a long but live transfer is never
 * cut. The timer is an AbortSignal timeout, which does not keep n8n's process alive.
 */
class Watchdog {
	readonly controller = new AbortController();

	fired = false;

	private last = Date.now();

	private timer: AbortSignal | undefined;

	constructor(
		private readonly ms: number,
		private readonly onFire: () => void = () => {},
	) {
		this.arm(ms);
	}

	touch() {
		this.last = Date.now();
	}

	stop() {
		this.timer = undefined;
	}

	private arm(ms: number) {
		const timer = AbortSignal.timeout(Math.max(1, ms));
		this.timer = timer;
		timer.addEventListener(
			'abort',
			() => {
				if (this.timer !== timer) return;
				const left = this.last + this.ms - Date.now();
				if (left > 0) {
					this.arm(left);
					return;
				}
				this.fired = true;
				this.timer = undefined;
				this.controller.abort();
				this.onFire();
			},
			{ once: true },
		);
	}
}

type NodeReadable = AsyncIterable<Buffer> & {
	pipe: unknown;
	destroy: (error?: Error) => void;
	constructor: unknown;
};

function isReadable(value: unknown): value is NodeReadable {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Buffer.isBuffer(value) &&
		typeof (value as { pipe?: unknown }).pipe === 'function'
	);
}

/**
 * A Readable of the same chunks as `source` (node:stream may not be imported here, so the class
 * comes from the source: streams inherit `Readable.from`).
 */
function readableLike(source: NodeReadable, chunks: AsyncGenerator<Buffer>): NodeReadable {
	const factory = (source.constructor as { from?: unknown } | undefined)?.from;
	if (typeof factory !== 'function') return source;
	return (factory as (iterable: AsyncIterable<Buffer>, options: object) => NodeReadable).call(
		source.constructor,
		chunks,
		{ objectMode: false },
	);
}

/** An upload body that tells the watchdog each time the socket takes a chunk. */
function watchedUpload(body: NodeReadable, watchdog: Watchdog): NodeReadable {
	async function* chunks() {
		for await (const chunk of body) {
			watchdog.touch();
			yield chunk;
		}
		watchdog.touch();
	}
	return readableLike(body, chunks());
}

/**
 * A streamed answer (download, SSE) whose every chunk resets the watchdog and whose failures carry
 * words: an idle timeout, a cancel or a cut connection becomes a NodeApiError naming the request.
 */
function watchedAnswer(
	ctx: RagflowContext,
	body: NodeReadable,
	watchdog: Watchdog,
	cancel: AbortSignal | undefined,
	request: string,
	seconds: number,
	itemIndex?: number,
): NodeReadable {
	async function* chunks() {
		try {
			for await (const chunk of body) {
				watchdog.touch();
				yield chunk;
			}
		} catch (error) {
			if (watchdog.fired) throw interruptedError(ctx, 'idle', request, { seconds, itemIndex });
			if (cancel?.aborted) throw interruptedError(ctx, 'cancelled', request, { itemIndex });
			throw interruptedError(ctx, 'cut', request, { cause: error as FailureCause, itemIndex });
		} finally {
			watchdog.stop();
			body.destroy();
		}
	}
	const answer = readableLike(body, chunks());
	// A stream dropped before its first read never runs the generator's `finally`.
	(answer as unknown as { once: (event: string, listener: () => void) => void }).once(
		'close',
		() => {
			watchdog.stop();
			body.destroy();
		},
	);
	return answer;
}

/**
 * The single HTTP path of the package. Returns the raw response after mapping transport-level
 * failures (network, timeout, redirect, 401, 429, unknown route) to clear errors; RAGFlow envelopes
 * are left to the caller. Streaming callers use this directly; everything else goes through
 * `ragflowRequest`.
 *
 * Redirects are never followed: n8n's helper would send the Authorization header to wherever the
 * server points (another host included) and turn a POST into a GET on 301/302.
 */
export async function ragflowHttp(
	this: RagflowContext,
	method: IHttpRequestMethods,
	path: string,
	options: RagflowRequestOptions = {},
): Promise<RagflowRawResponse> {
	const settings = await readConnectionSettings(this);
	if ('problem' in settings) {
		throw new NodeOperationError(this.getNode(), settings.problem.message, {
			description: settings.problem.description,
			itemIndex: options.itemIndex,
		});
	}
	const { baseUrl, apiKey, ignoreSsl, timeoutSeconds } = settings;
	const request = describeRequest(method, path);
	const { itemIndex } = options;
	const cancel =
		options.abortSignal ??
		('getExecutionCancelSignal' in this ? this.getExecutionCancelSignal() : undefined);

	const watchdog = new Watchdog(timeoutSeconds * 1000);
	const signal = cancel
		? AbortSignal.any([cancel, watchdog.controller.signal])
		: watchdog.controller.signal;
	const body = isReadable(options.body) ? watchedUpload(options.body, watchdog) : options.body;
	const httpOptions: IHttpRequestOptions = {
		method,
		url: `${baseUrl}${API_PREFIX}${path}`,
		qs: options.qs,
		arrayFormat: 'repeat',
		// Set here rather than by n8n's authenticated helper, which replaces the request's abort
		// signal with the execution's and so would leave the watchdog unable to stop a request.
		headers: { ...options.headers, Authorization: `Bearer ${apiKey}` },
		body: body as IHttpRequestOptions['body'],
		json: options.encoding === undefined,
		encoding: options.encoding,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		skipSslCertificateValidation: ignoreSsl,
		abortSignal: signal,
		disableFollowRedirect: true,
	};
	if (options.body === undefined) delete httpOptions.body;
	if (options.qs === undefined) delete httpOptions.qs;

	let response: RagflowRawResponse;
	try {
		response = (await this.helpers.httpRequest(httpOptions)) as RagflowRawResponse;
	} catch (error) {
		watchdog.stop();
		// Rebuilt from the cause's code/message only: the original error holds the request config.
		if (watchdog.fired) {
			throw interruptedError(this, 'timeout', request, { seconds: timeoutSeconds, itemIndex });
		}
		if (cancel?.aborted) throw interruptedError(this, 'cancelled', request, { itemIndex });
		const cause = error as FailureCause;
		// A connection that broke after it was made (reset, closed early) is not "could not reach".
		if (/ECONNRESET|EPIPE|PREMATURE/.test(causeCode(cause)) || reasonOf(cause).includes('early')) {
			throw interruptedError(this, 'cut', request, { cause, itemIndex });
		}
		throw connectionError(this, cause, baseUrl, itemIndex);
	}

	if (options.encoding === 'stream' && isReadable(response.body)) {
		response.body = watchedAnswer(
			this,
			response.body,
			watchdog,
			cancel,
			request,
			timeoutSeconds,
			itemIndex,
		);
	} else {
		watchdog.stop();
	}

	const status = response.statusCode;
	const discardBody = () => {
		if (isReadable(response.body)) response.body.destroy();
	};
	if (status >= 300 && status < 400) {
		discardBody();
		throw redirectError(this, status, response.headers.location, request, itemIndex);
	}
	if (status === 401) {
		discardBody();
		throw unauthorizedError(this, itemIndex);
	}
	// RAGFlow answers 404 only for routes it does not know (missing objects are HTTP 200, code 102).
	if (status === 404) {
		discardBody();
		throw routeNotFoundError(this, method, path, itemIndex);
	}
	if (status === 429) {
		discardBody();
		throw rateLimitError(this, response.headers['retry-after'], request, itemIndex);
	}
	if (status >= 400) {
		let errorBody = response.body;
		if (isReadable(errorBody)) errorBody = await readStreamText(errorBody);
		const envelope = asEnvelope(errorBody);
		throw ragflowApiError(this, envelope ?? { message: `HTTP ${status} from ${request}` }, {
			itemIndex,
			httpCode: status,
		});
	}
	return response;
}

/** A success answer without the `data` the operation reads: never reported as an empty result. */
export function noDataError(
	ctx: RagflowContext,
	method: IHttpRequestMethods,
	path: string,
	itemIndex?: number,
): NodeApiError {
	return ragflowApiError(
		ctx,
		{ message: `RAGFlow answered ${describeRequest(method, path)} with success but without data` },
		{
			itemIndex,
			description:
				'The answer is missing the result the node reads, so it is not reported as empty. Check that the Base URL points at the RAGFlow API server and not at a proxy or cache that rewrites answers.',
		},
	);
}

/**
 * A JSON request whose answer is a RAGFlow envelope. Throws `NodeApiError` for any `code !== 0`,
 * including HTTP 200 answers, and returns the whole envelope so callers can read `data` and the
 * top-level totals some list endpoints add.
 */
export async function ragflowRequest(
	this: RagflowContext,
	method: IHttpRequestMethods,
	path: string,
	options: RagflowRequestOptions = {},
): Promise<RagflowEnvelope> {
	const envelope = await ragflowRequestUnchecked.call(this, method, path, options);
	if (envelope.code !== 0) throw ragflowApiError(this, envelope, { itemIndex: options.itemIndex });
	if (options.expectData && (envelope.data === undefined || envelope.data === null)) {
		throw noDataError(this, method, path, options.itemIndex);
	}
	return envelope;
}

/**
 * Like `ragflowRequest` but hands back error envelopes instead of throwing, for the few endpoints
 * whose failures still carry results (a partially successful upload is code 500 with `data`).
 */
export async function ragflowRequestUnchecked(
	this: RagflowContext,
	method: IHttpRequestMethods,
	path: string,
	options: RagflowRequestOptions = {},
): Promise<RagflowEnvelope> {
	const response = await ragflowHttp.call(this, method, path, options);
	const envelope = asEnvelope(response.body);
	if (envelope) {
		const error = transportEnvelopeError(this, envelope, method, path, options.itemIndex);
		if (error) throw error;
	}
	if (!envelope) {
		throw ragflowApiError(
			this,
			{
				message: `Unexpected answer from ${describeRequest(method, path)}: not a RAGFlow JSON response`,
			},
			{
				itemIndex: options.itemIndex,
				httpCode: response.statusCode,
				description:
					'Check that the Base URL in the credential points at the RAGFlow API server (port 9380 by default) and not at its web UI or a proxy login page.',
			},
		);
	}
	return envelope;
}

/**
 * For answers that are a file or an SSE stream when all goes well, and a JSON envelope when it
 * does not (RAGFlow always sends errors as `application/json`). Returns the raw response after
 * raising any envelope it finds.
 */
export async function ragflowStreamRequest(
	this: RagflowContext,
	method: IHttpRequestMethods,
	path: string,
	options: RagflowRequestOptions = {},
): Promise<RagflowRawResponse> {
	const response = await ragflowHttp.call(this, method, path, { ...options, encoding: 'stream' });
	if (isJsonContentType(response.headers)) {
		const text = await readStreamText(response.body as AsyncIterable<Buffer>);
		const envelope = asEnvelope(text);
		const error =
			envelope && transportEnvelopeError(this, envelope, method, path, options.itemIndex);
		if (error) throw error;
		if (envelope && envelope.code !== 0) {
			throw ragflowApiError(this, envelope, { itemIndex: options.itemIndex });
		}
		return { ...response, body: envelope ?? text };
	}
	return response;
}
