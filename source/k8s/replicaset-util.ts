// Finding and ordering a Deployment's ReplicaSets (deployment_util.go, controller_utils.go sort orders).
import {equalIgnoreHash, type PodTemplateLike} from './template.js';
import {revisionOf, type ReplicaSetLike} from './deployment-util.js';

const specReplicas = (rs: ReplicaSetLike) => rs.spec?.replicas ?? 0;
const created = (rs: ReplicaSetLike) => {
	const value = rs.metadata?.creationTimestamp;
	return value === undefined ? 0 : new Date(value).getTime();
};
const nameOf = (rs: ReplicaSetLike) => rs.metadata?.name ?? '';
const compareNames = (a: ReplicaSetLike, b: ReplicaSetLike) =>
	nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0;

/** ReplicaSetsByCreationTimestamp: oldest first, name as tie-break. */
export function byCreationTimestamp(a: ReplicaSetLike, b: ReplicaSetLike): number {
	return created(a) - created(b) || compareNames(a, b);
}

/** ReplicaSetsByRevision: lowest revision first; ties fall back to creation order. */
export function byRevision(a: ReplicaSetLike, b: ReplicaSetLike): number {
	return revisionOf(a) - revisionOf(b) || byCreationTimestamp(a, b);
}

/** ReplicaSetsBySizeNewer: bigger first, ties newer first (scaling up). */
export function bySizeNewer(a: ReplicaSetLike, b: ReplicaSetLike): number {
	return specReplicas(b) - specReplicas(a) || byCreationTimestamp(b, a);
}

/** ReplicaSetsBySizeOlder: bigger first, ties older first (scaling down). */
export function bySizeOlder(a: ReplicaSetLike, b: ReplicaSetLike): number {
	return specReplicas(b) - specReplicas(a) || byCreationTimestamp(a, b);
}

/** FindNewReplicaSet: the oldest RS whose template equals the deployment's, ignoring the hash label. */
export function findNewReplicaSet<T extends ReplicaSetLike>(
	template: PodTemplateLike,
	replicaSets: readonly T[],
): T | undefined {
	return [...replicaSets].sort(byCreationTimestamp).find(rs => equalIgnoreHash(rs.spec?.template, template));
}

/** FindOldReplicaSets: every RS but the new one. */
export function findOldReplicaSets<T extends ReplicaSetLike>(newRS: T | undefined, replicaSets: readonly T[]): T[] {
	return replicaSets.filter(
		rs => rs !== newRS && (!newRS || rs.metadata?.uid === undefined || rs.metadata.uid !== newRS.metadata?.uid),
	);
}

export function filterActive<T extends ReplicaSetLike>(replicaSets: readonly (T | undefined)[]): T[] {
	return replicaSets.filter((rs): rs is T => rs !== undefined && specReplicas(rs) > 0);
}

/**
 * FindActiveOrLatest: the only active RS; with none active the new RS, or else the newest old one;
 * undefined when several are active.
 */
export function findActiveOrLatest<T extends ReplicaSetLike>(
	newRS: T | undefined,
	oldRSs: readonly T[],
): T | undefined {
	if (!newRS && oldRSs.length === 0) return undefined;
	const olds = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
	const active = filterActive([newRS, ...olds]);
	if (active.length === 0) return newRS ?? olds[0];
	if (active.length === 1) return active[0];
	return undefined;
}
