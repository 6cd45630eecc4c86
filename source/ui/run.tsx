import type {RolloutSession} from '../model/types.js';
import {copyToClipboard} from '../terminal/clipboard.js';
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
	/** The kubeconfig's contexts, and a session on one of them (`:ctx`): a new connection with new watches. */
	contexts?: readonly string[];
	connectContext?: (context: string) => Promise<RolloutSession>;
}

/** How long closing the session may take on the way out before we give up on it. */
const CLOSE_TIMEOUT_MS = 3000;

/** Resolves with the exit code: 0 on quit, 128+n on a signal, 1 after a crash. */
export async function runDashboard(first: RolloutSession, options: DashboardOptions): Promise<number> {
	// The session in use: `:ctx` replaces it; the last one is closed on the way out.
	let session = first;
	const wanted = options.allNamespaces ? undefined : options.initialNamespace;
	if (session.getSnapshot().cluster.namespace !== wanted) session.setNamespace(wanted);
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
			copy={text => copyToClipboard(text, {stdout: options.stdout ?? process.stdout})}
		/>
	);
	return runFullScreen(app, {
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
