// Every key of the dashboard, as data: where it applies, whether it writes to the cluster, what it does and how the
// hint bar and the help screen name it. The dispatcher (keys.ts), the hint bar, the `?` screen and --readonly all
// read this one table. Adding a key is one entry here plus, when it needs one, its command below.
import type {ActionRequest} from '../model/verbs.js';
import type {DashboardSnapshot, ObjectRef, TemplateChange, WorkloadKind} from '../model/types.js';
import {
	closePage,
	focusPanel,
	moveContainer,
	movePanel,
	openLogs,
	openPod,
	openText,
	pageKey,
	pickContainer as pickLogContainer,
	togglePodFilter,
	togglePrevious,
	topPage,
	type PageEffect,
	type PageView,
} from './pages.js';
import {initialTextView, type TextViewAction} from '../model/text-view.js';
import {
	ask,
	askScale,
	askSetImage,
	cancelPrompt,
	completeCommandLine,
	copyCommand,
	filterApply,
	filterClear,
	none,
	openCommand,
	openFilter,
	openNamespacePicker,
	openScale,
	openSetImage,
	pickContainer,
	pickContext,
	runCommandLine,
	send,
	sortBy,
	switchNamespace,
	switchToAllNamespaces,
	targetOf,
} from './key-commands.js';
import {
	deploymentKey,
	namespaceChoices,
	openDeployment,
	revisionIndexOf,
	revisionsOf,
	selectedIndex,
	visibleDeployments,
	type Target,
	type UiState,
} from './state.js';

export {none} from './key-commands.js';

/** What the app does after a key, beside the new view state. App.tsx runs each (effects.ts). */
export type Effect =
	| {kind: 'quit'}
	| {kind: 'focus'; target: Target | undefined}
	| {kind: 'setNamespace'; namespace: string | undefined}
	| {kind: 'action'; request: ActionRequest}
	/** Connect to another kubeconfig context: a new session replaces this one. */
	| {kind: 'switchContext'; context: string}
	/** Put text on the clipboard (OSC 52). */
	| {kind: 'copy'; text: string}
	| PageEffect;

/** Where a key applies: the view, or the mode that covers it. */
export type Where =
	| 'list'
	| 'deployment'
	| 'pod'
	| 'logs'
	| 'text'
	| 'search'
	| 'logContainer'
	| 'filter'
	| 'command'
	| 'scale'
	| 'image'
	| 'namespace'
	| 'context'
	| 'container'
	| 'help'
	| 'confirm';

export interface KeyContext {
	snapshot: DashboardSnapshot;
	readonly: boolean;
	/** Rows a page key moves. */
	pageSize: number;
	/** Template changes for an undo confirmation; may throw. */
	templateDiff(namespace: string, name: string, toRevision: number, kind?: WorkloadKind): TemplateChange[];
	/** The kubeconfig's contexts, for `:ctx`. */
	contexts: readonly string[];
	/** The text of the page on top (log, describe, YAML) and the rows it has, for scrolling and search. */
	page?: PageView;
}

export interface KeyOutcome {
	state: UiState;
	effects: Effect[];
}

export type Command = (state: UiState, context: KeyContext) => KeyOutcome;

export interface KeyBinding {
	/** The keys, as the help names them: a character, or Enter, Esc, ↑, ↓, PgUp, PgDn, Home, End, Backspace, Ctrl-C. */
	keys: readonly string[];
	where: readonly Where[];
	/** Changes the cluster: left out of the hints and help with --readonly, and refused there with one line. */
	writes?: boolean;
	/** Short name of what it does: the hint bar's word and the read-only message's (`pause is disabled`). */
	name: string;
	/** The hint bar's word per place; places without one show no hint for the key. */
	hint?: Partial<Record<Where, string>>;
	/** How the hint bar names the key (default: its first key; a named one in lower case). */
	hintKey?: string;
	/** The help screen's line; bindings without one are named in the line of the binding before them. */
	help?: {keys: string; text: string};
	run: Command;
}

const quit: Command = state => ({state: {...state, mode: 'normal', confirm: undefined}, effects: [{kind: 'quit'}]});

const clamp = (value: number, length: number) => Math.max(0, Math.min(value, length - 1));
const moveBy = (index: number, delta: number, length: number) => (length <= 0 ? 0 : clamp(index + delta, length));

/** Moves the selection of whatever list the keys are on; ±Infinity for the first and last row. */
const move =
	(rows: (pageSize: number) => number): Command =>
	(state, context) => {
		const delta = rows(context.pageSize);
		if (state.mode === 'namespace') {
			const count = namespaceChoices(context.snapshot).length;
			return none({...state, namespaceIndex: moveBy(state.namespaceIndex, delta, count)});
		}
		if (state.mode === 'context' || state.mode === 'container') {
			const count = state.mode === 'context' ? context.contexts.length : (state.editing?.containers?.length ?? 0);
			return none({...state, pickIndex: moveBy(state.pickIndex, delta, count)});
		}
		if (state.view === 'deployment' && state.panel !== 'revisions')
			return none(movePanel(state, context.snapshot, Number.isFinite(delta) ? delta : delta > 0 ? 1e9 : -1e9));
		if (state.view === 'deployment') {
			const revisions = revisionsOf(state, context.snapshot) ?? [];
			const next = moveBy(revisionIndexOf(state, revisions), delta, revisions.length);
			return none({...state, revisionIndex: next, selectedReplicaSet: revisions[next]?.replicaSetName});
		}
		const visible = visibleDeployments(context.snapshot, state.filter, state);
		const next = moveBy(selectedIndex(state, visible), delta, visible.length);
		const nextDeployment = visible[next];
		return none({...state, listIndex: next, selectedKey: nextDeployment ? deploymentKey(nextDeployment) : undefined});
	};

/** Sends an action at once, with the progress line; a verb the kind does not take gets kubectl's refusal. */
const act =
	(verb: 'pause' | 'resume'): Command =>
	(state, context) => {
		const target = targetOf(state, context);
		if (!target) return none(state);
		return send(state, {...target, verb, args: {}});
	};

/** Opens a workload's view; `queued` keys are applied once its history has loaded (keys.ts settles them). */
function open(state: UiState, target: Target, result: UiState['result'], queued: UiState['queued'] = []): KeyOutcome {
	return {
		state: {
			...state,
			view: 'deployment',
			open: target,
			revisionIndex: 0,
			selectedReplicaSet: undefined,
			queued: queued.length > 0 ? queued : undefined,
			selectedKey: deploymentKey(target),
			result,
			panel: 'revisions',
			selectedPod: undefined,
			podIndex: 0,
			eventIndex: 0,
			podFilter: undefined,
			pages: [],
			text: initialTextView(),
		},
		effects: [{kind: 'focus', target}],
	};
}

const openSelected: Command = (state, context) => {
	const target = targetOf(state, context);
	return target ? open(state, target, undefined) : none(state);
};

const back: Command = state => ({
	state: {
		...state,
		view: 'list',
		pages: [],
		podFilter: undefined,
		open: undefined,
		revisionIndex: 0,
		selectedReplicaSet: undefined,
		queued: undefined,
		result: droppedNote(state),
		pending: undefined,
	},
	effects: [{kind: 'focus', target: undefined}],
});

/** What leaving the view before its history loaded did to the keys typed meanwhile. */
function droppedNote(state: UiState): UiState['result'] {
	const queued = state.queued ?? [];
	if (queued.length === 0) return undefined;
	const keys = queued.map(press => press.input.trim() || 'key').join(' ');
	return {ok: false, message: `dropped ${queued.length} key(s) typed before the history loaded: ${keys}`};
}

// Like k9s: Esc in the list clears an applied filter.
const clearFilter: Command = state =>
	none(state.filter !== '' ? {...state, filter: '', result: undefined} : {...state, result: undefined});

const pickNamespace: Command = (state, context) => {
	const choices = namespaceChoices(context.snapshot);
	const choice = choices[clamp(state.namespaceIndex, choices.length)] ?? 'all';
	const picked = {...state, mode: 'normal' as const};
	return choice === 'all' ? switchToAllNamespaces(picked, context) : switchNamespace(picked, choice);
};

const askRestart: Command = (state, context) => {
	const target = targetOf(state, context);
	if (!target) return none(state);
	return ask(state, {...target, verb: 'restart', args: {}});
};

// Like `kubectl rollout undo` without --to-revision: the list's `u` opens the workload and, once its history has
// loaded, the confirmation of an undo to the previous revision (the view's initial selection).
const openForUndo: Command = (state, context) => {
	const target = targetOf(state, context);
	if (!target) return none(state);
	return open(state, target, undefined, [{input: 'u', key: {}}]);
};

const askUndo: Command = (state, context) => {
	const target = state.open;
	const revisions = revisionsOf(state, context.snapshot) ?? [];
	const revision = revisions[revisionIndexOf(state, revisions)];
	if (!target || !revision)
		return none({...state, result: {ok: false, message: 'no revision selected (history not loaded yet)'}});
	const basedOnGeneration = openDeployment(state, context.snapshot)?.generation;
	const request: ActionRequest = {
		...target,
		verb: 'undo',
		args: {toRevision: revision.revision, ...(basedOnGeneration === undefined ? {} : {basedOnGeneration})},
	};
	let changes: TemplateChange[] = [];
	let diffError: string | undefined;
	try {
		changes = context.templateDiff(target.namespace, target.name, revision.revision, target.kind);
	} catch (error) {
		diffError = error instanceof Error ? error.message : String(error);
	}
	return none({
		...state,
		mode: 'confirm',
		// The selection stays on the target's ReplicaSet, which the undo renumbers to the newest revision.
		selectedReplicaSet: revision.replicaSetName,
		confirm: {request, changes, ...(diffError === undefined ? {} : {diffError})},
	});
};

const confirm: Command = state =>
	state.confirm ? send(state, state.confirm.request) : none({...state, mode: 'normal'});

const cancel: Command = state =>
	none({
		...state,
		mode: 'normal',
		confirm: undefined,
		result: state.confirm ? {ok: true, message: `${state.confirm.request.verb} cancelled`} : state.result,
	});

/** The workload the list has selected, as the object `d` and `y` show. */
function listObject(state: UiState, context: KeyContext): ObjectRef | undefined {
	const target = state.view === 'list' ? targetOf(state, context) : undefined;
	return target && {kind: target.kind, namespace: target.namespace, name: target.name};
}

const onPage =
	(action: TextViewAction): Command =>
	(state, context) =>
		pageKey(state, context.page, action);

const PAGES: readonly Where[] = ['logs', 'text'];
const LISTS: readonly Where[] = ['list', 'deployment', 'namespace', 'context', 'container'];
const VIEWS: readonly Where[] = ['list', 'deployment'];
const PROMPTS: readonly Where[] = ['filter', 'command', 'scale', 'image'];
const PICKERS: readonly Where[] = ['namespace', 'context', 'container'];
const ALL: readonly Where[] = [...VIEWS, ...PROMPTS, ...PICKERS, 'help', 'confirm'];

export const KEYMAP: readonly KeyBinding[] = [
	{
		keys: ['j', '↓'],
		where: LISTS,
		name: 'down',
		hint: {deployment: 'revision'},
		hintKey: 'j/k',
		help: {keys: 'j / ↓, k / ↑', text: "move the selection (workloads; in a workload's view, the focused panel's row)"},
		run: move(() => 1),
	},
	{keys: ['k', '↑'], where: LISTS, name: 'up', run: move(() => -1)},
	{
		keys: ['g', 'Home'],
		where: LISTS,
		name: 'first',
		help: {keys: 'g / Home, G / End', text: 'first / last row; PgUp / PgDn move a page'},
		run: move(() => -Infinity),
	},
	{keys: ['G', 'End'], where: LISTS, name: 'last', run: move(() => Infinity)},
	{keys: ['PgUp'], where: LISTS, name: 'page up', run: move(page => -Math.max(1, page))},
	{keys: ['PgDn'], where: LISTS, name: 'page down', run: move(page => Math.max(1, page))},
	{
		keys: ['Enter'],
		where: ['list'],
		name: 'open',
		hint: {list: 'open'},
		help: {keys: 'Enter', text: 'open the selected workload: its revisions, pods (or nodes) and events'},
		run: openSelected,
	},
	{
		keys: ['/'],
		where: ['list'],
		name: 'filter',
		hint: {list: 'filter'},
		help: {keys: '/', text: 'filter workloads by name or namespace (Enter applies, Esc clears)'},
		run: openFilter,
	},
	{
		keys: ['n'],
		where: ['list'],
		name: 'namespace',
		hint: {list: 'namespace'},
		help: {keys: 'n', text: 'switch namespace (a picker: the cluster\'s namespaces and "all")'},
		run: openNamespacePicker,
	},
	{
		keys: ['0'],
		where: ['list'],
		name: 'all namespaces',
		help: {keys: '0', text: 'all namespaces'},
		run: switchToAllNamespaces,
	},
	{
		keys: ['p'],
		where: VIEWS,
		writes: true,
		name: 'pause',
		hint: {list: 'pause', deployment: 'pause'},
		help: {keys: 'p', text: 'pause the rollout (kubectl rollout pause)'},
		run: act('pause'),
	},
	{
		keys: ['r'],
		where: VIEWS,
		writes: true,
		name: 'resume',
		hint: {list: 'resume', deployment: 'resume'},
		help: {keys: 'r', text: 'resume the rollout (kubectl rollout resume)'},
		run: act('resume'),
	},
	{
		keys: ['u'],
		where: ['list'],
		writes: true,
		name: 'undo',
		hint: {list: 'undo'},
		run: openForUndo,
	},
	{
		keys: ['u'],
		where: ['deployment'],
		writes: true,
		name: 'undo',
		hint: {deployment: 'undo to it'},
		help: {
			keys: 'u',
			text: 'undo to the selected revision (at first the previous one, as kubectl rollout undo; from the list straight to it)',
		},
		run: askUndo,
	},
	{
		keys: ['R'],
		where: VIEWS,
		writes: true,
		name: 'restart',
		hint: {deployment: 'restart'},
		help: {keys: 'R', text: 'restart the workload, after a confirmation (kubectl rollout restart)'},
		run: askRestart,
	},
	{keys: ['Esc'], where: ['list'], name: 'clear filter', run: clearFilter},
	{
		keys: ['Esc'],
		where: ['deployment'],
		name: 'back',
		hint: {deployment: 'back'},
		help: {keys: 'Esc', text: 'back to the list; in the list, clear the filter'},
		run: back,
	},
	{keys: ['Esc'], where: PICKERS, name: 'cancel', run: cancelPrompt},
	{keys: ['Enter'], where: ['namespace'], name: 'select', run: pickNamespace},
	{keys: ['Enter'], where: ['filter'], name: 'apply', run: filterApply},
	{keys: ['Esc'], where: ['filter'], name: 'clear', run: filterClear},
	// Command mode, scale, set image, sorting and copying (key-commands.ts, commands.ts).
	{
		keys: [':'],
		where: VIEWS,
		name: 'command',
		hint: {list: 'command'},
		help: {
			keys: ':',
			text: 'command: ns NAME, ctx NAME, deploy, sts, ds, all, q (Tab completes, Esc cancels; readline keys edit)',
		},
		run: openCommand,
	},
	{keys: ['Enter'], where: ['command'], name: 'run', run: runCommandLine},
	{keys: ['Tab'], where: ['command'], name: 'complete', run: completeCommandLine},
	{keys: ['Esc'], where: ['command', 'scale', 'image'], name: 'cancel', run: cancelPrompt},
	{keys: ['Enter'], where: ['context'], name: 'switch', run: pickContext},
	{
		keys: ['s'],
		where: VIEWS,
		writes: true,
		name: 'scale',
		hint: {deployment: 'scale'},
		help: {keys: 's', text: 'scale: replicas prompt, then a confirmation (kubectl scale --replicas)'},
		run: openScale,
	},
	{keys: ['Enter'], where: ['scale'], name: 'scale', run: askScale},
	{
		keys: ['i'],
		where: VIEWS,
		writes: true,
		name: 'set image',
		hint: {deployment: 'image'},
		help: {keys: 'i', text: 'set image: container picker, image prompt, confirmation (kubectl set image)'},
		run: openSetImage,
	},
	{keys: ['Enter'], where: ['container'], name: 'select', run: pickContainer},
	{keys: ['Enter'], where: ['image'], name: 'set image', run: askSetImage},
	{
		keys: ['N'],
		where: ['list'],
		name: 'sort by name',
		help: {keys: 'N, A, P, S', text: 'sort the list by name, age, phase, namespace (again: reversed)'},
		run: sortBy('name'),
	},
	{keys: ['A'], where: ['list'], name: 'sort by age', run: sortBy('age')},
	{keys: ['P'], where: ['list'], name: 'sort by phase', run: sortBy('phase')},
	{keys: ['S'], where: ['list'], name: 'sort by namespace', run: sortBy('namespace')},
	{
		keys: ['c'],
		where: ['confirm'],
		name: 'copy',
		help: {keys: 'c', text: 'in a confirmation: copy the kubectl command to the clipboard (OSC 52)'},
		run: copyCommand,
	},
	{
		keys: ['y', 'Y', 'Enter'],
		where: ['confirm'],
		name: 'confirm',
		help: {keys: 'y / Enter, n / Esc', text: 'confirm / cancel a confirmation'},
		run: confirm,
	},
	{keys: ['n', 'N', 'Esc'], where: ['confirm'], name: 'cancel', run: cancel},
	{
		keys: ['Tab'],
		where: ['deployment'],
		name: 'next panel',
		hint: {deployment: 'panel'},
		help: {
			keys: 'Tab / Shift-Tab',
			text: 'workload view: focus the revisions, pods (or nodes) or events panel (j/k, PgUp/PgDn, g/G move in it)',
		},
		run: focusPanel(1),
	},
	{keys: ['Shift-Tab'], where: ['deployment'], name: 'previous panel', run: focusPanel(-1)},
	{
		keys: ['f'],
		where: ['deployment'],
		name: 'revision filter',
		help: {keys: 'f', text: 'workload view: show only the pods of the selected revision (again: all pods)'},
		run: (state, context) => togglePodFilter(state, context.snapshot),
	},
	{
		keys: ['Enter'],
		where: ['deployment'],
		name: 'pod',
		help: {keys: 'Enter on a pod', text: 'its own view (containers, state, last termination, restarts, events)'},
		run: (state, context) => openPod(state, context.snapshot),
	},
	{
		keys: ['l'],
		where: ['deployment', 'pod'],
		name: 'logs',
		hint: {pod: 'logs'},
		help: {
			keys: 'l',
			text: 'on a pod: its logs, following (as kubectl logs -f; a container picker when it has several)',
		},
		run: (state, context) => openLogs(state, context.snapshot),
	},
	{
		keys: ['d'],
		where: ['list', 'deployment', 'pod'],
		name: 'describe',
		hint: {list: 'describe', pod: 'describe'},
		help: {
			keys: 'd / y',
			text: 'describe / YAML of the workload, the selected revision (ReplicaSet or ControllerRevision), or the selected pod',
		},
		run: (state, context) => openText(state, context.snapshot, 'describe', listObject(state, context)),
	},
	{
		keys: ['y'],
		where: ['list', 'deployment', 'pod'],
		name: 'yaml',
		hint: {list: 'yaml', pod: 'yaml'},
		run: (state, context) => openText(state, context.snapshot, 'yaml', listObject(state, context)),
	},
	{
		keys: ['p'],
		where: ['logs'],
		name: 'previous',
		hint: {logs: 'previous'},
		help: {keys: 'p, w, /, n / N', text: 'logs: previous container on/off; wrap; search, next / previous hit'},
		run: togglePrevious,
	},
	{keys: ['w'], where: PAGES, name: 'wrap', hint: {logs: 'wrap', text: 'wrap'}, run: onPage({type: 'toggleWrap'})},
	{
		keys: ['/'],
		where: PAGES,
		name: 'search',
		hint: {logs: 'search', text: 'search'},
		run: onPage({type: 'startSearch'}),
	},
	{keys: ['n'], where: PAGES, name: 'next hit', run: onPage({type: 'next'})},
	{keys: ['N'], where: PAGES, name: 'previous hit', run: onPage({type: 'previous'})},
	{
		keys: ['j', '↓'],
		where: PAGES,
		name: 'down',
		hint: {logs: 'scroll', text: 'scroll'},
		hintKey: 'j/k',
		run: onPage({type: 'down'}),
	},
	{keys: ['k', '↑'], where: PAGES, name: 'up', run: onPage({type: 'up'})},
	{keys: ['PgDn'], where: PAGES, name: 'page down', run: onPage({type: 'pageDown'})},
	{keys: ['PgUp'], where: PAGES, name: 'page up', run: onPage({type: 'pageUp'})},
	{keys: ['g', 'Home'], where: PAGES, name: 'top', run: onPage({type: 'top'})},
	{keys: ['G', 'End'], where: PAGES, name: 'end', hint: {logs: 'follow'}, run: onPage({type: 'bottom'})},
	{
		keys: ['Esc'],
		where: ['pod', 'logs', 'text'],
		name: 'back',
		hint: {pod: 'back', logs: 'back', text: 'back'},
		run: closePage,
	},
	{keys: ['Enter'], where: ['search'], name: 'find', run: onPage({type: 'submitSearch'})},
	{keys: ['Esc'], where: ['search'], name: 'cancel', run: onPage({type: 'cancelSearch'})},
	{keys: ['Backspace'], where: ['search'], name: 'erase', run: onPage({type: 'searchBackspace'})},
	{keys: ['j', '↓'], where: ['logContainer'], name: 'down', run: state => moveContainer(state, 1)},
	{keys: ['k', '↑'], where: ['logContainer'], name: 'up', run: state => moveContainer(state, -1)},
	{keys: ['Enter'], where: ['logContainer'], name: 'select', run: pickLogContainer},
	{
		keys: ['Esc'],
		where: ['logContainer'],
		name: 'cancel',
		run: state => none({...state, mode: 'normal', container: undefined}),
	},
	{
		keys: ['?'],
		where: VIEWS,
		name: 'help',
		hint: {list: 'help', deployment: 'help'},
		help: {keys: '?', text: 'this help (Esc or ? closes it)'},
		run: state => none({...state, mode: 'help'}),
	},
	{keys: ['?', 'Esc', 'Enter'], where: ['help'], name: 'close', run: state => none({...state, mode: 'normal'})},
	{
		keys: ['q'],
		where: ['list', 'deployment', 'pod', 'logs', 'text', ...PICKERS, 'help', 'confirm', 'logContainer'],
		name: 'quit',
		hint: {list: 'quit', deployment: 'quit'},
		help: {keys: 'q, Ctrl-C', text: 'quit (q is text while typing a filter; Ctrl-C always quits)'},
		run: quit,
	},
	{keys: ['Ctrl-C'], where: ALL, name: 'quit', run: quit},
];

/** Where the keys are: the mode that covers the view, or the view. */
export function whereOf(state: UiState): Where {
	if (state.mode !== 'normal') return state.mode;
	return topPage(state)?.kind ?? state.view;
}

/** The bindings a person may use here: write keys are left out with --readonly. */
export const usable = (binding: KeyBinding, readonly: boolean) => !(readonly && binding.writes);

/** The hint bar of a place: `<key> word` for every binding that has a hint there. */
export function hintBar(where: Where, readonly: boolean): string {
	return KEYMAP.filter(binding => usable(binding, readonly) && binding.where.includes(where) && binding.hint?.[where])
		.map(binding => `<${hintKey(binding)}> ${binding.hint?.[where]}`)
		.join('  ');
}

/** A character as it is; a named key in lower case (<enter>, <esc>). */
function hintKey(binding: KeyBinding): string {
	const key = binding.keys[0] ?? '';
	return binding.hintKey ?? ([...key].length > 1 ? key.toLowerCase() : key);
}

/** The help screen's lines (keys, text): write keys are left out with --readonly. */
export function helpLines(readonly: boolean): {keys: string; text: string}[] {
	return KEYMAP.filter(binding => usable(binding, readonly)).flatMap(binding => (binding.help ? [binding.help] : []));
}
