import {render} from 'ink';
import type {RolloutSession} from '../model/types.js';
import {App} from './App.js';
import {terminalEnv} from './clipboard.js';
import {FrameWriter} from './frame-writer.js';

export const ENTER_ALT_SCREEN = '\x1b[?1049h';
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
export const SHOW_CURSOR = '\x1b[?25h';
export const CURSOR_HOME = '\x1b[H';

export interface DashboardOptions {
	readonly: boolean;
	color: boolean;
	stdout?: NodeJS.WriteStream;
	stdin?: NodeJS.ReadStream;
	/** The namespace to watch at the start (ignored with allNamespaces). */
	initialNamespace?: string;
	allNamespaces: boolean;
	/** The kubeconfig's contexts, and a session on one of them (`:ctx`): a new connection with new watches. */
	contexts?: readonly string[];
	connectContext?: (context: string) => Promise<RolloutSession>;
}

const SIGNAL_EXIT_CODES = {SIGTERM: 143, SIGHUP: 129, SIGINT: 130} as const;
type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

/** How long closing the session may take on the way out before we give up on it. */
const CLOSE_TIMEOUT_MS = 3000;

/** Resolves with the exit code: 0 on quit, 128+n on a signal, 1 after a crash. */
export async function runDashboard(first: RolloutSession, options: DashboardOptions): Promise<number> {
	// The session in use: `:ctx` replaces it; the last one is closed on the way out.
	let session = first;
	const stdout = options.stdout ?? process.stdout;
	const stdin = options.stdin ?? process.stdin;

	const wanted = options.allNamespaces ? undefined : options.initialNamespace;
	if (session.getSnapshot().cluster.namespace !== wanted) session.setNamespace(wanted);

	let restored = false;
	// After a hangup the terminal is gone: writing to it fails (EIO), so restoring is skipped.
	let hungUp = false;
	const restoreTerminal = () => {
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
	// Ink writes its frames to the frame writer, which sends the terminal only the rows that changed.
	const frameWriter = new FrameWriter(stdout);
	const app = (
		<App
			session={session}
			readonly={options.readonly}
			color={options.color}
			contexts={options.contexts}
			connectContext={options.connectContext}
			onSessionChange={next => {
				session = next;
			}}
			// The clipboard's sequence goes straight to the terminal: it draws nothing, so the frame writer need not know.
			writeTerminal={text => stdout.write(text)}
			terminal={terminalEnv(process.env)}
		/>
	);
	const instance = render(app, {
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
		restoreTerminal();
		finish();
	};
	const onOutputError = (error: NodeJS.ErrnoException) => {
		if (error.code === 'EIO' || error.code === 'EPIPE') {
			if (hungUp) return;
			hungUp = true;
			onSignal('SIGHUP');
		} else {
			onCrash(error);
		}
	};
	stdout.on('error', onOutputError);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	// Last resort: process.exit() from anywhere still leaves the alternate screen.
	process.on('exit', restoreTerminal);

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
		restoreTerminal();
		process.off('exit', restoreTerminal);
		if (crashMessage !== undefined) process.stderr.write(`rollout-dash: crashed: ${crashMessage.split('\n')[0]}\n`);
		await closeWithin(session, CLOSE_TIMEOUT_MS);
		// Keep the crash handlers until the session is closed: its teardown may still reject.
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
		// After a hangup, late write errors from the dead terminal stay handled (ignored).
		if (!hungUp) stdout.off('error', onOutputError);
		instance.cleanup();
	}
	return exitCode;
}

async function closeWithin(session: RolloutSession, milliseconds: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	try {
		await Promise.race([
			session.close().catch(() => undefined),
			new Promise<void>(resolve => {
				timer = setTimeout(resolve, milliseconds);
			}),
		]);
	} finally {
		clearTimeout(timer);
	}
}
