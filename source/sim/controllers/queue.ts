// One work queue for every controller, like client-go's rate-limited queue: keys are deduplicated, a burst of
// events for one object causes one sync, processing happens asynchronously in batches, and keys can be re-added
// after a delay (deadlines, minReadySeconds, retries).

export type SyncHandler = (key: string) => void;

export class WorkQueue {
	private pending = new Set<string>();
	private readonly delayed = new Map<string, {at: number; timer: NodeJS.Timeout}>();
	private readonly failures = new Map<string, number>();
	private scheduled = false;
	private stopped = false;

	/**
	 * `first(key)` marks keys processed ahead of the others in a batch: the ReplicaSet controller runs before the
	 * deployment controller, so that a deployment never acts on a ReplicaSet status older than its own last scaling.
	 */
	constructor(
		private readonly handle: SyncHandler,
		private readonly onError: (key: string, error: unknown) => void = () => {},
		private readonly first: (key: string) => boolean = () => false,
	) {}

	add(key: string): void {
		if (this.stopped) return;
		this.pending.add(key);
		this.schedule();
	}

	/** Adds the key after delayMs; an earlier pending delay for the same key wins. */
	addAfter(key: string, delayMs: number): void {
		if (this.stopped) return;
		if (delayMs <= 0) return this.add(key);
		const at = Date.now() + delayMs;
		const existing = this.delayed.get(key);
		if (existing && existing.at <= at) return;
		if (existing) clearTimeout(existing.timer);
		const timer = setTimeout(() => {
			this.delayed.delete(key);
			this.add(key);
		}, delayMs);
		timer.unref?.();
		this.delayed.set(key, {at, timer});
	}

	get length(): number {
		return this.pending.size;
	}

	stop(): void {
		this.stopped = true;
		for (const {timer} of this.delayed.values()) clearTimeout(timer);
		this.delayed.clear();
		this.pending.clear();
	}

	private schedule(): void {
		if (this.scheduled) return;
		this.scheduled = true;
		setImmediate(() => this.flush());
	}

	private flush(): void {
		this.scheduled = false;
		if (this.stopped) return;
		// Keys added while this batch runs go into the next batch.
		const pending = [...this.pending];
		this.pending = new Set();
		const batch = [...pending.filter(key => this.first(key)), ...pending.filter(key => !this.first(key))];
		for (const key of batch) {
			if (this.stopped) return;
			try {
				this.handle(key);
				this.failures.delete(key);
			} catch (error) {
				const count = (this.failures.get(key) ?? 0) + 1;
				this.failures.set(key, count);
				this.onError(key, error);
				// Exponential retry like the controllers' rate limiter: 5 ms doubling, capped at 10 s.
				this.addAfter(key, Math.min(5 * 2 ** (count - 1), 10_000));
			}
		}
	}
}
