/** Chunks (docs/ragflow-api.md §8.1–8.6) and retrieval (§8.7). */
import {
	bodyObject,
	isPlainObject,
	lenientPage,
	pyRepr,
	pyTypeOf,
	paginate,
	q,
	qAll,
	type Router,
	type SimRequest,
	SimError,
	sendResult,
} from '../http.cts';
import type { DatasetRow, DocumentRow } from '../state.cts';
import { pyFloat, pyInt } from '../validation.cts';
import { chunkId, keywords, tokenize } from '../text.cts';
import { matchMetadataCondition } from './documents.cts';

function target(r: SimRequest): { ds: DatasetRow; doc: DocumentRow } {
	const ds = r.state.getDataset(r.params.dataset_id);
	if (!ds) throw new SimError(102, `You don't own the dataset ${r.params.dataset_id}.`);
	const doc = ds.docs.get(r.params.document_id);
	if (!doc) throw new SimError(102, `you don't own the document ${r.params.document_id}`);
	return { ds, doc };
}

const isStringList = (v: unknown): v is string[] =>
	Array.isArray(v) && v.every((x) => typeof x === 'string');

function list(r: SimRequest) {
	const { doc } = target(r);
	const { page, pageSize } = lenientPage(r.query);
	const docView = r.state.documentView(doc);
	const id = q(r.query, 'id');
	if (id) {
		const chunk = doc.chunks.get(id);
		if (!chunk) throw new SimError(102, `Chunk not found: ${doc.dataset_id}/${id}`);
		sendResult(r, {
			total: 1,
			chunks: [{ ...r.state.chunkView(chunk, doc), tag_feas: chunk.tag_feas }],
			doc: docView,
		});
		return;
	}
	const ids = qAll(r.query, 'chunk_ids')
		.flatMap((v) => v.split(','))
		.filter(Boolean);
	if (ids.length > 100) throw new SimError(101, 'chunk_ids must contain at most 100 items');
	let chunks = [...doc.chunks.values()];
	if (ids.length) chunks = chunks.filter((c) => ids.includes(c.id));
	const available = r.profile.has('chunkAvailableFilter') ? q(r.query, 'available') : undefined;
	if (available !== undefined)
		chunks = chunks.filter((c) => c.available === (available.toLowerCase() === 'true'));
	const kw = keywords(q(r.query, 'keywords') ?? '');
	if (kw.length) chunks = chunks.filter((c) => keywords(c.content).some((w) => kw.includes(w)));
	sendResult(r, {
		total: chunks.length,
		chunks: paginate(chunks, page, pageSize).map((c) => r.state.chunkView(c, doc, kw)),
		doc: docView,
	});
}

function getOne(r: SimRequest) {
	const { doc } = target(r);
	const chunk = doc.chunks.get(r.params.chunk_id);
	if (!chunk) throw new SimError(102, 'Chunk not found!');
	sendResult(r, r.state.chunkRaw(chunk, doc));
}

function add(r: SimRequest) {
	const { ds, doc } = target(r);
	const body = { ...bodyObject(r) };
	// Before v0.25 the handler read only content, important_keywords and questions.
	if (!r.profile.has('chunkTagsImage')) {
		delete body.tag_kwd;
		delete body.image_base64;
	}
	if (typeof body.content !== 'string' || !body.content.trim())
		throw new SimError(102, '`content` is required');
	if ('important_keywords' in body && !isStringList(body.important_keywords))
		throw new SimError(102, '`important_keywords` is required to be a list');
	if ('questions' in body && !isStringList(body.questions))
		throw new SimError(102, '`questions` is required to be a list');
	if ('tag_kwd' in body && !isStringList(body.tag_kwd))
		throw new SimError(102, '`tag_kwd` is required to be a list');
	if (
		'tag_feas' in body &&
		!(
			isPlainObject(body.tag_feas) &&
			Object.values(body.tag_feas).every((v) => typeof v === 'number')
		)
	) {
		throw new SimError(102, '`tag_feas` must be an object mapping tags to numeric weights');
	}
	const image =
		typeof body.image_base64 === 'string' && body.image_base64 ? body.image_base64 : undefined;
	const existed = doc.chunks.has(chunkId(body.content, doc.id));
	const chunk = r.state.insertChunk(doc, {
		content: body.content,
		important_keywords: (body.important_keywords as string[]) ?? [],
		questions: ((body.questions as string[]) ?? []).map((s) => s.trim()).filter(Boolean),
		tag_kwd: (body.tag_kwd as string[]) ?? [],
		tag_feas: (body.tag_feas as Record<string, number>) ?? {},
	});
	// RAGFlow's bookkeeping quirk: the same content overwrites its chunk (same id), yet the add still
	// increments the document's chunk and token counts.
	if (existed) {
		doc.chunk_count++;
		doc.token_count += chunk.tokens;
	}
	if (image) {
		chunk.image_id = `${ds.id}-${chunk.id}`;
		chunk.doc_type_kwd = 'image';
	}
	r.state.touch(doc);
	r.state.touch(ds);
	const view: Record<string, unknown> = {
		id: chunk.id,
		content: chunk.content,
		document_id: doc.id,
		important_keywords: chunk.important_keywords,
		questions: chunk.questions,
		dataset_id: ds.id,
		create_time: chunk.create_time,
		create_timestamp: chunk.create_timestamp,
		doc_type_kwd: chunk.doc_type_kwd,
	};
	if (chunk.tag_kwd.length) view.tag_kwd = chunk.tag_kwd;
	if (image) view.image_id = chunk.image_id;
	sendResult(r, { chunk: view });
}

function update(r: SimRequest) {
	const { doc } = target(r);
	const chunk = doc.chunks.get(r.params.chunk_id);
	if (!chunk) throw new SimError(102, `Can't find this chunk ${r.params.chunk_id}`);
	const body = bodyObject(r);
	// `content: null` keeps the stored content, as RAGFlow does.
	if (
		'content' in body &&
		body.content !== null &&
		(typeof body.content !== 'string' || !body.content.trim())
	)
		throw new SimError(102, '`content` is required');
	const content = typeof body.content === 'string' ? body.content : chunk.content;
	if (doc.chunk_method === 'qa' && content.split(/[\t\n]/).filter(Boolean).length !== 2) {
		throw new SimError(102, 'Q&A must be separated by TAB/ENTER key.');
	}
	for (const key of ['important_keywords', 'questions', 'tag_kwd'] as const) {
		if (key in body && !isStringList(body[key]))
			throw new SimError(102, `\`${key}\` should be a list`);
	}
	if (typeof body.content === 'string' && body.content !== chunk.content) {
		const delta = tokenize(content).length;
		doc.token_count += delta - chunk.tokens;
		chunk.tokens = delta;
		chunk.content = content;
	}
	if (isStringList(body.important_keywords)) chunk.important_keywords = body.important_keywords;
	if (isStringList(body.questions))
		chunk.questions = body.questions.map((s) => s.trim()).filter(Boolean);
	if (isStringList(body.tag_kwd)) chunk.tag_kwd = body.tag_kwd;
	if (isPlainObject(body.tag_feas)) chunk.tag_feas = body.tag_feas;
	if ('available' in body) chunk.available = !!body.available;
	if (Array.isArray(body.positions)) chunk.positions = body.positions as number[][];
	if (typeof body.image_base64 === 'string' && body.image_base64) {
		chunk.image_id = `${doc.dataset_id}-${chunk.id}`;
		chunk.doc_type_kwd = 'image';
	}
	r.state.touch(doc);
	sendResult(r);
}

function remove(r: SimRequest) {
	const { ds, doc } = target(r);
	const body = bodyObject(r);
	const ids = Array.isArray(body.chunk_ids) ? (body.chunk_ids as unknown[]).map(String) : undefined;
	// Before v0.25 a body without chunk_ids deleted every chunk (and `delete_all` was not read).
	if ((r.profile.has('deleteAllFlag') ? body.delete_all === true : true) && !ids?.length) {
		const n = doc.chunks.size;
		for (const id of [...doc.chunks.keys()]) r.state.removeChunk(doc, id);
		if (n) {
			r.state.touch(doc);
			r.state.touch(ds);
		}
		sendResult(r);
		return;
	}
	if (!ids?.length) {
		sendResult(r);
		return;
	}
	const unique = [...new Set(ids)];
	const dups = [...new Set(ids.filter((v, i) => ids.indexOf(v) !== i))];
	let deleted = 0;
	for (const id of unique) if (r.state.removeChunk(doc, id)) deleted++;
	if (deleted) {
		r.state.touch(doc);
		r.state.touch(ds);
	}
	if (deleted !== unique.length)
		throw new SimError(102, `rm_chunk deleted chunks ${deleted}, expect ${unique.length}`);
	if (dups.length)
		sendResult(r, { success_count: deleted, errors: dups.map((d) => `Duplicate chunk ids: ${d}`) });
	else sendResult(r);
}

function switchAvailability(r: SimRequest) {
	const { doc } = target(r);
	const body = bodyObject(r);
	const ids = body.chunk_ids;
	if (!Array.isArray(ids) || !ids.length) throw new SimError(102, '`chunk_ids` is required');
	let value: boolean;
	if ('available_int' in body) value = Number(body.available_int) === 1;
	else if ('available' in body) value = !!body.available;
	else throw new SimError(102, '`available_int` or `available` is required');
	const chunks = ids.map((id) => doc.chunks.get(String(id)));
	if (chunks.some((c) => !c)) throw new SimError(102, 'Index updating failure');
	for (const c of chunks) c!.available = value;
	r.state.touch(doc);
	sendResult(r, true);
}

// ---------- retrieval (docs/ragflow-api.md §8.7) ----------

/**
 * `metadata_condition` as RAGFlow's convert_conditions reads it: a non-object, a condition that is not
 * an object or lacks `comparison_operator`, `name` or `value` fails the request (code 100), as the
 * server reads each key unconditionally.
 */
function readMetadataCondition(condition: unknown): Record<string, unknown> {
	if (!isPlainObject(condition))
		throw new SimError(
			100,
			`AttributeError("'${pyTypeOf(condition)}' object has no attribute 'get'")`,
		);
	const conditions = condition.conditions ?? [];
	if (typeof conditions === 'string' || isPlainObject(conditions))
		throw new SimError(100, `TypeError('string indices must be integers, not \'str\'')`);
	if (!Array.isArray(conditions))
		throw new SimError(100, `TypeError("'${pyTypeOf(conditions)}' object is not iterable")`);
	for (const cond of conditions) {
		if (!isPlainObject(cond))
			throw new SimError(100, `TypeError("'${pyTypeOf(cond)}' object is not subscriptable")`);
		for (const key of ['comparison_operator', 'name', 'value']) {
			if (!(key in cond)) throw new SimError(100, `KeyError('${key}')`);
		}
	}
	return condition;
}

/** The rerank models of the tenant; an unknown one fails inside the handler's try (code 100). */
function checkRerankModel(r: SimRequest, rerankId: unknown) {
	if (!rerankId) return;
	const id = String(rerankId);
	if (/^[0-9a-f]{32}$/i.test(id) || r.state.models.rerank.includes(id)) return;
	throw new SimError(100, `LookupError(${pyRepr(`Model ${id} not found for model rerank`)})`);
}

/** The server's order of checks (chunk_api.py retrieval_test): each failure as RAGFlow answers it. */
function retrieval(r: SimRequest) {
	const body = bodyObject(r);
	const datasetIds = body.dataset_ids;
	if (!datasetIds || (Array.isArray(datasetIds) && !datasetIds.length))
		throw new SimError(102, '`dataset_ids` is required.');
	if (!Array.isArray(datasetIds)) throw new SimError(102, '`dataset_ids` should be a list');
	const datasets = datasetIds.map((id) => {
		const ds = r.state.getDataset(String(id));
		if (!ds) throw new SimError(102, `You don't own the dataset ${String(id)}.`);
		return ds;
	});
	if (new Set(datasets.map((d) => d.embedding_model)).size > 1)
		throw new SimError(102, 'Datasets use different embedding models.');
	if (!('question' in body)) throw new SimError(102, '`question` is required.');
	const { page, pageSize } = lenientPage({ page: body.page, page_size: body.page_size });
	const question = typeof body.question === 'string' ? body.question.trim() : body.question;
	if (!question) {
		sendResult(r, { total: 0, chunks: [], doc_aggs: {} });
		return;
	}
	const docIdsRaw = body.document_ids ?? [];
	if (!Array.isArray(docIdsRaw)) throw new SimError(102, '`documents` should be a list');
	const docIds = docIdsRaw.map(String);
	for (const id of docIds) {
		if (!datasets.some((d) => d.docs.has(id)))
			throw new SimError(102, `The datasets don't own the document ${id}`);
	}
	let documentIds = docIds;
	if (!docIds.length && body.metadata_condition && r.profile.has('retrievalMetadataCondition')) {
		const condition = readMetadataCondition(body.metadata_condition);
		documentIds = datasets.flatMap((d) =>
			[...d.docs.values()]
				.filter((doc) => matchMetadataCondition(doc, condition))
				.map((doc) => doc.id),
		);
		if (!documentIds.length && Array.isArray(condition.conditions) && condition.conditions.length) {
			sendResult(r, { total: 0, chunks: [], doc_aggs: {} });
			return;
		}
	}
	// `req.get(key, default)`: an explicit null is converted too (and fails).
	const param = (key: string, fallback: number) => (key in body ? body[key] : fallback);
	const similarityThreshold = pyFloat(param('similarity_threshold', 0.2));
	const vectorSimilarityWeight = pyFloat(param('vector_similarity_weight', 0.3));
	const topK = pyInt(param('top_k', 1024));
	if (topK <= 0) throw new SimError(102, '`top_k` must be greater than 0');
	const hl = body.highlight ?? null;
	let highlight = false;
	if (typeof hl === 'boolean') highlight = hl;
	else if (typeof hl === 'string' && ['true', 'false'].includes(hl.toLowerCase()))
		highlight = hl.toLowerCase() === 'true';
	else if (hl !== null) throw new SimError(102, '`highlight` should be a boolean');
	checkRerankModel(r, body.rerank_id);
	const results = r.state.retrieve({
		datasetIds: datasets.map((d) => d.id),
		documentIds,
		question: String(question),
		similarityThreshold,
		vectorSimilarityWeight,
		topK,
		highlight,
	});
	const includeMetadata =
		r.profile.has('retrievalIncludeMetadata') &&
		(body.include_metadata === true ||
			(isPlainObject(body.reference_metadata) && body.reference_metadata.include === true));
	const chunks = paginate(results, page, pageSize).map((res) => {
		const chunk: Record<string, unknown> = {
			id: res.chunk.id,
			content: res.chunk.content,
			content_ltks: res.chunk.content.toLowerCase(),
			document_id: res.doc.id,
			document_keyword: res.doc.name,
			dataset_id: res.doc.dataset_id,
			important_keywords: res.chunk.important_keywords,
			tag_kwd: res.chunk.tag_kwd,
			image_id: res.chunk.image_id,
			similarity: res.similarity,
			vector_similarity: res.vectorSimilarity,
			term_similarity: res.termSimilarity,
			positions: res.chunk.positions,
			doc_type_kwd: res.chunk.doc_type_kwd,
			mom_id: '',
			row_id: null,
		};
		if (res.highlight !== undefined) chunk.highlight = res.highlight;
		if (includeMetadata) chunk.document_metadata = res.doc.meta_fields;
		return chunk;
	});
	sendResult(r, { total: results.length, chunks, doc_aggs: r.state.docAggs(results) });
}

export function registerChunkRoutes(router: Router) {
	const base = '/datasets/{dataset_id}/documents/{document_id}/chunks';
	router.add('GET', base, list);
	router.add('POST', base, add);
	router.add('DELETE', base, remove);
	router.add('PATCH', base, switchAvailability, { requires: 'chunkRoutesV25' });
	router.add('GET', `${base}/{chunk_id}`, getOne, { requires: 'chunkRoutesV25' });
	router.add('PATCH', `${base}/{chunk_id}`, update, { requires: 'chunkRoutesV25' });
	router.add('PUT', `${base}/{chunk_id}`, update);
	router.add('POST', '/retrieval', retrieval);
}
