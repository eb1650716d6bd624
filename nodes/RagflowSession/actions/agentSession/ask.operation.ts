import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { agentLocator } from '../../../shared/descriptions';
import {
	assertRagflowId,
	compact,
	getLocatorValue,
	updateDisplayOptions,
} from '../../../shared/utils';
import { requireText } from '../../../shared/validation';
import { askAgent } from '../answer';
import { agentUserIdOption } from '../fields';

const properties: INodeProperties[] = [
	agentLocator({
		description: 'The RAGFlow agent to ask. Choose from the list or enter its 32-character ID.',
	}),
	{
		displayName: 'Question',
		name: 'question',
		type: 'string',
		typeOptions: { rows: 2 },
		required: true,
		default: '',
		placeholder: 'e.g. Summarise the open support tickets about billing',
		description: "The user's message to the agent. The agent's answer and references are returned.",
	},
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3',
		description:
			'The agent conversation to continue. Leave empty to start a new one: its ID is returned as "session_id" for follow-up questions.',
	},
	{
		displayName: 'Agent Inputs',
		name: 'inputs',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Input',
		default: {},
		description: "Values for the variables of the agent's Begin component",
		options: [
			{
				displayName: 'Input',
				name: 'input',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						description: 'Name of the Begin component variable',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'Boolean', value: 'boolean' },
							{ name: 'Integer', value: 'integer' },
							{ name: 'Line', value: 'line' },
							{ name: 'Options', value: 'options' },
							{ name: 'Paragraph', value: 'paragraph' },
						],
						default: 'line',
						description: 'Type of the variable as defined in the Begin component',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'New Session Name',
				name: 'sessionName',
				type: 'string',
				default: '',
				description: 'Name of the session started when Session ID is empty. Default: the question.',
			},
			agentUserIdOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agentSession'], operation: ['ask'] } },
	properties,
);

function agentInputs(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const rows =
		((ctx.getNodeParameter('inputs', itemIndex, {}) as IDataObject).input as IDataObject[]) ?? [];
	if (rows.length === 0) return undefined;
	const inputs: IDataObject = {};
	for (const row of rows) {
		const key = requireText(
			ctx,
			row.key,
			'Agent input key',
			itemIndex,
			'Give every agent input a key, or remove it.',
		);
		const type = String(row.type ?? 'line');
		const raw = row.value;
		let value: unknown = raw ?? '';
		if (type === 'integer') {
			value = Number(raw);
			if (!Number.isInteger(value)) {
				throw new NodeOperationError(ctx.getNode(), `Agent input "${key}" must be a whole number`, {
					itemIndex,
					description: `Got ${JSON.stringify(raw)}. Enter a whole number, or change the input type.`,
				});
			}
		} else if (type === 'boolean') {
			value = raw === true || String(raw).trim().toLowerCase() === 'true';
		}
		inputs[key] = { type, value };
	}
	return inputs;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const agentId = assertRagflowId(this, getLocatorValue(this, 'agentId', i), 'agent', i);
	const question = requireText(
		this,
		this.getNodeParameter('question', i),
		'Question',
		i,
		'Enter the message to send to the agent.',
	);
	const givenSession = String(this.getNodeParameter('sessionId', i, '') ?? '').trim();
	const sessionId = givenSession ? assertRagflowId(this, givenSession, 'session', i) : undefined;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const body = compact({
		agent_id: agentId,
		query: question,
		// Without a session id the completion starts a session itself and returns its id.
		session_id: sessionId,
		inputs: agentInputs(this, i),
		user_id: options.userId ? String(options.userId) : undefined,
		name: !sessionId && options.sessionName ? String(options.sessionName) : undefined,
	} as IDataObject);
	const answer = await askAgent.call(this, { itemIndex: i, body });
	return { ...answer, session_id: answer.session_id ?? sessionId, new_session: !sessionId };
}
