import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { chatLocator, chatSessionLocator } from '../../../shared/descriptions';
import { supports } from '../../../shared/compat';
import { ragflowRequest } from '../../../shared/transport';
import {
	assertRagflowId,
	getLocatorValue,
	parseIdList,
	updateDisplayOptions,
} from '../../../shared/utils';
import { readText, requireText } from '../../../shared/validation';
import { askChat } from '../answer';
import { ASK_SESSION_DESCRIPTION, newSessionNameOption, withNewSession } from '../fields';

const properties: INodeProperties[] = [
	chatLocator({
		description: 'The chat assistant to ask. Choose from the list or enter its 32-character ID.',
	}),
	// Unlike the other operations, Ask works without a session: it starts one.
	chatSessionLocator({ optional: true, description: ASK_SESSION_DESCRIPTION }),
	{
		displayName: 'Question',
		name: 'question',
		type: 'string',
		typeOptions: { rows: 2 },
		required: true,
		default: '',
		placeholder: 'e.g. How do I reset my password?',
		description:
			"The user's message. The assistant answers from its datasets and returns the answer with its references (source chunks).",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Document IDs',
				name: 'documentIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3, 8d2e…',
				description:
					'Only retrieve from these documents for this question (IDs separated by commas, spaces or new lines)',
			},
			newSessionNameOption,
			{
				displayName: 'Variables',
				name: 'variables',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Variable',
				default: {},
				description:
					"Values for the variables of the assistant's system prompt (required variables must be given with every question)",
				options: [
					{
						displayName: 'Variable',
						name: 'variable',
						values: [
							{ displayName: 'Key', name: 'key', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chatSession'], operation: ['ask'] } },
	properties,
);

/** Keys of the completion request that prompt variables must not overwrite. */
const RESERVED = new Set([
	'chat_id',
	'session_id',
	'messages',
	'question',
	'stream',
	'doc_ids',
	'legacy',
]);

function variables(ctx: IExecuteFunctions, options: IDataObject, itemIndex: number): IDataObject {
	const rows = ((options.variables as IDataObject)?.variable as IDataObject[]) ?? [];
	const result: IDataObject = {};
	for (const row of rows) {
		const key = requireText(
			ctx,
			row.key,
			'Variable key',
			itemIndex,
			'Give every variable a key, or remove it.',
		);
		if (RESERVED.has(key)) {
			throw new NodeOperationError(ctx.getNode(), `"${key}" cannot be used as a variable key`, {
				itemIndex,
				description:
					'This name is a field of the chat request itself. Rename the variable in the assistant.',
			});
		}
		result[key] = row.value ?? '';
	}
	return result;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const chatId = assertRagflowId(this, getLocatorValue(this, 'chatId', i), 'chat assistant', i);
	const question = requireText(
		this,
		this.getNodeParameter('question', i),
		'Question',
		i,
		'Enter the message to send to the chat assistant.',
	);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const givenSession = getLocatorValue(this, 'sessionId', i);
	const documentIds = parseIdList(this, options.documentIds, 'document', i);
	const extra = variables(this, options, i);

	let sessionId: string;
	let newSession = false;
	if (givenSession) {
		sessionId = assertRagflowId(this, givenSession, 'session', i);
	} else {
		// Learned before the session is created, so an old server never gets an empty session
		// from an ask that then fails (`askChat` then goes straight to the route the server has).
		await supports(this, 'chatCompletions');
		// Created up front (rather than by the completion) so its id is known even if the answer fails.
		const name =
			readText(this, options.sessionName, 'New Session Name', i).trim() || question.slice(0, 255);
		const created = await ragflowRequest.call(this, 'POST', `/chats/${chatId}/sessions`, {
			body: { name },
			itemIndex: i,
			expectData: true,
		});
		sessionId = String((created.data as IDataObject)?.id ?? '');
		newSession = true;
	}

	let answer: IDataObject;
	try {
		answer = await askChat.call(this, {
			itemIndex: i,
			body: {
				...extra,
				chat_id: chatId,
				session_id: sessionId,
				messages: [{ role: 'user', content: question }],
				...(documentIds.length ? { doc_ids: documentIds.join(',') } : {}),
			},
		});
	} catch (error) {
		throw newSession ? withNewSession(this, error, sessionId, i) : error;
	}
	return { ...answer, session_id: answer.session_id || sessionId, new_session: newSession };
}
