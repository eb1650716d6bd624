/**
 * Documents (docs/ragflow-api.md §6; the bare § numbers below are its sections too): upload, list,
 * update, download, delete, parse/stop, metadata, bulk status.
 */
import type { ServerResponse } from 'node:http';

import {
	bodyObject,
	isPlainObject,
	lenientPage,
	paginate,
	pydanticError,
	pyList,
	q,
	qAll,
	qBool,
	qDesc,
	checkDuplicateIds,
	validatedBody,
	type Router,
	type SimRequest,
	SimError,
	sendJson,
	sendJsonResult,
	sendResult,
} from '../http.cts';
import {
	deepMerge,
	defaultParserConfig,
	documentNameKey,
	fileTypeOf,
	RUN_CODE,
	sameDocumentName,
	suffixOf,
	TENANT_ID,
	type DatasetRow,
	type DocumentRow,
} from '../state.cts';
import { newId } from '../text.cts';
import { validateParserConfig } from '../validation.cts';
import { flattenExt } from './datasets.cts';

const DOC_CHUNK_METHODS = [
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
	'audio',
	'knowledge_graph',
];
const DOC_TYPES = ['pdf', 'doc', 'visual', 'aural', 'virtual', 'folder', 'other'];

const MIME: Record<string, string> = {
	pdf: 'application/pdf',
	txt: 'text/plain',
	md: 'text/markdown',
	csv: 'text/csv',
	html: 'text/html',
	htm: 'text/html',
	json: 'application/json',
	xml: 'application/xml',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	doc: 'application/msword',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
};

/** Dataset of the path, for the endpoints whose "not found" message is "You don't own the dataset <id>. ". */
function ownedDataset(
	r: SimRequest,
	message = (id: string) => `You don't own the dataset ${id}. `,
): DatasetRow {
	const ds = r.state.getDataset(r.params.dataset_id);
	if (!ds) throw new SimError(102, message(r.params.dataset_id));
	return ds;
}

// ---------- upload (docs/ragflow-api.md §6.1) ----------

function upload(r: SimRequest) {
	const ds = r.state.getDataset(r.params.dataset_id);
	if (!ds) throw new SimError(102, `Can't find the dataset with ID ${r.params.dataset_id}!`);
	// Before v0.25.1 `type` is not read: every upload is a file upload.
	const mode = (r.profile.has('uploadTypes') ? q(r.query, 'type') : undefined) ?? 'local';
	if (!['local', 'web', 'empty'].includes(mode))
		throw new SimError(101, '`type` must be one of "local", "web", or "empty".');

	if (mode === 'empty') {
		const name = bodyObject(r).name;
		if (typeof name !== 'string' || !name.trim()) throw new SimError(101, '`name` is required.');
		if (Buffer.byteLength(name) > 255)
			throw new SimError(101, 'File name must be 255 bytes or less.');
		if (r.state.hasDocumentName(ds, name))
			throw new SimError(102, 'Duplicated document name in the same dataset.');
		const doc = r.state.addDocument(ds.id, { name, content: Buffer.alloc(0), type: 'virtual' });
		sendResult(r, r.state.documentView(doc, 'insert'));
		return;
	}

	if (mode === 'web') {
		const fields = bodyObject(r);
		const name = fields.name;
		const url = fields.url;
		if (typeof name !== 'string' || !name || typeof url !== 'string' || !url)
			throw new SimError(101, '`name` and `url` are required.');
		if (Buffer.byteLength(name) > 255)
			throw new SimError(101, 'File name must be 255 bytes or less.');
		if (!/^https?:\/\/[^\s/]+/i.test(url)) throw new SimError(101, 'The URL format is invalid');
		const content = `%PDF-1.4\nWeb page ${url}\nThis page was captured from ${url} and rendered to PDF.\n`;
		const doc = r.state.addDocument(ds.id, {
			name: r.state.uniqueDocumentName(ds, `${name}.pdf`),
			content,
			type: 'pdf',
			source_type: 'web',
		});
		sendResult(r, r.state.documentView(doc, 'insert'));
		return;
	}

	const files = (r.parts ?? []).filter((p) => p.name === 'file' && p.filename !== undefined);
	if (!files.length) throw new SimError(101, 'No file part!');
	for (const file of files) {
		if (!file.filename) throw new SimError(101, 'No file selected!');
		if (Buffer.byteLength(file.filename) > 255)
			throw new SimError(101, 'File name must be 255 bytes or less.');
	}
	const errors: string[] = [];
	const docs = [];
	for (const file of files) {
		const filename = file.filename!.split(/[\\/]/).pop()!;
		if (fileTypeOf(filename) === 'other') {
			errors.push(`${filename}: This type of file has not been supported yet!`);
			continue;
		}
		const doc = r.state.addDocument(ds.id, {
			name: r.state.uniqueDocumentName(ds, filename),
			content: file.data,
		});
		docs.push(r.state.documentView(doc, 'insert'));
	}
	if (errors.length) {
		const payload: Record<string, unknown> = { code: 500, message: errors.join('\n') };
		if (docs.length) payload.data = docs;
		sendJson(r.res, 200, payload);
		return;
	}
	sendResult(r, docs);
}

// ---------- list (docs/ragflow-api.md §6.2) ----------

function runFilter(values: string[]): Set<string> | undefined {
	if (!values.length) return undefined;
	const out = new Set<string>();
	for (const v of values) {
		const key = v.trim().toUpperCase();
		if (/^[0-5]$/.test(key)) out.add(key);
		else if (key in RUN_CODE) out.add(RUN_CODE[key]);
		else throw new SimError(102, `Invalid filter run status conditions: ${v}`);
	}
	return out;
}

function matchCondition(doc: DocumentRow, cond: Record<string, unknown>): boolean {
	const name = String(cond.name ?? cond.key ?? '');
	const op = String(cond.comparison_operator ?? cond.op ?? '=');
	const actual = doc.meta_fields[name];
	const expected = cond.value;
	const values = Array.isArray(actual) ? actual : actual === undefined ? [] : [actual];
	const lc = (v: unknown) => String(v).toLowerCase();
	const num = (v: unknown) => Number(v);
	switch (op) {
		case '=':
		case 'is':
			return values.some((v) => lc(v) === lc(expected));
		case '≠':
		case '!=':
		case 'not is':
			return !values.some((v) => lc(v) === lc(expected));
		case '>':
			return values.some(
				(v) => num(v) > num(expected) || (isNaN(num(v)) && String(v) > String(expected)),
			);
		case '<':
			return values.some(
				(v) => num(v) < num(expected) || (isNaN(num(v)) && String(v) < String(expected)),
			);
		case '≥':
		case '>=':
			return values.some(
				(v) => num(v) >= num(expected) || (isNaN(num(v)) && String(v) >= String(expected)),
			);
		case '≤':
		case '<=':
			return values.some(
				(v) => num(v) <= num(expected) || (isNaN(num(v)) && String(v) <= String(expected)),
			);
		case 'contains':
			return values.some((v) => lc(v).includes(lc(expected)));
		case 'not contains':
			return !values.some((v) => lc(v).includes(lc(expected)));
		case 'in':
			return values.some((v) =>
				(Array.isArray(expected) ? expected : String(expected).split(',')).map(lc).includes(lc(v)),
			);
		case 'not in':
			return !values.some((v) =>
				(Array.isArray(expected) ? expected : String(expected).split(',')).map(lc).includes(lc(v)),
			);
		case 'start with':
			return values.some((v) => lc(v).startsWith(lc(expected)));
		case 'end with':
			return values.some((v) => lc(v).endsWith(lc(expected)));
		case 'empty':
			return values.length === 0 || values.every((v) => v === '' || v === null);
		case 'not empty':
			return values.some((v) => v !== '' && v !== null);
		default:
			return false;
	}
}

export function matchMetadataCondition(
	doc: DocumentRow,
	condition: Record<string, unknown>,
): boolean {
	const conditions = Array.isArray(condition.conditions)
		? (condition.conditions as Record<string, unknown>[])
		: [];
	if (!conditions.length) return true;
	const results = conditions.map((c) => matchCondition(doc, c));
	return String(condition.logic ?? 'and').toLowerCase() === 'or'
		? results.some(Boolean)
		: results.every(Boolean);
}

function parseJsonParam(raw: string, what: string): Record<string, unknown> {
	try {
		const value = JSON.parse(raw) as unknown;
		if (!isPlainObject(value)) throw new Error('not an object');
		return value;
	} catch {
		throw new SimError(102, `Invalid ${what}: ${raw}`);
	}
}

function list(r: SimRequest) {
	const ds = ownedDataset(r);
	const query = r.query;
	const { page, pageSize } = lenientPage(query);
	const orderby = q(query, 'orderby') ?? 'create_time';
	if (!['create_time', 'update_time', 'name'].includes(orderby))
		throw new SimError(101, `invalid orderby field: ${orderby}`);
	const desc = qDesc(query);
	// Filters an older server does not read are ignored silently, as it does.
	const ids = r.profile.has('documentIdsFilter') ? qAll(query, 'ids') : [];
	if (ids.length > 100) throw new SimError(101, `ids must contain at most 100 items`);
	const runSuffix = r.profile.has('documentRunSuffixFilter');
	const runs = runSuffix
		? runFilter(qAll(query, 'run', 'run_status', 'run[]', 'run_status[]'))
		: undefined;
	const suffixes = runSuffix
		? qAll(query, 'suffix', 'suffix[]').map((s) => s.toLowerCase().replace(/^\./, ''))
		: [];
	const types = qAll(query, 'types', 'types[]');
	const badTypes = types.filter((t) => !DOC_TYPES.includes(t));
	if (badTypes.length)
		throw new SimError(
			102,
			`Invalid filter conditions: ${badTypes.join(', ')} type${badTypes.length > 1 ? 's' : ''}`,
		);
	// `LOWER(name) LIKE %keywords%` under the same collation: case and accents do not count.
	const keywordsParam = documentNameKey(q(query, 'keywords') ?? '');

	let docs = [...ds.docs.values()];
	const id = q(query, 'id');
	const name = q(query, 'name');
	if (id) {
		const doc = ds.docs.get(id);
		if (!doc) throw new SimError(102, `you don't own the document ${id}`);
		// `name` still applies (the filters are ANDed): an unknown name is refused, another document's
		// name leaves nothing.
		if (name && !r.state.hasDocumentName(ds, name))
			throw new SimError(102, `you don't own the document ${name}`);
		docs = name && !sameDocumentName(doc.name, name) ? [] : [doc];
	} else {
		if (name) {
			// An SQL `=` under the column's collation, like the duplicate check on upload.
			docs = docs.filter((d) => sameDocumentName(d.name, name));
			if (!docs.length) throw new SimError(102, `you don't own the document ${name}`);
		}
		const metadataRaw = q(query, 'metadata');
		let emptyMetadata = qBool(q(query, 'return_empty_metadata'));
		if (metadataRaw) {
			const metadata = parseJsonParam(metadataRaw, 'metadata');
			if (metadata.empty_metadata === true) emptyMetadata = true;
			for (const [key, value] of Object.entries(metadata)) {
				if (key === 'empty_metadata') continue;
				const wanted = (Array.isArray(value) ? value : [value]).map(String);
				docs = docs.filter((d) => {
					const actual = d.meta_fields[key];
					const have = (Array.isArray(actual) ? actual : actual === undefined ? [] : [actual]).map(
						String,
					);
					return have.some((v) => wanted.includes(v));
				});
			}
		}
		if (emptyMetadata) docs = docs.filter((d) => Object.keys(d.meta_fields).length === 0);
		const conditionRaw = r.profile.has('documentMetadataCondition')
			? q(query, 'metadata_condition')
			: undefined;
		if (conditionRaw) {
			const condition = parseJsonParam(conditionRaw, 'metadata_condition');
			docs = docs.filter((d) => matchMetadataCondition(d, condition));
		}
	}
	if (ids.length) docs = docs.filter((d) => ids.includes(d.id));
	if (keywordsParam) docs = docs.filter((d) => documentNameKey(d.name).includes(keywordsParam));
	if (suffixes.length) docs = docs.filter((d) => suffixes.includes(d.suffix));
	if (types.length) docs = docs.filter((d) => types.includes(d.type));

	if (q(query, 'type') === 'filter') {
		const suffix: Record<string, number> = {};
		const runStatus: Record<string, number> = {};
		const metadata: Record<string, Record<string, number>> = {};
		for (const d of runs ? docs.filter((x) => runs.has(x.run)) : docs) {
			suffix[d.suffix] = (suffix[d.suffix] ?? 0) + 1;
			runStatus[d.run] = (runStatus[d.run] ?? 0) + 1;
			for (const [key, value] of Object.entries(d.meta_fields)) {
				metadata[key] ??= {};
				for (const v of Array.isArray(value) ? value : [value])
					metadata[key][String(v)] = (metadata[key][String(v)] ?? 0) + 1;
			}
		}
		const total = Object.values(runStatus).reduce((a, b) => a + b, 0);
		sendJsonResult(r, { total, filter: { suffix, run_status: runStatus, metadata } });
		return;
	}
	if (runs) docs = docs.filter((d) => runs.has(d.run));

	const sign = desc ? -1 : 1;
	if (orderby === 'name')
		docs.sort((a, b) => (a.name.localeCompare(b.name) || a.seq - b.seq) * sign);
	else if (orderby === 'update_time')
		docs.sort((a, b) => (a.update_time - b.update_time || a.useq - b.useq) * sign);
	else docs.sort((a, b) => (a.create_time - b.create_time || a.seq - b.seq) * sign);

	const total = docs.length;
	let pageDocs = paginate(docs, page, pageSize);
	// The create-time filter is applied after pagination and does not change `total` (a server quirk).
	const from = Number(q(query, 'create_time_from') ?? 0) || 0;
	const to = Number(q(query, 'create_time_to') ?? 0) || 0;
	if (from) pageDocs = pageDocs.filter((d) => d.create_time >= from);
	if (to) pageDocs = pageDocs.filter((d) => d.create_time <= to);
	sendJsonResult(r, { total, docs: pageDocs.map((d) => r.state.documentView(d, 'list')) });
}

// ---------- update (docs/ragflow-api.md §6.3) ----------

function update(r: SimRequest) {
	const ds = ownedDataset(r, () => "you don't own the dataset");
	const doc = ds.docs.get(r.params.document_id);
	if (!doc) throw new SimError(102, "the dataset doesn't own the document");
	const body = bodyObject(r);

	for (const key of ['chunk_count', 'token_count', 'progress'] as const) {
		if (key in body && body[key] !== doc[key]) throw new SimError(102, `can't change \`${key}\``);
	}
	if ('name' in body) {
		const name = body.name;
		if (typeof name !== 'string' || !name) throw new SimError(102, '`name` cannot be empty.');
		if (Buffer.byteLength(name) > 255)
			throw new SimError(101, 'File name must be 255 bytes or less.');
		if (suffixOf(name) !== suffixOf(doc.name))
			throw new SimError(101, "The extension of file can't be changed");
		// RAGFlow reads the documents its database finds for the name, then refuses only an exact
		// (case-sensitive) match: renaming next to "h.txt" to "H.txt" is allowed.
		const taken = [...ds.docs.values()].some((d) => d.id !== doc.id && d.name === name);
		if (name !== doc.name && taken)
			throw new SimError(102, 'Duplicated document name in the same dataset.');
	}
	if ('chunk_method' in body) {
		const method = body.chunk_method;
		if (typeof method !== 'string' || !method)
			throw new SimError(102, '`chunk_method` cannot be empty.');
		if (!DOC_CHUNK_METHODS.includes(method))
			throw new SimError(102, `\`chunk_method\` ${method} doesn't exist`);
		if (
			(doc.type === 'visual' && method !== 'picture') ||
			(doc.type === 'aural' && method !== 'audio')
		) {
			throw new SimError(102, 'the automatically detected parser type cannot be changed');
		}
		if (method === 'audio' && !isPlainObject(body.parser_config))
			throw new SimError(100, "KeyError('audio')");
	}
	if ('parser_config' in body) {
		body.parser_config = validateParserConfig(body.parser_config, 102);
	}
	if ('enabled' in body && !(body.enabled === 0 || body.enabled === 1)) {
		throw new SimError(
			102,
			`Field: <enabled> - Message: <Input should be 0 or 1> - Value: <${JSON.stringify(body.enabled)}>`,
		);
	}
	if ('meta_fields' in body) {
		const meta = body.meta_fields;
		if (!isPlainObject(meta)) throw new SimError(102, 'meta_fields must be a dictionary');
		const okValue = (v: unknown) => typeof v === 'string' || typeof v === 'number';
		for (const [key, value] of Object.entries(meta)) {
			if (!(okValue(value) || (Array.isArray(value) && value.every(okValue)))) {
				throw new SimError(102, `The type is not supported in list: ${key}`);
			}
		}
	}

	if (typeof body.name === 'string') r.state.renameDocument(doc, body.name);
	const methodChanged =
		typeof body.chunk_method === 'string' && body.chunk_method !== doc.chunk_method;
	const pipelineChanged = typeof body.pipeline_id === 'string';
	if (methodChanged) {
		doc.chunk_method = body.chunk_method as string;
		if (!isPlainObject(body.parser_config))
			doc.parser_config = defaultParserConfig(doc.chunk_method);
	}
	if (pipelineChanged) doc.pipeline_id = (body.pipeline_id as string) || null;
	if (methodChanged || pipelineChanged) r.state.resetDocument(doc);
	if (isPlainObject(body.parser_config)) {
		const merged = deepMerge(doc.parser_config, flattenExt(body.parser_config));
		if (!('raptor' in body.parser_config)) delete merged.raptor; // server quirk (§6.3)
		doc.parser_config = merged;
	}
	if (body.enabled === 0 || body.enabled === 1) {
		doc.status = String(body.enabled);
		for (const chunk of doc.chunks.values()) chunk.available = body.enabled === 1;
	}
	if (isPlainObject(body.meta_fields)) doc.meta_fields = body.meta_fields;
	r.state.touch(doc);
	sendResult(r, r.state.documentView(doc));
}

// ---------- download (docs/ragflow-api.md §6.4) ----------

async function streamBuffer(res: ServerResponse, data: Buffer) {
	const slice = 256 * 1024;
	for (let offset = 0; offset < data.length; offset += slice) {
		if (res.destroyed) return;
		const ok = res.write(data.subarray(offset, Math.min(offset + slice, data.length)));
		if (!ok) {
			await new Promise<void>((resolve) => {
				const done = () => {
					res.off('drain', done);
					res.off('close', done);
					resolve();
				};
				res.on('drain', done);
				res.on('close', done);
			});
		}
	}
	res.end();
}

async function sendFile(r: SimRequest, doc: DocumentRow, inline = false) {
	if (doc.size === 0) throw new SimError(102, 'This file is empty.');
	const ext = doc.suffix;
	const mime =
		MIME[ext] ?? (doc.type === 'visual' ? `image/${ext}` : `application/${ext || 'octet-stream'}`);
	const encoded = encodeURIComponent(doc.name);
	const disposition = /^[\x20-\x7e]*$/.test(doc.name)
		? `filename=${doc.name}`
		: `filename*=UTF-8''${encoded}`;
	r.res.writeHead(200, {
		'Content-Type': mime,
		'Content-Length': doc.content.length,
		'Content-Disposition': `${inline ? 'inline' : 'attachment'}; ${disposition}`,
	});
	await streamBuffer(r.res, doc.content);
}

async function download(r: SimRequest) {
	const doc = r.state.getDocument(r.params.document_id);
	if (!doc) throw new SimError(102, 'document not found');
	if (doc.dataset_id !== r.params.dataset_id)
		throw new SimError(102, `The dataset not own the document ${doc.id}.`);
	await sendFile(r, doc);
}

async function downloadById(r: SimRequest, inline = false) {
	const doc = r.state.getDocument(r.params.document_id);
	if (!doc) throw new SimError(102, 'document not found');
	await sendFile(r, doc, inline);
}

// ---------- delete (docs/ragflow-api.md §6.5) ----------

/** Before v0.25: no request model, and a body without `ids` deletes every document of the dataset. */
function removeOld(r: SimRequest) {
	const ds = ownedDataset(r);
	const body = bodyObject(r);
	const ids = Array.isArray(body.ids) && body.ids.length ? body.ids.map(String) : undefined;
	const missing = (ids ?? []).filter((id) => !ds.docs.has(id));
	if (missing.length) throw new SimError(102, `Documents not found: ${pyList(missing)}`);
	const targets = ids ? [...new Set(ids)].map((id) => ds.docs.get(id)!) : [...ds.docs.values()];
	for (const doc of targets) r.state.removeDocument(doc);
	sendResult(r);
}

function remove(r: SimRequest) {
	if (!r.profile.has('deleteAllFlag')) {
		removeOld(r);
		return;
	}
	const body = validatedBody(r);
	const ds = ownedDataset(r);
	for (const [key, value] of Object.entries(body)) {
		if (!['ids', 'delete_all'].includes(key))
			throw pydanticError(key, 'Extra inputs are not permitted', value);
	}
	const ids = body.ids;
	if (ids !== undefined && ids !== null && !Array.isArray(ids))
		throw pydanticError('ids', 'Input should be a valid list', ids);
	const hasIds = Array.isArray(ids) && ids.length > 0;
	const all = body.delete_all === true;
	if (!hasIds && !all)
		throw new SimError(
			102,
			`should either provide doc ids or set delete_all(true), dataset: ${ds.id}. `,
		);
	if (hasIds && all)
		throw new SimError(
			102,
			`should not provide both doc ids and delete_all(true), dataset: ${ds.id}. `,
		);
	let targets: DocumentRow[];
	if (hasIds) {
		const list = (ids as unknown[]).map(String);
		const dup = list.filter((v, i) => list.indexOf(v) !== i);
		if (dup.length)
			throw pydanticError(
				'ids',
				`Value error, Duplicate ids: '${[...new Set(dup)].join(', ')}'`,
				ids,
			);
		const missing = list.filter((id) => !ds.docs.has(id));
		if (missing.length)
			throw new SimError(
				102,
				`These documents do not belong to dataset ${ds.id} or Document not found: ${missing.join(', ')}`,
			);
		targets = list.map((id) => ds.docs.get(id)!);
	} else targets = [...ds.docs.values()];
	for (const doc of targets) r.state.removeDocument(doc);
	sendResult(r, { deleted: targets.length });
}

// ---------- parse and stop (docs/ragflow-api.md §6.6, §6.7) ----------

function documentIds(r: SimRequest, strictList: boolean): string[] {
	const ids = bodyObject(r).document_ids;
	if (strictList && ids !== undefined && ids !== null && !Array.isArray(ids))
		throw new SimError(102, '`document_ids` should be a list');
	if (!Array.isArray(ids) || ids.length === 0)
		throw new SimError(102, '`document_ids` is required');
	return ids.map(String);
}

function parseChunksEndpoint(r: SimRequest) {
	const ds = ownedDataset(r, (id) => `You don't own the dataset ${id}.`);
	const { unique, errors } = checkDuplicateIds(documentIds(r, false), 'document');
	if (ds.pipeline_id) {
		throw new SimError(
			101,
			'Datasets configured with an ingestion pipeline cannot be parsed with `/chunks`. Use `/documents/ingest` instead.',
		);
	}
	const missing: string[] = [];
	for (const id of unique) {
		const doc = ds.docs.get(id);
		if (!doc) {
			missing.push(id);
			continue;
		}
		if (doc.run === '1')
			throw new SimError(102, "Can't parse document that is currently being processed");
		r.state.startParse(doc);
	}
	if (missing.length) throw new SimError(102, `Documents not found: ${pyList(missing)}`);
	if (errors.length) sendResult(r, { success_count: unique.length, errors });
	else sendResult(r);
}

function parseDocumentsEndpoint(r: SimRequest) {
	const ds = ownedDataset(r, (id) => `You don't own the dataset ${id}.`);
	const { unique, errors } = checkDuplicateIds(documentIds(r, true), 'document');
	const missing: string[] = [];
	let count = 0;
	for (const id of unique) {
		const doc = ds.docs.get(id);
		if (!doc) {
			missing.push(id);
			continue;
		}
		r.state.startParse(doc);
		count++;
	}
	if (missing.length) throw new SimError(102, `Documents not found: ${pyList(missing)}`);
	sendResult(r, errors.length ? { success_count: count, errors } : { success_count: count });
}

function stopChunksEndpoint(r: SimRequest) {
	const ds = ownedDataset(r, (id) => `You don't own the dataset ${id}.`);
	const ids = documentIds(r, false);
	for (const id of [...new Set(ids)]) {
		const doc = ds.docs.get(id);
		if (!doc) throw new SimError(102, `you don't own the document ${id}`);
		if (doc.run !== '1') {
			throw new SimError(
				102,
				"Can't stop parsing document that has not started or already completed",
				{ error_code: 'DOC_STOP_PARSING_INVALID_STATE' },
			);
		}
		r.state.cancelParse(doc, false);
	}
	sendResult(r);
}

function stopDocumentsEndpoint(r: SimRequest) {
	const ds = ownedDataset(r, (id) => `You don't own the dataset ${id}.`);
	const { unique, errors } = checkDuplicateIds(documentIds(r, true), 'document');
	const missing = unique.filter((id) => !ds.docs.has(id));
	if (missing.length) throw new SimError(102, `Documents not found: ${pyList(missing)}`);
	let count = 0;
	for (const id of unique) {
		const doc = ds.docs.get(id)!;
		if (doc.run !== '1' && doc.run !== '2') {
			errors.push(`Can't stop parsing document ${id} that has not started or already completed`);
			continue;
		}
		r.state.cancelParse(doc, true);
		count++;
	}
	sendResult(r, errors.length ? { success_count: count, errors } : { success_count: count });
}

// ---------- bulk status and metadata (docs/ragflow-api.md §6.8, §6.10) ----------

function batchUpdateStatus(r: SimRequest) {
	const ds = ownedDataset(r, () => "you don't own the dataset");
	const body = bodyObject(r);
	const ids = body.doc_ids;
	if (!Array.isArray(ids) || !ids.length || ids.some((v) => typeof v !== 'string' || !v)) {
		throw new SimError(101, '`doc_ids` must be a non-empty list of strings');
	}
	const status = String(body.status);
	if (!['0', '1'].includes(status)) throw new SimError(101, '`status` must be either 0 or 1');
	const data: Record<string, unknown> = {};
	let failed = false;
	for (const id of ids as string[]) {
		const doc = ds.docs.get(id);
		if (!doc) {
			data[id] = { error: 'Document not found' };
			failed = true;
			continue;
		}
		doc.status = status;
		for (const chunk of doc.chunks.values()) chunk.available = status === '1';
		r.state.touch(doc);
		data[id] = { status };
	}
	if (failed) sendJson(r.res, 200, { code: 500, message: 'Partial failure', data });
	else sendResult(r, data);
}

function metadataSummary(r: SimRequest) {
	const ds = ownedDataset(r);
	const filter = (q(r.query, 'doc_ids') ?? '').split(',').filter(Boolean);
	const summary: Record<string, { type: string; values: [unknown, number][] }> = {};
	for (const doc of ds.docs.values()) {
		if (filter.length && !filter.includes(doc.id)) continue;
		for (const [key, value] of Object.entries(doc.meta_fields)) {
			const entry = (summary[key] ??= {
				type: Array.isArray(value) ? 'list' : typeof value === 'number' ? 'number' : 'string',
				values: [],
			});
			for (const v of Array.isArray(value) ? value : [value]) {
				const existing = entry.values.find((pair) => pair[0] === v);
				if (existing) existing[1]++;
				else entry.values.push([v, 1]);
			}
		}
	}
	sendResult(r, { summary });
}

function metadataBatchUpdate(r: SimRequest) {
	const ds = ownedDataset(r);
	const body = bodyObject(r);
	const selector = isPlainObject(body.selector) ? body.selector : {};
	const ids = Array.isArray(selector.document_ids) ? (selector.document_ids as string[]) : [];
	const condition = isPlainObject(selector.metadata_condition)
		? selector.metadata_condition
		: undefined;
	const updates = Array.isArray(body.updates) ? (body.updates as Record<string, unknown>[]) : [];
	const deletes = Array.isArray(body.deletes) ? (body.deletes as Record<string, unknown>[]) : [];
	let docs = ids.map((id) => ds.docs.get(id)).filter((d): d is DocumentRow => !!d);
	if (condition) docs = docs.filter((d) => matchMetadataCondition(d, condition));
	let updated = 0;
	for (const doc of docs) {
		const before = JSON.stringify(doc.meta_fields);
		const meta = { ...doc.meta_fields };
		for (const u of updates) {
			const key = String(u.key);
			const current = meta[key];
			if (Array.isArray(current)) {
				if ('match' in u) meta[key] = current.map((v) => (v === u.match ? u.value : v));
				else if (!current.includes(u.value)) meta[key] = [...current, u.value];
			} else if (!('match' in u) || current === u.match) meta[key] = u.value;
		}
		for (const d of deletes) {
			const key = String(d.key);
			if ('value' in d && Array.isArray(meta[key]))
				meta[key] = (meta[key] as unknown[]).filter((v) => v !== d.value);
			else delete meta[key];
		}
		doc.meta_fields = meta;
		if (JSON.stringify(meta) !== before) {
			updated++;
			r.state.touch(doc);
		}
	}
	sendResult(r, { updated, matched_docs: docs.length });
}

function documentMetadataConfig(r: SimRequest) {
	const ds = ownedDataset(r);
	const doc = ds.docs.get(r.params.document_id);
	if (!doc) throw new SimError(102, "the dataset doesn't own the document");
	const body = bodyObject(r);
	if (!('metadata' in body)) throw new SimError(101, 'required argument are missing: metadata; ');
	doc.metadata_config = body.metadata as Record<string, unknown>;
	r.state.touch(doc);
	sendResult(r, {
		...r.state.documentView(doc),
		kb_id: ds.id,
		parser_id: doc.chunk_method,
		metadata_config: doc.metadata_config,
	});
}

function attachmentUpload(r: SimRequest) {
	const files = (r.parts ?? []).filter((p) => p.name === 'file' && p.filename);
	if (!files.length) throw new SimError(101, 'No file part!');
	const out = files.map((file) => {
		const id = newId();
		const ext = suffixOf(file.filename!);
		const att = {
			id,
			name: file.filename!,
			size: file.size,
			data: file.data,
			mime_type: file.contentType ?? MIME[ext] ?? 'application/octet-stream',
			created_at: Date.now() / 1000,
		};
		r.state.attachments.set(id, att);
		return {
			id,
			name: att.name,
			size: att.size,
			extension: ext,
			mime_type: att.mime_type,
			created_by: TENANT_ID,
			created_at: att.created_at,
			preview_url: null,
		};
	});
	sendJsonResult(r, out.length === 1 ? out[0] : out);
}

export function registerDocumentRoutes(router: Router) {
	router.add('POST', '/datasets/{dataset_id}/documents', upload);
	router.add('GET', '/datasets/{dataset_id}/documents', list);
	router.add('DELETE', '/datasets/{dataset_id}/documents', remove);
	router.add('POST', '/datasets/{dataset_id}/documents/parse', parseDocumentsEndpoint, {
		requires: 'documentParseRoutes',
	});
	router.add('POST', '/datasets/{dataset_id}/documents/stop', stopDocumentsEndpoint, {
		requires: 'documentParseRoutes',
	});
	router.add('POST', '/datasets/{dataset_id}/documents/batch-update-status', batchUpdateStatus);
	router.add('PATCH', '/datasets/{dataset_id}/documents/metadatas', metadataBatchUpdate);
	router.add('POST', '/datasets/{dataset_id}/metadata/update', metadataBatchUpdate);
	router.add('GET', '/datasets/{dataset_id}/metadata/summary', metadataSummary);
	router.add(
		'PUT',
		'/datasets/{dataset_id}/documents/{document_id}/metadata/config',
		documentMetadataConfig,
	);
	router.add('PATCH', '/datasets/{dataset_id}/documents/{document_id}', update, {
		requires: 'documentPatch',
	});
	router.add('PUT', '/datasets/{dataset_id}/documents/{document_id}', update);
	router.add('GET', '/datasets/{dataset_id}/documents/{document_id}', download);
	router.add('POST', '/datasets/{dataset_id}/chunks', parseChunksEndpoint);
	router.add('DELETE', '/datasets/{dataset_id}/chunks', stopChunksEndpoint);
	router.add('GET', '/documents/{document_id}', (r) => downloadById(r));
	router.add('GET', '/documents/{document_id}/preview', (r) => downloadById(r, true));
	router.add('POST', '/documents/upload', attachmentUpload);
}
