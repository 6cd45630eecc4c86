// Helpers for ink-testing-library: bounded waits on frame content (no fixed sleeps) and key sequences.
import type {render} from 'ink-testing-library';

export type Rendered = ReturnType<typeof render>;

export const keys = {
	enter: '\r',
	escape: '\x1b',
	up: '\x1b[A',
	down: '\x1b[B',
	backspace: '\x7f',
	ctrlC: '\x03',
} as const;

/** Yields to the event loop so Ink and React can handle input and render. */
export async function tick(): Promise<void> {
	await new Promise(resolve => setImmediate(resolve));
	await new Promise(resolve => setTimeout(resolve, 0));
}

/** Polls until `check` passes, or fails after `timeoutMs` with the last frame in the message. */
export async function waitFor(
	rendered: Rendered,
	check: (frame: string) => boolean,
	what: string,
	timeoutMs = 5000,
): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const frame = rendered.lastFrame() ?? '';
		if (check(frame)) return frame;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${frame}`);
		await tick();
	}
}

export const waitForText = (rendered: Rendered, text: string, timeoutMs?: number) =>
	waitFor(rendered, frame => frame.includes(text), JSON.stringify(text), timeoutMs);

export const waitForNoText = (rendered: Rendered, text: string, timeoutMs?: number) =>
	waitFor(rendered, frame => !frame.includes(text), `${JSON.stringify(text)} to disappear`, timeoutMs);

/** Polls a condition that is not about the frame (e.g. a recorded call). */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await tick();
	}
}

/** Writes one key and yields, so each key arrives as its own input (Ink joins a run of characters). */
export async function press(rendered: Rendered, key: string): Promise<void> {
	rendered.stdin.write(key);
	await tick();
}

/** Gives ink-testing-library's stdout a size (it has columns 100 and no rows) and tells Ink about it. */
export function resize(rendered: Rendered, columns: number, rows: number): void {
	Object.defineProperty(rendered.stdout, 'columns', {value: columns, configurable: true});
	Object.defineProperty(rendered.stdout, 'rows', {value: rows, configurable: true});
	rendered.stdout.emit('resize');
}
