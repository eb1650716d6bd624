import type {
	IDataObject,
	INode,
	INodeExecutionData,
	IConnections,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	StructuredChunk,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';

import { TEST_CREDENTIAL, TEST_BASE_URL, TestCredentialsHelper } from './credentialsHelper';
import { PACKAGE, TestNodeTypes } from './nodeTypes';

export interface RunNodeOptions {
	/** Short type name, e.g. `ragflowDataset`. */
	type: string;
	parameters: IDataObject;
	/** Input items of the node (default: one empty item). */
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
	streaming?: boolean;
	/** Called with each chunk as n8n's sendChunk hook receives it (while the node still runs). */
	onChunk?: (chunk: StructuredChunk) => void;
	mode?: WorkflowExecuteMode;
	credentials?: IDataObject;
	/** Cancels the execution (as the editor's Stop button does) once this promise resolves. */
	cancelWhen?: Promise<unknown>;
}

export interface RunResult {
	run: IRun;
	/** Items of the node's first output (empty when the node failed). */
	items: INodeExecutionData[];
	/** The workflow error, if the node failed. */
	error?: { name?: string; message: string; description?: string | null; [key: string]: unknown };
	/** Chunks passed to n8n's sendChunk hook while streaming. */
	chunks: StructuredChunk[];
}

export const NODE_NAME = 'RAGFlow';

export function ragflowNode(options: RunNodeOptions): INode {
	return {
		id: 'node-1',
		name: NODE_NAME,
		type: `${PACKAGE}.${options.type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
		credentials: { ragflowApi: { id: '1', name: 'RAGFlow account' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
}

/**
 * Runs one RAGFlow node in a real n8n-core workflow execution (WorkflowExecute), the way n8n runs
 * a manual execution, and returns its output items, error and streamed chunks.
 */
export async function runNode(options: RunNodeOptions): Promise<RunResult> {
	const node = ragflowNode(options);
	const nodes = [node];
	const connections: IConnections = {};
	const nodeTypes = new TestNodeTypes();
	const mode = options.mode ?? 'manual';
	const workflow = new Workflow({ id: 'test', nodes, connections, active: false, nodeTypes });
	const chunks: StructuredChunk[] = [];

	let resolveRun!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (resolveRun = resolve));
	const hooks = new ExecutionLifecycleHooks(mode, '1', {
		id: 'test',
		name: 'test',
		nodes,
		connections,
		active: false,
	} as unknown as IWorkflowBase);
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));
	if (options.streaming) {
		hooks.addHandler('sendChunk', (chunk) => {
			chunks.push(chunk);
			options.onChunk?.(chunk);
		});
	}

	const additionalData = {
		hooks,
		credentialsHelper: new TestCredentialsHelper({
			baseUrl: TEST_BASE_URL,
			apiKey: TEST_CREDENTIAL,
			ignoreSslIssues: false,
			...options.credentials,
		}),
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: '',
		instanceBaseUrl: '',
		formBaseUrl: '',
		formWaitingBaseUrl: '',
		formTestBaseUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: '',
		webhookTestBaseUrl: '',
		mcpBaseUrl: '',
		mcpTestBaseUrl: '',
		streamingEnabled: options.streaming === true,
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;

	const runData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [
				{
					node: workflow.getStartNode()!,
					data: { main: [options.input ?? [{ json: {} }]] },
					source: null,
				},
			],
		},
	};
	try {
		const execution = new WorkflowExecute(
			additionalData,
			mode,
			runData as unknown as IRunExecutionData,
		).processRunExecutionData(workflow);
		void options.cancelWhen?.then(() => execution.cancel());
		await execution;
	} catch (error) {
		// n8n refuses to start a workflow whose parameters are invalid (WorkflowHasIssuesError).
		const { name, message } = error as Error;
		return { run: undefined as unknown as IRun, items: [], error: { name, message }, chunks };
	}
	const run = await finished;
	const nodeRuns = run.data.resultData.runData[NODE_NAME];
	const items = nodeRuns?.[0]?.data?.main?.[0] ?? [];
	const error = run.data.resultData.error as RunResult['error'];
	return { run, items, error, chunks };
}

/** The JSON of each output item. */
export const jsonOf = (result: RunResult) => result.items.map((item) => item.json);
