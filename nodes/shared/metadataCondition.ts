import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readText } from './validation';

/**
 * RAGFlow metadata filters (docs/ragflow-api.md §8.7): `{logic, conditions: [{name,
 * comparison_operator, value}]}`, offered by Document Get Many (`filters`) and Retrieve (`options`)
 * as the same two fields: Metadata Filter (Key / Operator / Value rows) and Metadata Filter Logic.
 * The operators are the package's own camelCase values; this module alone translates them to
 * RAGFlow's spelling.
 */

/**
 * RAGFlow accepts two spellings of three operators; each endpoint is sent the one it has always
 * been sent (Document Get Many: `not is`, `≥`, `≤`; Retrieve: `!=`, `>=`, `<=`).
 */
export interface OperatorSpelling {
	notEqual: 'not is' | '!=';
	atLeast: '≥' | '>=';
	atMost: '≤' | '<=';
}

export const DOCUMENT_LIST_SPELLING: OperatorSpelling = {
	notEqual: 'not is',
	atLeast: '≥',
	atMost: '≤',
};
export const RETRIEVAL_SPELLING: OperatorSpelling = { notEqual: '!=', atLeast: '>=', atMost: '<=' };

/** The operators offered, by display name (alphabetical, as n8n lists options). */
const OPERATORS: Array<{
	name: string;
	value: string;
	ragflow: string | ((spelling: OperatorSpelling) => string);
	noValue?: boolean;
}> = [
	{ name: 'Contains', value: 'contains', ragflow: 'contains' },
	{ name: 'Does Not Contain', value: 'notContains', ragflow: 'not contains' },
	{ name: 'Ends With', value: 'endsWith', ragflow: 'end with' },
	{ name: 'Is', value: 'is', ragflow: 'is' },
	{ name: 'Is Empty', value: 'isEmpty', ragflow: 'empty', noValue: true },
	{ name: 'Is Greater Than', value: 'greaterThan', ragflow: '>' },
	{
		name: 'Is Greater Than or Equal To',
		value: 'greaterThanOrEqual',
		ragflow: (s) => s.atLeast,
	},
	{ name: 'Is In (Comma-Separated List)', value: 'in', ragflow: 'in' },
	{ name: 'Is Less Than', value: 'lessThan', ragflow: '<' },
	{ name: 'Is Less Than or Equal To', value: 'lessThanOrEqual', ragflow: (s) => s.atMost },
	{ name: 'Is Not', value: 'isNot', ragflow: (s) => s.notEqual },
	{ name: 'Is Not Empty', value: 'isNotEmpty', ragflow: 'not empty', noValue: true },
	{ name: 'Is Not In (Comma-Separated List)', value: 'notIn', ragflow: 'not in' },
	{ name: 'Starts With', value: 'startsWith', ragflow: 'start with' },
];

const operatorOptions: INodePropertyOptions[] = OPERATORS.map(({ name, value }) => ({
	name,
	value,
}));

/** The Metadata Filter field (`metadataFilter`: rows named `conditions` with key, operator, value). */
export function metadataFilterField(description: string): INodeProperties {
	return {
		displayName: 'Metadata Filter',
		name: 'metadataFilter',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: {},
		description,
		options: [
			{
				displayName: 'Condition',
				name: 'conditions',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'e.g. author',
						description: 'The document metadata key to compare',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						options: operatorOptions,
						default: 'is',
						description:
							'How the metadata value is compared. Values like 2026-01-31 are compared as dates; text comparisons ignore case.',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							'Value to compare with; for Is In / Is Not In several values separated by commas. Not used by Is Empty / Is Not Empty.',
					},
				],
			},
		],
	};
}

/** How several conditions combine (`metadataLogic`: and / or). */
export const metadataLogicField: INodeProperties = {
	displayName: 'Metadata Filter Logic',
	name: 'metadataLogic',
	type: 'options',
	options: [
		{ name: 'All Conditions Match (AND)', value: 'and' },
		{ name: 'Any Condition Matches (OR)', value: 'or' },
	],
	default: 'and',
	description: 'How the metadata filter conditions are combined',
};

/**
 * The metadata filter RAGFlow reads, from a collection holding `metadataFilter` and `metadataLogic`
 * (undefined without conditions), checked before any request: every row needs a key and one of the
 * operators above. Every condition carries a `value` key, also for Is Empty / Is Not Empty: RAGFlow
 * reads `value` of every condition unconditionally and fails the request without it.
 */
export function readMetadataFilter(
	ctx: IExecuteFunctions,
	collection: IDataObject,
	spelling: OperatorSpelling,
	itemIndex: number,
): { logic: string; conditions: IDataObject[] } | undefined {
	const filter = collection.metadataFilter as IDataObject | undefined;
	const rows = (filter?.conditions ?? []) as IDataObject[];
	if (rows.length === 0) return undefined;
	const conditions = rows.map((row) => {
		const key = readText(ctx, row.key, 'Metadata Filter Key', itemIndex).trim();
		if (!key) {
			throw new NodeOperationError(ctx.getNode(), 'A metadata filter condition has no key', {
				itemIndex,
				description:
					'Enter the document metadata key each condition compares (e.g. author), or remove the condition.',
			});
		}
		const value = row.operator === undefined || row.operator === '' ? 'is' : row.operator;
		const operator = OPERATORS.find((op) => op.value === value);
		if (!operator) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Unknown metadata filter operator "${String(value)}"`,
				{
					itemIndex,
					description: `Use one of: ${OPERATORS.map((op) => op.value).join(', ')}.`,
				},
			);
		}
		const comparison =
			typeof operator.ragflow === 'string' ? operator.ragflow : operator.ragflow(spelling);
		return {
			name: key,
			comparison_operator: comparison,
			value: operator.noValue
				? ''
				: Array.isArray(row.value)
					? row.value.map(String).join(',')
					: readText(ctx, row.value, 'Metadata Filter Value', itemIndex),
		};
	});
	const logic = collection.metadataLogic || 'and';
	if (logic !== 'and' && logic !== 'or') {
		throw new NodeOperationError(ctx.getNode(), 'Metadata Filter Logic must be "and" or "or"', {
			itemIndex,
			description: `Got "${String(logic)}".`,
		});
	}
	return { logic, conditions };
}
