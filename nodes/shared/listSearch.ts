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
	contains?: string,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const envelope = await ragflowRequest.call(ctx, 'GET', path, {
		qs: { ...qs, page, page_size: LIST_PAGE_SIZE },
	});
	const { items: all, total } = readListPage(envelope);
	// Servers before v0.25 ignore (chats) or refuse (datasets) the name filter: applied here too.
	const text = contains?.toLowerCase();
	const items = text
		? all.filter((item) =>
				String(item.name ?? '')
					.toLowerCase()
					.includes(text),
			)
		: all;
	const more =
		total !== undefined ? page * LIST_PAGE_SIZE < total : items.length === LIST_PAGE_SIZE;
	return {
		results: items.map(toResult),
		paginationToken: more ? String(page + 1) : undefined,
	};
}

function parentId(ctx: ILoadOptionsFunctions, name: string, what: string): string {
	const value = ctx.getCurrentNodeParameter(name, { extractValue: true }) as string | undefined;
	if (!value) {
		throw new NodeOperationError(ctx.getNode(), `Select a ${what} first`, {
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
		async () => await searchList(this, '/datasets', qs, paginationToken, toResult, filter),
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
	return await searchList(this, '/chats', qs, paginationToken, toResult, filter);
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
		(s) => ({ name: String(s.name), value: String(s.id) }),
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

/** Registered by every node; each node's locators use the ones they need. */
export const listSearch = {
	searchDatasets,
	searchDocuments,
	searchChats,
	searchChatSessions,
	searchAgents,
};
