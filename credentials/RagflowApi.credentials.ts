import type { IAuthenticateGeneric, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * RAGFlow is self-hosted, so the base URL lives in the credential. Users often paste the
 * `.../api/v1` address shown in RAGFlow's UI; the shared transport strips it (`normalizeBaseUrl` in
 * nodes/shared/transport.ts) so requests never go to `/api/v1/api/v1`.
 *
 * The Test button is the nodes' `ragflowApiTest` method (nodes/shared/credentialTest.ts), not a
 * declarative `test` here: n8n would prefer a declarative test, whose network failures it reports
 * only as raw codes such as "ECONNREFUSED".
 */
export class RagflowApi implements ICredentialType {
	name = 'ragflowApi';

	displayName = 'RAGFlow API';

	icon: Icon = { light: 'file:../icons/ragflow.svg', dark: 'file:../icons/ragflow.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-ragflow/n8n-nodes-ragflow#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://localhost:9380',
			description:
				'Address of your RAGFlow server, e.g. http://localhost:9380 or https://ragflow.example.com, without a user name, password, query or fragment. A trailing /api/v1 is accepted and ignored.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Create one in RAGFlow: click your avatar (top right) → API → API KEY → Create new key',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the SSL certificate of the server cannot be validated (e.g. a self-signed certificate)',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 120,
			description:
				'How long to wait for RAGFlow to answer a request, and the longest pause allowed in the middle of a streamed answer, a download or an upload (a long transfer that keeps moving is never cut). Raise it for slow language models when not streaming.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};
}
