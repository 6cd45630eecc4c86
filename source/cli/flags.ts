// The command line as data: one entry per command and one per flag (which commands it applies to, how its value
// reads). The parser, the help and the completion all read these tables.
import {parseDuration} from './duration.js';
import {UsageError} from './usage-error.js';

export type CommandName = 'dashboard' | 'get' | 'history' | 'status' | 'sim' | 'completion' | '__complete';

export interface CommandSpec {
	name: CommandName;
	/** Positional arguments: their names; `variadic` takes any number. */
	args: readonly string[];
	/** Positional arguments that may follow the required ones. */
	optional?: readonly string[];
	variadic?: boolean;
	usage: string;
	summary: string;
	hidden?: boolean;
}

export const COMMANDS: readonly CommandSpec[] = [
	{
		name: 'dashboard',
		args: [],
		usage: '[flags]',
		summary: 'the full-screen dashboard (prints the get table when not on a terminal)',
	},
	{
		name: 'get',
		args: [],
		optional: ['TYPE[/NAME]'],
		usage: 'get [TYPE[/NAME]] [flags]',
		summary:
			'deployments, statefulsets and daemonsets with revision, phase and rollout progress (TYPE or -k: deploy, sts, ds, all)',
	},
	{
		name: 'history',
		args: ['NAME'],
		usage: 'history [TYPE/]NAME [flags]',
		summary: 'the revision history of a workload (NAME alone: a deployment; sts/NAME, ds/NAME as kubectl)',
	},
	{
		name: 'status',
		args: ['NAME'],
		usage: 'status [TYPE/]NAME [flags]',
		summary:
			'follow a rollout like kubectl rollout status; exit 0 when complete, 1 when the deadline is exceeded, the workload is deleted or time is up',
	},
	{
		name: 'sim',
		args: [],
		usage: 'sim [flags]',
		summary: 'run the bundled simulator (a Kubernetes API server on 127.0.0.1) until Ctrl-C',
	},
	{
		name: 'completion',
		args: ['SHELL'],
		usage: 'completion bash|zsh|fish',
		summary: 'print a shell completion script (commands, flags, contexts, namespaces, deployments)',
	},
	{
		name: '__complete',
		args: [],
		variadic: true,
		usage: '__complete WORDS…',
		summary: 'completion candidates',
		hidden: true,
	},
];

export function commandSpec(name: string): CommandSpec | undefined {
	return COMMANDS.find(command => command.name === name);
}

/** The commands that talk to a cluster. */
const CLIENT: readonly CommandName[] = ['dashboard', 'get', 'history', 'status'];
const ALL: readonly CommandName[] = COMMANDS.map(command => command.name);

export type FlagValue = string | number | boolean | string[];

export interface FlagSpec {
	/** The long name, as typed after `--`. */
	name: string;
	short?: string;
	/** Boolean flags take no value (`--flag=false` is allowed); the others take one. */
	boolean?: boolean;
	/** Repeatable: every value is kept, in order. */
	multiple?: boolean;
	/** The value's placeholder in help. */
	value?: string;
	description: string;
	group: string;
	commands: readonly CommandName[];
	/** Reads and checks the value (default: the string as given). */
	parse?: (text: string, flag: string) => FlagValue;
	/** Values the completion offers. */
	choices?: readonly string[];
	/** Where the completion finds values: the kubeconfig, the cluster, or files. */
	complete?: 'contexts' | 'clusters' | 'users' | 'namespaces' | 'files';
}

const nonNegativeDuration = (text: string, flag: string) => parseDuration(text, flag);

function oneOf(choices: readonly string[]) {
	return (text: string, flag: string) => {
		if (!choices.includes(text)) throw new UsageError(`${flag} must be ${choices.join(' or ')}, not "${text}"`);
		return text;
	};
}

function integer(min: number, max: number, what: string) {
	return (text: string, flag: string) => {
		const value = Number(text);
		if (!/^\d+$/.test(text.trim()) || value < min || value > max)
			throw new UsageError(`${flag} must be ${what}, not "${text}"`);
		return value;
	};
}

function positiveNumber(text: string, flag: string): number {
	const value = Number(text);
	if (text.trim() === '' || !Number.isFinite(value) || !(value > 0)) {
		throw new UsageError(`${flag} must be a positive number, not "${text}"`);
	}
	return value;
}

function nonEmpty(text: string, flag: string): string {
	if (text === '') throw new UsageError(`${flag} needs a value`);
	return text;
}

export const FLAGS: readonly FlagSpec[] = [
	{
		name: 'kubeconfig',
		value: 'FILE',
		group: 'Connection (as kubectl)',
		description:
			'kubeconfig to use (default: $KUBECONFIG, a list, merged; else ~/.kube/config); for sim: where to write it',
		commands: [...CLIENT, 'sim', '__complete'],
		parse: nonEmpty,
		complete: 'files',
	},
	{
		name: 'context',
		value: 'NAME',
		group: 'Connection (as kubectl)',
		description: 'kubeconfig context to use',
		commands: [...CLIENT, '__complete'],
		parse: nonEmpty,
		complete: 'contexts',
	},
	{
		name: 'namespace',
		short: 'n',
		value: 'NS',
		group: 'Connection (as kubectl)',
		description: 'namespace (default: the context\'s namespace, else "default")',
		commands: [...CLIENT, '__complete'],
		parse: nonEmpty,
		complete: 'namespaces',
	},
	{
		name: 'all-namespaces',
		short: 'A',
		boolean: true,
		group: 'Connection (as kubectl)',
		description: 'every namespace',
		commands: ['dashboard', 'get', '__complete'],
	},
	{
		name: 'selector',
		short: 'l',
		value: 'SELECTOR',
		group: 'Connection (as kubectl)',
		description: 'only deployments with these labels (e.g. app=web,tier!=cache), as kubectl -l',
		commands: ['dashboard', 'get', '__complete'],
		parse: nonEmpty,
	},
	{
		name: 'cluster',
		value: 'NAME',
		group: 'Connection (as kubectl)',
		description: "kubeconfig cluster to use instead of the context's",
		commands: [...CLIENT, '__complete'],
		parse: nonEmpty,
		complete: 'clusters',
	},
	{
		name: 'user',
		value: 'NAME',
		group: 'Connection (as kubectl)',
		description: "kubeconfig user to use instead of the context's",
		commands: [...CLIENT, '__complete'],
		parse: nonEmpty,
		complete: 'users',
	},
	{
		name: 'as',
		value: 'USER',
		group: 'Connection (as kubectl)',
		description: 'impersonate this user (Impersonate-User)',
		commands: [...CLIENT, '__complete'],
		parse: nonEmpty,
	},
	{
		name: 'as-group',
		value: 'GROUP',
		multiple: true,
		group: 'Connection (as kubectl)',
		description: 'impersonate this group (Impersonate-Group); repeat for several',
		commands: [...CLIENT, '__complete'],
		parse: nonEmpty,
	},
	{
		name: 'request-timeout',
		value: 'DURATION',
		group: 'Connection (as kubectl)',
		description: 'give up on a single request after this long (e.g. 5s, 1m; 0: never; default 30s; not watches)',
		commands: [...CLIENT, '__complete'],
		parse: nonNegativeDuration,
	},
	{
		name: 'sim',
		boolean: true,
		group: 'Connection (as kubectl)',
		description: 'start the bundled simulator in-process (demo scenario) and connect to it',
		commands: CLIENT,
	},
	{
		name: 'v',
		short: 'v',
		value: 'N',
		group: 'Logging',
		description: 'log level: 6 logs every request and watch event, 8 also response bodies (with --log-file)',
		commands: CLIENT,
		parse: integer(0, 10, 'a log level from 0 to 10'),
	},
	{
		name: 'log-file',
		value: 'FILE',
		group: 'Logging',
		description: 'append the -v log to FILE (the dashboard needs it with -v: its screen is the terminal)',
		commands: CLIENT,
		parse: nonEmpty,
		complete: 'files',
	},
	{
		name: 'readonly',
		boolean: true,
		group: 'Dashboard',
		description: 'disable every key that changes the cluster (pause, resume, undo, restart)',
		commands: ['dashboard'],
	},
	{
		name: 'no-color',
		boolean: true,
		group: 'Dashboard',
		description: 'no colours (NO_COLOR is honoured too)',
		commands: CLIENT,
	},
	{
		name: 'output',
		short: 'o',
		value: 'FORMAT',
		group: 'Output and timing',
		description: 'table (default) or json, for get and history',
		commands: ['get', 'history'],
		parse: oneOf(['table', 'json']),
		choices: ['table', 'json'],
	},
	{
		name: 'kind',
		short: 'k',
		value: 'KIND',
		group: 'Output and timing',
		description: 'for get: only this kind (deploy, sts, ds, a comma list, or all)',
		commands: ['get'],
	},
	{
		name: 'timeout',
		value: 'DURATION',
		group: 'Output and timing',
		description: 'for status: give up after this long (e.g. 90s, 5m, 1h; 0 or unset: no limit)',
		commands: ['status'],
		parse: nonNegativeDuration,
	},
	{
		name: 'port',
		value: 'N',
		group: 'Simulator (with sim, or with --sim)',
		description: 'port to listen on (default: a free port)',
		commands: ['sim'],
		parse: integer(0, 65535, 'a port number (0-65535)'),
	},
	{
		name: 'nodes',
		value: 'N',
		group: 'Simulator (with sim, or with --sim)',
		description: 'nodes of the simulated cluster (default: 4 for demo, 3 for empty)',
		commands: ['sim', ...CLIENT],
		parse: integer(0, 5000, 'a whole number from 0 to 5000'),
	},
	{
		name: 'set-context',
		boolean: true,
		group: 'Simulator (with sim, or with --sim)',
		description: 'with sim: make rollout-dash-sim the current context of an existing kubeconfig',
		commands: ['sim'],
	},
	{
		name: 'scenario',
		value: 'NAME',
		group: 'Simulator (with sim, or with --sim)',
		description: 'demo (default: rollouts under way, one failing) or empty',
		commands: ['sim', ...CLIENT],
		parse: oneOf(['demo', 'empty']),
		choices: ['demo', 'empty'],
	},
	{
		name: 'speed',
		value: 'X',
		group: 'Simulator (with sim, or with --sim)',
		description: 'scale every simulated delay (default 1; 20 finishes a 2-replica rollout in about a second)',
		commands: ['sim', ...CLIENT],
		parse: positiveNumber,
	},
	{name: 'help', short: 'h', boolean: true, group: 'Other', description: 'help for the command', commands: ALL},
	{name: 'version', boolean: true, group: 'Other', description: 'print the version', commands: ['dashboard']},
];

/** Flags that apply to client commands only together with --sim. */
export const SIM_ONLY_FLAGS: readonly string[] = ['scenario', 'speed', 'nodes'];

export function flagByName(name: string): FlagSpec | undefined {
	return FLAGS.find(flag => flag.name === name);
}

export function flagByShort(short: string): FlagSpec | undefined {
	return FLAGS.find(flag => flag.short === short);
}

/** How a flag is written in messages: --name (or -v for the one-letter one). */
export function flagLabel(flag: FlagSpec): string {
	return flag.name.length === 1 ? `-${flag.name}` : `--${flag.name}`;
}
