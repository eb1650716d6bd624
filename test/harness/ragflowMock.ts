import nock from 'nock';

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
export const ok = (data: unknown, extra: Record<string, unknown> = {}) => ({ code: 0, data, ...extra });

/** A RAGFlow error envelope (sent with HTTP 200, as RAGFlow does). */
export const fail = (code: number, message: string) => ({ code, message });

export function setupNock() {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		expect(pending).toEqual([]);
	});
	afterAll(() => nock.enableNetConnect());
}

/** A 32-hex id for fixtures. */
export const id = (n: number | string) => String(n).padStart(32, '0').slice(-32).replace(/[^0-9a-f]/g, 'a');
