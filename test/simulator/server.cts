/**
 * The RAGFlow API simulator: a stateful HTTP server (node:http) that follows RAGFlow v0.27's API
 * as docs/ragflow-api.md describes it, closely enough for end-to-end tests, trigger tests and
 * benchmarks.
 * Test tooling only: never built into dist/.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import {
	parseQuery,
	type Query,
	Router,
	type SimRequest,
	SimError,
	sendError,
	sendJson,
	sleep,
} from './http.cts';
import { alterResponse, answerWithFault, FaultStore } from './faults.cts';
import { boundaryOf, MultipartError, parseMultipart, type MultipartPart } from './multipart.cts';
import { registerAdminRoutes } from './routes/admin.cts';
import { registerAgentRoutes } from './routes/agents.cts';
import { registerChatRoutes } from './routes/chats.cts';
import { registerChunkRoutes } from './routes/chunks.cts';
import { registerCompletionRoutes } from './routes/completions.cts';
import { registerDatasetFallbackRoutes, registerDatasetRoutes } from './routes/datasets.cts';
import { registerDocumentRoutes } from './routes/documents.cts';
import { registerSessionRoutes } from './routes/sessions.cts';
import { registerSystemRoutes } from './routes/system.cts';
import { SimulatorState } from './state.cts';
import type { KnownModels } from './validation.cts';
import {
	DEFAULT_RAGFLOW_VERSION,
	profileOf,
	type RagflowVersion,
	type VersionProfile,
} from './versions.cts';

export { SimulatorState } from './state.cts';
export { ManualClock } from './clock.cts';
export {
	RAGFLOW_VERSIONS,
	DEFAULT_RAGFLOW_VERSION,
	isRagflowVersion,
	type RagflowVersion,
} from './versions.cts';
export type {
	DatasetRow,
	DocumentRow,
	ChunkRow,
	ChatRow,
	ChatSessionRow,
	AgentRow,
	AgentSessionRow,
	NewDocument,
	RunText,
} from './state.cts';

export interface SimulatorOptions {
	port?: number;
	host?: string;
	apiKey?: string;
	/** Total time a parse takes, ms (default 1500). */
	parseMs?: number;
	/** Parses and index tasks move only on `state.advance()` / POST /_simulator/advance (default false). */
	manualParse?: boolean;
	/** Added before every API response, ms (default 0). */
	latencyMs?: number;
	/** Append every request as a JSON line to this file. */
	logFile?: string;
	/** Files whose name contains this (case-insensitive) end in FAIL (default `fail`; empty = never). */
	failPattern?: string;
	/** Delay between SSE events, ms (default 15), so streaming is observable. */
	sseDelayMs?: number;
	/** Models the simulated tenant has (default: a few common ones); others are refused as RAGFlow does. */
	knownModels?: Partial<KnownModels>;
	/** The RAGFlow release to answer as (routes, accepted keys, errors, shapes; default 0.27). */
	ragflowVersion?: RagflowVersion;
	/**
	 * Test hook: the server's clock, epoch ms (default `Date.now`); see `StateOptions.clock` and
	 * `ManualClock` in clock.cts.
	 */
	clock?: () => number;
	/** The server's UTC offset, minutes (default 480, as RAGFlow's docker setup); see `localHttpDate`. */
	utcOffsetMinutes?: number;
}

/**
 * Test hook run for an /api/v1 request after its key is checked and before the route answers it
 * (not for a request a fault rule answers): it may change `state`, e.g. between two pages of one
 * list walk. `request` is the request's log entry (status still 0). An async hook is awaited.
 */
export type RequestHook = (request: RequestLogEntry, state: SimulatorState) => void | Promise<void>;

export interface RequestLogEntry {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	body?: unknown;
	parts?: Array<{ name: string; filename?: string; size: number }>;
	status: number;
	time: number;
}

export interface RunningSimulator {
	/** e.g. http://127.0.0.1:41234 (no /api/v1). */
	url: string;
	port: number;
	apiKey: string;
	/** The RAGFlow version profile the simulator answers as. */
	version: RagflowVersion;
	/** In-memory request log of the /api/v1 routes (also written to logFile if given). */
	requests: RequestLogEntry[];
	clearRequests(): void;
	setLatency(ms: number): void;
	state: SimulatorState;
	/** Fault-injection rules (also reachable through `/_simulator/faults`). */
	faults: FaultStore;
	/** Sets the request hook (see `RequestHook`); `undefined` removes it. */
	onRequest(hook: RequestHook | undefined): void;
	/**
	 * Holds every event stream after its first event until the returned function is called: a test
	 * proves an answer is relayed while it is being written by seeing a chunk before releasing it.
	 */
	holdStreams(): () => void;
	close(): Promise<void>;
}

export const DEFAULT_API_KEY = 'ragflow-simulator-key';
const API_PREFIX = '/api/v1';
const ADMIN_PREFIX = '/_simulator';

export function buildRouter(profile: VersionProfile = profileOf()): Router {
	const router = new Router(profile);
	registerDatasetRoutes(router);
	registerDocumentRoutes(router);
	registerChunkRoutes(router);
	registerChatRoutes(router);
	registerSessionRoutes(router);
	registerCompletionRoutes(router);
	registerAgentRoutes(router);
	registerSystemRoutes(router);
	registerDatasetFallbackRoutes(router);
	return router;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** Authorization: `Bearer <key>` (prefix case-insensitive) or the raw key; before v0.25 the second word. */
function tokenOf(req: IncomingMessage, profile: VersionProfile): string | undefined {
	const header = req.headers.authorization;
	if (!header) return undefined;
	if (!profile.has('http401')) return header.trim().split(/\s+/)[1];
	return /^bearer /i.test(header) ? header.slice(7).trim() : header.trim();
}

/**
 * How the SDK routes' token_required refused a request before v0.25: always HTTP 200, the second word of
 * the header is the key, and only a wrong key is code 109 (a missing or one-word header is code 0 with
 * data false).
 */
function oldTokenError(req: IncomingMessage): SimError {
	const header = req.headers.authorization;
	if (!header) return new SimError(0, "`Authorization` can't be empty", false);
	if (header.trim().split(/\s+/).length < 2)
		return new SimError(0, 'Please check your authorization format.', false);
	return new SimError(109, 'Authentication error: API key is invalid!', false);
}

interface ParsedBody {
	body: unknown;
	isJson: boolean;
	parts?: MultipartPart[];
}

async function readBody(req: IncomingMessage, contentType: string): Promise<ParsedBody> {
	const boundary = contentType.toLowerCase().startsWith('multipart/')
		? boundaryOf(contentType)
		: undefined;
	if (boundary) {
		const parts = await parseMultipart(req, boundary);
		const fields: Record<string, string> = {};
		for (const p of parts) if (p.filename === undefined) fields[p.name] = p.data.toString('utf8');
		return { body: fields, isJson: false, parts };
	}
	const raw = await readAll(req);
	if (raw.length === 0) return { body: undefined, isJson: contentType.includes('json') };
	const text = raw.toString('utf8');
	if (contentType.includes('json')) {
		try {
			return { body: JSON.parse(text) as unknown, isJson: true };
		} catch {
			throw new SimError(101, 'Malformed JSON syntax: Missing commas/brackets or invalid encoding');
		}
	}
	if (contentType.includes('application/x-www-form-urlencoded')) {
		return { body: Object.fromEntries(new URLSearchParams(text)), isJson: false };
	}
	try {
		return { body: JSON.parse(text) as unknown, isJson: false };
	} catch {
		return { body: text, isJson: false };
	}
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
	const apiKey = options.apiKey ?? DEFAULT_API_KEY;
	const host = options.host ?? '127.0.0.1';
	let latencyMs = options.latencyMs ?? 0;
	const state = new SimulatorState({
		parseMs: options.parseMs ?? 1500,
		failPattern: options.failPattern ?? 'fail',
		manualParse: options.manualParse === true,
		clock: options.clock,
		utcOffsetMinutes: options.utcOffsetMinutes,
	});
	if (options.knownModels) state.models = { ...state.models, ...options.knownModels };
	const profile = profileOf(options.ragflowVersion ?? DEFAULT_RAGFLOW_VERSION);
	const router = buildRouter(profile);
	const adminRouter = new Router();
	const requests: RequestLogEntry[] = [];
	let logStream: WriteStream | undefined = options.logFile
		? createWriteStream(options.logFile, { flags: 'a' })
		: undefined;
	const sseDelayMs = options.sseDelayMs ?? 15;
	let requestHook: RequestHook | undefined;
	let streamHold: Promise<void> = Promise.resolve();

	const record = (entry: RequestLogEntry) => {
		requests.push(entry);
		logStream?.write(`${JSON.stringify(entry)}\n`);
	};

	const running: RunningSimulator = {
		url: '',
		port: 0,
		apiKey,
		version: profile.version,
		requests,
		clearRequests: () => {
			requests.length = 0;
		},
		setLatency: (ms: number) => {
			latencyMs = Math.max(0, ms);
		},
		state,
		faults: new FaultStore(),
		onRequest: (hook) => {
			requestHook = hook;
		},
		holdStreams: () => {
			let release!: () => void;
			streamHold = new Promise<void>((resolve) => (release = resolve));
			return () => {
				release();
				streamHold = Promise.resolve();
			};
		},
		close: async () => undefined,
	};
	registerAdminRoutes(adminRouter, running);

	const handle = async (req: IncomingMessage, res: ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://simulator');
		const method = (req.method ?? 'GET').toUpperCase();
		const query: Query = parseQuery(url.searchParams);
		const contentType = String(req.headers['content-type'] ?? '');
		const isAdmin = url.pathname.startsWith(`${ADMIN_PREFIX}/`);
		const entry: RequestLogEntry = {
			method,
			path: url.pathname,
			query,
			status: 0,
			time: Date.now(),
		};
		if (!isAdmin) {
			let logged = false;
			const done = () => {
				if (logged) return;
				logged = true;
				entry.status = res.statusCode;
				record(entry);
			};
			res.on('finish', done);
			res.on('close', done);
		}

		if (method === 'OPTIONS') {
			res.writeHead(204, {
				'Access-Control-Allow-Origin': '*',
				'Access-Control-Allow-Methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
				'Access-Control-Allow-Headers': '*',
			});
			res.end();
			return;
		}

		const fault = isAdmin ? undefined : running.faults.take(method, url.pathname);
		if (fault) {
			if (answerWithFault(fault, req, res, `${url.pathname}${url.search}`)) return;
			if (fault.kind === 'ignore_paging') {
				delete query.page;
				delete query.page_size;
			}
			alterResponse(fault, res);
		}

		const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
		const subPath = isAdmin
			? url.pathname.slice(ADMIN_PREFIX.length)
			: url.pathname.slice(API_PREFIX.length);
		// Empty segments are merged as werkzeug's routing does (`/datasets//documents` is
		// `/datasets/documents`), so they meet RAGFlow's answer (a 102 or a code-100 405), not a 404.
		const path = subPath.replace(/\/{2,}/g, '/').replace(/\/+$/, '') || '/';
		const match = isAdmin
			? adminRouter.match(method, path)
			: isApi
				? router.match(method, path)
				: { params: {}, pathOnly: false };
		try {
			if (!match.route) {
				req.resume();
				if (match.pathOnly) throw new SimError(100, "<MethodNotAllowed '405: Method Not Allowed'>");
				// Before v0.23 the catch-all exception handler also caught the routing 404.
				if (!isAdmin && !profile.has('http404'))
					throw new SimError(100, "<NotFound '404: Not Found'>");
				sendJson(res, 404, {
					code: 404,
					message: `Not Found: ${url.pathname}`,
					data: null,
					error: 'Not Found',
				});
				return;
			}
			if (!isAdmin && !match.route.noAuth && tokenOf(req, profile) !== apiKey) {
				req.resume();
				if (!profile.has('http401')) throw oldTokenError(req);
				sendJson(res, 401, {
					code: 401,
					message: "<Unauthorized '401: Unauthorized'>",
					data: null,
				});
				return;
			}
			const parsed = await readBody(req, contentType);
			entry.body = parsed.parts
				? Object.keys(parsed.body as object).length
					? parsed.body
					: undefined
				: parsed.body;
			if (parsed.parts)
				entry.parts = parsed.parts.map((p) => ({
					name: p.name,
					filename: p.filename,
					size: p.size,
				}));
			if (!isAdmin) await sleep(latencyMs);
			const simReq: SimRequest = {
				req,
				res,
				method,
				path,
				params: match.params,
				query,
				contentType,
				body: parsed.body,
				isJson: parsed.isJson,
				parts: parsed.parts,
				state,
				sseDelayMs,
				sseHold: () => streamHold,
				profile,
			};
			if (!isAdmin) await requestHook?.(entry, state);
			await match.route.handler(simReq);
		} catch (error) {
			if (res.headersSent) {
				res.end();
				return;
			}
			if (error instanceof SimError) sendError(res, error);
			else if (error instanceof MultipartError)
				sendError(res, new SimError(101, `Malformed multipart body: ${error.message}`));
			else
				sendError(
					res,
					new SimError(
						100,
						`${(error as Error).name ?? 'Error'}('${(error as Error).message ?? String(error)}')`,
					),
				);
		}
	};

	const server = createServer((req, res) => {
		void handle(req, res);
	});
	server.requestTimeout = 0; // 1 GiB uploads may take longer than Node's default 5 minutes
	// In-process tests share one event loop with the server: a synchronous stretch of a few seconds on a
	// busy machine (seeding 10,000 documents) left Node's 5 s idle keep-alive timers overdue, and they
	// closed pooled sockets in the same instant the client reused them (ECONNRESET). Clients follow the
	// server's Keep-Alive hint, so a longer idle time keeps them in step.
	server.keepAliveTimeout = 65_000;
	const sockets = new Set<Socket>();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 9380, host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	running.port = port;
	running.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
	running.close = async () => {
		state.dispose();
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			for (const socket of sockets) socket.destroy();
		});
		if (logStream) {
			const stream = logStream;
			logStream = undefined;
			await new Promise<void>((resolve) => stream.end(resolve));
		}
	};
	return running;
}
