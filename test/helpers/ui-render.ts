// Helpers for ink-testing-library: bounded waits on frame content (no fixed sleeps) and key sequences.
import type {render} from 'ink-testing-library';
import {waitFor} from './wait.js';

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

/** Waits until `check` passes on the last frame, or fails with the last frame in the message. */
export function waitForFrame(
	rendered: Rendered,
	check: (frame: string) => boolean,
	what: string,
	timeout = 5000,
): Promise<string> {
	const frame = () => rendered.lastFrame() ?? '';
	return waitFor(() => check(frame()) && frame(), {
		timeout,
		interval: 0,
		message: () => `${what}; last frame:\n${frame()}`,
	});
}

export const waitForText = (rendered: Rendered, text: string, timeout?: number) =>
	waitForFrame(rendered, frame => frame.includes(text), JSON.stringify(text), timeout);

export const waitForNoText = (rendered: Rendered, text: string, timeout?: number) =>
	waitForFrame(rendered, frame => !frame.includes(text), `${JSON.stringify(text)} to disappear`, timeout);

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
