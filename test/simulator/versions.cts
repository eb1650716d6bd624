/**
 * RAGFlow version profiles of the simulator. Users run RAGFlow releases months old, so the simulator can
 * answer as v0.20 … v0.27 do (docs/ragflow-api.md §17). A profile is data: the one
 * table below says, per version, which capability the server has; routes and handlers read capabilities
 * by name and never compare version numbers themselves.
 */

export const RAGFLOW_VERSIONS = [
	'0.20',
	'0.22',
	'0.24',
	'0.25.0',
	'0.25.6',
	'0.26',
	'0.27',
] as const;
export type RagflowVersion = (typeof RAGFLOW_VERSIONS)[number];
export const DEFAULT_RAGFLOW_VERSION: RagflowVersion = '0.27';

/** Columns of the table, in RAGFLOW_VERSIONS order. */
type Row = readonly [0 | 1, 0 | 1, 0 | 1, 0 | 1, 0 | 1, 0 | 1, 0 | 1];

/**
 * Capability × version (1 = the server has it). The comment after each row is the first release with it.
 * Without a capability the server answers as the older release does (see each route).
 */
const TABLE = {
	//                            0.20 0.22 0.24 .25.0 .25.6 0.26 0.27
	/** A missing route is HTTP 404 JSON (before: HTTP 200 code 100 `<NotFound '404: Not Found'>`). v0.23 */
	http404: [0, 0, 1, 1, 1, 1, 1],
	/** A bad API key is HTTP 401 (before: HTTP 200 code 109 "Authentication error: API key is invalid!"). v0.25.0 */
	http401: [0, 0, 0, 1, 1, 1, 1],
	/** run_graphrag / trace_graphrag / run_raptor / trace_raptor. v0.22 */
	graphragTaskRoutes: [0, 1, 1, 1, 1, 1, 1],
	/** Document list `run` / `suffix` filters (before: ignored). v0.21 */
	documentRunSuffixFilter: [0, 1, 1, 1, 1, 1, 1],
	/** Retrieval `metadata_condition` (before: ignored). v0.21 */
	retrievalMetadataCondition: [0, 1, 1, 1, 1, 1, 1],
	/** Document list `metadata_condition` (before: ignored). v0.23 */
	documentMetadataCondition: [0, 0, 1, 1, 1, 1, 1],
	/**
	 * The v0.25 chat API: create/update take llm_id / llm_setting / prompt_config / icon, answer in that
	 * shape, list is `{chats,total}` with `keywords`; GET / PATCH / DELETE /chats/{id}. Before: the `llm` /
	 * `prompt` API (PUT only, old answer shape, bare-array list). v0.25.0
	 */
	chatApiV2: [0, 0, 0, 1, 1, 1, 1],
	/** PATCH /datasets/{id}/documents/{doc} (before: PUT only). v0.25.0 */
	documentPatch: [0, 0, 0, 1, 1, 1, 1],
	/** GET /chats/{id}/sessions/{sid}. v0.25.0 */
	sessionGet: [0, 0, 0, 1, 1, 1, 1],
	/**
	 * The 2025 Pydantic dataset models: list `include_parsing_status` / `ext` and `total_datasets`, create
	 * `ext`, update `language`, `parser_config.parent_child` / `.ext`, chunk method `resume`, delete
	 * `delete_all` with optional `ids`. Before, those keys are refused (101 "Extra inputs are not permitted").
	 * v0.25.0
	 */
	datasetModelsV25: [0, 0, 0, 1, 1, 1, 1],
	/** `delete_all` on document / chunk / chat / session delete (before: a body without ids deletes all). v0.25.0 */
	deleteAllFlag: [0, 0, 0, 1, 1, 1, 1],
	/** Chunk list `available` filter (before: ignored). v0.25.0 */
	chunkAvailableFilter: [0, 0, 0, 1, 1, 1, 1],
	/** Chunk add `tag_kwd` / `image_base64` (before: ignored). v0.25.0 */
	chunkTagsImage: [0, 0, 0, 1, 1, 1, 1],
	/** PATCH /chats/{id}/sessions/{sid} (before: PUT only). v0.25.1 */
	sessionPatch: [0, 0, 0, 0, 1, 1, 1],
	/** GET /datasets/{id}. v0.25.1 */
	datasetGet: [0, 0, 0, 0, 1, 1, 1],
	/** POST /datasets/{id}/documents/parse and /stop (before: POST / DELETE /datasets/{id}/chunks). v0.25.1 */
	documentParseRoutes: [0, 0, 0, 0, 1, 1, 1],
	/** POST /chat/completions (before: only /chats/{id}/completions). v0.25.1 */
	chatCompletions: [0, 0, 0, 0, 1, 1, 1],
	/** GET / PATCH …/chunks/{id} and bulk PATCH …/chunks (before: PUT …/chunks/{id} only). v0.25.1 */
	chunkRoutesV25: [0, 0, 0, 0, 1, 1, 1],
	/**
	 * /datasets/{id}/index (POST / GET), /graph, DELETE /datasets/{id}/<index type>; the old
	 * /knowledge_graph DELETE stops working. Before: /knowledge_graph only. v0.25.1
	 */
	indexRoutes: [0, 0, 0, 0, 1, 1, 1],
	/** DELETE /datasets/{id}/index (v0.25.1–0.25.2: 101 "Invalid index type 'index'"). v0.25.3 */
	indexDeleteRoute: [0, 0, 0, 0, 1, 1, 1],
	/** Upload `?type=web|empty` (before: not read, so the body has no file part). v0.25.1 */
	uploadTypes: [0, 0, 0, 0, 1, 1, 1],
	/** Document list `ids` filter (before: ignored). v0.25.1 */
	documentIdsFilter: [0, 0, 0, 0, 1, 1, 1],
	/** POST /agents/chat/completions. v0.25.2 */
	agentChatCompletions: [0, 0, 0, 0, 1, 1, 1],
	/** Retrieval `include_metadata` / `reference_metadata` (before: ignored). v0.25.2 */
	retrievalIncludeMetadata: [0, 0, 0, 0, 1, 1, 1],
	/** Dataset list `ids` (before: 101 "Extra inputs are not permitted"). v0.27.0 */
	datasetListIds: [0, 0, 0, 0, 0, 0, 1],
} as const satisfies Record<string, Row>;

export type Capability = keyof typeof TABLE;

/** The release each profile stands for, as GET /system/version reports it. */
const RELEASE: Record<RagflowVersion, string> = {
	'0.20': 'v0.20.5',
	'0.22': 'v0.22.1',
	'0.24': 'v0.24.0',
	'0.25.0': 'v0.25.0',
	'0.25.6': 'v0.25.6',
	'0.26': 'v0.26.4',
	'0.27': 'v0.27.0',
};

export interface VersionProfile {
	version: RagflowVersion;
	/** e.g. `v0.22.1`. */
	release: string;
	has(capability: Capability): boolean;
}

export function isRagflowVersion(value: unknown): value is RagflowVersion {
	return typeof value === 'string' && (RAGFLOW_VERSIONS as readonly string[]).includes(value);
}

export function profileOf(version: RagflowVersion = DEFAULT_RAGFLOW_VERSION): VersionProfile {
	if (!isRagflowVersion(version))
		throw new Error(
			`Unknown RAGFlow version ${String(version)}; one of ${RAGFLOW_VERSIONS.join(', ')}`,
		);
	const column = RAGFLOW_VERSIONS.indexOf(version);
	return {
		version,
		release: RELEASE[version],
		has: (capability) => TABLE[capability][column] === 1,
	};
}

/** The table itself, for documentation and the compatibility matrix (capability → versions that have it). */
export function capabilityTable(): Record<Capability, RagflowVersion[]> {
	const out = {} as Record<Capability, RagflowVersion[]>;
	for (const [name, row] of Object.entries(TABLE) as [Capability, Row][]) {
		out[name] = RAGFLOW_VERSIONS.filter((_v, i) => row[i] === 1);
	}
	return out;
}
