// The one way tests wait: poll a condition until it holds, bounded by a generous timeout, never a fixed sleep.
// Time is read from performance.now(), so a test that mocks Date still times out.

export interface WaitOptions {
	/** Milliseconds before giving up (default WAIT_MS: tests run on slow, loaded machines). */
	timeout?: number;
	/** Milliseconds between checks (default 20; 0 yields to the event loop only, for renders driven by it). */
	interval?: number;
	/** What was awaited, and optionally the last state seen, for the failure message. */
	message?: string | (() => string);
}

/** What a test may wait for one condition: generous, and more on CI machines. */
export const WAIT_MS = process.env['CI'] ? 60_000 : 30_000;
const DEFAULT_INTERVAL_MS = 20;

/**
 * Resolves with the first truthy value of condition() (which may be async; a throw counts as not yet), or rejects
 * after the timeout with the message and the last error seen.
 */
export async function waitFor<T>(
	condition: () => T | Promise<T>,
	options: WaitOptions = {},
): Promise<NonNullable<Exclude<T, false | '' | 0>>> {
	const timeout = options.timeout ?? WAIT_MS;
	const interval = options.interval ?? DEFAULT_INTERVAL_MS;
	const deadline = performance.now() + timeout;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await condition();
			if (value) return value as NonNullable<Exclude<T, false | '' | 0>>;
		} catch (error) {
			lastError = error;
		}
		if (performance.now() > deadline) {
			const message = typeof options.message === 'function' ? options.message() : (options.message ?? 'a condition');
			const cause = lastError instanceof Error ? `\nlast error: ${lastError.message}` : '';
			throw new Error(`timed out after ${timeout} ms waiting for ${message}${cause}`);
		}
		await pause(interval);
	}
}

/** Lets timers and I/O run: setImmediate and a zero timeout for interval 0, else the interval. */
async function pause(interval: number): Promise<void> {
	if (interval > 0) {
		await new Promise(resolve => setTimeout(resolve, interval));
		return;
	}
	await new Promise(resolve => setImmediate(resolve));
	await new Promise(resolve => setTimeout(resolve, 0));
}
