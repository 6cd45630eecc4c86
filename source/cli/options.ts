// The parsed flags as the commands use them: typed, with their defaults.
import {timerMs} from './duration.js';
import type {FlagValue} from './flags.js';

export type Flags = {
	kubeconfig?: string;
	context?: string;
	namespace?: string;
	allNamespaces: boolean;
	selector?: string;
	cluster?: string;
	user?: string;
	as?: string;
	asGroups: string[];
	requestTimeoutMs?: number;
	verbosity: number;
	logFile?: string;
	sim: boolean;
	readonly: boolean;
	color: boolean;
	output: 'table' | 'json';
	/** For get: the kinds to list (kubectl's names, a comma list, or all). */
	kind?: string;
	timeoutMs?: number;
	port?: number;
	nodes?: number;
	setContext: boolean;
	scenario: 'demo' | 'empty';
	speed: number;
	version: boolean;
};

/** The parsed flags with their defaults, typed for the commands. */
export function readFlags(given: Map<string, FlagValue>): Flags {
	const text = (name: string) => given.get(name) as string | undefined;
	const number = (name: string) => given.get(name) as number | undefined;
	const timeout = number('timeout');
	return {
		kubeconfig: text('kubeconfig'),
		context: text('context'),
		namespace: text('namespace'),
		allNamespaces: given.get('all-namespaces') === true,
		selector: text('selector'),
		cluster: text('cluster'),
		user: text('user'),
		as: text('as'),
		asGroups: (given.get('as-group') as string[] | undefined) ?? [],
		requestTimeoutMs: number('request-timeout'),
		verbosity: number('v') ?? 0,
		logFile: text('log-file'),
		sim: given.get('sim') === true,
		readonly: given.get('readonly') === true,
		color: given.get('no-color') !== true,
		output: (text('output') ?? 'table') as 'table' | 'json',
		kind: text('kind'),
		// 0 means no limit, as kubectl's; the longest a timer can wait is about 24.8 days.
		timeoutMs: timeout === undefined || timeout === 0 ? undefined : timerMs(timeout),
		port: number('port'),
		nodes: number('nodes'),
		setContext: given.get('set-context') === true,
		scenario: (text('scenario') ?? 'demo') as 'demo' | 'empty',
		speed: number('speed') ?? 1,
		version: given.get('version') === true,
	};
}
