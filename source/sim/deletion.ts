// Deletion as the API server's generic registry does it, shared by DELETE requests and the garbage collector:
// graceful deletion (pods), the garbage collector's finalizers chosen from the propagation policy, finalizers
// holding an object with its deletionTimestamp, and the update that removes the last finalizer deleting it.
import {formatTime, NotFoundError, type Resource, type Store, type StoredObject} from './store.js';
import {copyJson} from './json.js';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';
export const PROPAGATION_POLICIES: readonly PropagationPolicy[] = ['Foreground', 'Background', 'Orphan'];

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export interface DeleteOptions {
	gracePeriodSeconds?: number;
	propagationPolicy?: PropagationPolicy;
	orphanDependents?: boolean;
	/** Delete only this incarnation of the object (preconditions.uid). */
	uid?: string;
	dryRun?: boolean;
}

export interface DeleteOutcome {
	/** The object as it is now: its last state when deleted, else with its deletionTimestamp. */
	object: StoredObject;
	deleted: boolean;
}

/** Group-versions whose REST default is to orphan dependents (none served here is; apps/v1 and core/v1 are not). */
const ORPHANING_GROUP_VERSIONS = new Set(['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2']);

const hasFinalizer = (object: StoredObject, finalizer: string) =>
	object.metadata.finalizers?.includes(finalizer) ?? false;

export const isDeletingDependents = (object: StoredObject) =>
	Boolean(object.metadata.deletionTimestamp) && hasFinalizer(object, FOREGROUND_FINALIZER);

function shouldOrphan(object: StoredObject, options: DeleteOptions): boolean {
	if (options.orphanDependents !== undefined) return options.orphanDependents;
	if (options.propagationPolicy) return options.propagationPolicy === 'Orphan';
	for (const finalizer of object.metadata.finalizers ?? []) {
		if (finalizer === ORPHAN_FINALIZER) return true;
		if (finalizer === FOREGROUND_FINALIZER) return false;
	}
	return ORPHANING_GROUP_VERSIONS.has(object.apiVersion);
}

function shouldDeleteInForeground(object: StoredObject, options: DeleteOptions): boolean {
	if (options.orphanDependents !== undefined) return false;
	if (options.propagationPolicy) return options.propagationPolicy === 'Foreground';
	return hasFinalizer(object, FOREGROUND_FINALIZER);
}

/** The finalizers the policy asks for: both GC finalizers removed, then the one wanted appended. */
function finalizersForPolicy(object: StoredObject, options: DeleteOptions): string[] {
	const kept = (object.metadata.finalizers ?? []).filter(f => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
	if (shouldOrphan(object, options)) kept.push(ORPHAN_FINALIZER);
	if (shouldDeleteInForeground(object, options)) kept.push(FOREGROUND_FINALIZER);
	return kept;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
	a.length === b.length && a.every(item => b.includes(item)) && b.every(item => a.includes(item));

/** The pod strategy's grace period: asked for, else the pod's own; unscheduled and finished pods go at once. */
function podGracePeriod(pod: StoredObject, requested: number | undefined): number {
	let seconds = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
	if (!pod.spec?.nodeName) seconds = 0;
	const phase = pod.status?.phase;
	if (phase === 'Succeeded' || phase === 'Failed') seconds = 0;
	return seconds;
}

type GracefulStep = {kind: 'immediate'} | {kind: 'pending'} | {kind: 'graceful'; object: StoredObject};

/** BeforeDelete: whether deletion waits for a grace period, and the object with its deadline set. */
function beforeDelete(resource: Resource, existing: StoredObject, options: DeleteOptions, now: Date): GracefulStep {
	// Negative grace periods count as one second.
	const asked = options.gracePeriodSeconds;
	const requested = asked === undefined ? undefined : asked < 0 ? 1 : Math.floor(asked);
	if (resource !== 'pods') return {kind: 'immediate'};
	const meta = existing.metadata;
	if (meta.deletionTimestamp) {
		const current = meta.deletionGracePeriodSeconds;
		if (current === undefined || current === 0) return {kind: 'immediate'};
		// Only a shorter grace period may be asked for; the deadline moves by the difference.
		if (requested === undefined || requested >= current) return {kind: 'pending'};
		const next = copyJson(existing);
		const deadline = Date.parse(meta.deletionTimestamp) - current * 1000 + requested * 1000;
		next.metadata.deletionTimestamp = formatTime(new Date(deadline));
		next.metadata.deletionGracePeriodSeconds = requested;
		return {kind: 'graceful', object: next};
	}
	const seconds = podGracePeriod(existing, requested);
	const next = copyJson(existing);
	next.metadata.deletionTimestamp = formatTime(new Date(now.getTime() + seconds * 1000));
	next.metadata.deletionGracePeriodSeconds = seconds;
	if ((next.metadata.generation ?? 0) > 0) next.metadata.generation = next.metadata.generation! + 1;
	return {kind: 'graceful', object: next};
}

/**
 * Deletes an object as the registry's Delete does. Throws NotFoundError when the object (or that uid) is gone.
 * Graceful deletion with a grace period of 0 and no finalizers deletes at once.
 */
export function deleteObject(
	store: Store,
	resource: Resource,
	namespace: string | undefined,
	name: string,
	options: DeleteOptions = {},
): DeleteOutcome {
	const existing = store.get(resource, namespace, name);
	if (!existing || (options.uid && existing.metadata.uid !== options.uid)) throw new NotFoundError(resource, name);
	const step = beforeDelete(resource, existing, options, store.now());
	// A pending graceful deletion cannot be changed (not even its finalizers) by another DELETE.
	if (step.kind === 'pending') return {object: existing, deleted: false};
	const next = step.kind === 'graceful' ? step.object : copyJson(existing);
	const finalizers = finalizersForPolicy(existing, options);
	const finalizersChanged = !sameSet(finalizers, existing.metadata.finalizers ?? []);
	if (finalizersChanged) next.metadata.finalizers = finalizers;
	if (finalizers.length === 0) delete next.metadata.finalizers;
	const pendingFinalizers = finalizers.length > 0;
	const graceful = step.kind === 'graceful' && (next.metadata.deletionGracePeriodSeconds ?? 0) > 0;
	if (!graceful && !pendingFinalizers) return removeNow(store, resource, existing, options.dryRun);
	// Already deleting and nothing to change: no write (the registry's update is a no-op).
	if (step.kind === 'immediate' && existing.metadata.deletionTimestamp && !finalizersChanged)
		return {object: existing, deleted: false};
	if (!next.metadata.deletionTimestamp) {
		// markAsDeleting: objects without graceful deletion wait for their finalizers from now on.
		next.metadata.deletionTimestamp = formatTime(store.now());
		next.metadata.deletionGracePeriodSeconds = 0;
		if ((next.metadata.generation ?? 0) > 0) next.metadata.generation = next.metadata.generation! + 1;
	}
	if (options.dryRun) return {object: next, deleted: false};
	return {object: store.update(resource, next, existing.metadata.resourceVersion), deleted: false};
}

function removeNow(store: Store, resource: Resource, existing: StoredObject, dryRun?: boolean): DeleteOutcome {
	if (dryRun) return {object: existing, deleted: true};
	const {namespace, name, uid} = existing.metadata;
	return {object: store.delete(resource, namespace, name, uid), deleted: true};
}

/**
 * After an update: an object being deleted with a grace period of 0 whose last finalizer is gone is deleted
 * (the registry's ShouldDeleteDuringUpdate). Returns the object as the update's response carries it.
 */
export function deleteIfFinalized(store: Store, resource: Resource, object: StoredObject): StoredObject {
	const meta = object.metadata;
	if (!meta.deletionTimestamp || (meta.finalizers?.length ?? 0) > 0 || (meta.deletionGracePeriodSeconds ?? 0) !== 0)
		return object;
	try {
		return store.delete(resource, meta.namespace, meta.name, meta.uid);
	} catch (error) {
		if (error instanceof NotFoundError) return object;
		throw error;
	}
}

/** ValidateObjectMetaUpdate: an object being deleted takes no new finalizers. Returns the error detail, if any. */
export function newFinalizersWhileDeleting(next: StoredObject, previous: StoredObject): string[] {
	if (!previous.metadata.deletionTimestamp) return [];
	const before = new Set(previous.metadata.finalizers ?? []);
	return [...new Set(next.metadata.finalizers ?? [])].filter(f => !before.has(f)).sort();
}
