import type { INodeProperties } from 'n8n-workflow';

import { gate } from './harness/gate.cts';
import { PACKAGE, TestNodeTypes } from './harness/nodeTypes';
import { id, ok, ragflowApi, setupNock } from './harness/ragflowMock';
import { runNode } from './harness/runWorkflow';

setupNock();

const DS = id('d1');
const DOC = id('a1');
const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * Holds every answer until `wanted` requests are in flight together (or the gate's limit has
 * passed), and counts the most ever in flight: proves how many items a run has out at once by
 * counting, never by timing.
 */
function inFlight(wanted: number) {
	const allIn = gate();
	let current = 0;
	let most = 0;
	return {
		get most() {
			return most;
		},
		async hold<T>(answer: T): Promise<T> {
			current++;
			most = Math.max(most, current);
			if (current === wanted) allIn.open();
			await allIn.opened;
			current--;
			return answer;
		},
	};
}

const ITEMS = 8;

describe('Concurrency', () => {
	it('Retrieve searches 5 items at once by default and keeps the input order', async () => {
		const counter = inFlight(5);
		const scope = ragflowApi()
			.post('/api/v1/retrieval')
			.times(ITEMS)
			.reply(200, async (_uri, body) => {
				const { question } = body as { question: string };
				return await counter.hold(ok({ total: 1, chunks: [{ id: question }], doc_aggs: [] }));
			});
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: { question: '={{ $json.q }}', datasetIds: [DS] },
			input: Array.from({ length: ITEMS }, (_, n) => ({ json: { q: `q${n}` } })),
		});
		expect(result.error).toBeUndefined();
		// Five were out together (the answers waited for the fifth), never a sixth.
		expect(counter.most).toBe(5);
		expect(result.items.map((item) => [item.json.id, item.pairedItem])).toEqual(
			Array.from({ length: ITEMS }, (_, n) => [`q${n}`, { item: n }]),
		);
		scope.done();
	});

	it('Dataset Get reads 5 datasets at once by default and keeps the input order', async () => {
		const counter = inFlight(5);
		const ids = Array.from({ length: ITEMS }, (_, n) => id(`d${n}`));
		let requests = 0;
		const scope = ragflowApi()
			.get(/^\/api\/v1\/datasets\/[0-9a-f]{32}$/)
			.times(ITEMS)
			.reply(200, async (uri) => {
				const answer = ok({ id: uri.split('/').pop() });
				// The first request learns which route the server has (nodes/shared/compat.ts) while
				// the other items wait for it: it is answered at once.
				return ++requests === 1 ? answer : await counter.hold(answer);
			});
		const result = await runNode({
			type: 'ragflowDataset',
			parameters: { resource: 'dataset', operation: 'get', datasetId: rl('={{ $json.id }}') },
			input: ids.map((datasetId) => ({ json: { id: datasetId } })),
		});
		expect(result.error).toBeUndefined();
		expect(counter.most).toBe(5);
		expect(result.items.map((item) => [item.json.id, item.pairedItem])).toEqual(
			ids.map((datasetId, n) => [datasetId, { item: n }]),
		);
		scope.done();
	});

	it('a read operation with Concurrency 1 sends one request at a time', async () => {
		const events: string[] = [];
		// The first answer waits a little for a second request: one at a time, none comes, so the
		// wait only ends at the gate's (short) limit and never decides whether the test passes.
		const secondSent = gate(200);
		const scope = ragflowApi();
		for (const n of [1, 2]) {
			scope
				.post('/api/v1/retrieval', (body) => body.question === `q${n}`)
				.reply(200, async () => {
					events.push(`sent q${n}`);
					if (n === 2) secondSent.open();
					if (n === 1) await secondSent.opened;
					events.push(`answered q${n}`);
					return ok({ total: 1, chunks: [{ id: `chunk${n}` }], doc_aggs: [] });
				});
		}
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: { question: '={{ $json.q }}', datasetIds: [DS], options: { concurrency: 1 } },
			input: [1, 2].map((n) => ({ json: { q: `q${n}` } })),
		});
		expect(result.items.map((item) => item.json.id)).toEqual(['chunk1', 'chunk2']);
		expect(events).toEqual(['sent q1', 'answered q1', 'sent q2', 'answered q2']);
		scope.done();
	});

	it('a write operation (Chunk Add) stays one item at a time by default', async () => {
		const events: string[] = [];
		const secondSent = gate(200);
		const scope = ragflowApi();
		for (const n of [1, 2]) {
			scope
				.post(`/api/v1/datasets/${DS}/documents/${DOC}/chunks`, { content: `c${n}` })
				.reply(200, async () => {
					events.push(`sent c${n}`);
					if (n === 2) secondSent.open();
					if (n === 1) await secondSent.opened;
					events.push(`answered c${n}`);
					return ok({ chunk: { id: `chunk${n}`, content: `c${n}` } });
				});
		}
		const result = await runNode({
			type: 'ragflowChunk',
			parameters: {
				operation: 'add',
				datasetId: rl(DS),
				documentId: rl(DOC),
				content: '={{ $json.text }}',
			},
			input: [1, 2].map((n) => ({ json: { text: `c${n}` } })),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.id)).toEqual(['chunk1', 'chunk2']);
		// The second chunk was only sent once the first had its answer.
		expect(events).toEqual(['sent c1', 'answered c1', 'sent c2', 'answered c2']);
		scope.done();
	});

	it('is offered in Options by exactly the read operations (default 5) and the write operations that have it (default 1)', () => {
		const nodeTypes = new TestNodeTypes();
		const offered: Record<string, number> = {};
		for (const type of [
			'ragflowDataset',
			'ragflowDocument',
			'ragflowChunk',
			'ragflowRetrieve',
			'ragflowChatAssistant',
			'ragflowSession',
		]) {
			const { properties } = nodeTypes.getByNameAndVersion(`${PACKAGE}.${type}`).description;
			for (const property of properties) {
				if (property.name !== 'options' || property.type !== 'collection') continue;
				const options = property.options as INodeProperties[];
				const concurrency = options.find((o) => o.name === 'concurrency');
				if (!concurrency) continue;
				expect(property.placeholder).toBe('Add Option');
				expect(concurrency.typeOptions).toEqual({ minValue: 1, maxValue: 20, numberPrecision: 0 });
				const show = property.displayOptions?.show ?? {};
				const where = [
					type,
					...((show.resource as string[]) ?? []),
					...((show.operation as string[]) ?? []),
				];
				expect(offered[where.join(' ')]).toBeUndefined();
				offered[where.join(' ')] = concurrency.default as number;
			}
		}
		expect(offered).toEqual({
			'ragflowDataset dataset get': 5,
			'ragflowDataset dataset getAll': 5,
			'ragflowDataset indexTask getStatus': 5,
			'ragflowDataset knowledgeGraph get': 5,
			'ragflowDocument get': 5,
			'ragflowDocument getAll': 5,
			'ragflowDocument parse': 1,
			'ragflowDocument upload': 1,
			'ragflowChunk add': 1,
			'ragflowChunk get': 5,
			'ragflowChunk getAll': 5,
			ragflowRetrieve: 5,
			'ragflowChatAssistant get': 5,
			'ragflowChatAssistant getAll': 5,
			'ragflowSession agentSession getAll': 5,
			'ragflowSession chatSession get': 5,
			'ragflowSession chatSession getAll': 5,
		});
	});
});
