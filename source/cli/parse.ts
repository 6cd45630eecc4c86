// Reads the command line by the tables of flags.ts, as kubectl (pflag) does: `--flag value`, `--flag=value`, `-n NS`,
// `-nNS`, grouped booleans (`-Ah`), `--` ends the flags, a value is taken whatever it starts with. Every mistake is a
// UsageError; `--help` anywhere wins over every other mistake but an unknown command.
import {
	COMMANDS,
	type CommandName,
	type CommandSpec,
	commandSpec,
	type FlagSpec,
	type FlagValue,
	flagByName,
	flagByShort,
	flagLabel,
	SIM_ONLY_FLAGS,
} from './flags.js';
import {UsageError} from './usage-error.js';

export interface CommandLine {
	command: CommandName;
	args: string[];
	/** The given flags by long name, values read by their parse functions (booleans true/false). */
	flags: Map<string, FlagValue>;
	help: boolean;
}

interface RawFlag {
	spec: FlagSpec;
	label: string;
	text: string | undefined;
}

interface Tokens {
	positionals: string[];
	flags: RawFlag[];
	/** The first mistake met, reported after --help has had its chance. */
	problem: UsageError | undefined;
	/** A value flag at the very end, still waiting for its value (for completion). */
	pendingValue: FlagSpec | undefined;
}

/** Splits argv into positionals and flags without judging whether they apply. */
export function tokenize(argv: readonly string[]): Tokens {
	const tokens: Tokens = {positionals: [], flags: [], problem: undefined, pendingValue: undefined};
	const fail = (message: string) => {
		tokens.problem ??= new UsageError(message);
	};
	for (let index = 0; index < argv.length; index++) {
		const word = argv[index]!;
		if (word === '--') {
			tokens.positionals.push(...argv.slice(index + 1));
			break;
		}
		if (word.startsWith('--')) {
			const equals = word.indexOf('=');
			const name = word.slice(2, equals === -1 ? undefined : equals);
			const spec = flagByName(name);
			if (!spec) {
				fail(`unknown flag: --${name}`);
				continue;
			}
			if (equals !== -1) tokens.flags.push({spec, label: `--${name}`, text: word.slice(equals + 1)});
			else if (spec.boolean) tokens.flags.push({spec, label: `--${name}`, text: undefined});
			else if (index + 1 < argv.length) tokens.flags.push({spec, label: `--${name}`, text: argv[++index]!});
			else {
				tokens.pendingValue = spec;
				fail(`flag needs an argument: --${name}`);
			}
			continue;
		}
		if (word.startsWith('-') && word.length > 1) {
			for (let at = 1; at < word.length; at++) {
				const letter = word[at]!;
				const spec = flagByShort(letter);
				if (!spec) {
					fail(`unknown shorthand flag: '${letter}' in ${word}`);
					break;
				}
				if (spec.boolean) {
					tokens.flags.push({spec, label: `-${letter}`, text: undefined});
					continue;
				}
				const rest = word.slice(at + 1).replace(/^=/, '');
				if (rest !== '') tokens.flags.push({spec, label: `-${letter}`, text: rest});
				else if (index + 1 < argv.length) tokens.flags.push({spec, label: `-${letter}`, text: argv[++index]!});
				else {
					tokens.pendingValue = spec;
					fail(`flag needs an argument: '${letter}' in -${letter}`);
				}
				break;
			}
			continue;
		}
		tokens.positionals.push(word);
	}
	return tokens;
}

/** The command named by the first positional (the dashboard when there is none). */
export function commandOf(positionals: readonly string[]): {spec: CommandSpec; args: string[]} {
	const [first, ...rest] = positionals;
	if (first === undefined) return {spec: COMMANDS[0]!, args: []};
	const spec = commandSpec(first);
	if (!spec || spec.name === 'dashboard') {
		throw new UsageError(`unknown command "${first}" for "rollout-dash"`);
	}
	return {spec, args: rest};
}

function readBoolean(flag: RawFlag): boolean {
	if (flag.text === undefined || flag.text === 'true') return true;
	if (flag.text === 'false') return false;
	throw new UsageError(`invalid value "${flag.text}" for ${flag.label}: use true or false`);
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
	// The completion scripts pass the words being typed as they are: they are not this command's flags.
	if (argv[0] === '__complete') return {command: '__complete', args: argv.slice(1), flags: new Map(), help: false};
	const tokens = tokenize(argv);
	const {spec, args} = commandOf(tokens.positionals);
	const help = tokens.flags.some(flag => flag.spec.name === 'help' && flag.text !== 'false');
	const flags = new Map<string, FlagValue>();
	if (help) return {command: spec.name, args, flags, help};
	if (tokens.problem) throw tokens.problem;
	for (const flag of tokens.flags) {
		const name = flag.spec.name;
		if (!flag.spec.commands.includes(spec.name)) {
			throw new UsageError(`${flagLabel(flag.spec)} does not apply to ${describe(spec)}`);
		}
		if (flag.spec.boolean) {
			flags.set(name, readBoolean(flag));
			continue;
		}
		const value = flag.spec.parse ? flag.spec.parse(flag.text!, flagLabel(flag.spec)) : flag.text!;
		if (flag.spec.multiple) flags.set(name, [...((flags.get(name) as string[] | undefined) ?? []), String(value)]);
		else flags.set(name, value);
	}
	checkArguments(spec, args);
	checkCombinations(spec.name, flags);
	return {command: spec.name, args, flags, help};
}

function describe(spec: CommandSpec): string {
	return spec.name === 'dashboard' ? 'the dashboard' : `"${spec.name}"`;
}

function checkArguments(spec: CommandSpec, args: string[]): void {
	if (spec.variadic) return;
	const wanted = spec.args.length;
	if (args.length < wanted) {
		throw new UsageError(
			`${spec.name} needs a ${spec.args.join(' ')}${spec.name === 'completion' ? ' (bash, zsh or fish)' : ''} (rollout-dash ${spec.usage})`,
		);
	}
	const most = wanted + (spec.optional?.length ?? 0);
	if (args.length > most) {
		const extra = args.slice(most);
		const what =
			most === 0
				? `${describe(spec)} takes no arguments`
				: `${spec.name} takes one ${spec.args[0] ?? spec.optional?.[0]}`;
		throw new UsageError(`${what}; unexpected: ${extra.map(arg => `"${arg}"`).join(' ')}`);
	}
}

function checkCombinations(command: CommandName, flags: Map<string, FlagValue>): void {
	const simulated = flags.get('sim') === true;
	if (command !== 'sim' && !simulated) {
		const simOnly = SIM_ONLY_FLAGS.find(name => flags.has(name));
		if (simOnly) throw new UsageError(`--${simOnly} applies to the simulator: use it with --sim or the sim command`);
	}
	if (simulated) {
		const clash = ['kubeconfig', 'context', 'cluster', 'user'].find(name => flags.has(name));
		if (clash) throw new UsageError(`--sim and --${clash} exclude each other (--sim connects to its own simulator)`);
	}
	if (command === 'dashboard' && Number(flags.get('v') ?? 0) > 0 && !flags.has('log-file')) {
		throw new UsageError('-v needs --log-file with the dashboard (the terminal is its screen)');
	}
	if (flags.has('log-file') && !flags.has('v')) throw new UsageError('--log-file needs -v N (e.g. -v 6)');
}
