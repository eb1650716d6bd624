/**
 * A one-shot signal that proves two things overlapped by their order, not by how long they took: one
 * side opens it (e.g. the handler of a later request), the other waits for it (e.g. the answer to an
 * earlier request). A test that measured milliseconds instead would fail on a busy machine.
 * `opened` resolves true once opened, or false after `limitMs`: the limit only decides how soon a
 * test whose overlap is missing fails (instead of hanging), never whether a working one passes.
 * Lives in a `.cts` file because it needs timers, which the node lint rules forbid in `.ts`.
 */
export interface Gate {
	open(): void;
	readonly opened: Promise<boolean>;
}

export function gate(limitMs = 10_000): Gate {
	let settle!: (value: boolean) => void;
	const opened = new Promise<boolean>((resolve) => (settle = resolve));
	const timer = setTimeout(() => settle(false), limitMs);
	// The limit must never keep a jest worker alive after its tests.
	timer.unref();
	return {
		open() {
			clearTimeout(timer);
			settle(true);
		},
		opened,
	};
}
