// Help texts, made from the tables of flags.ts: the program's (every command and flag) and each command's (its
// usage and only the flags that apply to it).
import {COMMANDS, type CommandName, commandSpec, FLAGS, type FlagSpec} from './flags.js';
import {programName} from './program.js';

const COLUMN = 30;

function flagLine(flag: FlagSpec): string {
	const short = flag.short && flag.name.length > 1 ? `-${flag.short}, ` : '';
	const long = flag.name.length === 1 ? `-${flag.name}` : `--${flag.name}`;
	const value = flag.value ? ` ${flag.value}` : '';
	const left = `    ${short}${long}${value}`;
	return `${left.padEnd(COLUMN)} ${flag.description}`;
}

function flagSections(flags: readonly FlagSpec[]): string[] {
	const groups = [...new Set(flags.map(flag => flag.group))];
	return groups.flatMap(group => ['', `  ${group}`, ...flags.filter(flag => flag.group === group).map(flagLine)]);
}

function usageLine(usage: string, summary: string): string[] {
	const left = `    $ ${programName()} ${usage}`;
	return left.length < COLUMN + 14
		? [`${left.padEnd(COLUMN + 14)} ${summary}`]
		: [left, `${''.padEnd(COLUMN + 14)} ${summary}`];
}

export function programHelp(): string {
	const name = programName();
	return [
		'',
		'  Usage',
		...COMMANDS.filter(command => !command.hidden).flatMap(command => usageLine(command.usage, command.summary)),
		...flagSections(FLAGS),
		'',
		'  Keys in the dashboard: ? shows them all (j/k move, Enter opens, Esc back, p pause, r resume, u undo, q quit).',
		'',
		'  Examples',
		`    $ ${name} --sim`,
		`    $ ${name} sim --kubeconfig sim.kubeconfig &  kubectl --kubeconfig sim.kubeconfig get deploy`,
		`    $ ${name} -n shop history checkout -o json`,
		`    $ source <(${name} completion bash)`,
		'',
	].join('\n');
}

export function commandHelp(command: CommandName): string {
	if (command === 'dashboard') return programHelp();
	const spec = commandSpec(command)!;
	const flags = FLAGS.filter(flag => flag.commands.includes(command));
	return ['', '  Usage', ...usageLine(spec.usage, spec.summary), ...flagSections(flags), ''].join('\n');
}

/** The hint under a usage error, as kubectl's. */
export function usageHint(command: CommandName | undefined): string {
	const name = programName();
	return command && command !== 'dashboard'
		? `See '${name} ${command} --help' for usage.`
		: `See '${name} --help' for usage.`;
}
