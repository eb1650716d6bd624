import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import {
	API_PREFIX,
	DEFAULT_TIMEOUT_SECONDS,
	baseUrlProblem,
	connectionProblem,
	normalizeBaseUrl,
	type FailureCause,
} from './transport';

const WRONG_KEY =
	'RAGFlow rejected the API key. Create a new key in RAGFlow (avatar → API → API KEY) and paste it here.';

/** The credential dialog shows one message: the problem, then what to do about it. */
function error(problem: { message: string; description: string }): INodeCredentialTestResult {
	const advice = problem.description.charAt(0).toLowerCase() + problem.description.slice(1);
	return { status: 'Error', message: `${problem.message} — ${advice}` };
}

/**
 * The Test button of the RAGFlow credential (and n8n's test when a credential is saved): lists one
 * dataset and explains every failure in the words the nodes use — a Base URL with a password, a
 * query or no scheme, a closed port, an unknown host, a wrong key, a redirect, a server that is not
 * RAGFlow.
 *
 * Why a method and not the credential's declarative `test` request: n8n reports network failures of
 * a declarative test only as the raw code ("ECONNREFUSED") and cannot check the Base URL before
 * sending. Why `fetch`: the only HTTP helper n8n gives credential tests is the deprecated
 * `helpers.request`, which n8n's community-node rules reject. The price: `fetch` cannot skip
 * certificate checks, so with "Ignore SSL Issues" on, a self-signed HTTPS server is reported as
 * reachable but untested (the nodes themselves connect to it).
 */
export async function ragflowApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const problem = baseUrlProblem(data.baseUrl);
	if (problem) return error(problem);
	const baseUrl = normalizeBaseUrl(String(data.baseUrl));
	const timeout = Number(data.timeout) > 0 ? Number(data.timeout) : DEFAULT_TIMEOUT_SECONDS;
	const request = `GET ${API_PREFIX}/datasets`;

	let response: Response;
	try {
		response = await fetch(`${baseUrl}${API_PREFIX}/datasets?page=1&page_size=1`, {
			headers: { Authorization: `Bearer ${String(data.apiKey ?? '')}`, Accept: 'application/json' },
			// Like the nodes: the key is only ever sent to the Base URL itself.
			redirect: 'manual',
			signal: AbortSignal.timeout(timeout * 1000),
		});
	} catch (failure) {
		const cause = failure as FailureCause & { name?: string };
		if (cause.name === 'TimeoutError') {
			return error({
				message: `RAGFlow did not answer within ${timeout} s (${request})`,
				description:
					'Check that RAGFlow is running and not overloaded, or raise "Timeout" in the credential.',
			});
		}
		const certificate = /CERT|SSL|TLS/i.test(String(cause.cause?.code ?? ''));
		if (certificate && data.ignoreSslIssues === true) {
			return {
				status: 'Error',
				message: `RAGFlow at ${baseUrl} answered with a certificate that cannot be verified. The nodes connect anyway because "Ignore SSL Issues" is on, but this test cannot check the API key over such a connection — run a RAGFlow node to check it.`,
			};
		}
		return error(connectionProblem(cause, baseUrl));
	}

	const status = response.status;
	if (status >= 300 && status < 400) {
		const location = response.headers.get('location') ?? '';
		let target = '';
		try {
			const url = new URL(location, baseUrl);
			// Only scheme, host and path: a query or user info may carry secrets.
			target = `${url.protocol}//${url.host}${url.pathname}`;
		} catch {
			target = '';
		}
		return error({
			message: `RAGFlow's address redirects ${request}${target ? ` to ${target}` : ''} (HTTP ${status})`,
			description:
				'Put the address RAGFlow now lives at (for example https:// instead of http://) in the Base URL: the nodes do not follow redirects, so that the API key only ever goes to the Base URL.',
		});
	}
	if (status === 401) return { status: 'Error', message: WRONG_KEY };
	if (status === 404) {
		return {
			status: 'Error',
			message:
				'No RAGFlow API at this Base URL. Use the address of the RAGFlow API server, e.g. http://localhost:9380.',
		};
	}
	let envelope: { code?: unknown; message?: unknown } | undefined;
	try {
		envelope = (await response.json()) as typeof envelope;
	} catch {
		envelope = undefined;
	}
	if (!envelope || typeof envelope !== 'object' || typeof envelope.code !== 'number') {
		return error({
			message: `Unexpected answer from ${request} (HTTP ${status}): not a RAGFlow JSON response`,
			description:
				'Check that the Base URL points at the RAGFlow API server (port 9380 by default) and not at its web UI or a proxy login page.',
		});
	}
	// RAGFlow up to v0.24 answered a wrong key with HTTP 200 and code 109.
	if (envelope.code === 109) return { status: 'Error', message: WRONG_KEY };
	if (envelope.code !== 0) {
		const text = typeof envelope.message === 'string' ? envelope.message : 'no message';
		return { status: 'Error', message: `RAGFlow error ${envelope.code}: ${text}` };
	}
	return { status: 'OK', message: 'Connection successful' };
}
