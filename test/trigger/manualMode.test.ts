import { useSimulator, poller, one, addDataset, addDoc, startParse, parsed } from './helpers';

useSimulator();

describe('RAGFlow Trigger: Fetch test event (manual mode)', () => {
	it('returns the most recently finished document without touching the state', async () => {
		const ds = addDataset('Handbook');
		parsed(ds, 'older.pdf');
		const newest = parsed(ds, 'newest.pdf', 'FAIL');
		const running = addDoc(ds, 'running.pdf');
		startParse(running);
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
		const a = addDataset('A');
		const b = addDataset('B');
		parsed(a, 'a.pdf');
		const newest = parsed(b, 'b.pdf');
		const trigger = poller({ datasetMode: 'all' });
		expect(await trigger.pollJson('manual')).toEqual([
			expect.objectContaining({ id: newest.id, dataset_name: 'B' }),
		]);
		const empty = addDataset('Empty');
		expect(await one(empty).poll('manual')).toBeNull();
	});
});
