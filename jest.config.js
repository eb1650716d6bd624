/**
 * Tests run the TypeScript sources through ts-jest (transpile only; `npm run typecheck` checks
 * types). `.cts` files are the package's Node-side test tooling (the RAGFlow simulator, end-to-end and
 * benchmark scripts): Node servers and scripts that use node:http, timers and process, which n8n's
 * node lint rules (aimed at code that runs inside n8n) forbid in `.ts` files. They are never built
 * into dist/.
 */
// n8n-core logs every node error it sees; the tests assert those errors themselves.
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL ?? 'silent';

module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.cts'],
	moduleFileExtensions: ['ts', 'cts', 'js', 'cjs', 'json'],
	transform: {
		'^.+\\.c?ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 30000,
	maxWorkers: 2,
	// Workers as threads: jest gives a worker 500 ms to be gone after the run, and on a saturated
	// machine the OS can need longer than that to tear a child process down even when nothing is
	// left open. A thread ends at once, so "failed to exit gracefully" now only means a real leak.
	workerThreads: true,
};
