// Deployment conditions with SetDeploymentCondition's rules.

export interface DeploymentCondition {
	type: string;
	status: string;
	reason?: string;
	message?: string;
	lastUpdateTime?: string | Date;
	lastTransitionTime?: string | Date;
}

export interface ConditionHolder {
	conditions?: DeploymentCondition[];
}

export const CONDITION = {
	available: 'Available',
	progressing: 'Progressing',
	replicaFailure: 'ReplicaFailure',
} as const;

/** Reasons the deployment controller writes (deployment_util.go). */
export const REASON = {
	newReplicaSet: 'NewReplicaSetCreated',
	foundNewReplicaSet: 'FoundNewReplicaSet',
	newRSAvailable: 'NewReplicaSetAvailable',
	replicaSetUpdated: 'ReplicaSetUpdated',
	timedOut: 'ProgressDeadlineExceeded',
	paused: 'DeploymentPaused',
	resumed: 'DeploymentResumed',
	replicaSetCreateError: 'ReplicaSetCreateError',
	minimumReplicasAvailable: 'MinimumReplicasAvailable',
	minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
	failedCreate: 'FailedCreate',
	failedDelete: 'FailedDelete',
} as const;

export function getCondition(status: ConditionHolder | undefined, type: string): DeploymentCondition | undefined {
	return status?.conditions?.find(condition => condition.type === type);
}

/** Both timestamps set to now, as NewDeploymentCondition does. */
export function newCondition(
	type: string,
	status: string,
	reason: string,
	message: string,
	now: string,
): DeploymentCondition {
	return {type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message};
}

/**
 * SetDeploymentCondition: nothing happens when status and reason are unchanged; the transition time is kept while
 * the status does not change; the condition moves to the end of the list.
 */
export function setCondition(status: ConditionHolder, condition: DeploymentCondition): void {
	const current = getCondition(status, condition.type);
	if (current && current.status === condition.status && current.reason === condition.reason) return;
	const next = {...condition};
	if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
	status.conditions = [...(status.conditions ?? []).filter(c => c.type !== condition.type), next];
}

export function removeCondition(status: ConditionHolder, type: string): void {
	if (!status.conditions) return;
	status.conditions = status.conditions.filter(condition => condition.type !== type);
}
