// A deployment's revision history, as `kubectl rollout history` and `kubectl get rs` show it.
import {ANNOTATIONS, POD_TEMPLATE_HASH_LABEL} from '../k8s/annotations.js';
import {equalIgnoreHash} from '../k8s/template.js';
import {revisionOf} from '../k8s/deployment-util.js';
import {deriveCause} from './diff.js';
import {
	ownedReplicaSets,
	parseTime,
	type DeploymentJson,
	type PodTemplateJson,
	type ReplicaSetJson,
} from './objects.js';
import type {ContainerImage, RevisionEntry} from './types.js';

export function imagesOf(template: PodTemplateJson | undefined): ContainerImage[] {
	return (template?.spec?.containers ?? []).map(container => ({
		container: container.name,
		image: container.image ?? '',
	}));
}

/** Earlier revision numbers the ReplicaSet carried (deployment.kubernetes.io/revision-history, "1,3"). */
export function restoredFrom(rs: ReplicaSetJson): number[] {
	const history = rs.metadata.annotations?.[ANNOTATIONS.revisionHistory];
	if (!history) return [];
	return history
		.split(',')
		.map(part => part.trim())
		.filter(part => /^\d+$/.test(part))
		.map(part => Number.parseInt(part, 10));
}

function byCreation(a: ReplicaSetJson, b: ReplicaSetJson): number {
	const timeA = parseTime(a.metadata.creationTimestamp)?.getTime() ?? 0;
	const timeB = parseTime(b.metadata.creationTimestamp)?.getTime() ?? 0;
	if (timeA !== timeB) return timeA - timeB;
	return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** FindNewReplicaSet: the oldest owned ReplicaSet whose template equals the deployment's, ignoring the hash label. */
export function findNewReplicaSet(
	deployment: DeploymentJson,
	owned: readonly ReplicaSetJson[],
): ReplicaSetJson | undefined {
	if (!deployment.spec.template) return undefined;
	return [...owned].sort(byCreation).find(rs => equalIgnoreHash(rs.spec.template, deployment.spec.template));
}

/**
 * One entry per ReplicaSet the deployment controls, by revision ascending (kubectl's order). `derivedCause`
 * compares each template with the previous entry's; an RS restored by an undo says which revision it restores.
 */
export function revisionHistory(deployment: DeploymentJson, replicaSets: readonly ReplicaSetJson[]): RevisionEntry[] {
	const owned = ownedReplicaSets(deployment, replicaSets);
	const current = findNewReplicaSet(deployment, owned);
	const sorted = [...owned].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
	return sorted.map((rs, index): RevisionEntry => {
		const previous = index > 0 ? sorted[index - 1] : undefined;
		const restored = restoredFrom(rs);
		const entry: RevisionEntry = {
			kind: 'Deployment',
			revision: revisionOf(rs),
			replicaSetName: rs.metadata.name,
			podTemplateHash:
				rs.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ??
				rs.spec.template?.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] ??
				'',
			images: imagesOf(rs.spec.template),
			createdAt: parseTime(rs.metadata.creationTimestamp) ?? new Date(0),
			desired: rs.spec.replicas ?? 0,
			current: rs.status?.replicas ?? 0,
			ready: rs.status?.readyReplicas ?? 0,
			available: rs.status?.availableReplicas ?? 0,
			isCurrent: rs === current,
			restoredFrom: restored,
		};
		const changeCause = rs.metadata.annotations?.[ANNOTATIONS.changeCause];
		if (changeCause !== undefined) entry.changeCause = changeCause;
		const derived = deriveRevisionCause(rs, previous, restored);
		if (derived !== undefined) entry.derivedCause = derived;
		return entry;
	});
}

function deriveRevisionCause(
	rs: ReplicaSetJson,
	previous: ReplicaSetJson | undefined,
	restored: number[],
): string | undefined {
	const diff = deriveCause(previous?.spec.template, rs.spec.template);
	if (restored.length > 0) {
		const label = `restores revision ${restored[restored.length - 1]}`;
		return diff ? `${label}: ${diff}` : label;
	}
	if (!previous) return revisionOf(rs) === 1 ? 'created' : undefined;
	return diff;
}

/** The ReplicaSet holding a revision; 0 means the previous one (second-highest), as kubectl rollout undo picks it. */
export function replicaSetForRevision(
	deployment: DeploymentJson,
	replicaSets: readonly ReplicaSetJson[],
	toRevision: number,
): {rs: ReplicaSetJson} | {error: string} {
	if (toRevision < 0) return {error: `unable to find specified revision ${toRevision} in history`};
	const owned = ownedReplicaSets(deployment, replicaSets);
	if (toRevision === 0) {
		if (owned.length <= 1) return {error: `no rollout history found for deployment "${deployment.metadata.name}"`};
		const sorted = [...owned].sort((a, b) => revisionOf(b) - revisionOf(a));
		return {rs: sorted[1]!};
	}
	const match = owned.find(rs => revisionOf(rs) === toRevision);
	return match ? {rs: match} : {error: `unable to find specified revision ${toRevision} in history`};
}
