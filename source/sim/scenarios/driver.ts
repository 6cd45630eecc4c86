// A small cancellable script runner for scenarios: wait on store conditions and on (speed-scaled) timers.
import type {Store} from '../store.js';

export class Cancelled extends Error {}

export class ScenarioDriver {
	private stopped = false;
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly waiters = new Set<() => void>();
	private readonly unsubscribe: () => void;

	constructor(
		readonly store: Store,
		readonly speed: number,
	) {
		// Wake every waiter after each write; each re-checks its own condition.
		this.unsubscribe = store.subscribe(() => {
			for (const wake of [...this.waiters]) wake();
		});
	}

	get active(): boolean {
		return !this.stopped;
	}

	stop(): void {
		this.stopped = true;
		this.unsubscribe();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const wake of [...this.waiters]) wake();
	}

	/** Resolves once check() holds (re-checked after every store write); rejects with Cancelled on stop. */
	until(check: () => boolean): Promise<void> {
		return new Promise((resolve, reject) => {
			const wake = () => {
				if (this.stopped) {
					this.waiters.delete(wake);
					reject(new Cancelled());
				} else if (check()) {
					this.waiters.delete(wake);
					resolve();
				}
			};
			this.waiters.add(wake);
			wake();
		});
	}

	/** Simulated seconds, scaled by 1/speed. */
	sleep(seconds: number): Promise<void> {
		return new Promise((resolve, reject) => {
			if (this.stopped) return reject(new Cancelled());
			const timer = setTimeout(
				() => {
					this.timers.delete(timer);
					if (this.stopped) reject(new Cancelled());
					else resolve();
				},
				(seconds * 1000) / this.speed,
			);
			timer.unref?.();
			this.timers.add(timer);
		});
	}

	/** Runs a script in the background; cancellation ends it quietly, other errors are reported. */
	run(
		script: () => Promise<void>,
		onError: (error: unknown) => void = error => console.error('scenario:', error),
	): void {
		script().catch(error => {
			if (!(error instanceof Cancelled) && !this.stopped) onError(error);
		});
	}
}
