import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ragflowRequest } from '../../shared/transport';
import { assertRagflowId, getLocatorValue } from '../../shared/utils';
import { requireText } from '../../shared/validation';

/** The placeholder of every session name field (chat and agent, Create, Update and Ask). */
export const SESSION_NAME_PLACEHOLDER = 'e.g. Order 1234 support';

/** The end user an agent session is recorded for (Options of Create and Ask). */
export const agentUserIdOption: INodeProperties = {
	displayName: 'User ID',
	name: 'userId',
	type: 'string',
	default: '',
	description: 'ID of the end user, recorded on the session and passed on to the model provider',
};

/** The description of the optional Session of both Ask operations. */
export const ASK_SESSION_DESCRIPTION =
	'Leave empty to start a new session; its ID is returned as `session_id` (with `new_session: true`), so pass it back here for follow-up questions (e.g. keep one session per Slack thread or chat user). Without a session, each retry (Retry On Fail) starts another session.';

/** Options > New Session Name of both Ask operations. */
export const newSessionNameOption: INodeProperties = {
	displayName: 'New Session Name',
	name: 'sessionName',
	type: 'string',
	default: '',
	placeholder: SESSION_NAME_PLACEHOLDER,
	description:
		'Name of the session created when Session is empty. Default: the question (up to 255 characters).',
};

/**
 * The error of an answer that failed after Ask created its session: the session exists, so its id
 * goes into the error (the router outputs it as `session_id` with Continue On Fail) and its
 * description, so the question can be asked again in the same session.
 */
export function withNewSession(
	ctx: IExecuteFunctions,
	error: unknown,
	sessionId: string,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const failure =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	failure.context = { ...failure.context, sessionId };
	const note = `The new session ${sessionId} was created before the answer failed; give it as Session to ask again in it.`;
	failure.description = failure.description ? `${failure.description}\n\n${note}` : note;
	return failure;
}

/**
 * The first fields of both Ask operations: the chat assistant or agent, the optional Session and
 * the Question.
 */
export function askFields(
	parent: INodeProperties,
	session: INodeProperties,
	question: { placeholder: string; description: string },
): INodeProperties[] {
	return [
		parent,
		// Unlike the other operations, Ask works without a session: it starts one.
		session,
		{
			displayName: 'Question',
			name: 'question',
			type: 'string',
			typeOptions: { rows: 2 },
			required: true,
			default: '',
			placeholder: question.placeholder,
			description: question.description,
		},
	];
}

/** What both Ask operations read first (of `askFields` and their Options). */
export function readAskParameters(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parent: { name: 'chatId'; what: 'chat assistant' } | { name: 'agentId'; what: 'agent' },
	questionHint: string,
): { parentId: string; question: string; options: IDataObject; givenSession: string } {
	const parentId = assertRagflowId(
		ctx,
		getLocatorValue(ctx, parent.name, itemIndex),
		parent.what,
		itemIndex,
	);
	const question = requireText(
		ctx,
		ctx.getNodeParameter('question', itemIndex),
		'Question',
		itemIndex,
		questionHint,
	);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const givenSession = getLocatorValue(ctx, 'sessionId', itemIndex);
	return { parentId, question, options, givenSession };
}

/**
 * Creates the session an Ask without Session answers in, up front (rather than by the completion)
 * so its id is known even if the answer fails. Returns its id.
 */
export async function createAskSession(
	ctx: IExecuteFunctions,
	path: string,
	body: IDataObject,
	itemIndex: number,
): Promise<string> {
	const created = await ragflowRequest.call(ctx, 'POST', path, {
		body,
		itemIndex,
		expectData: true,
	});
	return String((created.data as IDataObject)?.id ?? '');
}

/**
 * Runs `ask`; when it fails after Ask created the session `newSessionId`, the error names that
 * session (`withNewSession`).
 */
export async function answerKeepingNewSession(
	ctx: IExecuteFunctions,
	itemIndex: number,
	newSessionId: string | undefined,
	ask: () => Promise<IDataObject>,
): Promise<IDataObject> {
	try {
		return await ask();
	} catch (error) {
		throw newSessionId !== undefined ? withNewSession(ctx, error, newSessionId, itemIndex) : error;
	}
}
