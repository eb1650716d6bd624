/**
 * Under tsx, an extensionless import of `X.node` (how the test harness imports node classes) resolves
 * to the codex file `X.node.json` before `X.node.ts`, because Node tries `.json` before the `.ts`
 * extension tsx adds. jest's resolver prefers `.ts`; this makes tsx do the same for the benchmarks.
 * Imported first by bench/run.cts.
 */
import Module = require('node:module');

type Resolve = (request: string, parent: unknown, ...rest: unknown[]) => string;
const moduleWithResolve = Module as unknown as { _resolveFilename: Resolve };
const resolveFilename = moduleWithResolve._resolveFilename;
moduleWithResolve._resolveFilename = function (this: unknown, request, parent, ...rest) {
	if (request.startsWith('.') && request.endsWith('.node')) {
		try {
			return resolveFilename.call(this, `${request}.ts`, parent, ...rest);
		} catch {
			// Not a TypeScript node file: resolve as usual.
		}
	}
	return resolveFilename.call(this, request, parent, ...rest);
};
