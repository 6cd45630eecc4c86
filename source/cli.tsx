// Wiring: parses the command line and connects the simulator, the cluster module, the headless commands
// and the dashboard. No logic of its own beyond choosing what to run.
import meow from 'meow';
import {UserError} from './errors.js';
import {loadDashboardUi} from './ui/load-ui.js';

const help = `
  Usage
    $ rollout-dash [flags]                      the full-screen dashboard (prints the get table when not on a terminal)
    $ rollout-dash get [-o table|json]          deployments with revision, phase and rollout progress
    $ rollout-dash history DEPLOYMENT [-o table|json]
                                                the revision history of a deployment
    $ rollout-dash status DEPLOYMENT [--timeout 5m]
                                                follow a rollout like kubectl rollout status; exit 0 when complete,
                                                1 when the deadline is exceeded, the deployment is deleted or time is up
    $ rollout-dash sim [--kubeconfig FILE] [--port N] [--scenario demo|empty] [--speed X]
                                                run the bundled simulator (a Kubernetes API server on 127.0.0.1) until
                                                Ctrl-C; kubectl and rollout-dash can use the kubeconfig it writes

  Connection (as kubectl)
    --kubeconfig FILE        kubeconfig to use (default: $KUBECONFIG, a list, merged; else ~/.kube/config)
    --context NAME           kubeconfig context to use
    -n, --namespace NS       namespace (default: the context's namespace, else "default")
    -A, --all-namespaces     every namespace
    --sim                    start the bundled simulator in-process (demo scenario) and connect to it

  Dashboard
    --readonly               disable every key that changes the cluster (pause, resume, undo, restart)
    --no-color               no colours (NO_COLOR is honoured too)

  Output and timing
    -o, --output FORMAT      table (default) or json, for get and history
    --timeout DURATION       for status: give up after this long (e.g. 90s, 5m, 1h; default: no limit)

  Simulator (with sim, or with --sim)
    --port N                 port to listen on (default: a free port)
    --scenario NAME          demo (default: rollouts under way, one failing) or empty
    --speed X                scale every simulated delay (default 1; 20 finishes a 2-replica rollout in about a second)

  Keys in the dashboard: ? shows them all (j/k move, Enter opens, Esc back, p pause, r resume, u undo, q quit).

  Examples
    $ rollout-dash --sim
    $ rollout-dash sim --kubeconfig sim.kubeconfig &  kubectl --kubeconfig sim.kubeconfig get deploy
    $ rollout-dash -n shop history checkout -o json
`;

export async function main(argv: string[]): Promise<number> {
	performance.mark('rollout-dash:main');
	const cli = meow(help, {
		importMeta: import.meta,
		argv,
		allowUnknownFlags: false,
		flags: {
			kubeconfig: {type: 'string'},
			context: {type: 'string'},
			namespace: {type: 'string', shortFlag: 'n'},
			allNamespaces: {type: 'boolean', shortFlag: 'A', default: false},
			sim: {type: 'boolean', default: false},
			readonly: {type: 'boolean', default: false},
			color: {type: 'boolean', default: true},
			output: {type: 'string', shortFlag: 'o', default: 'table'},
			timeout: {type: 'string'},
			port: {type: 'number'},
			scenario: {type: 'string', default: 'demo'},
			speed: {type: 'number', default: 1},
		},
	});
	const [command = 'dashboard', ...args] = cli.input;
	const flags = cli.flags;
	try {
		validateFlags(flags);
		switch (command) {
			case 'sim':
				return await runSimulatorCommand(flags);
			case 'get':
			case 'history':
			case 'status':
			case 'dashboard':
				return await runClientCommand(command, args, flags);
			default:
				throw new UserError(`unknown command "${command}" (see rollout-dash --help)`, 2);
		}
	} catch (error) {
		return reportError(error);
	}
}

type Flags = {
	kubeconfig?: string;
	context?: string;
	namespace?: string;
	allNamespaces: boolean;
	sim: boolean;
	readonly: boolean;
	color: boolean;
	output: string;
	timeout?: string;
	port?: number;
	scenario: string;
	speed: number;
};

function validateFlags(flags: Flags): void {
	if (flags.output !== 'table' && flags.output !== 'json') {
		throw new UserError(`--output must be table or json, not "${flags.output}"`, 2);
	}
	if (flags.scenario !== 'demo' && flags.scenario !== 'empty') {
		throw new UserError(`--scenario must be demo or empty, not "${flags.scenario}"`, 2);
	}
	if (!(flags.speed > 0) || !Number.isFinite(flags.speed)) throw new UserError(`--speed must be a positive number`, 2);
	if (flags.port !== undefined && (!Number.isInteger(flags.port) || flags.port < 0 || flags.port > 65535)) {
		throw new UserError(`--port must be a port number (0-65535)`, 2);
	}
	if (flags.sim && flags.kubeconfig) throw new UserError('--sim and --kubeconfig exclude each other', 2);
}

/** `rollout-dash sim`: serve until SIGINT/SIGTERM, then exit 0. */
async function runSimulatorCommand(flags: Flags): Promise<number> {
	const {startSimulator} = await import('./sim/index.js');
	const sim = await startSimulator({
		port: flags.port ?? 0,
		scenario: flags.scenario as 'demo' | 'empty',
		speed: flags.speed,
		kubeconfigPath: flags.kubeconfig ?? 'sim.kubeconfig',
	});
	process.stdout.write(`rollout-dash simulator serving ${sim.url}\n`);
	process.stdout.write(`kubeconfig: ${sim.kubeconfigPath}\n`);
	await new Promise<void>(resolve => {
		process.once('SIGINT', resolve);
		process.once('SIGTERM', resolve);
	});
	await sim.stop();
	return 0;
}

async function runClientCommand(command: string, args: string[], flags: Flags): Promise<number> {
	let simulator: {stop(): Promise<void>; kubeconfigPath?: string} | undefined;
	let kubeconfig = flags.kubeconfig;
	if (flags.sim) {
		const {startSimulator} = await import('./sim/index.js');
		const {mkdtempSync} = await import('node:fs');
		const {tmpdir} = await import('node:os');
		const {join} = await import('node:path');
		const dir = mkdtempSync(join(tmpdir(), 'rollout-dash-sim-'));
		simulator = await startSimulator({
			scenario: flags.scenario as 'demo' | 'empty',
			speed: flags.speed,
			kubeconfigPath: join(dir, 'kubeconfig'),
		});
		kubeconfig = simulator.kubeconfigPath;
	}
	try {
		const {openConnection, verifyConnection} = await import('./cluster/connect.js');
		const connection = openConnection({
			kubeconfig,
			context: flags.context,
			namespace: flags.namespace,
			allNamespaces: flags.allNamespaces,
		});
		// Marks for `npm run bench`, which reads them to split the start-up into stages (a few bytes each).
		const connected = () => performance.mark('rollout-dash:connected');
		const out = process.stdout;
		const interactive = command === 'dashboard' && Boolean(process.stdout.isTTY && process.stdin.isTTY);
		if (command === 'dashboard' && !interactive) command = 'get';
		if (command !== 'dashboard') await verifyConnection(connection).then(connected);
		switch (command) {
			case 'get': {
				const {runGet} = await import('./commands/get.js');
				return await runGet(connection, {output: flags.output as 'table' | 'json', out});
			}
			case 'history': {
				const {runHistory} = await import('./commands/history.js');
				return await runHistory(connection, {
					name: requireName(args, 'history'),
					output: flags.output as 'table' | 'json',
					out,
				});
			}
			case 'status': {
				const {runStatus} = await import('./commands/status.js');
				const timeoutMs = flags.timeout === undefined ? undefined : parseDuration(flags.timeout);
				return await runStatus(connection, {name: requireName(args, 'status'), timeoutMs, out});
			}
			default: {
				checkTerminalSize(process.stdout);
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
				try {
					await verifyConnection(connection).then(connected);
				} catch (error) {
					await session.close();
					throw error;
				}
				const {runDashboard} = await ui;
				return await runDashboard(session, {
					readonly: flags.readonly,
					color: flags.color && (process.env['NO_COLOR'] ?? '') === '',
					allNamespaces: flags.allNamespaces,
					initialNamespace: connection.namespace,
					contexts: connection.kubeConfig.getContexts().map(context => context.name),
					// `:ctx NAME`: a new connection to that context, checked like the first, and a new session on it in the
					// context's namespace (every namespace with -A), as the first one started.
					connectContext: async context => {
						const next = openConnection({kubeconfig, context, allNamespaces: flags.allNamespaces});
						await verifyConnection(next);
						return createSession(next);
					},
				});
			}
		}
	} finally {
		await simulator?.stop();
	}
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
	if (!target) throw new UserError(`${command} needs a DEPLOYMENT name (rollout-dash ${command} NAME)`, 2);
	// Accept kubectl's spellings too: deployment/NAME, deploy/NAME, deployments.apps/NAME.
	const match = /^(?:deployments?|deploy|deployments?\.apps)\/(.+)$/.exec(target);
	return match ? match[1]! : target;
}

/** Parses kubectl-style durations: 90s, 5m, 1h30m, 250ms, or a plain number of seconds. */
export function parseDuration(text: string): number {
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	const units: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000};
	const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
	if (parts.length === 0 || parts.map(p => p[0]).join('') !== text) {
		throw new UserError(`invalid duration "${text}" (use e.g. 90s, 5m, 1h)`, 2);
	}
	return parts.reduce((sum, [, value, unit]) => sum + Number(value) * units[unit!]!, 0);
}

function reportError(error: unknown): number {
	if (error instanceof UserError) {
		process.stderr.write(`error: ${error.message}\n`);
		return error.exitCode;
	}
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`error: ${message.split('\n')[0]}\n`);
	if (process.env['ROLLOUT_DASH_DEBUG']) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
	return 1;
}
