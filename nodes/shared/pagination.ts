import type { IDataObject } from 'n8n-workflow';

import type { RagflowContext, RagflowEnvelope } from './transport';
import { ragflowApiError, ragflowRequestUnchecked } from './transport';

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
			itemsKey ??
			Object.keys(data).find((k) => Array.isArray(data[k]) && k !== 'doc_aggs');
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
	 * A code-102 message on the first page that means "nothing matches the filter" rather than a
	 * failure (RAGFlow answers some exact-match filters that way).
	 */
	emptyWhen?: RegExp;
}

/**
 * The one pagination loop of the package (Return All / Limit). It keeps the page size fixed for the
 * whole loop (page numbers are offsets of that size), asks for no more than it needs, and stops on
 * a short page or once the reported total is reached, so Return All over 250 items costs 3 requests
 * and Limit 5 costs one request of 5.
 */
export async function ragflowGetMany(
	this: RagflowContext,
	path: string,
	options: GetManyOptions,
): Promise<IDataObject[]> {
	const wanted = options.returnAll ? Infinity : Math.max(1, options.limit ?? 50);
	const pageSize = Math.min(MAX_PAGE_SIZE, wanted);
	const results: IDataObject[] = [];
	for (let page = 1; results.length < wanted; page++) {
		const request = { qs: { ...options.qs, page, page_size: pageSize }, itemIndex: options.itemIndex };
		const envelope = await ragflowRequestUnchecked.call(this, 'GET', path, request);
		if (envelope.code !== 0) {
			const noMatch = page === 1 && envelope.code === 102 && options.emptyWhen?.test(String(envelope.message));
			if (noMatch) return [];
			throw ragflowApiError(this, envelope, { itemIndex: options.itemIndex });
		}
		const { items, total } = readListPage(envelope, options.itemsKey);
		results.push(...items);
		const seen = (page - 1) * pageSize + items.length;
		if (items.length < pageSize || (total !== undefined && seen >= total)) break;
	}
	return results.length > wanted ? results.slice(0, wanted) : results;
}
