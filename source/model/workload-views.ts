// What the StatefulSet and DaemonSet views show, computed from the focus: a StatefulSet's pods by ordinal with their
// revision, the partition, the pod the controller updates next; a DaemonSet's nodes with the pod on each, the nodes
// that should have one and do not, the misscheduled pods, and the surge and unavailability budgets in use.
import type {DeploymentSummary, NodeSummary, PodSummary, RevisionEntry} from './types.js';

export interface OrdinalRow {
	ordinal: number;
	/** Undefined: no pod at this ordinal right now (being created, or deleted for an update). */
	pod?: PodSummary;
	/** The revision number of the pod's ControllerRevision, when known. */
	revision?: number;
	/** Whether the pod is on the update revision (the template now), the current one, or neither known. */
	side: 'update' | 'current' | 'unknown';
	/** At or above the partition: the rollout updates this ordinal. */
	updates: boolean;
	/** The pod the controller replaces next. */
	next: boolean;
}

export interface StatefulSetPicture {
	rows: OrdinalRow[];
	partition: number;
	/** "ordinals ≥ 2 update" (or every ordinal). */
	partitionText: string;
	/** The ordinal the controller updates next; undefined when none is left. */
	nextOrdinal?: number;
	/** The update order, in words. */
	orderText: string;
	currentRevision?: number;
	updateRevision?: number;
	/** An OnDelete StatefulSet: which pods still wait for someone to delete them. */
	onDeleteText?: string;
}

/** The ordinal at the end of a StatefulSet pod's name (`web-2` → 2). */
export function ordinalOf(setName: string, podName: string): number | undefined {
	if (!podName.startsWith(`${setName}-`)) return undefined;
	const suffix = podName.slice(setName.length + 1);
	return /^\d+$/.test(suffix) ? Number(suffix) : undefined;
}

/** The hash part of a ControllerRevision's name (`web-7d4f8c9b6` → `7d4f8c9b6`). */
const hashOf = (owner: string, revisionName: string) =>
	revisionName.startsWith(`${owner}-`) ? revisionName.slice(owner.length + 1) : revisionName;

/**
 * The revision a pod's controller-revision-hash label names: a StatefulSet's pods carry the ControllerRevision's
 * whole name (web-7d4f8c9b6), a DaemonSet's the hash alone.
 */
function revisionByHash(history: readonly RevisionEntry[], hash: string | undefined): RevisionEntry | undefined {
	if (!hash) return undefined;
	return history.find(entry => entry.podTemplateHash === hash || entry.replicaSetName === hash);
}

export function statefulSetPicture(
	summary: DeploymentSummary,
	pods: readonly PodSummary[],
	history: readonly RevisionEntry[],
): StatefulSetPicture {
	const details = summary.statefulSet;
	const replicas = summary.progress.desired;
	const partition = details?.partition ?? 0;
	const updateHash = details ? hashOf(summary.name, details.updateRevision) : undefined;
	const currentHash = details ? hashOf(summary.name, details.currentRevision) : undefined;
	const byOrdinal = new Map<number, PodSummary>();
	for (const pod of pods) {
		const ordinal = ordinalOf(summary.name, pod.name);
		if (ordinal !== undefined) byOrdinal.set(ordinal, pod);
	}
	const count = Math.max(replicas, ...[...byOrdinal.keys()].map(ordinal => ordinal + 1));
	const rows: OrdinalRow[] = [];
	for (let ordinal = 0; ordinal < count; ordinal++) {
		const pod = byOrdinal.get(ordinal);
		const label = pod?.controllerRevisionHash;
		const hash = label === undefined ? undefined : hashOf(summary.name, label);
		const side = !hash ? 'unknown' : hash === updateHash ? 'update' : hash === currentHash ? 'current' : 'unknown';
		const row: OrdinalRow = {ordinal, side, updates: ordinal >= partition, next: false};
		if (pod) row.pod = pod;
		const revision = revisionByHash(history, label)?.revision;
		if (revision !== undefined) row.revision = revision;
		rows.push(row);
	}
	const onDelete = summary.strategy === 'OnDelete';
	// The controller replaces pods from the highest ordinal down, and only those at or above the partition.
	const next = onDelete
		? undefined
		: [...rows].reverse().find(row => row.pod && row.ordinal < replicas && row.updates && row.side !== 'update');
	if (next) next.next = true;
	const picture: StatefulSetPicture = {
		rows,
		partition,
		partitionText: partition > 0 ? `ordinals ≥ ${partition} update` : 'every ordinal updates',
		orderText: onDelete
			? 'OnDelete: the controller replaces no pod by itself'
			: details?.podManagementPolicy === 'Parallel'
				? 'Parallel: pods start and stop together; updates still go from the highest ordinal down'
				: 'OrderedReady: one pod at a time, from the highest ordinal down, each Ready before the next',
	};
	if (next) picture.nextOrdinal = next.ordinal;
	const current = revisionByHash(history, currentHash)?.revision;
	if (current !== undefined) picture.currentRevision = current;
	const update = revisionByHash(history, updateHash)?.revision;
	if (update !== undefined) picture.updateRevision = update;
	if (onDelete) {
		const waiting = rows.filter(row => row.pod && row.side !== 'update').length;
		const on = current !== undefined ? `revision ${current}` : 'an older revision';
		picture.onDeleteText =
			waiting === 0
				? 'pods update only when deleted: every pod is on the update revision'
				: `pods update only when deleted: ${waiting} of ${rows.length} still on ${on}`;
	}
	return picture;
}

export interface NodeRow {
	node: string;
	/** The node's pods of this DaemonSet (two while surging). */
	pods: PodSummary[];
	revision?: number;
	/** Whether the newest pod on the node is on the current template. */
	updated: boolean;
	ready: boolean;
	/** The node runs no available pod: it counts against maxUnavailable. */
	unavailable: boolean;
	/** The node has no pod of this DaemonSet. */
	missing: boolean;
	/** Cordoned or not Ready: the DaemonSet may not place a pod there. */
	nodeNote?: string;
}

export interface DaemonSetPicture {
	rows: NodeRow[];
	/** Pods on nodes the cluster does not list (misscheduled, or the node is gone). */
	strayPods: PodSummary[];
	desired: number;
	/** Nodes that should run a pod and do not. */
	lacking: number;
	misscheduled: number;
	maxSurge: number;
	maxUnavailable: number;
	/** Nodes with two pods now (the surge in use). */
	surgeInUse: number;
	/** Nodes that should have an available pod and have none. */
	unavailableInUse: number;
}

export function daemonSetPicture(
	summary: DeploymentSummary,
	pods: readonly PodSummary[],
	history: readonly RevisionEntry[],
	nodes: readonly NodeSummary[] | undefined,
): DaemonSetPicture {
	const current = history.find(entry => entry.isCurrent);
	const byNode = new Map<string, PodSummary[]>();
	for (const pod of pods) {
		if (!pod.nodeName || pod.terminating) continue;
		byNode.set(pod.nodeName, [...(byNode.get(pod.nodeName) ?? []), pod]);
	}
	const nodeNames = nodes ? nodes.map(node => node.name) : [...byNode.keys()].sort();
	const known = new Set(nodeNames);
	const rows = nodeNames.map((name): NodeRow => {
		const onNode = [...(byNode.get(name) ?? [])].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
		const newest = onNode[0];
		const node = nodes?.find(n => n.name === name);
		const row: NodeRow = {
			node: name,
			pods: onNode,
			updated: Boolean(newest && current && newest.controllerRevisionHash === current.podTemplateHash),
			ready: onNode.some(pod => pod.ready),
			unavailable: !onNode.some(pod => pod.ready),
			missing: onNode.length === 0,
		};
		const revision = revisionByHash(history, newest?.controllerRevisionHash)?.revision;
		if (revision !== undefined) row.revision = revision;
		if (node && !node.ready) row.nodeNote = 'node not Ready';
		else if (node?.unschedulable) row.nodeNote = 'cordoned';
		return row;
	});
	const details = summary.daemonSet;
	const desired = details?.desiredNumberScheduled ?? summary.progress.desired;
	return {
		rows,
		strayPods: pods.filter(pod => pod.nodeName && !known.has(pod.nodeName)),
		desired,
		lacking: Math.max(0, desired - (details?.currentNumberScheduled ?? 0)),
		misscheduled: details?.numberMisscheduled ?? 0,
		maxSurge: summary.progress.maxSurge,
		maxUnavailable: summary.progress.maxUnavailable,
		surgeInUse: rows.filter(row => row.pods.length > 1).length,
		unavailableInUse: summary.progress.unavailableInUse,
	};
}
