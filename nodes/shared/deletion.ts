import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError } from './compat';
import { ragflowRequest } from './transport';
import type { IdWhat } from './utils';
import { assertRagflowId, getLocatorValue, parseIdList } from './utils';
import { splitList } from './validation';

/**
 * RAGFlow reports a partly failed delete as success (code 0 with `errors`, or a `success_count`
 * below the number of ids). This turns that into an error naming what was not deleted, so a
 * partial failure never passes as success.
 */
export function assertDeleteResult(
	ctx: IExecuteFunctions,
	data: unknown,
	ids: string[],
	what: string,
	itemIndex: number,
): IDataObject {
	const result = data && typeof data === 'object' ? (data as IDataObject) : {};
	const errors = Array.isArray(result.errors) ? (result.errors as unknown[]) : [];
	const successCount =
		typeof result.success_count === 'number' ? result.success_count : ids.length - errors.length;
	if (errors.length > 0 || successCount < ids.length) {
		const details = errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('; ');
		throw new NodeApiError(
			ctx.getNode(),
			{ message: details || 'partial delete', success_count: successCount } as JsonObject,
			{
				message: `Only ${successCount} of ${ids.length} ${what}s were deleted`,
				description: details
					? `RAGFlow reported: ${details}`
					: `Check that every ${what} ID exists and belongs to the API key owner.`,
				itemIndex,
			},
		);
	}
	return { deleted: ids, success_count: successCount };
}

/** The ids of `idsToDeleteFields`: the locator's object first, then More IDs, each once. */
export function readIdsToDelete(
	ctx: IExecuteFunctions,
	locatorName: string,
	what: IdWhat,
	itemIndex: number,
): string[] {
	const first = assertRagflowId(ctx, getLocatorValue(ctx, locatorName, itemIndex), what, itemIndex);
	const more = splitList(ctx.getNodeParameter('moreIds', itemIndex, ''), { by: 'commaOrSpace' });
	return parseIdList(ctx, [first, ...more], what, itemIndex);
}

/**
 * Deletes the given ids (`{ids}` body) and checks that each was deleted (see `assertDeleteResult`).
 */
export async function deleteIds(
	ctx: IExecuteFunctions,
	path: string,
	ids: string[],
	what: string,
	itemIndex: number,
): Promise<IDataObject> {
	const response = await ragflowRequest.call(ctx, 'DELETE', path, { body: { ids }, itemIndex });
	return assertDeleteResult(ctx, response.data, ids, what, itemIndex);
}

/**
 * Sends RAGFlow's explicit "delete everything" request (`delete_all: true`) and returns the data
 * of the answer when it is an object (some endpoints answer `true` or nothing).
 */
export async function deleteAll(
	ctx: IExecuteFunctions,
	path: string,
	itemIndex: number,
): Promise<IDataObject> {
	let response;
	try {
		response = await ragflowRequest.call(ctx, 'DELETE', path, {
			body: { delete_all: true },
			itemIndex,
		});
	} catch (error) {
		// Before v0.25 the dataset delete model has no `delete_all` and refuses it (101, nothing is
		// deleted); there `ids: null` means every dataset. The other old deletes read a body without
		// ids as "all", which `{delete_all: true}` already is.
		const refused =
			error instanceof NodeApiError &&
			error.httpCode === '101' &&
			/delete_all/.test(String(error.message));
		if (!refused) throw asNodeError(ctx, error, itemIndex);
		response = await ragflowRequest.call(ctx, 'DELETE', path, { body: { ids: null }, itemIndex });
	}
	return response.data && typeof response.data === 'object' ? (response.data as IDataObject) : {};
}
