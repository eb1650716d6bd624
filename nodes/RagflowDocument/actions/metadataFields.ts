import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The document metadata field (RAGFlow's `meta_fields`): key/value rows, used by Update and by
 * Upload. Read it with `readMetaFields`.
 */
export function metaFieldsField(description: string): INodeProperties {
	return {
		displayName: 'Metadata',
		name: 'metaFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Metadata Field',
		default: {},
		description,
		options: [
			{
				displayName: 'Field',
				name: 'fields',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'e.g. author',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							'Text or number. A list given by an expression (e.g. {{ ["a", "b"] }}) is stored as a list.',
					},
				],
			},
		],
	};
}

/**
 * The `meta_fields` object of a Metadata field value, checked as RAGFlow checks it (text, numbers or
 * lists of those), or undefined when the field is not set.
 */
export function readMetaFields(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): IDataObject | undefined {
	if (value === undefined) return undefined;
	const rows = ((value as IDataObject | undefined)?.fields ?? []) as IDataObject[];
	const result: IDataObject = {};
	for (const row of rows) {
		const key = String(row.key ?? '').trim();
		if (!key) {
			throw new NodeOperationError(ctx.getNode(), 'A metadata field has no key', {
				itemIndex,
				description: 'Enter a key for every metadata field, or remove the empty row.',
			});
		}
		const v = row.value;
		const ok = (x: unknown) => typeof x === 'string' || typeof x === 'number';
		if (!(ok(v) || (Array.isArray(v) && v.every(ok)))) {
			throw new NodeOperationError(ctx.getNode(), `Metadata "${key}" has an unsupported value`, {
				itemIndex,
				description: 'RAGFlow accepts text, numbers, or a list of those as metadata values.',
			});
		}
		result[key] = v as IDataObject[keyof IDataObject];
	}
	return result;
}
