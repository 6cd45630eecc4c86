// Pure deployment arithmetic from pkg/controller/deployment/util/deployment_util.go, shared by the simulator's
// controllers and the dashboard's model. Types are structural so that client-node objects and plain JSON both fit.
import {ANNOTATIONS, ANNOTATIONS_NOT_COPIED, MAX_REVISION_HISTORY_CHARS} from './annotations.js';
import {CONDITION, getCondition, REASON, type DeploymentCondition} from './conditions.js';
import {scaledValueFromIntOrPercent, type IntOrString} from './intstr.js';
import type {PodTemplateLike} from './template.js';

export {ANNOTATIONS, POD_TEMPLATE_HASH_LABEL} from './annotations.js';
export {
	CONDITION,
	REASON,
	getCondition,
	setCondition,
	removeCondition,
	newCondition,
	type DeploymentCondition,
} from './conditions.js';
export {equalIgnoreHash, computeTemplateHash, type PodTemplateLike} from './template.js';
export type {IntOrString} from './intstr.js';

export const MAX_INT32 = 2147483647;

export interface DeploymentStatusLike {
	observedGeneration?: number;
	replicas?: number;
	updatedReplicas?: number;
	readyReplicas?: number;
	availableReplicas?: number;
	unavailableReplicas?: number;
	conditions?: DeploymentCondition[];
	collisionCount?: number;
}

export interface DeploymentLike {
	metadata?: {name?: string; annotations?: Record<string, string>; generation?: number};
	spec?: {
		replicas?: number;
		paused?: boolean;
		minReadySeconds?: number;
		progressDeadlineSeconds?: number;
		revisionHistoryLimit?: number;
		strategy?: {type?: string; rollingUpdate?: {maxSurge?: IntOrString; maxUnavailable?: IntOrString}};
		template?: any;
		selector?: any;
	};
	status?: any;
}

export interface ReplicaSetLike {
	metadata?: {name?: string; uid?: string; annotations?: Record<string, string>; creationTimestamp?: string | Date};
	spec?: {replicas?: number; template?: PodTemplateLike | any};
	status?: {replicas?: number; readyReplicas?: number; availableReplicas?: number};
}

/** spec.replicas after API defaulting (1 when unset). */
export function specReplicas(object: {spec?: {replicas?: number}} | undefined): number {
	return object?.spec?.replicas ?? 1;
}

const rsSpecReplicas = (rs: ReplicaSetLike) => rs.spec?.replicas ?? 0;

export function isRollingUpdate(d: DeploymentLike): boolean {
	return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** ResolveFenceposts: surge rounds up, unavailable rounds down; both zero → unavailable 1. */
export function resolveFenceposts(
	maxSurge: IntOrString | undefined,
	maxUnavailable: IntOrString | undefined,
	desired: number,
): {surge: number; unavailable: number} {
	const surge = scaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
	let unavailable = scaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
	if (surge === 0 && unavailable === 0) unavailable = 1;
	return {surge, unavailable};
}

function fenceposts(d: DeploymentLike) {
	const rollingUpdate = d.spec?.strategy?.rollingUpdate;
	return resolveFenceposts(rollingUpdate?.maxSurge, rollingUpdate?.maxUnavailable, specReplicas(d));
}

export function maxSurge(d: DeploymentLike): number {
	if (!isRollingUpdate(d)) return 0;
	return fenceposts(d).surge;
}

export function maxUnavailable(d: DeploymentLike): number {
	const replicas = specReplicas(d);
	if (!isRollingUpdate(d) || replicas === 0) return 0;
	return Math.min(fenceposts(d).unavailable, replicas);
}

export function minAvailable(d: DeploymentLike): number {
	return specReplicas(d) - maxUnavailable(d);
}

/** The revision annotation as an integer; missing or unparsable → 0. */
export function revisionOf(object: {metadata?: {annotations?: Record<string, string>}} | undefined): number {
	const value = object?.metadata?.annotations?.[ANNOTATIONS.revision];
	if (value === undefined || !/^-?\d+$/.test(value)) return 0;
	return Number.parseInt(value, 10);
}

/** MaxRevision over a set of ReplicaSets (unparsable revisions are skipped, i.e. count as 0). */
export function maxRevision(replicaSets: readonly {metadata?: {annotations?: Record<string, string>}}[]): number {
	let max = 0;
	for (const rs of replicaSets) max = Math.max(max, revisionOf(rs));
	return max;
}

/** NewRSNewReplicas: how big the new ReplicaSet may be this step. */
export function newRSNewReplicas(
	d: DeploymentLike,
	allRSs: readonly ReplicaSetLike[],
	newRS: ReplicaSetLike | undefined,
): number {
	const replicas = specReplicas(d);
	const type = d.spec?.strategy?.type ?? 'RollingUpdate';
	if (type === 'Recreate') return replicas;
	if (type !== 'RollingUpdate') throw new Error(`deployment type ${type} isn't supported`);
	const newReplicas = newRS ? rsSpecReplicas(newRS) : 0;
	const surge = scaledValueFromIntOrPercent(d.spec?.strategy?.rollingUpdate?.maxSurge ?? 0, replicas, true);
	const maxTotal = replicas + surge;
	const current = sumSpecReplicas(allRSs);
	if (current >= maxTotal) return newReplicas;
	return newReplicas + Math.min(maxTotal - current, replicas - newReplicas);
}

export function sumSpecReplicas(replicaSets: readonly (ReplicaSetLike | undefined)[]): number {
	let total = 0;
	for (const rs of replicaSets) if (rs) total += rsSpecReplicas(rs);
	return total;
}

export function sumStatus(
	replicaSets: readonly (ReplicaSetLike | undefined)[],
	field: 'replicas' | 'readyReplicas' | 'availableReplicas',
): number {
	let total = 0;
	for (const rs of replicaSets) if (rs) total += rs.status?.[field] ?? 0;
	return total;
}

function intAnnotation(rs: ReplicaSetLike, key: string): number | undefined {
	const value = rs.metadata?.annotations?.[key];
	if (value === undefined || !/^-?\d+$/.test(value)) return undefined;
	return Number.parseInt(value, 10);
}

export function desiredReplicasAnnotation(rs: ReplicaSetLike): number | undefined {
	return intAnnotation(rs, ANNOTATIONS.desiredReplicas);
}

/** IsSaturated: the new RS has all replicas, is annotated with them, and all are available. */
export function isSaturated(d: DeploymentLike, rs: ReplicaSetLike | undefined): boolean {
	if (!rs) return false;
	const desired = desiredReplicasAnnotation(rs);
	if (desired === undefined) return false;
	const replicas = specReplicas(d);
	return rsSpecReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/** integer.RoundToInt32: round half away from zero. */
export function roundHalfAwayFromZero(value: number): number {
	return value < 0 ? -Math.round(-value) : Math.round(value);
}

/** getReplicaSetFraction: this RS's share of a resize, from its max-replicas annotation. */
export function getReplicaSetFraction(rs: ReplicaSetLike, d: DeploymentLike): number {
	const replicas = specReplicas(d);
	if (replicas === 0) return -rsSpecReplicas(rs);
	const deploymentReplicas = replicas + maxSurge(d);
	const annotated = intAnnotation(rs, ANNOTATIONS.maxReplicas) ?? (d.status?.replicas as number | undefined) ?? 0;
	if (annotated === 0) return 0;
	const newSize = roundHalfAwayFromZero((rsSpecReplicas(rs) * deploymentReplicas) / annotated);
	return newSize - rsSpecReplicas(rs);
}

/** GetProportion: how many replicas to add to (or remove from) one RS during proportional scaling. */
export function getProportion(rs: ReplicaSetLike | undefined, d: DeploymentLike, toAdd: number, added: number): number {
	if (!rs || rsSpecReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
	const fraction = getReplicaSetFraction(rs, d);
	const allowed = toAdd - added;
	return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** The desired/max-replicas annotations the controller keeps on every RS it scales. */
export function replicasAnnotations(d: DeploymentLike): {desired: string; max: string} {
	const replicas = specReplicas(d);
	return {desired: String(replicas), max: String(replicas + maxSurge(d))};
}

/** SetReplicasAnnotations; returns whether anything changed. */
export function setReplicasAnnotations(
	rs: {metadata: {annotations?: Record<string, string>}},
	d: DeploymentLike,
): boolean {
	const {desired, max} = replicasAnnotations(d);
	const annotations = (rs.metadata.annotations ??= {});
	let changed = false;
	if (annotations[ANNOTATIONS.desiredReplicas] !== desired) {
		annotations[ANNOTATIONS.desiredReplicas] = desired;
		changed = true;
	}
	if (annotations[ANNOTATIONS.maxReplicas] !== max) {
		annotations[ANNOTATIONS.maxReplicas] = max;
		changed = true;
	}
	return changed;
}

/**
 * SetNewReplicaSetAnnotations: copy the deployment's annotations (skip-list aside), raise the revision when it is
 * lower than newRevision (recording the old one in revision-history when the RS already had one).
 */
export function setNewReplicaSetAnnotations(
	d: DeploymentLike,
	rs: {metadata: {annotations?: Record<string, string>}},
	newRevision: number,
	exists: boolean,
	maxHistoryChars = MAX_REVISION_HISTORY_CHARS,
): boolean {
	const annotations = (rs.metadata.annotations ??= {});
	let changed = false;
	for (const [key, value] of Object.entries(d.metadata?.annotations ?? {})) {
		if (ANNOTATIONS_NOT_COPIED.has(key) || annotations[key] === value) continue;
		annotations[key] = value;
		changed = true;
	}
	const hadRevision = ANNOTATIONS.revision in annotations;
	const oldRevision = annotations[ANNOTATIONS.revision] ?? '';
	let oldRevisionNumber = 0;
	if (oldRevision !== '') {
		if (!/^-?\d+$/.test(oldRevision)) return changed; // unparsable: the controller logs and leaves it
		oldRevisionNumber = Number.parseInt(oldRevision, 10);
	}
	if (oldRevisionNumber < newRevision) {
		annotations[ANNOTATIONS.revision] = String(newRevision);
		changed = true;
		// A re-used RS (rollback) keeps its former revision numbers for history.
		if (hadRevision) {
			const history = annotations[ANNOTATIONS.revisionHistory] ?? '';
			annotations[ANNOTATIONS.revisionHistory] = appendRevisionHistory(history, oldRevision, maxHistoryChars);
		}
	}
	if (!exists && setReplicasAnnotations(rs, d)) changed = true;
	return changed;
}

/** Appends a revision to the comma list, dropping the oldest entries while it would be too long. */
export function appendRevisionHistory(
	history: string,
	revision: string,
	maxChars = MAX_REVISION_HISTORY_CHARS,
): string {
	if (history === '') return revision;
	const entries = history.split(',');
	let total = history.length + revision.length + 1;
	let start = 0;
	while (total > maxChars && start < entries.length) {
		total -= entries[start]!.length + 1;
		start++;
	}
	if (total > maxChars) return history;
	return [...entries.slice(start), revision].join(',');
}

export function hasProgressDeadline(d: DeploymentLike): boolean {
	const deadline = d.spec?.progressDeadlineSeconds;
	return deadline !== undefined && deadline !== null && deadline !== MAX_INT32;
}

/** DeploymentComplete: every replica updated and available, and the current generation observed. */
export function deploymentComplete(d: DeploymentLike, status: DeploymentStatusLike): boolean {
	const replicas = specReplicas(d);
	return (
		(status.updatedReplicas ?? 0) === replicas &&
		(status.replicas ?? 0) === replicas &&
		(status.availableReplicas ?? 0) === replicas &&
		(status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
	);
}

/** DeploymentProgressing: the new status shows progress compared with the deployment's stored status. */
export function deploymentProgressing(d: DeploymentLike, newStatus: DeploymentStatusLike): boolean {
	const old: DeploymentStatusLike = d.status ?? {};
	const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
	const newOld = (newStatus.replicas ?? 0) - (newStatus.updatedReplicas ?? 0);
	return (
		(newStatus.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
		newOld < oldOld ||
		(newStatus.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
		(newStatus.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
	);
}

/** DeploymentTimedOut: no progress for progressDeadlineSeconds since the Progressing condition last changed. */
export function deploymentTimedOut(d: DeploymentLike, newStatus: DeploymentStatusLike, now: Date): boolean {
	if (!hasProgressDeadline(d)) return false;
	const condition = getCondition(newStatus, CONDITION.progressing);
	if (!condition) return false;
	if (condition.reason === REASON.newRSAvailable) return false;
	if (condition.reason === REASON.timedOut) return true;
	const from = condition.lastUpdateTime === undefined ? Number.NaN : new Date(condition.lastUpdateTime).getTime();
	if (Number.isNaN(from)) return false;
	return from + d.spec!.progressDeadlineSeconds! * 1000 < now.getTime();
}
