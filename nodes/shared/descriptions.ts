import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { IdWhat } from './utils';
import { idRule, pick } from './utils';
import { numberInRange } from './validation';

interface LocatorOptions {
	displayName: string;
	name: string;
	/** What the id points at, used in the UI texts ("dataset", "chat assistant") and for its ID rule. */
	what: IdWhat;
	searchListMethod: string;
	description?: string;
	/** Placeholder for By ID mode. */
	placeholder?: string;
	/**
	 * Whether the field may stay empty (e.g. Ask without a session starts one): not required, and
	 * By ID accepts an empty value. The operation decides what empty means.
	 */
	optional?: boolean;
}

/**
 * A resource locator in the shape every RAGFlow node uses: pick from a searchable list, or paste
 * the id (32 characters; 16 for a chunk), checked in the editor by the same rule as at run time.
 */
export function ragflowLocator(options: LocatorOptions): INodeProperties {
	const rule = idRule(options.what);
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		...(options.optional ? {} : { required: true }),
		description: options.description ?? `The ${options.what} to use`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${/^[aeiou]/i.test(options.what) ? 'an' : 'a'} ${options.what}...`,
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: options.placeholder ?? `e.g. ${rule.example}`,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: options.optional ? rule.optionalRegex : rule.regex,
							errorMessage: `Not a valid ${options.what} ID (${rule.length} hexadecimal characters)`,
						},
					},
				],
			},
		],
	};
}

export const datasetLocator = (overrides: Partial<LocatorOptions> = {}) =>
	ragflowLocator({
		displayName: 'Dataset',
		name: 'datasetId',
		what: 'dataset',
		searchListMethod: 'searchDatasets',
		description:
			'The RAGFlow dataset (knowledge base). Choose from the list or enter its 32-character ID.',
		...overrides,
	});

export const documentLocator = (overrides: Partial<LocatorOptions> = {}) =>
	ragflowLocator({
		displayName: 'Document',
		name: 'documentId',
		what: 'document',
		searchListMethod: 'searchDocuments',
		description:
			'A document of the selected dataset. Choose from the list or enter its 32-character ID.',
		...overrides,
	});

export const chatLocator = (overrides: Partial<LocatorOptions> = {}) =>
	ragflowLocator({
		displayName: 'Chat Assistant',
		name: 'chatId',
		what: 'chat assistant',
		searchListMethod: 'searchChats',
		description: 'The RAGFlow chat assistant. Choose from the list or enter its 32-character ID.',
		...overrides,
	});

export const chatSessionLocator = (overrides: Partial<LocatorOptions> = {}) =>
	ragflowLocator({
		displayName: 'Session',
		name: 'sessionId',
		what: 'session',
		searchListMethod: 'searchChatSessions',
		description:
			'A session of the selected chat assistant. Choose from the list or enter its 32-character ID.',
		...overrides,
	});

export const agentLocator = (overrides: Partial<LocatorOptions> = {}) =>
	ragflowLocator({
		displayName: 'Agent',
		name: 'agentId',
		what: 'agent',
		searchListMethod: 'searchAgents',
		description: 'The RAGFlow agent. Choose from the list or enter its 32-character ID.',
		...overrides,
	});

/** A session of the agent chosen in `agentId` (list: `searchAgentSessions`). */
export const agentSessionLocator = (overrides: Partial<LocatorOptions> = {}) =>
	ragflowLocator({
		displayName: 'Session',
		name: 'sessionId',
		what: 'session',
		searchListMethod: 'searchAgentSessions',
		description:
			'A session of the selected agent. Choose from the list (searchable by name, ID or message) or enter its 32-character ID.',
		...overrides,
	});

/**
 * A chunk of the document chosen in `datasetId` / `documentId` (list: `searchChunks`, shown by the
 * start of its content). Chunk IDs have 16 characters.
 */
export const chunkLocator = (overrides: Partial<LocatorOptions> = {}) =>
	ragflowLocator({
		displayName: 'Chunk',
		name: 'chunkId',
		what: 'chunk',
		searchListMethod: 'searchChunks',
		description:
			'A chunk of the selected document. Choose from the list (searchable by content) or enter its 16-character ID.',
		...overrides,
	});

/** n8n's usual Return All / Limit pair. */
export function returnAllOrLimit(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/**
 * The values of `returnAllOrLimit()`, as `ragflowGetMany` takes them (no limit when returning all).
 * Limit is checked before any request: an expression can give text, a fraction or a number below
 * 1, which would otherwise be sent as is or quietly read as something else. A numeric string (as an
 * agent may fill it) counts as its number; an empty Limit leaves the operation's default.
 */
export function readReturnAllOrLimit(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { returnAll: boolean; limit?: number } {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex) === true;
	if (returnAll) return { returnAll };
	const limit = numberInRange(ctx, ctx.getNodeParameter('limit', itemIndex), 'Limit', itemIndex, {
		min: 1,
		integer: true,
	});
	return { returnAll, limit };
}

/**
 * The explicit switch for "delete everything". Deleting all objects is never the result of an empty
 * ID field: RAGFlow only deletes all when sent `delete_all: true`, which only this switch sends.
 */
export function deleteAllSwitch(what: string, parent: string): INodeProperties {
	return {
		displayName: `Delete All ${what}`,
		name: 'deleteAll',
		type: 'boolean',
		default: false,
		description: `Whether to delete every ${what.toLowerCase().replace(/s$/, '')} ${parent}. Cannot be undone.`,
	};
}

/** The placeholder of every "More … IDs" field (`moreIds`); chunk IDs are shorter. */
export function moreIdsPlaceholder(what: IdWhat): string {
	return what === 'chunk'
		? 'e.g. 8f3a9c0d1e2b4a5f, 0b1c…'
		: 'e.g. 3f1c0a5e9b7d4c2aa1e8f6d0b9c7e5a3, 8d2e…';
}

/**
 * What a Delete operation deletes unless Delete All is on: the object picked in `locator`, plus
 * "More … IDs" (`moreIds`) deleted in the same request. Read them with `readIdsToDelete`.
 */
export function idsToDeleteFields(
	locator: INodeProperties,
	more: { displayName: string; description: string; what?: IdWhat },
): INodeProperties[] {
	const unlessDeleteAll = { displayOptions: { show: { deleteAll: [false] } } };
	return [
		{ ...locator, ...unlessDeleteAll },
		{
			displayName: more.displayName,
			name: 'moreIds',
			type: 'string',
			default: '',
			placeholder: moreIdsPlaceholder(more.what ?? 'document'),
			description: more.description,
			...unlessDeleteAll,
		},
	];
}

const SORT_FIELDS = { create_time: 'Created Time', name: 'Name', update_time: 'Updated Time' };
type SortField = keyof typeof SORT_FIELDS;

/**
 * The Descending and Order By filters of a Get Many operation (`descending` and `orderBy`, sent as
 * RAGFlow's `desc` and `orderby`),
 * offering the fields that list can be sorted by. They come apart so each keeps its alphabetical
 * place among the other filters; `sortQuery` reads them.
 */
export function sortFilters(
	what: string,
	fields: SortField[],
	defaultField: SortField,
): { descending: INodeProperties; orderBy: INodeProperties } {
	return {
		descending: {
			displayName: 'Descending',
			name: 'descending',
			type: 'boolean',
			default: true,
			description: fields.includes('name')
				? 'Whether to sort from newest to oldest (or Z to A when ordering by name)'
				: 'Whether to sort from newest to oldest',
		},
		orderBy: {
			displayName: 'Order By',
			name: 'orderBy',
			type: 'options',
			options: fields.map((value) => ({ name: SORT_FIELDS[value], value })),
			default: defaultField,
			description: `Field to sort the ${what} by`,
		},
	};
}

/** The query parameters of `sortFilters` (unset filters stay undefined). */
export function sortQuery(filters: IDataObject): { orderby?: string; desc?: boolean } {
	return {
		orderby: filters.orderBy as string | undefined,
		desc: filters.descending as boolean | undefined,
	};
}

/**
 * The optional-fields collections every operation words the same way: Additional Fields (Create),
 * Update Fields (Update), Filters (Get Many) and Options.
 */
function optionalFields(
	displayName: string,
	name: string,
	placeholder: string,
	options: INodeProperties[],
): INodeProperties {
	return { displayName, name, type: 'collection', placeholder, default: {}, options };
}

export const additionalFieldsCollection = (options: INodeProperties[]) =>
	optionalFields('Additional Fields', 'additionalFields', 'Add Field', options);

export const updateFieldsCollection = (options: INodeProperties[]) =>
	optionalFields('Update Fields', 'updateFields', 'Add Field', options);

export const filtersCollection = (options: INodeProperties[]) =>
	optionalFields('Filters', 'filters', 'Add Filter', options);

export const optionsCollection = (options: INodeProperties[]) =>
	optionalFields('Options', 'options', 'Add Option', options);

/** The Simplify switch of an operation (its last parameter); `description` says what it keeps. */
export function simplifyParameter(description: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description,
	};
}

/** RAGFlow objects as returned, or only `keys` of each when the item's Simplify is on. */
export function simplifyOutput(
	ctx: IExecuteFunctions,
	objects: IDataObject[],
	itemIndex: number,
	keys: string[],
): IDataObject[] {
	const simplify = ctx.getNodeParameter('simplify', itemIndex, false) === true;
	return simplify ? objects.map((object) => pick(object, keys)) : objects;
}
