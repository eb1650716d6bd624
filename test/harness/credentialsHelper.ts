import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	IHttpRequestOptions,
	INode,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

import { RagflowApi } from '../../credentials/RagflowApi.credentials';

export const TEST_BASE_URL = 'http://ragflow.test:9380';
export const TEST_CREDENTIAL = 'ragflow-TESTKEYd0n0tleak1234567890abcdefghijklm';

/**
 * Serves the RAGFlow credential and applies its generic auth the way n8n's CLI does (the
 * nodes-base harness does not), so tests can assert the Authorization header.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: ICredentialDataDecryptedObject) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as IHttpRequestOptions;
		const auth = new RagflowApi().authenticate;
		if (typeName !== 'ragflowApi' || !workflow || !node) return options;
		const headers: Record<string, unknown> = { ...(options.headers ?? {}) };
		for (const [key, value] of Object.entries(auth.properties.headers ?? {})) {
			headers[key] = workflow.expression.getSimpleParameterValue(
				node,
				value as string,
				'internal',
				{ $credentials: credentials },
				undefined,
				value as string,
			);
		}
		return { ...options, headers: headers as IHttpRequestOptions['headers'] };
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used in tests');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		return this.data;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): INodeProperties[] {
		return new RagflowApi().properties;
	}
}
