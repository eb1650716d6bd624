import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { chatLocator, chatSessionLocator, optionsCollection } from '../../../shared/descriptions';
import { supports } from '../../../shared/compat';
import { assertRagflowId, parseIdList, updateDisplayOptions } from '../../../shared/utils';
import { readText, requireText } from '../../../shared/validation';
import { askChat } from '../answer';
import {
	answerKeepingNewSession,
	ASK_SESSION_DESCRIPTION,
	askFields,
	createAskSession,
	newSessionNameOption,
	readAskParameters,
} from '../fields';

const properties: INodeProperties[] = [
	...askFields(
		chatLocator({
			description: 'The chat assistant to ask. Choose from the list or enter its 32-character ID.',
		}),
		chatSessionLocator({ optional: true, description: ASK_SESSION_DESCRIPTION }),
		{
			placeholder: 'e.g. How do I reset my password?',
			description:
				"The user's message. The assistant answers from its datasets and returns the answer with its references (source chunks).",
		},
	),
	optionsCollection([
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
	]),
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
	const {
		parentId: chatId,
		question,
		options,
		givenSession,
	} = readAskParameters(
		this,
		i,
		{ name: 'chatId', what: 'chat assistant' },
		'Enter the message to send to the chat assistant.',
	);
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
		const name =
			readText(this, options.sessionName, 'New Session Name', i).trim() || question.slice(0, 255);
		sessionId = await createAskSession(this, `/chats/${chatId}/sessions`, { name }, i);
		newSession = true;
	}

	const answer = await answerKeepingNewSession(
		this,
		i,
		newSession ? sessionId : undefined,
		async () =>
			await askChat.call(this, {
				itemIndex: i,
				body: {
					...extra,
					chat_id: chatId,
					session_id: sessionId,
					messages: [{ role: 'user', content: question }],
					...(documentIds.length ? { doc_ids: documentIds.join(',') } : {}),
				},
			}),
	);
	return { ...answer, session_id: answer.session_id || sessionId, new_session: newSession };
}
