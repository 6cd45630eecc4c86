// The `:` command line, like k9s: one table of commands with their names, what they complete and what they do.
// `:ns NAME`, `:ctx NAME`, `:deploy`/`:sts`/`:ds`/`:all` (which workload kinds the list shows), `:q`.
import {kindByName, KINDS, type WorkloadKind} from '../model/kinds.js';
import type {KeyContext, KeyOutcome} from './keymap.js';
import {
	kindsText,
	none,
	openContextPicker,
	openNamespacePicker,
	switchContext,
	switchNamespace,
	switchToAllNamespaces,
} from './key-commands.js';
import {namespaceChoices, type UiState} from './state.js';

export interface PromptCommand {
	/** The name and its aliases; the first is the one completion writes. */
	names: readonly string[];
	/** What the argument completes from. */
	argument?: (context: KeyContext) => readonly string[];
	/** The help screen's line. */
	help: string;
	run(state: UiState, context: KeyContext, argument: string | undefined): KeyOutcome;
}

const showKinds = (state: UiState, kinds: readonly WorkloadKind[] | undefined): KeyOutcome =>
	none({
		...state,
		kinds,
		listIndex: 0,
		selectedKey: undefined,
		result: {ok: true, message: `showing ${kindsText(kinds)}`},
	});

const kindCommand = (kind: WorkloadKind): PromptCommand => {
	const info = KINDS[kind];
	return {
		names: [info.shortName, info.singular, info.resource],
		help: `list ${info.resource} only`,
		run: state => showKinds(state, [kind]),
	};
};

export const PROMPT_COMMANDS: readonly PromptCommand[] = [
	{
		names: ['ns', 'namespace', 'namespaces'],
		argument: context => namespaceChoices(context.snapshot),
		help: 'switch namespace (`:ns all` every namespace; `:ns` alone opens the picker)',
		run: (state, context, name) => {
			if (name === undefined) return openNamespacePicker(state, context);
			if (name === 'all') return switchToAllNamespaces(state, context);
			const known = context.snapshot.namespaces;
			// Only the cluster's own list can say a namespace does not exist: before it has been listed (keys typed as
			// the dashboard starts), or when listing is forbidden, the namespace is tried all the same.
			if (context.snapshot.namespacesListed && !known.includes(name))
				return none({
					...state,
					result: {ok: false, message: `namespace "${name}" not found (known: ${known.join(', ')})`},
				});
			return switchNamespace(state, name);
		},
	},
	{
		names: ['ctx', 'context', 'contexts'],
		argument: context => context.contexts,
		help: 'switch kubeconfig context: a new connection and new watches (`:ctx` alone lists the contexts)',
		run: (state, context, name) =>
			name === undefined ? openContextPicker(state, context) : switchContext(state, context, name),
	},
	kindCommand('Deployment'),
	kindCommand('StatefulSet'),
	kindCommand('DaemonSet'),
	{names: ['all'], help: 'list every workload kind', run: state => showKinds(state, undefined)},
	{
		names: ['q', 'quit', 'q!'],
		help: 'quit',
		run: state => ({state: {...state, mode: 'normal'}, effects: [{kind: 'quit'}]}),
	},
];

const findCommand = (name: string) => PROMPT_COMMANDS.find(command => command.names.includes(name.toLowerCase()));

/** Runs a typed command line; an unknown command or a stray argument says so in one line. */
export function runPromptCommand(state: UiState, context: KeyContext, text: string): KeyOutcome {
	const [name = '', argument, ...extra] = text.trim().replace(/^:/, '').split(/\s+/);
	const closed = {...state, line: {text: '', cursor: 0}};
	if (name === '') return none(closed);
	const command = findCommand(name) ?? kindCommandFor(name);
	if (!command)
		return none({...closed, result: {ok: false, message: `unknown command ":${name}" (? lists the commands)`}});
	if (extra.length > 0 || (argument !== undefined && !command.argument))
		return none({
			...closed,
			result: {ok: false, message: `:${name} takes ${command.argument ? 'one argument' : 'no argument'}`},
		});
	return command.run(closed, context, argument);
}

/** kubectl's other spellings of a kind (Deployment, deploy.apps…) as kind commands. */
function kindCommandFor(name: string): PromptCommand | undefined {
	const kind = kindByName(name.replace(/\.apps$/, ''));
	return kind ? kindCommand(kind) : undefined;
}

/** Tab: the longest completion of the command name, or of its argument, shared by every candidate. */
export function completeCommand(text: string, context: KeyContext): string {
	const {candidates, prefix, complete} = completionsOf(text, context);
	if (candidates.length === 0) return text;
	const common = commonPrefix(candidates);
	// A lone candidate is finished: a command that takes an argument gets its space.
	if (candidates.length === 1) return `${prefix}${common}${complete ? ' ' : ''}`;
	return `${prefix}${common}`;
}

/** What the line could become: the candidates for its last word, after `prefix`. */
export function completionsOf(
	text: string,
	context: KeyContext,
): {candidates: string[]; prefix: string; complete: boolean} {
	const spaced = /^(\S+)\s+(\S*)$/.exec(text);
	if (spaced) {
		const command = findCommand(spaced[1]!);
		const word = spaced[2]!;
		const candidates = (command?.argument?.(context) ?? []).filter(value => value.startsWith(word));
		return {candidates, prefix: `${spaced[1]} `, complete: false};
	}
	if (/\s/.test(text.trim()) || text.includes(' ')) return {candidates: [], prefix: text, complete: false};
	const word = text.toLowerCase();
	const matching = PROMPT_COMMANDS.filter(command => command.names.some(name => name.startsWith(word)));
	const candidates = matching.map(command => command.names.find(name => name.startsWith(word))!);
	return {candidates, prefix: '', complete: matching.length === 1 && matching[0]!.argument !== undefined};
}

function commonPrefix(values: readonly string[]): string {
	let prefix = values[0] ?? '';
	for (const value of values) while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
	return prefix;
}
