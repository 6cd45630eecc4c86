// Is a rollout healthy, and if not, why: the pods of its NEW revision that are failing (crash loops, images that do
// not pull, bad container config, OOM kills, readiness failing for over a minute, no node to run on), named at once
// instead of after the progress deadline; the progress of the new revision alone; and the status sentence's
// addition when the rollout is paused.
import {POD_TEMPLATE_HASH_LABEL} from '../k8s/annotations.js';
import {revisionOf, specReplicas} from '../k8s/deployment-util.js';
import {findNewReplicaSet} from './revisions.js';
import {
	ownedReplicaSets,
	parseTime,
	type DeploymentJson,
	type ObjectMeta,
	type PodJson,
	type ReplicaSetJson,
} from './objects.js';
import {CONTROLLER_REVISION_HASH_LABEL} from './workload-objects.js';

/** How long a running container may fail its readiness probe before the rollout counts as failing. */
export const UNREADY_GRACE_MS = 60_000;

/** Why a pod is failing, most telling first: when several pods fail differently, the first reason here is named. */
export const FAILURE_REASONS = [
	'OOMKilled',
	'CrashLoopBackOff',
	'ImagePullBackOff',
	'ErrImagePull',
	'InvalidImageName',
	'CreateContainerConfigError',
	'CreateContainerError',
	'RunContainerError',
	'Unschedulable',
	'Unready',
] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

const WAITING_FAILURES: ReadonlySet<string> = new Set([
	'CrashLoopBackOff',
	'ImagePullBackOff',
	'ErrImagePull',
	'InvalidImageName',
	'CreateContainerConfigError',
	'CreateContainerError',
	'RunContainerError',
]);

export interface PodFailure {
	pod: string;
	reason: FailureReason;
	container?: string;
	/** The kubelet's or scheduler's message, when there is one. */
	message?: string;
}

interface StatusJson {
	name: string;
	ready?: boolean;
	state?: {
		waiting?: {reason?: string; message?: string};
		running?: {startedAt?: string};
		terminated?: {reason?: string; exitCode?: number};
	};
	lastState?: {terminated?: {reason?: string; exitCode?: number; message?: string}};
}

const rank = (reason: FailureReason) => FAILURE_REASONS.indexOf(reason);

/** The most telling failure of one pod, or undefined when it is healthy or simply not there yet. */
export function podFailure(pod: PodJson, now: Date): PodFailure | undefined {
	if (pod.metadata.deletionTimestamp) return undefined;
	const name = pod.metadata.name;
	const found: PodFailure[] = [];
	const scheduled = (pod.status?.conditions ?? []).find(condition => condition.type === 'PodScheduled');
	if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable')
		found.push({pod: name, reason: 'Unschedulable', ...(scheduled.message ? {message: scheduled.message} : {})});
	const ready = (pod.status?.conditions ?? []).find(condition => condition.type === 'Ready');
	const notReadySince = ready?.status === 'False' ? parseTime(ready.lastTransitionTime)?.getTime() : undefined;
	const statuses = [
		...(pod.status?.initContainerStatuses ?? []),
		...(pod.status?.containerStatuses ?? []),
	] as StatusJson[];
	for (const status of statuses) {
		const waiting = status.state?.waiting;
		const oom =
			status.state?.terminated?.reason === 'OOMKilled' || status.lastState?.terminated?.reason === 'OOMKilled';
		if (oom) {
			found.push({pod: name, reason: 'OOMKilled', container: status.name});
			continue;
		}
		if (waiting?.reason && WAITING_FAILURES.has(waiting.reason)) {
			found.push({
				pod: name,
				reason: waiting.reason as FailureReason,
				container: status.name,
				...(waiting.message ? {message: waiting.message} : {}),
			});
			continue;
		}
		const startedAt = parseTime(status.state?.running?.startedAt)?.getTime();
		if (status.ready === false && startedAt !== undefined && notReadySince !== undefined) {
			const since = Math.max(startedAt, notReadySince);
			if (now.getTime() - since > UNREADY_GRACE_MS)
				found.push({
					pod: name,
					reason: 'Unready',
					container: status.name,
					message: `container ${status.name} has not passed its readiness probe for ${Math.floor((now.getTime() - since) / 1000)}s`,
				});
		}
	}
	return found.sort((a, b) => rank(a.reason) - rank(b.reason))[0];
}

/** The ReplicaSet of the deployment's current template (by revision, falling back to the template itself). */
export function newReplicaSetOf(
	deployment: DeploymentJson,
	replicaSets: readonly ReplicaSetJson[],
): ReplicaSetJson | undefined {
	const owned = ownedReplicaSets(deployment, replicaSets);
	const revision = revisionOf(deployment);
	return (
		(revision > 0 ? owned.find(rs => revisionOf(rs) === revision) : undefined) ?? findNewReplicaSet(deployment, owned)
	);
}

/** Whether the pod belongs to the ReplicaSet: its controller reference, or (without uids) its template hash. */
export function podOfReplicaSet(pod: PodJson, rs: ReplicaSetJson): boolean {
	const owner = pod.metadata.ownerReferences?.find(ref => ref.controller === true);
	if (owner) return rs.metadata.uid ? owner.uid === rs.metadata.uid : owner.name === rs.metadata.name;
	const hash = rs.metadata.labels?.[POD_TEMPLATE_HASH_LABEL];
	return Boolean(hash) && pod.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] === hash;
}

export interface RolloutFailure {
	reason: FailureReason;
	/** New-revision pods failing for this reason, and all new-revision pods (not terminating). */
	failing: number;
	newPods: number;
	/** A failing pod to look at first (the first by name), with its container and message. */
	pod: string;
	container?: string;
	message?: string;
	/** Every failing new-revision pod, the most telling reason first, then by name. */
	pods: PodFailure[];
}

/** The failure of the rollout's new revision, or undefined when its pods are healthy (or still starting). */
export function rolloutFailure(
	deployment: DeploymentJson,
	replicaSets: readonly ReplicaSetJson[],
	pods: readonly PodJson[],
	now: Date,
): RolloutFailure | undefined {
	const newRS = newReplicaSetOf(deployment, replicaSets);
	if (!newRS) return undefined;
	return newPodsFailure(
		pods.filter(pod => podOfReplicaSet(pod, newRS)),
		now,
	);
}

/** The failure among the pods of a new revision (whatever the kind), or undefined when they are healthy. */
export function newPodsFailure(pods: readonly PodJson[], now: Date): RolloutFailure | undefined {
	const newPods = pods.filter(pod => !pod.metadata.deletionTimestamp);
	const failures = newPods
		.map(pod => podFailure(pod, now))
		.filter((failure): failure is PodFailure => failure !== undefined)
		.sort((a, b) => rank(a.reason) - rank(b.reason) || (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
	const first = failures[0];
	if (!first) return undefined;
	return {
		reason: first.reason,
		failing: failures.filter(failure => failure.reason === first.reason).length,
		newPods: newPods.length,
		pod: first.pod,
		...(first.container ? {container: first.container} : {}),
		...(first.message ? {message: first.message} : {}),
		pods: failures,
	};
}

/** The list's PHASE text for a failing rollout: "Failing: CrashLoopBackOff 2/3 new pods". */
export function failingPhaseText(failure: RolloutFailure): string {
	return `Failing: ${failure.reason} ${failure.failing}/${failure.newPods} new pod${failure.newPods === 1 ? '' : 's'}`;
}

/** The banner of a failing rollout: the reason, how many, the pod to look at and what its container says. */
export function failureBanner(failure: RolloutFailure): string {
	const container = failure.container ? ` (container ${failure.container})` : '';
	const message = failure.message ? `: ${failure.message}` : '';
	return `${failingPhaseText(failure)} — pod ${failure.pod}${container}${message}`;
}

export interface NewRevisionProgress {
	desired: number;
	/** Available pods of the new revision's ReplicaSet. */
	available: number;
	/** Pods of the new revision not available yet (created, starting, or failing). */
	starting: number;
}

/** The progress bar's figures: only the new revision's available pods fill it, against the desired count. */
export function newRevisionProgress(
	deployment: DeploymentJson,
	replicaSets: readonly ReplicaSetJson[],
): NewRevisionProgress {
	const desired = specReplicas(deployment);
	const newRS = newReplicaSetOf(deployment, replicaSets);
	const available = newRS?.status?.availableReplicas ?? 0;
	const current = newRS?.status?.replicas ?? 0;
	return {desired, available, starting: Math.max(0, current - available)};
}

/**
 * What the dashboard adds after kubectl's own status sentence: a paused rollout that has not finished says so,
 * since kubectl's "Waiting for … rollout to finish" would wait for ever.
 */
export function pausedNote(deployment: {name: string; paused: boolean}, sentence: string): string | undefined {
	if (!deployment.paused) return undefined;
	const waiting = sentence.startsWith('Waiting for');
	const resume = `(r, or kubectl rollout resume deployment/${deployment.name})`;
	return waiting
		? `the rollout will not finish until it is resumed ${resume}`
		: `changes to the template will not roll out until it is resumed ${resume}`;
}

/** A new revision whose pods are worth watching: its ReplicaSet has pods that are not available. */
export interface HealthTarget {
	/** namespace/deployment */
	key: string;
	namespace: string;
	/** The new ReplicaSet's pod-template-hash: its pods are selected by it. */
	hash: string;
}

/**
 * The rollouts whose new pods are watched for failures: those whose new ReplicaSet wants pods it does not have
 * available. Healthy, finished rollouts cost no watch at all.
 */
export function healthTargets(
	deployments: readonly DeploymentJson[],
	replicaSetsOf: (deployment: DeploymentJson) => readonly ReplicaSetJson[],
): HealthTarget[] {
	const targets: HealthTarget[] = [];
	for (const deployment of deployments) {
		const newRS = newReplicaSetOf(deployment, replicaSetsOf(deployment));
		const hash = newRS?.metadata.labels?.[POD_TEMPLATE_HASH_LABEL];
		if (!newRS || !hash) continue;
		const wanted = Math.max(newRS.spec.replicas ?? 0, newRS.status?.replicas ?? 0);
		if (wanted > (newRS.status?.availableReplicas ?? 0)) {
			const namespace = deployment.metadata.namespace ?? '';
			targets.push({key: `${namespace}/${deployment.metadata.name}`, namespace, hash});
		}
	}
	return targets;
}

/** Only what failure detection reads of a pod (a watched pod of a failing rollout may be updated every second). */
/** The metadata a health watch keeps: identity, deletion, the controller, and the labels named (revision hashes). */
export function slimHealthMetadata(raw: any, labelKeys: readonly string[]): ObjectMeta {
	const metadata = raw?.metadata ?? {};
	const owner = (metadata.ownerReferences ?? []).find((ref: any) => ref?.controller === true);
	const labels = Object.fromEntries(
		labelKeys.flatMap(key => (typeof metadata.labels?.[key] === 'string' ? [[key, metadata.labels[key]]] : [])),
	);
	return {
		name: metadata.name,
		namespace: metadata.namespace,
		uid: metadata.uid,
		resourceVersion: metadata.resourceVersion,
		...(metadata.deletionTimestamp ? {deletionTimestamp: metadata.deletionTimestamp} : {}),
		...(Object.keys(labels).length > 0 ? {labels} : {}),
		...(owner ? {ownerReferences: [owner]} : {}),
	};
}

export function slimHealthPod(raw: any): PodJson {
	const status = raw?.status ?? {};
	const slimStatus = (s: any) => ({
		name: s?.name,
		ready: s?.ready,
		restartCount: s?.restartCount,
		state: s?.state,
		...(s?.lastState?.terminated ? {lastState: {terminated: s.lastState.terminated}} : {}),
	});
	return {
		// A Deployment's pods are told apart by their template hash, a StatefulSet's and DaemonSet's by their revision's.
		metadata: slimHealthMetadata(raw, [POD_TEMPLATE_HASH_LABEL, CONTROLLER_REVISION_HASH_LABEL]),
		status: {
			phase: status.phase,
			conditions: (status.conditions ?? []).filter((c: any) => c?.type === 'Ready' || c?.type === 'PodScheduled'),
			containerStatuses: (status.containerStatuses ?? []).map(slimStatus),
			...(status.initContainerStatuses ? {initContainerStatuses: status.initContainerStatuses.map(slimStatus)} : {}),
		},
	};
}
