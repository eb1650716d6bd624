import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FEATURES, serverAtLeast } from '../../../shared/compat';
import { agentLocator, agentSessionLocator, optionsCollection } from '../../../shared/descriptions';
import { assertRagflowId, compact, updateDisplayOptions } from '../../../shared/utils';
import { readText, requireText } from '../../../shared/validation';
import { askAgent } from '../answer';
import {
	agentUserIdOption,
	answerKeepingNewSession,
	ASK_SESSION_DESCRIPTION,
	askFields,
	createAskSession,
	newSessionNameOption,
	readAskParameters,
} from '../fields';

const properties: INodeProperties[] = [
	...askFields(
		agentLocator({
			description: 'The RAGFlow agent to ask. Choose from the list or enter its 32-character ID.',
		}),
		agentSessionLocator({ optional: true, description: ASK_SESSION_DESCRIPTION }),
		{
			placeholder: 'e.g. Summarise the open support tickets about billing',
			description:
				"The user's message to the agent. The agent's answer and references are returned.",
		},
	),
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
	optionsCollection([newSessionNameOption, agentUserIdOption]),
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
	const {
		parentId: agentId,
		question,
		options,
		givenSession,
	} = readAskParameters(
		this,
		i,
		{ name: 'agentId', what: 'agent' },
		'Enter the message to send to the agent.',
	);
	const inputs = agentInputs(this, i);
	const userId = readText(this, options.userId, 'User ID', i) || undefined;
	const sessionName = readText(this, options.sessionName, 'New Session Name', i).trim();

	let sessionId: string | undefined;
	let newSession = false;
	if (givenSession) {
		sessionId = assertRagflowId(this, givenSession, 'session', i);
	} else if (await serverAtLeast(this, FEATURES.agentSessionNameUser.since)) {
		sessionId = await createAskSession(
			this,
			`/agents/${agentId}/sessions`,
			compact({ name: sessionName || question.slice(0, 255), user_id: userId }),
			i,
		);
		newSession = true;
	} else {
		// Before v0.25.1 the session route ignores the name and runs the agent (refused when Begin
		// inputs are required; docs/ragflow-api.md §17.3): the completion starts the session itself.
		newSession = true;
	}

	const body = compact({
		agent_id: agentId,
		query: question,
		session_id: sessionId,
		inputs,
		user_id: userId,
		name: sessionId ? undefined : sessionName || undefined,
	} as IDataObject);
	const answer = await answerKeepingNewSession(
		this,
		i,
		sessionId && newSession ? sessionId : undefined,
		async () => await askAgent.call(this, { itemIndex: i, body }),
	);
	return { ...answer, session_id: answer.session_id ?? sessionId, new_session: newSession };
}
