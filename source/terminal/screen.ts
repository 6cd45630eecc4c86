// The alternate screen: entered once, left exactly once on every way out (quit, signal, crash, process.exit), and
// not written to after a hangup (the terminal is gone; a write would only fail with EIO).
export const ENTER_ALT_SCREEN = '\x1b[?1049h';
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
export const SHOW_CURSOR = '\x1b[?25h';
export const CURSOR_HOME = '\x1b[H';

export interface AlternateScreen {
	/** Shows the cursor and leaves the alternate screen; later calls do nothing. */
	restore(): void;
	/** The terminal is gone: restoring writes nothing. */
	hangUp(): void;
	/** Stops the last-resort restore on process exit (after restore() has run). */
	dispose(): void;
}

export function enterAlternateScreen(stdout: NodeJS.WritableStream): AlternateScreen {
	let restored = false;
	let hungUp = false;
	const restore = () => {
		if (restored || hungUp) return;
		restored = true;
		try {
			stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
		} catch {
			// The terminal may be gone (SIGHUP): nothing left to restore.
		}
	};
	// The alternate screen keeps the cursor where the shell left it: start drawing at the top.
	stdout.write(ENTER_ALT_SCREEN + CURSOR_HOME);
	// Last resort: process.exit() from anywhere still leaves the alternate screen.
	process.on('exit', restore);
	return {
		restore,
		hangUp: () => {
			hungUp = true;
		},
		dispose: () => {
			process.off('exit', restore);
		},
	};
}
