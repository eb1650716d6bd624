import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { MAX_PAGE_SIZE, readListPage } from './pagination';
import { knownSupport, remember } from './compat';
import { isNotFoundAnswer } from './notFound';
import { ragflowApiError, ragflowRequest, ragflowRequestUnchecked } from './transport';

/** `run` values after which a document's parse state no longer changes by itself. */
export const TERMINAL_RUN_STATES = ['DONE', 'FAIL', 'CANCEL'];

const SLEEP_SLICE_MS = 1000;

export interface WaitForParsingOptions {
	pollIntervalMs: number;
	timeoutMs: number;
	itemIndex: number;
}

export interface WaitForParsingResult {
	/** Documents in a terminal state (DONE / FAIL / CANCEL), in the order of the ids asked for. */
	finished: IDataObject[];
	/** Last seen state of documents that were still pending when the timeout passed. */
	pending: IDataObject[];
	/** Ids the dataset no longer lists (deleted while waiting). */
	missing: string[];
}

function cancelled(signal: AbortSignal | undefined): Promise<void> | undefined {
	if (!signal) return undefined;
	return new Promise((resolve) => {
		if (signal.aborted) resolve();
		else signal.addEventListener('abort', () => resolve(), { once: true });
	});
}

/**
 * The current state of the given documents: one list request with repeated `ids` (v0.25.1+).
 * Older servers ignore `ids` and answer with other documents of the dataset; that is noticed from
 * the answer, remembered, and the documents are then read one `id` request each.
 */
async function readDocuments(
	ctx: IExecuteFunctions,
	datasetId: string,
	batch: string[],
	itemIndex: number,
): Promise<IDataObject[]> {
	const path = `/datasets/${datasetId}/documents`;
	if ((await knownSupport(ctx, 'documentListIds')) !== false) {
		const envelope = await ragflowRequest.call(ctx, 'GET', path, {
			qs: { ids: batch, page: 1, page_size: batch.length },
			itemIndex,
		});
		const { items } = readListPage(envelope, 'docs');
		if (items.every((doc) => batch.includes(String(doc.id)))) return items;
		await remember(ctx, 'documentListIds', false);
	}
	const found: IDataObject[] = [];
	for (const id of batch) {
		const envelope = await ragflowRequestUnchecked.call(ctx, 'GET', path, {
			qs: { id, page: 1, page_size: 1 },
			itemIndex,
		});
		// A document deleted meanwhile is "You don't own the document": reported as missing.
		if (isNotFoundAnswer(envelope, 'document')) continue;
		if (envelope.code !== 0) throw ragflowApiError(ctx, envelope, { itemIndex });
		found.push(...readListPage(envelope, 'docs').items.filter((doc) => String(doc.id) === id));
	}
	return found;
}

/**
 * Polls the parse state of documents of one dataset until each is DONE, FAIL or CANCEL, or the
 * timeout passes. Each poll is one list request for all pending documents (repeated `ids=`; at most
 * 100 ids per request), not one request per document. Stops early when the execution is cancelled.
 */
export async function waitForParsing(
	ctx: IExecuteFunctions,
	datasetId: string,
	ids: string[],
	options: WaitForParsingOptions,
): Promise<WaitForParsingResult> {
	const { itemIndex } = options;
	const signal = ctx.getExecutionCancelSignal();
	const stop = cancelled(signal);
	const deadline = Date.now() + options.timeoutMs;
	const latest = new Map<string, IDataObject>();
	const missing = new Set<string>();
	let pending = [...new Set(ids)];

	for (;;) {
		if (signal?.aborted) {
			throw new NodeOperationError(
				ctx.getNode(),
				'The execution was cancelled while waiting for parsing',
				{
					itemIndex,
				},
			);
		}
		for (let start = 0; start < pending.length; start += MAX_PAGE_SIZE) {
			const batch = pending.slice(start, start + MAX_PAGE_SIZE);
			const items = await readDocuments(ctx, datasetId, batch, itemIndex);
			const seen = new Set<string>();
			for (const doc of items) {
				latest.set(String(doc.id), doc);
				seen.add(String(doc.id));
			}
			for (const id of batch) if (!seen.has(id)) missing.add(id);
		}
		pending = pending.filter(
			(id) => !missing.has(id) && !TERMINAL_RUN_STATES.includes(String(latest.get(id)?.run)),
		);
		const remaining = deadline - Date.now();
		if (pending.length === 0 || remaining <= 0) break;
		// Slept in slices of at most a second, so a cancelled execution leaves no long timer behind.
		const wakeAt = Date.now() + Math.min(options.pollIntervalMs, remaining);
		while (!signal?.aborted && Date.now() < wakeAt) {
			await Promise.race(
				[sleep(Math.min(SLEEP_SLICE_MS, wakeAt - Date.now())), stop].filter(Boolean),
			);
		}
	}

	const finished = ids
		.filter((id, index) => ids.indexOf(id) === index)
		.filter((id) => !missing.has(id) && !pending.includes(id))
		.map((id) => latest.get(id) as IDataObject);
	return {
		finished,
		pending: pending.map((id) => latest.get(id) as IDataObject),
		missing: [...missing],
	};
}

/** The last line of RAGFlow's progress log (lines look like "HH:MM:SS message"). */
export function lastProgressLine(doc: IDataObject): string {
	const lines = String(doc.progress_msg ?? '')
		.split('\n')
		.map((l) => l.trim())
		.filter((l) => l !== '');
	return lines[lines.length - 1] ?? '';
}

export interface ParsingProblem {
	documentId: string;
	message: string;
	description: string;
}

/**
 * What went wrong in a wait: FAIL documents (with their progress log), documents still pending at
 * the timeout, documents that disappeared. CANCEL is a terminal state a user chose, not a problem.
 */
export function parsingProblems(result: WaitForParsingResult, timeoutMs: number): ParsingProblem[] {
	const label = (doc: IDataObject) =>
		doc.name ? `"${String(doc.name)}" (${String(doc.id)})` : String(doc.id);
	const problems: ParsingProblem[] = [];
	for (const doc of result.finished.filter((d) => d.run === 'FAIL')) {
		const last = lastProgressLine(doc);
		problems.push({
			documentId: String(doc.id),
			message: `Parsing failed for ${label(doc)}${last ? `: ${last}` : ''}`,
			description: String(doc.progress_msg ?? '') || 'RAGFlow gave no progress message.',
		});
	}
	for (const doc of result.pending) {
		const progress =
			typeof doc.progress === 'number' ? ` at ${Math.round(doc.progress * 100)}%` : '';
		problems.push({
			documentId: String(doc.id),
			message: `Parsing of ${label(doc)} did not finish within ${timeoutMs / 1000} s (still ${String(doc.run)}${progress})`,
			description: `${String(doc.progress_msg ?? '') || 'No progress message yet.'}\nRaise the wait timeout, or leave the parse running and check later with "Get" (the parse continues in RAGFlow).`,
		});
	}
	for (const id of result.missing) {
		problems.push({
			documentId: id,
			message: `Document ${id} is no longer in the dataset`,
			description: 'It was deleted (or never existed) while waiting for parsing.',
		});
	}
	return problems;
}
