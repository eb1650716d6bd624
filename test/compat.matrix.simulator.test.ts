import type { IDataObject } from 'n8n-workflow';

import { createPoller } from './harness/runPoll';
import type { RunResult } from './harness/runWorkflow';
import { jsonOf, runNode } from './harness/runWorkflow';
import type { RagflowVersion, RunningSimulator } from './simulator/server.cts';
import { RAGFLOW_VERSIONS, startSimulator } from './simulator/server.cts';

/**
 * Every node operation against every RAGFlow version profile of the simulator, over real HTTP: each
 * either works (through the route, method, body and answer shape that release speaks) or fails
 * before changing anything with "needs RAGFlow ≥ X". The expectations below are the Compatibility
 * table of the README.
 */

/** The profile's place in release order, for "needs ≥ X" expectations. */
const order = (v: string) =>
	v
		.split('.')
		.map(Number)
		.reduce((sum, part, i) => sum + part * 1000 ** (2 - i), 0);
const before = (version: RagflowVersion, since: string) => order(version) < order(since);

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

describe.each(RAGFLOW_VERSIONS)('RAGFlow v%s profile', (version) => {
	let sim: RunningSimulator;
	const credentials = () => ({ baseUrl: sim.url, apiKey: sim.apiKey });
	const run = async (type: string, parameters: IDataObject, input?: IDataObject[]) =>
		await runNode({
			type,
			parameters,
			credentials: credentials(),
			input: input?.map((json) => ({ json })),
		});
	/** Everything an operation could change: compared before and after a refused one. */
	const snapshot = () => {
		const { datasets, documents, chats, chatSessions, agentSessions, indexTasks } = sim.state;
		return JSON.stringify(
			[datasets, documents, chats, chatSessions, agentSessions, indexTasks].map((rows) => [
				...rows.entries(),
			]),
		);
	};

	function works(result: RunResult): IDataObject[] {
		expect(result.error?.message).toBeUndefined();
		return jsonOf(result);
	}
	function needs(result: RunResult, since: string, was: string) {
		expect(result.error?.message).toMatch(
			new RegExp(`needs RAGFlow ≥ ${since.replace(/\./g, '\\.')}; this server is older`),
		);
		// Refused before anything was changed.
		expect(snapshot()).toBe(was);
	}

	let datasetId = '';
	let documentId = '';
	let chunkId = '';
	let chatId = '';

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, parseMs: 50, ragflowVersion: version });
	});
	afterAll(async () => {
		await sim.close();
	});

	it('datasets: create, get, list, update; version-bound settings refused on old servers', async () => {
		const [created] = works(await run('ragflowDataset', { operation: 'create', name: 'Matrix' }));
		datasetId = String(created.id);
		const [got] = works(
			await run('ragflowDataset', { operation: 'get', datasetId: rl(datasetId) }),
		);
		expect(got.id).toBe(datasetId);
		expect(got.name).toBe('Matrix');
		expect(
			works(await run('ragflowDataset', { operation: 'getAll', returnAll: true })),
		).toHaveLength(1);
		const [updated] = works(
			await run('ragflowDataset', {
				operation: 'update',
				datasetId: rl(datasetId),
				updateFields: { description: 'changed' },
			}),
		);
		expect(updated).toBeDefined();

		const mark = snapshot();
		const withLanguage = await run('ragflowDataset', {
			operation: 'create',
			name: 'With language',
			additionalFields: { language: 'English' },
		});
		const nameContains = await run('ragflowDataset', {
			operation: 'getAll',
			returnAll: true,
			filters: { nameContains: 'atr' },
		});
		if (before(version, '0.25.0')) {
			needs(withLanguage, '0.25.0', mark);
			needs(nameContains, '0.25.0', mark);
		} else {
			works(withLanguage);
			expect(works(nameContains).map((d) => d.name)).toEqual(['Matrix']);
		}
	});

	it('documents: upload, parse and wait, list with filters, update, download', async () => {
		const [doc] = works(
			await runNode({
				type: 'ragflowDocument',
				credentials: credentials(),
				parameters: {
					operation: 'upload',
					datasetId: rl(datasetId),
					binaryPropertyName: 'data',
					options: { waitForParsing: true, pollInterval: 0.05, waitTimeout: 20 },
					simplify: true,
				},
				input: [
					{
						json: {},
						binary: {
							data: {
								data: Buffer.from('RAGFlow matrix text. It has sentences to chunk.').toString(
									'base64',
								),
								mimeType: 'text/plain',
								fileName: 'matrix.txt',
							},
						},
					},
				],
			}),
		);
		documentId = String(doc.id);
		expect(doc.run).toBe('DONE');

		// A second, unparsed document: the status and extension filters must leave it out.
		await runNode({
			type: 'ragflowDocument',
			credentials: credentials(),
			parameters: { operation: 'upload', datasetId: rl(datasetId), binaryPropertyName: 'data' },
			input: [
				{
					json: {},
					binary: {
						data: {
							data: Buffer.from('other').toString('base64'),
							mimeType: 'text/markdown',
							fileName: 'other.md',
						},
					},
				},
			],
		});
		const done = works(
			await run('ragflowDocument', {
				operation: 'getAll',
				datasetId: rl(datasetId),
				returnAll: true,
				filters: { parseStatus: ['DONE'] },
				simplify: true,
			}),
		);
		expect(done.map((d) => d.id)).toEqual([documentId]);
		const txt = works(
			await run('ragflowDocument', {
				operation: 'getAll',
				datasetId: rl(datasetId),
				returnAll: true,
				filters: { suffix: 'txt' },
				simplify: true,
			}),
		);
		expect(txt.map((d) => d.id)).toEqual([documentId]);

		const mark = snapshot();
		const byMetadata = await run('ragflowDocument', {
			operation: 'getAll',
			datasetId: rl(datasetId),
			returnAll: true,
			filters: {
				metadataFilter: { conditions: [{ key: 'author', operator: 'is', value: 'x' }] },
			},
		});
		const web = await run('ragflowDocument', {
			operation: 'upload',
			datasetId: rl(datasetId),
			source: 'empty',
			documentName: 'empty.txt',
		});
		if (before(version, '0.23')) needs(byMetadata, '0.23', mark);
		else expect(works(byMetadata)).toEqual([]);
		if (before(version, '0.25.1')) needs(web, '0.25.1', mark);
		else works(web);

		const [renamed] = works(
			await run('ragflowDocument', {
				operation: 'update',
				datasetId: rl(datasetId),
				documentId: rl(documentId),
				updateFields: { name: 'renamed.txt' },
			}),
		);
		expect(renamed.id).toBe(documentId);
		works(
			await run('ragflowDocument', {
				operation: 'parse',
				datasetId: rl(datasetId),
				documentId: rl(documentId),
				options: { waitForParsing: true, pollInterval: 0.05, waitTimeout: 20 },
			}),
		);
	});

	it('chunks: add, list (availability filter), update, set availability; tags refused on old servers', async () => {
		const parents = { datasetId: rl(datasetId), documentId: rl(documentId) };
		const [chunk] = works(
			await run('ragflowChunk', { operation: 'add', ...parents, content: 'A chunk by hand' }),
		);
		chunkId = String(chunk.id);
		works(
			await run('ragflowChunk', {
				operation: 'update',
				...parents,
				chunkId: rl(chunkId),
				updateFields: { content: 'Edited chunk' },
			}),
		);
		works(
			await run('ragflowChunk', {
				operation: 'setAvailability',
				...parents,
				chunkId: rl(chunkId),
				available: false,
			}),
		);
		const disabled = works(
			await run('ragflowChunk', {
				operation: 'getAll',
				...parents,
				returnAll: true,
				filters: { availability: 'false' },
			}),
		);
		expect(disabled.map((c) => c.id)).toEqual([chunkId]);

		const mark = snapshot();
		const tagged = await run('ragflowChunk', {
			operation: 'add',
			...parents,
			content: 'Tagged',
			additionalFields: { tags: 'a, b' },
		});
		if (before(version, '0.25.0')) needs(tagged, '0.25.0', mark);
		else works(tagged);
	});

	it('retrieve works; settings an old server ignores are refused', async () => {
		const chunks = works(
			await run('ragflowRetrieve', { datasetIds: [datasetId], question: 'matrix text' }),
		);
		expect(chunks.length).toBeGreaterThan(0);
		const mark = snapshot();
		const toc = await run('ragflowRetrieve', {
			datasetIds: [datasetId],
			question: 'matrix',
			options: { tocEnhancement: true },
		});
		const metadata = await run('ragflowRetrieve', {
			datasetIds: [datasetId],
			question: 'matrix',
			options: { includeMetadata: true },
		});
		if (before(version, '0.23')) needs(toc, '0.23', mark);
		else works(toc);
		if (before(version, '0.25.1')) needs(metadata, '0.25.2', mark);
		else works(metadata);
	});

	it('chat assistants answer in the current shape on every version', async () => {
		const [chat] = works(
			await run('ragflowChatAssistant', {
				operation: 'create',
				name: 'Matrix chat',
				datasetIds: [datasetId],
				llmSettings: { temperature: 0.3 },
				promptSettings: { opener: 'Hello', topN: 4 },
			}),
		);
		chatId = String(chat.id);
		for (const shape of [
			chat,
			...works(await run('ragflowChatAssistant', { operation: 'get', chatId: rl(chatId) })),
			...works(
				await run('ragflowChatAssistant', {
					operation: 'getAll',
					returnAll: true,
					filters: { nameContains: 'matrix' },
				}),
			),
		]) {
			expect(shape).toMatchObject({
				id: chatId,
				name: 'Matrix chat',
				dataset_ids: [datasetId],
				llm_setting: expect.objectContaining({ temperature: 0.3 }),
				prompt_config: expect.objectContaining({ prologue: 'Hello' }),
				top_n: 4,
			});
			expect(shape).not.toHaveProperty('llm');
			expect(shape).not.toHaveProperty('prompt');
		}
		const [updated] = works(
			await run('ragflowChatAssistant', {
				operation: 'update',
				chatId: rl(chatId),
				updateFields: { name: 'Matrix chat 2' },
				llmSettings: { temperature: 0.5 },
			}),
		);
		expect(updated).toMatchObject({
			name: 'Matrix chat 2',
			llm_setting: expect.objectContaining({ temperature: 0.5 }),
			prompt_config: expect.objectContaining({ prologue: 'Hello' }),
		});
		expect(
			works(
				await run('ragflowChatAssistant', {
					operation: 'getAll',
					returnAll: true,
					filters: { nameContains: 'nothing like it' },
				}),
			),
		).toEqual([]);
	});

	it('chat sessions: ask creates exactly one session; get and rename work', async () => {
		const [answer] = works(
			await run('ragflowSession', {
				resource: 'chatSession',
				operation: 'ask',
				chatId: rl(chatId),
				question: 'What is the matrix text?',
			}),
		);
		expect(answer.answer).toEqual(expect.any(String));
		expect(answer.new_session).toBe(true);
		const sessionId = String(answer.session_id);
		const sessions = works(
			await run('ragflowSession', {
				resource: 'chatSession',
				operation: 'getAll',
				chatId: rl(chatId),
				returnAll: true,
			}),
		);
		expect(sessions.map((s) => s.id)).toEqual([sessionId]);
		const [again] = works(
			await run('ragflowSession', {
				resource: 'chatSession',
				operation: 'ask',
				chatId: rl(chatId),
				sessionId: rl(sessionId),
				question: 'And again?',
			}),
		);
		expect(again.session_id).toBe(sessionId);
		const [got] = works(
			await run('ragflowSession', {
				resource: 'chatSession',
				operation: 'get',
				chatId: rl(chatId),
				sessionId: rl(sessionId),
			}),
		);
		expect(got.id).toBe(sessionId);
		works(
			await run('ragflowSession', {
				resource: 'chatSession',
				operation: 'update',
				chatId: rl(chatId),
				sessionId: rl(sessionId),
				name: 'Renamed',
			}),
		);
	});

	it('index tasks and the knowledge graph', async () => {
		const mark = snapshot();
		const start = await run('ragflowDataset', {
			resource: 'indexTask',
			operation: 'start',
			datasetId: rl(datasetId),
			indexType: 'raptor',
		});
		if (before(version, '0.22')) {
			needs(start, '0.22', mark);
		} else {
			works(start);
			const [status] = works(
				await run('ragflowDataset', {
					resource: 'indexTask',
					operation: 'getStatus',
					datasetId: rl(datasetId),
					indexType: 'raptor',
				}),
			);
			expect(status.type).toBe('raptor');
		}
		const [graph] = works(
			await run('ragflowDataset', {
				resource: 'knowledgeGraph',
				operation: 'get',
				datasetId: rl(datasetId),
			}),
		);
		expect(graph.dataset_id).toBe(datasetId);
	});

	it('trigger: all datasets and several datasets', async () => {
		for (const parameters of [
			{ datasetMode: 'all' },
			{ datasetMode: 'several', datasetIds: datasetId },
		]) {
			const trigger = createPoller({ parameters, credentials: credentials() });
			// The first poll learns the current state and emits nothing.
			expect(await trigger.poll()).toBeNull();
		}
	});

	it('deletes every dataset (Delete All)', async () => {
		const [result] = works(await run('ragflowDataset', { operation: 'delete', deleteAll: true }));
		expect(result.deleted).toBe('all');
		expect(works(await run('ragflowDataset', { operation: 'getAll', returnAll: true }))).toEqual(
			[],
		);
	});
});
