/**
 * A clock a test moves by hand, for the simulator's `clock` option (`startSimulator({ clock })`):
 * every timestamp the simulator writes (`create_time`, `update_time`, `process_begin_at`,
 * `process_duration`, progress lines) is then the test's choice, so a test does not depend on how
 * fast the machine runs it and never waits for time to pass.
 */
export class ManualClock {
	constructor(private ms = Date.UTC(2026, 10, 20, 9, 0, 0)) {}

	/** The current moment, epoch ms. Pass `() => clock.now()` as the simulator's clock. */
	now(): number {
		return this.ms;
	}

	/** Moves the clock `ms` on and returns the new moment. */
	tick(ms = 1000): number {
		this.ms += ms;
		return this.ms;
	}

	/**
	 * Sets the clock to a moment, also an earlier one: a write stamped before a write already
	 * visible, as a database shows writes that commit out of timestamp order. The simulator never
	 * moves a row's `update_time` back (see `SimulatorState.touch`).
	 */
	set(ms: number): number {
		this.ms = ms;
		return this.ms;
	}
}
