// One StatefulSet or DaemonSet as the list shows it, in the same shape as a Deployment's row, and the one entry
// point that summarises any workload by its kind.
import {detailsOf, workloadKindOf, type WorkloadJson} from './workload-kind.js';
import {parseTime, type DeploymentJson, type ReplicaSetJson} from './objects.js';
import {summarizeDeployment, toCondition} from './summary.js';
import type {DeploymentSummary, GitOpsOwner} from './types.js';
import {imagesOf} from './revisions.js';
import type {DaemonSetJson, StatefulSetJson} from './workload-objects.js';
import {
	daemonSetPhase,
	daemonSetProgress,
	daemonSetStatus,
	statefulSetPhase,
	statefulSetProgress,
	statefulSetStatus,
	stsPartition,
	updateStrategyOf,
} from './workload-status.js';

const sentence = (verdict: {message?: string; error?: string}) => verdict.error ?? verdict.message ?? '';

function common(object: StatefulSetJson | DaemonSetJson, gitOps: GitOpsOwner | undefined) {
	const summary = {
		namespace: object.metadata.namespace ?? '',
		name: object.metadata.name,
		uid: object.metadata.uid ?? '',
		resourceVersion: object.metadata.resourceVersion ?? '',
		generation: object.metadata.generation ?? 0,
		createdAt: parseTime(object.metadata.creationTimestamp) ?? new Date(0),
		revision: 0,
		strategy: updateStrategyOf(object) === 'OnDelete' ? ('OnDelete' as const) : ('RollingUpdate' as const),
		paused: false,
		conditions: (object.status?.conditions ?? []).map(toCondition),
		images: imagesOf(object.spec.template),
		specPending: (object.metadata.generation ?? 0) > (object.status?.observedGeneration ?? 0),
		...(gitOps ? {gitOps} : {}),
	};
	return summary;
}

export function summarizeStatefulSet(sts: StatefulSetJson, gitOps?: GitOpsOwner): DeploymentSummary {
	const status = sts.status ?? {};
	return {
		kind: 'StatefulSet',
		...common(sts, gitOps),
		phase: statefulSetPhase(sts),
		progress: statefulSetProgress(sts),
		statusSentence: sentence(statefulSetStatus(sts)),
		statefulSet: {
			partition: stsPartition(sts),
			podManagementPolicy: sts.spec.podManagementPolicy === 'Parallel' ? 'Parallel' : 'OrderedReady',
			currentRevision: status.currentRevision ?? '',
			updateRevision: status.updateRevision ?? '',
			currentReplicas: status.currentReplicas ?? 0,
		},
	};
}

export function summarizeDaemonSet(ds: DaemonSetJson, gitOps?: GitOpsOwner): DeploymentSummary {
	const status = ds.status ?? {};
	return {
		kind: 'DaemonSet',
		...common(ds, gitOps),
		phase: daemonSetPhase(ds),
		progress: daemonSetProgress(ds),
		statusSentence: sentence(daemonSetStatus(ds)),
		daemonSet: {
			desiredNumberScheduled: status.desiredNumberScheduled ?? 0,
			currentNumberScheduled: status.currentNumberScheduled ?? 0,
			numberMisscheduled: status.numberMisscheduled ?? 0,
		},
	};
}

/** Any workload's row: the kind's own summariser. */
export function summarizeWorkload(
	object: WorkloadJson,
	replicaSets: readonly ReplicaSetJson[],
	now: Date,
	gitOps?: GitOpsOwner,
): DeploymentSummary {
	const details = detailsOf(object);
	switch (details.kind) {
		case 'StatefulSet':
			return summarizeStatefulSet(details.object, gitOps);
		case 'DaemonSet':
			return summarizeDaemonSet(details.object, gitOps);
		case 'Deployment':
			return summarizeDeployment(details.object as DeploymentJson, replicaSets, now, gitOps);
	}
}

export {workloadKindOf};
