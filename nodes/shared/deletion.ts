import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

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
