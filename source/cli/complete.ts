// The candidates behind the completion scripts: `rollout-dash __complete WORDS… CURRENT` prints what may follow
// WORDS and starts with CURRENT, one a line, then `:N` (cobra's directive: 4 = no file names, 0 = files welcome).
// Commands and flags come from the tables; contexts, clusters and users from the kubeconfig; namespaces and
// workload names from the cluster (a failure there simply offers nothing). As kubectl's, a NAME alone is a
// Deployment's, and TYPE/ completes the names of that kind (`sts/w` → `sts/web`).
import {KINDS, kindByName, type WorkloadKind} from '../model/kinds.js';
import {COMMANDS, type CommandName, commandSpec, FLAGS, type FlagSpec, type FlagValue} from './flags.js';
import {tokenize} from './parse.js';

export const NO_FILES = 4;
export const FILES = 0;

export interface Completion {
	candidates: string[];
	directive: number;
}

/** What the kubeconfig and the cluster can offer; the CLI gives the real one, tests a fake. */
export interface CompletionSource {
	contexts(flags: Map<string, FlagValue>): Promise<string[]>;
	clusters(flags: Map<string, FlagValue>): Promise<string[]>;
	users(flags: Map<string, FlagValue>): Promise<string[]>;
	namespaces(flags: Map<string, FlagValue>): Promise<string[]>;
	/** The names of one kind's workloads in the namespace the flags name. */
	workloads(kind: WorkloadKind, flags: Map<string, FlagValue>): Promise<string[]>;
}

const SHELLS = ['bash', 'zsh', 'fish'];
/** Names from a kubeconfig or a cluster reach the shell only when printable and free of spaces. */
const SAFE_CANDIDATE = /^[^\s\p{Cc}\p{Cf}]+$/u;

/** The flags given among the words, values as typed (enough to pick a kubeconfig, context and namespace). */
function givenFlags(words: readonly string[]): Map<string, FlagValue> {
	const flags = new Map<string, FlagValue>();
	for (const flag of tokenize(words).flags) flags.set(flag.spec.name, flag.text ?? true);
	return flags;
}

function commandIn(words: readonly string[]): CommandName | undefined {
	const [first] = tokenize(words).positionals;
	if (first === undefined) return undefined;
	return commandSpec(first)?.name;
}

async function valuesOf(flag: FlagSpec, flags: Map<string, FlagValue>, source: CompletionSource): Promise<Completion> {
	if (flag.choices) return {candidates: [...flag.choices], directive: NO_FILES};
	switch (flag.complete) {
		case 'files':
			return {candidates: [], directive: FILES};
		case undefined:
			return {candidates: [], directive: NO_FILES};
		default:
			return {candidates: await source[flag.complete](flags).catch(() => []), directive: NO_FILES};
	}
}

function flagNames(command: CommandName): string[] {
	return FLAGS.filter(flag => flag.commands.includes(command)).map(flag =>
		flag.name.length === 1 ? `-${flag.name}` : `--${flag.name}`,
	);
}

export async function complete(words: readonly string[], source: CompletionSource): Promise<Completion> {
	const current = words.at(-1) ?? '';
	const before = words.slice(0, -1);
	const {positionals, pendingValue} = tokenize(before);
	const flags = givenFlags(before);
	const command = commandIn(before);
	const matching = (result: Completion, prefix = ''): Completion => ({
		directive: result.directive,
		candidates: result.candidates
			.filter(candidate => SAFE_CANDIDATE.test(candidate) && candidate.startsWith(current.slice(prefix.length)))
			.map(candidate => prefix + candidate),
	});
	if (pendingValue) return matching(await valuesOf(pendingValue, flags, source));
	const inline = /^(--[^=]+)=/.exec(current);
	if (inline) {
		const flag = FLAGS.find(spec => `--${spec.name}` === inline[1]);
		return flag
			? matching(await valuesOf(flag, flags, source), `${inline[1]}=`)
			: {candidates: [], directive: NO_FILES};
	}
	if (current.startsWith('-')) return matching({candidates: flagNames(command ?? 'dashboard'), directive: NO_FILES});
	if (command === undefined) {
		const names = COMMANDS.filter(spec => !spec.hidden && spec.name !== 'dashboard').map(spec => spec.name);
		return matching({candidates: names, directive: NO_FILES});
	}
	const argument = positionals.length - 1;
	if (command === 'completion' && argument === 0) return matching({candidates: SHELLS, directive: NO_FILES});
	if ((command === 'history' || command === 'status' || command === 'get') && argument === 0) {
		const slash = current.indexOf('/');
		if (slash >= 0) {
			const type = current.slice(0, slash);
			const kind = kindByName(type);
			if (!kind) return {candidates: [], directive: NO_FILES};
			const names = await source.workloads(kind, flags).catch(() => []);
			return matching({candidates: names, directive: NO_FILES}, `${type}/`);
		}
		// get takes a TYPE; history and status a Deployment's NAME (TYPE/NAME once a slash is typed).
		if (command === 'get') return matching({candidates: [...GET_TYPES], directive: NO_FILES});
		return matching({candidates: await source.workloads('Deployment', flags).catch(() => []), directive: NO_FILES});
	}
	return {candidates: [], directive: NO_FILES};
}

const GET_TYPES = [...Object.values(KINDS).map(info => info.shortName), 'all'];
