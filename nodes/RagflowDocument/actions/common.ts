import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	documentLocator,
	moreIdsPlaceholder,
	optionsCollection,
	simplifyParameter,
	simplifyOutput,
} from '../../shared/descriptions';
import type { ParsingProblem } from '../../shared/parsing';
import { parsingProblems, waitForParsing } from '../../shared/parsing';
import type { Failure, Outcome } from '../../shared/router';
import { mergeFailures, partialResult } from '../../shared/router';
import { withFallback } from '../../shared/compat';
import { ragflowRequest } from '../../shared/transport';
import { getLocatorValue, parseIdList } from '../../shared/utils';
import { splitList } from '../../shared/validation';

/** Fields kept by "Simplify" (the raw document has ~30 keys, most of them internal). */
export const SIMPLE_DOCUMENT_KEYS = [
	'id',
	'name',
	'dataset_id',
	'run',
	'progress',
	'chunk_count',
	'size',
	'chunk_method',
	'create_time',
	'update_time',
];

/** Parse results also keep what tells how the parse went. */
export const SIMPLE_PARSE_KEYS = [
	...SIMPLE_DOCUMENT_KEYS,
	'progress_msg',
	'token_count',
	'process_duration',
];

export const simplifyField = simplifyParameter(
	'Whether to return only the main fields of each document (ID, name, dataset_id, run, progress, chunk_count, size, chunk_method, create_time, update_time; after waiting for parsing also progress_msg, token_count, process_duration) instead of the full object with its parser settings (parser_config) and metadata',
);

/**
 * The Options collection of an operation whose only option is Concurrency (added by `actionNode`
 * from the operation's `concurrency`): declared here so that it comes before Simplify, the last
 * field of every operation.
 */
export const concurrencyOnlyOptions: INodeProperties = optionsCollection([]);

export function simplifyDocuments(
	ctx: IExecuteFunctions,
	docs: IDataObject[],
	itemIndex: number,
	keys = SIMPLE_DOCUMENT_KEYS,
): IDataObject[] {
	return simplifyOutput(ctx, docs, itemIndex, keys);
}

/** The descriptions of the Document picker and More Document IDs of an operation that may `act`. */
export function documentIdsWording(act: string): { locator: string; more: string } {
	return {
		locator: `The document to ${act}. Choose from the list or enter its 32-character ID.`,
		more: `Further documents of the same dataset to ${act} in the same request: IDs separated by commas, spaces or new lines, or an array from an expression`,
	};
}

/**
 * The documents Parse and Stop Parsing act on (`act`: "parse", …): the picked document (optional)
 * plus More Document IDs. Read them with `documentIds`.
 */
export function documentIdsFields(act: string): INodeProperties[] {
	const wording = documentIdsWording(act);
	return [
		documentLocator({
			description: `${wording.locator} Leave empty when all IDs are given in More Document IDs.`,
			optional: true,
		}),
		{
			displayName: 'More Document IDs',
			name: 'moreIds',
			type: 'string',
			default: '',
			placeholder: moreIdsPlaceholder('document'),
			description: wording.more,
		},
	];
}

/** Ids from the locator plus the list; at least one is required. */
export function documentIds(ctx: IExecuteFunctions, i: number): string[] {
	const first = getLocatorValue(ctx, 'documentId', i);
	const more = splitList(ctx.getNodeParameter('moreIds', i, ''), { by: 'commaOrSpace' });
	return parseIdList(ctx, [first, ...more], 'document', i, { required: true });
}

/**
 * The wait settings of Upload and Parse, inside their Options: Wait for Parsing to Finish, Poll
 * Interval and Wait Timeout (fields of a collection cannot depend on each other, so the two numbers
 * are always offered). Read them with `readWaitSettings`.
 */
export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Wait for Parsing to Finish',
		name: 'waitForParsing',
		type: 'boolean',
		default: false,
		description:
			'Whether to wait until every document is parsed (DONE, FAIL or CANCEL) and output each in that final state. A failed parse or the timeout raises an error. On Upload it also starts parsing (implies Parse After Upload).',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 0.001 },
		default: 5,
		description:
			'Seconds between two status checks while waiting for parsing. Each check is one request for all pending documents of the dataset.',
	},
	{
		displayName: 'Wait Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 0.001 },
		default: 1800,
		description:
			'Longest time to wait for parsing to finish. Documents not finished by then raise an error (parsing itself continues in RAGFlow).',
	},
];

export interface WaitSettings {
	pollIntervalMs: number;
	timeoutMs: number;
}

/**
 * The wait settings of `waitOptions` when Wait for Parsing to Finish is on (undefined when off), the
 * poll interval and timeout checked before any request.
 */
export function readWaitSettings(
	ctx: IExecuteFunctions,
	itemIndex: number,
): WaitSettings | undefined {
	if (ctx.getNodeParameter('options.waitForParsing', itemIndex, false) !== true) return undefined;
	const interval = Number(ctx.getNodeParameter('options.pollInterval', itemIndex, 5));
	const timeout = Number(ctx.getNodeParameter('options.waitTimeout', itemIndex, 1800));
	if (!Number.isFinite(timeout) || timeout <= 0) {
		throw new NodeOperationError(ctx.getNode(), 'Wait Timeout must be greater than 0', {
			itemIndex,
			description: `Got ${JSON.stringify(timeout)}. Enter the longest time to wait in seconds, e.g. 1800 for 30 minutes.`,
		});
	}
	if (!Number.isFinite(interval) || interval <= 0) {
		throw new NodeOperationError(ctx.getNode(), 'Poll Interval must be greater than 0', {
			itemIndex,
			description: `Got ${JSON.stringify(interval)}. Enter the seconds between two status checks, e.g. 5.`,
		});
	}
	return { pollIntervalMs: interval * 1000, timeoutMs: timeout * 1000 };
}

function describeProblems(problems: ParsingProblem[]): Failure {
	const message =
		problems.length === 1
			? problems[0].message
			: `${problems.length} documents did not parse: ${problems.map((p) => p.message).join('; ')}`;
	const description = problems.map((p) => `${p.documentId}: ${p.description}`).join('\n\n');
	return {
		message,
		description,
		details: { failed_document_ids: problems.map((p) => p.documentId) },
	};
}

/**
 * Waits for documents to finish parsing and returns them in their final state; FAIL, timeout and
 * vanished documents become the result's failure (reported by the router), after `extraFailure`
 * (what failed before the wait). `arrange` may reorder and add to the finished documents (after
 * Simplify) before they are output.
 */
export async function waitAndReport(
	ctx: IExecuteFunctions,
	itemIndex: number,
	datasetId: string,
	ids: string[],
	settings: WaitSettings,
	extraFailure?: Failure,
	arrange: (docs: IDataObject[]) => IDataObject[] = (docs) => docs,
): Promise<Outcome> {
	const result = await waitForParsing(ctx, datasetId, ids, { ...settings, itemIndex });
	const problems = parsingProblems(result, settings.timeoutMs);
	const done = arrange(
		simplifyDocuments(
			ctx,
			result.finished.filter((doc) => doc.run !== 'FAIL'),
			itemIndex,
			SIMPLE_PARSE_KEYS,
		),
	);
	const failure = mergeFailures(
		extraFailure,
		problems.length ? describeProblems(problems) : undefined,
	);
	return partialResult(done, failure);
}

/**
 * Starts parsing. RAGFlow queues the valid documents and lists the others in `data.errors` (or
 * answers "Documents not found" after queueing the rest); either way the item fails, naming them.
 */
export async function startParsing(
	ctx: IExecuteFunctions,
	itemIndex: number,
	datasetId: string,
	ids: string[],
): Promise<IDataObject> {
	// Before v0.25.1 parsing is started by `POST /datasets/{id}/chunks` (same body and answer).
	const body = { document_ids: ids };
	const response = await withFallback(
		ctx,
		'documentParse',
		async () =>
			await ragflowRequest.call(ctx, 'POST', `/datasets/${datasetId}/documents/parse`, {
				body,
				itemIndex,
			}),
		async () =>
			await ragflowRequest.call(ctx, 'POST', `/datasets/${datasetId}/chunks`, { body, itemIndex }),
	);
	const data = (response.data ?? {}) as IDataObject;
	const errors = Array.isArray(data.errors) ? (data.errors as unknown[]).map(String) : [];
	if (errors.length > 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Parsing started for ${String(data.success_count ?? ids.length - errors.length)} of ${ids.length} documents`,
			{ itemIndex, description: `RAGFlow reported: ${errors.join('; ')}` },
		);
	}
	return data;
}
