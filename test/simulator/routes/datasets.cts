/**
 * Datasets (docs/ragflow-api.md §4): create, list, get, update, delete, index tasks, knowledge
 * graph, ingestion summary.
 */
import {
	HEX32,
	isPlainObject,
	normalizeUuid,
	pydanticError,
	pydanticLine,
	q,
	qAll,
	type Query,
	validatedBody,
	type Router,
	type SimRequest,
	SimError,
	sendResult,
	paginate,
	pyList,
} from '../http.cts';
import {
	DEFAULT_EMBEDDING,
	defaultParserConfig,
	deepMerge,
	filledParserConfig,
	INDEX_TYPES,
	TENANT_ID,
	type DatasetRow,
} from '../state.cts';
import {
	BOOL_PARSING,
	checkKnownEmbeddingModel,
	laxBool,
	validateEmbeddingModelFormat,
	validateParserConfig,
} from '../validation.cts';

const CHUNK_METHODS = [
	'naive',
	'book',
	'email',
	'laws',
	'manual',
	'one',
	'paper',
	'picture',
	'presentation',
	'qa',
	'table',
	'tag',
	'resume',
];
const CREATE_KEYS = [
	'name',
	'avatar',
	'description',
	'embedding_model',
	'permission',
	'chunk_method',
	'parser_config',
	'parse_type',
	'pipeline_id',
	'auto_metadata_config',
	'ext',
];
const UPDATE_KEYS = [...CREATE_KEYS, 'pagerank', 'language', 'connectors'];
const LIST_KEYS = [
	'page',
	'page_size',
	'orderby',
	'desc',
	'id',
	'ids',
	'name',
	'include_parsing_status',
	'ext',
	'type',
];
/** Keys the request models gained in v0.25.0 (list / create / update); list `ids` came in v0.27.0. */
const V25_KEYS = ['include_parsing_status', 'ext', 'language'];

/** The keys a request model of this server accepts: older models forbid the newer keys (101). */
function allowedKeys(r: SimRequest, keys: string[]): string[] {
	return keys.filter((k) => r.profile.has('datasetModelsV25') || !V25_KEYS.includes(k));
}

export const lacksPermission = (id: string) =>
	new SimError(102, `User '${TENANT_ID}' lacks permission for dataset '${id}'`);

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const hasKeys = (v: unknown): v is Record<string, unknown> =>
	isPlainObject(v) && Object.keys(v).length > 0;

function checkIntRange(field: string, value: unknown, min: number, max: number) {
	if (!isInt(value)) throw pydanticError(field, 'Input should be a valid integer', value);
	if (value < min)
		throw pydanticError(field, `Input should be greater than or equal to ${min}`, value);
	if (value > max)
		throw pydanticError(field, `Input should be less than or equal to ${max}`, value);
}

function checkString(field: string, value: unknown, max: number, nullable = true) {
	if (value === null && nullable) return;
	if (typeof value !== 'string')
		throw pydanticError(field, 'Input should be a valid string', value);
	if (value.length > max)
		throw pydanticError(field, `String should have at most ${max} characters`, value);
}

/**
 * Keys under parser_config.ext are flattened into parser_config on update
 * (docs/ragflow-api.md §4.4).
 */
export function flattenExt(config: Record<string, unknown>): Record<string, unknown> {
	const { ext, ...rest } = config;
	return isPlainObject(ext) ? { ...rest, ...ext } : rest;
}

function validateCommon(r: SimRequest, body: Record<string, unknown>, allowed: string[]) {
	for (const [key, value] of Object.entries(body)) {
		if (!allowed.includes(key)) throw pydanticError(key, 'Extra inputs are not permitted', value);
	}
	if ('name' in body) {
		if (typeof body.name !== 'string')
			throw pydanticError('name', 'Input should be a valid string', body.name);
		const name = body.name.trim();
		if (name.length < 1)
			throw pydanticError('name', 'String should have at least 1 character', name);
		if (name.length > 128)
			throw pydanticError('name', 'String should have at most 128 characters', name);
	}
	if ('avatar' in body && body.avatar !== null) {
		checkString('avatar', body.avatar, 65535);
		const avatar = body.avatar as string;
		if (!avatar.startsWith('data:'))
			throw pydanticError(
				'avatar',
				"Value error, Invalid MIME prefix format. Must start with 'data:'",
				avatar,
			);
		const m = /^data:([^;]+);base64,/.exec(avatar);
		if (!m)
			throw pydanticError(
				'avatar',
				'Value error, Missing MIME prefix. Expected format: data:<mime>;base64,<data>',
				avatar,
			);
		if (!['image/jpeg', 'image/png'].includes(m[1]))
			throw pydanticError(
				'avatar',
				`Value error, Unsupported MIME type. Allowed: ['image/jpeg', 'image/png']`,
				avatar,
			);
	}
	if ('description' in body) checkString('description', body.description, 65535);
	if ('embedding_model' in body) validateEmbeddingModelFormat(body.embedding_model);
	if ('permission' in body && !['me', 'team'].includes(body.permission as string)) {
		throw pydanticError('permission', "Input should be 'me' or 'team'", body.permission);
	}
	// A wrap validator turns every chunk_method failure, null without a pipeline_id included, into
	// the literal error.
	if ('chunk_method' in body) {
		const method = body.chunk_method;
		const pipeline = typeof body.pipeline_id === 'string' && body.pipeline_id !== '';
		// `resume` arrived with the v0.25 models.
		const methods = r.profile.has('datasetModelsV25')
			? CHUNK_METHODS
			: CHUNK_METHODS.filter((m) => m !== 'resume');
		if (method === null ? !pipeline : !methods.includes(method as string)) {
			const listed = methods.map((m) => `'${m}'`);
			throw pydanticError(
				'chunk_method',
				`Input should be ${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1]}`,
				method,
			);
		}
	}
	if (!r.profile.has('datasetModelsV25') && isPlainObject(body.parser_config)) {
		for (const key of ['parent_child', 'ext']) {
			if (key in body.parser_config)
				throw pydanticError(
					`parser_config.${key}`,
					'Extra inputs are not permitted',
					body.parser_config[key],
				);
		}
	}
	if ('parser_config' in body) body.parser_config = validateParserConfig(body.parser_config, 101);
	if (
		'pipeline_id' in body &&
		body.pipeline_id !== null &&
		!(typeof body.pipeline_id === 'string' && HEX32.test(body.pipeline_id.toLowerCase()))
	) {
		throw pydanticError(
			'pipeline_id',
			'Value error, pipeline_id must be 32 hex characters',
			body.pipeline_id,
		);
	}
	if ('parse_type' in body && body.parse_type !== null)
		checkIntRange('parse_type', body.parse_type, 0, 64);
	if ('ext' in body && !isPlainObject(body.ext))
		throw pydanticError('ext', 'Input should be a valid dictionary', body.ext);
	if ('pagerank' in body) checkIntRange('pagerank', body.pagerank, 0, 100);
	if ('language' in body) checkString('language', body.language, 32, false);
	if ('connectors' in body && !Array.isArray(body.connectors))
		throw pydanticError('connectors', 'Input should be a valid list', body.connectors);
}

/** A bool of the Pydantic list model: its lax parsing (`0/no/n/f/off` are false), anything else → 101. */
function listBool(query: Query, key: string, fallback: boolean): boolean {
	const raw = q(query, key);
	if (raw === undefined) return fallback;
	const value = laxBool(raw);
	if (value === undefined) throw pydanticError(key, BOOL_PARSING, raw);
	return value;
}

function datasetFromPath(r: SimRequest): DatasetRow {
	const id = normalizeUuid(r.params.dataset_id);
	if (!id) throw pydanticError('dataset_id', 'Invalid UUID1 format', r.params.dataset_id);
	const ds = r.state.getDataset(id);
	if (!ds) throw lacksPermission(id);
	return ds;
}

function create(r: SimRequest) {
	const body = validatedBody(r);
	validateCommon(r, body, allowedKeys(r, CREATE_KEYS));
	if (!('name' in body)) throw pydanticError('name', 'Field required', body);
	const pipelineMode = body.pipeline_id !== undefined || body.parse_type !== undefined;
	if (pipelineMode && body.parse_type !== 1) {
		const missing = ['parse_type', 'pipeline_id'].filter(
			(k) => body[k] === undefined || body[k] === null,
		);
		if ('chunk_method' in body && body.chunk_method !== null)
			throw pydanticError(
				'chunk_method',
				`Value error, disallowed fields present: chunk_method`,
				body.chunk_method,
			);
		if (missing.length)
			throw pydanticError(
				missing[0],
				`Value error, required fields missing: ${missing.join(', ')}`,
				null,
			);
	}
	const embeddingModel =
		typeof body.embedding_model === 'string' ? body.embedding_model.trim() : undefined;
	if (embeddingModel) checkKnownEmbeddingModel(r.state.models, embeddingModel);
	const method = (body.chunk_method as string | null | undefined) ?? 'naive';
	const sent = body.parser_config as Record<string, unknown> | null | undefined;
	const parserConfig =
		sent && Object.keys(sent).length ? filledParserConfig(sent) : defaultParserConfig(method);
	const ext = (body.ext as Record<string, unknown>) ?? {};
	const ds = r.state.createDataset((body.name as string).trim(), {
		avatar: (body.avatar as string) ?? null,
		description: (body.description as string) ?? null,
		embedding_model: embeddingModel ?? DEFAULT_EMBEDDING,
		permission: (body.permission as string) ?? 'me',
		chunk_method: pipelineMode && body.parse_type !== 1 ? '' : method,
		pipeline_id:
			pipelineMode && body.parse_type !== 1 ? (body.pipeline_id as string).toLowerCase() : null,
		parse_type: (body.parse_type as number) ?? null,
		parser_config: { ...parserConfig, llm_id: 'qwen-plus@Tongyi-Qianwen' },
		ext,
		...(typeof ext.language === 'string' ? { language: ext.language } : {}),
	} as Partial<DatasetRow>);
	sendResult(r, r.state.datasetView(ds));
}

function list(r: SimRequest) {
	const query = r.query;
	const listKeys = allowedKeys(r, LIST_KEYS).filter(
		(k) => k !== 'ids' || r.profile.has('datasetListIds'),
	);
	for (const key of Object.keys(query)) {
		if (!listKeys.includes(key))
			throw pydanticError(key, 'Extra inputs are not permitted', q(query, key));
	}
	const pageRaw = q(query, 'page');
	const page = pageRaw === undefined ? 1 : Number(pageRaw);
	if (!Number.isInteger(page))
		throw pydanticError(
			'page',
			'Input should be a valid integer, unable to parse string as an integer',
			pageRaw,
		);
	if (page < 1) throw pydanticError('page', 'Input should be greater than or equal to 1', pageRaw);
	const sizeRaw = q(query, 'page_size');
	const pageSize = sizeRaw === undefined ? 30 : Number(sizeRaw);
	if (!Number.isInteger(pageSize))
		throw pydanticError(
			'page_size',
			'Input should be a valid integer, unable to parse string as an integer',
			sizeRaw,
		);
	if (pageSize < 1)
		throw pydanticError('page_size', 'Input should be greater than or equal to 1', sizeRaw);
	if (pageSize > 100)
		throw pydanticError(
			'page_size',
			'Value error, page_size must be less than or equal to 100',
			sizeRaw,
		);
	const orderby = q(query, 'orderby') ?? 'create_time';
	if (!['create_time', 'update_time'].includes(orderby))
		throw pydanticError('orderby', "Input should be 'create_time' or 'update_time'", orderby);
	const desc = listBool(query, 'desc', true);
	const includeStatus = listBool(query, 'include_parsing_status', false);

	if (q(query, 'type') === 'filter') {
		const total = r.state.datasets.size;
		sendResult(r, {
			filter: { owner: [{ id: TENANT_ID, label: 'simulator', count: total }] },
			total,
		});
		return;
	}

	let items = [...r.state.datasets.values()];
	const id = q(query, 'id');
	const idsRaw = qAll(query, 'ids')
		.flatMap((v) => v.split(','))
		.filter(Boolean);
	if (id !== undefined && idsRaw.length)
		throw new SimError(102, 'Cannot use both `id` and `ids` parameters');
	if (id !== undefined) {
		const uuid = normalizeUuid(id);
		if (!uuid) throw pydanticError('id', 'Invalid UUID format', id);
		if (!r.state.getDataset(uuid)) throw lacksPermission(uuid);
		items = items.filter((d) => d.id === uuid);
	}
	if (idsRaw.length) {
		if (idsRaw.length > 100)
			throw pydanticError('ids', 'Value error, at most 100 ids are allowed', idsRaw.length);
		const uuids = idsRaw.map((v) => {
			const u = normalizeUuid(v);
			if (!u) throw pydanticError('ids', 'Invalid UUID format', v);
			return u;
		});
		const dup = uuids.find((u, i) => uuids.indexOf(u) !== i);
		if (dup) throw pydanticError('ids', `Value error, Duplicate ids: '${dup}'`, idsRaw);
		items = items.filter((d) => uuids.includes(d.id));
	}
	const name = q(query, 'name');
	if (name !== undefined && name !== '') {
		if (!r.state.findDatasetByName(name)) throw lacksPermission(name);
		items = items.filter((d) => d.name === name);
	}
	const extRaw = q(query, 'ext');
	if (extRaw) {
		let ext: Record<string, unknown>;
		try {
			ext = JSON.parse(extRaw) as Record<string, unknown>;
		} catch {
			throw pydanticError('ext', 'Invalid JSON', extRaw);
		}
		if (typeof ext.keywords === 'string' && ext.keywords) {
			const kw = ext.keywords.toLowerCase();
			items = items.filter((d) => d.name.toLowerCase().includes(kw));
		}
		if (typeof ext.parser_id === 'string' && ext.parser_id)
			items = items.filter((d) => d.chunk_method === ext.parser_id);
	}
	const key = orderby === 'update_time' ? 'update_time' : 'create_time';
	const tie = orderby === 'update_time' ? 'useq' : 'seq';
	items.sort((a, b) => (a[key] - b[key] || a[tie] - b[tie]) * (desc ? -1 : 1));
	const total = items.length;
	const data = paginate(items, page, pageSize).map((d) =>
		r.state.datasetView(d, 'list', includeStatus),
	);
	// The bare array had no total before the v0.25 list model.
	sendResult(r, data, r.profile.has('datasetModelsV25') ? { total_datasets: total } : {});
}

function get(r: SimRequest) {
	sendResult(r, r.state.datasetView(datasetFromPath(r), 'get'));
}

function update(r: SimRequest) {
	const ds = datasetFromPath(r);
	const body = validatedBody(r);
	validateCommon(r, body, allowedKeys(r, UPDATE_KEYS));
	if (Object.keys(body).length === 0) throw new SimError(102, 'no properties were modified');
	if (typeof body.name === 'string') {
		const name = body.name.trim();
		const clash = [...r.state.datasets.values()].find(
			(d) => d.id !== ds.id && d.name.toLowerCase() === name.toLowerCase(),
		);
		if (clash) throw new SimError(102, `Dataset name '${name}' already exists`);
		ds.name = name;
	}
	if ('avatar' in body) ds.avatar = body.avatar as string | null;
	if ('description' in body) ds.description = body.description as string | null;
	if ('permission' in body) ds.permission = body.permission as string;
	if (typeof body.embedding_model === 'string') {
		const model = body.embedding_model.trim();
		checkKnownEmbeddingModel(r.state.models, model);
		ds.embedding_model = model;
	}
	if ('language' in body) ds.language = body.language as string;
	if ('pagerank' in body) ds.pagerank = body.pagerank as number;
	if ('ext' in body) ds.ext = { ...ds.ext, ...(body.ext as object) };
	if (typeof body.chunk_method === 'string' && body.chunk_method !== ds.chunk_method) {
		ds.chunk_method = body.chunk_method;
		ds.pipeline_id = null;
		// `{}` counts as no parser_config: the new method's own defaults are installed.
		if (!hasKeys(body.parser_config))
			ds.parser_config = {
				...defaultParserConfig(body.chunk_method),
				llm_id: ds.parser_config.llm_id,
			};
	}
	if (hasKeys(body.parser_config)) {
		const merged = deepMerge(ds.parser_config, flattenExt(body.parser_config));
		const pc = merged.parent_child as
			| { use_parent_child?: boolean; children_delimiter?: string }
			| undefined;
		if (pc && typeof pc.use_parent_child === 'boolean') {
			merged.enable_children = pc.use_parent_child;
			merged.children_delimiter = pc.use_parent_child ? (pc.children_delimiter ?? '\n') : '';
		}
		ds.parser_config = merged;
	}
	if (typeof body.pipeline_id === 'string') ds.pipeline_id = body.pipeline_id.toLowerCase();
	r.state.touch(ds);
	sendResult(r, {
		...r.state.datasetView(ds),
		connectors: Array.isArray(body.connectors) ? body.connectors : [],
	});
}

/**
 * Before v0.25 the delete model had a required, nullable `ids` and nothing else: null deletes every
 * dataset, and `delete_all` is an extra key (refused together with the missing ids).
 */
function removeOld(r: SimRequest, body: Record<string, unknown>) {
	const issues: string[] = [];
	if (!('ids' in body)) issues.push(pydanticLine('ids', 'Field required', body));
	for (const [key, value] of Object.entries(body)) {
		if (key !== 'ids') issues.push(pydanticLine(key, 'Extra inputs are not permitted', value));
	}
	if (issues.length) throw new SimError(101, issues.join('\n'));
	if (body.ids === null) {
		const all = [...r.state.datasets.keys()];
		for (const id of all) r.state.deleteDataset(id);
		sendResult(r, { success_count: all.length });
		return undefined;
	}
	return body;
}

function remove(r: SimRequest) {
	const body = validatedBody(r);
	if (!r.profile.has('datasetModelsV25') && !removeOld(r, body)) return;
	for (const [key, value] of Object.entries(body)) {
		if (!['ids', 'delete_all'].includes(key))
			throw pydanticError(key, 'Extra inputs are not permitted', value);
	}
	if ('delete_all' in body && typeof body.delete_all !== 'boolean')
		throw pydanticError('delete_all', 'Input should be a valid boolean', body.delete_all);
	const ids = body.ids;
	if (ids !== undefined && ids !== null && !Array.isArray(ids))
		throw pydanticError('ids', 'Input should be a valid list', ids);
	let targets: string[];
	if (Array.isArray(ids) && ids.length) {
		targets = ids.map((v) => {
			const u = normalizeUuid(v);
			if (!u) throw pydanticError('ids', 'Invalid UUID1 format', v);
			return u;
		});
		const dup = targets.filter((u, i) => targets.indexOf(u) !== i);
		if (dup.length)
			throw pydanticError(
				'ids',
				`Value error, Duplicate ids: '${[...new Set(dup)].join(', ')}'`,
				ids,
			);
		const missing = targets.filter((u) => !r.state.getDataset(u));
		if (missing.length)
			throw new SimError(
				102,
				`User '${TENANT_ID}' lacks permission for datasets: '${missing.join(', ')}'`,
			);
	} else if (body.delete_all === true) {
		targets = [...r.state.datasets.keys()];
	} else {
		sendResult(r, { success_count: 0 });
		return;
	}
	for (const id of targets) r.state.deleteDataset(id);
	sendResult(r, { success_count: targets.length });
}

// ---------- index tasks (docs/ragflow-api.md §4.9) ----------

const TASK_NAMES: Record<string, string> = { graph: 'Graph', raptor: 'RAPTOR', mindmap: 'Mindmap' };

function indexType(raw: string | undefined, code: number): string {
	const type = (raw ?? '').toLowerCase();
	if (!INDEX_TYPES.includes(type))
		throw new SimError(
			code,
			`Invalid index type '${raw ?? ''}'. Must be one of ${pyList(INDEX_TYPES)}`,
		);
	return type;
}

function datasetForTask(r: SimRequest): DatasetRow {
	const ds = r.state.getDataset(r.params.dataset_id);
	if (!ds) throw new SimError(102, 'Invalid Dataset ID');
	return ds;
}

function runIndex(r: SimRequest, type: string) {
	const ds = datasetForTask(r);
	const running = r.state.indexTasks.get(`${ds.id}:${type}`);
	if (running) {
		const progress = r.state.indexTaskProgress(running);
		if (progress < 1) {
			throw new SimError(
				102,
				`Task ${running.id} in progress with status ${progress}. A ${TASK_NAMES[type] ?? type} Task is already running.`,
			);
		}
	}
	if (ds.docs.size === 0) throw new SimError(102, `No documents in Dataset ${ds.id}`);
	const task = r.state.startIndexTask(ds, type);
	sendResult(
		r,
		type === 'graph'
			? { graphrag_task_id: task.id, task_id: task.id }
			: type === 'raptor'
				? { raptor_task_id: task.id, task_id: task.id }
				: { task_id: task.id },
	);
}

function traceIndex(r: SimRequest, type: string) {
	const ds = datasetForTask(r);
	const task = r.state.indexTasks.get(`${ds.id}:${type}`);
	sendResult(r, task ? r.state.indexTaskView(task) : {});
}

function deleteIndex(r: SimRequest, type: string) {
	const ds = datasetForTask(r);
	r.state.indexTasks.delete(`${ds.id}:${type}`);
	const wipe = (q(r.query, 'wipe') ?? 'true').toLowerCase() !== 'false';
	if (wipe) {
		delete ds.task_ids[type];
		if (type === 'graph') ds.graph = null;
		if (type === 'mindmap') ds.mind_map = null;
	}
	sendResult(r, {});
}

function graph(r: SimRequest) {
	const ds = r.state.getDataset(r.params.dataset_id);
	if (!ds) throw new SimError(109, 'no authorization');
	const task = r.state.indexTasks.get(`${ds.id}:graph`);
	if (task) r.state.indexTaskView(task); // settles a finished task
	sendResult(r, { graph: ds.graph ?? {}, mind_map: ds.mind_map ?? {} });
}

/** Before v0.25.1 the knowledge graph was deleted here (answer: data true). */
function deleteKnowledgeGraph(r: SimRequest) {
	const ds = r.state.getDataset(r.params.dataset_id);
	if (!ds) throw new SimError(109, 'No authorization.');
	r.state.indexTasks.delete(`${ds.id}:graph`);
	delete ds.task_ids.graph;
	ds.graph = null;
	sendResult(r, true);
}

function ingestionSummary(r: SimRequest) {
	const ds = r.state.getDataset(r.params.dataset_id);
	if (!ds) throw lacksPermission(r.params.dataset_id);
	const counts = r.state.datasetCounts(ds);
	sendResult(r, {
		doc_num: counts.document_count,
		chunk_num: counts.chunk_count,
		token_num: counts.token_num,
		status: counts.status,
	});
}

export function registerDatasetRoutes(router: Router) {
	router.add('POST', '/datasets', create);
	router.add('GET', '/datasets', list);
	router.add('DELETE', '/datasets', remove);
	router.add('GET', '/datasets/{dataset_id}', get, { requires: 'datasetGet' });
	router.add('PUT', '/datasets/{dataset_id}', update);
	router.add(
		'POST',
		'/datasets/{dataset_id}/index',
		(r) => runIndex(r, indexType(q(r.query, 'type'), 102)),
		{ requires: 'indexRoutes' },
	);
	router.add(
		'GET',
		'/datasets/{dataset_id}/index',
		(r) => traceIndex(r, indexType(q(r.query, 'type'), 102)),
		{ requires: 'indexRoutes' },
	);
	router.add(
		'DELETE',
		'/datasets/{dataset_id}/index',
		(r) => deleteIndex(r, indexType(q(r.query, 'type'), 101)),
		{ requires: 'indexDeleteRoute' },
	);
	const graphrag = { requires: 'graphragTaskRoutes' } as const;
	router.add('POST', '/datasets/{dataset_id}/run_graphrag', (r) => runIndex(r, 'graph'), graphrag);
	router.add(
		'GET',
		'/datasets/{dataset_id}/trace_graphrag',
		(r) => traceIndex(r, 'graph'),
		graphrag,
	);
	router.add('POST', '/datasets/{dataset_id}/run_raptor', (r) => runIndex(r, 'raptor'), graphrag);
	router.add(
		'GET',
		'/datasets/{dataset_id}/trace_raptor',
		(r) => traceIndex(r, 'raptor'),
		graphrag,
	);
	router.add('GET', '/datasets/{dataset_id}/graph', graph, { requires: 'indexRoutes' });
	router.add('GET', '/datasets/{dataset_id}/knowledge_graph', graph);
	router.add(
		'DELETE',
		'/datasets/{dataset_id}/knowledge_graph',
		() => {
			throw new SimError(
				100,
				"AttributeError(\"module 'api.apps.restful_apis.dataset_api' has no attribute 'delete_knowledge_graph'\")",
			);
		},
		{ requires: 'indexRoutes' },
	);
	router.add('DELETE', '/datasets/{dataset_id}/knowledge_graph', deleteKnowledgeGraph, {
		unless: 'indexRoutes',
	});
	router.add('GET', '/datasets/{dataset_id}/ingestions/summary', ingestionSummary);
}

/** DELETE /datasets/{id}/{index_type} is generic: registered after every other route so specific ones win. */
export function registerDatasetFallbackRoutes(router: Router) {
	router.add(
		'DELETE',
		'/datasets/{dataset_id}/{index_type}',
		(r) => deleteIndex(r, indexType(r.params.index_type, 101)),
		{ requires: 'indexRoutes' },
	);
}
