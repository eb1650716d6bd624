import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * RAGFlow metadata filters (docs/ragflow-api.md §8.7): `{logic, conditions: [{name,
 * comparison_operator, value}]}`, offered by Document Get Many and Retrieve as a list of Field /
 * Operator / Value rows.
 */

/**
 * RAGFlow accepts two spellings of three operators. Each node keeps the spelling it has always
 * stored, so saved workflows keep their operator.
 */
export interface OperatorSpelling {
	notEqual: 'not is' | '!=';
	atLeast: '≥' | '>=';
	atMost: '≤' | '<=';
}

function operatorOptions({ notEqual, atLeast, atMost }: OperatorSpelling): INodePropertyOptions[] {
	return [
		{ name: 'Contains', value: 'contains' },
		{ name: 'Ends With', value: 'end with' },
		{ name: 'Is Empty', value: 'empty' },
		// `is` rather than `=`: n8n reads a parameter value starting with "=" as an expression.
		{ name: 'Is Equal To', value: 'is' },
		{ name: 'Is Greater Than', value: '>' },
		{ name: 'Is Greater Than or Equal To', value: atLeast },
		{ name: 'Is In (Comma-Separated List)', value: 'in' },
		{ name: 'Is Less Than', value: '<' },
		{ name: 'Is Less Than or Equal To', value: atMost },
		{ name: 'Is Not Empty', value: 'not empty' },
		{ name: 'Is Not Equal To', value: notEqual },
		{ name: 'Is Not In (Comma-Separated List)', value: 'not in' },
		{ name: 'Not Contains', value: 'not contains' },
		{ name: 'Starts With', value: 'start with' },
	];
}

/** The list of metadata conditions (rows named `conditions`, each with name, operator and value). */
export function metadataConditionsField(
	field: Pick<INodeProperties, 'displayName' | 'name' | 'description'>,
	spelling: OperatorSpelling,
): INodeProperties {
	return {
		...field,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: {},
		options: [
			{
				displayName: 'Condition',
				name: 'conditions',
				values: [
					{
						displayName: 'Field',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. author',
						description: 'Name of the document metadata field to compare',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						options: operatorOptions(spelling),
						default: 'is',
						description:
							'How the field is compared. Values like 2026-01-31 are compared as dates; text comparisons ignore case.',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Value to compare with (not used by Is Empty / Is Not Empty)',
					},
				],
			},
		],
	};
}

/** How several conditions combine (`metadataLogic`: and / or). */
export function metadataLogicField(displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name: 'metadataLogic',
		type: 'options',
		options: [
			{ name: 'All Conditions Match (AND)', value: 'and' },
			{ name: 'Any Condition Matches (OR)', value: 'or' },
		],
		default: 'and',
		description,
	};
}

export interface MetadataConditionRow {
	/** The field name, trimmed and not empty. */
	name: string;
	operator: unknown;
	value: unknown;
}

/**
 * The condition rows of a `metadataConditionsField` value, before any request. A row without a
 * field name is refused with `missingName`.
 */
export function readMetadataConditionRows(
	ctx: IExecuteFunctions,
	collection: unknown,
	itemIndex: number,
	missingName: { message: string; description: string },
): MetadataConditionRow[] {
	const rows = ((collection as IDataObject | undefined)?.conditions ?? []) as IDataObject[];
	return rows.map((row) => {
		const name = String(row.name ?? '').trim();
		if (!name) {
			throw new NodeOperationError(ctx.getNode(), missingName.message, {
				itemIndex,
				description: missingName.description,
			});
		}
		return { name, operator: row.operator, value: row.value };
	});
}

/**
 * The `conditions` RAGFlow reads. Every condition carries a `value` key, also for Is Empty / Is Not
 * Empty: RAGFlow reads `value` of every condition unconditionally and fails the request without it.
 */
export function metadataConditions(rows: MetadataConditionRow[]): IDataObject[] {
	return rows.map(({ name, operator, value }) => {
		const comparison = String(operator || 'is');
		const noValue = comparison === 'empty' || comparison === 'not empty';
		return {
			name,
			comparison_operator: comparison,
			value: noValue ? '' : String(value ?? ''),
		};
	});
}
