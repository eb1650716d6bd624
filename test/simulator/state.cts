/**
 * The simulator's in-memory state: datasets, documents (with their bytes), chunks, chat assistants,
 * sessions, agents and agent sessions, plus the asynchronous parse state machine. Route handlers and
 * tests/benchmarks (through `RunningSimulator.state`) use the same methods.
 */
import {
	chunkId,
	clock,
	contentHash,
	dateTimeString,
	extractText,
	highlight as highlightText,
	keywords,
	localHttpDate,
	newId,
	RAGFLOW_UTC_OFFSET_MINUTES,
	score,
	splitIntoChunks,
	tokenize,
} from './text.cts';
import { DEFAULT_KNOWN_MODELS, type KnownModels } from './validation.cts';

/** The user id the API key belongs to (RAGFlow: the tenant id). */
export const TENANT_ID = '7f3c9a1e5b2d4c6e8a0b1d3f5e7c9a2b';
export const NICKNAME = 'simulator';
export const DEFAULT_EMBEDDING = 'BAAI/bge-large-zh-v1.5@BAAI';
export const DEFAULT_LLM = 'qwen-plus@Tongyi-Qianwen';

export type RunText = 'UNSTART' | 'RUNNING' | 'CANCEL' | 'DONE' | 'FAIL';
export const RUN_TEXT: Record<string, RunText> = {
	'0': 'UNSTART',
	'1': 'RUNNING',
	'2': 'CANCEL',
	'3': 'DONE',
	'4': 'FAIL',
};
export const RUN_CODE: Record<string, string> = {
	UNSTART: '0',
	RUNNING: '1',
	CANCEL: '2',
	DONE: '3',
	FAIL: '4',
	SCHEDULE: '5',
};

type Obj = Record<string, unknown>;

interface Timestamps {
	create_time: number;
	update_time: number;
	/** Creation order and last-update order: break ties between equal millisecond timestamps. */
	seq: number;
	useq: number;
}

export interface DatasetRow extends Timestamps {
	id: string;
	name: string;
	avatar: string | null;
	description: string | null;
	language: string;
	embedding_model: string;
	permission: string;
	chunk_method: string;
	pipeline_id: string | null;
	parse_type: number | null;
	parser_config: Obj;
	pagerank: number;
	similarity_threshold: number;
	vector_similarity_weight: number;
	ext: Obj;
	task_ids: Record<string, { id: string | null; finish_at: string | null }>;
	graph: Obj | null;
	mind_map: Obj | null;
	metadata_config: { metadata: Obj[]; built_in_metadata: Obj[] };
	docs: Map<string, DocumentRow>;
	/**
	 * Document names in use, by `documentNameKey` → how many documents carry them (fast duplicate
	 * checks for bulk seeding).
	 */
	names: Map<string, number>;
}

export interface ChunkRow {
	id: string;
	content: string;
	document_id: string;
	dataset_id: string;
	important_keywords: string[];
	questions: string[];
	tag_kwd: string[];
	tag_feas: Obj;
	available: boolean;
	positions: number[][];
	image_id: string;
	doc_type_kwd: string;
	create_time: string;
	create_timestamp: number;
	tokens: number;
}

export interface DocumentRow extends Timestamps {
	id: string;
	name: string;
	dataset_id: string;
	chunk_method: string;
	pipeline_id: string | null;
	parser_config: Obj;
	source_type: string;
	type: string;
	suffix: string;
	location: string;
	size: number;
	thumbnail: string;
	chunk_count: number;
	token_count: number;
	progress: number;
	progress_msg: string;
	process_begin_at: string | null;
	process_begin_ms: number;
	process_duration: number;
	run: string;
	status: string;
	content_hash: string;
	meta_fields: Obj;
	metadata_config: Obj | null;
	content: Buffer;
	chunks: Map<string, ChunkRow>;
}

export interface ChatRow extends Timestamps {
	id: string;
	name: string;
	description: string;
	icon: string;
	language: string;
	llm_id: string;
	llm_setting: Obj;
	prompt_type: string;
	prompt_config: Obj;
	meta_data_filter: Obj;
	similarity_threshold: number;
	vector_similarity_weight: number;
	top_n: number;
	top_k: number;
	do_refer: string;
	rerank_id: string;
	dataset_ids: string[];
	extra: Obj;
}

export interface ChatSessionRow extends Timestamps {
	id: string;
	chat_id: string;
	name: string;
	messages: Obj[];
	reference: Obj[];
	user_id: string;
}

export interface AgentRow extends Timestamps {
	id: string;
	title: string;
	avatar: string | null;
	description: string | null;
	dsl: Obj;
	permission: string;
	canvas_type: string;
	canvas_category: string;
	tags: string[];
	release: boolean;
	last_publish_time: number | null;
}

export interface AgentSessionRow extends Timestamps {
	id: string;
	agent_id: string;
	name: string;
	user_id: string;
	message: Obj[];
	source: string;
	dsl: Obj;
	round: number;
	reference: Obj[];
}

export interface IndexTaskRow {
	id: string;
	dataset_id: string;
	type: string;
	begin_ms: number;
	duration_ms: number;
	doc_ids: string[];
	/** With `manualParse`: the steps advanced so far (progress = steps / PARSE_STEP_COUNT). */
	steps?: number;
}

export const INDEX_TYPES = [
	'graph',
	'raptor',
	'mindmap',
	'wiki',
	'skill',
	'structure_graph',
	'structure_mindmap',
	'timeline',
	'session_graph',
	'session_essence',
	'structure',
];

const RAPTOR_PROMPT =
	'Please summarize the following paragraphs. Be careful with the numbers, do not make things up. Paragraphs as following:\n      {cluster_content}\nThe above is the content you need to summarize.';

/** Server defaults of docs/ragflow-api.md §5.2 when no parser_config is sent. */
export function defaultParserConfig(method: string): Obj {
	const base: Obj = { table_context_size: 0, image_context_size: 0 };
	if (method === 'naive') {
		return {
			layout_recognize: 'DeepDOC',
			chunk_token_num: 512,
			delimiter: '\n',
			auto_keywords: 0,
			auto_questions: 0,
			html4excel: false,
			topn_tags: 3,
			raptor: {
				use_raptor: true,
				prompt: RAPTOR_PROMPT,
				max_token: 512,
				clustering_threshold: 0.3,
				clustering_ratio: 0.5,
				max_cluster: 64,
				random_seed: 0,
			},
			graphrag: {
				use_graphrag: true,
				entity_types: ['organization', 'person', 'geo', 'event', 'category'],
				method: 'light',
			},
			parent_child: { use_parent_child: false, children_delimiter: '\n' },
			children_delimiter: '',
			...base,
		};
	}
	if (['qa', 'manual', 'paper', 'book', 'laws', 'presentation'].includes(method)) {
		return { raptor: { use_raptor: false }, graphrag: { use_graphrag: false }, ...base };
	}
	if (method === 'knowledge_graph') {
		return {
			chunk_token_num: 8192,
			delimiter: '\n',
			entity_types: ['organization', 'person', 'location', 'event', 'time'],
			raptor: { use_raptor: false },
			graphrag: { use_graphrag: false },
			...base,
		};
	}
	return base;
}

/**
 * The Pydantic-filled parser_config when a client sends one (docs/ragflow-api.md §5.3 defaults).
 */
export function filledParserConfig(sent: Obj): Obj {
	const raptor = {
		use_raptor: false,
		prompt: RAPTOR_PROMPT,
		max_token: 512,
		clustering_threshold: 0.3,
		clustering_ratio: 0.5,
		max_cluster: 64,
		random_seed: 0,
		...(sent.raptor as Obj),
	};
	const graphrag = {
		use_graphrag: false,
		entity_types: ['organization', 'person', 'geo', 'event', 'category'],
		method: 'light',
		...(sent.graphrag as Obj),
	};
	return {
		chunk_token_num: 512,
		delimiter: '\n',
		layout_recognize: 'DeepDOC',
		auto_keywords: 0,
		auto_questions: 0,
		html4excel: false,
		tag_kb_ids: [],
		topn_tags: 1,
		filename_embd_weight: 0.1,
		task_page_size: null,
		pages: null,
		parent_child: { use_parent_child: false, children_delimiter: '\n' },
		enable_children: false,
		children_delimiter: '',
		table_context_size: 0,
		image_context_size: 0,
		...sent,
		raptor,
		graphrag,
	};
}

export function deepMerge(target: Obj, source: Obj): Obj {
	const out: Obj = { ...target };
	for (const [key, value] of Object.entries(source)) {
		const prev = out[key];
		if (
			value &&
			typeof value === 'object' &&
			!Array.isArray(value) &&
			prev &&
			typeof prev === 'object' &&
			!Array.isArray(prev)
		) {
			out[key] = deepMerge(prev as Obj, value as Obj);
		} else out[key] = value;
	}
	return out;
}

const DOC_SUFFIXES =
	'msg eml doc docx ppt pptx yml xml htm json jsonl ldjson csv txt ini xls xlsx wps rtf hlp pages numbers key md mdx py js java c cpp h php go ts sh cs kt html sql epub'.split(
		' ',
	);
const VISUAL_SUFFIXES =
	'jpg jpeg png tif gif pcx tga exif fpx svg psd cdr pcd dxf ufo eps ai raw wmf webp avif apng icon ico mpg mpeg avi rm rmvb mov wmv asf dat asx wvx mpe mpa mp4 mkv'.split(
		' ',
	);
const AURAL_SUFFIXES = 'wav flac ape alac wavpack wv mp3 aac ogg vorbis opus'.split(' ');

export function suffixOf(name: string): string {
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * How RAGFlow's database compares document names: its duplicate check on upload and the list
 * filter `name` are an SQL `=` on a MySQL column with the utf8mb4_unicode_ci collation (the default
 * installation), which ignores upper/lower case and accents. Approximated here by comparing the
 * names without accents (compatibility-decomposed, combining marks removed) in lower case.
 */
export function documentNameKey(name: string): string {
	return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Whether RAGFlow's database takes two document names for the same one. */
export function sameDocumentName(a: string, b: string): boolean {
	return documentNameKey(a) === documentNameKey(b);
}

/**
 * RAGFlow's next candidate for a taken name (`duplicate_name`): the counter in parentheses at the
 * end of the stem goes up by one (`a(1).txt` → `a(2).txt`), a stem without one gets `(1)`
 * (`a.txt` → `a(1).txt`). The suffix is what Python's `PurePath.suffix` calls it: from the last dot
 * of a name that neither starts nor ends with it.
 */
export function nextCounterName(name: string): string {
	const dot = name.lastIndexOf('.');
	const hasSuffix = dot > 0 && dot < name.length - 1;
	const stem = hasSuffix ? name.slice(0, dot) : name;
	const suffix = hasSuffix ? name.slice(dot) : '';
	const counted = /^(.*?)\((\d+)\)$/.exec(stem);
	const main = counted ? counted[1].trimEnd() : stem;
	const counter = counted ? Number(counted[2]) : 0;
	return `${main}(${counter ? counter + 1 : 1})${suffix}`;
}

/** RAGFlow's file type of a name; `other` means unsupported. */
export function fileTypeOf(name: string): string {
	const suffix = suffixOf(name);
	if (suffix === 'pdf') return 'pdf';
	if (DOC_SUFFIXES.includes(suffix)) return 'doc';
	if (VISUAL_SUFFIXES.includes(suffix)) return 'visual';
	if (AURAL_SUFFIXES.includes(suffix)) return 'aural';
	return 'other';
}

/** The chunk method a file type forces, if any. */
export function forcedChunkMethod(name: string, type: string): string | undefined {
	const suffix = suffixOf(name);
	if (type === 'visual') return 'picture';
	if (type === 'aural') return 'audio';
	if (['eml', 'msg'].includes(suffix)) return 'email';
	if (['ppt', 'pptx', 'pages'].includes(suffix)) return 'presentation';
	return undefined;
}

export interface NewDocument {
	name: string;
	content?: Buffer | string;
	/** Seed straight into a state (DONE builds the chunks now; RUNNING stays running until finished). */
	run?: RunText;
	chunk_method?: string;
	meta_fields?: Obj;
	type?: string;
	source_type?: string;
	enabled?: boolean;
	create_time?: number;
}

export interface RetrievalOptions {
	datasetIds: string[];
	documentIds?: string[];
	question: string;
	similarityThreshold?: number;
	vectorSimilarityWeight?: number;
	topK?: number;
	highlight?: boolean;
}

export interface RetrievedChunk {
	chunk: ChunkRow;
	doc: DocumentRow;
	similarity: number;
	vectorSimilarity: number;
	termSimilarity: number;
	highlight?: string;
}

const PARSE_STEPS = [
	{ progress: 0.1, msg: (_d: DocumentRow) => 'Page(1~100000000): Start to parse.' },
	{ progress: 0.4, msg: (_d: DocumentRow) => 'Page(1~100000000): Finish parsing.' },
	{ progress: 0.6, msg: (_d: DocumentRow) => 'Page(1~100000000): Generate chunks.' },
	{ progress: 0.8, msg: (_d: DocumentRow) => 'Page(1~100000000): Start to embed chunks.' },
];

/** A parse, and an index task, move through this many steps: the progress steps, then the end. */
export const PARSE_STEP_COUNT = PARSE_STEPS.length + 1;

export interface StateOptions {
	parseMs: number;
	failPattern: string;
	/**
	 * Parses and index tasks move only when `advance()` is called, one step at a time, instead of
	 * over `parseMs`: for tests that assert intermediate states, which a timer would race.
	 */
	manualParse?: boolean;
	/**
	 * The server's clock, epoch ms (default `Date.now`): every `create_time` / `update_time`, parse
	 * begin and duration, and progress line is read from it. A test hook: a test that passes its own
	 * clock (e.g. a `ManualClock` of clock.cts) decides every timestamp, however fast the machine runs.
	 */
	clock?: () => number;
	/**
	 * The server's UTC offset, minutes (default 480, RAGFlow's default `Asia/Shanghai`): the `*_date`
	 * strings, `process_begin_at` and the progress lines show local time (see `localHttpDate`).
	 */
	utcOffsetMinutes?: number;
}

export class SimulatorState {
	datasets = new Map<string, DatasetRow>();
	/** Every document by id, whatever its dataset. */
	documents = new Map<string, DocumentRow>();
	chats = new Map<string, ChatRow>();
	chatSessions = new Map<string, ChatSessionRow>();
	agents = new Map<string, AgentRow>();
	agentSessions = new Map<string, AgentSessionRow>();
	indexTasks = new Map<string, IndexTaskRow>();
	/** Temporary attachments from POST /documents/upload. */
	attachments = new Map<
		string,
		{ id: string; name: string; size: number; data: Buffer; mime_type: string; created_at: number }
	>();

	/** Models the simulated tenant has configured; tests may replace them. */
	models: KnownModels = structuredClone(DEFAULT_KNOWN_MODELS);

	private seq = 0;
	private timers = new Map<string, NodeJS.Timeout>();
	/** Running parses: document id → the next step (index into PARSE_STEPS; the last one ends it). */
	private parseSteps = new Map<string, number>();

	constructor(public options: StateOptions) {}

	// ---------- time and ordering ----------

	/** The server's clock, epoch ms (`StateOptions.clock`). */
	now(): number {
		return this.options.clock ? this.options.clock() : Date.now();
	}

	private get offsetMs(): number {
		return (this.options.utcOffsetMinutes ?? RAGFLOW_UTC_OFFSET_MINUTES) * 60_000;
	}

	/** A moment as RAGFlow prints `*_date` and `process_begin_at`: local time labelled GMT. */
	dateLabel(ms: number): string {
		return localHttpDate(ms, this.offsetMs / 60_000);
	}

	/** `HH:MM:SS` of the server's local time, the prefix of progress_msg lines. */
	clockLabel(ms = this.now()): string {
		return clock(ms + this.offsetMs);
	}

	private stamp(): Timestamps {
		const now = this.now();
		const seq = ++this.seq;
		return { create_time: now, update_time: now, seq, useq: seq };
	}

	/** Bumps update_time (and the update order) of a row. */
	touch(row: Timestamps) {
		row.update_time = Math.max(this.now(), row.update_time);
		row.useq = ++this.seq;
	}

	// ---------- datasets ----------

	createDataset(name: string, fields: Partial<DatasetRow> & Obj = {}): DatasetRow {
		const method = (fields.chunk_method as string) ?? 'naive';
		const row: DatasetRow = {
			id: newId(),
			name,
			avatar: null,
			description: null,
			language: 'English',
			embedding_model: DEFAULT_EMBEDDING,
			permission: 'me',
			chunk_method: method,
			pipeline_id: null,
			parse_type: null,
			parser_config: { ...defaultParserConfig(method), llm_id: DEFAULT_LLM },
			pagerank: 0,
			similarity_threshold: 0.2,
			vector_similarity_weight: 0.3,
			ext: {},
			task_ids: {},
			graph: null,
			mind_map: null,
			metadata_config: { metadata: [], built_in_metadata: [] },
			docs: new Map(),
			names: new Map(),
			...this.stamp(),
			...fields,
		} as DatasetRow;
		row.name = this.uniqueDatasetName(name);
		this.datasets.set(row.id, row);
		return row;
	}

	/** `name`, or `name(1)`, `name(2)` … when taken (case-insensitive), as RAGFlow renames on create. */
	uniqueDatasetName(name: string, exceptId?: string): string {
		const taken = new Set(
			[...this.datasets.values()].filter((d) => d.id !== exceptId).map((d) => d.name.toLowerCase()),
		);
		if (!taken.has(name.toLowerCase())) return name;
		for (let i = 1; ; i++) {
			const candidate = `${name}(${i})`;
			if (!taken.has(candidate.toLowerCase())) return candidate;
		}
	}

	getDataset(id: string): DatasetRow | undefined {
		return this.datasets.get(id);
	}

	findDatasetByName(name: string): DatasetRow | undefined {
		return [...this.datasets.values()].find((d) => d.name === name);
	}

	deleteDataset(id: string) {
		const ds = this.datasets.get(id);
		if (!ds) return;
		for (const doc of [...ds.docs.values()]) this.removeDocument(doc);
		for (const key of [...this.indexTasks.keys()])
			if (key.startsWith(`${id}:`)) this.indexTasks.delete(key);
		this.datasets.delete(id);
	}

	datasetCounts(ds: DatasetRow) {
		let chunks = 0;
		let tokens = 0;
		let size = 0;
		const status = {
			unstart_count: 0,
			running_count: 0,
			cancel_count: 0,
			done_count: 0,
			fail_count: 0,
		};
		for (const doc of ds.docs.values()) {
			chunks += doc.chunk_count;
			tokens += doc.token_count;
			size += doc.size;
			const key = `${(RUN_TEXT[doc.run] ?? 'UNSTART').toLowerCase()}_count` as keyof typeof status;
			status[key]++;
		}
		return { document_count: ds.docs.size, chunk_count: chunks, token_num: tokens, size, status };
	}

	/** The Dataset object of docs/ragflow-api.md §4.0. */
	datasetView(
		ds: DatasetRow,
		mode: 'get' | 'list' | 'plain' = 'plain',
		includeParsingStatus = false,
	): Obj {
		const counts = this.datasetCounts(ds);
		const view: Obj = {
			id: ds.id,
			name: ds.name,
			avatar: ds.avatar,
			description: ds.description,
			language: ds.language,
			tenant_id: TENANT_ID,
			created_by: TENANT_ID,
			embedding_model: ds.embedding_model,
			tenant_embd_id: null,
			permission: ds.permission,
			document_count: counts.document_count,
			chunk_count: counts.chunk_count,
			token_num: counts.token_num,
			similarity_threshold: ds.similarity_threshold,
			vector_similarity_weight: ds.vector_similarity_weight,
			chunk_method: ds.chunk_method,
			pipeline_id: ds.pipeline_id,
			parser_config: ds.parser_config,
			pagerank: ds.pagerank,
			status: '1',
			create_time: ds.create_time,
			create_date: this.dateLabel(ds.create_time),
			update_time: ds.update_time,
			update_date: this.dateLabel(ds.update_time),
		};
		for (const type of ['graph', 'raptor', 'mindmap']) {
			const field = type === 'graph' ? 'graphrag' : type;
			view[`${field}_task_id`] = ds.task_ids[type]?.id ?? null;
			view[`${field}_task_finish_at`] = ds.task_ids[type]?.finish_at ?? null;
		}
		if (mode === 'list') {
			view.nickname = NICKNAME;
			view.tenant_avatar = null;
			view.embedding_model_name = ds.embedding_model.split('@')[0];
			if (includeParsingStatus) view.parsing_status = counts.status;
		}
		if (mode === 'get') {
			view.size = counts.size;
			view.connectors = [];
		}
		return view;
	}

	// ---------- documents ----------

	/**
	 * The name RAGFlow stores an upload under: `name` when no document of the dataset has it (compared
	 * as `documentNameKey` does), otherwise the next free `main(n)` (see `nextCounterName`).
	 */
	uniqueDocumentName(ds: DatasetRow, name: string): string {
		let candidate = name;
		while (ds.names.has(documentNameKey(candidate))) candidate = nextCounterName(candidate);
		return candidate;
	}

	/** Whether a document of the dataset has this name, compared as RAGFlow's database compares it. */
	hasDocumentName(ds: DatasetRow, name: string): boolean {
		return ds.names.has(documentNameKey(name));
	}

	private trackName(ds: DatasetRow, name: string, delta: 1 | -1) {
		const key = documentNameKey(name);
		const n = (ds.names.get(key) ?? 0) + delta;
		if (n > 0) ds.names.set(key, n);
		else ds.names.delete(key);
	}

	renameDocument(doc: DocumentRow, name: string) {
		const ds = this.datasets.get(doc.dataset_id);
		if (ds) {
			this.trackName(ds, doc.name, -1);
			this.trackName(ds, name, 1);
		}
		doc.name = name;
	}

	addDocument(datasetId: string, input: NewDocument): DocumentRow {
		const ds = this.datasets.get(datasetId);
		if (!ds) throw new Error(`No dataset ${datasetId}`);
		const content =
			typeof input.content === 'string'
				? Buffer.from(input.content)
				: (input.content ?? Buffer.alloc(0));
		const type = input.type ?? fileTypeOf(input.name);
		const method = input.chunk_method ?? forcedChunkMethod(input.name, type) ?? ds.chunk_method;
		const stamp = this.stamp();
		if (input.create_time !== undefined) stamp.create_time = stamp.update_time = input.create_time;
		const id = newId();
		const doc: DocumentRow = {
			id,
			name: input.name,
			dataset_id: ds.id,
			chunk_method: method,
			pipeline_id: ds.pipeline_id,
			parser_config:
				method === ds.chunk_method ? { ...ds.parser_config } : defaultParserConfig(method),
			source_type: input.source_type ?? 'local',
			type,
			suffix: suffixOf(input.name),
			location: input.name,
			size: content.length,
			thumbnail: '',
			chunk_count: 0,
			token_count: 0,
			progress: 0,
			progress_msg: '',
			process_begin_at: null,
			process_begin_ms: 0,
			process_duration: 0,
			run: '0',
			status: input.enabled === false ? '0' : '1',
			content_hash: contentHash(
				content.length > 4 * 1024 * 1024 ? content.subarray(0, 4 * 1024 * 1024) : content,
			),
			meta_fields: input.meta_fields ?? {},
			metadata_config: null,
			content,
			chunks: new Map(),
			...stamp,
		};
		ds.docs.set(id, doc);
		this.trackName(ds, doc.name, 1);
		this.documents.set(id, doc);
		this.touch(ds);
		if (input.run && input.run !== 'UNSTART') this.seedRun(doc, input.run);
		return doc;
	}

	private seedRun(doc: DocumentRow, run: RunText) {
		if (run === 'RUNNING') {
			doc.run = '1';
			doc.progress = 0.5;
			doc.process_begin_ms = this.now();
			doc.process_begin_at = this.dateLabel(doc.process_begin_ms);
			doc.progress_msg = `${this.clockLabel()} Task has been received.`;
			this.touch(doc);
		} else if (run !== 'UNSTART') this.finishParse(doc.id, run);
	}

	getDocument(id: string): DocumentRow | undefined {
		return this.documents.get(id);
	}

	/** The documents of a dataset in upload order. */
	listDocuments(datasetId: string): DocumentRow[] {
		return [...(this.datasets.get(datasetId)?.docs.values() ?? [])];
	}

	getChat(id: string): ChatRow | undefined {
		return this.chats.get(id);
	}

	getAgent(id: string): AgentRow | undefined {
		return this.agents.get(id);
	}

	removeDocument(doc: DocumentRow) {
		this.stopTimer(doc.id);
		const ds = this.datasets.get(doc.dataset_id);
		if (ds?.docs.delete(doc.id)) this.trackName(ds, doc.name, -1);
		this.documents.delete(doc.id);
		if (ds) this.touch(ds);
	}

	/** Document object of docs/ragflow-api.md §6.0. */
	documentView(doc: DocumentRow, mode: 'plain' | 'list' | 'insert' = 'plain'): Obj {
		if (mode === 'insert') {
			return {
				id: doc.id,
				dataset_id: doc.dataset_id,
				chunk_method: doc.chunk_method,
				pipeline_id: doc.pipeline_id,
				parser_config: doc.parser_config,
				created_by: TENANT_ID,
				type: doc.type,
				name: doc.name,
				source_type: doc.source_type,
				suffix: doc.suffix,
				location: doc.location,
				size: doc.size,
				thumbnail: doc.thumbnail,
				content_hash: doc.content_hash,
				run: 'UNSTART',
			};
		}
		const view: Obj = {
			id: doc.id,
			name: doc.name,
			dataset_id: doc.dataset_id,
			chunk_method: doc.chunk_method,
			pipeline_id: doc.pipeline_id,
			parser_config: doc.parser_config,
			source_type: mode === 'list' ? doc.source_type.split('/')[0] : doc.source_type,
			type: doc.type,
			suffix: doc.suffix,
			location: doc.location,
			size: doc.size,
			thumbnail: doc.thumbnail,
			created_by: TENANT_ID,
			chunk_count: doc.chunk_count,
			token_count: doc.token_count,
			progress: doc.progress,
			progress_msg: doc.progress_msg,
			process_begin_at: doc.process_begin_at,
			process_duration: doc.process_duration,
			run: RUN_TEXT[doc.run] ?? 'UNSTART',
			status: doc.status,
			content_hash: doc.content_hash,
			create_time: doc.create_time,
			create_date: this.dateLabel(doc.create_time),
			update_time: doc.update_time,
			update_date: this.dateLabel(doc.update_time),
		};
		if (mode === 'list') {
			view.meta_fields = doc.meta_fields;
			view.pipeline_name = null;
			view.nickname = NICKNAME;
		}
		return view;
	}

	// ---------- parse state machine ----------

	private stopTimer(docId: string) {
		const timer = this.timers.get(docId);
		if (timer) clearTimeout(timer);
		this.timers.delete(docId);
		this.parseSteps.delete(docId);
	}

	private clearChunks(doc: DocumentRow) {
		doc.chunks.clear();
		doc.chunk_count = 0;
		doc.token_count = 0;
	}

	private appendMsg(doc: DocumentRow, text: string) {
		doc.progress_msg = doc.progress_msg
			? `${doc.progress_msg}\n${this.clockLabel()} ${text}`
			: `${this.clockLabel()} ${text}`;
	}

	/** Queues a parse: RUNNING now, progress rising over `parseMs`, then DONE or FAIL. */
	startParse(doc: DocumentRow) {
		this.stopTimer(doc.id);
		this.clearChunks(doc);
		doc.run = '1';
		doc.progress = Math.round(Math.random() * 0.01 * 1e6) / 1e6;
		doc.progress_msg = '';
		doc.process_begin_ms = this.now();
		doc.process_begin_at = this.dateLabel(doc.process_begin_ms);
		doc.process_duration = 0;
		this.appendMsg(doc, 'Task has been received.');
		this.touch(doc);
		this.touchDatasetOf(doc);
		this.parseSteps.set(doc.id, 0);
		if (this.options.manualParse) return;
		const stepMs = this.options.parseMs / PARSE_STEP_COUNT;
		const step = () => {
			const timer = setTimeout(() => {
				this.timers.delete(doc.id);
				if (this.parseStep(doc)) step();
			}, stepMs);
			timer.unref?.();
			this.timers.set(doc.id, timer);
		};
		step();
	}

	/** Moves a running parse one step on; false when it has ended (or was stopped meanwhile). */
	private parseStep(doc: DocumentRow): boolean {
		const i = this.parseSteps.get(doc.id);
		if (i === undefined || this.documents.get(doc.id) !== doc || doc.run !== '1') {
			this.parseSteps.delete(doc.id);
			return false;
		}
		if (i < PARSE_STEPS.length) {
			doc.progress = PARSE_STEPS[i].progress;
			this.appendMsg(doc, PARSE_STEPS[i].msg(doc));
			doc.process_duration = (this.now() - doc.process_begin_ms) / 1000;
			this.touch(doc);
			this.parseSteps.set(doc.id, i + 1);
			return true;
		}
		this.parseSteps.delete(doc.id);
		this.finishParse(doc.id, this.shouldFail(doc) ? 'FAIL' : 'DONE');
		return false;
	}

	/**
	 * With `manualParse`: moves every running parse and index task (or only the given document's
	 * parse) `steps` steps on. PARSE_STEP_COUNT steps take a parse from its start to DONE or FAIL.
	 * Returns how many parses and tasks moved.
	 */
	advance(steps = 1, documentId?: string): number {
		if (!this.options.manualParse)
			throw new Error('advance() needs a simulator started with manualParse');
		const moved = new Set<string>();
		for (let n = 0; n < steps; n++) {
			for (const id of [...this.parseSteps.keys()]) {
				if (documentId !== undefined && id !== documentId) continue;
				const doc = this.documents.get(id);
				if (doc) this.parseStep(doc);
				moved.add(id);
			}
			if (documentId !== undefined) continue;
			for (const task of this.indexTasks.values()) {
				if ((task.steps ?? 0) >= PARSE_STEP_COUNT) continue;
				task.steps = (task.steps ?? 0) + 1;
				moved.add(task.id);
			}
		}
		return moved.size;
	}

	shouldFail(doc: DocumentRow): boolean {
		const pattern = this.options.failPattern;
		return !!pattern && doc.name.toLowerCase().includes(pattern.toLowerCase());
	}

	/** Jumps a document to a terminal state now (DONE builds the chunks from its text). */
	finishParse(documentId: string, run: 'DONE' | 'FAIL' | 'CANCEL') {
		const doc = this.documents.get(documentId);
		if (!doc) throw new Error(`No document ${documentId}`);
		this.stopTimer(doc.id);
		if (!doc.process_begin_ms) {
			doc.process_begin_ms = this.now();
			doc.process_begin_at = this.dateLabel(doc.process_begin_ms);
		}
		doc.process_duration = (this.now() - doc.process_begin_ms) / 1000;
		if (run === 'DONE') {
			this.buildChunks(doc);
			doc.run = '3';
			doc.progress = 1;
			this.appendMsg(doc, `Task done (${doc.process_duration.toFixed(2)}s)`);
		} else if (run === 'FAIL') {
			this.clearChunks(doc);
			doc.run = '4';
			doc.progress = -1;
			this.appendMsg(doc, '[ERROR]Fail to parse the file (simulated failure).');
		} else {
			this.clearChunks(doc);
			doc.run = '2';
			doc.progress = 0;
			this.appendMsg(doc, 'Task stopped by user.');
		}
		this.touch(doc);
		this.touchDatasetOf(doc);
	}

	/** Stop parsing (both stop endpoints): CANCEL, progress 0, chunks deleted. */
	cancelParse(doc: DocumentRow, appendStopped: boolean) {
		this.stopTimer(doc.id);
		this.clearChunks(doc);
		doc.run = '2';
		doc.progress = 0;
		if (appendStopped) this.appendMsg(doc, 'Task stopped by user.');
		this.touch(doc);
		this.touchDatasetOf(doc);
	}

	/** Back to UNSTART (chunk method change). */
	resetDocument(doc: DocumentRow) {
		this.stopTimer(doc.id);
		this.clearChunks(doc);
		doc.run = '0';
		doc.progress = 0;
		doc.progress_msg = '';
		this.touch(doc);
		this.touchDatasetOf(doc);
	}

	private touchDatasetOf(doc: DocumentRow) {
		const ds = this.datasets.get(doc.dataset_id);
		if (ds) this.touch(ds);
	}

	private buildChunks(doc: DocumentRow) {
		this.clearChunks(doc);
		const text = extractText(doc.content).trim();
		if (!text) return;
		const cfg = doc.parser_config;
		const size = typeof cfg.chunk_token_num === 'number' ? cfg.chunk_token_num : 512;
		const delimiter = typeof cfg.delimiter === 'string' && cfg.delimiter ? cfg.delimiter : '\n';
		const pieces = doc.chunk_method === 'one' ? [text] : splitIntoChunks(text, size, delimiter);
		pieces.forEach((content, i) =>
			this.insertChunk(doc, { content, positions: [[1, 0, 100, i * 10, i * 10 + 10]] }),
		);
	}

	/** Adds (or replaces, same content → same id) a chunk and updates the counters. */
	insertChunk(doc: DocumentRow, fields: Partial<ChunkRow> & { content: string }): ChunkRow {
		const id = chunkId(fields.content, doc.id);
		const prev = doc.chunks.get(id);
		if (prev) {
			doc.chunk_count--;
			doc.token_count -= prev.tokens;
		}
		const now = this.now();
		const tokens = tokenize(fields.content).length;
		const chunk: ChunkRow = {
			id,
			document_id: doc.id,
			dataset_id: doc.dataset_id,
			important_keywords: [],
			questions: [],
			tag_kwd: [],
			tag_feas: {},
			available: doc.status === '1',
			positions: [],
			image_id: '',
			doc_type_kwd: 'text',
			create_time: dateTimeString(now + this.offsetMs),
			create_timestamp: now / 1000,
			...fields,
			tokens,
		};
		doc.chunks.set(id, chunk);
		doc.chunk_count++;
		doc.token_count += tokens;
		return chunk;
	}

	removeChunk(doc: DocumentRow, id: string): boolean {
		const chunk = doc.chunks.get(id);
		if (!chunk) return false;
		doc.chunks.delete(id);
		doc.chunk_count--;
		doc.token_count -= chunk.tokens;
		return true;
	}

	/** Chunk as list-chunks shows it (docs/ragflow-api.md §8.1). */
	chunkView(chunk: ChunkRow, doc: DocumentRow, queryKeywords?: string[]): Obj {
		return {
			id: chunk.id,
			content: queryKeywords?.length ? highlightText(chunk.content, queryKeywords) : chunk.content,
			document_id: chunk.document_id,
			docnm_kwd: doc.name,
			important_keywords: chunk.important_keywords,
			tag_kwd: chunk.tag_kwd,
			questions: chunk.questions,
			dataset_id: chunk.dataset_id,
			image_id: chunk.image_id,
			doc_type_kwd: chunk.doc_type_kwd,
			available: chunk.available,
			positions: chunk.positions,
		};
	}

	/** Chunk with internal names, as GET one chunk returns it (docs/ragflow-api.md §8.2). */
	chunkRaw(chunk: ChunkRow, doc: DocumentRow): Obj {
		return {
			id: chunk.id,
			content_with_weight: chunk.content,
			doc_id: chunk.document_id,
			docnm_kwd: doc.name,
			kb_id: chunk.dataset_id,
			important_kwd: chunk.important_keywords,
			question_kwd: chunk.questions,
			tag_kwd: chunk.tag_kwd,
			tag_feas: chunk.tag_feas,
			img_id: chunk.image_id,
			doc_type_kwd: chunk.doc_type_kwd,
			available_int: chunk.available ? 1 : 0,
			position_int: chunk.positions,
			create_time: chunk.create_time,
			create_timestamp_flt: chunk.create_timestamp,
		};
	}

	// ---------- retrieval ----------

	/** Scores every enabled chunk of the datasets (or documents) and returns those above the threshold, best first. */
	retrieve(opts: RetrievalOptions): RetrievedChunk[] {
		const queryKeywords = keywords(opts.question);
		const weight = opts.vectorSimilarityWeight ?? 0.3;
		const threshold = weight <= 0 ? 0 : (opts.similarityThreshold ?? 0.2);
		const docFilter = opts.documentIds?.length ? new Set(opts.documentIds) : undefined;
		const out: RetrievedChunk[] = [];
		for (const dsId of opts.datasetIds) {
			const ds = this.datasets.get(dsId);
			if (!ds) continue;
			for (const doc of ds.docs.values()) {
				if (doc.status !== '1' || (docFilter && !docFilter.has(doc.id))) continue;
				for (const chunk of doc.chunks.values()) {
					if (!chunk.available) continue;
					const text = [chunk.content, ...chunk.important_keywords, ...chunk.questions].join(' ');
					const s = score(queryKeywords, text, weight);
					if (s.similarity <= 0 || s.similarity < threshold) continue;
					out.push({
						chunk,
						doc,
						similarity: s.similarity,
						vectorSimilarity: s.vectorSimilarity,
						termSimilarity: s.termSimilarity,
						highlight: opts.highlight ? highlightText(chunk.content, queryKeywords) : undefined,
					});
				}
			}
		}
		out.sort((a, b) => b.similarity - a.similarity || a.chunk.id.localeCompare(b.chunk.id));
		return out.slice(0, opts.topK ?? 1024);
	}

	/** ReferenceChunk of chat answers (docs/ragflow-api.md §11.2). */
	referenceChunk(r: RetrievedChunk): Obj {
		return {
			id: r.chunk.id,
			content: r.chunk.content,
			document_id: r.doc.id,
			document_name: r.doc.name,
			dataset_id: r.doc.dataset_id,
			image_id: r.chunk.image_id,
			positions: r.chunk.positions,
			url: null,
			similarity: r.similarity,
			vector_similarity: r.vectorSimilarity,
			term_similarity: r.termSimilarity,
			row_id: null,
			doc_type: r.chunk.doc_type_kwd,
			document_metadata: {},
		};
	}

	docAggs(results: RetrievedChunk[]): Obj[] {
		const aggs = new Map<string, { doc_name: string; doc_id: string; count: number }>();
		for (const r of results) {
			const a = aggs.get(r.doc.id) ?? { doc_name: r.doc.name, doc_id: r.doc.id, count: 0 };
			a.count++;
			aggs.set(r.doc.id, a);
		}
		return [...aggs.values()].sort((a, b) => b.count - a.count);
	}

	// ---------- index tasks ----------

	startIndexTask(ds: DatasetRow, type: string): IndexTaskRow {
		const task: IndexTaskRow = {
			id: newId(),
			dataset_id: ds.id,
			type,
			begin_ms: this.now(),
			duration_ms: Math.max(this.options.parseMs, 1),
			doc_ids: [...ds.docs.keys()],
			...(this.options.manualParse ? { steps: 0 } : {}),
		};
		this.indexTasks.set(`${ds.id}:${type}`, task);
		ds.task_ids[type] = { id: task.id, finish_at: null };
		return task;
	}

	/** Progress is derived from elapsed time (or the steps advanced), so no timer is needed. */
	indexTaskProgress(task: IndexTaskRow): number {
		const p =
			task.steps !== undefined
				? task.steps / PARSE_STEP_COUNT
				: (this.now() - task.begin_ms) / task.duration_ms;
		return p >= 1 ? 1 : Math.round(p * 1000) / 1000;
	}

	indexTaskView(task: IndexTaskRow): Obj {
		const progress = this.indexTaskProgress(task);
		const ds = this.datasets.get(task.dataset_id);
		if (
			progress >= 1 &&
			ds &&
			ds.task_ids[task.type]?.id === task.id &&
			!ds.task_ids[task.type].finish_at
		) {
			ds.task_ids[task.type].finish_at = this.dateLabel(task.begin_ms + task.duration_ms);
			if (task.type === 'graph') ds.graph = this.buildGraph(ds);
			if (task.type === 'mindmap') ds.mind_map = { id: 'root', children: [] };
		}
		const lines = [`${this.clockLabel(task.begin_ms)} created task ${task.type}`];
		if (progress >= 1) lines.push(`${this.clockLabel(task.begin_ms + task.duration_ms)} Done`);
		return {
			id: task.id,
			doc_id: task.doc_ids[0] ?? '',
			from_page: 100000000,
			to_page: 100000000,
			task_type: task.type === 'graph' ? 'graphrag' : task.type,
			priority: 0,
			begin_at: this.dateLabel(task.begin_ms),
			process_duration: Math.min(this.now() - task.begin_ms, task.duration_ms) / 1000,
			progress,
			progress_msg: lines.join('\n'),
			retry_count: 0,
			digest: '',
			chunk_ids: '',
			create_time: task.begin_ms,
			create_date: this.dateLabel(task.begin_ms),
			update_time: task.begin_ms,
			update_date: this.dateLabel(task.begin_ms),
		};
	}

	/** A small knowledge graph from the most frequent words of the dataset's chunks. */
	private buildGraph(ds: DatasetRow): Obj {
		const freq = new Map<string, number>();
		for (const doc of ds.docs.values()) {
			for (const chunk of doc.chunks.values())
				for (const k of keywords(chunk.content)) freq.set(k, (freq.get(k) ?? 0) + 1);
		}
		const top = [...freq.entries()].sort((a, b) => b[1] - a[1]).slice(0, 16);
		const nodes = top.map(([word, count]) => ({
			id: word,
			entity_name: word,
			entity_type: 'category',
			pagerank: count,
			description: `Mentioned ${count} times`,
		}));
		const edges = top.slice(1).map(([word, count]) => ({
			source: top[0][0],
			target: word,
			weight: count,
			description: 'co-occurs',
		}));
		return { nodes, edges };
	}

	// ---------- chats ----------

	createChat(fields: Partial<ChatRow> & Obj & { name: string }): ChatRow {
		const promptConfig: Obj = {
			system:
				'You are an intelligent assistant. Please summarize the content of the knowledge base to answer the question.\n      Here is the knowledge base:\n      {knowledge}\n      The above is the knowledge base.',
			prologue: "Hi! I'm your assistant. What can I do for you?",
			parameters: [{ key: 'knowledge', optional: false }],
			empty_response: 'Sorry! No relevant content was found in the knowledge base!',
			quote: true,
			tts: false,
			refine_multiturn: true,
			...((fields.prompt_config as Obj) ?? {}),
		};
		if (!promptConfig.system) promptConfig.system = 'You are an intelligent assistant. {knowledge}';
		const params = (promptConfig.parameters as Obj[]) ?? [];
		if (!params.some((p) => p.key === 'date'))
			promptConfig.parameters = [...params, { key: 'date', optional: true }];
		const row: ChatRow = {
			id: newId(),
			description: 'A helpful Assistant',
			icon: '',
			language: 'English',
			llm_id: DEFAULT_LLM,
			llm_setting: {},
			prompt_type: 'simple',
			meta_data_filter: {},
			similarity_threshold: 0.1,
			vector_similarity_weight: 0.3,
			top_n: 6,
			top_k: 1024,
			do_refer: '1',
			rerank_id: '',
			dataset_ids: [],
			extra: {},
			...this.stamp(),
			...fields,
			prompt_config: promptConfig,
		} as ChatRow;
		this.chats.set(row.id, row);
		return row;
	}

	chatView(chat: ChatRow, list = false): Obj {
		const datasetIds = chat.dataset_ids.filter((id) => this.datasets.has(id));
		const view: Obj = {
			id: chat.id,
			tenant_id: TENANT_ID,
			name: chat.name,
			description: chat.description,
			icon: chat.icon,
			language: chat.language,
			llm_id: chat.llm_id,
			llm_setting: chat.llm_setting,
			prompt_type: chat.prompt_type,
			prompt_config: chat.prompt_config,
			meta_data_filter: chat.meta_data_filter,
			similarity_threshold: chat.similarity_threshold,
			vector_similarity_weight: chat.vector_similarity_weight,
			top_n: chat.top_n,
			top_k: chat.top_k,
			do_refer: chat.do_refer,
			rerank_id: chat.rerank_id,
			tenant_rerank_id: null,
			dataset_ids: datasetIds,
			kb_names: datasetIds.map((id) => this.datasets.get(id)!.name),
			status: '1',
			create_time: chat.create_time,
			create_date: this.dateLabel(chat.create_time),
			update_time: chat.update_time,
			update_date: this.dateLabel(chat.update_time),
		};
		if (list) {
			view.nickname = NICKNAME;
			view.tenant_avatar = null;
		} else view.tenant_llm_id = null;
		return view;
	}

	deleteChat(id: string) {
		this.chats.delete(id);
		for (const s of [...this.chatSessions.values()])
			if (s.chat_id === id) this.chatSessions.delete(s.id);
	}

	createChatSession(chat: ChatRow, name = 'New session'): ChatSessionRow {
		const row: ChatSessionRow = {
			id: newId(),
			chat_id: chat.id,
			name: name.slice(0, 255),
			messages: [{ role: 'assistant', content: chat.prompt_config.prologue ?? '' }],
			reference: [],
			user_id: TENANT_ID,
			...this.stamp(),
		};
		this.chatSessions.set(row.id, row);
		return row;
	}

	chatSessionView(s: ChatSessionRow): Obj {
		return {
			id: s.id,
			chat_id: s.chat_id,
			name: s.name,
			messages: s.messages,
			reference: s.reference,
			user_id: s.user_id,
			create_time: s.create_time,
			create_date: this.dateLabel(s.create_time),
			update_time: s.update_time,
			update_date: this.dateLabel(s.update_time),
		};
	}

	// ---------- agents ----------

	createAgent(fields: Partial<AgentRow> & Obj & { title: string }): AgentRow {
		const row: AgentRow = {
			id: newId(),
			avatar: null,
			description: null,
			dsl: defaultAgentDsl(),
			permission: 'me',
			canvas_type: '',
			canvas_category: 'agent_canvas',
			tags: [],
			release: false,
			last_publish_time: null,
			...this.stamp(),
			...fields,
		} as AgentRow;
		if (typeof row.dsl === 'string') row.dsl = JSON.parse(row.dsl) as Obj;
		this.agents.set(row.id, row);
		return row;
	}

	agentView(agent: AgentRow): Obj {
		return {
			id: agent.id,
			avatar: agent.avatar,
			title: agent.title,
			dsl: agent.dsl,
			description: agent.description,
			permission: agent.permission,
			user_id: TENANT_ID,
			canvas_type: agent.canvas_type,
			canvas_category: agent.canvas_category,
			nickname: NICKNAME,
			tenant_avatar: null,
			last_publish_time: agent.last_publish_time,
			create_time: agent.create_time,
			create_date: this.dateLabel(agent.create_time),
			update_time: agent.update_time,
			update_date: this.dateLabel(agent.update_time),
		};
	}

	agentSummary(agent: AgentRow): Obj {
		return {
			id: agent.id,
			avatar: agent.avatar,
			title: agent.title,
			description: agent.description,
			permission: agent.permission,
			tenant_id: TENANT_ID,
			nickname: NICKNAME,
			tenant_avatar: null,
			update_time: agent.update_time,
			canvas_type: agent.canvas_type,
			canvas_category: agent.canvas_category,
			tags: agent.tags,
		};
	}

	agentPrologue(agent: AgentRow): string {
		const components = (agent.dsl.components ?? {}) as Record<string, Obj>;
		const begin = components.begin as { obj?: { params?: { prologue?: string } } } | undefined;
		return begin?.obj?.params?.prologue ?? 'Hi! How can I help you?';
	}

	createAgentSession(
		agent: AgentRow,
		fields: { name?: string; user_id?: string; source?: string } = {},
	): AgentSessionRow {
		const row: AgentSessionRow = {
			id: newId(),
			agent_id: agent.id,
			name: fields.name ?? '',
			user_id: fields.user_id ?? TENANT_ID,
			message: [{ role: 'assistant', content: this.agentPrologue(agent) }],
			source: fields.source ?? 'agent',
			dsl: agent.dsl,
			round: 0,
			reference: [],
			...this.stamp(),
		};
		this.agentSessions.set(row.id, row);
		return row;
	}

	agentSessionView(s: AgentSessionRow, withDsl = true): Obj {
		const view: Obj = {
			id: s.id,
			agent_id: s.agent_id,
			name: s.name,
			user_id: s.user_id,
			exp_user_id: s.user_id === TENANT_ID ? '' : s.user_id,
			message: s.message,
			source: s.source,
			tokens: 0,
			duration: 0,
			round: s.round,
			thumb_up: 0,
			errors: null,
			version_title: null,
			create_time: s.create_time,
			create_date: this.dateLabel(s.create_time),
			update_time: s.update_time,
			update_date: this.dateLabel(s.update_time),
		};
		if (withDsl) view.dsl = s.dsl;
		return view;
	}

	/** Stops every pending parse timer (server shutdown). */
	dispose() {
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
		this.parseSteps.clear();
	}
}

/** A minimal Begin → Retrieval → Message agent DSL. */
export function defaultAgentDsl(): Obj {
	return {
		components: {
			begin: {
				obj: {
					component_name: 'Begin',
					params: { prologue: 'Hi! How can I help you?', mode: 'conversational', inputs: {} },
				},
				downstream: ['Retrieval:0'],
				upstream: [],
			},
			'Retrieval:0': {
				obj: { component_name: 'Retrieval', params: { kb_ids: [], top_n: 8 } },
				downstream: ['Message:0'],
				upstream: ['begin'],
			},
			'Message:0': {
				obj: {
					component_name: 'Message',
					params: { content: ['{Retrieval:0@formalized_content}'] },
				},
				downstream: [],
				upstream: ['Retrieval:0'],
			},
		},
		globals: { 'sys.query': '', 'sys.user_id': '', 'sys.conversation_turns': 0, 'sys.files': [] },
		history: [],
		path: [],
		retrieval: [],
	};
}
