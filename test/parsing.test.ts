import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';

import { parsingProblems, waitForParsing } from '../nodes/shared/parsing';

const DS = 'd'.repeat(32);
const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

/**
 * A minimal execution context: the credential, the request helper (answering from `answer`) and the
 * execution's cancel signal, which the workflow harness cannot trigger.
 */
function context(answer: (request: IHttpRequestOptions) => IDataObject, signal?: AbortSignal) {
	const requests: IHttpRequestOptions[] = [];
	const ctx = {
		getNode: () => ({ name: 'RAGFlow', type: 'n8n-nodes-ragflow.ragflowDocument' }) as INode,
		getCredentials: async () => ({ baseUrl: 'http://ragflow.test', apiKey: 'k' }),
		getExecutionCancelSignal: () => signal,
		helpers: {
			httpRequest: async (request: IHttpRequestOptions) => {
				requests.push(request);
				return { statusCode: 200, headers: {}, body: { code: 0, data: answer(request) } };
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, requests };
}

const docs = (...list: IDataObject[]) => ({ total: list.length, docs: list });

describe('waitForParsing', () => {
	it('stops waiting as soon as the execution is cancelled', async () => {
		// On a fake clock: the wait is shown to end without the clock moving on to the next poll, and
		// the node's sleep that the cancel cut short is cleared instead of outliving the test.
		jest.useFakeTimers();
		try {
			const controller = new AbortController();
			const { ctx, requests } = context(() => docs({ id: A, run: 'RUNNING' }), controller.signal);
			const waiting = waitForParsing(ctx, DS, [A], {
				pollIntervalMs: 60_000,
				timeoutMs: 600_000,
				itemIndex: 0,
			});
			const outcome = expect(waiting).rejects.toThrow(
				'The execution was cancelled while waiting for parsing',
			);
			await jest.advanceTimersByTimeAsync(50);
			expect(requests).toHaveLength(1);
			controller.abort();
			await outcome;
			expect(requests).toHaveLength(1);
		} finally {
			jest.clearAllTimers();
			jest.useRealTimers();
		}
	});

	it('asks once per poll for all pending documents, with repeated ids', async () => {
		let poll = 0;
		const { ctx, requests } = context(() => {
			poll++;
			return poll === 1
				? docs({ id: A, run: 'RUNNING' }, { id: B, run: 'DONE' })
				: docs({ id: A, run: 'FAIL', progress_msg: '10:00:00 start\n10:00:01 [ERROR] broken' });
		});
		const result = await waitForParsing(ctx, DS, [A, B], {
			pollIntervalMs: 5,
			timeoutMs: 5_000,
			itemIndex: 0,
		});
		expect(requests.map((r) => r.qs)).toEqual([
			{ ids: [A, B], page: 1, page_size: 2 },
			{ ids: [A], page: 1, page_size: 1 },
		]);
		expect(requests[0].arrayFormat).toBe('repeat');
		expect(result.finished.map((d) => [d.id, d.run])).toEqual([
			[A, 'FAIL'],
			[B, 'DONE'],
		]);
		expect(parsingProblems(result, 5_000).map((p) => p.message)).toEqual([
			`Parsing failed for ${A}: 10:00:01 [ERROR] broken`,
		]);
	});

	it('reports documents that vanished while waiting', async () => {
		const { ctx } = context(() => docs({ id: B, run: 'DONE' }));
		const result = await waitForParsing(ctx, DS, [A, B], {
			pollIntervalMs: 5,
			timeoutMs: 5_000,
			itemIndex: 0,
		});
		expect(result.missing).toEqual([A]);
		expect(parsingProblems(result, 5_000)[0].message).toBe(
			`Document ${A} is no longer in the dataset`,
		);
	});
});
