// Cleanup that must happen however the process ends: a normal exit, a crash (the 'exit' event
// still fires) and SIGINT, SIGTERM or SIGHUP. A signal nobody else handles would end the process
// without an 'exit' event, so then the cleanup runs and the process exits as the signal would
// have ended it (128 + n); when another handler is installed (the dashboard's), it decides.
import {constants} from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Runs `cleanup` (synchronous, idempotent) on every way out; returns a function that unregisters it. */
export function runOnEveryExit(cleanup: () => void): () => void {
	const onSignal = (signal: (typeof SIGNALS)[number]) => {
		cleanup();
		if (process.listenerCount(signal) === 1) process.exit(128 + constants.signals[signal]);
	};
	const handlers = SIGNALS.map(signal => [signal, () => onSignal(signal)] as const);
	for (const [signal, handler] of handlers) process.on(signal, handler);
	process.on('exit', cleanup);
	return () => {
		for (const [signal, handler] of handlers) process.off(signal, handler);
		process.off('exit', cleanup);
	};
}
