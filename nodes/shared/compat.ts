import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { RagflowContext } from './transport';
import {
	isRouteMissing,
	ragflowBaseUrl,
	ragflowRequestUnchecked,
	routeMissingKind,
} from './transport';

/*
 * Everything the package knows about differences between RAGFlow releases (v0.20 → v0.27) lives
 * here: which route each capability needs, how the server generation is learned, the "needs RAGFlow
 * ≥ X" errors and the translation of old answer shapes to the current ones.
 *
 * An API key cannot read the server version on old releases (that route needs a web login), so the
 * version is learned by capability and remembered per Base URL for the life of the process:
 * - a route that moved is tried where current servers have it; when the server answers "no such
 *   route" (HTTP 404, or code 100 NotFound / MethodNotAllowed) the older route is used, and every
 *   later request to that server goes straight to the one that worked (`withFallback`);
 * - where a choice must be made before anything is changed, or where an old server would silently
 *   ignore a filter, the server's generation is learned from at most three read-only requests on
 *   routes that only exist from a given release (`serverGeneration`).
 */

/** Releases whose differences matter, oldest first; a server is placed at the newest it reaches. */
export const GENERATIONS = ['0.20', '0.22', '0.23', '0.25.0', '0.25.1'] as const;
export type Generation = (typeof GENERATIONS)[number];

/** Compares dotted versions ("0.25.1" > "0.25" = "0.25.0" > "0.23"). */
export function compareVersions(a: string, b: string): number {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (d !== 0) return d;
	}
	return 0;
}

/**
 * Routes that moved between releases. `since` is the first release with the current route; the
 * operation keeps the older route for servers before it.
 */
export const CAPABILITIES = {
	/** `GET /datasets/{id}` (older: the list filtered by `id`). */
	datasetGet: { since: '0.25.1' },
	/** `PATCH /datasets/{id}/documents/{id}` (older: PUT). */
	documentPatch: { since: '0.25.0' },
	/** `POST /datasets/{id}/documents/parse|stop` (older: POST / DELETE `/datasets/{id}/chunks`). */
	documentParse: { since: '0.25.1' },
	/** `PATCH …/chunks/{id}` and bulk `PATCH …/chunks` (older: PUT per chunk). */
	chunkPatch: { since: '0.25.1' },
	/** `GET /chats/{id}` (older: the list filtered by `id`). */
	chatGet: { since: '0.25.0' },
	/** `PATCH /chats/{id}` with the current body (older: PUT with `llm` / `prompt` objects). */
	chatPatch: { since: '0.25.0' },
	/** `POST /chat/completions` (older: `POST /chats/{id}/completions`). */
	chatCompletions: { since: '0.25.1' },
	/** `GET /chats/{id}/sessions/{id}` (older: the list filtered by `id`). */
	sessionGet: { since: '0.25.0' },
	/** `PATCH /chats/{id}/sessions/{id}` (older: PUT). */
	sessionPatch: { since: '0.25.1' },
	/** `POST /agents/chat/completions` (older: `POST /agents/{id}/completions`). */
	agentCompletions: { since: '0.25.2' },
	/** `/datasets/{id}/index` (older: `run_graphrag`, `trace_graphrag`, … from v0.22). */
	indexTasks: { since: '0.25.1' },
	/** `/datasets/{id}/graph` (older: `/datasets/{id}/knowledge_graph`). */
	graph: { since: '0.25.1' },
	/** Repeated `ids` on the document list (older: ignored, so one `id` request per document). */
	documentListIds: { since: '0.25.1' },
	/** `ext` (name contains) on `GET /datasets` (older: refused, 101). */
	datasetListExt: { since: '0.25.0' },
	/** `include_parsing_status` on `GET /datasets` (older: refused, 101). */
	datasetListParsingStatus: { since: '0.25.0' },
	/** `ids` on `GET /datasets` (older: refused, 101; the whole list is filtered instead). */
	datasetListIds: { since: '0.27.0' },
} as const;
export type Capability = keyof typeof CAPABILITIES;

/**
 * Settings an old server refuses (its request models forbid unknown keys) or ignores without a word.
 * Used with `requireFeature`: the node fails before sending anything rather than half-way or with a
 * silently wrong result.
 */
export const FEATURES = {
	datasetLanguage: { since: '0.25.0', what: 'Language' },
	parentChild: { since: '0.25.0', what: 'Parent-child chunking' },
	resumeChunkMethod: { since: '0.25.0', what: 'The Resume chunk method' },
	datasetNameContains: { since: '0.25.0', what: 'The Name Contains filter on datasets' },
	includeParsingStatus: { since: '0.25.0', what: 'Include Parsing Status' },
	chunkTags: { since: '0.25.0', what: 'Chunk tags' },
	chunkImage: { since: '0.25.0', what: 'A chunk image' },
	documentMetadataFilter: { since: '0.23', what: 'The metadata filter on documents' },
	// v0.21 reads it too; the detection places v0.21 with v0.20, so the message names v0.22.
	retrievalMetadataFilter: { since: '0.22', what: 'The metadata filter of Retrieve' },
	tocEnhance: { since: '0.23', what: 'Table of Contents Enhancement' },
	// v0.25.2 added it; the detection cannot tell v0.25.1 from v0.25.2 (one point release).
	includeMetadata: { since: '0.25.1', what: 'Include Document Metadata', named: '0.25.2' },
	uploadWebEmpty: { since: '0.25.1', what: 'Uploading a web page or an empty document' },
	indexTasks: { since: '0.22', what: 'GraphRAG / RAPTOR tasks' },
	// Before v0.25.1 the session create handler ignores `name` and reads `user_id` only from the query.
	agentSessionNameUser: { since: '0.25.1', what: 'A name or user ID for a new agent session' },
} as const;
export type Feature = keyof typeof FEATURES;

interface ServerMemo {
	generation?: Promise<Generation>;
	/** Per capability: known, or being learned by the first request that needs it. */
	routes: Map<Capability, boolean | Promise<boolean | undefined>>;
}

const servers = new Map<string, ServerMemo>();

/** Forgets every server (tests start from an unknown server). */
export function forgetServers() {
	servers.clear();
}

async function memoOf(ctx: RagflowContext): Promise<ServerMemo> {
	const key = await ragflowBaseUrl(ctx);
	let memo = servers.get(key);
	if (!memo) {
		memo = { routes: new Map() };
		servers.set(key, memo);
	}
	return memo;
}

/** The error as n8n shows it: the package's own errors unchanged, anything else wrapped. */
export function asNodeError(
	ctx: RagflowContext,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** An id no object has: probes ask for it so they can never read or change anything real. */
const PROBE_ID = '0'.repeat(32);

/** How the server answers a GET: present (any RAGFlow answer) or which kind of "no such route". */
async function probe(
	ctx: RagflowContext,
	path: string,
): Promise<'present' | 'http404' | 'code100'> {
	try {
		await ragflowRequestUnchecked.call(ctx, 'GET', path);
		return 'present';
	} catch (error) {
		const kind = routeMissingKind(error);
		if (kind === 'http404') return 'http404';
		if (kind) return 'code100';
		throw asNodeError(ctx, error);
	}
}

/**
 * Places the server among `GENERATIONS` with read-only GETs of a made-up id:
 * 1. `/datasets/{id}/graph` exists from v0.25.1; a missing route is HTTP 404 from v0.23 and code 100
 *    before;
 * 2. (v0.23 – v0.25.0) `GET /chats/{id}` exists from v0.25.0;
 * 3. (before v0.23) `/datasets/{id}/trace_graphrag` exists from v0.22.
 */
async function detectGeneration(ctx: RagflowContext): Promise<Generation> {
	const graph = await probe(ctx, `/datasets/${PROBE_ID}/graph`);
	if (graph === 'present') return '0.25.1';
	if (graph === 'http404') {
		return (await probe(ctx, `/chats/${PROBE_ID}`)) === 'present' ? '0.25.0' : '0.23';
	}
	return (await probe(ctx, `/datasets/${PROBE_ID}/trace_graphrag`)) === 'present' ? '0.22' : '0.20';
}

/** The server's generation, learned once per Base URL (a failed detection is not remembered). */
export async function serverGeneration(ctx: RagflowContext): Promise<Generation> {
	const memo = await memoOf(ctx);
	if (!memo.generation) {
		const learning = detectGeneration(ctx);
		memo.generation = learning;
		learning.catch(() => {
			if (memo.generation === learning) memo.generation = undefined;
		});
	}
	return await memo.generation;
}

/** Whether the server is at least `version` (as far as `GENERATIONS` tell). */
export async function serverAtLeast(ctx: RagflowContext, version: string): Promise<boolean> {
	return compareVersions(await serverGeneration(ctx), version) >= 0;
}

/** "<what> needs RAGFlow ≥ X; this server is older", raised before anything is sent. */
export function needsVersionError(
	ctx: RagflowContext,
	what: string,
	version: string,
	itemIndex?: number,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`${what} needs RAGFlow ≥ ${version}; this server is older`,
		{
			itemIndex,
			description: `The RAGFlow server behind this credential is older than v${version}, which would refuse or silently ignore this setting. Nothing was sent. Upgrade RAGFlow, or remove the setting.`,
		},
	);
}

/** Fails with `needsVersionError` when the server is older than the feature. */
export async function requireFeature(ctx: RagflowContext, feature: Feature, itemIndex?: number) {
	const { since, what } = FEATURES[feature];
	if (!(await serverAtLeast(ctx, since))) {
		const named =
			'named' in FEATURES[feature] ? (FEATURES[feature] as { named: string }).named : since;
		throw needsVersionError(ctx, what, named, itemIndex);
	}
}

/** Whether the error is an old server's 101 refusal of `key` (an unknown key or value). */
export function isRefusalOf(error: unknown, key: string): boolean {
	if (!(error instanceof NodeApiError) || error.httpCode !== '101') return false;
	const message = String(error.message);
	return (
		/Extra inputs are not permitted|Input should be/i.test(message) &&
		(message.includes(`<${key}>`) || message.includes(`.${key}>`) || message.includes(`'${key}'`))
	);
}

/**
 * Turns an old server's refusal of a key it does not know into "needs RAGFlow ≥ X". Servers before
 * v0.25 validate these requests with models that forbid unknown keys, so the request is refused
 * with 101 (`Field: <key> - Message: <Extra inputs are not permitted>`, or `Input should be …` for a
 * value they do not list) and nothing is changed. Learning this from the refusal costs current
 * servers no extra request. Returns the error to throw instead of `error`, or `error` itself.
 */
export function refusalAsNeedsVersion(
	ctx: RagflowContext,
	error: unknown,
	refusals: ReadonlyArray<{ key: string; feature: Feature }>,
	itemIndex?: number,
): unknown {
	for (const { key, feature } of refusals) {
		if (isRefusalOf(error, key)) {
			const { what, since } = FEATURES[feature];
			return needsVersionError(ctx, what, since, itemIndex);
		}
	}
	return error;
}

/** What the generation alone says about a capability (undefined: the route must be tried). */
function fromGeneration(memo: ServerMemo, capability: Capability): Promise<boolean | undefined> {
	if (!memo.generation) return Promise.resolve(undefined);
	const { since } = CAPABILITIES[capability];
	return memo.generation.then(
		(generation) => {
			const newest = GENERATIONS[GENERATIONS.length - 1];
			if (compareVersions(generation, since) >= 0) return true;
			// The newest generation only says "at least": later routes must still be tried.
			return generation === newest ? undefined : false;
		},
		() => undefined,
	);
}

async function known(memo: ServerMemo, capability: Capability): Promise<boolean | undefined> {
	const value = memo.routes.get(capability);
	if (value !== undefined) {
		const settled = await value;
		if (settled !== undefined) return settled;
	}
	return await fromGeneration(memo, capability);
}

/**
 * Whether the server has the capability's current route, learned without sending anything that
 * could change data (the generation probes), for the operations that must choose before acting.
 */
export async function supports(ctx: RagflowContext, capability: Capability): Promise<boolean> {
	const memo = await memoOf(ctx);
	const value = await known(memo, capability);
	if (value !== undefined) return value;
	await serverGeneration(ctx);
	const learned = await fromGeneration(memo, capability);
	// Only capabilities newer than every generation remain unknown: those are tried directly.
	return learned ?? true;
}

/** What is known about a capability without asking the server (undefined: not yet known). */
export async function knownSupport(
	ctx: RagflowContext,
	capability: Capability,
): Promise<boolean | undefined> {
	return await known(await memoOf(ctx), capability);
}

/** Records what a request learned (tests and operations that learn it another way). */
export async function remember(ctx: RagflowContext, capability: Capability, present: boolean) {
	(await memoOf(ctx)).routes.set(capability, present);
}

/**
 * Runs `current` (the route of current servers) unless the server is known to lack it; when the
 * server answers "no such route", remembers that and runs `older`. Concurrent items wait for the
 * first one to learn the answer, so a server costs at most one extra request per capability.
 * `current` must change nothing when its route is missing (a missing route never does).
 */
export async function withFallback<T>(
	ctx: RagflowContext,
	capability: Capability,
	current: () => Promise<T>,
	older: () => Promise<T>,
	isMissing: (error: unknown) => boolean = isRouteMissing,
): Promise<T> {
	const memo = await memoOf(ctx);
	for (;;) {
		const value = await known(memo, capability);
		if (value === false) return await older();
		if (value === true) return await current();
		if (memo.routes.get(capability) instanceof Promise) continue;
		let settle: (present: boolean | undefined) => void = () => {};
		memo.routes.set(
			capability,
			new Promise((resolve) => {
				settle = resolve;
			}),
		);
		try {
			const result = await current();
			memo.routes.set(capability, true);
			settle(true);
			return result;
		} catch (error) {
			if (isMissing(error)) {
				memo.routes.set(capability, false);
				settle(false);
				return await older();
			}
			// Any other failure says nothing about the route: the next request tries it again.
			memo.routes.delete(capability);
			settle(undefined);
			throw asNodeError(ctx, error);
		}
	}
}

/*
 * Old answer shapes, translated to the current names so that a workflow's expressions keep
 * working when the user upgrades RAGFlow.
 */

/** Old prompt keys (v0.24 and older) → `prompt_config` keys. */
const OLD_PROMPT_KEYS: Record<string, string> = {
	variables: 'parameters',
	opener: 'prologue',
	show_quote: 'quote',
	prompt: 'system',
	show_quotation: 'do_refer',
};

/**
 * A chat assistant as v0.25+ returns it. v0.24 and older answer with `llm` (settings plus
 * `model_name`), `prompt` (prompt settings under other names plus the retrieval settings), `avatar`
 * and, in lists, `datasets` objects instead of `dataset_ids`.
 */
export function normalizeChat(chat: IDataObject): IDataObject {
	if (!chat || typeof chat !== 'object') return chat;
	const old = 'llm' in chat || 'prompt' in chat || ('avatar' in chat && !('icon' in chat));
	if (!old) return chat;
	const { llm, prompt, avatar, datasets, ...rest } = chat;
	const result: IDataObject = { ...rest };
	if (llm && typeof llm === 'object') {
		const { model_name: modelName, ...setting } = llm as IDataObject;
		result.llm_id = modelName ?? result.llm_id;
		result.llm_setting = setting;
	}
	if (prompt && typeof prompt === 'object') {
		const {
			similarity_threshold: similarity,
			keywords_similarity_weight: keywordsWeight,
			top_n: topN,
			top_k: topK,
			rerank_model: rerank,
			...promptRest
		} = prompt as IDataObject;
		const config: IDataObject = {};
		for (const [key, value] of Object.entries(promptRest))
			config[OLD_PROMPT_KEYS[key] ?? key] = value;
		result.prompt_config = config;
		if (similarity !== undefined) result.similarity_threshold = similarity;
		if (typeof keywordsWeight === 'number') {
			result.vector_similarity_weight = Math.round((1 - keywordsWeight) * 1e6) / 1e6;
		}
		if (topN !== undefined) result.top_n = topN;
		if (topK !== undefined) result.top_k = topK;
		if (rerank !== undefined) result.rerank_id = rerank;
	}
	if (avatar !== undefined) result.icon = avatar;
	if (!Array.isArray(result.dataset_ids) && Array.isArray(datasets)) {
		result.dataset_ids = (datasets as IDataObject[]).map((d) => d?.id).filter(Boolean);
	}
	return result;
}

/**
 * The v0.25+ chat create / update body in the v0.24 form: `llm` (with `model_name`), `prompt` (with
 * the retrieval settings, under the old names) and `avatar`.
 */
export function oldChatBody(body: IDataObject): IDataObject {
	const {
		llm_id: llmId,
		llm_setting: llmSetting,
		prompt_config: promptConfig,
		icon,
		similarity_threshold: similarity,
		vector_similarity_weight: vectorWeight,
		top_n: topN,
		top_k: topK,
		rerank_id: rerank,
		...rest
	} = body;
	const result: IDataObject = { ...rest };
	if (llmId !== undefined || llmSetting !== undefined) {
		result.llm = {
			...((llmSetting as IDataObject) ?? {}),
			...(llmId ? { model_name: llmId } : {}),
		};
	}
	const renamed = Object.fromEntries(Object.entries(OLD_PROMPT_KEYS).map(([o, n]) => [n, o]));
	const prompt: IDataObject = {};
	for (const [key, value] of Object.entries((promptConfig as IDataObject) ?? {})) {
		prompt[renamed[key] ?? key] = value;
	}
	if (similarity !== undefined) prompt.similarity_threshold = similarity;
	if (typeof vectorWeight === 'number') {
		prompt.keywords_similarity_weight = Math.round((1 - vectorWeight) * 1e6) / 1e6;
	}
	if (topN !== undefined) prompt.top_n = topN;
	if (topK !== undefined) prompt.top_k = topK;
	if (rerank !== undefined) prompt.rerank_model = rerank;
	if (Object.keys(prompt).length) result.prompt = prompt;
	if (icon !== undefined) result.avatar = icon;
	return result;
}
