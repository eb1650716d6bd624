import nock from 'nock';

import { TEST_CREDENTIAL, TestCredentialsHelper } from '../harness/credentialsHelper';
import { fail, id, ok, ragflowApi, setupNock } from '../harness/ragflowMock';
import { jsonOf, runNode } from '../harness/runWorkflow';
import { DS, rl } from './helpers';

setupNock();

describe('RAGFlow Dataset', () => {
	describe('errors', () => {
		it('raises a RAGFlow error envelope sent with HTTP 200, with its message and code', async () => {
			ragflowApi()
				.get(`/api/v1/datasets/${DS}`)
				.reply(200, fail(102, `User 'u' lacks permission for dataset '${DS}'`));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl(DS) },
			});
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.message).toBe(
				`RAGFlow error 102: User 'u' lacks permission for dataset '${DS}'`,
			);
			expect(result.error?.httpCode).toBe('102');
		});

		it('explains HTTP 401 as an invalid API key, without leaking the key', async () => {
			ragflowApi()
				.get(`/api/v1/datasets/${DS}`)
				.reply(401, { code: 401, message: "<Unauthorized '401: Unauthorized'>", data: null });
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl(DS) },
			});
			expect(result.error?.message).toMatch(/invalid API key/);
			expect(result.error?.description).toMatch(/API KEY/);
			expect(JSON.stringify(result.run)).not.toContain(TEST_CREDENTIAL);
			expect(JSON.stringify(result.error)).not.toContain('TESTKEY');
		});

		it('explains an unknown route as a server-version problem', async () => {
			ragflowApi()
				.put(`/api/v1/datasets/${DS}`)
				.reply(404, { code: 404, message: 'Not Found: /api/v1/x', data: null, error: 'Not Found' });
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'update', datasetId: rl(DS), updateFields: { name: 'x' } },
			});
			expect(result.error?.message).toBe(
				`This RAGFlow server does not offer PUT /api/v1/datasets/${DS} (server version?)`,
			);
		});

		it('says which address could not be reached', async () => {
			// A real refused connection (nothing listens on the discard port), not a nock stand-in.
			nock.enableNetConnect('127.0.0.1:9');
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl(DS) },
				credentials: { baseUrl: 'http://127.0.0.1:9/api/v1/' },
			}).finally(() => nock.disableNetConnect());
			expect(result.error?.message).toBe(
				'Could not reach RAGFlow at http://127.0.0.1:9 (connection refused)',
			);
			expect(result.error?.description).toMatch(/Check the Base URL.*Error code: ECONNREFUSED/);
			expect(JSON.stringify(result.run)).not.toContain(TEST_CREDENTIAL);
		});

		it('reads the connection settings once per run, not once per item', async () => {
			const reads = jest.spyOn(TestCredentialsHelper.prototype, 'getDecrypted');
			const [a, b, c] = [id('a1'), id('b2'), id('c3')];
			for (const ds of [a, b, c])
				ragflowApi()
					.get(`/api/v1/datasets/${ds}`)
					.reply(200, ok({ id: ds }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl('={{ $json.ds }}') },
				input: [{ json: { ds: a } }, { json: { ds: b } }, { json: { ds: c } }],
			});
			expect(result.items).toHaveLength(3);
			// One read for the whole run: the transport signs each request itself.
			expect(reads).toHaveBeenCalledTimes(1);
			reads.mockRestore();
		});

		it('normalises a base URL pasted with /api/v1 and a trailing slash', async () => {
			ragflowApi()
				.get(`/api/v1/datasets/${DS}`)
				.reply(200, ok({ id: DS }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl(DS) },
				credentials: { baseUrl: 'http://ragflow.test:9380/api/v1/' },
			});
			expect(jsonOf(result)).toEqual([{ id: DS }]);
		});

		it('continues on fail: an error item for the failing item, the others processed, pairedItem right', async () => {
			const [a, b, c] = [id('a1'), id('b2'), id('c3')];
			ragflowApi()
				.get(`/api/v1/datasets/${a}`)
				.reply(200, ok({ id: a }))
				.get(`/api/v1/datasets/${b}`)
				.reply(200, fail(102, 'Dataset not found'))
				.get(`/api/v1/datasets/${c}`)
				.reply(200, ok({ id: c }));
			const result = await runNode({
				type: 'ragflowDataset',
				parameters: { operation: 'get', datasetId: rl('={{ $json.ds }}') },
				input: [
					{ json: { ds: a } },
					{ json: { ds: b } },
					{ json: { ds: 'bad' } },
					{ json: { ds: c } },
				],
				continueOnFail: true,
			});
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => [i.json.id ?? i.json.error, i.pairedItem])).toEqual([
				[a, { item: 0 }],
				['RAGFlow error 102: Dataset not found', { item: 1 }],
				['"bad" is not a valid dataset ID', { item: 2 }],
				[c, { item: 3 }],
			]);
		});
	});
});
