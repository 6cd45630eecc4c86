// Annotation keys shared by the deployment controller and kubectl.
export const ANNOTATIONS = {
	revision: 'deployment.kubernetes.io/revision',
	revisionHistory: 'deployment.kubernetes.io/revision-history',
	desiredReplicas: 'deployment.kubernetes.io/desired-replicas',
	maxReplicas: 'deployment.kubernetes.io/max-replicas',
	changeCause: 'kubernetes.io/change-cause',
	restartedAt: 'kubectl.kubernetes.io/restartedAt',
	lastAppliedConfiguration: 'kubectl.kubernetes.io/last-applied-configuration',
	rollbackTo: 'deprecated.deployment.rollback.to',
	podDeletionCost: 'controller.kubernetes.io/pod-deletion-cost',
} as const;

/** The label every ReplicaSet of a Deployment carries in its selector and template. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** Deployment annotations never copied onto its ReplicaSets (annotationsToSkip in deployment_util.go). */
export const ANNOTATIONS_NOT_COPIED: ReadonlySet<string> = new Set([
	ANNOTATIONS.lastAppliedConfiguration,
	ANNOTATIONS.revision,
	ANNOTATIONS.revisionHistory,
	ANNOTATIONS.desiredReplicas,
	ANNOTATIONS.maxReplicas,
	ANNOTATIONS.rollbackTo,
]);

/** Longest revision-history annotation the controller keeps (maxRevHistoryLengthInChars). */
export const MAX_REVISION_HISTORY_CHARS = 2000;
