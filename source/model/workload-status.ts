// Where a StatefulSet's or a DaemonSet's rollout stands, from its own status: the counts the list shows, a phase,
// and the sentence `kubectl rollout status` prints (StatefulSetStatusViewer and DaemonSetStatusViewer, 1.32).
import {scaledValueFromIntOrPercent} from '../k8s/intstr.js';
import type {RolloutStatusVerdict} from './rollout.js';
import type {Phase, RolloutProgress} from './types.js';
import type {DaemonSetJson, StatefulSetJson} from './workload-objects.js';

/** The update strategy as the API server defaults it (RollingUpdate when unset). */
export const updateStrategyOf = (object: StatefulSetJson | DaemonSetJson): string =>
	object.spec.updateStrategy?.type || 'RollingUpdate';

/** kubectl's refusal for OnDelete (it names the StatefulSet constant for both kinds). */
export const ONLY_ROLLING_UPDATE = 'rollout status is only available for RollingUpdate strategy type';

export const stsReplicas = (sts: StatefulSetJson) => sts.spec.replicas ?? 1;
export const stsPartition = (sts: StatefulSetJson) => sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0;

/** StatefulSetStatusViewer.Status. */
export function statefulSetStatus(sts: StatefulSetJson): RolloutStatusVerdict {
	if (updateStrategyOf(sts) !== 'RollingUpdate') return {done: true, error: ONLY_ROLLING_UPDATE};
	const status = sts.status ?? {};
	const observed = status.observedGeneration ?? 0;
	if (observed === 0 || (sts.metadata.generation ?? 0) > observed)
		return {done: false, message: 'Waiting for statefulset spec update to be observed...'};
	const replicas = sts.spec.replicas;
	const ready = status.readyReplicas ?? 0;
	const updated = status.updatedReplicas ?? 0;
	if (replicas !== undefined && ready < replicas)
		return {done: false, message: `Waiting for ${replicas - ready} pods to be ready...`};
	const rollingUpdate = sts.spec.updateStrategy?.rollingUpdate;
	if (rollingUpdate) {
		if (replicas !== undefined && rollingUpdate.partition !== undefined) {
			const target = replicas - rollingUpdate.partition;
			if (updated < target) {
				return {
					done: false,
					message: `Waiting for partitioned roll out to finish: ${updated} out of ${target} new pods have been updated...`,
				};
			}
		}
		return {done: true, message: `partitioned roll out complete: ${updated} new pods have been updated...`};
	}
	if (status.updateRevision !== status.currentRevision) {
		return {
			done: false,
			message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${status.updateRevision ?? ''}...`,
		};
	}
	return {
		done: true,
		message: `statefulset rolling update complete ${status.currentReplicas ?? 0} pods at revision ${status.currentRevision ?? ''}...`,
	};
}

/** DaemonSetStatusViewer.Status. */
export function daemonSetStatus(ds: DaemonSetJson): RolloutStatusVerdict {
	if (updateStrategyOf(ds) !== 'RollingUpdate') return {done: true, error: ONLY_ROLLING_UPDATE};
	const status = ds.status ?? {};
	const name = ds.metadata.name;
	if ((ds.metadata.generation ?? 0) > (status.observedGeneration ?? 0))
		return {done: false, message: 'Waiting for daemon set spec update to be observed...'};
	const desired = status.desiredNumberScheduled ?? 0;
	const updated = status.updatedNumberScheduled ?? 0;
	const available = status.numberAvailable ?? 0;
	const waiting = `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: `;
	if (updated < desired)
		return {done: false, message: `${waiting}${updated} out of ${desired} new pods have been updated...`};
	if (available < desired)
		return {done: false, message: `${waiting}${available} of ${desired} updated pods are available...`};
	return {done: true, message: `daemon set ${JSON.stringify(name)} successfully rolled out`};
}

/** Pods a StatefulSet's rollout means to update: the ordinals at or above the partition. */
export const stsUpdateTarget = (sts: StatefulSetJson) => Math.max(0, stsReplicas(sts) - stsPartition(sts));

/** Resolves an int-or-percent like the controllers; a malformed value (the API rejects it) counts as 0. */
function scaled(value: number | string | undefined, total: number, fallback: number | string): number {
	try {
		return scaledValueFromIntOrPercent(value ?? fallback, total, true);
	} catch {
		return 0;
	}
}

export function statefulSetProgress(sts: StatefulSetJson): RolloutProgress {
	const status = sts.status ?? {};
	const desired = stsReplicas(sts);
	const available = status.availableReplicas ?? 0;
	const current = status.replicas ?? 0;
	const updated = status.updatedReplicas ?? 0;
	const rolling = updateStrategyOf(sts) === 'RollingUpdate';
	return {
		desired,
		current,
		updated,
		ready: status.readyReplicas ?? 0,
		available,
		unavailable: Math.max(0, desired - available),
		maxSurge: 0,
		// The StatefulSet controller rounds maxUnavailable up and never below one (default 1).
		maxUnavailable: rolling
			? Math.max(1, scaled(sts.spec.updateStrategy?.rollingUpdate?.maxUnavailable, desired, 1))
			: 0,
		surgeInUse: 0,
		unavailableInUse: Math.max(0, desired - available),
		oldPodsPendingTermination: Math.max(0, stsUpdateTarget(sts) - updated),
	};
}

export function daemonSetProgress(ds: DaemonSetJson): RolloutProgress {
	const status = ds.status ?? {};
	const desired = status.desiredNumberScheduled ?? 0;
	const available = status.numberAvailable ?? 0;
	const rolling = updateStrategyOf(ds) === 'RollingUpdate' ? ds.spec.updateStrategy?.rollingUpdate : undefined;
	const isRolling = updateStrategyOf(ds) === 'RollingUpdate';
	// Both budgets round up for DaemonSets; maxUnavailable defaults to 1 and maxSurge to 0.
	const maxSurge = isRolling ? scaled(rolling?.maxSurge, desired, 0) : 0;
	const maxUnavailable = isRolling ? scaled(rolling?.maxUnavailable, desired, 1) : 0;
	const current = status.currentNumberScheduled ?? 0;
	const updated = status.updatedNumberScheduled ?? 0;
	return {
		desired,
		current,
		updated,
		ready: status.numberReady ?? 0,
		available,
		unavailable: status.numberUnavailable ?? Math.max(0, desired - available),
		maxSurge,
		maxUnavailable,
		surgeInUse: 0,
		unavailableInUse: Math.max(0, desired - available),
		oldPodsPendingTermination: Math.max(0, desired - updated),
	};
}

/**
 * Complete when kubectl would say so; an OnDelete StatefulSet or DaemonSet with pods on an older revision is Paused
 * (its pods change only when someone deletes them); otherwise Progressing, or Scaling when every pod is updated and
 * only their number is moving.
 */
export function statefulSetPhase(sts: StatefulSetJson): Phase {
	const verdict = statefulSetStatus(sts);
	const status = sts.status ?? {};
	if (verdict.error !== undefined) return status.currentRevision === status.updateRevision ? 'Complete' : 'Paused';
	if (verdict.done) return 'Complete';
	const allUpdated = (status.updatedReplicas ?? 0) >= (status.replicas ?? 0) && (status.replicas ?? 0) > 0;
	const observed = (sts.metadata.generation ?? 0) <= (status.observedGeneration ?? 0);
	return observed && allUpdated && status.currentRevision === status.updateRevision ? 'Scaling' : 'Progressing';
}

export function daemonSetPhase(ds: DaemonSetJson): Phase {
	const verdict = daemonSetStatus(ds);
	const status = ds.status ?? {};
	if (verdict.error !== undefined)
		return (status.updatedNumberScheduled ?? 0) >= (status.desiredNumberScheduled ?? 0) ? 'Complete' : 'Paused';
	return verdict.done ? 'Complete' : 'Progressing';
}
