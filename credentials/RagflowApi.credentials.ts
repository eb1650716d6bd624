import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * RAGFlow is self-hosted, so the base URL lives in the credential. Users often paste the
 * `.../api/v1` address shown in RAGFlow's UI; the expression below (and `apiBaseUrl()` in the
 * shared transport) strips it so requests never go to `/api/v1/api/v1`.
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

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ String($credentials.baseUrl).trim().replace(new RegExp("(/api/v1)?/*$", "i"), "") }}',
			url: '/api/v1/datasets',
			qs: { page: 1, page_size: 1 },
			skipSslCertificateValidation: '={{ $credentials.ignoreSslIssues }}',
		},
		// Rules of both kinds in one list; n8n checks each against the test answer.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'RAGFlow rejected the API key. Create a new key in RAGFlow (avatar → API → API KEY) and paste it here.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No RAGFlow API at this Base URL. Use the address of the RAGFlow API server, e.g. http://localhost:9380.',
				},
			},
			{
				// RAGFlow up to v0.24 answered a bad key with HTTP 200 and code 109.
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 109,
					message:
						'RAGFlow rejected the API key. Create a new key in RAGFlow (avatar → API → API KEY) and paste it here.',
				},
			},
		] as ICredentialTestRequest['rules'],
	};
}
