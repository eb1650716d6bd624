import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	ILoadOptionsFunctions,
	INode,
	INodeListSearchResult,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { LoadOptionsContext } from 'n8n-core';

import { getDatasets } from '../nodes/shared/loadOptions';
import { listSearch } from '../nodes/shared/listSearch';
import { TestCredentialsHelper } from './harness/credentialsHelper';
import { PACKAGE, TestNodeTypes } from './harness/nodeTypes';
import type { RunningSimulator } from './simulator/server.cts';
import { startSimulator } from './simulator/server.cts';

/**
 * The editor's lists (resource locators' "From list" and the dataset multi-select) against the strict
 * simulator over real HTTP, through n8n-core's own load-options context: every request they send is
 * one RAGFlow accepts, and they page and filter as the editor shows them.
 */
let sim: RunningSimulator;
let datasetId: string;
let chatId: string;
let agentId: string;
let documentId: string;
let chunkIds: string[] = [];
let longChunkId: string;
const sessionTimes = new Map<string, number>();

beforeAll(async () => {
	sim = await startSimulator({ port: 0 });
	datasetId = sim.state.createDataset('Handbook').id;
	for (let i = 0; i < 55; i++) sim.state.createDataset(`Bulk ${String(i).padStart(2, '0')}`);
	sim.state.addDocument(datasetId, { name: 'vacation.txt', content: 'Vacation.', run: 'DONE' });
	const refunds = sim.state.addDocument(datasetId, {
		name: 'refunds.txt',
		content: 'Refunds.',
		run: 'DONE',
	});
	documentId = refunds.id;
	const chat = sim.state.createChat({ name: 'HR bot', dataset_ids: [datasetId] });
	chatId = chat.id;
	for (const name of ['Slack thread 1', 'Web visitor']) {
		const session = sim.state.createChatSession(chat, name);
		sessionTimes.set(name, session.update_time);
	}
	const agent = sim.state.createAgent({ title: 'Support agent' });
	agentId = agent.id;
	const named = sim.state.createAgentSession(agent, { name: 'Ticket 4711' });
	sessionTimes.set('Ticket 4711', named.update_time);
	// Started by a completion without a name: the list shows its first question instead.
	const unnamed = sim.state.createAgentSession(agent);
	unnamed.message.push({ role: 'user', content: 'How do I reset my password?' });
	sessionTimes.set('How do I reset my password?', unnamed.update_time);
	for (let i = 0; i < 3; i++)
		sim.state.createAgentSession(sim.state.createAgent({ title: `Other ${i}` }));
	// Chunks: one long multi-line one (shown cut, on one line), and enough to need a second page.
	const long =
		'Refunds are paid within 14 days.\nThey go back to the card the order was paid with, never in cash.';
	longChunkId = sim.state.insertChunk(refunds, { content: long }).id;
	for (let i = 0; i < 51; i++) {
		sim.state.insertChunk(refunds, { content: `Policy note ${i}` });
	}
	chunkIds = [...refunds.chunks.keys()];
});
afterAll(async () => {
	await sim.close();
});
afterEach(() => sim.clearRequests());

/** A load-options context as the editor gets one, with the node's current parameters. */
function context(
	currentNodeParameters: IDataObject = {},
	type = 'ragflowSession',
): ILoadOptionsFunctions {
	const node: INode = {
		id: 'node-1',
		name: 'RAGFlow',
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: currentNodeParameters as INode['parameters'],
		credentials: { ragflowApi: { id: '1', name: 'RAGFlow account' } },
	};
	const workflow = new Workflow({
		id: 'list-search',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes(),
		// The session lists show times in the workflow's time zone.
		settings: { timezone: 'UTC' },
	});
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper({
			baseUrl: sim.url,
			apiKey: sim.apiKey,
		} as ICredentialDataDecryptedObject),
		currentNodeParameters,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters.x');
}

const names = (result: INodeListSearchResult) => result.results.map((r) => r.name);
/** A session as the list shows it: its title and the time it was last used (UTC here). */
const sessionLabel = (title: string) =>
	`${title} (${new Date(sessionTimes.get(title) ?? 0)
		.toISOString()
		.slice(0, 16)
		.replace('T', ' ')})`;
const accepted = () => sim.requests.map((r) => [r.method, r.path, r.status]);

describe('list search and dropdowns against the strict simulator (real HTTP)', () => {
	it('lists datasets page by page and filters them by name', async () => {
		const first = await listSearch.searchDatasets.call(context());
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('2');
		const second = await listSearch.searchDatasets.call(context(), undefined, '2');
		expect(second.results).toHaveLength(6);
		expect(second.paginationToken).toBeUndefined();

		const filtered = await listSearch.searchDatasets.call(context(), 'handbook');
		expect(names(filtered)).toEqual(['Handbook']);
		expect(accepted()).toEqual([
			['GET', '/api/v1/datasets', 200],
			['GET', '/api/v1/datasets', 200],
			['GET', '/api/v1/datasets', 200],
		]);
	});

	it('lists the documents of the chosen dataset and refuses to list without one', async () => {
		const ctx = context(
			{ operation: 'get', datasetId: { __rl: true, mode: 'id', value: datasetId } },
			'ragflowDocument',
		);
		const all = await listSearch.searchDocuments.call(ctx);
		expect(names(all).sort()).toEqual(['refunds.txt', 'vacation.txt']);
		const filtered = await listSearch.searchDocuments.call(ctx, 'vac');
		expect(names(filtered)).toEqual(['vacation.txt']);
		await expect(listSearch.searchDocuments.call(context({}, 'ragflowDocument'))).rejects.toThrow(
			'Select a dataset first',
		);
	});

	it('lists chats, the sessions of the chosen chat, and agents', async () => {
		expect(names(await listSearch.searchChats.call(context(), 'hr'))).toEqual(['HR bot']);
		const sessions = context({ chatId: { __rl: true, mode: 'id', value: chatId } });
		expect(names(await listSearch.searchChatSessions.call(sessions)).sort()).toEqual([
			sessionLabel('Slack thread 1'),
			sessionLabel('Web visitor'),
		]);
		expect(names(await listSearch.searchChatSessions.call(sessions, 'slack'))).toEqual([
			sessionLabel('Slack thread 1'),
		]);
		expect(names(await listSearch.searchAgents.call(context(), 'support'))).toEqual([
			'Support agent',
		]);
		expect(sim.requests.every((r) => r.status === 200)).toBe(true);
	});

	it('lists the sessions of the chosen agent by name or first question, and searches them', async () => {
		const ctx = context({
			resource: 'agentSession',
			operation: 'getAll',
			agentId: { __rl: true, mode: 'list', value: agentId },
		});
		const all = await listSearch.searchAgentSessions.call(ctx);
		expect(names(all).sort()).toEqual([
			sessionLabel('How do I reset my password?'),
			sessionLabel('Ticket 4711'),
		]);
		expect(all.paginationToken).toBeUndefined();
		// By a word of a message, and by name.
		const byMessage = await listSearch.searchAgentSessions.call(ctx, 'password');
		expect(names(byMessage)).toEqual([sessionLabel('How do I reset my password?')]);
		const byName = await listSearch.searchAgentSessions.call(ctx, 'ticket');
		expect(byName.results).toEqual([
			{ name: sessionLabel('Ticket 4711'), value: expect.stringMatching(/^[0-9a-f]{32}$/) },
		]);
		const [listed] = sim.requests;
		expect(listed.method).toBe('GET');
		expect(listed.path).toBe(`/api/v1/agents/${agentId}/sessions`);
		expect(listed.query).toMatchObject({ dsl: 'false', page: '1', page_size: '50' });
		expect(accepted().every(([, , status]) => status === 200)).toBe(true);
		const noAgent = context({ resource: 'agentSession', operation: 'getAll' });
		await expect(listSearch.searchAgentSessions.call(noAgent)).rejects.toThrow(
			'Select an agent first',
		);
	});

	it('lists the chunks of the chosen document as one-line previews, page by page, and searches them', async () => {
		const ctx = context(
			{
				datasetId: { __rl: true, mode: 'id', value: datasetId },
				documentId: { __rl: true, mode: 'list', value: documentId },
			},
			'ragflowChunk',
		);
		const first = await listSearch.searchChunks.call(ctx);
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('2');
		const second = await listSearch.searchChunks.call(ctx, undefined, '2');
		expect(second.paginationToken).toBeUndefined();
		const all = [...first.results, ...second.results];
		expect(all.map((r) => r.value).sort()).toEqual([...chunkIds].sort());
		expect(all.find((r) => r.value === longChunkId)?.name).toBe(
			'Refunds are paid within 14 days. They go back to the card th…',
		);

		// RAGFlow marks the matches with <em>…</em>; the preview shows the plain text.
		const found = await listSearch.searchChunks.call(ctx, 'paid');
		expect(found.results).toEqual([
			{ name: 'Refunds are paid within 14 days. They go back to the card th…', value: longChunkId },
		]);
		expect(sim.requests.map((r) => [r.path, r.query.keywords])).toEqual([
			[`/api/v1/datasets/${datasetId}/documents/${documentId}/chunks`, undefined],
			[`/api/v1/datasets/${datasetId}/documents/${documentId}/chunks`, undefined],
			[`/api/v1/datasets/${datasetId}/documents/${documentId}/chunks`, 'paid'],
		]);
		expect(accepted().every(([, , status]) => status === 200)).toBe(true);
		await expect(
			listSearch.searchChunks.call(
				context({ datasetId: { __rl: true, mode: 'id', value: datasetId } }, 'ragflowChunk'),
			),
		).rejects.toThrow('Select a document first');
	});

	it('fills the dataset multi-select with every dataset (all pages)', async () => {
		const options = await getDatasets.call(context());
		expect(options).toHaveLength(56);
		expect(options.find((o) => o.name === 'Handbook')).toMatchObject({ value: datasetId });
	});
});
