import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { agentLocator, optionsCollection } from '../../../shared/descriptions';
import { requireFeature } from '../../../shared/compat';
import { ragflowRequest } from '../../../shared/transport';
import {
	assertRagflowId,
	compact,
	getLocatorValue,
	updateDisplayOptions,
} from '../../../shared/utils';
import { optionalText } from '../../../shared/validation';
import { agentUserIdOption, SESSION_NAME_PLACEHOLDER } from '../fields';

const properties: INodeProperties[] = [
	agentLocator(),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: SESSION_NAME_PLACEHOLDER,
		description:
			'Name of the new session (up to 255 characters). Leave empty for an unnamed session.',
	},
	optionsCollection([
		{
			displayName: 'Use Published Version',
			name: 'release',
			type: 'boolean',
			default: false,
			description:
				'Whether the session runs the published version of the agent instead of its current draft',
		},
		agentUserIdOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agentSession'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const agentId = assertRagflowId(this, getLocatorValue(this, 'agentId', i), 'agent', i);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const body = compact({
		name: optionalText(this, this.getNodeParameter('name', i, ''), 'Name', i),
		user_id: options.userId ? String(options.userId) : undefined,
		// A JSON boolean: RAGFlow reads the string "false" as true.
		release: options.release === undefined ? undefined : options.release === true,
	} as IDataObject);
	if (body.name !== undefined || body.user_id !== undefined) {
		await requireFeature(this, 'agentSessionNameUser', i);
	}
	const response = await ragflowRequest.call(this, 'POST', `/agents/${agentId}/sessions`, {
		body,
		itemIndex: i,
		expectData: true,
	});
	return response.data as IDataObject;
}
