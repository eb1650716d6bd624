import type { IDataObject } from 'n8n-workflow';

import { loadParameterOptions } from '../harness/runPoll';
import { TestNodeTypes } from '../harness/nodeTypes';
import {
	sim,
	useSimulator,
	ids,
	poller,
	all,
	take,
	addDataset,
	startParse,
	finish,
	parsed,
} from './helpers';

useSimulator();

describe('RAGFlow Trigger: several and all datasets', () => {
	it('watches 50 idle datasets with at most 2 requests per poll and finds the one that changed', async () => {
		const datasets = Array.from({ length: 50 }, (_, i) => addDataset(`ds-${i}`));
		datasets.forEach((ds, i) => i % 3 === 0 && parsed(ds, `seed-${i}.pdf`));
		const trigger = poller({ datasetMode: 'all' });
		expect(await trigger.poll()).toBeNull();
		const seed = take();
		expect(seed[0].path).toBe('/api/v1/datasets');
		expect(seed[0].query).toEqual({
			include_parsing_status: 'true',
			orderby: 'create_time',
			desc: 'false',
			page: '1',
			page_size: '100',
		});
		for (let i = 0; i < 5; i++) {
			expect(await trigger.poll()).toBeNull();
			expect(take().length).toBeLessThanOrEqual(2);
		}
		const doc = parsed(datasets[17], 'new.pdf');
		const failed = parsed(datasets[42], 'bad.pdf', 'FAIL');
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
		expect(take().map((r) => r.path)).toEqual([
			'/api/v1/datasets',
			`/api/v1/datasets/${datasets[17].id}/documents`,
			`/api/v1/datasets/${datasets[42].id}/documents`,
		]);
		expect(await trigger.poll()).toBeNull();
	});

	it('costs at most 11 requests for 1,000 documents finished in one of the datasets', async () => {
		const datasets = Array.from({ length: 20 }, (_, i) => addDataset(`ds-${i}`));
		const trigger = poller({ datasetMode: 'all' });
		await trigger.poll();
		take();
		for (let i = 0; i < 1000; i++) parsed(datasets[3], `bulk-${i}.pdf`);
		expect(await trigger.pollJson()).toHaveLength(1000);
		expect(take().length).toBeLessThanOrEqual(11);
	});

	it('catches a re-parse that leaves every count unchanged through the idle rotation', async () => {
		const datasets = Array.from({ length: 4 }, (_, i) => addDataset(`ds-${i}`));
		const doc = parsed(datasets[2], 'doc.pdf');
		const trigger = poller({ datasetMode: 'all' });
		await trigger.poll();
		const row = sim.state.datasetView(datasets[2], 'list', true);
		const updateTime = datasets[2].update_time;
		startParse(doc);
		finish(doc);
		// The simulator stamps the dataset at every parse write; put its update_time back, so its list
		// row shows nothing at all (same counts, same times): only the idle rotation can find the run.
		datasets[2].update_time = updateTime;
		expect(sim.state.datasetView(datasets[2], 'list', true)).toEqual(row);
		const found: IDataObject[] = [];
		for (let i = 0; i < 4; i++) found.push(...(await trigger.pollJson()));
		expect(ids(found)).toEqual([doc.id]);
	});

	it('fires for datasets created after activation, and forgets deleted ones', async () => {
		const old = addDataset('old');
		parsed(old, 'history.pdf');
		const trigger = poller({ datasetMode: 'all' });
		await trigger.poll();
		const created = addDataset('created later');
		const first = parsed(created, 'first.pdf');
		expect(await trigger.pollJson()).toEqual([
			expect.objectContaining({ id: first.id, dataset_name: 'created later' }),
		]);
		sim.state.deleteDataset(old.id);
		for (let i = 0; i < 3; i++) expect(await trigger.poll()).toBeNull();
		const state = trigger.staticData().trigger as { datasets: Record<string, unknown> };
		expect(Object.keys(state.datasets)).toEqual([created.id]);
	});

	it('skips a dataset deleted between the dataset list and its document list', async () => {
		const a = addDataset('A');
		const b = addDataset('B');
		const trigger = poller({ datasetMode: 'all' });
		await trigger.poll();
		parsed(a, 'in-a.pdf');
		const inB = parsed(b, 'in-b.pdf');
		sim.onRequest((request) => {
			if (request.path === `/api/v1/datasets/${a.id}/documents`) sim.state.deleteDataset(a.id);
		});
		expect(await trigger.pollJson()).toEqual([expect.objectContaining({ id: inB.id })]);
		expect(sim.state.getDataset(a.id)).toBeUndefined();
		const state = trigger.staticData().trigger as { datasets: Record<string, unknown> };
		expect(Object.keys(state.datasets)).toEqual([b.id]);
	});

	it('watches a list of datasets through one filtered dataset list, and reports a missing one', async () => {
		const a = addDataset('A');
		const b = addDataset('B');
		const c = addDataset('C');
		const trigger = poller({ datasetMode: 'several', datasetIds: `${a.id}, ${c.id}` });
		await trigger.poll();
		const seed = take();
		expect(seed).toHaveLength(1);
		expect(all(seed[0].query, 'ids')).toEqual([a.id, c.id]);
		parsed(b, 'not-watched.pdf');
		const inC = parsed(c, 'watched.pdf');
		expect(await trigger.pollJson()).toEqual([
			expect.objectContaining({ id: inC.id, dataset_name: 'C' }),
		]);
		sim.state.deleteDataset(a.id);
		await expect(trigger.poll()).rejects.toThrow(`Dataset ${a.id} does not exist`);
	});

	it('watches a list of one dataset with one request per idle poll', async () => {
		const a = addDataset('A');
		const trigger = poller({ datasetMode: 'several', datasetIds: ` ${a.id.toUpperCase()} ` });
		await trigger.poll();
		take();
		expect(await trigger.poll()).toBeNull();
		expect(take().map((r) => r.path)).toEqual([`/api/v1/datasets/${a.id}/documents`]);
		const doc = parsed(a, 'x.pdf');
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
		const handbook = addDataset('Handbook');
		const policies = addDataset('Policies');
		expect(datasetIdsField('ragflowTrigger')).toMatchObject({
			displayName: 'Dataset Names or IDs',
			type: 'multiOptions',
		});
		expect(datasetIdsField('ragflowTrigger')).toEqual(datasetIdsField('ragflowRetrieve'));
		const options = await loadParameterOptions({
			parameters: { datasetMode: 'several' },
			parameter: 'datasetIds',
			credentials: { baseUrl: sim.url, apiKey: sim.apiKey },
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
		const a = addDataset('A');
		const b = addDataset('B');
		const c = addDataset('C');
		const trigger = poller({ datasetMode: 'several', datasetIds: value(a.id, c.id) });
		expect(await trigger.poll()).toBeNull();
		const seed = take();
		expect(seed).toHaveLength(1);
		expect(all(seed[0].query, 'ids')).toEqual([a.id, c.id]);
		parsed(b, 'not-watched.pdf');
		const inA = parsed(a, 'watched.pdf');
		expect(await trigger.pollJson()).toEqual([
			expect.objectContaining({ id: inA.id, dataset_name: 'A' }),
		]);
	});

	it('refuses an empty selection, an invalid ID and more than 100 datasets before any request', async () => {
		const several = (datasetIds: string | string[]) =>
			poller({ datasetMode: 'several', datasetIds }).poll();
		await expect(several([])).rejects.toThrow('No dataset selected');
		await expect(several('={{ "" }}')).rejects.toThrow('No dataset selected');
		const valid = addDataset('Valid').id;
		await expect(several([valid, 'not-an-id'])).rejects.toThrow(
			'"not-an-id" is not a valid dataset ID',
		);
		const many = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(32, '0'));
		await expect(several(many)).rejects.toThrow('Too many datasets (101)');
		expect(sim.requests).toHaveLength(0);
	});
});
