// One deployment as the dashboard's list shows it, computed from the deployment and its ReplicaSets.
import {revisionOf} from '../k8s/deployment-util.js';
import {imagesOf} from './revisions.js';
import {parseTime, type ConditionJson, type DeploymentJson, type ReplicaSetJson} from './objects.js';
import {deadlineInfo, rolloutPhase, rolloutProgress, statusSentence} from './rollout.js';
import {newRevisionProgress} from './health.js';
import type {Condition, DeploymentSummary, GitOpsOwner} from './types.js';

export function toCondition(condition: ConditionJson): Condition {
	const status = condition.status === 'True' || condition.status === 'False' ? condition.status : 'Unknown';
	const result: Condition = {type: condition.type, status};
	if (condition.reason) result.reason = condition.reason;
	if (condition.message) result.message = condition.message;
	const updated = parseTime(condition.lastUpdateTime);
	if (updated) result.lastUpdateTime = updated;
	const transition = parseTime(condition.lastTransitionTime);
	if (transition) result.lastTransitionTime = transition;
	return result;
}

export function summarizeDeployment(
	deployment: DeploymentJson,
	replicaSets: readonly ReplicaSetJson[],
	now: Date,
	gitOps?: GitOpsOwner,
): DeploymentSummary {
	const summary: DeploymentSummary = {
		kind: 'Deployment',
		namespace: deployment.metadata.namespace ?? '',
		name: deployment.metadata.name,
		uid: deployment.metadata.uid ?? '',
		resourceVersion: deployment.metadata.resourceVersion ?? '',
		generation: deployment.metadata.generation ?? 0,
		createdAt: parseTime(deployment.metadata.creationTimestamp) ?? new Date(0),
		revision: revisionOf(deployment),
		strategy: deployment.spec.strategy?.type === 'Recreate' ? 'Recreate' : 'RollingUpdate',
		paused: deployment.spec.paused === true,
		phase: rolloutPhase(deployment),
		progress: withNewRevision(rolloutProgress(deployment, replicaSets), deployment, replicaSets),
		statusSentence: statusSentence(deployment),
		conditions: (deployment.status?.conditions ?? []).map(toCondition),
		images: imagesOf(deployment.spec.template),
		specPending: (deployment.metadata.generation ?? 0) > (deployment.status?.observedGeneration ?? 0),
	};
	const deadline = deadlineInfo(deployment, now);
	if (deadline) summary.deadline = deadline;
	if (gitOps) summary.gitOps = gitOps;
	return summary;
}

/** The progress with the new revision's own figures (the bar counts only its available pods). */
function withNewRevision(
	progress: DeploymentSummary['progress'],
	deployment: DeploymentJson,
	replicaSets: readonly ReplicaSetJson[],
): DeploymentSummary['progress'] {
	const next = newRevisionProgress(deployment, replicaSets);
	return {...progress, newAvailable: next.available, newStarting: next.starting};
}

export function compareByNamespaceAndName(
	a: {namespace: string; name: string},
	b: {namespace: string; name: string},
): number {
	return a.namespace < b.namespace
		? -1
		: a.namespace > b.namespace
			? 1
			: a.name < b.name
				? -1
				: a.name > b.name
					? 1
					: 0;
}
