import nock from 'nock';

import type { IDataObject } from 'n8n-workflow';

import type { FakeDataset } from './harness/parseFake';
import { ParseFake } from './harness/parseFake';
import { TEST_BASE_URL } from './harness/credentialsHelper';
import { mockNetwork } from './harness/ragflowMock';
import { createPoller, loadParameterOptions } from './harness/runPoll';
import { TestNodeTypes } from './harness/nodeTypes';

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

let fake: ParseFake;
mockNetwork();
beforeEach(() => {
	fake = new ParseFake().start();
});
afterEach(() => {
	fake.stop();
	jest.restoreAllMocks();
});

const one = (dataset: FakeDataset, extra: IDataObject = {}) =>
	createPoller({ parameters: { datasetMode: 'one', datasetId: rl(dataset.id), ...extra } });
const ids = (items: IDataObject[]) => items.map((item) => item.id);
const names = (items: IDataObject[]) => items.map((item) => item.name);

describe('RAGFlow Trigger: one dataset', () => {
	it('seeds without replaying history, then costs one request per idle poll', async () => {
		const ds = fake.addDataset('Handbook');
		fake.parsed(ds, 'old-1.pdf');
		fake.parsed(ds, 'old-2.pdf', 'FAIL');
		const trigger = one(ds);

		expect(await trigger.poll()).toBeNull();
		const seedRequests = fake.take();
		expect(seedRequests.map((r) => r.path)).toEqual([
			`/api/v1/datasets/${ds.id}/documents`,
			'/api/v1/datasets',
		]);
		const listQuery = seedRequests[0].query;
		expect(listQuery.getAll('run')).toEqual(['DONE', 'FAIL']);
		expect(Object.fromEntries([...listQuery].filter(([k]) => k !== 'run'))).toEqual({
			page: '1',
			page_size: '100',
			orderby: 'update_time',
			desc: 'true',
		});
		expect(seedRequests[1].query.get('id')).toBe(ds.id);

		for (let i = 0; i < 3; i++) {
			expect(await trigger.poll()).toBeNull();
			expect(fake.take()).toHaveLength(1);
		}
	});

	it('emits each finished (DONE) and failed (FAIL) run once, with the document fields and event', async () => {
		const ds = fake.addDataset('Handbook');
		const trigger = one(ds);
		await trigger.poll();

		const done = fake.parsed(ds, 'report.pdf');
		const failed = fake.parsed(ds, 'broken.pdf', 'FAIL');
		const cancelled = fake.parsed(ds, 'stopped.pdf', 'CANCEL');
		const items = await trigger.pollJson();
		expect(items).toEqual([
			{
				id: done.id,
				name: 'report.pdf',
				dataset_id: ds.id,
				dataset_name: 'Handbook',
				run: 'DONE',
				progress: 1,
				progress_msg: '09:00:00 Task is queued...\n09:00:02 Task done (2.50s)',
				chunk_count: 12,
				token_count: 3400,
				process_begin_at: done.process_begin_at,
				process_duration: 2.5,
				update_time: done.update_time,
				event: 'parsingFinished',
			},
			expect.objectContaining({ id: failed.id, run: 'FAIL', progress: -1, event: 'parsingFailed' }),
		]);
		expect(ids(items)).not.toContain(cancelled.id);
		expect(await trigger.poll()).toBeNull();
	});

	it('emits CANCEL when selected, and only the selected events', async () => {
		const ds = fake.addDataset('Handbook');
		const trigger = one(ds, { events: ['CANCEL'] });
		await trigger.poll();
		expect(fake.take()[0].query.getAll('run')).toEqual(['CANCEL']);
		fake.parsed(ds, 'a.pdf');
		const stopped = fake.parsed(ds, 'b.pdf', 'CANCEL');
		const items = await trigger.pollJson();
		expect(items).toEqual([
			expect.objectContaining({ id: stopped.id, run: 'CANCEL', event: 'parsingCancelled' }),
		]);
	});

	it('fires again for a re-parse, but not when a finished document is renamed or its metadata edited', async () => {
		const ds = fake.addDataset('Handbook');
		const seeded = fake.parsed(ds, 'seeded.pdf');
		const trigger = one(ds);
		await trigger.poll();

		const doc = fake.parsed(ds, 'doc.pdf');
		expect(ids(await trigger.pollJson())).toEqual([doc.id]);

		fake.edit(doc, { name: 'renamed.pdf' });
		fake.edit(doc, { meta_fields: { author: 'Ann' } });
		fake.edit(seeded, { name: 'seeded-renamed.pdf' });
		expect(await trigger.poll()).toBeNull();

		fake.startParse(doc);
		expect(await trigger.poll()).toBeNull();
		fake.finish(doc, 'FAIL');
		const items = await trigger.pollJson();
		expect(items).toEqual([
			expect.objectContaining({ id: doc.id, name: 'renamed.pdf', event: 'parsingFailed' }),
		]);

		// A re-parse that starts and ends between two polls is still a new run.
		fake.startParse(seeded);
		fake.finish(seeded);
		expect(ids(await trigger.pollJson())).toEqual([seeded.id]);
		expect(await trigger.poll()).toBeNull();
	});

	it('fires for a re-parse that begins within the same second as the previous run', async () => {
		const ds = fake.addDataset('Quick');
		const trigger = one(ds);
		await trigger.poll();
		const doc = fake.addDoc(ds, 'tiny.txt');
		fake.now = Math.floor(fake.now / 1000) * 1000; // start of a second
		fake.startParse(doc);
		fake.finish(doc, 'DONE', fake.tick(300));
		expect(ids(await trigger.pollJson())).toEqual([doc.id]);
		// The second run starts a moment later: same process_begin_at string, different duration.
		fake.startParse(doc);
		fake.finish(doc, 'DONE', fake.tick(350));
		expect(ids(await trigger.pollJson())).toEqual([doc.id]);
		expect(await trigger.poll()).toBeNull();
	});

	it('does not fire for old documents beyond the first page that are edited after activation', async () => {
		const ds = fake.addDataset('Big');
		const old = Array.from({ length: 130 }, (_, i) => fake.parsed(ds, `old-${i}.pdf`));
		const trigger = one(ds);
		await trigger.poll();
		fake.edit(old[0], { name: 'oldest-renamed.pdf' });
		fake.edit(old[5], { meta_fields: { tag: 'x' } });
		expect(await trigger.poll()).toBeNull();
		// ... while a re-parse of one of them does fire.
		fake.startParse(old[1]);
		fake.finish(old[1]);
		expect(ids(await trigger.pollJson())).toEqual([old[1].id]);
	});

	it('pages through more than 100 documents finishing between two polls, each once, oldest first', async () => {
		const ds = fake.addDataset('Bulk');
		fake.parsed(ds, 'before.pdf');
		const trigger = one(ds);
		await trigger.poll();
		fake.take();
		const docs = Array.from({ length: 250 }, (_, i) =>
			fake.parsed(ds, `bulk-${i}.pdf`, i % 10 === 0 ? 'FAIL' : 'DONE'),
		);
		const items = await trigger.pollJson();
		expect(ids(items)).toEqual(docs.map((d) => d.id));
		expect(fake.take().map((r) => r.query.get('page'))).toEqual(['1', '2', '3']);
		expect(await trigger.poll()).toBeNull();
		expect(fake.take()).toHaveLength(1);
	});

	it('costs at most 11 requests for 1,000 documents finished in one poll', async () => {
		const ds = fake.addDataset('Bulk');
		fake.parsed(ds, 'before.pdf');
		const trigger = one(ds);
		await trigger.poll();
		fake.take();
		for (let i = 0; i < 1000; i++) fake.parsed(ds, `bulk-${i}.pdf`);
		const items = await trigger.pollJson();
		expect(new Set(ids(items)).size).toBe(1000);
		expect(items).toHaveLength(1000);
		expect(fake.take().length).toBeLessThanOrEqual(11);
		fake.tick(120_000);
		expect(await trigger.poll()).toBeNull();
		expect(fake.take()).toHaveLength(1);
		// The state stays bounded once the burst is behind the cursor.
		fake.parsed(ds, 'later.pdf');
		expect(await trigger.pollJson()).toHaveLength(1);
		const state = trigger.staticData().trigger as { datasets: Record<string, { runs: object }> };
		expect(Object.keys(state.datasets[ds.id].runs).length).toBeLessThanOrEqual(1000);
	});

	it('does not lose or repeat documents sharing the cursor timestamp', async () => {
		// The late writes below become visible within the overlap: the polls run at one n8n moment,
		// however slowly the machine runs them (after a second the overlap is sealed).
		jest.spyOn(Date, 'now').mockReturnValue(Date.now());
		const ds = fake.addDataset('Ties');
		const trigger = one(ds);
		await trigger.poll();
		const a = fake.addDoc(ds, 'a.pdf');
		const b = fake.addDoc(ds, 'b.pdf');
		const c = fake.addDoc(ds, 'c.pdf');
		[a, b, c].forEach((doc) => fake.startParse(doc));
		const at = fake.tick(5000);
		fake.finish(a, 'DONE', at);
		fake.finish(b, 'DONE', at);
		expect(names(await trigger.pollJson())).toEqual(['a.pdf', 'b.pdf']);
		// c finishes in the same millisecond, but its write became visible after the poll.
		fake.finish(c, 'DONE', at);
		expect(names(await trigger.pollJson())).toEqual(['c.pdf']);
		// ... and one committed slightly out of order (a smaller timestamp, seen later).
		const d = fake.addDoc(ds, 'd.pdf');
		fake.startParse(d);
		fake.finish(d, 'DONE', at - 300);
		expect(names(await trigger.pollJson())).toEqual(['d.pdf']);
		expect(await trigger.poll()).toBeNull();
	});

	it('after a burst in one millisecond, catches a late write in the overlap, then idles at one request', async () => {
		const realNow = Date.now.bind(Date);
		let offset = 0;
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		const ds = fake.addDataset('Burst');
		const trigger = one(ds);
		await trigger.poll();
		const burst = Array.from({ length: 300 }, (_, i) => fake.addDoc(ds, `burst-${i}.pdf`));
		burst.forEach((doc) => fake.startParse(doc));
		const at = fake.tick(5000);
		burst.forEach((doc) => fake.finish(doc, 'DONE', at));
		expect(await trigger.pollJson()).toHaveLength(300);

		// A poll interval later, a write stamped just below the cursor becomes visible.
		offset += 60_000;
		const late = fake.addDoc(ds, 'late.pdf');
		fake.startParse(late);
		fake.finish(late, 'DONE', at - 300);
		fake.take();
		expect(names(await trigger.pollJson())).toEqual(['late.pdf']);
		expect(fake.take()).toHaveLength(4);
		for (let i = 0; i < 3; i++) {
			offset += 60_000;
			expect(await trigger.poll()).toBeNull();
			expect(fake.take()).toHaveLength(1);
		}
		// A re-parse of a burst document is newer than the sealed moment and fires once.
		fake.startParse(burst[7]);
		fake.finish(burst[7]);
		expect(ids(await trigger.pollJson())).toEqual([burst[7].id]);
	});

	it('handles the list shifting between pages (a document finishing or leaving mid-walk)', async () => {
		const ds = fake.addDataset('Shift');
		const trigger = one(ds);
		await trigger.poll();
		const docs = Array.from({ length: 150 }, (_, i) => fake.parsed(ds, `s-${i}.pdf`));
		let late: ReturnType<ParseFake['parsed']> | undefined;
		fake.beforeReply = (request) => {
			if (request.query.get('page') === '2' && !late) {
				// A new finish pushes every document one place down: page 2 repeats page 1's last.
				late = fake.parsed(ds, 'late.pdf');
			}
		};
		const first = await trigger.pollJson();
		expect(new Set(ids(first)).size).toBe(first.length);
		expect(ids(first)).toEqual(expect.arrayContaining(docs.map((d) => d.id)));
		const second = await trigger.pollJson();
		expect(ids([...first, ...second]).filter((x) => x === late!.id)).toHaveLength(1);

		// A document leaving the list (re-parse started) while page 2 is read moves the rest up.
		fake.beforeReply = undefined;
		const more = Array.from({ length: 150 }, (_, i) => fake.parsed(ds, `m-${i}.pdf`));
		let left = false;
		fake.beforeReply = (request) => {
			if (request.query.get('page') === '2' && !left) {
				left = true;
				fake.startParse(more[149]);
			}
		};
		const third = await trigger.pollJson();
		fake.beforeReply = undefined;
		expect(ids(third)).toEqual(expect.arrayContaining(more.slice(0, 149).map((d) => d.id)));
		expect(new Set(ids(third)).size).toBe(third.length);
		fake.finish(more[149]);
		expect(ids(await trigger.pollJson())).toEqual([more[149].id]);
	});

	it('keeps the cursor through transient errors (5xx, network) and catches up afterwards', async () => {
		const ds = fake.addDataset('Flaky');
		const trigger = one(ds);
		await trigger.poll();
		const before = JSON.stringify(trigger.staticData());
		const doc = fake.parsed(ds, 'during-outage.pdf');

		fake.failures.push(502);
		const result = await trigger.poll();
		expect(result).toBeNull();
		expect(JSON.stringify(trigger.staticData())).toBe(before);

		// A real refused connection (nothing listens on the discard port) for one poll.
		const baseUrl = trigger.credentials.baseUrl;
		trigger.credentials.baseUrl = 'http://127.0.0.1:9';
		nock.enableNetConnect('127.0.0.1:9');
		const warn = jest.spyOn(trigger.lastContext!.logger, 'warn');
		expect(await trigger.poll()).toBeNull();
		nock.disableNetConnect();
		trigger.credentials.baseUrl = baseUrl;
		expect(warn).toHaveBeenCalledWith(expect.stringContaining('poll failed'), expect.anything());
		expect(warn.mock.calls[0][0]).not.toContain('TESTKEY');
		warn.mockRestore();

		const later = fake.parsed(ds, 'after-outage.pdf');
		expect(ids(await trigger.pollJson())).toEqual([doc.id, later.id]);
	});

	it('throws transient errors before the first successful poll, and in manual mode', async () => {
		const ds = fake.addDataset('Flaky');
		const trigger = one(ds);
		fake.failures.push(500);
		await expect(trigger.poll()).rejects.toThrow(/RAGFlow error/);
		fake.failures.push(503);
		await expect(trigger.poll('manual')).rejects.toThrow();
		expect(await trigger.poll()).toBeNull();
	});

	it('reports an invalid API key clearly', async () => {
		const ds = fake.addDataset('Handbook');
		fake.stop();
		nock(TEST_BASE_URL)
			.get(/.*/)
			.query(true)
			.reply(401, { code: 401, message: "<Unauthorized '401: Unauthorized'>" });
		await expect(one(ds).poll()).rejects.toThrow(/invalid API key/);
	});

	it('reports a deleted dataset clearly, also after activation', async () => {
		const ds = fake.addDataset('Soon gone');
		const trigger = one(ds);
		await trigger.poll();
		fake.datasets.delete(ds.id);
		await expect(trigger.poll()).rejects.toThrow(
			`Dataset ${ds.id} does not exist or the API key cannot access it`,
		);
	});

	it('survives an n8n restart: state lives in static data', async () => {
		const ds = fake.addDataset('Restart');
		const trigger = one(ds);
		await trigger.poll();
		const a = fake.parsed(ds, 'a.pdf');
		expect(ids(await trigger.pollJson())).toEqual([a.id]);
		trigger.restart();
		const b = fake.parsed(ds, 'b.pdf');
		expect(ids(await trigger.pollJson())).toEqual([b.id]);
		trigger.restart();
		expect(await trigger.poll()).toBeNull();
	});

	it('drains a backlog over several polls when the poll budget is short, without duplicates', async () => {
		const ds = fake.addDataset('Slow');
		const trigger = createPoller({
			parameters: { datasetMode: 'one', datasetId: rl(ds.id) },
			budgetMs: 0,
		});
		await trigger.poll();
		const docs = Array.from({ length: 350 }, (_, i) => fake.parsed(ds, `b-${i}.pdf`));
		const seen: IDataObject[] = [];
		for (let i = 0; i < 6; i++) {
			fake.take();
			seen.push(...(await trigger.pollJson()));
			expect(fake.take().length).toBeLessThanOrEqual(2);
		}
		expect(ids(seen).sort()).toEqual(docs.map((d) => d.id).sort());
		expect(await trigger.poll()).toBeNull();
		// Once drained, the cursor is the newest document's, so idle polls read a single page.
		const state = trigger.staticData().trigger as {
			datasets: Record<string, { cursor: number; resume?: object }>;
		};
		expect(state.datasets[ds.id]).toMatchObject({ cursor: docs[349].update_time });
		expect(state.datasets[ds.id].resume).toBeUndefined();
	});

	it('filters by document name and can return the full document', async () => {
		const ds = fake.addDataset('Mixed');
		const trigger = one(ds, { options: { nameContains: 'Invoice', simplify: false } });
		await trigger.poll();
		fake.parsed(ds, 'notes.pdf');
		const invoice = fake.parsed(ds, '2026-INVOICE-7.pdf');
		const items = await trigger.pollJson();
		expect(items).toEqual([
			expect.objectContaining({
				id: invoice.id,
				chunk_method: 'naive',
				meta_fields: {},
				dataset_name: 'Mixed',
				event: 'parsingFinished',
			}),
		]);
	});

	it('validates the parameters before any request', async () => {
		const trigger = createPoller({
			parameters: { datasetMode: 'one', datasetId: rl('not-an-id') },
		});
		await expect(trigger.poll()).rejects.toThrow('"not-an-id" is not a valid dataset ID');
		const noEvents = createPoller({ parameters: { datasetMode: 'all', events: [] } });
		await expect(noEvents.poll()).rejects.toThrow('No event selected');
		expect(fake.requests).toHaveLength(0);
	});
});

describe('RAGFlow Trigger: Fetch test event (manual mode)', () => {
	it('returns the most recently finished document without touching the state', async () => {
		const ds = fake.addDataset('Handbook');
		fake.parsed(ds, 'older.pdf');
		const newest = fake.parsed(ds, 'newest.pdf', 'FAIL');
		const running = fake.addDoc(ds, 'running.pdf');
		fake.startParse(running);
		const trigger = one(ds);
		const items = await trigger.pollJson('manual');
		expect(items).toEqual([
			expect.objectContaining({ id: newest.id, dataset_name: 'Handbook', event: 'parsingFailed' }),
		]);
		expect(trigger.staticData()).toEqual({});
		// The first production poll still only seeds.
		expect(await trigger.poll()).toBeNull();
	});

	it('looks across datasets in "all datasets" mode, and returns nothing when nothing finished', async () => {
		const a = fake.addDataset('A');
		const b = fake.addDataset('B');
		fake.parsed(a, 'a.pdf');
		const newest = fake.parsed(b, 'b.pdf');
		const trigger = createPoller({ parameters: { datasetMode: 'all' } });
		expect(await trigger.pollJson('manual')).toEqual([
			expect.objectContaining({ id: newest.id, dataset_name: 'B' }),
		]);
		const empty = fake.addDataset('Empty');
		expect(await one(empty).poll('manual')).toBeNull();
	});
});

describe('RAGFlow Trigger: several and all datasets', () => {
	it('watches 50 idle datasets with at most 2 requests per poll and finds the one that changed', async () => {
		const datasets = Array.from({ length: 50 }, (_, i) => fake.addDataset(`ds-${i}`));
		datasets.forEach((ds, i) => i % 3 === 0 && fake.parsed(ds, `seed-${i}.pdf`));
		const trigger = createPoller({ parameters: { datasetMode: 'all' } });
		expect(await trigger.poll()).toBeNull();
		const seed = fake.take();
		expect(seed[0].path).toBe('/api/v1/datasets');
		expect(Object.fromEntries(seed[0].query)).toEqual({
			include_parsing_status: 'true',
			orderby: 'create_time',
			desc: 'false',
			page: '1',
			page_size: '100',
		});
		for (let i = 0; i < 5; i++) {
			expect(await trigger.poll()).toBeNull();
			expect(fake.take().length).toBeLessThanOrEqual(2);
		}
		const doc = fake.parsed(datasets[17], 'new.pdf');
		const failed = fake.parsed(datasets[42], 'bad.pdf', 'FAIL');
		const items = await trigger.pollJson();
		expect(items).toEqual([
			expect.objectContaining({
				id: doc.id,
				dataset_id: datasets[17].id,
				dataset_name: 'ds-17',
				event: 'parsingFinished',
			}),
			expect.objectContaining({ id: failed.id, dataset_name: 'ds-42', event: 'parsingFailed' }),
		]);
		expect(fake.take().map((r) => r.path)).toEqual([
			'/api/v1/datasets',
			`/api/v1/datasets/${datasets[17].id}/documents`,
			`/api/v1/datasets/${datasets[42].id}/documents`,
		]);
		expect(await trigger.poll()).toBeNull();
	});

	it('costs at most 11 requests for 1,000 documents finished in one of the datasets', async () => {
		const datasets = Array.from({ length: 20 }, (_, i) => fake.addDataset(`ds-${i}`));
		const trigger = createPoller({ parameters: { datasetMode: 'all' } });
		await trigger.poll();
		fake.take();
		for (let i = 0; i < 1000; i++) fake.parsed(datasets[3], `bulk-${i}.pdf`);
		expect(await trigger.pollJson()).toHaveLength(1000);
		expect(fake.take().length).toBeLessThanOrEqual(11);
	});

	it('catches a re-parse that leaves every count unchanged through the idle rotation', async () => {
		const datasets = Array.from({ length: 4 }, (_, i) => fake.addDataset(`ds-${i}`));
		const doc = fake.parsed(datasets[2], 'doc.pdf');
		const trigger = createPoller({ parameters: { datasetMode: 'all' } });
		await trigger.poll();
		fake.startParse(doc);
		fake.finish(doc);
		const found: IDataObject[] = [];
		for (let i = 0; i < 4; i++) found.push(...(await trigger.pollJson()));
		expect(ids(found)).toEqual([doc.id]);
	});

	it('fires for datasets created after activation, and forgets deleted ones', async () => {
		const old = fake.addDataset('old');
		fake.parsed(old, 'history.pdf');
		const trigger = createPoller({ parameters: { datasetMode: 'all' } });
		await trigger.poll();
		const created = fake.addDataset('created later');
		const first = fake.parsed(created, 'first.pdf');
		expect(await trigger.pollJson()).toEqual([
			expect.objectContaining({ id: first.id, dataset_name: 'created later' }),
		]);
		fake.datasets.delete(old.id);
		for (let i = 0; i < 3; i++) expect(await trigger.poll()).toBeNull();
		const state = trigger.staticData().trigger as { datasets: Record<string, unknown> };
		expect(Object.keys(state.datasets)).toEqual([created.id]);
	});

	it('skips a dataset deleted between the dataset list and its document list', async () => {
		const a = fake.addDataset('A');
		const b = fake.addDataset('B');
		const trigger = createPoller({ parameters: { datasetMode: 'all' } });
		await trigger.poll();
		fake.parsed(a, 'in-a.pdf');
		const inB = fake.parsed(b, 'in-b.pdf');
		fake.beforeReply = (request) => {
			if (request.path === `/api/v1/datasets/${a.id}/documents`) fake.datasets.delete(a.id);
		};
		expect(await trigger.pollJson()).toEqual([expect.objectContaining({ id: inB.id })]);
		const state = trigger.staticData().trigger as { datasets: Record<string, unknown> };
		expect(Object.keys(state.datasets)).toEqual([b.id]);
	});

	it('watches a list of datasets through one filtered dataset list, and reports a missing one', async () => {
		const a = fake.addDataset('A');
		const b = fake.addDataset('B');
		const c = fake.addDataset('C');
		const trigger = createPoller({
			parameters: { datasetMode: 'several', datasetIds: `${a.id}, ${c.id}` },
		});
		await trigger.poll();
		const seed = fake.take();
		expect(seed).toHaveLength(1);
		expect(seed[0].query.getAll('ids')).toEqual([a.id, c.id]);
		fake.parsed(b, 'not-watched.pdf');
		const inC = fake.parsed(c, 'watched.pdf');
		expect(await trigger.pollJson()).toEqual([
			expect.objectContaining({ id: inC.id, dataset_name: 'C' }),
		]);
		fake.datasets.delete(a.id);
		await expect(trigger.poll()).rejects.toThrow(`Dataset ${a.id} does not exist`);
	});

	it('watches a list of one dataset with one request per idle poll', async () => {
		const a = fake.addDataset('A');
		const trigger = createPoller({
			parameters: { datasetMode: 'several', datasetIds: ` ${a.id.toUpperCase()} ` },
		});
		await trigger.poll();
		fake.take();
		expect(await trigger.poll()).toBeNull();
		expect(fake.take().map((r) => r.path)).toEqual([`/api/v1/datasets/${a.id}/documents`]);
		const doc = fake.parsed(a, 'x.pdf');
		expect(await trigger.pollJson()).toEqual([
			expect.objectContaining({ id: doc.id, dataset_name: 'A' }),
		]);
	});
});

describe('RAGFlow Trigger: choosing several datasets', () => {
	const datasetIdsField = (type: string) => {
		const nodeType = new TestNodeTypes().getByNameAndVersion(`n8n-nodes-ragflow.${type}`, 1);
		const field = nodeType.description.properties.find((p) => p.name === 'datasetIds');
		return field && { ...field, description: undefined, displayOptions: undefined };
	};

	it('offers the same "Dataset Names or IDs" multi-select as RAGFlow Retrieve, listing the datasets', async () => {
		const handbook = fake.addDataset('Handbook');
		const policies = fake.addDataset('Policies');
		expect(datasetIdsField('ragflowTrigger')).toMatchObject({
			displayName: 'Dataset Names or IDs',
			type: 'multiOptions',
		});
		expect(datasetIdsField('ragflowTrigger')).toEqual(datasetIdsField('ragflowRetrieve'));
		const options = await loadParameterOptions({
			parameters: { datasetMode: 'several' },
			parameter: 'datasetIds',
		});
		expect(options.map(({ name, value }) => ({ name, value }))).toEqual([
			{ name: 'Policies', value: policies.id },
			{ name: 'Handbook', value: handbook.id },
		]);
	});

	it.each([
		['picked in the list (an array)', (a: string, c: string) => [a, c]],
		['given by an expression as an array', (a: string, c: string) => `={{ ["${a}", "${c}"] }}`],
		[
			'given by an expression as comma-separated IDs',
			(a: string, c: string) => `={{ "${a},${c}" }}`,
		],
	])('watches the datasets %s', async (_, value) => {
		const a = fake.addDataset('A');
		const b = fake.addDataset('B');
		const c = fake.addDataset('C');
		const trigger = createPoller({
			parameters: { datasetMode: 'several', datasetIds: value(a.id, c.id) },
		});
		expect(await trigger.poll()).toBeNull();
		const seed = fake.take();
		expect(seed).toHaveLength(1);
		expect(seed[0].query.getAll('ids')).toEqual([a.id, c.id]);
		fake.parsed(b, 'not-watched.pdf');
		const inA = fake.parsed(a, 'watched.pdf');
		expect(await trigger.pollJson()).toEqual([
			expect.objectContaining({ id: inA.id, dataset_name: 'A' }),
		]);
	});

	it('refuses an empty selection, an invalid ID and more than 100 datasets before any request', async () => {
		const several = (datasetIds: string | string[]) =>
			createPoller({ parameters: { datasetMode: 'several', datasetIds } }).poll();
		await expect(several([])).rejects.toThrow('No dataset selected');
		await expect(several('={{ "" }}')).rejects.toThrow('No dataset selected');
		const valid = fake.addDataset('Valid').id;
		await expect(several([valid, 'not-an-id'])).rejects.toThrow(
			'"not-an-id" is not a valid dataset ID',
		);
		const many = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(32, '0'));
		await expect(several(many)).rejects.toThrow('Too many datasets (101)');
		expect(fake.requests).toHaveLength(0);
	});
});
