// Pod readiness, availability and the ReplicaSet controller's deletion order (controller_utils.go ActivePodsWithRanks).
import {ANNOTATIONS} from '../../k8s/annotations.js';
import type {StoredObject} from '../store.js';

export function readyCondition(pod: StoredObject): {status: string; lastTransitionTime?: string} | undefined {
	return (pod.status?.conditions as {type: string; status: string; lastTransitionTime?: string}[] | undefined)?.find(
		c => c.type === 'Ready',
	);
}

export function isPodReady(pod: StoredObject): boolean {
	return readyCondition(pod)?.status === 'True';
}

/** IsPodAvailable: ready, and ready for longer than minReadySeconds (strictly). */
export function isPodAvailable(pod: StoredObject, minReadySeconds: number, now: Date): boolean {
	const ready = readyCondition(pod);
	if (ready?.status !== 'True') return false;
	if (!minReadySeconds) return true;
	const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : Number.NaN;
	return !Number.isNaN(since) && since + minReadySeconds * 1000 < now.getTime();
}

/** When a ready pod becomes available, or undefined if it is not ready (or already available). */
export function availableAt(pod: StoredObject, minReadySeconds: number): number | undefined {
	const ready = readyCondition(pod);
	if (ready?.status !== 'True' || !minReadySeconds || !ready.lastTransitionTime) return undefined;
	return Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000;
}

/** Active pods count towards a ReplicaSet: not finished and not being deleted. */
export function isPodActive(pod: StoredObject): boolean {
	const phase = pod.status?.phase;
	return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

const PHASE_ORDER: Record<string, number> = {Pending: 0, Unknown: 1, Running: 2};

function restarts(pod: StoredObject): number {
	let max = 0;
	for (const status of (pod.status?.containerStatuses ?? []) as {restartCount?: number}[])
		max = Math.max(max, status.restartCount ?? 0);
	return max;
}

function deletionCost(pod: StoredObject): number {
	const value = Number.parseInt(pod.metadata.annotations?.[ANNOTATIONS.podDeletionCost] ?? '0', 10);
	return Number.isNaN(value) ? 0 : value;
}

/** Log2 bucket of how long ago a time was (LogarithmicScaleDown): pods in the same bucket count as equally old. */
function ageBucket(time: string | undefined, now: number): number {
	if (!time) return -1;
	const seconds = Math.max(1, (now - Date.parse(time)) / 1000);
	return Math.floor(Math.log2(seconds));
}

/**
 * ActivePodsWithRanks.Less: the pods to delete first sort first. `rank` counts active pods of sibling ReplicaSets
 * on the same node (more doubled-up first).
 */
export function compareForDeletion(
	a: StoredObject,
	b: StoredObject,
	rank: (pod: StoredObject) => number,
	now: number,
): number {
	const assignedA = Boolean(a.spec?.nodeName);
	const assignedB = Boolean(b.spec?.nodeName);
	if (assignedA !== assignedB) return assignedA ? 1 : -1;
	const phaseA = PHASE_ORDER[a.status?.phase as string] ?? 1;
	const phaseB = PHASE_ORDER[b.status?.phase as string] ?? 1;
	if (phaseA !== phaseB) return phaseA - phaseB;
	const readyA = isPodReady(a);
	const readyB = isPodReady(b);
	if (readyA !== readyB) return readyA ? 1 : -1;
	const costA = deletionCost(a);
	const costB = deletionCost(b);
	if (costA !== costB) return costA - costB;
	const rankA = rank(a);
	const rankB = rank(b);
	if (rankA !== rankB) return rankB - rankA;
	if (readyA && readyB) {
		// More recently ready first.
		const bucketA = ageBucket(readyCondition(a)?.lastTransitionTime, now);
		const bucketB = ageBucket(readyCondition(b)?.lastTransitionTime, now);
		if (bucketA !== bucketB) return bucketA - bucketB;
	}
	const restartsA = restarts(a);
	const restartsB = restarts(b);
	if (restartsA !== restartsB) return restartsB - restartsA;
	const createdA = ageBucket(a.metadata.creationTimestamp, now);
	const createdB = ageBucket(b.metadata.creationTimestamp, now);
	if (createdA !== createdB) return createdA - createdB;
	return a.metadata.uid < b.metadata.uid ? -1 : a.metadata.uid > b.metadata.uid ? 1 : 0;
}
