import type { IDataObject } from 'n8n-workflow';

import { jsonOf, runNode } from './harness/runWorkflow';
import type { RunningSimulator } from './simulator/server.cts';
import { startSimulator } from './simulator/server.cts';
import { defaultAgentDsl } from './simulator/state.cts';

/**
 * Retrieve, Chat Assistant and Session against the package's RAGFlow simulator over real HTTP:
 * real SSE streams through n8n's HTTP helper, not nock bodies.
 */
let sim: RunningSimulator;
let datasetId: string;
let credentials: IDataObject;

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

beforeAll(async () => {
	sim = await startSimulator({ port: 0, sseDelayMs: 3 });
	credentials = { baseUrl: sim.url, apiKey: sim.apiKey };
	datasetId = sim.state.createDataset('Handbook').id;
	sim.state.addDocument(datasetId, {
		name: 'vacation.txt',
		content:
			'New employees get 25 vacation days per year.\nVacation requests go to your manager two weeks ahead.',
		run: 'DONE',
	});
});
afterAll(async () => {
	await sim.close();
});

describe('conversation nodes against the simulator (real HTTP)', () => {
	it('retrieves chunks of the dataset for a question', async () => {
		const result = await runNode({
			type: 'ragflowRetrieve',
			parameters: {
				question: 'vacation days',
				datasetIds: [datasetId],
				limit: 5,
			},
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.length).toBeGreaterThan(0);
		expect(result.items[0].json).toMatchObject({
			dataset_id: datasetId,
			document_name: 'vacation.txt',
		});
		expect(typeof result.items[0].json.similarity).toBe('number');
	});

	it('creates an assistant, then asks it in a new session, streaming and not streaming', async () => {
		const created = await runNode({
			type: 'ragflowChatAssistant',
			parameters: {
				operation: 'create',
				name: 'HR bot',
				datasetIds: [datasetId],
				llmSettings: { temperature: 0.2 },
				promptSettings: { keywordsSimilarityWeight: 0.6, opener: 'Hello from HR', topN: 4 },
			},
			credentials,
		});
		expect(created.error).toBeUndefined();
		const chat = created.items[0].json;
		expect(chat).toMatchObject({
			name: 'HR bot',
			dataset_ids: [datasetId],
			vector_similarity_weight: 0.4,
			top_n: 4,
			llm_setting: { temperature: 0.2 },
		});
		expect((chat.prompt_config as IDataObject).prologue).toBe('Hello from HR');

		const streamed = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'chatSession',
				operation: 'ask',
				chatId: rl(String(chat.id)),
				question: 'How many vacation days do new employees get?',
				sessionId: { __rl: true, mode: 'list', value: '' },
			},
			streaming: true,
			credentials,
		});
		expect(streamed.error).toBeUndefined();
		const answer = streamed.items[0].json;
		expect(answer.new_session).toBe(true);
		expect(String(answer.answer).length).toBeGreaterThan(0);
		expect((answer.references as IDataObject[])[0]).toMatchObject({
			document_name: 'vacation.txt',
			dataset_id: datasetId,
		});
		const items = streamed.chunks.filter((c) => c.type === 'item').map((c) => c.content);
		expect(items.length).toBeGreaterThan(1);
		expect(items.join('')).toBe(answer.answer);
		expect(streamed.chunks[0].type).toBe('begin');
		expect(streamed.chunks[streamed.chunks.length - 1].type).toBe('end');

		const followUp = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'chatSession',
				operation: 'ask',
				chatId: rl(String(chat.id)),
				question: 'Who approves vacation requests?',
				sessionId: rl(String(answer.session_id)),
			},
			credentials,
		});
		expect(followUp.error).toBeUndefined();
		expect(followUp.items[0].json).toMatchObject({
			session_id: answer.session_id,
			new_session: false,
		});
		expect(String(followUp.items[0].json.answer).length).toBeGreaterThan(0);

		const session = await runNode({
			type: 'ragflowSession',
			parameters: {
				resource: 'chatSession',
				operation: 'get',
				chatId: rl(String(chat.id)),
				sessionId: rl(String(answer.session_id)),
			},
			credentials,
		});
		const messages = (session.items[0].json.messages as IDataObject[]).map((m) => m.role);
		expect(messages).toEqual(['assistant', 'user', 'assistant', 'user', 'assistant']);
	});

	it('asks an agent with streaming and without', async () => {
		const dsl = defaultAgentDsl() as {
			components: Record<string, { obj: { params: Record<string, unknown> } }>;
		};
		if (dsl.components['Retrieval:0'])
			dsl.components['Retrieval:0'].obj.params.kb_ids = [datasetId];
		const agent = sim.state.createAgent({ title: 'HR agent', dsl });
		for (const streaming of [true, false]) {
			const result = await runNode({
				type: 'ragflowSession',
				parameters: {
					resource: 'agentSession',
					operation: 'ask',
					agentId: rl(agent.id),
					question: 'How many vacation days?',
				},
				streaming,
				credentials,
			});
			expect(result.error).toBeUndefined();
			const [out] = jsonOf(result);
			expect(String(out.answer).length).toBeGreaterThan(0);
			expect(String(out.session_id)).toMatch(/^[0-9a-f]{32}$/);
			if (streaming) {
				const text = result.chunks
					.filter((c) => c.type === 'item')
					.map((c) => c.content)
					.join('');
				expect(text).toBe(out.answer);
			}
		}
	});
});
