// Failure detection for every workload kind: one entry per kind says which pods are its NEW revision's and what to
// watch while its rollout may fail. A Deployment's new revision is its new ReplicaSet (pods by pod-template-hash); a
// StatefulSet's is status.updateRevision (its pods carry the ControllerRevision's name as controller-revision-hash);
// a DaemonSet's is its newest ControllerRevision (the controller renumbers the one matching the template to be the
// highest, and its pods carry that revision's hash).
import {
	healthTargets,
	newPodsFailure,
	newReplicaSetOf,
	podOfReplicaSet,
	slimHealthMetadata,
	type RolloutFailure,
} from './health.js';
import {selectorToString} from './format.js';
import type {WorkloadKind} from './kinds.js';
import {isControlledBy, type DeploymentJson, type PodJson, type ReplicaSetJson} from './objects.js';
import {workloadKindOf, type WorkloadJson} from './workload-kind.js';
import {
	CONTROLLER_REVISION_HASH_LABEL,
	type ControllerRevisionJson,
	type DaemonSetJson,
	type StatefulSetJson,
} from './workload-objects.js';
import {stsUpdateTarget} from './workload-status.js';

/** What failure detection reads of a workload beside its pods. */
export interface HealthInputs {
	/** A Deployment's ReplicaSets. */
	replicaSets: readonly ReplicaSetJson[];
	/** A DaemonSet's ControllerRevisions, once watched. */
	revisions?: readonly ControllerRevisionJson[] | undefined;
}

/** What to watch while a rollout may be failing: pods by a label selector, and a DaemonSet's ControllerRevisions. */
export interface HealthWatchSpec {
	pods: string;
	revisions?: string;
}

interface KindHealth {
	/** The new revision's pods among `pods`, or undefined when the new revision is not known (yet). */
	newPods(workload: WorkloadJson, inputs: HealthInputs, pods: readonly PodJson[]): PodJson[] | undefined;
	/** What to watch, or undefined when the rollout is settled (every pod it wants is available). */
	watch(workload: WorkloadJson, inputs: HealthInputs): HealthWatchSpec | undefined;
}

/** The pod's controller is the workload (by uid; by name when either lacks one, as in slim or hand-made objects). */
function controlledBy(pod: PodJson, workload: WorkloadJson): boolean {
	const owner = pod.metadata.ownerReferences?.find(ref => ref.controller === true);
	if (!owner) return false;
	return owner.uid && workload.metadata.uid
		? owner.uid === workload.metadata.uid
		: owner.name === workload.metadata.name;
}

const revisionHashOf = (pod: PodJson) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];

/** The DaemonSet's newest ControllerRevision: the highest number among those it controls. */
export function newestRevision(
	ds: DaemonSetJson,
	revisions: readonly ControllerRevisionJson[],
): ControllerRevisionJson | undefined {
	let newest: ControllerRevisionJson | undefined;
	for (const revision of revisions)
		if (isControlledBy(revision, ds) && (!newest || revision.revision > newest.revision)) newest = revision;
	return newest;
}

/** The hash a DaemonSet's pods of this revision carry (the controller labels a revision without one by its name). */
export const daemonRevisionHash = (revision: ControllerRevisionJson) =>
	revision.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? revision.metadata.name;

const deploymentHealth: KindHealth = {
	newPods(workload, inputs, pods) {
		const newRS = newReplicaSetOf(workload as DeploymentJson, inputs.replicaSets);
		return newRS ? pods.filter(pod => podOfReplicaSet(pod, newRS)) : undefined;
	},
	watch(workload, inputs) {
		const [target] = healthTargets([workload as DeploymentJson], () => inputs.replicaSets);
		return target ? {pods: `pod-template-hash=${target.hash}`} : undefined;
	},
};

const statefulSetHealth: KindHealth = {
	newPods(workload, _inputs, pods) {
		const updateRevision = (workload as StatefulSetJson).status?.updateRevision;
		if (!updateRevision) return undefined;
		return pods.filter(pod => controlledBy(pod, workload) && revisionHashOf(pod) === updateRevision);
	},
	watch(workload) {
		const sts = workload as StatefulSetJson;
		const status = sts.status ?? {};
		if (!status.updateRevision) return undefined;
		const unavailable = (status.availableReplicas ?? 0) < Math.max(sts.spec.replicas ?? 1, status.replicas ?? 0);
		const updating = (status.updatedReplicas ?? 0) < stsUpdateTarget(sts);
		return unavailable || updating ? {pods: `${CONTROLLER_REVISION_HASH_LABEL}=${status.updateRevision}`} : undefined;
	},
};

const daemonSetHealth: KindHealth = {
	newPods(workload, inputs, pods) {
		const newest = inputs.revisions && newestRevision(workload as DaemonSetJson, inputs.revisions);
		if (!newest) return undefined;
		const hash = daemonRevisionHash(newest);
		return pods.filter(pod => controlledBy(pod, workload) && revisionHashOf(pod) === hash);
	},
	watch(workload) {
		const ds = workload as DaemonSetJson;
		const status = ds.status ?? {};
		const desired = status.desiredNumberScheduled ?? 0;
		const rolling = (status.updatedNumberScheduled ?? 0) < desired || (status.numberAvailable ?? 0) < desired;
		const selector = selectorToString(ds.spec.selector);
		// An empty selector would select every pod of the namespace (the API server refuses such a DaemonSet anyway).
		return rolling && selector ? {pods: selector, revisions: selector} : undefined;
	},
};

export const KIND_HEALTH: Readonly<Record<WorkloadKind, KindHealth>> = {
	Deployment: deploymentHealth,
	StatefulSet: statefulSetHealth,
	DaemonSet: daemonSetHealth,
};

/** The failure of any workload's new revision, or undefined when its pods are healthy or it is not known. */
export function workloadFailure(
	workload: WorkloadJson,
	inputs: HealthInputs,
	pods: readonly PodJson[],
	now: Date,
): RolloutFailure | undefined {
	const newPods = KIND_HEALTH[workloadKindOf(workload)].newPods(workload, inputs, pods);
	return newPods ? newPodsFailure(newPods, now) : undefined;
}

/** A workload whose new revision is worth watching, and what to watch. */
export interface WorkloadHealthTarget extends HealthWatchSpec {
	/** kind/namespace/name */
	key: string;
	kind: WorkloadKind;
	namespace: string;
	name: string;
}

export const healthKey = (kind: WorkloadKind, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

/**
 * The answers of earlier calls, by workload object: the same workload with the same ReplicaSets (and revisions) gets
 * the same answer without asking again. Every change of a watched ReplicaSet asks about every workload, and finding a
 * Deployment's new ReplicaSet is the expensive part, so only the workloads whose inputs changed are asked.
 */
export type HealthSpecCache = WeakMap<WorkloadJson, {inputs: HealthInputs; spec: HealthWatchSpec | undefined}>;

function specOf(workload: WorkloadJson, inputs: HealthInputs, cache: HealthSpecCache | undefined) {
	const known = cache?.get(workload);
	if (known && known.inputs.replicaSets === inputs.replicaSets && known.inputs.revisions === inputs.revisions)
		return known.spec;
	const spec = KIND_HEALTH[workloadKindOf(workload)].watch(workload, inputs);
	cache?.set(workload, {inputs, spec});
	return spec;
}

/** Every workload of any kind whose rollout may be failing now; settled ones cost no watch. */
export function workloadHealthTargets(
	workloads: readonly WorkloadJson[],
	inputsOf: (workload: WorkloadJson) => HealthInputs,
	cache?: HealthSpecCache,
): WorkloadHealthTarget[] {
	const targets: WorkloadHealthTarget[] = [];
	for (const workload of workloads) {
		const kind = workloadKindOf(workload);
		const spec = specOf(workload, inputsOf(workload), cache);
		if (!spec) continue;
		const namespace = workload.metadata.namespace ?? '';
		const name = workload.metadata.name;
		targets.push({key: healthKey(kind, namespace, name), kind, namespace, name, ...spec});
	}
	return targets;
}

/** Only what the health watch keeps of a ControllerRevision: who owns it, its number and its hash (not its data). */
export function slimHealthRevision(raw: any): ControllerRevisionJson {
	return {metadata: slimHealthMetadata(raw, [CONTROLLER_REVISION_HASH_LABEL]), revision: Number(raw?.revision ?? 0)};
}
