import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

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
	/** `stream` for SSE and downloads, `arraybuffer` for small binary answers. */
	encoding?: IHttpRequestOptions['encoding'];
	abortSignal?: IHttpRequestOptions['abortSignal'];
	timeout?: number;
	/**
	 * For streamed request bodies: without redirects axios sends through Node's http module directly
	 * instead of follow-redirects, which keeps a copy of the whole body to be able to replay it.
	 */
	disableFollowRedirect?: boolean;
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

function routeNotFoundError(
	ctx: RagflowContext,
	method: IHttpRequestMethods,
	path: string,
	itemIndex?: number,
): NodeApiError {
	return new NodeApiError(ctx.getNode(), { message: 'Not Found', code: 404 } as JsonObject, {
		message: `This RAGFlow server does not offer ${describeRequest(method, path)} (server version?)`,
		description:
			'The node targets the RAGFlow HTTP API of v0.27. Upgrade RAGFlow, or check that the Base URL in the credential points at the RAGFlow API server (e.g. http://host:9380), not at another service.',
		httpCode: '404',
		itemIndex,
	});
}

/** Plain words for network failures (NodeApiError replaces any message that names the raw code). */
const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: 'timed out',
	ECONNRESET: 'connection reset',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed SSL certificate',
	SELF_SIGNED_CERT_IN_CHAIN: 'self-signed SSL certificate',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'SSL certificate cannot be verified',
	CERT_HAS_EXPIRED: 'SSL certificate expired',
};

function connectionError(
	ctx: RagflowContext,
	error: { code?: string; message?: string },
	baseUrl: string,
	itemIndex?: number,
): NodeApiError {
	const code = String(error.code ?? '');
	const reason = NETWORK_REASONS[code] ?? 'network error';
	const sslHint = /CERT|SSL/.test(code)
		? ' If the server uses a self-signed certificate, turn on "Ignore SSL Issues" in the credential.'
		: '';
	return new NodeApiError(ctx.getNode(), { message: reason } as JsonObject, {
		message: `Could not reach RAGFlow at ${baseUrl} (${reason})`,
		description: `Check the Base URL in the RAGFlow credential (scheme, host and port, e.g. http://localhost:9380) and that the server is running and reachable from n8n.${sslHint}${code ? ` Error code: ${code}.` : ''}`,
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
const connectionSettings = new WeakMap<object, Promise<{ baseUrl: string; ignoreSsl: boolean }>>();

function readConnectionSettings(ctx: RagflowContext) {
	let settings = connectionSettings.get(ctx);
	if (!settings) {
		settings = ctx.getCredentials(CREDENTIAL_NAME).then((credentials) => ({
			baseUrl: normalizeBaseUrl(credentials.baseUrl as string),
			ignoreSsl: credentials.ignoreSslIssues === true,
		}));
		// A failed read is not remembered, so the next item reports its own error.
		settings.catch(() => connectionSettings.delete(ctx));
		connectionSettings.set(ctx, settings);
	}
	return settings;
}

/**
 * The single HTTP path of the package. Returns the raw response after mapping transport-level
 * failures (network, 401, unknown route) to clear errors; RAGFlow envelopes are left to the caller.
 * Streaming callers use this directly; everything else goes through `ragflowRequest`.
 */
export async function ragflowHttp(
	this: RagflowContext,
	method: IHttpRequestMethods,
	path: string,
	options: RagflowRequestOptions = {},
): Promise<RagflowRawResponse> {
	const { baseUrl, ignoreSsl } = await readConnectionSettings(this);
	const request: IHttpRequestOptions = {
		method,
		url: `${baseUrl}${API_PREFIX}${path}`,
		qs: options.qs,
		arrayFormat: 'repeat',
		headers: options.headers,
		body: options.body,
		json: options.encoding === undefined,
		encoding: options.encoding,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		skipSslCertificateValidation: ignoreSsl,
		abortSignal: options.abortSignal,
		timeout: options.timeout,
	};
	if (options.disableFollowRedirect) request.disableFollowRedirect = true;
	if (options.body === undefined) delete request.body;
	if (options.qs === undefined) delete request.qs;

	let response: RagflowRawResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_NAME,
			request,
		)) as RagflowRawResponse;
	} catch (error) {
		// Rebuilt from the cause's code/message only: the original error holds the request config.
		const cause = (error as { cause?: { code?: string; message?: string } }).cause;
		throw connectionError(
			this,
			cause ?? (error as { code?: string; message?: string }),
			baseUrl,
			options.itemIndex,
		);
	}

	const status = response.statusCode;
	if (status === 401) throw unauthorizedError(this, options.itemIndex);
	// RAGFlow answers 404 only for routes it does not know (missing objects are HTTP 200, code 102).
	if (status === 404) throw routeNotFoundError(this, method, path, options.itemIndex);
	if (status >= 400) {
		let body = response.body;
		if (options.encoding === 'stream' && body && typeof body === 'object') {
			body = await readStreamText(body as AsyncIterable<Buffer>);
		}
		const envelope = asEnvelope(body);
		throw ragflowApiError(
			this,
			envelope ?? { message: `HTTP ${status} from ${describeRequest(method, path)}` },
			{ itemIndex: options.itemIndex, httpCode: status },
		);
	}
	return response;
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
		if (envelope && envelope.code !== 0) {
			throw ragflowApiError(this, envelope, { itemIndex: options.itemIndex });
		}
		return { ...response, body: envelope ?? text };
	}
	return response;
}
