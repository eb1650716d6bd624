import type { IDataObject } from 'n8n-workflow';

import { createPoller } from '../harness/runPoll';
import type { DocumentRow } from '../simulator/server.cts';
import {
	sim,
	clock,
	useSimulator,
	rl,
	ids,
	names,
	poller,
	one,
	all,
	take,
	addDataset,
	addDoc,
	startParse,
	finish,
	parsed,
	edit,
	failNext,
} from './helpers';

useSimulator();

describe('RAGFlow Trigger: one dataset', () => {
	it('seeds without replaying history, then costs one request per idle poll', async () => {
		const ds = addDataset('Handbook');
		parsed(ds, 'old-1.pdf');
		parsed(ds, 'old-2.pdf', 'FAIL');
		const trigger = one(ds);

		expect(await trigger.poll()).toBeNull();
		const seedRequests = take();
		expect(seedRequests.map((r) => r.path)).toEqual([
			`/api/v1/datasets/${ds.id}/documents`,
			'/api/v1/datasets',
		]);
		const { run, ...listQuery } = seedRequests[0].query;
		expect(run).toEqual(['DONE', 'FAIL']);
		expect(listQuery).toEqual({
			page: '1',
			page_size: '100',
			orderby: 'update_time',
			desc: 'true',
		});
		expect(seedRequests[1].query.id).toBe(ds.id);

		for (let i = 0; i < 3; i++) {
			expect(await trigger.poll()).toBeNull();
			expect(take()).toHaveLength(1);
		}
	});

	it('emits each finished (DONE) and failed (FAIL) run once, with the document fields and event', async () => {
		const ds = addDataset('Handbook');
		const trigger = one(ds);
		await trigger.poll();

		const done = parsed(ds, 'report.pdf');
		const failed = parsed(ds, 'broken.pdf', 'FAIL');
		const cancelled = parsed(ds, 'stopped.pdf', 'CANCEL');
		const items = await trigger.pollJson();
		expect(done.chunk_count).toBeGreaterThan(0);
		expect(done.progress_msg).toMatch(/Task has been received\.\n[\s\S]*Task done \(2\.50s\)$/);
		expect(items).toEqual([
			{
				id: done.id,
				name: 'report.pdf',
				dataset_id: ds.id,
				dataset_name: 'Handbook',
				run: 'DONE',
				progress: 1,
				progress_msg: done.progress_msg,
				chunk_count: done.chunk_count,
				token_count: done.token_count,
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
		const ds = addDataset('Handbook');
		const trigger = one(ds, { events: ['CANCEL'] });
		await trigger.poll();
		expect(all(take()[0].query, 'run')).toEqual(['CANCEL']);
		parsed(ds, 'a.pdf');
		const stopped = parsed(ds, 'b.pdf', 'CANCEL');
		const items = await trigger.pollJson();
		expect(items).toEqual([
			expect.objectContaining({ id: stopped.id, run: 'CANCEL', event: 'parsingCancelled' }),
		]);
	});

	it('fires again for a re-parse, but not when a finished document is renamed or its metadata edited', async () => {
		const ds = addDataset('Handbook');
		const seeded = parsed(ds, 'seeded.pdf');
		const trigger = one(ds);
		await trigger.poll();

		const doc = parsed(ds, 'doc.pdf');
		expect(ids(await trigger.pollJson())).toEqual([doc.id]);

		await edit(doc, { name: 'renamed.pdf' });
		await edit(doc, { meta_fields: { author: 'Ann' } });
		await edit(seeded, { name: 'seeded-renamed.pdf' });
		expect(await trigger.poll()).toBeNull();

		startParse(doc);
		expect(await trigger.poll()).toBeNull();
		finish(doc, 'FAIL');
		const items = await trigger.pollJson();
		expect(items).toEqual([
			expect.objectContaining({ id: doc.id, name: 'renamed.pdf', event: 'parsingFailed' }),
		]);

		// A re-parse that starts and ends between two polls is still a new run.
		startParse(seeded);
		finish(seeded);
		expect(ids(await trigger.pollJson())).toEqual([seeded.id]);
		expect(await trigger.poll()).toBeNull();
	});

	it('fires for a re-parse that begins within the same second as the previous run', async () => {
		const ds = addDataset('Quick');
		const trigger = one(ds);
		await trigger.poll();
		const doc = addDoc(ds, 'tiny.txt');
		clock.set(Math.ceil(clock.now() / 1000) * 1000); // start of a second
		startParse(doc);
		finish(doc, 'DONE', clock.tick(300));
		const firstBegin = doc.process_begin_at;
		expect(ids(await trigger.pollJson())).toEqual([doc.id]);
		// The second run starts a moment later: same process_begin_at string, different duration.
		startParse(doc);
		finish(doc, 'DONE', clock.tick(350));
		expect(doc.process_begin_at).toBe(firstBegin);
		expect(doc.process_duration).toBe(0.35);
		expect(ids(await trigger.pollJson())).toEqual([doc.id]);
		expect(await trigger.poll()).toBeNull();
	});

	it('does not fire for old documents beyond the first page that are edited after activation', async () => {
		const ds = addDataset('Big');
		const old = Array.from({ length: 130 }, (_, i) => parsed(ds, `old-${i}.pdf`));
		const trigger = one(ds);
		await trigger.poll();
		await edit(old[0], { name: 'oldest-renamed.pdf' });
		await edit(old[5], { meta_fields: { tag: 'x' } });
		expect(await trigger.poll()).toBeNull();
		// ... while a re-parse of one of them does fire.
		startParse(old[1]);
		finish(old[1]);
		expect(ids(await trigger.pollJson())).toEqual([old[1].id]);
	});

	it('pages through more than 100 documents finishing between two polls, each once, oldest first', async () => {
		const ds = addDataset('Bulk');
		parsed(ds, 'before.pdf');
		const trigger = one(ds);
		await trigger.poll();
		take();
		const docs = Array.from({ length: 250 }, (_, i) =>
			parsed(ds, `bulk-${i}.pdf`, i % 10 === 0 ? 'FAIL' : 'DONE'),
		);
		const items = await trigger.pollJson();
		expect(ids(items)).toEqual(docs.map((d) => d.id));
		expect(take().map((r) => r.query.page)).toEqual(['1', '2', '3']);
		expect(await trigger.poll()).toBeNull();
		expect(take()).toHaveLength(1);
	});

	it('costs at most 11 requests for 1,000 documents finished in one poll', async () => {
		const ds = addDataset('Bulk');
		parsed(ds, 'before.pdf');
		const trigger = one(ds);
		await trigger.poll();
		take();
		for (let i = 0; i < 1000; i++) parsed(ds, `bulk-${i}.pdf`);
		const items = await trigger.pollJson();
		expect(new Set(ids(items)).size).toBe(1000);
		expect(items).toHaveLength(1000);
		expect(take().length).toBeLessThanOrEqual(11);
		clock.tick(120_000);
		expect(await trigger.poll()).toBeNull();
		expect(take()).toHaveLength(1);
		// The state stays bounded once the burst is behind the cursor.
		parsed(ds, 'later.pdf');
		expect(await trigger.pollJson()).toHaveLength(1);
		const state = trigger.staticData().trigger as { datasets: Record<string, { runs: object }> };
		expect(Object.keys(state.datasets[ds.id].runs).length).toBeLessThanOrEqual(1000);
	});

	it('does not lose or repeat documents sharing the cursor timestamp', async () => {
		// The late writes below become visible within the overlap: the polls run at one n8n moment,
		// however slowly the machine runs them (after a second the overlap is sealed).
		jest.spyOn(Date, 'now').mockReturnValue(Date.now());
		const ds = addDataset('Ties');
		const trigger = one(ds);
		await trigger.poll();
		const [a, b, c, d] = ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf'].map((name) => addDoc(ds, name));
		[a, b, c, d].forEach((doc) => startParse(doc));
		const at = clock.tick(5000);
		finish(a, 'DONE', at);
		finish(b, 'DONE', at);
		// RAGFlow's list leaves the order of equal update_time values open: compare them as a set.
		expect(names(await trigger.pollJson()).sort()).toEqual(['a.pdf', 'b.pdf']);
		// c finishes in the same millisecond, but its write became visible after the poll.
		finish(c, 'DONE', at);
		expect(names(await trigger.pollJson())).toEqual(['c.pdf']);
		// ... and one committed slightly out of order (a smaller timestamp, seen later).
		finish(d, 'DONE', at - 300);
		expect(d.update_time).toBe(at - 300);
		expect(names(await trigger.pollJson())).toEqual(['d.pdf']);
		expect(await trigger.poll()).toBeNull();
	});

	it('after a burst in one millisecond, catches a late write in the overlap, then idles at one request', async () => {
		const realNow = Date.now.bind(Date);
		let offset = 0;
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		const ds = addDataset('Burst');
		const trigger = one(ds);
		await trigger.poll();
		const burst = Array.from({ length: 300 }, (_, i) => addDoc(ds, `burst-${i}.pdf`));
		const late = addDoc(ds, 'late.pdf');
		[...burst, late].forEach((doc) => startParse(doc));
		const at = clock.tick(5000);
		burst.forEach((doc) => finish(doc, 'DONE', at));
		expect(await trigger.pollJson()).toHaveLength(300);

		// A poll interval later, a write stamped just below the cursor becomes visible.
		offset += 60_000;
		finish(late, 'DONE', at - 300);
		take();
		expect(names(await trigger.pollJson())).toEqual(['late.pdf']);
		expect(take()).toHaveLength(4);
		for (let i = 0; i < 3; i++) {
			offset += 60_000;
			expect(await trigger.poll()).toBeNull();
			expect(take()).toHaveLength(1);
		}
		// A re-parse of a burst document is newer than the sealed moment and fires once.
		startParse(burst[7]);
		finish(burst[7]);
		expect(ids(await trigger.pollJson())).toEqual([burst[7].id]);
	});

	it('handles the list shifting between pages (a document finishing or leaving mid-walk)', async () => {
		const ds = addDataset('Shift');
		const trigger = one(ds);
		await trigger.poll();
		const docs = Array.from({ length: 150 }, (_, i) => parsed(ds, `s-${i}.pdf`));
		let late: DocumentRow | undefined;
		sim.onRequest((request) => {
			if (request.query.page === '2' && !late) {
				// A new finish pushes every document one place down: page 2 repeats page 1's last.
				late = parsed(ds, 'late.pdf');
			}
		});
		const first = await trigger.pollJson();
		expect(late).toBeDefined();
		expect(new Set(ids(first)).size).toBe(first.length);
		expect(ids(first)).toEqual(expect.arrayContaining(docs.map((d) => d.id)));
		const second = await trigger.pollJson();
		expect(ids([...first, ...second]).filter((x) => x === late!.id)).toHaveLength(1);

		// A document leaving the list (re-parse started) while page 2 is read moves the rest up.
		sim.onRequest(undefined);
		const more = Array.from({ length: 150 }, (_, i) => parsed(ds, `m-${i}.pdf`));
		let left = false;
		sim.onRequest((request) => {
			if (request.query.page === '2' && !left) {
				left = true;
				startParse(more[149]);
			}
		});
		const third = await trigger.pollJson();
		sim.onRequest(undefined);
		expect(left).toBe(true);
		expect(ids(third)).toEqual(expect.arrayContaining(more.slice(0, 149).map((d) => d.id)));
		expect(new Set(ids(third)).size).toBe(third.length);
		finish(more[149]);
		expect(ids(await trigger.pollJson())).toEqual([more[149].id]);
	});

	it('keeps the cursor through transient errors (5xx, network) and catches up afterwards', async () => {
		const ds = addDataset('Flaky');
		const trigger = one(ds);
		await trigger.poll();
		const before = JSON.stringify(trigger.staticData());
		const doc = parsed(ds, 'during-outage.pdf');

		failNext(502);
		const result = await trigger.poll();
		expect(result).toBeNull();
		expect(JSON.stringify(trigger.staticData())).toBe(before);

		// A real refused connection (nothing listens on the discard port) for one poll.
		const baseUrl = trigger.credentials.baseUrl;
		trigger.credentials.baseUrl = 'http://127.0.0.1:9';
		const warn = jest.spyOn(trigger.lastContext!.logger, 'warn');
		expect(await trigger.poll()).toBeNull();
		trigger.credentials.baseUrl = baseUrl;
		expect(warn).toHaveBeenCalledWith(expect.stringContaining('poll failed'), expect.anything());
		expect(warn.mock.calls[0][0]).not.toContain(sim.apiKey);
		warn.mockRestore();

		const later = parsed(ds, 'after-outage.pdf');
		expect(ids(await trigger.pollJson())).toEqual([doc.id, later.id]);
	});

	it('throws transient errors before the first successful poll, and in manual mode', async () => {
		const ds = addDataset('Flaky');
		const trigger = one(ds);
		failNext(500);
		await expect(trigger.poll()).rejects.toThrow(/RAGFlow error/);
		failNext(503);
		await expect(trigger.poll('manual')).rejects.toThrow();
		expect(await trigger.poll()).toBeNull();
	});

	it('reports an invalid API key clearly', async () => {
		const ds = addDataset('Handbook');
		const trigger = createPoller({
			parameters: { datasetMode: 'one', datasetId: rl(ds.id) },
			credentials: { baseUrl: sim.url, apiKey: 'ragflow-not-the-key' },
		});
		await expect(trigger.poll()).rejects.toThrow(/invalid API key/);
		expect(take().map((r) => r.status)).toEqual([401]);
	});

	it('reports a deleted dataset clearly, also after activation', async () => {
		const ds = addDataset('Soon gone');
		const trigger = one(ds);
		await trigger.poll();
		sim.state.deleteDataset(ds.id);
		await expect(trigger.poll()).rejects.toThrow(
			`Dataset ${ds.id} does not exist or the API key cannot access it`,
		);
	});

	it('survives an n8n restart: state lives in static data', async () => {
		const ds = addDataset('Restart');
		const trigger = one(ds);
		await trigger.poll();
		const a = parsed(ds, 'a.pdf');
		expect(ids(await trigger.pollJson())).toEqual([a.id]);
		trigger.restart();
		const b = parsed(ds, 'b.pdf');
		expect(ids(await trigger.pollJson())).toEqual([b.id]);
		trigger.restart();
		expect(await trigger.poll()).toBeNull();
	});

	it('drains a backlog over several polls when the poll budget is short, without duplicates', async () => {
		const ds = addDataset('Slow');
		const trigger = poller({ datasetMode: 'one', datasetId: rl(ds.id) }, { budgetMs: 0 });
		await trigger.poll();
		const docs = Array.from({ length: 350 }, (_, i) => parsed(ds, `b-${i}.pdf`));
		const seen: IDataObject[] = [];
		for (let i = 0; i < 6; i++) {
			take();
			seen.push(...(await trigger.pollJson()));
			expect(take().length).toBeLessThanOrEqual(2);
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
		const ds = addDataset('Mixed');
		const trigger = one(ds, { options: { nameContains: 'Invoice', simplify: false } });
		await trigger.poll();
		parsed(ds, 'notes.pdf');
		const invoice = parsed(ds, '2026-INVOICE-7.pdf');
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
		const trigger = poller({ datasetMode: 'one', datasetId: rl('not-an-id') });
		await expect(trigger.poll()).rejects.toThrow('"not-an-id" is not a valid dataset ID');
		const noEvents = poller({ datasetMode: 'all', events: [] });
		await expect(noEvents.poll()).rejects.toThrow('No event selected');
		expect(sim.requests).toHaveLength(0);
	});
});
