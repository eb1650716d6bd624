import type { RegexEngine } from 'n8n-workflow';
import { setSafeRegexEngine } from 'n8n-workflow';

/**
 * n8n-workflow runs the regular expressions of parameter validation (the resource locators' "By ID"
 * check) and of value extraction in a `node:vm` script with a 250 ms *wall-clock* timeout, a guard
 * against catastrophic user patterns. Wall-clock means a jest worker that the OS does not schedule
 * for 250 ms (a busy machine, a GC pause) fails the check with "Regular expression execution timed
 * out" before the node sends anything: the empty outputs of the busy-machine runs. The package's own
 * patterns are anchored character classes (linear time), so the harness uses the same RegExp
 * semantics without the clock. Validation still runs and still refuses a wrong ID.
 */
const plainRegExp: RegexEngine = {
	exec: (pattern, input, flags) => new RegExp(pattern, flags).exec(input),
	test: (pattern, input, flags) => new RegExp(pattern, flags).test(input),
	replace: (pattern, input, flags, replacement) =>
		input.replace(new RegExp(pattern, flags), replacement),
	matchAll: (pattern, input, flags) => {
		const global = flags?.includes('g') ? flags : `${flags ?? ''}g`;
		return Array.from(input.matchAll(new RegExp(pattern, global)));
	},
	split: (pattern, input, flags) => input.split(new RegExp(pattern, flags)),
};

export function useClockFreeRegexEngine() {
	setSafeRegexEngine(plainRegExp);
}
