import type { INode } from 'n8n-workflow';

import type { FetchPage } from '../nodes/shared/pagination';
import { collectPages, MAX_PAGES } from '../nodes/shared/pagination';
import type { RagflowContext } from '../nodes/shared/transport';

/**
 * The hard cap of the one pagination loop: a server that keeps inventing new items on every page
 * (so no page repeats) still ends in an error instead of a loop without end.
 */
const node: INode = {
	id: 'node-1',
	name: 'RAGFlow',
	type: 'n8n-nodes-ragflow.ragflowDataset',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const ctx = { getNode: () => node } as unknown as RagflowContext;

describe('collectPages', () => {
	it(`stops Return All after ${MAX_PAGES} pages that never end, naming the request`, async () => {
		let requests = 0;
		const endless: FetchPage = async (page, pageSize) => {
			requests++;
			return { items: Array.from({ length: pageSize }, (_, i) => ({ id: `${page}-${i}` })) };
		};
		await expect(
			collectPages(ctx, endless, { returnAll: true, pageSize: 1, request: 'GET /api/v1/datasets' }),
		).rejects.toThrow(
			`RAGFlow ignores paging on GET /api/v1/datasets: still more items after ${MAX_PAGES} pages`,
		);
		expect(requests).toBe(MAX_PAGES);
	});

	it('tells apart items without ids by their content, and stops on a short page', async () => {
		const pages = [[{ name: 'a' }, { name: 'b' }], [{ name: 'c' }, { name: 'd' }], [{ name: 'e' }]];
		const fetchPage: FetchPage = async (page) => ({ items: pages[page - 1] });
		const items = await collectPages(ctx, fetchPage, {
			returnAll: true,
			pageSize: 2,
			request: 'GET /api/v1/chats/x/sessions',
		});
		expect(items.map((item) => item.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
	});
});
