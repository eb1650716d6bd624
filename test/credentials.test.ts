import type { INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { RagflowApi } from '../credentials/RagflowApi.credentials';
import { normalizeBaseUrl } from '../nodes/shared/transport';
import { TestNodeTypes } from './harness/nodeTypes';
import { ragflowNode } from './harness/runWorkflow';

const credential = new RagflowApi();

/** Resolves a credential expression the way n8n does when it runs the credential test. */
function resolve(expression: string, baseUrl: string): unknown {
	const node = ragflowNode({ type: 'ragflowDataset', parameters: {} }) as INode;
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes(),
	});
	return workflow.expression.getSimpleParameterValue(
		node,
		expression,
		'internal',
		{ $credentials: { baseUrl, apiKey: 'k', ignoreSslIssues: false } },
		undefined,
		expression,
	);
}

describe('RAGFlow API credential', () => {
	it.each([
		['http://localhost:9380', 'http://localhost:9380'],
		['http://localhost:9380/', 'http://localhost:9380'],
		['http://localhost:9380//', 'http://localhost:9380'],
		['http://localhost:9380/api/v1', 'http://localhost:9380'],
		['http://localhost:9380/api/v1/', 'http://localhost:9380'],
		[' https://rag.example.com/API/V1 ', 'https://rag.example.com'],
		['https://example.com/ragflow/', 'https://example.com/ragflow'],
	])('normalises the base URL %j to %j in the test request and in the nodes', (input, expected) => {
		expect(resolve(credential.test.request.baseURL as string, input)).toBe(expected);
		expect(normalizeBaseUrl(input)).toBe(expected);
	});

	it('tests with the cheapest authenticated call: one dataset', () => {
		expect(credential.test.request).toMatchObject({
			url: '/api/v1/datasets',
			qs: { page: 1, page_size: 1 },
		});
	});

	it('explains a rejected key for current (HTTP 401) and older (code 109) servers', () => {
		const rules = credential.test.rules as Array<{
			type: string;
			properties: Record<string, unknown>;
		}>;
		expect(
			rules.find((r) => r.type === 'responseCode' && r.properties.value === 401)?.properties
				.message,
		).toMatch(/rejected the API key/);
		expect(rules.find((r) => r.type === 'responseSuccessBody')?.properties).toMatchObject({
			key: 'code',
			value: 109,
		});
	});

	it('sends the key as a Bearer token and keeps it in a password field', () => {
		expect(credential.authenticate.properties.headers).toEqual({
			Authorization: '=Bearer {{$credentials.apiKey}}',
		});
		expect(credential.properties.find((p) => p.name === 'apiKey')?.typeOptions).toEqual({
			password: true,
		});
	});
});
