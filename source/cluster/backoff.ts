// Capped exponential back-off with jitter, so that many clients (or many watches of one client) that lost the
// server at the same moment do not come back in lockstep, and a failing server is never hammered in a tight loop.

export interface BackoffOptions {
	initialMs: number;
	maxMs: number;
	/** 0..1: each delay is drawn from [delay·(1−jitter), delay]. */
	jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {initialMs: 250, maxMs: 10_000, jitter: 0.3};

export class Backoff {
	private failures = 0;

	constructor(
		private readonly options: BackoffOptions = DEFAULT_BACKOFF,
		private readonly random: () => number = Math.random,
	) {}

	/** The delay before the next attempt; each call counts one more consecutive failure. */
	next(): number {
		const base = Math.min(this.options.maxMs, this.options.initialMs * 2 ** Math.min(this.failures, 30));
		this.failures++;
		return Math.round(base * (1 - this.options.jitter * this.random()));
	}

	reset(): void {
		this.failures = 0;
	}

	get consecutiveFailures(): number {
		return this.failures;
	}
}
