// A workload view's panels and the pages over it (a pod, a container's log, describe, YAML), as pure commands
// for the keymap: which panel has the focus, what is selected in it, which object a key acts on, and the scrolling
// and search of a page. Nothing here renders or talks to the cluster; effects ask App to open a log or fetch a text.
import {eventsNewestFirst, nextPanel} from '../model/deployment-view.js';
import {firstRowIndex, podPanelRows, type PodPanelRow} from '../model/pod-panel.js';
import {initialTextView, textViewReduce, type LineSource, type TextViewAction} from '../model/text-view.js';
import type {DashboardSnapshot, EventSummary, ObjectRef, PodSummary, RevisionEntry} from '../model/types.js';
import {openDeployment, revisionIndexOf, revisionsOf, sameWorkload, type Page, type UiState} from './state.js';

/** The page on top, if any. */
export const topPage = (state: UiState): Page | undefined => state.pages.at(-1);

/**
 * The rows of the open workload's pods panel, its kind's own (pods newest revision first, ordinals, nodes), only
 * those of one revision after `f`.
 */
export function shownPods(state: UiState, snapshot: DashboardSnapshot): PodPanelRow[] {
	const focus = snapshot.focus;
	if (!state.open || !focus || !sameWorkload(focus, state.open)) return [];
	const input = {
		summary: openDeployment(state, snapshot),
		pods: focus.pods,
		history: focus.history,
		nodes: focus.nodes,
	};
	return podPanelRows(state.open.kind, input, state.podFilter);
}

/** The selected row's index: by key, else the failing pod's row (so Enter Tab l reaches it), else 0. */
export function podIndexOf(state: UiState, snapshot: DashboardSnapshot, rows: readonly PodPanelRow[]): number {
	if (rows.length === 0) return 0;
	if (state.selectedPod !== undefined) {
		const index = rows.findIndex(entry => entry.key === state.selectedPod);
		if (index >= 0) return index;
		return Math.min(state.podIndex, rows.length - 1);
	}
	return firstRowIndex(rows, openDeployment(state, snapshot)?.failure?.pod);
}

export function shownEvents(snapshot: DashboardSnapshot): EventSummary[] {
	return eventsNewestFirst(snapshot.focus?.events ?? []);
}

/** The pod of the selected row (an ordinal or a node may have none). */
export function selectedPod(state: UiState, snapshot: DashboardSnapshot): PodSummary | undefined {
	const rows = shownPods(state, snapshot);
	return rows[podIndexOf(state, snapshot, rows)]?.pod;
}

function selectedRevision(state: UiState, snapshot: DashboardSnapshot): RevisionEntry | undefined {
	const revisions = revisionsOf(state, snapshot) ?? [];
	return revisions[revisionIndexOf(state, revisions)];
}

export interface Outcome {
	state: UiState;
	effects: PageEffect[];
}

export type PageEffect =
	| {kind: 'logs'; target: {namespace: string; pod: string; container: string} | undefined}
	| {kind: 'previous'; previous: boolean}
	| {kind: 'text'; what: 'describe' | 'yaml'; ref: ObjectRef};

const same = (state: UiState): Outcome => ({state, effects: []});

export const focusPanel =
	(direction: 1 | -1) =>
	(state: UiState): Outcome =>
		same({...state, panel: nextPanel(state.panel, direction)});

/** Moves the selection of the focused panel (revisions are moved by the keymap's own command). */
export function movePanel(state: UiState, snapshot: DashboardSnapshot, delta: number): UiState {
	const clamp = (value: number, length: number) => (length <= 0 ? 0 : Math.max(0, Math.min(value, length - 1)));
	if (state.panel === 'pods') {
		const rows = shownPods(state, snapshot);
		const next = clamp(podIndexOf(state, snapshot, rows) + delta, rows.length);
		return {...state, podIndex: next, selectedPod: rows[next]?.key};
	}
	const events = shownEvents(snapshot);
	return {...state, eventIndex: clamp(state.eventIndex + delta, events.length)};
}

/** `f`: pods of the selected revision only, or all pods again. */
export function togglePodFilter(state: UiState, snapshot: DashboardSnapshot): Outcome {
	if (state.podFilter !== undefined)
		return same({...state, podFilter: undefined, result: {ok: true, message: 'pods of every revision'}});
	const revision = selectedRevision(state, snapshot);
	if (!revision) return same(state);
	return same({
		...state,
		podFilter: revision.replicaSetName,
		podIndex: 0,
		selectedPod: undefined,
		result: {ok: true, message: `pods of revision ${revision.revision} only (f: all pods)`},
	});
}

function push(state: UiState, page: Page, effects: PageEffect[]): Outcome {
	const follow = page.kind === 'logs';
	return {
		state: {
			...state,
			mode: 'normal',
			pages: [...state.pages, page],
			text: initialTextView({follow}),
			result: undefined,
		},
		effects,
	};
}

/** The pod a page or the pods panel is on. */
function podInFocus(state: UiState, snapshot: DashboardSnapshot): {namespace: string; name: string} | undefined {
	const page = topPage(state);
	if (page?.kind === 'pod') return {namespace: page.namespace, name: page.pod};
	if (!state.open || state.panel !== 'pods') return undefined;
	const rows = shownPods(state, snapshot);
	const pod = rows[podIndexOf(state, snapshot, rows)]?.pod;
	if (pod) return {namespace: pod.namespace || state.open.namespace, name: pod.name};
	// The pods are still loading: the failing pod the banner names is the one to look at.
	const failing = rows.length === 0 ? openDeployment(state, snapshot)?.failure?.pod : undefined;
	return failing ? {namespace: state.open.namespace, name: failing} : undefined;
}

function containersOf(snapshot: DashboardSnapshot, name: string): string[] {
	const pod = snapshot.focus?.podObjects?.find(p => p.metadata.name === name);
	return (pod?.spec?.containers ?? []).map(container => container.name);
}

/** `l`: the selected pod's log, following; the container is asked for when the pod has several. */
export function openLogs(state: UiState, snapshot: DashboardSnapshot): Outcome {
	const pod = podInFocus(state, snapshot);
	if (!pod) {
		const message = state.panel === 'pods' ? 'no pod in this row now' : 'select a pod first (Tab to the pods panel)';
		return same({...state, result: {ok: false, message}});
	}
	const containers = containersOf(snapshot, pod.name);
	if (containers.length > 1)
		return same({
			...state,
			mode: 'logContainer',
			container: {namespace: pod.namespace, pod: pod.name, containers, index: 0},
		});
	return logsOf(state, pod.namespace, pod.name, containers[0] ?? '');
}

function logsOf(state: UiState, namespace: string, pod: string, container: string): Outcome {
	return push(state, {kind: 'logs', namespace, pod, container, previous: false}, [
		{kind: 'logs', target: {namespace, pod, container}},
	]);
}

export function pickContainer(state: UiState): Outcome {
	const choice = state.container;
	if (!choice) return same({...state, mode: 'normal'});
	const container = choice.containers[choice.index] ?? choice.containers[0] ?? '';
	return logsOf({...state, container: undefined}, choice.namespace, choice.pod, container);
}

export function moveContainer(state: UiState, delta: number): Outcome {
	const choice = state.container;
	if (!choice) return same(state);
	const index = Math.max(0, Math.min(choice.index + delta, choice.containers.length - 1));
	return same({...state, container: {...choice, index}});
}

/** `Enter` on a pod: its own page. */
export function openPod(state: UiState, snapshot: DashboardSnapshot): Outcome {
	const pod = podInFocus(state, snapshot);
	return pod ? push(state, {kind: 'pod', namespace: pod.namespace, pod: pod.name}, []) : same(state);
}

/** The object `d` and `y` show: the list's workload; in a workload's view, the focused panel's selection. */
export function objectInFocus(
	state: UiState,
	snapshot: DashboardSnapshot,
	listTarget?: ObjectRef,
): ObjectRef | undefined {
	const page = topPage(state);
	if (page?.kind === 'pod') return {kind: 'Pod', namespace: page.namespace, name: page.pod};
	if (page) return undefined;
	if (state.view === 'list' || !state.open) return listTarget;
	const {kind, namespace, name} = state.open;
	if (state.panel === 'revisions') {
		// A Deployment's revisions are ReplicaSets; a StatefulSet's and a DaemonSet's are ControllerRevisions.
		const revision = selectedRevision(state, snapshot);
		const revisionKind = kind === 'Deployment' ? 'ReplicaSet' : 'ControllerRevision';
		return revision ? {kind: revisionKind, namespace, name: revision.replicaSetName} : undefined;
	}
	if (state.panel === 'pods') {
		const pod = podInFocus(state, snapshot);
		return pod ? {kind: 'Pod', namespace: pod.namespace, name: pod.name} : undefined;
	}
	return {kind, namespace, name};
}

export function openText(
	state: UiState,
	snapshot: DashboardSnapshot,
	what: 'describe' | 'yaml',
	listTarget?: ObjectRef,
): Outcome {
	const ref = objectInFocus(state, snapshot, listTarget);
	if (!ref) return same(state);
	return push(state, {kind: 'text', what, ref}, [{kind: 'text', what, ref}]);
}

/** Esc on a page: back one page (a log stops streaming). */
export function closePage(state: UiState): Outcome {
	const page = topPage(state);
	const pages = state.pages.slice(0, -1);
	const below = pages.at(-1);
	const effects: PageEffect[] = page?.kind === 'logs' ? [{kind: 'logs', target: undefined}] : [];
	return {state: {...state, pages, text: initialTextView({follow: below?.kind === 'logs'})}, effects};
}

/** `p` in a log: the previous run's log, or the current one again. */
export function togglePrevious(state: UiState): Outcome {
	const page = topPage(state);
	if (page?.kind !== 'logs') return same(state);
	const previous = !page.previous;
	return {
		state: {
			...state,
			pages: [...state.pages.slice(0, -1), {...page, previous}],
			text: initialTextView({follow: !previous, wrap: state.text.wrap}),
		},
		effects: [{kind: 'previous', previous}],
	};
}

export interface PageView {
	source: LineSource;
	width: number;
	height: number;
}

/** A scrolling or search key on the page's text. */
export function pageKey(state: UiState, view: PageView | undefined, action: TextViewAction): Outcome {
	if (!view) return same(state);
	const followable = topPage(state)?.kind === 'logs' && !isPrevious(state);
	const text = textViewReduce(state.text, action, view.source, {...view, followable});
	const mode = text.searching ? 'search' : state.mode === 'search' ? 'normal' : state.mode;
	return same({...state, text, mode});
}

function isPrevious(state: UiState): boolean {
	const page = topPage(state);
	return page?.kind === 'logs' && page.previous;
}

/** Text typed into the page's search prompt. */
export function typeSearch(state: UiState, input: string): Outcome {
	const text = input.replace(/[\u0000-\u001f\u007f]/g, '');
	if (text === '') return same(state);
	return same({...state, text: {...state.text, query: state.text.query + text}});
}
