import type {RolloutSession} from '../model/types.js';
import {runFullScreen} from '../terminal/full-screen.js';
import {App} from './App.js';

export interface DashboardOptions {
	readonly: boolean;
	color: boolean;
	stdout?: NodeJS.WriteStream;
	stdin?: NodeJS.ReadStream;
	/** The namespace to watch at the start (ignored with allNamespaces). */
	initialNamespace?: string;
	allNamespaces: boolean;
}

/** How long closing the session may take on the way out before we give up on it. */
const CLOSE_TIMEOUT_MS = 3000;

/** Resolves with the exit code: 0 on quit, 128+n on a signal, 1 after a crash. */
export async function runDashboard(session: RolloutSession, options: DashboardOptions): Promise<number> {
	const wanted = options.allNamespaces ? undefined : options.initialNamespace;
	if (session.getSnapshot().cluster.namespace !== wanted) session.setNamespace(wanted);
	return runFullScreen(<App session={session} readonly={options.readonly} color={options.color} />, {
		stdout: options.stdout,
		stdin: options.stdin,
		close: () => closeWithin(session, CLOSE_TIMEOUT_MS),
	});
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
