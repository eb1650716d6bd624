import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { LoadOptionsContext, PollContext } from 'n8n-core';

import { TEST_BASE_URL, TEST_CREDENTIAL, TestCredentialsHelper } from './credentialsHelper';
import { PACKAGE, TestNodeTypes } from './nodeTypes';

export interface PollerOptions {
	/** Short type name of the polling node (default `ragflowTrigger`). */
	type?: string;
	parameters: IDataObject;
	/** Overrides of the credential data, e.g. `{ baseUrl: sim.url, apiKey: sim.apiKey }`. */
	credentials?: IDataObject;
	/** What `getPollBudgetMs()` answers (n8n's default: 5 minutes). */
	budgetMs?: number;
}

export interface Poller {
	/** One poll, as n8n's poll tick ('trigger') or "Fetch test event" ('manual') runs it. */
	poll(mode?: WorkflowExecuteMode): Promise<INodeExecutionData[][] | null>;
	/** The JSON of the items of one poll ([] when the poll returned null). */
	pollJson(mode?: WorkflowExecuteMode): Promise<IDataObject[]>;
	/** The node's static data (the trigger's persisted state). */
	staticData(): IDataObject;
	/** Simulates an n8n restart: a new Workflow built from the persisted (JSON) static data. */
	restart(): void;
	/** The context of the last poll (to spy on its logger). */
	lastContext?: PollContext;
	/** The credential data the polls use; change it between polls (e.g. to an unreachable address). */
	credentials: IDataObject;
}

/**
 * Runs a polling trigger in-process with n8n-core's PollContext. Every poll goes to the same
 * Workflow, so the node's static data (cursor, de-duplication state) carries over between polls the
 * way n8n keeps it for an active workflow.
 */
export function createPoller(options: PollerOptions): Poller {
	const node = triggerNode(options);
	const nodeTypes = new TestNodeTypes();
	const build = (staticData: IDataObject) =>
		new Workflow({
			id: 'poll-test',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes,
			staticData,
		});
	let workflow = build({});
	const credentials = credentialData(options);
	const additionalData = additionalDataFor(credentials);
	const nodeType = nodeTypes.getByNameAndVersion(node.type, 1) as INodeType;

	const poller: Poller = {
		credentials,
		async poll(mode = 'trigger') {
			const budget = options.budgetMs;
			const context = new PollContext(
				workflow,
				workflow.getNode(node.name) as INode,
				additionalData,
				mode,
				'init',
				undefined,
				undefined,
				undefined,
				undefined,
				undefined,
				budget === undefined ? undefined : () => budget,
			);
			poller.lastContext = context;
			return await nodeType.poll!.call(context);
		},
		async pollJson(mode) {
			const result = await poller.poll(mode);
			return (result?.[0] ?? []).map((item) => item.json);
		},
		staticData() {
			return workflow.getStaticData('node', workflow.getNode(node.name) as INode);
		},
		restart() {
			const persisted = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
			workflow = build(persisted);
		},
	};
	return poller;
}

/**
 * The options the editor lists for one of the trigger's parameters with a `loadOptionsMethod` (e.g.
 * the "Dataset Names or IDs" multi-select): the method the parameter names, taken from the node
 * type's `methods.loadOptions` and run in n8n-core's LoadOptionsContext, as the editor's request does.
 */
export async function loadParameterOptions(
	options: PollerOptions & { parameter: string },
): Promise<INodePropertyOptions[]> {
	const node = triggerNode(options);
	const nodeTypes = new TestNodeTypes();
	const nodeType = nodeTypes.getByNameAndVersion(node.type, 1) as INodeType;
	const property = nodeType.description.properties.find((p) => p.name === options.parameter);
	const method = property?.typeOptions?.loadOptionsMethod;
	const load = method === undefined ? undefined : nodeType.methods?.loadOptions?.[method];
	if (!load) throw new Error(`${options.parameter} has no loadOptions method the node registers`);
	const workflow = new Workflow({
		id: 'load-options-test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	// The editor sends the node's current parameters with the request.
	const additionalData = {
		...additionalDataFor(credentialData(options)),
		currentNodeParameters: options.parameters,
	} as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(
		workflow,
		node,
		additionalData,
		`parameters.${options.parameter}`,
	);
	return await load.call(context);
}

function triggerNode(options: PollerOptions): INode {
	return {
		id: 'trigger-1',
		name: 'RAGFlow Trigger',
		type: `${PACKAGE}.${options.type ?? 'ragflowTrigger'}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
		credentials: { ragflowApi: { id: '1', name: 'RAGFlow account' } },
	};
}

function credentialData(options: PollerOptions): IDataObject {
	return {
		baseUrl: TEST_BASE_URL,
		apiKey: TEST_CREDENTIAL,
		ignoreSslIssues: false,
		...options.credentials,
	};
}

function additionalDataFor(credentials: IDataObject): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new TestCredentialsHelper(credentials as ICredentialDataDecryptedObject),
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: '',
		instanceBaseUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: '',
		webhookTestBaseUrl: '',
		formBaseUrl: '',
		formWaitingBaseUrl: '',
		formTestBaseUrl: '',
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}
