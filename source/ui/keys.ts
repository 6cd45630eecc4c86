// The dashboard's one input dispatcher, as a pure function: (state, what is on screen, key) → (state, effects).
// Keeping it free of React lets every key be tested without rendering, and gives Ink a single stable useInput.
import type {DashboardSnapshot, TemplateChange} from '../model/types.js';
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

export * from './state.js';

export type Effect =
	| {kind: 'quit'}
	| {kind: 'focus'; target: Target | undefined}
	| {kind: 'setNamespace'; namespace: string | undefined}
	| {kind: 'pause' | 'resume' | 'restart'; namespace: string; name: string}
	| {kind: 'undo'; namespace: string; name: string; toRevision: number; basedOnGeneration?: number};

/** The parts of Ink's Key this dispatcher reads. */
export interface KeyFlags {
	upArrow?: boolean;
	downArrow?: boolean;
	pageUp?: boolean;
	pageDown?: boolean;
	home?: boolean;
	end?: boolean;
	return?: boolean;
	escape?: boolean;
	backspace?: boolean;
	delete?: boolean;
	ctrl?: boolean;
	meta?: boolean;
	tab?: boolean;
}

export interface KeyContext {
	snapshot: DashboardSnapshot;
	readonly: boolean;
	/** Rows a page key moves. */
	pageSize: number;
	/** Template changes for an undo confirmation; may throw. */
	templateDiff(namespace: string, name: string, toRevision: number): TemplateChange[];
}

export interface KeyOutcome {
	state: UiState;
	effects: Effect[];
}

const clamp = (value: number, length: number) => Math.max(0, Math.min(value, length - 1));

function moveBy(index: number, delta: number, length: number): number {
	if (length <= 0) return 0;
	return clamp(index + delta, length);
}

/** Which movement a key means, if any: a delta, or ±Infinity for home/end. */
function movement(input: string, key: KeyFlags, pageSize: number): number | undefined {
	if (key.upArrow || input === 'k') return -1;
	if (key.downArrow || input === 'j') return 1;
	if (key.pageUp) return -Math.max(1, pageSize);
	if (key.pageDown) return Math.max(1, pageSize);
	if (key.home || input === 'g') return -Infinity;
	if (key.end || input === 'G') return Infinity;
	return undefined;
}

const readonlyMessage = (action: string) => ({
	ok: false,
	message: `read-only mode: ${action} is disabled (started with --readonly)`,
});

/**
 * Handles one keypress. Ink delivers a run of typed characters as one input (§2.10 of the notes): in the
 * modes that take single-key commands, each character is handled in turn; in the filter prompt the run is text.
 */
export function handleKey(state: UiState, context: KeyContext, input: string, key: KeyFlags): KeyOutcome {
	if (key.ctrl && input === 'c') return {state, effects: [{kind: 'quit'}]};
	const chars = [...input];
	const isPlainRun = chars.length > 1 && state.mode !== 'filter' && !key.ctrl && !key.meta && !key.escape;
	if (!isPlainRun) return handleOne(state, context, input, key);
	let current: KeyOutcome = {state, effects: []};
	for (const char of chars) {
		const next = handleOne(current.state, context, char, {});
		current = {state: next.state, effects: [...current.effects, ...next.effects]};
		if (next.effects.some(effect => effect.kind === 'quit')) break;
	}
	return current;
}

function handleOne(state: UiState, context: KeyContext, input: string, key: KeyFlags): KeyOutcome {
	switch (state.mode) {
		case 'help':
			return handleHelp(state, input, key);
		case 'filter':
			return handleFilter(state, input, key);
		case 'namespace':
			return handleNamespacePicker(state, context, input, key);
		case 'confirm':
			return handleConfirm(state, input, key);
		case 'normal':
			return state.view === 'list'
				? handleList(state, context, input, key)
				: handleDeployment(state, context, input, key);
	}
}

const none = (state: UiState): KeyOutcome => ({state, effects: []});

// q quits from every mode but the filter prompt (where it is text).
const quit = (state: UiState): KeyOutcome => ({state, effects: [{kind: 'quit'}]});

function handleHelp(state: UiState, input: string, key: KeyFlags): KeyOutcome {
	if (input === 'q') return quit(state);
	if (key.escape || input === '?' || key.return) return none({...state, mode: 'normal'});
	return none(state);
}

function handleFilter(state: UiState, input: string, key: KeyFlags): KeyOutcome {
	if (key.escape)
		return none({...state, mode: 'normal', filter: '', filterDraft: '', listIndex: 0, selectedKey: undefined});
	if (key.return)
		return none({...state, mode: 'normal', filter: state.filterDraft.trim(), listIndex: 0, selectedKey: undefined});
	if (key.backspace || key.delete) return none({...state, filterDraft: state.filterDraft.slice(0, -1)});
	if (key.upArrow || key.downArrow || key.tab || key.ctrl || key.meta) return none(state);
	// Only printable text goes into the filter.
	const text = input.replace(/[\u0000-\u001f\u007f]/g, '');
	if (text === '') return none(state);
	return none({...state, filterDraft: state.filterDraft + text, listIndex: 0, selectedKey: undefined});
}

function handleNamespacePicker(state: UiState, context: KeyContext, input: string, key: KeyFlags): KeyOutcome {
	const choices = namespaceChoices(context.snapshot);
	if (input === 'q') return quit(state);
	if (key.escape) return none({...state, mode: 'normal'});
	const delta = movement(input, key, context.pageSize);
	if (delta !== undefined) return none({...state, namespaceIndex: moveBy(state.namespaceIndex, delta, choices.length)});
	if (key.return) {
		const choice = choices[clamp(state.namespaceIndex, choices.length)] ?? 'all';
		return switchNamespace({...state, mode: 'normal'}, choice === 'all' ? undefined : choice);
	}
	return none(state);
}

function switchNamespace(state: UiState, namespace: string | undefined): KeyOutcome {
	return {
		state: {
			...state,
			listIndex: 0,
			selectedKey: undefined,
			result: {ok: true, message: `namespace: ${namespace ?? 'all'}`},
		},
		effects: [{kind: 'setNamespace', namespace}],
	};
}

function handleConfirm(state: UiState, input: string, key: KeyFlags): KeyOutcome {
	const confirm = state.confirm;
	if (!confirm) return none({...state, mode: 'normal'});
	if (input === 'y' || input === 'Y' || key.return) {
		const verb =
			confirm.kind === 'undo'
				? `rolling back deployment/${confirm.name} to revision ${confirm.toRevision}`
				: `restarting deployment/${confirm.name}`;
		const effect: Effect =
			confirm.kind === 'undo'
				? {
						kind: 'undo',
						namespace: confirm.namespace,
						name: confirm.name,
						toRevision: confirm.toRevision,
						basedOnGeneration: confirm.basedOnGeneration,
					}
				: {kind: 'restart', namespace: confirm.namespace, name: confirm.name};
		return {
			state: {...state, mode: 'normal', confirm: undefined, pending: `${verb}…`, result: undefined},
			effects: [effect],
		};
	}
	if (input === 'q') return quit({...state, mode: 'normal', confirm: undefined});
	if (input === 'n' || input === 'N' || key.escape) {
		return none({
			...state,
			mode: 'normal',
			confirm: undefined,
			result: {ok: true, message: `${confirm.kind} cancelled`},
		});
	}
	return none(state);
}

/** Keys that mean the same in the list and the deployment view. */
function handleCommon(
	state: UiState,
	context: KeyContext,
	input: string,
	target: Target | undefined,
): KeyOutcome | undefined {
	switch (input) {
		case 'q':
			return quit(state);
		case '?':
			return none({...state, mode: 'help'});
		case 'p':
		case 'r': {
			const action = input === 'p' ? 'pause' : 'resume';
			if (context.readonly) return none({...state, result: readonlyMessage(action)});
			if (!target) return none(state);
			const verb = input === 'p' ? 'pausing' : 'resuming';
			return {
				state: {...state, pending: `${verb} deployment/${target.name}…`, result: undefined},
				effects: [{kind: action, namespace: target.namespace, name: target.name}],
			};
		}
		case 'R': {
			if (context.readonly) return none({...state, result: readonlyMessage('restart')});
			if (!target) return none(state);
			return none({...state, mode: 'confirm', confirm: {...target, kind: 'restart', toRevision: 0, changes: []}});
		}
		default:
			return undefined;
	}
}

function handleList(state: UiState, context: KeyContext, input: string, key: KeyFlags): KeyOutcome {
	const visible = visibleDeployments(context.snapshot, state.filter);
	const index = selectedIndex(state, visible);
	const selected = visible[index];
	const delta = movement(input, key, context.pageSize);
	if (delta !== undefined) {
		const next = moveBy(index, delta, visible.length);
		const nextDeployment = visible[next];
		return none({...state, listIndex: next, selectedKey: nextDeployment ? deploymentKey(nextDeployment) : undefined});
	}
	if (key.escape) {
		// Like k9s: Esc clears an applied filter.
		return state.filter !== ''
			? none({...state, filter: '', filterDraft: '', result: undefined})
			: none({...state, result: undefined});
	}
	if (key.return) {
		if (!selected) return none(state);
		const target = {namespace: selected.namespace, name: selected.name};
		return {
			state: {
				...state,
				view: 'deployment',
				open: target,
				revisionIndex: 0,
				selectedRevision: undefined,
				selectedKey: deploymentKey(selected),
				result: undefined,
			},
			effects: [{kind: 'focus', target}],
		};
	}
	const common = handleCommon(state, context, input, selected);
	if (common) return common;
	switch (input) {
		case '/':
			return none({...state, mode: 'filter', filterDraft: state.filter});
		case 'n':
		case ':': {
			const current = context.snapshot.cluster.namespace;
			const choices = namespaceChoices(context.snapshot);
			const at = current === undefined ? 0 : choices.indexOf(current);
			return none({...state, mode: 'namespace', namespaceIndex: Math.max(0, at)});
		}
		case '0':
			return switchNamespace(state, undefined);
		case 'u': {
			if (context.readonly) return none({...state, result: readonlyMessage('undo')});
			if (!selected) return none(state);
			// The list has no revisions to choose from: open the deployment, where the selection moves over them.
			const target = {namespace: selected.namespace, name: selected.name};
			return {
				state: {
					...state,
					view: 'deployment',
					open: target,
					revisionIndex: 0,
					selectedRevision: undefined,
					selectedKey: deploymentKey(selected),
					result: {ok: true, message: 'select the revision to undo to (j/k), then press u'},
				},
				effects: [{kind: 'focus', target}],
			};
		}
		default:
			return none(state);
	}
}

function handleDeployment(state: UiState, context: KeyContext, input: string, key: KeyFlags): KeyOutcome {
	const revisions = revisionsOf(state, context.snapshot) ?? [];
	const current = revisionIndexOf(state, revisions);
	const delta = movement(input, key, context.pageSize);
	if (delta !== undefined) {
		const next = moveBy(current, delta, revisions.length);
		return none({...state, revisionIndex: next, selectedRevision: revisions[next]?.revision});
	}
	if (key.escape) {
		return {
			state: {
				...state,
				view: 'list',
				open: undefined,
				revisionIndex: 0,
				selectedRevision: undefined,
				result: undefined,
				pending: undefined,
			},
			effects: [{kind: 'focus', target: undefined}],
		};
	}
	const common = handleCommon(state, context, input, state.open);
	if (common) return common;
	if (input === 'u' || key.return) {
		if (input === 'u' && context.readonly) return none({...state, result: readonlyMessage('undo')});
		if (key.return) return none(state);
		const open = state.open;
		const revision = revisions[current];
		if (!open || !revision)
			return none({...state, result: {ok: false, message: 'no revision selected (history not loaded yet)'}});
		let changes: TemplateChange[] = [];
		let diffError: string | undefined;
		try {
			changes = context.templateDiff(open.namespace, open.name, revision.revision);
		} catch (error) {
			diffError = error instanceof Error ? error.message : String(error);
		}
		const basedOnGeneration = openDeployment(state, context.snapshot)?.generation;
		return none({
			...state,
			mode: 'confirm',
			confirm: {...open, kind: 'undo', toRevision: revision.revision, changes, diffError, basedOnGeneration},
		});
	}
	return none(state);
}

/** Every key, for the help screen (and the README). */
export const keyHelp: ReadonlyArray<readonly [string, string]> = [
	['j / ↓, k / ↑', 'move the selection (deployments; revisions in the deployment view)'],
	['g / Home, G / End', 'first / last row; PgUp / PgDn move a page'],
	['Enter', 'open the selected deployment'],
	['Esc', 'back to the list; in the list, clear the filter'],
	['/', 'filter deployments by name or namespace (Enter applies, Esc clears)'],
	['n or :', 'switch namespace (a picker: the cluster\'s namespaces and "all")'],
	['0', 'all namespaces'],
	['p', 'pause the rollout (kubectl rollout pause)'],
	['r', 'resume the rollout (kubectl rollout resume)'],
	['u', 'undo to the selected revision, after a confirmation (kubectl rollout undo --to-revision)'],
	['R', 'restart the deployment, after a confirmation (kubectl rollout restart)'],
	['y / Enter, n / Esc', 'confirm / cancel a confirmation'],
	['?', 'this help (Esc or ? closes it)'],
	['q, Ctrl-C', 'quit (q is text while typing a filter; Ctrl-C always quits)'],
];
