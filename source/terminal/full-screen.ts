// Runs an Ink tree full screen: the alternate screen, the frame writer between Ink and the terminal, Ink's options,
// signals and crashes. Whatever way it ends, the terminal is restored once and the caller's close() runs.
import {render} from 'ink';
import type {ReactElement} from 'react';
import {FrameWriter} from './frame-writer.js';
import {inkRenderingFromEnv, setInkRendering} from './ink-rendering.js';
import {enterAlternateScreen} from './screen.js';

export interface FullScreenOptions {
	stdout?: NodeJS.WriteStream;
	stdin?: NodeJS.ReadStream;
	/** Runs after the terminal is restored, before the crash handlers go (its teardown may still reject). */
	close?: () => Promise<void>;
}

const SIGNAL_EXIT_CODES = {SIGTERM: 143, SIGHUP: 129, SIGINT: 130} as const;
type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

/** Resolves with the exit code: 0 when the tree exits, 128+n on a signal, 1 after a crash. */
export async function runFullScreen(tree: ReactElement, options: FullScreenOptions = {}): Promise<number> {
	const stdout = options.stdout ?? process.stdout;
	const stdin = options.stdin ?? process.stdin;
	setInkRendering(inkRenderingFromEnv());

	const screen = enterAlternateScreen(stdout);
	// After a hangup the terminal is gone: restoring is skipped and late write errors stay handled.
	let hungUp = false;
	// Ink writes its frames to the frame writer, which sends the terminal only the rows that changed.
	const frameWriter = new FrameWriter(stdout);
	const instance = render(tree, {
		stdout: frameWriter as unknown as NodeJS.WriteStream,
		stdin,
		exitOnCtrlC: false,
		patchConsole: false,
		// The session already spaces data changes 50 ms apart; Ink's own throttle (33 ms) is shorter, so the two do not add
		// up, and it still caps how often keys held down redraw.
		maxFps: 30,
		// Not incrementalRendering: in Ink 6.8 its redraw moves the cursor up one line too few when the frame ends
		// with a newline (every frame shorter than the terminal, as ours must be), so each frame lands one row lower
		// and the terminal scrolls (seen in tmux; fixed in Ink 7). Ink's standard writer (erase and redraw the whole
		// frame) goes through the frame writer instead, which turns each frame into the changed rows only.
		incrementalRendering: false,
	});

	let exitCode = 0;
	let crashMessage: string | undefined;
	let finish: () => void = () => {};
	const finished = new Promise<void>(resolve => {
		finish = resolve;
	});

	const onSignal = (signal: HandledSignal) => {
		exitCode = SIGNAL_EXIT_CODES[signal];
		instance.unmount();
		finish();
	};
	const signalHandlers = (Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]).map(signal => {
		const handler = () => onSignal(signal);
		process.on(signal, handler);
		return [signal, handler] as const;
	});
	const onCrash = (error: unknown) => {
		exitCode = 1;
		crashMessage = error instanceof Error ? error.message : String(error);
		try {
			instance.unmount();
		} catch {
			// Unmounting a broken tree may throw too; the terminal is restored below regardless.
		}
		frameWriter.release();
		screen.restore();
		finish();
	};
	const onOutputError = (error: NodeJS.ErrnoException) => {
		if (error.code === 'EIO' || error.code === 'EPIPE') {
			if (hungUp) return;
			hungUp = true;
			screen.hangUp();
			onSignal('SIGHUP');
		} else {
			onCrash(error);
		}
	};
	stdout.on('error', onOutputError);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);

	instance.waitUntilExit().then(
		() => finish(),
		(error: unknown) => onCrash(error),
	);

	try {
		await finished;
	} finally {
		for (const [signal, handler] of signalHandlers) process.off(signal, handler);
		instance.unmount();
		// Ink has written its last frame: whatever comes later goes to the terminal unchanged.
		frameWriter.release();
		screen.restore();
		screen.dispose();
		if (crashMessage !== undefined) process.stderr.write(`rollout-dash: crashed: ${crashMessage.split('\n')[0]}\n`);
		await options.close?.();
		// Keep the crash handlers until close() is done: its teardown may still reject.
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
		// After a hangup, late write errors from the dead terminal stay handled (ignored).
		if (!hungUp) stdout.off('error', onOutputError);
		instance.cleanup();
	}
	return exitCode;
}
