/**
 * Parse-finished detection for the RAGFlow Trigger.
 *
 * RAGFlow has no webhook, so the trigger polls. The algorithm, and why it is the cheapest one that
 * is still correct:
 *
 * 1. Per dataset (`scanDataset`): list the documents in the selected terminal states, newest
 *    activity first
 *    (`GET /datasets/{id}/documents?run=DONE&run=FAIL&orderby=update_time&desc=true&page_size=100`).
 *    `update_time` is bumped by every progress sync and every edit, so everything that changed
 *    since the last poll sits at the top. Pages are read until a document older than the dataset's
 *    `cursor` (minus a 1 s overlap for writes that commit out of timestamp order) shows up, so an
 *    idle dataset costs exactly one request and 1,000 documents finishing at once cost 10–11. Once
 *    a later walk has re-read the overlap, it is sealed (`sealedUpTo`, see `sealOverlap`):
 *    documents that finished in the same second as the cursor are not read again, so an idle poll
 *    costs one request again by the second poll after a burst.
 * 2. One event per parse run (`isNewRun`). A run is identified by `process_begin_at` and
 *    `process_duration` (a re-parse gets new ones, a rename or metadata edit keeps them). A bounded
 *    map (`runs`) remembers the run of recently seen documents: a known document fires only when
 *    its run changed. For a document not in the map the run's finish moment
 *    (`process_begin_at + process_duration`, converted to epoch ms with the offset between
 *    `update_date` and `update_time`, because the `*_date` strings are server-local time labelled
 *    GMT; see `runOf`) is compared with the dataset's `horizon`: every run that finished at or
 *    before the horizon was either seen already or existed before activation, so only later
 *    finishes fire. Entries leave the map oldest first, and only when they are well below the
 *    cursor (`prune`); the horizon then moves up to their finish moment, so the map stays small
 *    without ever re-firing.
 * 3. Nothing twice within a poll: documents are de-duplicated by id across pages (a document that
 *    finishes during the walk pushes the list down by one). When the list total shrinks between two
 *    pages (a document left the filter, which pushes the list up), the previous page is read again
 *    so nothing slips between pages.
 * 4. Several / all datasets (`pollDatasetList`): one `GET /datasets?include_parsing_status=true`
 *    (100 datasets a page) gives per-dataset counts; only datasets whose `signature` (update time,
 *    document/chunk/token counts and parse-status counts) changed are listed (`datasetsToCheck`).
 *    When nothing changed, one dataset (in `rotation`) is still checked, which catches what counts
 *    cannot show (a document re-parsed from DONE to DONE between two polls). 50 idle datasets
 *    therefore cost 2 requests per poll. One dataset (`pollOneDataset`) needs no dataset list.
 * 5. First activation seeds the state without emitting (`seedDataset`). State (`TriggerState`)
 *    lives in the node's static data and changes only when a poll succeeds (`pollForEvents` works
 *    on a copy), so a transient error (network, 5xx) leaves the cursor where it was and the next
 *    poll picks up everything. When the poll budget runs short, the walk stops, the events found so far
 *    are emitted and remembered, and the cursor stays put (`resume`) so the next poll finishes the
 *    backlog.
 */
import type { IDataObject, INode, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isRefusalOf, withFallback } from '../shared/compat';
import { MAX_PAGE_SIZE, ragflowGetMany, readListPage } from '../shared/pagination';
import { ragflowRequest } from '../shared/transport';
import { isNotFoundAnswer } from '../shared/notFound';

export type TerminalRun = 'DONE' | 'FAIL' | 'CANCEL';
export type DatasetMode = 'one' | 'several' | 'all';

export const EVENT_NAMES: Record<TerminalRun, string> = {
	DONE: 'parsingFinished',
	FAIL: 'parsingFailed',
	CANCEL: 'parsingCancelled',
};

/** The document fields the simplified output keeps. */
export const SIMPLE_FIELDS = [
	'id',
	'name',
	'dataset_id',
	'dataset_name',
	'run',
	'progress',
	'progress_msg',
	'chunk_count',
	'token_count',
	'process_begin_at',
	'process_duration',
	'update_time',
	'event',
];

export interface TriggerConfig {
	mode: DatasetMode;
	/** The watched dataset ids (mode `one` / `several`). */
	datasetIds: string[];
	events: TerminalRun[];
	/** Lower-cased "document name contains" filter ('' = every document). */
	nameContains: string;
}

/**
 * One parse run of a document, as the run map remembers it. The begin time only has second
 * resolution, so the duration tells apart a re-parse that started within the same second; edits
 * (rename, metadata) change neither.
 */
interface KnownRun {
	/** `process_begin_at` in epoch seconds, as RAGFlow labels it (0 when the document has none). */
	beganAt: number;
	/** When the run ended, epoch ms (compared with the horizon). */
	finishedAt: number;
	/** The document's `update_time` (ms) when seen; entries are evicted oldest first by it. */
	updatedAt: number;
	/** `process_duration` in ms; absent when the document has no begin time. */
	durationMs?: number;
}

/** A walk cut short by the poll budget; the next poll resumes it. */
interface ResumePoint {
	/** The page to read next (the poll re-reads the page above it first). */
	page: number;
	/**
	 * The cursor the cut-short walk found at the top of the list; it becomes the cursor once the
	 * walk completes.
	 */
	cursor: number;
}

/** What the trigger remembers about one watched dataset. */
interface DatasetState {
	/** Highest `update_time` (ms) processed: walks stop a little below it (see `OVERLAP_MS`). */
	cursor: number;
	/** Runs of unknown documents that finished at or before this moment (ms) never fire. */
	horizon: number;
	/** Recently seen documents: id → their last run. Bounded (`prune`, `RUN_MAP_TOTAL`). */
	runs: Record<string, KnownRun>;
	/** Signature of the dataset-list row at the last complete walk (several / all datasets). */
	signature?: string;
	/**
	 * Dataset name (one dataset mode, which does not list datasets) and when it was read (n8n clock,
	 * ms).
	 */
	name?: string;
	nameReadAt?: number;
	/** Consecutive polls the dataset was missing from the dataset list (several / all datasets). */
	missingPolls?: number;
	/** Set while a backlog walk cut short by the poll budget is unfinished. */
	resume?: ResumePoint;
	/**
	 * Sealed: every document updated at or before this moment (ms) was read after all of them were
	 * visible, so walks stop here instead of re-reading the overlap below the cursor each poll.
	 */
	sealedUpTo?: number;
	/**
	 * When (n8n clock, ms) the walk that set the cursor ended; the overlap can be sealed from then
	 * on.
	 */
	cursorFoundAt?: number;
}

/** The trigger's whole state, kept in the node's workflow static data under `trigger`. */
interface TriggerState {
	/** The configuration the state was built for (see `stateKey`); another one reseeds. */
	configKey: string;
	/**
	 * Newest dataset create/update time (ms) at activation: datasets created later are new (several /
	 * all datasets).
	 */
	datasetsSince: number;
	/** Watched datasets by id. */
	datasets: Record<string, DatasetState>;
	/** Position of the idle check's rotation over the listed datasets (several / all datasets). */
	rotation: number;
}

/** Writes committed out of timestamp order stay visible this long below the cursor. */
const OVERLAP_MS = 1000;
/** Map entries are only dropped when this far below the cursor. */
const EVICT_GAP_MS = 60_000;
/** Bound of the run maps (`DatasetState.runs`), shared by all watched datasets ... */
const RUN_MAP_TOTAL = 1000;
/** ... of which each listed dataset keeps at least this many entries. */
const RUN_MAP_MIN_PER_DATASET = 10;
/** Re-read the dataset name (single-dataset mode) at most this often. */
const NAME_TTL_MS = 3_600_000;
/** A dataset missing from the list this many polls in a row is forgotten. */
const MISSING_POLLS = 3;
/** How many datasets "Fetch test event" looks into for a sample. */
const SAMPLE_DATASETS = 10;

const num = (value: unknown): number => {
	const n = Number(value);
	return Number.isFinite(n) ? n : 0;
};

function stateKey(config: TriggerConfig): string {
	return JSON.stringify([config.mode, [...config.datasetIds].sort(), [...config.events].sort()]);
}

function emptyDatasetState(): DatasetState {
	return { cursor: 0, horizon: 0, runs: {} };
}

/** The run of a document as the map stores it. */
export function runOf(doc: IDataObject): KnownRun {
	const update = num(doc.update_time);
	const beginLocal = Date.parse(String(doc.process_begin_at ?? ''));
	if (Number.isNaN(beginLocal)) return { beganAt: 0, finishedAt: update, updatedAt: update };
	// `*_date` strings are server-local time labelled GMT; the same write sets `update_date` and
	// `update_time`, so their difference is the server's UTC offset (rounded to a quarter hour).
	const updateLocal = Date.parse(String(doc.update_date ?? ''));
	const offset = Number.isNaN(updateLocal)
		? 0
		: Math.round((updateLocal - update) / 900_000) * 900_000;
	const begin = beginLocal - offset;
	const duration = num(doc.process_duration) * 1000;
	// A run cancelled before any progress sync has no duration: its end is the cancel itself.
	const finish = duration > 0 ? Math.min(update, begin + duration) : update;
	return {
		beganAt: Math.floor(beginLocal / 1000),
		finishedAt: finish,
		updatedAt: update,
		durationMs: Math.round(duration),
	};
}

/** Decides whether a listed terminal document is a new parse run, and records it. */
function isNewRun(ds: DatasetState, doc: IDataObject): boolean {
	const id = String(doc.id);
	const run = runOf(doc);
	const known = ds.runs[id];
	ds.runs[id] = run;
	if (!known) return run.finishedAt > ds.horizon;
	return (
		known.beganAt !== run.beganAt ||
		(known.durationMs !== undefined && known.durationMs !== run.durationMs)
	);
}

/**
 * Keeps a dataset's run map within `cap` entries: the oldest entries well below the cursor leave,
 * and the horizon rises to their finish so those runs never fire again.
 */
function prune(ds: DatasetState, cap: number): void {
	const entries = Object.entries(ds.runs);
	let excess = entries.length - cap;
	if (excess <= 0) return;
	const floor = ds.cursor - EVICT_GAP_MS;
	const evictable = entries
		.filter(([, run]) => run.updatedAt < floor)
		.sort((a, b) => a[1].updatedAt - b[1].updatedAt);
	for (const [id, run] of evictable) {
		if (excess-- <= 0) break;
		delete ds.runs[id];
		ds.horizon = Math.max(ds.horizon, run.finishedAt);
	}
}

interface DocPage {
	items: IDataObject[];
	total?: number;
}

async function listDocuments(
	ctx: IPollFunctions,
	datasetId: string,
	runs: TerminalRun[],
	page: number,
	pageSize = MAX_PAGE_SIZE,
): Promise<DocPage> {
	const envelope = await ragflowRequest.call(ctx, 'GET', `/datasets/${datasetId}/documents`, {
		qs: { page, page_size: pageSize, orderby: 'update_time', desc: true, run: runs },
	});
	return readListPage(envelope, 'docs');
}

/** What every step of one production poll needs besides the state. */
interface Poll {
	ctx: IPollFunctions;
	/** The selected events (terminal runs) the document lists are filtered by. */
	runs: TerminalRun[];
	/** n8n clock (ms) when the poll began. */
	started: number;
	/** Whether half the poll budget is spent: walks stop, and the next poll finishes the backlog. */
	outOfTime: () => boolean;
}

interface ScanResult {
	docs: IDataObject[];
	/** False when the poll budget ended the walk before the cursor was reached. */
	complete: boolean;
}

/**
 * Walks one dataset's terminal documents from the newest down to the cursor, updating `ds` (a copy)
 * and returning the documents whose run is new. When the poll budget runs out the walk stops and
 * the next poll resumes one page above where it stopped (new documents push pages down, so the
 * overlap page only repeats documents already recorded).
 */
async function scanDataset(poll: Poll, datasetId: string, ds: DatasetState): Promise<ScanResult> {
	const { ctx, runs, outOfTime } = poll;
	const started = Date.now();
	const previousCursor = ds.cursor;
	const lower = ds.cursor > 0 ? ds.cursor - OVERLAP_MS : -Infinity;
	const sealed = ds.sealedUpTo ?? -Infinity;
	const resume = ds.resume;
	const firstPage = resume ? Math.max(1, resume.page - 1) : 1;
	const seen = new Set<string>();
	const fresh: IDataObject[] = [];
	let cursor = ds.cursor;
	let previousTotal: number | undefined;
	let rewinds = 0;
	for (let page = firstPage; ; page++) {
		const { items, total } = await listDocuments(ctx, datasetId, runs, page);
		const shrunk = previousTotal !== undefined && total !== undefined && total < previousTotal;
		if (shrunk && page > 1 && rewinds < 3) {
			// Documents left the list while we walked it: the rest moved up, so read the previous
			// page again at its new position (ids already seen are skipped).
			rewinds++;
			previousTotal = total;
			page -= 2;
			continue;
		}
		previousTotal = total;
		let reachedCursor = false;
		for (const doc of items) {
			const id = String(doc.id);
			if (seen.has(id)) continue;
			seen.add(id);
			const update = num(doc.update_time);
			if (update < lower || update <= sealed) {
				reachedCursor = true;
				break;
			}
			cursor = Math.max(cursor, update);
			if (runs.includes(doc.run as TerminalRun) && isNewRun(ds, doc)) fresh.push(doc);
		}
		const lastPage =
			items.length < MAX_PAGE_SIZE || (total !== undefined && page * MAX_PAGE_SIZE >= total);
		if (reachedCursor || lastPage) break;
		// A resumed walk reads at least one page past the overlap page, so every poll progresses.
		if (page > firstPage - (resume ? 0 : 1) && outOfTime()) {
			ds.resume = { page: page + 1, cursor: resume ? resume.cursor : cursor };
			return { docs: fresh, complete: false };
		}
	}
	// After a resumed walk the top of the list was last read by the walk that stopped, so the
	// cursor is the one it found; documents newer than that are recorded and will be skipped.
	ds.cursor = resume ? Math.max(ds.cursor, resume.cursor) : cursor;
	delete ds.resume;
	sealOverlap(ds, previousCursor, started);
	return { docs: fresh, complete: true };
}

/**
 * After a complete walk: a write that was not yet visible when the cursor was found shows up within
 * the overlap, so once a walk that began at least that long after the cursor was found has read the
 * overlap, nothing at or below that cursor can appear any more. From then on walks stop there, and
 * an idle poll costs one request again even when thousands of documents finished in the same second
 * (they would otherwise all be re-read by every poll). Only elapsed n8n time is compared, never the
 * server's clock with n8n's.
 */
function sealOverlap(ds: DatasetState, previousCursor: number, started: number): void {
	if (
		ds.cursorFoundAt !== undefined &&
		started - ds.cursorFoundAt >= OVERLAP_MS &&
		previousCursor > 0
	) {
		ds.sealedUpTo = Math.max(ds.sealedUpTo ?? 0, previousCursor);
	}
	if (ds.cursor !== previousCursor || ds.cursorFoundAt === undefined) ds.cursorFoundAt = Date.now();
}

/** First sight of a dataset: remember its newest terminal documents, emit nothing. */
async function seedDataset(
	ctx: IPollFunctions,
	datasetId: string,
	runs: TerminalRun[],
): Promise<DatasetState> {
	const { items, total } = await listDocuments(ctx, datasetId, runs, 1);
	const ds = emptyDatasetState();
	for (const doc of items) {
		const run = runOf(doc);
		ds.runs[String(doc.id)] = run;
		ds.cursor = Math.max(ds.cursor, run.updatedAt);
	}
	// Older terminal documents exist but are not remembered: they all finished before the oldest
	// one kept, so that moment becomes the horizon.
	const allKept = items.length < MAX_PAGE_SIZE && (total === undefined || total <= items.length);
	if (!allKept && items.length > 0) {
		ds.horizon = Math.min(...items.map((doc) => runOf(doc).updatedAt));
	}
	ds.cursorFoundAt = Date.now();
	return ds;
}

function terminalCount(dataset: IDataObject, runs: TerminalRun[]): number | undefined {
	const status = dataset.parsing_status as IDataObject | undefined;
	if (!status || typeof status !== 'object') return undefined;
	const keys: Record<TerminalRun, string> = {
		DONE: 'done_count',
		FAIL: 'fail_count',
		CANCEL: 'cancel_count',
	};
	return runs.reduce((sum, run) => sum + num(status[keys[run]]), 0);
}

/** Everything in a dataset-list row that moves when a document of the dataset changes state. */
function signatureOf(dataset: IDataObject): string | undefined {
	const status = dataset.parsing_status as IDataObject | undefined;
	if (!status || typeof status !== 'object') return undefined;
	return [
		dataset.update_time,
		dataset.document_count,
		dataset.chunk_count,
		dataset.token_num,
		status.unstart_count,
		status.running_count,
		status.cancel_count,
		status.done_count,
		status.fail_count,
	].join('|');
}

async function listDatasets(
	ctx: IPollFunctions,
	ids: string[] | undefined,
): Promise<IDataObject[]> {
	// create_time ascending: datasets created while the pages are read append at the end instead of
	// shifting the pages.
	const list = async (parsingStatus: boolean, withIds: boolean) => {
		const qs: IDataObject = { orderby: 'create_time', desc: false };
		if (parsingStatus) qs.include_parsing_status = true;
		if (withIds) qs.ids = ids;
		const datasets = await ragflowGetMany.call(ctx, '/datasets', { qs, returnAll: true });
		return withIds || !ids ? datasets : datasets.filter((d) => ids.includes(String(d.id)));
	};
	// Before v0.25 the list refuses `include_parsing_status` (101): without the counts every dataset
	// is scanned on each poll (`signatureOf` is undefined). Before v0.27 it refuses `ids`: the whole
	// list is read and filtered here.
	const withStatus = async (parsingStatus: boolean) =>
		ids
			? await withFallback(
					ctx,
					'datasetListIds',
					async () => await list(parsingStatus, true),
					async () => await list(parsingStatus, false),
					(error) => isRefusalOf(error, 'ids'),
				)
			: await list(parsingStatus, false);
	return await withFallback(
		ctx,
		'datasetListParsingStatus',
		async () => await withStatus(true),
		async () => await withStatus(false),
		(error) => isRefusalOf(error, 'include_parsing_status'),
	);
}

async function datasetName(ctx: IPollFunctions, datasetId: string): Promise<string | undefined> {
	const envelope = await ragflowRequest.call(ctx, 'GET', '/datasets', {
		qs: { id: datasetId, page: 1, page_size: 1 },
	});
	const [dataset] = readListPage(envelope).items;
	return dataset ? String(dataset.name) : undefined;
}

/** The dataset's name; a dataset the list does not return does not exist for this API key. */
async function requireDatasetName(ctx: IPollFunctions, datasetId: string): Promise<string> {
	const name = await datasetName(ctx, datasetId);
	if (name === undefined) throw notFound(ctx.getNode(), datasetId);
	return name;
}

function notFound(node: INode, datasetId: string): NodeOperationError {
	return new NodeOperationError(
		node,
		`Dataset ${datasetId} does not exist or the API key cannot access it`,
		{
			description:
				'The dataset may have been deleted, or the credential belongs to another RAGFlow user. Select an existing dataset in the trigger (or remove it from the list) and activate the workflow again.',
		},
	);
}

/** Turns RAGFlow's "not found / not yours" answers for a dataset into a clear error. */
function explainDatasetError(ctx: IPollFunctions, datasetId: string, error: unknown): unknown {
	return isNotFoundAnswer(error, 'dataset') ? notFound(ctx.getNode(), datasetId) : error;
}

/**
 * Errors that will not go away by polling again. Besides RAGFlow's refusals this is any answer with
 * a success or redirect status that is not RAGFlow's (an HTML page from the web UI or a proxy's login
 * page, a redirect elsewhere): the Base URL points at the wrong thing, which is a setting to fix, not
 * an outage to wait out. RAGFlow's own error codes never fall in 200–399.
 */
export function isPermanentError(error: unknown): boolean {
	if (error instanceof NodeOperationError) return true;
	if (error instanceof NodeApiError) {
		const code = String(error.httpCode);
		if (/^[23]\d\d$/.test(code)) return true;
		return ['401', '403', '404', '101', '102', '103', '108', '109'].includes(code);
	}
	return false;
}

/** Whether a seeded state for this configuration exists (errors before that are not transient). */
export function hasState(ctx: IPollFunctions, config: TriggerConfig): boolean {
	const state = ctx.getWorkflowStaticData('node').trigger as TriggerState | undefined;
	return state?.configKey === stateKey(config);
}

export interface FoundEvent {
	doc: IDataObject;
	datasetName?: string;
}

function matchesName(config: TriggerConfig, doc: IDataObject): boolean {
	return (
		!config.nameContains ||
		String(doc.name ?? '')
			.toLowerCase()
			.includes(config.nameContains)
	);
}

function byUpdateTime(a: FoundEvent, b: FoundEvent): number {
	return num(a.doc.update_time) - num(b.doc.update_time);
}

/**
 * One production poll. Returns the documents whose parse run ended since the last poll (oldest
 * first), or an empty list. Static data is replaced only when the whole poll succeeded.
 */
export async function pollForEvents(
	ctx: IPollFunctions,
	config: TriggerConfig,
): Promise<FoundEvent[]> {
	const staticData = ctx.getWorkflowStaticData('node');
	const previous = staticData.trigger as TriggerState | undefined;
	const configKey = stateKey(config);
	const seeding = previous?.configKey !== configKey;
	// A copy: a poll that fails half-way leaves the stored state untouched.
	const state: TriggerState = seeding
		? { configKey, datasetsSince: 0, datasets: {}, rotation: 0 }
		: (JSON.parse(JSON.stringify(previous)) as TriggerState);

	const started = Date.now();
	const budget = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : 300_000;
	const poll: Poll = {
		ctx,
		runs: config.events,
		started,
		outOfTime: () => Date.now() - started > budget / 2,
	};
	const events =
		config.mode === 'one'
			? await pollOneDataset(poll, state, config.datasetIds[0], seeding)
			: await pollDatasetList(poll, state, watchedIds(config), seeding);

	staticData.trigger = state as unknown as IDataObject;
	return events.filter((event) => matchesName(config, event.doc)).sort(byUpdateTime);
}

/**
 * The step every mode shares: walks one seeded dataset down to its cursor (`scanDataset`) and keeps
 * its run map within `cap` entries.
 */
async function checkDataset(
	poll: Poll,
	datasetId: string,
	ds: DatasetState,
	cap: number,
): Promise<ScanResult> {
	const result = await scanDataset(poll, datasetId, ds);
	prune(ds, cap);
	return result;
}

/**
 * One dataset (point 1 of the header): no dataset list, so an idle poll is one request. The
 * dataset's name is read when seeding and again, at most hourly, when there is something to report.
 */
async function pollOneDataset(
	poll: Poll,
	state: TriggerState,
	datasetId: string,
	seeding: boolean,
): Promise<FoundEvent[]> {
	const { ctx } = poll;
	try {
		if (seeding) {
			const seeded = await seedDataset(ctx, datasetId, poll.runs);
			state.datasets[datasetId] = seeded;
			seeded.name = await requireDatasetName(ctx, datasetId);
			seeded.nameReadAt = poll.started;
			return [];
		}
		const ds = state.datasets[datasetId];
		const { docs } = await checkDataset(poll, datasetId, ds, RUN_MAP_TOTAL);
		const nameIsStale = ds.name === undefined || poll.started - num(ds.nameReadAt) > NAME_TTL_MS;
		if (docs.length > 0 && nameIsStale) {
			ds.name = (await datasetName(ctx, datasetId)) ?? ds.name;
			ds.nameReadAt = poll.started;
		}
		return docs.map((doc) => ({ doc, datasetName: ds.name }));
	} catch (error) {
		throw explainDatasetError(ctx, datasetId, error);
	}
}

/**
 * Several or all datasets (point 4 of the header): one dataset list with parse-status counts
 * decides which datasets are walked. `ids` is the watched list (several), or undefined (all).
 */
async function pollDatasetList(
	poll: Poll,
	state: TriggerState,
	ids: string[] | undefined,
	seeding: boolean,
): Promise<FoundEvent[]> {
	const listed = await listWatchedDatasets(poll.ctx, ids);
	if (seeding) state.datasetsSince = newestDatasetTime(listed);
	forgetMissingDatasets(state, listed);
	const toCheck = await datasetsToCheck(poll, state, listed, seeding);
	if (!seeding && toCheck.length === 0 && listed.size > 0) {
		toCheck.push(nextInRotation(state, listed));
	}
	const cap = runMapShare(listed.size);
	const events: FoundEvent[] = [];
	for (const id of toCheck) {
		if (poll.outOfTime()) break;
		const ds = state.datasets[id];
		const dataset = listed.get(id) as IDataObject;
		let result: ScanResult;
		try {
			result = await checkDataset(poll, id, ds, cap);
		} catch (error) {
			const explained = explainDatasetError(poll.ctx, id, error);
			// In "all datasets" mode a dataset deleted since the list was read is simply gone.
			if (!ids && explained !== error) {
				delete state.datasets[id];
				continue;
			}
			throw explained;
		}
		if (result.complete) ds.signature = signatureOf(dataset);
		const name = String(dataset.name ?? '');
		events.push(...result.docs.map((doc) => ({ doc, datasetName: name })));
	}
	return events;
}

/** The watched ids of a "several datasets" configuration; undefined means every dataset. */
function watchedIds(config: TriggerConfig): string[] | undefined {
	return config.mode === 'several' ? config.datasetIds : undefined;
}

/** The watched datasets' list rows by id. Each of `ids` (when given) must be among them. */
async function listWatchedDatasets(
	ctx: IPollFunctions,
	ids: string[] | undefined,
): Promise<Map<string, IDataObject>> {
	const datasets = await listDatasets(ctx, ids);
	const listed = new Map(datasets.map((dataset) => [String(dataset.id), dataset]));
	const missing = ids?.find((id) => !listed.has(id));
	if (missing) throw notFound(ctx.getNode(), missing);
	return listed;
}

/** Newest create or update time among the listed datasets (0 when there are none). */
function newestDatasetTime(listed: Map<string, IDataObject>): number {
	let newest = 0;
	for (const dataset of listed.values()) {
		newest = Math.max(newest, num(dataset.create_time), num(dataset.update_time));
	}
	return newest;
}

/**
 * Counts the polls each remembered dataset has been missing from the list. The list can skip a row
 * when a dataset is deleted while it is paged, so a dataset is only forgotten after several polls
 * without it.
 */
function forgetMissingDatasets(state: TriggerState, listed: Map<string, IDataObject>): void {
	for (const [id, ds] of Object.entries(state.datasets)) {
		if (listed.has(id)) continue;
		ds.missingPolls = (ds.missingPolls ?? 0) + 1;
		if (ds.missingPolls >= MISSING_POLLS) delete state.datasets[id];
	}
}

/**
 * The listed datasets to walk this poll: those whose list row changed since their last complete
 * walk, whose last walk was cut short, or that were created after activation. A dataset seen for the
 * first time that already existed at activation is seeded instead (nothing to report for it yet).
 */
async function datasetsToCheck(
	poll: Poll,
	state: TriggerState,
	listed: Map<string, IDataObject>,
	seeding: boolean,
): Promise<string[]> {
	const toCheck: string[] = [];
	for (const [id, dataset] of listed) {
		const ds = state.datasets[id];
		if (ds) {
			delete ds.missingPolls;
			const signature = signatureOf(dataset);
			if (signature === undefined || signature !== ds.signature || ds.resume !== undefined) {
				toCheck.push(id);
			}
		} else if (!seeding && num(dataset.create_time) > state.datasetsSince) {
			// A dataset created after activation: everything that finishes in it is new.
			state.datasets[id] = emptyDatasetState();
			toCheck.push(id);
		} else {
			const seeded = await seedListedDataset(poll, id, dataset);
			if (seeded) state.datasets[id] = seeded;
		}
	}
	return toCheck;
}

/**
 * First sight of a listed dataset that existed at activation. Without finished documents there is
 * nothing to remember; otherwise it is seeded, unless the poll is out of time (the next poll then
 * seeds it). Undefined when it was skipped.
 */
async function seedListedDataset(
	poll: Poll,
	datasetId: string,
	dataset: IDataObject,
): Promise<DatasetState | undefined> {
	let ds: DatasetState;
	if (terminalCount(dataset, poll.runs) === 0) ds = emptyDatasetState();
	else if (poll.outOfTime()) return undefined;
	else ds = await seedDataset(poll.ctx, datasetId, poll.runs);
	ds.signature = signatureOf(dataset);
	return ds;
}

/**
 * The idle check: one listed dataset per poll, in rotation. It catches a run that counts cannot
 * reveal (DONE again → DONE).
 */
function nextInRotation(state: TriggerState, listed: Map<string, IDataObject>): string {
	const order = [...listed.keys()].sort();
	const id = order[state.rotation % order.length];
	state.rotation = (state.rotation + 1) % order.length;
	return id;
}

/** Each listed dataset's share of the run map's bound. */
function runMapShare(datasetCount: number): number {
	return Math.max(RUN_MAP_MIN_PER_DATASET, Math.floor(RUN_MAP_TOTAL / Math.max(1, datasetCount)));
}

/** "Fetch test event": the most recently finished document, without touching the state. */
export async function fetchSample(
	ctx: IPollFunctions,
	config: TriggerConfig,
): Promise<FoundEvent[]> {
	const newest = async (datasetId: string) => {
		const { items } = await listDocuments(ctx, datasetId, config.events, 1);
		return items.find((doc) => matchesName(config, doc));
	};
	if (config.mode === 'one') {
		const datasetId = config.datasetIds[0];
		try {
			const doc = await newest(datasetId);
			const name = await requireDatasetName(ctx, datasetId);
			return doc ? [{ doc, datasetName: name }] : [];
		} catch (error) {
			throw explainDatasetError(ctx, datasetId, error);
		}
	}
	const listed = await listWatchedDatasets(ctx, watchedIds(config));
	const candidates = [...listed.values()]
		.filter((dataset) => terminalCount(dataset, config.events) !== 0)
		.sort((a, b) => num(b.update_time) - num(a.update_time))
		.slice(0, SAMPLE_DATASETS);
	let best: FoundEvent | undefined;
	for (const dataset of candidates) {
		const doc = await newest(String(dataset.id));
		if (doc && (!best || num(doc.update_time) > num(best.doc.update_time))) {
			best = { doc, datasetName: String(dataset.name ?? '') };
		}
	}
	return best ? [best] : [];
}
