// Wiring: parses the command line and connects the simulator, the cluster module, the headless commands
// and the dashboard. No logic of its own beyond choosing what to run.
import type {Connection} from './cluster/connect.js';
import type {LiveSession} from './cluster/session.js';
import {UserError} from './errors.js';
import {inkRenderingFromEnv} from './terminal/ink-rendering.js';
import {loadDashboardUi} from './ui/load-ui.js';
import {commandHelp, usageHint} from './cli/help.js';
import {commandSpec} from './cli/flags.js';
import {type CommandLine, parseCommandLine, tokenize} from './cli/parse.js';
import {UsageError} from './cli/usage-error.js';
import {type Flags, readFlags} from './cli/options.js';
import {packageVersion} from './cli/version.js';

export {parseDuration} from './cli/duration.js';

export async function main(argv: string[]): Promise<number> {
	performance.mark('rollout-dash:main');
	let line: CommandLine | undefined;
	try {
		line = parseCommandLine(argv);
		if (line.help) {
			process.stdout.write(`${commandHelp(line.command)}\n`);
			return 0;
		}
		const flags = readFlags(line.flags);
		if (flags.version) {
			process.stdout.write(`${packageVersion()}\n`);
			return 0;
		}
		switch (line.command) {
			case 'sim':
				return await runSimulatorCommand(flags);
			case 'completion':
				return await printCompletion(line.args[0]!);
			case '__complete':
				return await printCandidates(line.args);
			default:
				return await runClientCommand(line.command, line.args, flags);
		}
	} catch (error) {
		return reportError(error, line?.command ?? commandNamed(argv));
	}
}

/** For the hint under an error met before the command was known: the command the words name, if any. */
function commandNamed(argv: string[]): CommandLine['command'] | undefined {
	const [first] = tokenize(argv).positionals;
	return first === undefined ? undefined : commandSpec(first)?.name;
}

async function printCompletion(shell: string): Promise<number> {
	const {completionScript} = await import('./commands/completion.js');
	const script = completionScript(shell);
	if (script === undefined) throw new UsageError(`completion supports bash, zsh and fish, not "${shell}"`);
	process.stdout.write(script);
	return 0;
}

async function printCandidates(words: string[]): Promise<number> {
	const {complete} = await import('./cli/complete.js');
	const {clusterCompletionSource} = await import('./cli/completion-source.js');
	const {candidates, directive} = await complete(words, clusterCompletionSource);
	process.stdout.write([...candidates, `:${directive}`].map(line => `${line}\n`).join(''));
	return 0;
}

/** `rollout-dash sim`: serve until SIGINT, SIGTERM or SIGHUP, then take its kubeconfig entries out and exit 0. */
async function runSimulatorCommand(flags: Flags): Promise<number> {
	const {startSimulator} = await import('./sim/index.js');
	const sim = await startSimulator({
		port: flags.port ?? 0,
		scenario: flags.scenario,
		speed: flags.speed,
		nodes: flags.nodes,
		kubeconfigPath: flags.kubeconfig ?? 'sim.kubeconfig',
		setContext: flags.setContext,
	});
	// A crash still takes the entries out ('exit' fires); the signals below are handled here.
	process.on('exit', sim.removeKubeconfig);
	process.stdout.write(`rollout-dash simulator serving ${sim.url}\n`);
	process.stdout.write(`kubeconfig: ${sim.kubeconfigPath}\n`);
	await new Promise<void>(resolve => {
		process.once('SIGINT', resolve);
		process.once('SIGTERM', resolve);
		process.once('SIGHUP', resolve);
	});
	await sim.stop();
	return 0;
}

async function runClientCommand(command: string, args: string[], flags: Flags): Promise<number> {
	let simulator: {stop(): Promise<void>; kubeconfigPath?: string} | undefined;
	let log: {stop(): void} | undefined;
	let kubeconfig = flags.kubeconfig;
	if (flags.sim) {
		const {startSimulator} = await import('./sim/index.js');
		const {mkdtempSync, rmSync} = await import('node:fs');
		const {tmpdir} = await import('node:os');
		const {join} = await import('node:path');
		const {runOnEveryExit} = await import('./sim/exit-cleanup.js');
		const dir = mkdtempSync(join(tmpdir(), 'rollout-dash-sim-'));
		// The temporary kubeconfig holds a token: it goes on every way out, with its folder.
		const removeDir = () => rmSync(dir, {recursive: true, force: true});
		const unregister = runOnEveryExit(removeDir);
		const started = await startSimulator({
			scenario: flags.scenario,
			speed: flags.speed,
			nodes: flags.nodes,
			kubeconfigPath: join(dir, 'kubeconfig'),
		}).catch((error: unknown) => {
			removeDir();
			throw error;
		});
		simulator = {
			kubeconfigPath: started.kubeconfigPath,
			async stop() {
				await started.stop();
				removeDir();
				unregister();
			},
		};
		kubeconfig = simulator.kubeconfigPath;
	}
	try {
		const {openConnection, verifyConnection} = await import('./cluster/connect.js');
		const connection = openConnection({
			kubeconfig,
			context: flags.context,
			namespace: flags.namespace,
			allNamespaces: flags.allNamespaces,
			labelSelector: flags.selector,
			cluster: flags.cluster,
			user: flags.user,
			as: flags.as,
			asGroups: flags.asGroups,
			requestTimeoutMs: flags.requestTimeoutMs,
		});
		log = await openRequestLog(connection.server, flags);
		// Marks for `npm run bench`, which reads them to split the start-up into stages (a few bytes each).
		const connected = () => performance.mark('rollout-dash:connected');
		const out = process.stdout;
		const interactive = command === 'dashboard' && Boolean(process.stdout.isTTY && process.stdin.isTTY);
		if (command === 'dashboard' && !interactive) command = 'get';
		if (command !== 'dashboard') await verifyConnection(connection).then(connected);
		switch (command) {
			case 'get': {
				const {runGet} = await import('./commands/get.js');
				return await runGet(connection, {
					output: flags.output,
					out,
					...(flags.kind === undefined ? {} : {kind: flags.kind}),
					...(args[0] === undefined ? {} : {target: args[0]}),
				});
			}
			case 'history': {
				const {runHistory} = await import('./commands/history.js');
				return await runHistory(connection, {
					name: requireName(args, 'history'),
					output: flags.output,
					out,
				});
			}
			case 'status': {
				const {runStatus} = await import('./commands/status.js');
				return await runStatus(connection, {name: requireName(args, 'status'), timeoutMs: flags.timeoutMs, out});
			}
			default: {
				checkTerminalSize(process.stdout);
				inkRenderingFromEnv();
				// The session's lists, the check of the connection and the loading of the UI's modules overlap; nothing is
				// drawn before the check has passed, so its errors are still one line on a plain terminal.
				const {createSession} = await import('./cluster/session.js');
				const session = createSession(connection);
				const ui = loadDashboardUi().then(module => {
					performance.mark('rollout-dash:ui-loaded');
					return module;
				});
				// Awaited below; should the check fail first, a failure to load is not left unhandled.
				ui.catch(() => undefined);
				await verifyForSession(connection, session, verifyConnection).then(connected);
				const {runDashboard} = await ui;
				await firstListOrTimeout(session);
				return await runDashboard(session, {
					readonly: flags.readonly,
					color: flags.color && (process.env['NO_COLOR'] ?? '') === '',
					allNamespaces: connection.allNamespaces,
					initialNamespace: connection.namespace,
					contexts: connection.kubeConfig.getContexts().map(context => context.name),
					// `:ctx NAME`: a new connection to that context, checked like the first, and a new session on it in the
					// context's namespace (every namespace with -A), as the first one started; -l, --as and the request
					// timeout carry over, --cluster and --user (which override a context) do not.
					connectContext: async context => {
						const next = openConnection({
							kubeconfig,
							context,
							allNamespaces: flags.allNamespaces,
							labelSelector: flags.selector,
							as: flags.as,
							asGroups: flags.asGroups,
							requestTimeoutMs: flags.requestTimeoutMs,
						});
						const nextSession = createSession(next);
						await verifyForSession(next, nextSession, verifyConnection);
						return nextSession;
					},
				});
			}
		}
	} finally {
		log?.stop();
		await simulator?.stop();
	}
}

/** How long the first frame waits for the workloads' first lists before it says "loading…". */
const FIRST_LIST_WAIT_MS = 500;

/**
 * Waits (a little) for the workloads' first lists, so that the first frame is the list. A frame drawn before would
 * cost its first, unoptimised render on the one thread that also asks for the lists' next pages, and then be
 * drawn again.
 */
async function firstListOrTimeout(session: LiveSession): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([
		session.workloadsListed(),
		new Promise<void>(resolve => {
			timer = setTimeout(resolve, FIRST_LIST_WAIT_MS);
		}),
	]);
	clearTimeout(timer);
}

/**
 * The connection's check for a dashboard session (closed when it fails). Every namespace forbidden and the context's
 * allowed: the session shows that one and says why, as k9s does, instead of an empty screen.
 */
async function verifyForSession(
	connection: Connection,
	session: LiveSession,
	verifyConnection: (connection: Connection) => Promise<unknown>,
): Promise<void> {
	try {
		await verifyConnection(connection);
	} catch (error) {
		const {AllNamespacesForbidden} = await import('./cluster/access.js');
		if (!(error instanceof AllNamespacesForbidden)) {
			await session.close();
			throw error;
		}
		connection.allNamespaces = false;
		session.narrowTo(error.namespace, error.notice);
	}
}

/** The -v log: into --log-file (appended; never truncated), else on stderr for the headless commands. */
async function openRequestLog(server: string, flags: Flags): Promise<{stop(): void} | undefined> {
	if (flags.verbosity === 0) return undefined;
	const {startRequestLog} = await import('./cluster/request-log.js');
	let write: (line: string) => void = line => void process.stderr.write(`${line}\n`);
	let close = () => {};
	if (flags.logFile !== undefined) {
		const fs = await import('node:fs');
		let fd: number;
		try {
			fd = fs.openSync(flags.logFile, 'a', 0o600);
		} catch (error) {
			throw new UserError(`cannot open the log file "${flags.logFile}": ${(error as Error).message}`);
		}
		write = line => void fs.writeSync(fd, `${line}\n`);
		close = () => fs.closeSync(fd);
	}
	const log = startRequestLog(server, flags.verbosity, write);
	return {
		stop() {
			log.stop();
			close();
		},
	};
}

// Below this the dashboard cannot show a deployment's history and pods; the UI says so too when resized below it.
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;

function checkTerminalSize(out: NodeJS.WriteStream): void {
	const {columns = 0, rows = 0} = out;
	if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
		throw new UserError(`terminal too small: need at least ${MIN_COLUMNS}x${MIN_ROWS}, have ${columns}x${rows}`);
	}
}

function requireName(args: string[], command: string): string {
	const [target] = args;
	if (!target) throw new UserError(`${command} needs a NAME (rollout-dash ${command} [TYPE/]NAME)`, 2);
	// NAME or kubectl's TYPE/NAME (deployment/web, sts/web, daemonsets.apps/agent): the command resolves it.
	return target;
}

function reportError(error: unknown, command: CommandLine['command'] | undefined): number {
	if (error instanceof UserError) {
		process.stderr.write(`error: ${error.message}\n`);
		// Usage errors (exit 2) say where the usage is, as kubectl does.
		if (error.exitCode === 2) process.stderr.write(`${usageHint(command)}\n`);
		return error.exitCode;
	}
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`error: ${message.split('\n')[0]}\n`);
	if (process.env['ROLLOUT_DASH_DEBUG']) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
	return 1;
}
