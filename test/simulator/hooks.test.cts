import { ManualClock, type RunningSimulator } from './server.cts';
import { PARSE_STEP_COUNT } from './state.cts';
import { startTestSimulator, type SimClient } from './testClient.cts';

/**
 * The simulator's test hooks: a clock the test moves (`clock`), RAGFlow's time labels (local time
 * labelled GMT, `utcOffsetMinutes`) and a hook that runs before a request is answered (`onRequest`).
 */
describe('test hooks: clock, time labels, request hook', () => {
	let sim: RunningSimulator;
	let api: SimClient;
	const clock = new ManualClock(Date.UTC(2026, 10, 20, 9, 0, 0));

	beforeAll(async () => {
		({ sim, api } = await startTestSimulator({ clock: () => clock.now() }));
	});
	afterAll(async () => {
		await sim.close();
	});
	afterEach(() => {
		sim.onRequest(undefined);
	});

	it('stamps rows and parses with the injected clock, and labels local time (UTC+8) as GMT', async () => {
		const ds = await api.dataset('Clocked');
		const created = clock.now();
		const [doc] = (await api.upload(ds, { 'a.txt': 'Some text to parse.' })).json.data;
		clock.tick(2000);
		expect((await api.post(`/datasets/${ds}/chunks`, { document_ids: [doc.id] })).json.code).toBe(
			0,
		);
		clock.tick(2500);
		sim.state.advance(PARSE_STEP_COUNT);
		const listed = (await api.get(`/datasets/${ds}/documents`)).json.data.docs[0];
		expect(listed).toMatchObject({
			run: 'DONE',
			create_time: created,
			create_date: 'Fri, 20 Nov 2026 17:00:00 GMT',
			process_begin_at: 'Fri, 20 Nov 2026 17:00:02 GMT',
			process_duration: 2.5,
			update_time: created + 4500,
			update_date: 'Fri, 20 Nov 2026 17:00:04 GMT',
		});
		expect(listed.progress_msg).toMatch(/^17:00:02 Task has been received\.\n/);
		expect(listed.progress_msg).toMatch(/\n17:00:04 Task done \(2\.50s\)$/);
	});

	it('never moves a row back when the clock is set to an earlier moment', async () => {
		const ds = await api.dataset('Back in time');
		const row = sim.state.getDataset(ds)!;
		const stamped = row.update_time;
		clock.set(stamped - 60_000);
		sim.state.touch(row);
		expect(row.update_time).toBe(stamped);
		clock.set(stamped + 1);
	});

	it('runs the request hook after the key check and before the route answers', async () => {
		const ds = await api.dataset('Hooked');
		const seen: string[] = [];
		sim.onRequest((request, state) => {
			seen.push(`${request.method} ${request.path} ${String(request.query.page)}`);
			if (request.query.page === '2') state.deleteDataset(ds);
		});
		expect((await api.get(`/datasets/${ds}/documents`, { query: { page: 1 } })).json.code).toBe(0);
		expect((await api.get(`/datasets/${ds}/documents`, { key: 'wrong' })).status).toBe(401);
		const gone = await api.get(`/datasets/${ds}/documents`, { query: { page: 2 } });
		expect(gone.json.code).toBe(102);
		expect(seen).toEqual([
			`GET /api/v1/datasets/${ds}/documents 1`,
			`GET /api/v1/datasets/${ds}/documents 2`,
		]);
	});
});

describe('time labels of a server in another time zone', () => {
	it('labels local time with utcOffsetMinutes', async () => {
		const clock = new ManualClock(Date.UTC(2026, 0, 1, 3, 30, 0));
		const { sim, api } = await startTestSimulator({
			clock: () => clock.now(),
			utcOffsetMinutes: -300,
		});
		try {
			const ds = await api.dataset('New York');
			const listed = (await api.get('/datasets', { query: { id: ds } })).json.data[0];
			expect(listed.create_date).toBe('Wed, 31 Dec 2025 22:30:00 GMT');
		} finally {
			await sim.close();
		}
	});
});
