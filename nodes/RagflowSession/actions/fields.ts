import type { INodeProperties } from 'n8n-workflow';

/** Filters both session lists (chat and agent) offer under Get Many > Filters. */
export const sessionListFilters: Record<'sessionId' | 'userId', INodeProperties> = {
	sessionId: {
		displayName: 'Session ID',
		name: 'id',
		type: 'string',
		default: '',
		description: 'Only the session with this ID',
	},
	userId: {
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		description: 'Only sessions of this user ID',
	},
};

/** The end user an agent session is recorded for (Options of Create and Ask). */
export const agentUserIdOption: INodeProperties = {
	displayName: 'User ID',
	name: 'userId',
	type: 'string',
	default: '',
	description: 'ID of the end user, recorded on the session and passed on to the model provider',
};
