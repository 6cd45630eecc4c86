// The pods panel of a workload's view, for every kind, as the selection sees it: one entry per kind says what a row
// is (a Deployment's pod, newest revision first; a StatefulSet's ordinal; a DaemonSet's node, whose newest pod is the
// row's pod) and which revision its pod belongs to, so that selection, `f`, `l`, Enter, `d` and `y` work alike.
import type {WorkloadKind} from './kinds.js';
import {memo, type Memo} from './memo.js';
import type {DeploymentSummary, NodeSummary, PodSummary, RevisionEntry} from './types.js';
import {daemonSetPicture, statefulSetPicture} from './workload-views.js';

export interface PodPanelRow {
	/** The row's identity for the selection: a pod's name, a StatefulSet's ordinal, a DaemonSet's node. */
	key: string;
	/** The pod the row stands for (l, Enter, d, y act on it); none for an ordinal or a node without a pod. */
	pod?: PodSummary;
	/** The revision number of the row's pod, when known. */
	revision?: number;
	/** The ReplicaSet or ControllerRevision of the row's pod: `f` keeps the rows of one. */
	revisionName?: string;
}

export interface PodPanelInput {
	/** The workload's row in the list (a StatefulSet's partition and revisions, a DaemonSet's counts). */
	summary: DeploymentSummary | undefined;
	pods: readonly PodSummary[];
	history: readonly RevisionEntry[];
	nodes?: readonly NodeSummary[] | undefined;
}

/** The table key of a StatefulSet's ordinal row. */
export const ordinalKey = (ordinal: number) => `ordinal-${ordinal}`;

const nameOf = (history: readonly RevisionEntry[], revision: number | undefined) =>
	revision === undefined ? undefined : history.find(entry => entry.revision === revision)?.replicaSetName;

function row(key: string, pod: PodSummary | undefined, revision: number | undefined, name: string | undefined) {
	const out: PodPanelRow = {key};
	if (pod) out.pod = pod;
	if (revision !== undefined) out.revision = revision;
	if (name !== undefined) out.revisionName = name;
	return out;
}

function deploymentRows({pods, history}: PodPanelInput): PodPanelRow[] {
	const numbers = new Map(history.map(entry => [entry.replicaSetName, entry.revision]));
	return pods
		.map(pod =>
			row(pod.name, pod, pod.replicaSetName ? numbers.get(pod.replicaSetName) : undefined, pod.replicaSetName),
		)
		.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0) || a.key.localeCompare(b.key));
}

function statefulSetRows({summary, pods, history}: PodPanelInput): PodPanelRow[] {
	if (!summary) return [];
	return statefulSetPicture(summary, pods, history).rows.map(ordinal =>
		row(ordinalKey(ordinal.ordinal), ordinal.pod, ordinal.revision, nameOf(history, ordinal.revision)),
	);
}

function daemonSetRows({summary, pods, history, nodes}: PodPanelInput): PodPanelRow[] {
	if (!summary) return [];
	return daemonSetPicture(summary, pods, history, nodes).rows.map(node =>
		row(node.node, node.pods[0], node.revision, nameOf(history, node.revision)),
	);
}

export const POD_PANELS: Readonly<Record<WorkloadKind, (input: PodPanelInput) => PodPanelRow[]>> = {
	Deployment: deploymentRows,
	StatefulSet: statefulSetRows,
	DaemonSet: daemonSetRows,
};

/**
 * What a kind's rows read, as memo inputs: a Deployment's only the pods and the revision number of each ReplicaSet,
 * so that a write to a ReplicaSet (an annotation, its status) keeps the rows of a thousand pods as they are.
 */
const ROW_INPUTS: Readonly<Record<WorkloadKind, (input: PodPanelInput) => readonly unknown[]>> = {
	Deployment: ({pods, history}) => [pods, history.map(entry => `${entry.replicaSetName}=${entry.revision}`).join(' ')],
	StatefulSet: ({summary, pods, history}) => [summary, pods, history],
	DaemonSet: ({summary, pods, history, nodes}) => [summary, pods, history, nodes],
};

// The open workload's rows, kept while what they read is the same (the UI asks on every render and key).
let lastRows: Memo<PodPanelRow[]> | undefined;

/** The rows the pods panel shows: the kind's own, only those of one revision when `revisionName` is set. */
export function podPanelRows(kind: WorkloadKind, input: PodPanelInput, revisionName?: string): PodPanelRow[] {
	lastRows = memo(lastRows, [kind, revisionName, ...ROW_INPUTS[kind](input)], () => {
		const rows = POD_PANELS[kind](input);
		return revisionName === undefined ? rows : rows.filter(entry => entry.revisionName === revisionName);
	});
	return lastRows.value;
}

/** The row to select first: the one of the failing pod a banner names, else the first. */
export function firstRowIndex(rows: readonly PodPanelRow[], failingPod: string | undefined): number {
	if (failingPod === undefined) return 0;
	return Math.max(
		0,
		rows.findIndex(entry => entry.pod?.name === failingPod),
	);
}
