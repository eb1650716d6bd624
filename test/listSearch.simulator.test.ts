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

beforeAll(async () => {
	sim = await startSimulator({ port: 0 });
	datasetId = sim.state.createDataset('Handbook').id;
	for (let i = 0; i < 55; i++) sim.state.createDataset(`Bulk ${String(i).padStart(2, '0')}`);
	sim.state.addDocument(datasetId, { name: 'vacation.txt', content: 'Vacation.', run: 'DONE' });
	sim.state.addDocument(datasetId, { name: 'refunds.txt', content: 'Refunds.', run: 'DONE' });
	const chat = sim.state.createChat({ name: 'HR bot', dataset_ids: [datasetId] });
	chatId = chat.id;
	sim.state.createChatSession(chat, 'Slack thread 1');
	sim.state.createChatSession(chat, 'Web visitor');
	sim.state.createAgent({ title: 'Support agent' });
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
			'Slack thread 1',
			'Web visitor',
		]);
		expect(names(await listSearch.searchChatSessions.call(sessions, 'slack'))).toEqual([
			'Slack thread 1',
		]);
		expect(names(await listSearch.searchAgents.call(context(), 'support'))).toEqual([
			'Support agent',
		]);
		expect(sim.requests.every((r) => r.status === 200)).toBe(true);
	});

	it('fills the dataset multi-select with every dataset (all pages)', async () => {
		const options = await getDatasets.call(context());
		expect(options).toHaveLength(56);
		expect(options.find((o) => o.name === 'Handbook')).toMatchObject({ value: datasetId });
	});
});
