import nock from 'nock';

import { forgetServers } from '../../nodes/shared/compat';
import { TEST_CREDENTIAL, TEST_BASE_URL } from './credentialsHelper';

/**
 * A nock scope for the RAGFlow API of the test credential. It only matches requests that carry the
 * credential's Bearer key, so every test also proves the auth header.
 */
export function ragflowApi() {
	return nock(TEST_BASE_URL, {
		reqheaders: { authorization: `Bearer ${TEST_CREDENTIAL}` },
	});
}

/** RAGFlow's success envelope (`get_result` style, no message). */
export const ok = (data: unknown, extra: Record<string, unknown> = {}) => ({
	code: 0,
	data,
	...extra,
});

/** A RAGFlow error envelope (sent with HTTP 200, as RAGFlow does). */
export const fail = (code: number, message: string) => ({ code, message });

/**
 * Mocks the network for the test file that calls it. nock patches node:http, and jest shares node's
 * core modules between the test files that run one after another in a worker: left patched, every
 * real-HTTP (simulator) file that follows in the same worker would still go through nock's
 * passthrough sockets (MaxListenersExceededWarning). So the file switches nock on for itself and
 * gives node:http back when it is done.
 */
export function mockNetwork() {
	beforeAll(() => {
		if (!nock.isActive()) nock.activate();
		nock.disableNetConnect();
	});
	afterAll(() => {
		nock.cleanAll();
		nock.enableNetConnect();
		nock.restore();
	});
}

export function setupNock() {
	mockNetwork();
	afterEach(() => {
		// What a test taught the package about the mocked server must not leak into the next one.
		forgetServers();
		const pending = nock.pendingMocks();
		nock.cleanAll();
		expect(pending).toEqual([]);
	});
}

/** A 32-hex id for fixtures. */
export const id = (n: number | string) =>
	String(n)
		.padStart(32, '0')
		.slice(-32)
		.replace(/[^0-9a-f]/g, 'a');

/**
 * The read-only request by which the package learns the server generation (`compat.ts`), answered
 * as a current (v0.25.1+) server does. Tests of settings an old server would ignore expect it once.
 */
export function currentServerProbe() {
	return ragflowApi()
		.get(`/api/v1/datasets/${'0'.repeat(32)}/graph`)
		.reply(200, fail(109, 'no authorization'));
}
