/**
 * Request validation the simulator shares with RAGFlow v0.27 (docs/ragflow-api.md §3.4, §5.3,
 * api/utils/validation_utils.py): the strict `parser_config` models, the embedding-model identifier
 * rule, Pydantic's lax booleans of query strings, and Python's `int()` / `float()` conversions that
 * the non-Pydantic handlers apply to JSON values. One module, so every route refuses the same input
 * with the same code and wording.
 */
import { isPlainObject, pydanticLine, pyRepr, pythonInt, pyTypeOf, SimError } from './http.cts';

// ---------- Python conversions (handlers that call int()/float() outside a try: code 100) ----------

/** An unhandled Python exception as RAGFlow answers it: code 100, `repr(e)`. */
export function pyException(name: string, message: string): SimError {
	return new SimError(100, `${name}(${pyRepr(message)})`);
}

/** Python's `int(value)`: whole-number strings (spaces and `_` allowed), truncated floats, bools. */
export function pyInt(value: unknown): number {
	const n = pythonInt(value);
	if (n !== undefined) return n;
	if (typeof value === 'string')
		throw pyException('ValueError', `invalid literal for int() with base 10: ${pyRepr(value)}`);
	throw pyException(
		'TypeError',
		`int() argument must be a string, a bytes-like object or a real number, not '${pyTypeOf(value)}'`,
	);
}

/** Python's `float(value)`. */
export function pyFloat(value: unknown): number {
	if (typeof value === 'number') return value;
	if (typeof value === 'boolean') return value ? 1 : 0;
	if (typeof value === 'string') {
		const s = value.trim().replace(/(\d)_(?=\d)/g, '$1');
		if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return Number(s);
		if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
		if (/^[+-]?nan$/i.test(s)) return NaN;
		throw pyException('ValueError', `could not convert string to float: ${pyRepr(value)}`);
	}
	throw pyException(
		'TypeError',
		`float() argument must be a string or a real number, not '${pyTypeOf(value)}'`,
	);
}

/** Pydantic's lax bool of a query-string value; undefined when it does not read as one. */
export function laxBool(value: string): boolean | undefined {
	const v = value.trim().toLowerCase();
	if (['1', 'on', 't', 'true', 'y', 'yes'].includes(v)) return true;
	if (['0', 'off', 'f', 'false', 'n', 'no'].includes(v)) return false;
	return undefined;
}

export const BOOL_PARSING = 'Input should be a valid boolean, unable to interpret input';

// ---------- strict Pydantic models ----------

type Rule =
	| { t: 'int'; ge?: number; le?: number; nullable?: boolean }
	| { t: 'float'; ge?: number; le?: number; nullable?: boolean }
	| { t: 'str'; min?: number; strip?: boolean }
	| { t: 'bool' }
	| { t: 'dict' }
	| { t: 'strList'; nullable?: boolean }
	| { t: 'strOrStrList' }
	| { t: 'pages'; nullable?: boolean }
	| { t: 'literal'; values: string[]; nullable?: boolean }
	| { t: 'roles'; nullable?: boolean }
	| { t: 'model'; model: Model };

interface Model {
	name: string;
	fields: Record<string, Rule>;
	/** Legacy keys the model accepts and drops (RaptorConfig). */
	dropped?: string[];
}

interface Issue {
	loc: string;
	msg: string;
	input: unknown;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
/** Pydantic prints bounds as Python does; JS renders 1.0 as "1" like pydantic-core. */
const bound = (n: number) => String(n);

function literalMessage(values: string[]): string {
	const quoted = values.map((v) => `'${v}'`);
	return `Input should be ${quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}` : quoted[0]}`;
}

function checkRange(
	value: number,
	rule: { ge?: number; le?: number },
	loc: string,
	issues: Issue[],
) {
	if (rule.ge !== undefined && value < rule.ge)
		issues.push({
			loc,
			msg: `Input should be greater than or equal to ${bound(rule.ge)}`,
			input: value,
		});
	else if (rule.le !== undefined && value > rule.le)
		issues.push({
			loc,
			msg: `Input should be less than or equal to ${bound(rule.le)}`,
			input: value,
		});
}

function checkStrList(value: unknown, loc: string, issues: Issue[]) {
	if (!Array.isArray(value))
		return void issues.push({ loc, msg: 'Input should be a valid list', input: value });
	value.forEach((item, i) => {
		if (typeof item !== 'string')
			issues.push({ loc: `${loc}.${i}`, msg: 'Input should be a valid string', input: item });
	});
}

function checkRule(value: unknown, rule: Rule, loc: string, issues: Issue[]): void {
	if (value === null && 'nullable' in rule && rule.nullable) return;
	switch (rule.t) {
		case 'int':
			// Strict mode: a bool or a float is not an int.
			if (!isInt(value))
				return void issues.push({ loc, msg: 'Input should be a valid integer', input: value });
			return checkRange(value, rule, loc, issues);
		case 'float':
			if (typeof value !== 'number')
				return void issues.push({ loc, msg: 'Input should be a valid number', input: value });
			return checkRange(value, rule, loc, issues);
		case 'str': {
			if (typeof value !== 'string')
				return void issues.push({ loc, msg: 'Input should be a valid string', input: value });
			const s = rule.strip ? value.trim() : value;
			if (rule.min !== undefined && s.length < rule.min) {
				issues.push({
					loc,
					msg: `String should have at least ${rule.min} character${rule.min === 1 ? '' : 's'}`,
					input: s,
				});
			}
			return;
		}
		case 'bool':
			if (typeof value !== 'boolean')
				issues.push({ loc, msg: 'Input should be a valid boolean', input: value });
			return;
		case 'dict':
			if (!isPlainObject(value))
				issues.push({ loc, msg: 'Input should be a valid dictionary', input: value });
			return;
		case 'strList':
			return void checkStrList(value, loc, issues);
		case 'strOrStrList':
			if (typeof value !== 'string') checkStrList(value, loc, issues);
			return;
		case 'pages':
			if (!Array.isArray(value))
				return void issues.push({ loc, msg: 'Input should be a valid list', input: value });
			value.forEach((range, i) => {
				if (!Array.isArray(range))
					return void issues.push({
						loc: `${loc}.${i}`,
						msg: 'Input should be a valid list',
						input: range,
					});
				range.forEach((n, j) => {
					if (!isInt(n))
						issues.push({
							loc: `${loc}.${i}.${j}`,
							msg: 'Input should be a valid integer',
							input: n,
						});
				});
			});
			return;
		case 'literal':
			if (typeof value !== 'string' || !rule.values.includes(value))
				issues.push({ loc, msg: literalMessage(rule.values), input: value });
			return;
		case 'roles':
			if (!isPlainObject(value))
				return void issues.push({ loc, msg: 'Input should be a valid dictionary', input: value });
			for (const [column, role] of Object.entries(value)) {
				const values = ['indexing', 'metadata', 'both', 'vectorize'];
				if (typeof role !== 'string' || !values.includes(role))
					issues.push({ loc: `${loc}.${column}`, msg: literalMessage(values), input: role });
			}
			return;
		case 'model':
			return checkModel(value, rule.model, loc, issues);
	}
}

/** Fields in model order, then unknown keys in input order, as Pydantic reports them. */
function checkModel(value: unknown, model: Model, loc: string, issues: Issue[]) {
	if (!isPlainObject(value))
		return void issues.push({
			loc,
			msg: `Input should be a valid dictionary or instance of ${model.name}`,
			input: value,
		});
	const at = (key: string) => (loc ? `${loc}.${key}` : key);
	for (const [key, rule] of Object.entries(model.fields)) {
		if (key in value) checkRule(value[key], rule, at(key), issues);
	}
	for (const [key, v] of Object.entries(value)) {
		if (!(key in model.fields) && !model.dropped?.includes(key))
			issues.push({ loc: at(key), msg: 'Extra inputs are not permitted', input: v });
	}
}

const RaptorConfig: Model = {
	name: 'RaptorConfig',
	fields: {
		use_raptor: { t: 'bool' },
		prompt: { t: 'str', min: 1, strip: true },
		max_token: { t: 'int', ge: 1, le: 2048 },
		clustering_threshold: { t: 'float', ge: 0, le: 1 },
		clustering_ratio: { t: 'float', ge: 0, le: 1 },
		max_cluster: { t: 'int', ge: 1, le: 1024 },
		random_seed: { t: 'int', ge: 0 },
		scope: { t: 'literal', values: ['file', 'dataset'] },
		auto_disable_for_structured_data: { t: 'bool' },
	},
	dropped: ['threshold', 'clustering_method', 'tree_builder', 'ext'],
};

const GraphragConfig: Model = {
	name: 'GraphragConfig',
	fields: {
		use_graphrag: { t: 'bool' },
		entity_types: { t: 'strList' },
		method: { t: 'literal', values: ['light', 'general', 'ner'] },
		community: { t: 'bool' },
		resolution: { t: 'bool' },
	},
};

const ParentChildConfig: Model = {
	name: 'ParentChildConfig',
	fields: { use_parent_child: { t: 'bool' }, children_delimiter: { t: 'str', min: 1 } },
};

const ParserConfig: Model = {
	name: 'ParserConfig',
	fields: {
		auto_keywords: { t: 'int', ge: 0, le: 32 },
		auto_questions: { t: 'int', ge: 0, le: 10 },
		chunk_token_num: { t: 'int', ge: 1, le: 2048 },
		delimiter: { t: 'str', min: 1 },
		graphrag: { t: 'model', model: GraphragConfig },
		html4excel: { t: 'bool' },
		layout_recognize: { t: 'str' },
		raptor: { t: 'model', model: RaptorConfig },
		tag_kb_ids: { t: 'strList' },
		topn_tags: { t: 'int', ge: 1, le: 10 },
		filename_embd_weight: { t: 'float', ge: 0, le: 1, nullable: true },
		task_page_size: { t: 'int', ge: 1, nullable: true },
		pages: { t: 'pages', nullable: true },
		parent_child: { t: 'model', model: ParentChildConfig },
		enable_children: { t: 'bool' },
		children_delimiter: { t: 'str' },
		compilation_template_group_id: { t: 'strOrStrList' },
		table_column_mode: { t: 'literal', values: ['auto', 'manual'], nullable: true },
		table_column_roles: { t: 'roles', nullable: true },
		table_column_names: { t: 'strList', nullable: true },
		ext: { t: 'dict' },
	},
};

function failIfIssues(issues: Issue[], code: number) {
	if (issues.length)
		throw new SimError(code, issues.map((i) => pydanticLine(i.loc, i.msg, i.input)).join('\n'));
}

const PARSER_CONFIG_MAX = 65535;

/**
 * The strict `parser_config` of dataset create/update (code 101) and document update (code 102):
 * wrong types, out-of-range values and unknown keys (nested ones too) are refused. `{}` and null
 * are valid (they mean "no config"). Returns the value with RaptorConfig's legacy keys dropped and
 * its `max_token` floor applied, as RAGFlow stores it.
 */
export function validateParserConfig(
	config: unknown,
	code = 101,
	field = 'parser_config',
): Record<string, unknown> | null {
	if (config === null || config === undefined) return null;
	const issues: Issue[] = [];
	checkModel(config, ParserConfig, field, issues);
	failIfIssues(issues, code);
	const out = structuredClone(config) as Record<string, unknown>;
	if (isPlainObject(out.raptor)) {
		const raptor = out.raptor;
		const ext = raptor.ext;
		for (const key of RaptorConfig.dropped ?? []) delete raptor[key];
		// The legacy `ext.clustering_threshold` is honoured when no new-style value is sent.
		if (
			isPlainObject(ext) &&
			typeof ext.clustering_threshold === 'number' &&
			!('clustering_threshold' in raptor)
		) {
			raptor.clustering_threshold = ext.clustering_threshold;
		}
		// RAGFlow raises a RAPTOR summary size below 512 to 512 instead of refusing it.
		if (typeof raptor.max_token === 'number' && raptor.max_token < 512) raptor.max_token = 512;
	}
	const size = JSON.stringify(out).length;
	if (size > PARSER_CONFIG_MAX) {
		throw new SimError(
			code,
			pydanticLine(
				field,
				`Parser config exceeds size limit (max 65,535 characters). Current size: ${size}`,
				out,
			),
		);
	}
	return out;
}

// ---------- embedding model ----------

/**
 * `embedding_model` of dataset create/update: stripped, then `<model_name>@<provider>` (a 32-hex
 * tenant-model id is also accepted). `""` is not "unset": RAGFlow refuses it.
 */
export function validateEmbeddingModelFormat(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value !== 'string')
		throw new SimError(
			101,
			pydanticLine('embedding_model', 'Input should be a valid string', value),
		);
	const model = value.trim();
	if (model.length > 255)
		throw new SimError(
			101,
			pydanticLine('embedding_model', 'String should have at most 255 characters', model),
		);
	if (/^[0-9a-f]{32}$/i.test(model)) return model;
	const fail = (msg: string) => new SimError(101, pydanticLine('embedding_model', msg, model));
	if (!model.includes('@'))
		throw fail('embedding model identifier must follow <model_name>@<provider> format');
	const at = model.indexOf('@');
	const name = model.slice(0, at);
	const provider = model.slice(at + 1);
	if (!name || !provider) throw fail('both model_name and provider must be non-empty strings');
	if (!name.trim() || !provider.trim())
		throw fail('model name and provider cannot be whitespace-only strings');
	return model;
}

/** The models a simulated tenant has configured (RAGFlow answers per tenant). */
export interface KnownModels {
	embedding: string[];
	rerank: string[];
	chat: string[];
}

export const DEFAULT_KNOWN_MODELS: KnownModels = {
	embedding: [
		'BAAI/bge-large-zh-v1.5@BAAI',
		'text-embedding-3-small@OpenAI',
		'text-embedding-3-large@OpenAI',
		'embedding-3@ZHIPU-AI',
	],
	rerank: ['BAAI/bge-reranker-v2-m3@BAAI', 'rerank-2@Voyage AI'],
	chat: ['qwen-plus@Tongyi-Qianwen', 'gpt-4o-mini@OpenAI', 'glm-4-flash@ZHIPU-AI'],
};

const providerOf = (id: string) => id.slice(id.indexOf('@') + 1);

/**
 * An embedding model the tenant does not have: 102 `Provider … not found for model …` when the
 * provider is not configured, `Model … not found for model embedding` when the model is not.
 * Tenant-model ids (32 hex) are accepted.
 */
export function checkKnownEmbeddingModel(known: KnownModels, model: string) {
	if (/^[0-9a-f]{32}$/i.test(model) || known.embedding.includes(model)) return;
	const provider = providerOf(model);
	const name = model.slice(0, model.indexOf('@'));
	if (!known.embedding.some((m) => providerOf(m) === provider))
		throw new SimError(102, `Provider ${provider} not found for model ${name}.`);
	throw new SimError(102, `Model ${model} not found for model embedding`);
}
