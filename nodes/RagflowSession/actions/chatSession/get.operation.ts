import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatLocator, chatSessionLocator } from '../../../shared/descriptions';
import { withFallback } from '../../../shared/compat';
import { readListPage } from '../../../shared/pagination';
import { noDataError, ragflowRequest } from '../../../shared/transport';
import { assertRagflowId, getLocatorValue, updateDisplayOptions } from '../../../shared/utils';

const properties: INodeProperties[] = [chatLocator(), chatSessionLocator()];

export const description = updateDisplayOptions(
	{ show: { resource: ['chatSession'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatId = assertRagflowId(this, getLocatorValue(this, 'chatId', i), 'chat assistant', i);
	const sessionId = assertRagflowId(this, getLocatorValue(this, 'sessionId', i), 'session', i);
	return await withFallback(
		this,
		'sessionGet',
		async () => {
			const response = await ragflowRequest.call(
				this,
				'GET',
				`/chats/${chatId}/sessions/${sessionId}`,
				{ itemIndex: i, expectData: true },
			);
			return response.data as IDataObject;
		},
		// Before v0.25: the session list filtered by id (same session objects).
		async () => {
			const path = `/chats/${chatId}/sessions`;
			const response = await ragflowRequest.call(this, 'GET', path, {
				qs: { id: sessionId, page: 1, page_size: 1 },
				itemIndex: i,
				expectData: true,
			});
			const found = readListPage(response).items.find((s) => s.id === sessionId);
			if (!found) throw noDataError(this, 'GET', path, i);
			return found;
		},
	);
}
