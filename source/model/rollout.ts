// Where a rollout stands: counts resolved with the controller's arithmetic, a phase, the progress deadline and the
// sentence `kubectl rollout status` prints.
import {CONDITION, REASON, getCondition} from '../k8s/conditions.js';
import {MAX_INT32, maxSurge, maxUnavailable, specReplicas, sumSpecReplicas} from '../k8s/deployment-util.js';
import {ownedReplicaSets, parseTime, type DeploymentJson, type ReplicaSetJson} from './objects.js';
import type {DeadlineInfo, Phase, RolloutProgress} from './types.js';

/** Resolves maxSurge/maxUnavailable like the controller; a malformed value (the API rejects it) counts as 0. */
function safely(compute: () => number): number {
	try {
		return compute();
	} catch {
		return 0;
	}
}

export function rolloutProgress(deployment: DeploymentJson, replicaSets: readonly ReplicaSetJson[]): RolloutProgress {
	const status = deployment.status ?? {};
	const desired = specReplicas(deployment);
	const owned = ownedReplicaSets(deployment, replicaSets);
	const current = status.replicas ?? 0;
	const updated = status.updatedReplicas ?? 0;
	const available = status.availableReplicas ?? 0;
	return {
		desired,
		current,
		updated,
		ready: status.readyReplicas ?? 0,
		available,
		unavailable: status.unavailableReplicas ?? 0,
		maxSurge: safely(() => maxSurge(deployment)),
		maxUnavailable: safely(() => maxUnavailable(deployment)),
		surgeInUse: Math.max(0, sumSpecReplicas(owned) - desired),
		unavailableInUse: Math.max(0, desired - available),
		oldPodsPendingTermination: Math.max(0, current - updated),
	};
}

function progressingCondition(deployment: DeploymentJson) {
	return getCondition(deployment.status, CONDITION.progressing);
}

export function deadlineExceeded(deployment: DeploymentJson): boolean {
	return progressingCondition(deployment)?.reason === REASON.timedOut;
}

function observed(deployment: DeploymentJson): boolean {
	return (deployment.metadata.generation ?? 0) <= (deployment.status?.observedGeneration ?? 0);
}

/** kubectl rollout status's "successfully rolled out" test (with the spec observed). */
export function rolloutComplete(deployment: DeploymentJson): boolean {
	if (!observed(deployment)) return false;
	const status = deployment.status ?? {};
	const updated = status.updatedReplicas ?? 0;
	return (
		updated >= specReplicas(deployment) &&
		(status.replicas ?? 0) <= updated &&
		(status.availableReplicas ?? 0) >= updated
	);
}

/**
 * Stalled (ProgressDeadlineExceeded) before Paused before Complete. Scaling: only the replica count is changing —
 * no old pods, and the controller still calls the rollout done (Progressing reason NewReplicaSetAvailable).
 */
export function rolloutPhase(deployment: DeploymentJson): Phase {
	if (deadlineExceeded(deployment)) return 'Stalled';
	if (deployment.spec.paused) return 'Paused';
	if (rolloutComplete(deployment)) return 'Complete';
	const status = deployment.status ?? {};
	const noOldPods = (status.replicas ?? 0) <= (status.updatedReplicas ?? 0);
	const reason = progressingCondition(deployment)?.reason;
	if (observed(deployment) && noOldPods && reason === REASON.newRSAvailable) return 'Scaling';
	return 'Progressing';
}

/** The progress deadline; undefined when the deployment has none (progressDeadlineSeconds MaxInt32). */
export function deadlineInfo(deployment: DeploymentJson, now: Date): DeadlineInfo | undefined {
	const seconds = deployment.spec.progressDeadlineSeconds ?? 600;
	if (seconds === MAX_INT32) return undefined;
	const condition = progressingCondition(deployment);
	const exceeded = condition?.reason === REASON.timedOut;
	const info: DeadlineInfo = {progressDeadlineSeconds: seconds, exceeded};
	const lastProgressAt = parseTime(condition?.lastUpdateTime);
	if (lastProgressAt) info.lastProgressAt = lastProgressAt;
	const counting =
		!exceeded &&
		!deployment.spec.paused &&
		lastProgressAt !== undefined &&
		condition?.reason !== REASON.newRSAvailable &&
		!rolloutComplete(deployment);
	if (counting) {
		info.remainingSeconds = Math.max(0, Math.ceil((lastProgressAt.getTime() + seconds * 1000 - now.getTime()) / 1000));
	}
	return info;
}

/** What `kubectl rollout status` decides for the deployment right now. */
export type RolloutStatusVerdict =
	| {done: boolean; message: string; error?: undefined}
	| {done: true; error: string; message?: undefined};

/** DeploymentStatusViewer.Status from kubectl 1.32, sentence for sentence. */
export function rolloutStatus(deployment: DeploymentJson): RolloutStatusVerdict {
	const name = deployment.metadata.name;
	if (!observed(deployment)) return {done: false, message: 'Waiting for deployment spec update to be observed...'};
	if (deadlineExceeded(deployment)) return {done: true, error: `deployment "${name}" exceeded its progress deadline`};
	const status = deployment.status ?? {};
	const replicas = specReplicas(deployment);
	const updated = status.updatedReplicas ?? 0;
	const current = status.replicas ?? 0;
	const available = status.availableReplicas ?? 0;
	const waiting = `Waiting for deployment "${name}" rollout to finish: `;
	if (updated < replicas)
		return {done: false, message: `${waiting}${updated} out of ${replicas} new replicas have been updated...`};
	if (current > updated)
		return {done: false, message: `${waiting}${current - updated} old replicas are pending termination...`};
	if (available < updated)
		return {done: false, message: `${waiting}${available} of ${updated} updated replicas are available...`};
	return {done: true, message: `deployment "${name}" successfully rolled out`};
}

/** The line kubectl prints (errors without kubectl's "error: " prefix). */
export function statusSentence(deployment: DeploymentJson): string {
	const verdict = rolloutStatus(deployment);
	return verdict.error ?? verdict.message;
}
