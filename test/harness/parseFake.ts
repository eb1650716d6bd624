import nock from 'nock';

import { TEST_BASE_URL, TEST_CREDENTIAL } from './credentialsHelper';
import { id as hexId } from './ragflowMock';

/**
 * A scripted RAGFlow for trigger tests, served through nock: datasets and documents with the parse
 * fields, clock and list semantics of docs/ragflow-api.md §6.2, §4.2 (run filter as repeated keys,
 * `orderby=update_time`, paging, `total`, `include_parsing_status`, `ids`). Tests move the clock
 * and the documents between polls and read back every request the trigger made.
 */

export type Run = 'UNSTART' | 'RUNNING' | 'CANCEL' | 'DONE' | 'FAIL';

export interface FakeDoc {
	id: string;
	name: string;
	dataset_id: string;
	run: Run;
	progress: number;
	progress_msg: string;
	chunk_count: number;
	token_count: number;
	process_begin_at: string | null;
	process_duration: number;
	create_time: number;
	update_time: number;
	update_date: string;
	meta_fields: Record<string, unknown>;
	[key: string]: unknown;
}

export interface FakeDataset {
	id: string;
	name: string;
	create_time: number;
	update_time: number;
	docs: Map<string, FakeDoc>;
}

/** The server labels its local time (UTC+8 here) "GMT", as RAGFlow does. */
const SERVER_OFFSET_MS = 8 * 3_600_000;
const httpDate = (epochMs: number) => new Date(epochMs + SERVER_OFFSET_MS).toUTCString();

export interface RecordedRequest {
	path: string;
	query: URLSearchParams;
}

export class ParseFake {
	now = Date.UTC(2026, 10, 20, 9, 0, 0);
	datasets = new Map<string, FakeDataset>();
	requests: RecordedRequest[] = [];
	/** Answers the next requests with these HTTP statuses. */
	failures: number[] = [];
	/** Runs before a request is answered (to change the data between two pages of one walk). */
	beforeReply?: (request: RecordedRequest) => void;
	private seq = 0;
	private scope?: nock.Scope;

	start(baseUrl = TEST_BASE_URL, apiKey = TEST_CREDENTIAL): this {
		this.scope = nock(baseUrl, { reqheaders: { authorization: `Bearer ${apiKey}` } })
			.persist()
			.get(/^\/api\/v1\//)
			.query(true)
			.reply((uri, _body, callback) => {
				const url = new URL(uri, baseUrl);
				const request = { path: url.pathname, query: url.searchParams };
				this.requests.push(request);
				const failure = this.failures.shift();
				if (failure !== undefined) {
					callback(null, [failure, { code: 100, message: 'Internal Server Error' }]);
					return;
				}
				this.beforeReply?.(request);
				callback(null, [200, this.answer(request) as nock.ReplyBody]);
			});
		return this;
	}

	stop(): void {
		this.scope?.persist(false);
		nock.cleanAll();
	}

	/** Requests made since the last call (and forgets them). */
	take(): RecordedRequest[] {
		const taken = this.requests;
		this.requests = [];
		return taken;
	}

	tick(ms = 1000): number {
		this.now += ms;
		return this.now;
	}

	addDataset(name: string, n = this.datasets.size + 1): FakeDataset {
		const dataset = {
			id: hexId(`d${n}`),
			name,
			create_time: this.tick(),
			update_time: this.now,
			docs: new Map(),
		};
		this.datasets.set(dataset.id, dataset);
		return dataset;
	}

	addDoc(dataset: FakeDataset, name: string): FakeDoc {
		this.seq++;
		const doc: FakeDoc = {
			id: hexId(`f${this.seq}`),
			name,
			dataset_id: dataset.id,
			run: 'UNSTART',
			progress: 0,
			progress_msg: '',
			chunk_count: 0,
			token_count: 0,
			process_begin_at: null,
			process_duration: 0,
			create_time: this.tick(),
			update_time: this.now,
			update_date: httpDate(this.now),
			meta_fields: {},
			chunk_method: 'naive',
			size: 1000,
			status: '1',
		};
		dataset.docs.set(doc.id, doc);
		return doc;
	}

	private touch(doc: FakeDoc, at = this.tick(7)) {
		doc.update_time = at;
		doc.update_date = httpDate(at);
	}

	/** Queues a parse: RUNNING with a new process_begin_at. */
	startParse(doc: FakeDoc): void {
		this.tick(3);
		doc.run = 'RUNNING';
		doc.progress = 0.005;
		doc.progress_msg = '09:00:00 Task is queued...';
		doc.chunk_count = 0;
		doc.token_count = 0;
		doc.process_begin_at = httpDate(this.now);
		doc.process_duration = 0;
		doc.begin_ms = this.now;
		this.touch(doc, this.now);
	}

	/** Ends the running parse (progress sync sets the duration and update_time together). */
	finish(doc: FakeDoc, run: 'DONE' | 'FAIL' | 'CANCEL' = 'DONE', at = this.tick(2500)): void {
		doc.run = run;
		doc.progress = run === 'DONE' ? 1 : run === 'FAIL' ? -1 : 0;
		doc.progress_msg +=
			run === 'DONE'
				? '\n09:00:02 Task done (2.50s)'
				: run === 'FAIL'
					? '\n09:00:02 [ERROR] parse failed'
					: '\n09:00:02 Task stopped by user.';
		if (run !== 'CANCEL') doc.process_duration = (at - Number(doc.begin_ms)) / 1000;
		doc.chunk_count = run === 'DONE' ? 12 : 0;
		doc.token_count = run === 'DONE' ? 3400 : 0;
		this.touch(doc, at);
	}

	/** Uploads and fully parses a document at the current time. */
	parsed(dataset: FakeDataset, name: string, run: 'DONE' | 'FAIL' | 'CANCEL' = 'DONE'): FakeDoc {
		const doc = this.addDoc(dataset, name);
		this.startParse(doc);
		this.finish(doc, run);
		return doc;
	}

	/** A user edit (rename, metadata): only bumps update_time. */
	edit(doc: FakeDoc, patch: Partial<FakeDoc>): void {
		Object.assign(doc, patch);
		this.touch(doc);
	}

	remove(doc: FakeDoc): void {
		this.datasets.get(doc.dataset_id)?.docs.delete(doc.id);
	}

	private counts(dataset: FakeDataset) {
		const count = (run: Run) => [...dataset.docs.values()].filter((d) => d.run === run).length;
		return {
			unstart_count: count('UNSTART'),
			running_count: count('RUNNING'),
			cancel_count: count('CANCEL'),
			done_count: count('DONE'),
			fail_count: count('FAIL'),
		};
	}

	private datasetView(dataset: FakeDataset, withStatus: boolean) {
		const docs = [...dataset.docs.values()];
		return {
			id: dataset.id,
			name: dataset.name,
			create_time: dataset.create_time,
			update_time: dataset.update_time,
			document_count: docs.length,
			chunk_count: docs.reduce((sum, d) => sum + d.chunk_count, 0),
			token_num: docs.reduce((sum, d) => sum + d.token_count, 0),
			...(withStatus ? { parsing_status: this.counts(dataset) } : {}),
		};
	}

	private answer({ path, query }: RecordedRequest): unknown {
		const page = Number(query.get('page') ?? 1);
		const pageSize = Number(query.get('page_size') ?? 30);
		const docsPath = /^\/api\/v1\/datasets\/([0-9a-f]{32})\/documents$/.exec(path);
		if (docsPath) {
			const dataset = this.datasets.get(docsPath[1]);
			if (!dataset) return { code: 102, message: `You don't own the dataset ${docsPath[1]}. ` };
			const runs = query.getAll('run');
			let docs = [...dataset.docs.values()].filter(
				(d) => runs.length === 0 || runs.includes(d.run),
			);
			const field = (query.get('orderby') ?? 'create_time') as 'create_time' | 'update_time';
			const desc = query.get('desc') !== 'false';
			docs = docs.sort((a, b) => (desc ? b[field] - a[field] : a[field] - b[field]));
			const slice = docs.slice((page - 1) * pageSize, page * pageSize);
			return { code: 0, data: { total: docs.length, docs: JSON.parse(JSON.stringify(slice)) } };
		}
		if (path === '/api/v1/datasets') {
			const withStatus = query.get('include_parsing_status') === 'true';
			let datasets = [...this.datasets.values()];
			const single = query.get('id');
			if (single) {
				datasets = datasets.filter((d) => d.id === single);
				if (datasets.length === 0)
					return { code: 102, message: `User 'u' lacks permission for dataset '${single}'` };
			}
			const ids = query.getAll('ids');
			if (ids.length) datasets = datasets.filter((d) => ids.includes(d.id));
			const field = (query.get('orderby') ?? 'create_time') as 'create_time' | 'update_time';
			const desc = query.get('desc') !== 'false';
			datasets.sort((a, b) => (desc ? b[field] - a[field] : a[field] - b[field]));
			const slice = datasets.slice((page - 1) * pageSize, page * pageSize);
			return {
				code: 0,
				data: slice.map((d) => this.datasetView(d, withStatus)),
				total_datasets: datasets.length,
			};
		}
		return { code: 100, message: `fake: no route ${path}` };
	}
}
