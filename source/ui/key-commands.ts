// The commands behind the prompts, pickers, sorting and copying keys of the keymap (keymap.ts names the keys): pure
// (state, context) → {state, effects}, like the rest. Prompts edit their line with line-editor.ts.
import {KINDS, kindSlashName} from '../model/kinds.js';
import {refusal, VERBS, type ActionRequest} from '../model/verbs.js';
import type {DeploymentSummary} from '../model/types.js';
import {runPromptCommand, completeCommand} from './commands.js';
import type {Command, KeyContext, KeyOutcome} from './keymap.js';
import {editLine, lineOf} from './line-editor.js';
import {
	deploymentKey,
	isPrompt,
	kubectlCommand,
	namespaceChoices,
	openDeployment,
	selectedIndex,
	visibleDeployments,
	type SortKey,
	type Target,
	type UiState,
} from './state.js';

export const none = (state: UiState): KeyOutcome => ({state, effects: []});

/** The deployment the keys act on: the selected row in the list, the open one in the deployment view. */
export function targetOf(state: UiState, context: KeyContext): Target | undefined {
	if (state.view === 'deployment') return state.open;
	const visible = visibleDeployments(context.snapshot, state.filter, state);
	const selected = visible[selectedIndex(state, visible)];
	return selected && {kind: selected.kind, namespace: selected.namespace, name: selected.name};
}

/** The summary of the workload the keys act on. */
function targetSummary(state: UiState, context: KeyContext): DeploymentSummary | undefined {
	if (state.view === 'deployment') return openDeployment(state, context.snapshot);
	const visible = visibleDeployments(context.snapshot, state.filter, state);
	return visible[selectedIndex(state, visible)];
}

/** Sends an action at once, with the progress line; a verb the kind does not take gets kubectl's refusal. */
export function send(state: UiState, request: ActionRequest): KeyOutcome {
	const refused = refusal(request);
	if (refused) return none({...state, mode: 'normal', result: {ok: false, message: refused}});
	return {
		state: {
			...state,
			mode: 'normal',
			confirm: undefined,
			editing: undefined,
			pending: `${VERBS[request.verb].progress(request)}…`,
			result: undefined,
		},
		effects: [{kind: 'action', request}],
	};
}

/** Opens the confirmation of a request, or says kubectl's refusal at once. */
export function ask(state: UiState, request: ActionRequest): KeyOutcome {
	const refused = refusal(request);
	if (refused) return none({...state, mode: 'normal', editing: undefined, result: {ok: false, message: refused}});
	return none({...state, mode: 'confirm', confirm: {request, changes: []}});
}

// ---- Prompts: the filter, the command line, replicas and image ----

export const openFilter: Command = state => none({...state, mode: 'filter', line: lineOf(state.filter)});

export const filterApply: Command = state =>
	none({...state, mode: 'normal', filter: state.line.text.trim(), listIndex: 0, selectedKey: undefined});

export const filterClear: Command = state =>
	none({...state, mode: 'normal', filter: '', line: lineOf(''), listIndex: 0, selectedKey: undefined});

/** A key no binding takes in a prompt: an edit of its line (the filter narrows the list as it is typed). */
export function editPrompt(state: UiState, input: string, key: Parameters<typeof editLine>[2]): KeyOutcome {
	if (!isPrompt(state.mode)) return none(state);
	const line = editLine(state.line, input, key);
	if (!line || (line.text === state.line.text && line.cursor === state.line.cursor)) return none(state);
	// A complaint about the line (a bad number, say) is answered by editing it: it goes.
	const result = state.result?.ok === false ? undefined : state.result;
	if (state.mode === 'filter' && line.text !== state.line.text)
		return none({...state, line, result, listIndex: 0, selectedKey: undefined});
	return none({...state, line, result});
}

export const openCommand: Command = state => none({...state, mode: 'command', line: lineOf(''), result: undefined});
export const runCommandLine: Command = (state, context) =>
	runPromptCommand({...state, mode: 'normal'}, context, state.line.text);
export const completeCommandLine: Command = (state, context) =>
	none({...state, line: lineOf(completeCommand(state.line.text, context))});

export const cancelPrompt: Command = state => none({...state, mode: 'normal', line: lineOf(''), editing: undefined});

/** `s`: a prompt prefilled with the replicas the workload asks for. */
export const openScale: Command = (state, context) => {
	const target = targetOf(state, context);
	const summary = targetSummary(state, context);
	if (!target || !summary) return none(state);
	const refused = refusal({...target, verb: 'scale', args: {replicas: 0}});
	if (refused) return none({...state, result: {ok: false, message: refused}});
	return none({
		...state,
		mode: 'scale',
		editing: {target},
		line: lineOf(String(summary.progress.desired)),
		result: undefined,
	});
};

export const askScale: Command = state => {
	const target = state.editing?.target;
	if (!target) return none({...state, mode: 'normal'});
	const text = state.line.text.trim();
	if (!/^\d+$/.test(text)) {
		return none({...state, result: {ok: false, message: `replicas must be a whole number ≥ 0, not "${text}"`}});
	}
	return ask({...state, editing: undefined}, {...target, verb: 'scale', args: {replicas: Number(text)}});
};

/** `i`: the container picker when the template has several containers, else the image prompt. */
export const openSetImage: Command = (state, context) => {
	const target = targetOf(state, context);
	const summary = targetSummary(state, context);
	if (!target || !summary) return none(state);
	const refused = refusal({...target, verb: 'set-image', args: {container: '', image: ''}});
	if (refused) return none({...state, result: {ok: false, message: refused}});
	const containers = summary.images.map(image => image.container);
	if (containers.length > 1) {
		return none({...state, mode: 'container', editing: {target, containers}, pickIndex: 0, result: undefined});
	}
	return imagePrompt(state, summary, target, containers[0] ?? '');
};

function imagePrompt(state: UiState, summary: DeploymentSummary, target: Target, container: string): KeyOutcome {
	const image = summary.images.find(entry => entry.container === container)?.image ?? '';
	return none({...state, mode: 'image', editing: {target, container}, line: lineOf(image), result: undefined});
}

export const pickContainer: Command = (state, context) => {
	const editing = state.editing;
	const container = editing?.containers?.[state.pickIndex];
	const summary = editing && context.snapshot.deployments.find(d => deploymentKey(d) === deploymentKey(editing.target));
	if (!editing || container === undefined || !summary) return cancelPrompt(state, context);
	return imagePrompt(state, summary, editing.target, container);
};

export const askSetImage: Command = state => {
	const editing = state.editing;
	if (!editing || editing.container === undefined) return none({...state, mode: 'normal'});
	const image = state.line.text.trim();
	if (image === '' || /\s/.test(image))
		return none({...state, result: {ok: false, message: `an image is one word (e.g. nginx:1.27), not "${image}"`}});
	return ask(
		{...state, editing: undefined},
		{...editing.target, verb: 'set-image', args: {container: editing.container, image}},
	);
};

// ---- Pickers ----

export function switchNamespace(state: UiState, namespace: string | undefined): KeyOutcome {
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

/** Every namespace (`0`, `:ns all`), unless listing them was forbidden to this user: then the line that says so. */
export const switchToAllNamespaces: Command = (state, context) => {
	const shown = context.snapshot.cluster.namespace;
	if (!context.snapshot.access?.allNamespacesForbidden) return switchNamespace(state, undefined);
	const staying = shown === undefined ? '' : `: staying in ${shown}`;
	return none({...state, result: {ok: false, message: `listing all namespaces is forbidden for this user${staying}`}});
};

export const openNamespacePicker: Command = (state, context) => {
	const current = context.snapshot.cluster.namespace;
	const at = current === undefined ? 0 : namespaceChoices(context.snapshot).indexOf(current);
	return none({...state, mode: 'namespace', namespaceIndex: Math.max(0, at)});
};

export const pickContext: Command = (state, context) => {
	const name = context.contexts[state.pickIndex];
	if (name === undefined) return none({...state, mode: 'normal'});
	return switchContext({...state, mode: 'normal'}, context, name);
};

export function switchContext(state: UiState, context: KeyContext, name: string): KeyOutcome {
	if (!context.contexts.includes(name)) {
		const known = context.contexts.join(', ') || 'none';
		return none({
			...state,
			result: {ok: false, message: `context "${name}" not found in the kubeconfig (known: ${known})`},
		});
	}
	if (name === context.snapshot.cluster.context)
		return none({...state, result: {ok: true, message: `already on context ${name}`}});
	return {
		state: {...state, pending: `switching to context ${name}…`, result: undefined},
		effects: [{kind: 'switchContext', context: name}],
	};
}

export const openContextPicker: Command = (state, context) =>
	none({
		...state,
		mode: 'context',
		pickIndex: Math.max(0, context.contexts.indexOf(context.snapshot.cluster.context)),
	});

// ---- Sorting ----

/** Sorts the list by a column; the same key again reverses the order. */
export const sortBy =
	(by: SortKey): Command =>
	state => {
		const descending = state.sort?.by === by ? !state.sort.descending : false;
		return none({
			...state,
			sort: {by, descending},
			result: {ok: true, message: `sorted by ${by}${descending ? ' (reversed)' : ''}`},
		});
	};

// ---- Copying the command ----

/** `c` in a confirmation: the kubectl command line to the clipboard (OSC 52); the copy reports how it went. */
export const copyCommand: Command = state =>
	state.confirm ? {state, effects: [{kind: 'copy', text: kubectlCommand(state.confirm)}]} : none(state);

/** Names used on screen for a kind filter. */
export const kindsText = (kinds: UiState['kinds']) =>
	kinds ? kinds.map(kind => KINDS[kind].resource).join(', ') : 'all workloads';

export const objectText = (target: Target) => kindSlashName(target.kind, target.name);
