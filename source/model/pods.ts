// Pods and events as a person reads them: kubectl's STATUS and READY columns, and the events of one deployment.
import {POD_TEMPLATE_HASH_LABEL} from '../k8s/annotations.js';
import {parseTime, type EventJson, type PodJson} from './objects.js';
import type {EventSummary, PodSummary, WorkloadKind} from './types.js';

function isRestartableInit(pod: PodJson, name: string): boolean {
	const container = pod.spec?.initContainers?.find(c => c.name === name);
	return container?.['restartPolicy'] === 'Always';
}

/** kubectl get pods' STATUS column (printPod in pkg/printers/internalversion/printers.go), plus READY and RESTARTS. */
export function podDisplay(pod: PodJson): {
	status: string;
	readyContainers: number;
	totalContainers: number;
	restarts: number;
} {
	const status = pod.status ?? {};
	const initContainers = pod.spec?.initContainers ?? [];
	let totalContainers = (pod.spec?.containers ?? []).length;
	for (const container of initContainers) if (container['restartPolicy'] === 'Always') totalContainers++;
	let readyContainers = 0;
	let restarts = 0;
	let sidecarRestarts = 0;
	let reason = status.reason || status.phase || '';
	if ((status.conditions ?? []).some(c => c.type === 'PodScheduled' && c.reason === 'SchedulingGated'))
		reason = 'SchedulingGated';

	let initializing = false;
	const initStatuses = status.initContainerStatuses ?? [];
	for (let index = 0; index < initStatuses.length; index++) {
		const container = initStatuses[index]!;
		restarts += container.restartCount ?? 0;
		const restartable = isRestartableInit(pod, container.name);
		if (restartable) sidecarRestarts += container.restartCount ?? 0;
		const terminated = container.state?.terminated;
		const waiting = container.state?.waiting;
		if (terminated && (terminated.exitCode ?? 0) === 0) continue;
		if (restartable && container.started) {
			if (container.ready) readyContainers++;
			continue;
		}
		if (terminated) {
			if (terminated.reason) reason = `Init:${terminated.reason}`;
			else
				reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
		} else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
			reason = `Init:${waiting.reason}`;
		} else {
			reason = `Init:${index}/${initContainers.length}`;
		}
		initializing = true;
		break;
	}

	const initialized = (status.conditions ?? []).some(c => c.type === 'Initialized' && c.status === 'True');
	if (!initializing || initialized) {
		restarts = sidecarRestarts;
		let hasRunning = false;
		const statuses = status.containerStatuses ?? [];
		for (let index = statuses.length - 1; index >= 0; index--) {
			const container = statuses[index]!;
			restarts += container.restartCount ?? 0;
			const {waiting, terminated, running} = container.state ?? {};
			if (waiting?.reason) reason = waiting.reason;
			else if (terminated?.reason) reason = terminated.reason;
			else if (terminated)
				reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
			else if (container.ready && running) {
				hasRunning = true;
				readyContainers++;
			}
		}
		if (reason === 'Completed' && hasRunning) reason = podReady(pod) ? 'Running' : 'NotReady';
	}

	if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
	else if (pod.metadata.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed')
		reason = 'Terminating';
	return {status: reason, readyContainers, totalContainers, restarts};
}

export function podReady(pod: PodJson): boolean {
	return (pod.status?.conditions ?? []).some(c => c.type === 'Ready' && c.status === 'True');
}

export function summarizePod(pod: PodJson): PodSummary {
	const display = podDisplay(pod);
	const owner = pod.metadata.ownerReferences?.find(ref => ref.controller && ref.kind === 'ReplicaSet');
	const summary: PodSummary = {
		namespace: pod.metadata.namespace ?? '',
		name: pod.metadata.name,
		status: display.status,
		ready: podReady(pod),
		readyText: `${display.readyContainers}/${display.totalContainers}`,
		restarts: display.restarts,
		createdAt: parseTime(pod.metadata.creationTimestamp) ?? new Date(0),
		terminating: Boolean(pod.metadata.deletionTimestamp),
	};
	if (owner) summary.replicaSetName = owner.name;
	const hash = pod.metadata.labels?.[POD_TEMPLATE_HASH_LABEL];
	if (hash) summary.podTemplateHash = hash;
	// A StatefulSet's or DaemonSet's pod: its revision, its node, its ordinal.
	const revisionHash = pod.metadata.labels?.['controller-revision-hash'];
	if (revisionHash) summary.controllerRevisionHash = revisionHash;
	if (pod.spec?.nodeName) summary.nodeName = pod.spec.nodeName;
	return summary;
}

export function comparePodSummaries(a: PodSummary, b: PodSummary): number {
	return (a.replicaSetName ?? '').localeCompare(b.replicaSetName ?? '') || a.name.localeCompare(b.name);
}

/**
 * Pods sorted by ReplicaSet (newest hash first is the UI's business), then name. With a cache, a pod object seen
 * before (watch caches replace objects on change) keeps its summary, and so its identity.
 */
export function summarizePods(pods: readonly PodJson[], cache?: WeakMap<PodJson, PodSummary>): PodSummary[] {
	const summaries = pods.map(pod => {
		let summary = cache?.get(pod);
		if (!summary) {
			summary = summarizePod(pod);
			cache?.set(pod, summary);
		}
		return summary;
	});
	return summaries.sort(comparePodSummaries);
}

export function eventLastSeen(event: EventJson): Date {
	return (
		parseTime(event.lastTimestamp) ??
		parseTime(event.series?.lastObservedTime) ??
		parseTime(event.eventTime) ??
		parseTime(event.firstTimestamp) ??
		parseTime(event.metadata.creationTimestamp) ??
		new Date(0)
	);
}

export interface EventScope {
	namespace: string;
	/** The workload's kind (a Deployment when unset) and name. */
	kind?: WorkloadKind;
	deployment: string;
	replicaSets: readonly string[];
	pods: readonly string[];
}

/** The scope with sets for lookups: a focused deployment may have a thousand pods and a namespace thousands of events. */
interface IndexedScope {
	namespace: string;
	kind: WorkloadKind;
	deployment: string;
	replicaSets: ReadonlySet<string>;
	pods: ReadonlySet<string>;
}

function indexScope(scope: EventScope): IndexedScope {
	return {
		namespace: scope.namespace,
		kind: scope.kind ?? 'Deployment',
		deployment: scope.deployment,
		replicaSets: new Set(scope.replicaSets),
		pods: new Set(scope.pods),
	};
}

/** Whether an event is about the deployment, one of its ReplicaSets, or one of their pods. */
export function eventConcerns(event: EventJson, scope: EventScope): boolean {
	return concerns(event, indexScope(scope));
}

function concerns(event: EventJson, scope: IndexedScope): boolean {
	const involved = event.involvedObject ?? {};
	if ((involved.namespace ?? event.metadata.namespace) !== scope.namespace) return false;
	const name = involved.name ?? '';
	switch (involved.kind) {
		case 'Deployment':
		case 'StatefulSet':
		case 'DaemonSet':
			return involved.kind === scope.kind && name === scope.deployment;
		case 'ReplicaSet':
			return scope.replicaSets.has(name);
		case 'Pod':
			// Pods already gone still matter (why did it crash?): matched by the names their controller gives them.
			return scope.pods.has(name) || GONE_POD_NAMES[scope.kind](name, scope);
		default:
			return false;
	}
}

/** The part of a pod's name after `<workload>-`, or undefined when it is not so named. */
const suffixAfter = (pod: string, workload: string) =>
	pod.startsWith(`${workload}-`) ? pod.slice(workload.length + 1) : undefined;

/** Whether a pod name is one the workload's controller gives: how events of its deleted pods are still found. */
const GONE_POD_NAMES: Readonly<Record<WorkloadKind, (pod: string, scope: IndexedScope) => boolean>> = {
	// <replicaset>-<5 characters>: its ReplicaSet is the name up to the last dash.
	Deployment(pod, scope) {
		const dash = pod.lastIndexOf('-');
		if (dash > 0 && scope.replicaSets.has(pod.slice(0, dash))) return true;
		for (const rs of scope.replicaSets) if (pod.startsWith(`${rs}-`)) return true;
		return false;
	},
	// <statefulset>-<ordinal>
	StatefulSet: (pod, scope) => /^\d+$/.test(suffixAfter(pod, scope.deployment) ?? ''),
	// <daemonset>-<5 characters> (generateName)
	DaemonSet: (pod, scope) => /^[a-z0-9]{5}$/.test(suffixAfter(pod, scope.deployment) ?? ''),
};

/** The events of one deployment, oldest first (as kubectl describe lists them). */
export function summarizeEvents(events: readonly EventJson[], scope: EventScope): EventSummary[] {
	const indexed = indexScope(scope);
	return events
		.filter(event => concerns(event, indexed))
		.map(
			(event): EventSummary => ({
				type: event.type ?? 'Normal',
				reason: event.reason ?? '',
				message: (event.message ?? '').trim(),
				count: event.series?.count ?? event.count ?? 1,
				lastSeen: eventLastSeen(event),
				involvedKind: event.involvedObject?.kind ?? '',
				involvedName: event.involvedObject?.name ?? '',
			}),
		)
		.sort((a, b) => a.lastSeen.getTime() - b.lastSeen.getTime());
}
