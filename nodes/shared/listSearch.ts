import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isRefusalOf, withFallback } from './compat';
import { readListPage } from './pagination';
import { ragflowRequest } from './transport';

const LIST_PAGE_SIZE = 50;

async function searchList(
	ctx: ILoadOptionsFunctions,
	path: string,
	qs: IDataObject,
	paginationToken: string | undefined,
	toResult: (item: IDataObject) => { name: string; value: string },
	keep?: (item: IDataObject) => boolean,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const envelope = await ragflowRequest.call(ctx, 'GET', path, {
		qs: { ...qs, page, page_size: LIST_PAGE_SIZE },
	});
	const { items: all, total } = readListPage(envelope);
	// A filter older servers ignore (or refuse) is applied here too.
	const items = keep ? all.filter(keep) : all;
	const more =
		total !== undefined ? page * LIST_PAGE_SIZE < total : items.length === LIST_PAGE_SIZE;
	return {
		results: items.map(toResult),
		paginationToken: more ? String(page + 1) : undefined,
	};
}

/** Keeps the items whose name contains `filter` (case-insensitive). */
function nameContains(filter: string): (item: IDataObject) => boolean {
	const text = filter.toLowerCase();
	return (item) =>
		String(item.name ?? '')
			.toLowerCase()
			.includes(text);
}

/** Text on one line: its first `max` characters, and an ellipsis when there is more. */
function oneLine(text: string, max: number): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max).trimEnd()}…` : line;
}

/** A RAGFlow time (milliseconds since 1970) as "2026-05-01 14:30" in the workflow's time zone. */
function shortDate(ctx: ILoadOptionsFunctions, value: unknown): string | undefined {
	const ms = Number(value);
	if (!Number.isFinite(ms) || ms <= 0) return undefined;
	const date = new Date(ms);
	try {
		return new Intl.DateTimeFormat('sv-SE', {
			timeZone: ctx.getTimezone(),
			dateStyle: 'short',
			timeStyle: 'short',
		}).format(date);
	} catch {
		// An unknown time zone name: UTC.
		return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
	}
}

/** The messages of a chat session (`messages`) or an agent session (`message`). */
function sessionMessages(session: IDataObject): IDataObject[] {
	const messages = session.messages ?? session.message;
	return Array.isArray(messages) ? (messages as IDataObject[]) : [];
}

/**
 * A session as the lists show it: its name, or its first question when it has no name, and the
 * time it was last used, so sessions of the same name are told apart.
 */
function sessionResult(ctx: ILoadOptionsFunctions, session: IDataObject) {
	const question = sessionMessages(session).find((m) => m?.role === 'user')?.content;
	const title = oneLine(
		String(session.name ?? '') || String(question ?? '') || 'Unnamed session',
		60,
	);
	const date = shortDate(ctx, session.update_time ?? session.create_time);
	return { name: date ? `${title} (${date})` : title, value: String(session.id) };
}

function parentId(ctx: ILoadOptionsFunctions, name: string, what: string): string {
	const value = ctx.getCurrentNodeParameter(name, { extractValue: true }) as string | undefined;
	if (!value) {
		const article = /^[aeiou]/.test(what) ? 'an' : 'a';
		throw new NodeOperationError(ctx.getNode(), `Select ${article} ${what} first`, {
			description: `The list depends on the ${what}: choose it above, then open this list again.`,
		});
	}
	return String(value);
}

export async function searchDatasets(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	// `ext.keywords` is RAGFlow's "name contains" filter for datasets (`name` is an exact match).
	const qs: IDataObject = { orderby: 'update_time', desc: true };
	const toResult = (d: IDataObject) => ({ name: String(d.name), value: String(d.id) });
	if (!filter) return await searchList(this, '/datasets', qs, paginationToken, toResult);
	return await withFallback(
		this,
		'datasetListExt',
		async () =>
			await searchList(
				this,
				'/datasets',
				{ ...qs, ext: JSON.stringify({ keywords: filter }) },
				paginationToken,
				toResult,
			),
		async () =>
			await searchList(this, '/datasets', qs, paginationToken, toResult, nameContains(filter)),
		(error) => isRefusalOf(error, 'ext'),
	);
}

export async function searchDocuments(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const datasetId = parentId(this, 'datasetId', 'dataset');
	const qs: IDataObject = { orderby: 'update_time', desc: true };
	if (filter) qs.keywords = filter;
	return await searchList(this, `/datasets/${datasetId}/documents`, qs, paginationToken, (d) => ({
		name: String(d.name),
		value: String(d.id),
	}));
}

export async function searchChats(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = { orderby: 'update_time', desc: true };
	if (filter) qs.keywords = filter;
	const toResult = (c: IDataObject) => ({ name: String(c.name), value: String(c.id) });
	const keep = filter ? nameContains(filter) : undefined;
	return await searchList(this, '/chats', qs, paginationToken, toResult, keep);
}

export async function searchChatSessions(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const chatId = parentId(this, 'chatId', 'chat assistant');
	const result = await searchList(
		this,
		`/chats/${chatId}/sessions`,
		{ orderby: 'update_time', desc: true },
		paginationToken,
		(s) => sessionResult(this, s),
	);
	// The session list has no "contains" filter, so narrow the page here.
	if (filter) {
		const needle = filter.toLowerCase();
		result.results = result.results.filter(
			(r) => r.name.toLowerCase().includes(needle) || String(r.value).startsWith(needle),
		);
	}
	return result;
}

export async function searchAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	// Without a category filter RAGFlow mixes template groups into the agent list.
	const qs: IDataObject = { canvas_category: 'agent_canvas', orderby: 'update_time', desc: true };
	if (filter) qs.keywords = filter;
	return await searchList(this, '/agents', qs, paginationToken, (a) => ({
		name: String(a.title ?? a.name ?? a.id),
		value: String(a.id),
	}));
}

export async function searchAgentSessions(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const agentId = parentId(this, 'agentId', 'agent');
	// `dsl: false` leaves each session's copy of the agent's workflow out of the answer.
	const qs: IDataObject = { orderby: 'update_time', desc: true, dsl: false };
	let keep: ((session: IDataObject) => boolean) | undefined;
	if (filter) {
		// RAGFlow's "id, name or a message contains"; servers that ignore `keywords` are filtered here.
		qs.keywords = filter;
		const text = filter.toLowerCase();
		keep = (s) =>
			[s.id, s.name, ...sessionMessages(s).map((m) => m?.content)].some((value) =>
				String(value ?? '')
					.toLowerCase()
					.includes(text),
			);
	}
	return await searchList(
		this,
		`/agents/${agentId}/sessions`,
		qs,
		paginationToken,
		(s) => sessionResult(this, s),
		keep,
	);
}

export async function searchChunks(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const datasetId = parentId(this, 'datasetId', 'dataset');
	const documentId = parentId(this, 'documentId', 'document');
	// `keywords` is RAGFlow's full-text search in the chunk content (it marks matches with <em>).
	const qs: IDataObject = filter ? { keywords: filter } : {};
	return await searchList(
		this,
		`/datasets/${datasetId}/documents/${documentId}/chunks`,
		qs,
		paginationToken,
		(c) => ({
			name: oneLine(String(c.content ?? '').replace(/<\/?em>/g, ''), 60) || `Chunk ${String(c.id)}`,
			value: String(c.id),
		}),
	);
}

/** Registered by every node; each node's locators use the ones they need. */
export const listSearch = {
	searchDatasets,
	searchDocuments,
	searchChats,
	searchChatSessions,
	searchAgents,
	searchAgentSessions,
	searchChunks,
};
