// The dashboard's view state and the pure selectors that read it together with the snapshot.
import {kindSlashName} from '../model/kinds.js';
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

export type Mode = 'normal' | 'filter' | 'namespace' | 'help' | 'confirm' | 'container' | 'search';

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
	/** Applied filter, and the one being typed after `/`. */
	filter: string;
	filterDraft: string;
	namespaceIndex: number;
	/** The open deployment (deployment view). */
	open?: Target;
	/** The selected revision, by number so that it stays put when a rollout adds one; the index is the fallback. */
	selectedRevision?: number;
	revisionIndex: number;
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
	filterDraft: '',
	namespaceIndex: 0,
	revisionIndex: 0,
	selectedRevision: undefined,
	panel: 'revisions',
	podIndex: 0,
	eventIndex: 0,
	pages: [],
	text: initialTextView(),
};

export const sameWorkload = (a: WorkloadRef, b: WorkloadRef) =>
	a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

export const deploymentKey = (d: {namespace: string; name: string}) => `${d.namespace}/${d.name}`;

/** The revision an undo confirmation goes back to (0 for any other action). */
export const confirmRevision = (confirm: Confirmation) =>
	confirm.request.verb === 'undo' ? confirm.request.args.toRevision : 0;

/** The deployments the list shows: the snapshot's, narrowed by the filter (name or namespace, case-insensitive). */
export function visibleDeployments(snapshot: DashboardSnapshot, filter: string): DeploymentSummary[] {
	const needle = filter.trim().toLowerCase();
	if (needle === '') return snapshot.deployments;
	return snapshot.deployments.filter(
		d => d.name.toLowerCase().includes(needle) || d.namespace.toLowerCase().includes(needle),
	);
}

/** The filter in effect: the draft while typing (the list narrows as you type), else the applied one. */
export const activeFilter = (state: UiState) => (state.mode === 'filter' ? state.filterDraft : state.filter);

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
	if (!state.open || !focus || !sameWorkload(focus, state.open)) return undefined;
	return [...focus.history].sort((a, b) => b.revision - a.revision);
}

/** Index of the selected revision in `revisions` (newest first). */
export function revisionIndexOf(state: UiState, revisions: RevisionEntry[]): number {
	if (revisions.length === 0) return 0;
	if (state.selectedRevision !== undefined) {
		const index = revisions.findIndex(revision => revision.revision === state.selectedRevision);
		if (index >= 0) return index;
	}
	return Math.min(Math.max(0, state.revisionIndex), revisions.length - 1);
}

/** Choices in the namespace picker: "all", then the cluster's namespaces. */
export function namespaceChoices(snapshot: DashboardSnapshot): string[] {
	return ['all', ...snapshot.namespaces];
}

/** The command line that does what a confirmation would, shown so people can learn (or script) it. */
export function kubectlCommand({request}: Confirmation): string {
	const command = `kubectl rollout ${request.verb} ${kindSlashName(request.kind, request.name)} -n ${request.namespace}`;
	return request.verb === 'undo' ? `${command} --to-revision=${request.args.toRevision}` : command;
}
