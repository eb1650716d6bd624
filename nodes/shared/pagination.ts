import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { NotFoundWhat } from './notFound';
import { isNotFoundAnswer } from './notFound';
import type { RagflowContext, RagflowEnvelope } from './transport';
import { API_PREFIX, noDataError, ragflowApiError, ragflowRequestUnchecked } from './transport';

/** RAGFlow refuses `page_size` above 100 on every list endpoint. */
export const MAX_PAGE_SIZE = 100;

export interface ListPage {
	items: IDataObject[];
	total?: number;
}

/**
 * Reads the items and the total out of any RAGFlow list answer: `data` as an array (datasets,
 * chat sessions), or as an object wrapping the array (`docs`, `chats`, `chunks`, `canvas`, …), with
 * the total next to the array or at the top level (`total_datasets`, `total`).
 */
export function readListPage(envelope: RagflowEnvelope, itemsKey?: string): ListPage {
	const data = envelope.data as IDataObject | IDataObject[] | undefined;
	const topTotal = envelope.total_datasets ?? envelope.total;
	if (Array.isArray(data)) {
		return { items: data, total: typeof topTotal === 'number' ? topTotal : undefined };
	}
	if (data && typeof data === 'object') {
		const key =
			itemsKey ?? Object.keys(data).find((k) => Array.isArray(data[k]) && k !== 'doc_aggs');
		const items = key && Array.isArray(data[key]) ? (data[key] as IDataObject[]) : [];
		const total = data.total ?? topTotal;
		return { items, total: typeof total === 'number' ? total : undefined };
	}
	return { items: [] };
}

export interface GetManyOptions {
	/** Query parameters other than `page` / `page_size`. */
	qs?: IDataObject;
	/** Key of the array inside `data` when it is an object (e.g. `docs`). */
	itemsKey?: string;
	returnAll: boolean;
	limit?: number;
	itemIndex?: number;
	/**
	 * RAGFlow's "no such …" (see `isNotFoundAnswer`) on the first page means "nothing matches the
	 * filter" rather than a failure (RAGFlow answers some exact-match filters that way).
	 */
	emptyWhenNotFound?: NotFoundWhat;
	/** Keeps only the items it accepts: a filter an older server ignores, applied here instead. */
	filter?: (item: IDataObject) => boolean;
}

/** Reads one page; page numbers count pages of `pageSize` items from 1. */
export type FetchPage = (page: number, pageSize: number) => Promise<ListPage>;

export interface PagingOptions {
	returnAll: boolean;
	/** Items wanted when not returning all (default 50). */
	limit?: number;
	/** Items per request (default: as many as wanted, up to `MAX_PAGE_SIZE`). */
	pageSize?: number;
	/** First page to read (default 1). */
	startPage?: number;
	/** The request as errors name it, e.g. `GET /api/v1/datasets`. */
	request: string;
	itemIndex?: number;
	/**
	 * Keeps only the items it accepts (a filter the server does not apply). Paging still follows the
	 * server's pages: a page ends the loop by its own length, and only kept items count towards Limit.
	 */
	filter?: (item: IDataObject) => boolean;
}

/**
 * Return All stops here at the latest (a million items at 100 a page): far beyond any real list,
 * it only ends a server that keeps sending new items on every page.
 */
export const MAX_PAGES = 10_000;

/** What tells two list items apart: the id, or the whole item for lists without ids. */
function identity(item: IDataObject): string {
	const id = item?.id;
	return typeof id === 'string' || typeof id === 'number' ? `id:${id}` : JSON.stringify(item);
}

function pagingIgnoredError(
	ctx: RagflowContext,
	options: PagingOptions,
	why: string,
): NodeApiError {
	return new NodeApiError(ctx.getNode(), { message: why } as JsonObject, {
		message: `RAGFlow ignores paging on ${options.request}: ${why}`,
		description:
			'Reading page after page never reaches the end of the list, so the node stopped instead of looping forever. The server, or a proxy or cache in front of it that drops the query string (page, page_size) or caches API answers, sends the same results for every page. Point the Base URL of the credential at the RAGFlow API server directly, or make the proxy forward the query string and not cache /api/v1. Turning off Return All and using a Limit up to 100 needs a single request.',
		itemIndex: options.itemIndex,
	});
}

/**
 * The one pagination loop of the package (Return All / Limit), for every paged list: `fetchPage`
 * reads one page, however the endpoint takes its page numbers (query or body). The page size stays
 * fixed for the whole loop (page numbers are offsets of that size), no more is asked than needed,
 * and the loop stops on a short page or once the reported total is reached, so Return All over 250
 * items costs 3 requests and Limit 5 costs one request of 5. A server that does not page (a page of
 * items all seen before) or never ends (`MAX_PAGES`) is an error, never an endless loop.
 */
export async function collectPages(
	ctx: RagflowContext,
	fetchPage: FetchPage,
	options: PagingOptions,
): Promise<IDataObject[]> {
	const wanted = options.returnAll ? Infinity : Math.max(1, options.limit ?? 50);
	// Filtered here, a page holds fewer wanted items than its size: read full pages.
	const pageSize =
		options.pageSize ?? (options.filter ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, wanted));
	const startPage = options.startPage ?? 1;
	const results: IDataObject[] = [];
	const seen = new Set<string>();
	for (let page = startPage; results.length < wanted; page++) {
		if (page - startPage >= MAX_PAGES) {
			throw pagingIgnoredError(ctx, options, `still more items after ${MAX_PAGES} pages`);
		}
		const { items, total } = await fetchPage(page, pageSize);
		const keys = items.map(identity);
		if (page > startPage && keys.length > 0 && keys.every((key) => seen.has(key))) {
			throw pagingIgnoredError(ctx, options, `page ${page} repeats items of an earlier page`);
		}
		for (const key of keys) seen.add(key);
		results.push(...(options.filter ? items.filter(options.filter) : items));
		const read = (page - 1) * pageSize + items.length;
		if (items.length < pageSize || (total !== undefined && read >= total)) break;
	}
	return results.length > wanted ? results.slice(0, wanted) : results;
}

/** A GET list of RAGFlow read with `page` / `page_size` in the query, through `collectPages`. */
export async function ragflowGetMany(
	this: RagflowContext,
	path: string,
	options: GetManyOptions,
): Promise<IDataObject[]> {
	const fetchPage: FetchPage = async (page, pageSize) => {
		const request = {
			qs: { ...options.qs, page, page_size: pageSize },
			itemIndex: options.itemIndex,
		};
		const envelope = await ragflowRequestUnchecked.call(this, 'GET', path, request);
		if (envelope.code !== 0) {
			const noMatch =
				page === 1 &&
				options.emptyWhenNotFound !== undefined &&
				isNotFoundAnswer(envelope, options.emptyWhenNotFound);
			if (noMatch) return { items: [] };
			throw ragflowApiError(this, envelope, { itemIndex: options.itemIndex });
		}
		// A list answer without `data` is not an empty list.
		if (envelope.data === undefined || envelope.data === null) {
			throw noDataError(this, 'GET', path, options.itemIndex);
		}
		return readListPage(envelope, options.itemsKey);
	};
	return await collectPages(this, fetchPage, {
		returnAll: options.returnAll,
		limit: options.limit,
		itemIndex: options.itemIndex,
		request: `GET ${API_PREFIX}${path}`,
		filter: options.filter,
	});
}
