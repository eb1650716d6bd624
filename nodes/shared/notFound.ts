import { NodeApiError } from 'n8n-workflow';

/** What RAGFlow may report as missing. */
export type NotFoundWhat = 'dataset' | 'document' | 'chunk' | 'chat' | 'session' | 'agent';

/**
 * RAGFlow's words for "there is no such object, or the API key may not see it", per kind of object
 * (read from its server code and the simulator's routes). A message about another kind never counts:
 * "You don't own the dataset" is no "document not found", so a document filter on a dataset the key
 * cannot see stays an error.
 */
const NOT_FOUND_MESSAGES: Record<NotFoundWhat, RegExp> = {
	dataset:
		/(?:don't|do not) own the dataset|lacks permission for datasets?\b|can't find the dataset/i,
	document:
		/(?:don't|do not|doesn't|not) own the document|\bdocuments? not found|can't find the document/i,
	chunk: /\bchunk not found|chunk `[^`]*` not found|can't find this chunk|no chunk found/i,
	chat: /\bchat doesn't exist|(?:don't|do not) own the chat/i,
	session: /\bsession doesn't exist|\bsession not found|(?:don't|do not|doesn't) own the session/i,
	agent: /(?:don't|do not) own the agent|\bagent not found/i,
};

/**
 * The codes of such an answer: 102 (DATA_ERROR, HTTP 200) on every release; some newer routes say
 * NOT_FOUND (404) in the body instead.
 */
const NOT_FOUND_CODES = new Set([102, 404]);

/**
 * Whether `answer` is RAGFlow's "no such `what`" (or "not yours"): an envelope
 * (`{code, message}`, e.g. from `ragflowRequestUnchecked`) or the `NodeApiError` the transport made
 * of one. A missing route or any other failure is not.
 */
export function isNotFoundAnswer(answer: unknown, what: NotFoundWhat): boolean {
	let code: number;
	let message: string;
	if (answer instanceof NodeApiError) {
		code = Number(answer.httpCode);
		const raw = answer.errorResponse as { message?: unknown } | undefined;
		message = typeof raw?.message === 'string' ? raw.message : String(answer.message);
	} else if (answer && typeof answer === 'object' && 'code' in answer) {
		const envelope = answer as { code?: unknown; message?: unknown };
		code = Number(envelope.code);
		message = String(envelope.message ?? '');
	} else {
		return false;
	}
	return NOT_FOUND_CODES.has(code) && NOT_FOUND_MESSAGES[what].test(message);
}
