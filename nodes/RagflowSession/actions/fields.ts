import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

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
