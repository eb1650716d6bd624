import type { IDataObject } from 'n8n-workflow';

import { id, ok, ragflowApi, setupNock } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { DS, DOC, DOC2, DOCS, rl, doc } from './helpers';

setupNock();

describe('RAGFlow Document', () => {
	describe('parse', () => {
		const parseParams = (extra: IDataObject = {}) => ({
			operation: 'parse',
			datasetId: rl(DS),
			documentId: rl(DOC),
			...extra,
		});

		it('starts parsing the ids from the locator and the list', async () => {
			ragflowApi()
				.post(`${DOCS}/parse`, { document_ids: [DOC, DOC2] })
				.reply(200, ok({ success_count: 2 }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({ moreIds: `={{ ["${DOC2}"] }}` }),
			});
			expect(jsonOf(result)).toEqual([
				{ dataset_id: DS, document_ids: [DOC, DOC2], success_count: 2 },
			]);
		});

		it('raises the documents RAGFlow could not queue', async () => {
			ragflowApi()
				.post(`${DOCS}/parse`)
				.reply(200, ok({ success_count: 1, errors: [`Document ${DOC2} is not found`] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({ moreIds: DOC2 }),
			});
			expect(result.error?.message).toBe('Parsing started for 1 of 2 documents');
			expect(result.error?.description).toContain(DOC2);
		});

		it('waits across several polls, with one list request per poll for all pending documents', async () => {
			const scope = ragflowApi()
				.post(`${DOCS}/parse`, { document_ids: [DOC, DOC2] })
				.reply(200, ok({ success_count: 2 }));
			const poll = (ids: string[], docs: IDataObject[]) =>
				scope
					.get(DOCS)
					// A single repeated key reads back as a plain value.
					.query({ ids: ids.length === 1 ? ids[0] : ids, page: 1, page_size: ids.length })
					.reply(200, ok({ total: docs.length, docs }));
			poll(
				[DOC, DOC2],
				[doc(DOC, { run: 'RUNNING', progress: 0.1 }), doc(DOC2, { run: 'RUNNING', progress: 0.2 })],
			);
			poll(
				[DOC, DOC2],
				[doc(DOC, { run: 'RUNNING', progress: 0.6 }), doc(DOC2, { run: 'CANCEL', progress: 0 })],
			);
			poll(
				[DOC],
				[
					doc(DOC, {
						run: 'DONE',
						progress: 1,
						progress_msg: '10:00:01 Task done (1.2s)',
						chunk_count: 12,
						token_count: 3400,
						process_duration: 1.2,
					}),
				],
			);
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({
					moreIds: DOC2,
					options: { waitForParsing: true, pollInterval: 0.01, waitTimeout: 10 },
					simplify: true,
				}),
			});
			expect(result.error).toBeUndefined();
			expect(jsonOf(result)).toEqual([
				{
					id: DOC,
					name: 'file-a1.txt',
					dataset_id: DS,
					run: 'DONE',
					progress: 1,
					chunk_count: 12,
					size: 5,
					chunk_method: 'naive',
					create_time: 1,
					update_time: 2,
					progress_msg: '10:00:01 Task done (1.2s)',
					token_count: 3400,
					process_duration: 1.2,
				},
				expect.objectContaining({ id: DOC2, run: 'CANCEL' }),
			]);
			scope.done();
		});

		it('polls more than 100 documents in batches of 100 ids per request', async () => {
			const ids = Array.from({ length: 101 }, (_, n) => id(`b${n}`));
			const scope = ragflowApi()
				.post(`${DOCS}/parse`, { document_ids: ids })
				.reply(200, ok({ success_count: 101 }))
				.get(DOCS)
				.query({ ids: ids.slice(0, 100), page: 1, page_size: 100 })
				.reply(200, ok({ total: 100, docs: ids.slice(0, 100).map((d) => doc(d, { run: 'DONE' })) }))
				.get(DOCS)
				.query({ ids: ids[100], page: 1, page_size: 1 })
				.reply(200, ok({ total: 1, docs: [doc(ids[100], { run: 'DONE' })] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: {
					operation: 'parse',
					datasetId: rl(DS),
					documentId: rl(ids[0]),
					moreIds: ids.slice(1).join(','),
					options: { waitForParsing: true, pollInterval: 0.01, waitTimeout: 5 },
				},
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(101);
			scope.done();
		});

		const failed = doc(DOC, {
			run: 'FAIL',
			progress: -1,
			progress_msg:
				'10:00:00 Task is queued...\n10:00:02 [ERROR]Internal server error while chunking: bad PDF',
		});

		it('raises a FAIL with the progress message', async () => {
			ragflowApi()
				.post(`${DOCS}/parse`)
				.reply(200, ok({ success_count: 1 }))
				.get(DOCS)
				.query(true)
				.reply(200, ok({ total: 1, docs: [failed] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({
					options: { waitForParsing: true, pollInterval: 0.01, waitTimeout: 5 },
				}),
			});
			expect(result.error?.message).toBe(
				`Parsing failed for "file-a1.txt" (${DOC}): 10:00:02 [ERROR]Internal server error while chunking: bad PDF`,
			);
			expect(result.error?.description).toContain('Task is queued');
		});

		it('under continue-on-fail outputs the finished documents and an error item for the failed one', async () => {
			ragflowApi()
				.post(`${DOCS}/parse`)
				.reply(200, ok({ success_count: 2 }))
				.get(DOCS)
				.query(true)
				.reply(200, ok({ total: 2, docs: [failed, doc(DOC2, { run: 'DONE', progress: 1 })] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({
					moreIds: DOC2,
					options: { waitForParsing: true, pollInterval: 0.01, waitTimeout: 5 },
				}),
				continueOnFail: true,
			});
			expect(result.error).toBeUndefined();
			const [done, error] = jsonOf(result);
			expect(done).toMatchObject({ id: DOC2, run: 'DONE' });
			expect(error).toMatchObject({ failed_document_ids: [DOC] });
			expect(String(error.error)).toMatch(/^Parsing failed for/);
		});

		it('raises a timeout naming the state the document was left in', async () => {
			ragflowApi()
				.post(`${DOCS}/parse`)
				.reply(200, ok({ success_count: 1 }))
				.get(DOCS)
				.query(true)
				.times(100)
				.optionally()
				.reply(200, ok({ total: 1, docs: [doc(DOC, { run: 'RUNNING', progress: 0.42 })] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({
					options: { waitForParsing: true, pollInterval: 0.02, waitTimeout: 0.1 },
				}),
			});
			expect(result.error?.message).toBe(
				`Parsing of "file-a1.txt" (${DOC}) did not finish within 0.1 s (still RUNNING at 42%)`,
			);
		});

		it.each([
			['a timeout of 0', { waitTimeout: 0 }, 'Wait Timeout must be greater than 0'],
			['a negative timeout', { waitTimeout: -5 }, 'Wait Timeout must be greater than 0'],
			['a poll interval of 0', { pollInterval: 0 }, 'Poll Interval must be greater than 0'],
		])('refuses %s before any request', async (_label, extra, message) => {
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({ options: { waitForParsing: true, ...extra } }),
			});
			expect(result.error?.message).toBe(message);
		});

		it('refuses a malformed id in the list before any request', async () => {
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: parseParams({ moreIds: 'abc' }),
			});
			expect(result.error?.message).toBe('"abc" is not a valid document ID');
		});
	});

	describe('stopParsing', () => {
		it('stops parsing the given documents', async () => {
			ragflowApi()
				.post(`${DOCS}/stop`, { document_ids: [DOC] })
				.reply(200, ok({ success_count: 1 }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'stopParsing', datasetId: rl(DS), documentId: rl(DOC) },
			});
			expect(jsonOf(result)).toEqual([{ dataset_id: DS, document_ids: [DOC], success_count: 1 }]);
		});

		it('raises the documents that were not stopped', async () => {
			ragflowApi()
				.post(`${DOCS}/stop`)
				.reply(200, ok({ success_count: 0, errors: [`Document ${DOC} is not running`] }));
			const result = await runNode({
				type: 'ragflowDocument',
				parameters: { operation: 'stopParsing', datasetId: rl(DS), documentId: rl(DOC) },
			});
			expect(result.error?.message).toBe('Parsing stopped for 0 of 1 documents');
		});
	});
});
