import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

const EXECUTION_ITEMS = Symbol('executionItems');

/** Output that already has the n8n item shape (e.g. items carrying binary data). */
export interface ExecutionItems {
	[EXECUTION_ITEMS]: INodeExecutionData[];
}

export function executionItems(items: INodeExecutionData[]): ExecutionItems {
	return { [EXECUTION_ITEMS]: items };
}

export type OperationResult = IDataObject | IDataObject[] | ExecutionItems;

export type OperationHandler = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<OperationResult>;

/** The operations of one node, keyed by operation value. */
export type OperationMap = Record<string, { execute: OperationHandler }>;

function toItems(
	ctx: IExecuteFunctions,
	result: OperationResult,
	itemIndex: number,
): INodeExecutionData[] {
	if (result && typeof result === 'object' && EXECUTION_ITEMS in result) {
		return (result as ExecutionItems)[EXECUTION_ITEMS].map((item) => ({
			...item,
			pairedItem: item.pairedItem ?? { item: itemIndex },
		}));
	}
	return ctx.helpers.constructExecutionMetaData(
		ctx.helpers.returnJsonArray(result as IDataObject | IDataObject[]),
		{ itemData: { item: itemIndex } },
	);
}

function errorItem(
	error: Error & { description?: string | null; context?: IDataObject },
	itemIndex: number,
) {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.code = error.httpCode;
	// The text of an answer stream that broke off: kept so nothing received is lost.
	if (typeof error.context?.partialAnswer === 'string') {
		json.partial_answer = error.context.partialAnswer;
	}
	return { json, pairedItem: { item: itemIndex } };
}

function asNodeError(ctx: IExecuteFunctions, error: Error, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context = { ...(error.context ?? {}), itemIndex };
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error, { itemIndex });
}

/**
 * Runs the selected operation once per input item. This is the only place that handles
 * continue-on-fail and `pairedItem`. With `concurrency` > 1 up to that many items are in flight at
 * once; the output keeps the input order either way, and without continue-on-fail the error of the
 * first failing item (in input order) is raised.
 */
export async function runOperation(
	this: IExecuteFunctions,
	operations: OperationMap,
	operation: string,
	concurrency = 1,
): Promise<INodeExecutionData[][]> {
	const handler = operations[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	const items = this.getInputData();
	const perItem: INodeExecutionData[][] = new Array(items.length);
	const failures: Array<{ index: number; error: Error }> = [];
	const continueOnFail = this.continueOnFail();
	let next = 0;

	const worker = async () => {
		while (next < items.length && failures.length === 0) {
			const i = next++;
			try {
				perItem[i] = toItems(this, await handler.execute.call(this, i), i);
			} catch (error) {
				if (continueOnFail) {
					perItem[i] = [errorItem(error as Error, i)];
				} else {
					failures.push({ index: i, error: error as Error });
				}
			}
		}
	};
	const workers = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
	await Promise.all(Array.from({ length: workers }, worker));

	if (failures.length > 0) {
		const first = failures.sort((a, b) => a.index - b.index)[0];
		throw asNodeError(this, first.error, first.index);
	}
	return [perItem.flat()];
}
