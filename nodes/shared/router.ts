import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * A failure that came after part of an item's work was done (some files stored, some documents
 * parsed). It says what failed and, in `description`, what was done, so that nothing done is lost
 * from view whichever way the router reports it.
 */
export interface Failure {
	message: string;
	description: string;
	/** Extra keys of the error item under Continue On Fail (e.g. the failed file names). */
	details?: IDataObject;
}

/** Two failures of one item as one (messages and descriptions joined, details merged). */
export function mergeFailures(a: Failure | undefined, b: Failure | undefined): Failure | undefined {
	if (!a || !b) return a ?? b;
	return {
		message: `${a.message}; ${b.message}`,
		description: `${a.description}\n\n${b.description}`,
		details: { ...a.details, ...b.details },
	};
}

/**
 * What an operation returns when plain RAGFlow data is not enough: items in n8n's shape (e.g.
 * carrying binary data) and/or a failure after part of the work was done. A class, so the router
 * never mistakes a RAGFlow object for it; build it with `outputItems` or `partialResult`.
 */
export class Outcome {
	constructor(
		readonly items: INodeExecutionData[],
		readonly failure?: Failure,
	) {}
}

/** Items as they are (JSON plus binary); the router adds `pairedItem`. */
export function outputItems(items: INodeExecutionData[]): Outcome {
	return new Outcome(items);
}

/** The objects that were done, and what then failed (if anything). */
export function partialResult(done: IDataObject[], failure: Failure | undefined): Outcome {
	return new Outcome(
		done.map((json) => ({ json })),
		failure,
	);
}

/** RAGFlow data (one object or a list: one item each), or an `Outcome`. */
export type OperationResult = IDataObject | IDataObject[] | Outcome;

export type OperationHandler = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<OperationResult>;

function dataItems(
	ctx: IExecuteFunctions,
	data: IDataObject | IDataObject[],
	itemIndex: number,
): INodeExecutionData[] {
	return ctx.helpers.constructExecutionMetaData(ctx.helpers.returnJsonArray(data), {
		itemData: { item: itemIndex },
	});
}

function pairedWith(items: INodeExecutionData[], itemIndex: number): INodeExecutionData[] {
	return items.map((item) => ({ ...item, pairedItem: item.pairedItem ?? { item: itemIndex } }));
}

function errorItem(
	error: Error & { description?: string | null; context?: IDataObject },
	itemIndex: number,
): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.code = error.httpCode;
	// The text of an answer stream that broke off: kept so nothing received is lost.
	if (typeof error.context?.partialAnswer === 'string') {
		json.partial_answer = error.context.partialAnswer;
	}
	// The session an Ask created before its answer failed: kept so the question can be asked again in it.
	if (typeof error.context?.sessionId === 'string') json.session_id = error.context.sessionId;
	return { json, pairedItem: { item: itemIndex } };
}

function failureItem(failure: Failure, itemIndex: number): INodeExecutionData {
	return {
		json: { error: failure.message, description: failure.description, ...failure.details },
		pairedItem: { item: itemIndex },
	};
}

function asNodeError(ctx: IExecuteFunctions, error: Error, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context = { ...(error.context ?? {}), itemIndex };
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error, { itemIndex });
}

/**
 * Runs an operation once per input item. This is the only place that decides Continue On Fail and
 * sets `pairedItem`. An item's result becomes its output items; an error thrown by the operation, or
 * the failure of an `Outcome`, either stops the node (the error of the first failing item in input
 * order, an `Outcome`'s done items dropped but named in the failure's description) or, with
 * Continue On Fail, becomes an error item after that item's done items. With `concurrency` > 1 up to
 * that many items are in flight at once; the output keeps the input order either way.
 */
export async function runOperation(
	this: IExecuteFunctions,
	execute: OperationHandler,
	concurrency = 1,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const perItem: INodeExecutionData[][] = new Array(items.length);
	const failures: Array<{ index: number; error: Error }> = [];
	const continueOnFail = this.continueOnFail();
	let next = 0;

	const worker = async () => {
		while (next < items.length && failures.length === 0) {
			const i = next++;
			try {
				const result = await execute.call(this, i);
				if (!(result instanceof Outcome)) {
					perItem[i] = dataItems(this, result, i);
				} else if (!result.failure) {
					perItem[i] = pairedWith(result.items, i);
				} else if (continueOnFail) {
					perItem[i] = [...pairedWith(result.items, i), failureItem(result.failure, i)];
				} else {
					const { message, description } = result.failure;
					failures.push({
						index: i,
						error: new NodeOperationError(this.getNode(), message, { itemIndex: i, description }),
					});
				}
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
