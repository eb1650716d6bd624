import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ListPage } from '../../../shared/pagination';
import { collectPages, MAX_PAGE_SIZE, readListPage } from '../../../shared/pagination';
import { API_PREFIX, noDataError, ragflowRequest } from '../../../shared/transport';
import { utf8Length } from '../../../shared/utils';
import { simplifyDocuments } from '../common';

/**
 * Upload's "If a Document With This Name Exists" option: what happens to a file whose name a
 * document of the dataset already has.
 *
 * Names are compared as RAGFlow compares them when it decides to rename an upload ("h.txt" →
 * "h(1).txt"): its duplicate check is an SQL `=` on the document name, which on RAGFlow's default
 * database (MySQL, collation utf8mb4_unicode_ci) ignores upper/lower case and accents. "H.txt" is
 * therefore the same name as "h.txt", while "h(1).txt" is a different name.
 *
 * Finding the documents costs one list request per item in the usual case, for all its files: the
 * list endpoint filters by one exact name at a time (and answers an unknown name with an error), so
 * the request uses `keywords` instead, which matches names containing a text (case-insensitive),
 * with the longest text all the item's names contain. That returns every document with one of
 * these names (and maybe some others, dropped here) on one page of 100 whenever at most 100
 * documents contain that text. Otherwise the remaining pages are read, or, when that would take
 * more requests than there are files, one `keywords` request per file name.
 */
export type IfExists = 'keepBoth' | 'skip' | 'replace';

const MODES: IfExists[] = ['keepBoth', 'skip', 'replace'];

export const ifExistsOption: INodeProperties = {
	displayName: 'If a Document With This Name Exists',
	name: 'ifExists',
	type: 'options',
	options: [
		{
			name: 'Keep Both',
			value: 'keepBoth',
			description:
				'Upload anyway; RAGFlow stores the new file under a numbered name, e.g. report(1).pdf',
		},
		{
			name: 'Replace',
			value: 'replace',
			description:
				'Upload the new file, then delete the existing document(s) with that name and give the new one the name. The existing document is deleted only after the new one is stored.',
		},
		{
			name: 'Skip',
			value: 'skip',
			description:
				'Do not upload; output the existing document with "skipped": true (uploaded documents get "skipped": false)',
		},
	],
	default: 'keepBoth',
	description:
		'What to do when the dataset already has a document with the name a file would be stored under. Names are compared ignoring upper/lower case and accents, as RAGFlow does ("H.txt" is "h.txt"; "h(1).txt" is another name). Skip and Replace first look the names up (one list request per item, more only in very large datasets), so a scheduled or retried ingestion does not pile up copies.',
};

/** The option's value, checked (an expression can give anything). */
export function readIfExists(ctx: IExecuteFunctions, options: IDataObject, i: number): IfExists {
	const value = options.ifExists ?? 'keepBoth';
	if (!MODES.includes(value as IfExists)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"${String(value)}" is not a choice for If a Document With This Name Exists`,
			{ itemIndex: i, description: `Use one of: ${MODES.join(', ')}.` },
		);
	}
	return value as IfExists;
}

/** A document name as RAGFlow's database compares it: without accents, in lower case. */
export function documentNameKey(name: string): string {
	return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * A free name for a replacement that cannot be stored under the taken one (an empty document): the
 * same extension, so that it can be renamed afterwards, and a random part.
 */
export function provisionalName(name: string): string {
	const dot = name.lastIndexOf('.');
	const hasSuffix = dot > 0 && dot < name.length - 1;
	const suffix = hasSuffix ? name.slice(dot) : '';
	const tag = `(replacing ${Math.random().toString(16).slice(2, 10).padEnd(8, '0')})`;
	let stem = hasSuffix ? name.slice(0, dot) : name;
	// RAGFlow takes names of up to 255 bytes.
	while (stem && utf8Length(`${stem}${tag}${suffix}`) > 255) stem = stem.slice(0, -1);
	return `${stem}${tag}${suffix}`;
}

/** One document the item stores (a file, a web page, an empty document) and what exists already. */
export interface UploadEntry {
	/** The name RAGFlow stores it under when the name is free (a web page's gets ".pdf"). */
	name: string;
	/** Documents of the dataset with the same name (Skip and Replace only). */
	existing: IDataObject[];
	/** Skip: not uploaded, `existing` is output instead. */
	skip: boolean;
	/** The stored document, once uploaded. */
	doc?: IDataObject;
	/** Set when a step after the upload failed for this document (it is then not output). */
	problem?: boolean;
}

function assertDistinctNames(ctx: IExecuteFunctions, names: string[], i: number) {
	const seen = new Map<string, string>();
	for (const name of names) {
		const other = seen.get(documentNameKey(name));
		if (other !== undefined) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Two files of this item would be stored under the same name: "${other}" and "${name}"`,
				{
					itemIndex: i,
					description:
						'With Skip or Replace every file of an item needs a name of its own (compared ignoring upper/lower case and accents, as RAGFlow does). Give them different names with File Name, or upload them in separate items.',
				},
			);
		}
		seen.set(documentNameKey(name), name);
	}
}

/** The longest text every one of `texts` contains ("" when they share nothing). */
export function longestCommonSubstring(texts: string[]): string {
	if (texts.length === 0) return '';
	const shortest = texts.reduce((a, b) => (b.length < a.length ? b : a));
	const sharedOfLength = (length: number): string | undefined => {
		for (let start = 0; start + length <= shortest.length; start++) {
			const candidate = shortest.slice(start, start + length);
			if (texts.every((text) => text.includes(candidate))) return candidate;
		}
		return undefined;
	};
	// A shared text of length n contains shared texts of every shorter length: search the length.
	let low = 0;
	let high = shortest.length;
	let best = '';
	while (low < high) {
		const middle = Math.ceil((low + high) / 2);
		const found = sharedOfLength(middle);
		if (found !== undefined) {
			best = found;
			low = middle;
		} else {
			high = middle - 1;
		}
	}
	return best;
}

/** The documents whose name contains `keywords` (case-insensitive), from `startPage` on. */
async function listContaining(
	ctx: IExecuteFunctions,
	i: number,
	datasetId: string,
	keywords: string,
	startPage = 1,
): Promise<IDataObject[]> {
	const path = `/datasets/${datasetId}/documents`;
	return await collectPages(
		ctx,
		async (page, pageSize) => await listPage(ctx, i, path, keywords, page, pageSize),
		{
			returnAll: true,
			pageSize: MAX_PAGE_SIZE,
			startPage,
			request: `GET ${API_PREFIX}${path}`,
			itemIndex: i,
		},
	);
}

async function listPage(
	ctx: IExecuteFunctions,
	i: number,
	path: string,
	keywords: string,
	page: number,
	pageSize: number,
): Promise<ListPage> {
	const qs: IDataObject = { page, page_size: pageSize };
	if (keywords) qs.keywords = keywords;
	const envelope = await ragflowRequest.call(ctx, 'GET', path, { qs, itemIndex: i });
	if (envelope.data === undefined || envelope.data === null) {
		throw noDataError(ctx, 'GET', path, i);
	}
	return readListPage(envelope, 'docs');
}

/** The documents of the dataset with each of `names` (see the header comment for the cost). */
async function findExisting(
	ctx: IExecuteFunctions,
	i: number,
	datasetId: string,
	names: string[],
): Promise<IDataObject[][]> {
	const lowered = names.map((name) => name.toLowerCase());
	const shared = longestCommonSubstring(lowered);
	const path = `/datasets/${datasetId}/documents`;
	const first = await listPage(ctx, i, path, shared, 1, MAX_PAGE_SIZE);
	let candidates = first.items;
	const complete =
		first.items.length < MAX_PAGE_SIZE ||
		(first.total !== undefined && first.total <= MAX_PAGE_SIZE);
	if (!complete) {
		const pagesLeft =
			first.total === undefined ? Infinity : Math.ceil(first.total / MAX_PAGE_SIZE) - 1;
		const distinct = [...new Set(lowered)];
		if (distinct.length > 1 && distinct.length < pagesLeft) {
			candidates = [];
			for (const name of distinct)
				candidates.push(...(await listContaining(ctx, i, datasetId, name)));
		} else {
			candidates = [...candidates, ...(await listContaining(ctx, i, datasetId, shared, 2))];
		}
	}
	return names.map((name) => {
		const key = documentNameKey(name);
		const found = candidates.filter((doc) => documentNameKey(String(doc.name ?? '')) === key);
		return found.filter((doc, index) => found.findIndex((d) => d.id === doc.id) === index);
	});
}

/**
 * The entries of an item: with Skip or Replace the existing documents are looked up (one list
 * request, see above) after checking that the item's own names differ; Keep Both sends nothing.
 */
export async function planUpload(
	ctx: IExecuteFunctions,
	i: number,
	datasetId: string,
	mode: IfExists,
	names: string[],
): Promise<UploadEntry[]> {
	if (mode === 'keepBoth') return names.map((name) => ({ name, existing: [], skip: false }));
	assertDistinctNames(ctx, names, i);
	const existing = await findExisting(ctx, i, datasetId, names);
	return names.map((name, index) => ({
		name,
		existing: existing[index],
		skip: mode === 'skip' && existing[index].length > 0,
	}));
}

/**
 * Hands the documents RAGFlow created to the entries that were uploaded: in order (RAGFlow keeps
 * the order of the files and leaves out the failed ones), or, when the counts differ, by name.
 * Returns the documents no entry could be matched with.
 */
export function attachDocuments(
	entries: UploadEntry[],
	docs: IDataObject[],
	failedNames: string[] = [],
): IDataObject[] {
	const uploaded = entries.filter((entry) => !entry.skip && !failedNames.includes(entry.name));
	if (uploaded.length === docs.length) {
		uploaded.forEach((entry, index) => (entry.doc = docs[index]));
		return [];
	}
	const loose: IDataObject[] = [];
	for (const doc of docs) {
		const entry = uploaded.find((e) => !e.doc && e.name === doc.name);
		if (entry) entry.doc = doc;
		else loose.push(doc);
	}
	return loose;
}

/**
 * The output of an item in the order of its files: uploaded documents (in `docs`, their final
 * form, maybe simplified; matched by id) and, for Skip, the existing documents of skipped files.
 * Skip marks every document with `skipped`; Replace adds `replaced_document_ids`.
 */
export function arrangeOutput(
	ctx: IExecuteFunctions,
	i: number,
	mode: IfExists,
	entries: UploadEntry[],
	docs: IDataObject[],
	keys: string[],
): IDataObject[] {
	if (mode === 'keepBoth') return docs;
	const byId = new Map(docs.map((doc) => [String(doc.id), doc]));
	const output: IDataObject[] = [];
	for (const entry of entries) {
		if (entry.skip) {
			for (const doc of simplifyDocuments(ctx, entry.existing, i, keys)) {
				output.push({ ...doc, skipped: true });
			}
			continue;
		}
		const doc = entry.doc && byId.get(String(entry.doc.id));
		if (!doc) continue;
		byId.delete(String(entry.doc!.id));
		output.push(
			mode === 'skip'
				? { ...doc, skipped: false }
				: { ...doc, replaced_document_ids: entry.existing.map((d) => String(d.id)) },
		);
	}
	// Documents no entry claims (never expected) are still output, never dropped.
	output.push(...byId.values());
	return output;
}
