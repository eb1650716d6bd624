import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { datasetLocator } from '../shared/descriptions';
import { ragflowApiTest } from '../shared/credentialTest';
import { listSearch } from '../shared/listSearch';
import { loadOptions } from '../shared/loadOptions';
import { assertRagflowId, pick } from '../shared/utils';
import { readText, splitList } from '../shared/validation';
import type { DatasetMode, FoundEvent, TerminalRun, TriggerConfig } from './poll';
import {
	EVENT_NAMES,
	fetchSample,
	hasState,
	isPermanentError,
	pollForEvents,
	SIMPLE_FIELDS,
} from './poll';

/** "Several Datasets" takes at most this many (one filtered dataset list; beyond, "All Datasets"). */
const MAX_SEVERAL = 100;

export class RagflowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RAGFlow Trigger',
		name: 'ragflowTrigger',
		icon: { light: 'file:../../icons/ragflow.svg', dark: 'file:../../icons/ragflow.dark.svg' },
		group: ['trigger'],
		version: 1,
		// The events by their labels ("On Parsing Finished, Parsing Failed"), not their raw values.
		subtitle:
			'={{"On " + ($parameter["events"] || []).map(e => ({ CANCEL: "Parsing Cancelled", FAIL: "Parsing Failed", DONE: "Parsing Finished" })[e] || e).join(", ")}}',
		description:
			'Starts the workflow when RAGFlow finishes parsing a document (done, failed or cancelled)',
		defaults: { name: 'RAGFlow Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ragflowApi', required: true, testedBy: 'ragflowApiTest' }],
		properties: [
			{
				displayName: 'Datasets to Watch',
				name: 'datasetMode',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'All Datasets',
						value: 'all',
						description: 'Every dataset the API key can see, including datasets created later',
					},
					{
						name: 'One Dataset',
						value: 'one',
						description: 'A single dataset, chosen from a list or by ID',
					},
					{
						name: 'Several Datasets',
						value: 'several',
						description: 'Up to 100 datasets, chosen from a list (or their IDs from an expression)',
					},
				],
				default: 'one',
				description: 'Which datasets the trigger watches for documents whose parsing ended',
			},
			{
				...datasetLocator(),
				displayOptions: { show: { datasetMode: ['one'] } },
			},
			{
				// The same multi-select as RAGFlow Retrieve and RAGFlow Chat Assistant.
				displayName: 'Dataset Names or IDs',
				name: 'datasetIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getDatasets' },
				required: true,
				default: [],
				description:
					'The datasets (knowledge bases) to watch, at most 100, as an array or comma-separated 32-character IDs. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { datasetMode: ['several'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'Parsing Cancelled',
						value: 'CANCEL',
						description: 'Parsing of a document was stopped by a user (run CANCEL)',
					},
					{
						name: 'Parsing Failed',
						value: 'FAIL',
						description: 'Parsing of a document ended with an error (run FAIL)',
					},
					{
						name: 'Parsing Finished',
						value: 'DONE',
						description:
							'A document was parsed successfully and its chunks can be retrieved (run DONE)',
					},
				],
				default: ['DONE', 'FAIL'],
				description:
					'Which end of a parse run starts the workflow. Each parse run fires once; parsing a document again fires again when the new run ends.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Document Name Contains',
						name: 'nameContains',
						type: 'string',
						default: '',
						placeholder: 'e.g. invoice',
						description: 'Only documents whose name contains this text (case-insensitive)',
					},
					{
						displayName: 'Simplify',
						name: 'simplify',
						type: 'boolean',
						default: true,
						description:
							'Whether to return only the main fields (ID, name, dataset, run, progress, progress message, chunk and token counts, parse start and duration, update time, event) instead of the full document',
					},
				],
			},
		],
	};

	methods = { listSearch, loadOptions, credentialTest: { ragflowApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const config = readConfig(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const simplify = options.simplify !== false;

		if (this.getMode() === 'manual') {
			const sample = await fetchSample(this, config);
			return sample.length ? [sample.map((event) => ({ json: toItem(event, simplify) }))] : null;
		}

		const seeded = hasState(this, config);
		let events: FoundEvent[];
		try {
			events = await pollForEvents(this, config);
		} catch (error) {
			// Without a cursor there is nothing to resume from, and a bad key or a deleted dataset
			// will not fix itself: those are reported. Passing failures keep the cursor; the next
			// poll picks up whatever finished meanwhile.
			if (!seeded || isPermanentError(error)) throw asNodeError(this.getNode(), error);
			this.logger.warn(
				`RAGFlow Trigger: poll failed, retrying at the next poll: ${(error as Error).message}`,
				{
					node: this.getNode().name,
				},
			);
			return null;
		}
		if (events.length === 0) return null;
		return [events.map((event) => ({ json: toItem(event, simplify) }))];
	}
}

function readConfig(ctx: IPollFunctions): TriggerConfig {
	const node = ctx.getNode();
	const mode = ctx.getNodeParameter('datasetMode', 'one') as DatasetMode;
	const events = (ctx.getNodeParameter('events', []) as TerminalRun[]).filter(
		(e) => e in EVENT_NAMES,
	);
	if (events.length === 0) {
		throw new NodeOperationError(node, 'No event selected', {
			description:
				'Select at least one of Parsing Finished, Parsing Failed or Parsing Cancelled in "Events".',
		});
	}
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const nameContains = readText(ctx, options.nameContains, 'Document Name Contains')
		.trim()
		.toLowerCase();

	let datasetIds: string[] = [];
	if (mode === 'one') {
		datasetIds = [
			String(ctx.getNodeParameter('datasetId', '', { extractValue: true }) ?? '').trim(),
		];
	} else if (mode === 'several') {
		// The multi-select gives an array; an expression may give an array or comma-separated IDs.
		datasetIds = splitList(ctx.getNodeParameter('datasetIds', []), {
			by: 'commaOrSpace',
			unique: true,
		});
		if (datasetIds.length === 0) {
			throw new NodeOperationError(node, 'No dataset selected', {
				description:
					'Choose the datasets to watch in "Dataset Names or IDs", or give their IDs with an expression (an array or comma-separated IDs).',
			});
		}
		if (datasetIds.length > MAX_SEVERAL) {
			throw new NodeOperationError(node, `Too many datasets (${datasetIds.length})`, {
				description: `Watch at most ${MAX_SEVERAL} datasets in "Dataset Names or IDs", or choose "All Datasets".`,
			});
		}
	}
	datasetIds = datasetIds.map((id) => assertRagflowId(ctx, id, 'dataset'));
	// A list of one is watched like a single dataset: one request per idle poll instead of two.
	const watched = mode === 'several' && datasetIds.length === 1 ? 'one' : mode;
	return {
		mode: watched,
		datasetIds: datasetIds.map((id) => id.toLowerCase()),
		events,
		nameContains,
	};
}

function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}

function toItem(event: FoundEvent, simplify: boolean): IDataObject {
	const item: IDataObject = {
		...event.doc,
		dataset_name: event.datasetName ?? null,
		event: EVENT_NAMES[event.doc.run as TerminalRun] ?? String(event.doc.run),
	};
	return simplify ? pick(item, SIMPLE_FIELDS) : item;
}
