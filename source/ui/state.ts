// The dashboard's view state and the pure selectors that read it together with the snapshot.
import {KINDS, type WorkloadKind} from '../model/kinds.js';
import {VERBS} from '../model/verbs.js';
import type {Panel} from '../model/deployment-view.js';
import {initialTextView, type TextViewState} from '../model/text-view.js';
import type {
	ActionRequest,
	DashboardSnapshot,
	DeploymentSummary,
	RevisionEntry,
	TemplateChange,
	WorkloadRef,
	ObjectRef,
} from '../model/types.js';

import type {KeyPress} from './key-reader.js';
import {lineOf, type Line} from './line-editor.js';
import {sortDeployments} from './list-order.js';

/** What covers the view: nothing, a prompt being typed, a picker, the help or a confirmation. */
export type Mode =
	| 'normal'
	| PromptMode
	| 'namespace'
	| 'context'
	| 'container'
	| 'logContainer'
	| 'search'
	| 'help'
	| 'confirm';

/** The modes where a line is typed (state.line), each Enter-applies and Esc-cancels. */
export type PromptMode = 'filter' | 'command' | 'scale' | 'image';
export const PROMPT_MODES: readonly Mode[] = ['filter', 'command', 'scale', 'image'];
export const isPrompt = (mode: Mode): mode is PromptMode => PROMPT_MODES.includes(mode);

/** Which column the list is sorted by; undefined keeps the snapshot's order (namespace, then name). */
export type SortKey = 'name' | 'age' | 'phase' | 'namespace';

/** What a scale or set-image prompt (or the container picker before it) acts on. */
export interface Editing {
	target: Target;
	/** Set image: the container whose image is edited; the picker's choices. */
	container?: string;
	containers?: string[];
}

/** A page that covers the deployment view: a pod's own view, a container's log, a describe or YAML text. */
export type Page =
	| {kind: 'pod'; namespace: string; pod: string}
	| {kind: 'logs'; namespace: string; pod: string; container: string; previous: boolean}
	| {kind: 'text'; what: 'describe' | 'yaml'; ref: ObjectRef};

/** The container picker, when a pod has several and `l` was pressed. */
export interface ContainerChoice {
	namespace: string;
	pod: string;
	containers: string[];
	index: number;
}

/** The workload a key acts on. */
export type Target = WorkloadRef;

/** An action waiting for y/n. */
export interface Confirmation {
	/** What confirming sends; an undo carries the generation the user saw when the confirmation opened. */
	request: ActionRequest;
	/** For undo: the template changes it would make (from session.templateDiff). */
	changes: TemplateChange[];
	diffError?: string;
}

export interface ResultLine {
	ok: boolean;
	message: string;
}

export interface UiState {
	view: 'list' | 'deployment';
	mode: Mode;
	/** The selected deployment in the list, by namespace/name so that it survives reordering. */
	selectedKey?: string;
	listIndex: number;
	/** Applied filter. */
	filter: string;
	/** The line being typed in a prompt (the filter while typing it, a command, replicas, an image). */
	line: Line;
	/** The kinds the list shows (`:deploy`, `:sts`, `:ds`); undefined for every kind (`:all`). */
	kinds?: readonly WorkloadKind[];
	sort?: {by: SortKey; descending: boolean};
	/** What the scale or set-image prompt acts on. */
	editing?: Editing;
	namespaceIndex: number;
	/** The selection in the context picker and the container picker. */
	pickIndex: number;
	/** The open deployment (deployment view). */
	open?: Target;
	/**
	 * The selected revision by its ReplicaSet, so that the selection stays on it when a rollout adds a revision or an
	 * undo renumbers it; the index is the fallback (and the previous revision before anything is selected).
	 */
	selectedReplicaSet?: string;
	revisionIndex: number;
	/**
	 * Keys typed before what they act on arrived (the first list, or the deployment view's history), applied in order
	 * once it has (keys.ts).
	 */
	queued?: KeyPress[];
	/** Set once a snapshot with the list has arrived: keys typed before wait for it in `queued`. */
	listed?: true;
	confirm?: Confirmation;
	result?: ResultLine;
	/** An action in flight, e.g. "pausing deployment/web…". */
	pending?: string;
	/** When the result line was set and when the last key was pressed (the result fades after either). */
	resultAt?: number;
	lastKeyAt?: number;
	/** The deployment view's panel with the focus, and the selection in the pods and events panels. */
	panel: Panel;
	/** The selected pod by name (survives reordering); the index is the fallback. */
	selectedPod?: string;
	podIndex: number;
	eventIndex: number;
	/** Pods shown only for this ReplicaSet (a revision's), when set. */
	podFilter?: string;
	/** Pages over the deployment view, the top one last (Esc goes back one). */
	pages: Page[];
	/** The top page's scroll and search. */
	text: TextViewState;
	container?: ContainerChoice;
}

export const initialUiState: UiState = {
	view: 'list',
	mode: 'normal',
	listIndex: 0,
	filter: '',
	line: lineOf(''),
	namespaceIndex: 0,
	pickIndex: 0,
	revisionIndex: 0,
	panel: 'revisions',
	podIndex: 0,
	eventIndex: 0,
	pages: [],
	text: initialTextView(),
};

export const sameWorkload = (a: WorkloadRef, b: WorkloadRef) =>
	a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

/** A Deployment's key is namespace/name; another kind's is prefixed with its short name (sts:ns/name). */
export const deploymentKey = (d: {kind?: string; namespace: string; name: string}) =>
	d.kind === undefined || d.kind === 'Deployment'
		? `${d.namespace}/${d.name}`
		: `${KINDS[d.kind as WorkloadKind]?.shortName ?? d.kind}:${d.namespace}/${d.name}`;

/** The revision an undo confirmation goes back to (0 for any other action). */
export const confirmRevision = (confirm: Confirmation) =>
	confirm.request.verb === 'undo' ? confirm.request.args.toRevision : 0;

/** The deployments the list shows: the snapshot's of the chosen kinds, narrowed by the filter (name or namespace,
 * case-insensitive), in the chosen order. */
export function visibleDeployments(
	snapshot: DashboardSnapshot,
	filter: string,
	view: Pick<UiState, 'kinds' | 'sort'> = {},
): DeploymentSummary[] {
	const needle = filter.trim().toLowerCase();
	const kinds = view.kinds;
	const shown =
		needle === '' && !kinds
			? snapshot.deployments
			: snapshot.deployments.filter(
					d =>
						(!kinds || kinds.includes(d.kind)) &&
						(d.name.toLowerCase().includes(needle) || d.namespace.toLowerCase().includes(needle)),
				);
	return sortDeployments(shown, view.sort);
}

/** The list's count line: the rows of the chosen kinds before the filter, and what to call them ("deployments"
 * when there is one kind, else "workloads"). */
export function listCount(snapshot: DashboardSnapshot, kinds: UiState['kinds']): {total: number; noun: string} {
	const rows = kinds ? snapshot.deployments.filter(d => kinds.includes(d.kind)) : snapshot.deployments;
	const present = kinds ?? [...new Set(rows.map(d => d.kind))];
	const only = present.length === 1 ? present[0] : rows.length === 0 ? 'Deployment' : undefined;
	return {total: rows.length, noun: only ? KINDS[only].resource : 'workloads'};
}

/** What an empty list says: loading until the first list has come, else that none (of the kinds, matching) exist. */
export function emptyListText(snapshot: DashboardSnapshot, kinds: UiState['kinds'], filter: string): string {
	if (!snapshot.workloadsListed && snapshot.connection.state === 'connecting') return 'loading…';
	const {noun} = listCount(snapshot, kinds);
	return filter === '' ? `no ${noun}` : `no ${noun} match "${filter}"`;
}

/** The filter in effect: the draft while typing (the list narrows as you type), else the applied one. */
export const activeFilter = (state: UiState) => (state.mode === 'filter' ? state.line.text : state.filter);

/** Index of the selected deployment in the visible list (follows the deployment when rows move). */
export function selectedIndex(state: UiState, visible: DeploymentSummary[]): number {
	if (visible.length === 0) return 0;
	if (state.selectedKey !== undefined) {
		const index = visible.findIndex(d => deploymentKey(d) === state.selectedKey);
		if (index >= 0) return index;
	}
	return Math.min(Math.max(0, state.listIndex), visible.length - 1);
}

export function openDeployment(state: UiState, snapshot: DashboardSnapshot): DeploymentSummary | undefined {
	const open = state.open;
	if (!open) return undefined;
	return snapshot.deployments.find(d => sameWorkload(d, open));
}

/** The open deployment's revisions, newest first, once the session focuses it. */
export function revisionsOf(state: UiState, snapshot: DashboardSnapshot): RevisionEntry[] | undefined {
	const focus = snapshot.focus;
	if (!state.open || !focus || focus.loading || !sameWorkload(focus, state.open)) return undefined;
	return [...focus.history].sort((a, b) => b.revision - a.revision);
}

/**
 * The previous revision, where `kubectl rollout undo` without --to-revision goes: the newest revision below the
 * current one; the current one when there is no other.
 */
export function previousRevisionIndex(revisions: RevisionEntry[]): number {
	const current = revisions.find(revision => revision.isCurrent) ?? revisions[0];
	if (!current) return 0;
	const index = revisions.findIndex(revision => revision.revision < current.revision);
	return index >= 0 ? index : revisions.indexOf(current);
}

/** Index of the selected revision in `revisions` (newest first): its ReplicaSet's row, else the previous revision. */
export function revisionIndexOf(state: UiState, revisions: RevisionEntry[]): number {
	if (revisions.length === 0) return 0;
	if (state.selectedReplicaSet !== undefined) {
		const index = revisions.findIndex(revision => revision.replicaSetName === state.selectedReplicaSet);
		if (index >= 0) return index;
		return Math.min(Math.max(0, state.revisionIndex), revisions.length - 1);
	}
	return previousRevisionIndex(revisions);
}

/** Choices in the namespace picker: "all" (unless the user may not list every namespace), then the namespaces. */
export function namespaceChoices(snapshot: DashboardSnapshot): string[] {
	return snapshot.access?.allNamespacesForbidden ? [...snapshot.namespaces] : ['all', ...snapshot.namespaces];
}

/** The command line that does what a confirmation would, shown so people can learn (or script) it. */
export const kubectlCommand = ({request}: Confirmation): string => VERBS[request.verb].kubectl(request);
