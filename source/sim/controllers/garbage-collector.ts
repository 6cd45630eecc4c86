// The garbage collector (pkg/controller/garbagecollector): a graph of owner → dependents kept from store events
// for every served kind, and the three propagation policies carried out through the registry's own deletion.
// - An object none of whose owners exists any more is deleted (background: its owner went at once).
// - An owner with the `foregroundDeletion` finalizer has its dependents deleted (those with dependents of their
//   own in the foreground too); the finalizer is removed once no dependent with blockOwnerDeletion is left.
// - An owner with the `orphan` finalizer has its reference removed from every dependent, then the finalizer.
import {RESOURCE_INFO, type ResourceInfo} from '../api/resources.js';
import {
	deleteIfFinalized,
	deleteObject,
	FOREGROUND_FINALIZER,
	isDeletingDependents,
	ORPHAN_FINALIZER,
	type PropagationPolicy,
} from '../deletion.js';
import {
	ConflictError,
	NotFoundError,
	type OwnerReference,
	type Resource,
	type Store,
	type StoreEvent,
	type StoredObject,
} from '../store.js';
import {copyJson} from '../json.js';

const KEY_PREFIX = 'gc:';

const byKind = new Map<string, ResourceInfo>(
	Object.values(RESOURCE_INFO).map(info => [
		`${info.group ? `${info.group}/` : ''}${info.version}\t${info.kind}`,
		info,
	]),
);

const nodeKey = (resource: Resource, namespace: string | undefined, name: string) =>
	`${resource}/${namespace ?? ''}/${name}`;

const keyOfObject = (resource: Resource, object: StoredObject) =>
	nodeKey(resource, object.metadata.namespace, object.metadata.name);

function parseNodeKey(key: string): {resource: Resource; namespace: string | undefined; name: string} {
	const [resource, namespace, name] = key.split('/') as [Resource, string, string];
	return {resource, namespace: namespace || undefined, name};
}

const ownerUids = (object: StoredObject | undefined) => object?.metadata.ownerReferences?.map(ref => ref.uid) ?? [];

const sameOwners = (a: StoredObject | undefined, b: StoredObject | undefined) => {
	const before = a?.metadata.ownerReferences;
	const after = b?.metadata.ownerReferences;
	if (before === after) return true;
	if (!before || !after || before.length !== after.length) return false;
	return before.every((ref, i) => ref.uid === after[i]!.uid && ref.blockOwnerDeletion === after[i]!.blockOwnerDeletion);
};

const hasGcFinalizer = (object: StoredObject) =>
	Boolean(object.metadata.deletionTimestamp) &&
	(object.metadata.finalizers ?? []).some(f => f === ORPHAN_FINALIZER || f === FOREGROUND_FINALIZER);

type OwnerState = 'solid' | 'dangling' | 'waiting';

export class GarbageCollector {
	/** owner uid → keys of the objects whose ownerReferences name it */
	private readonly dependents = new Map<string, Set<string>>();

	constructor(
		private readonly store: Store,
		private readonly enqueue: (key: string) => void,
	) {}

	static isKey(key: string): boolean {
		return key.startsWith(KEY_PREFIX);
	}

	/** Keeps the graph and queues the objects that need a look. Never writes (listeners must not). */
	observe(event: StoreEvent): void {
		const {object, previous} = event;
		const gone = event.type === 'DELETED';
		if (gone || !sameOwners(previous, object)) {
			const key = keyOfObject(event.resource, object);
			for (const uid of ownerUids(previous)) this.unlink(uid, key);
			if (!gone) for (const uid of ownerUids(object)) this.link(uid, key);
			// A new or changed dependent: its owners may not exist (it is collected), or be waiting for it.
			if (!gone && object.metadata.ownerReferences?.length) this.enqueue(KEY_PREFIX + key);
			for (const owner of this.ownersOf(event.resource, previous ?? object)) this.enqueue(KEY_PREFIX + owner);
		}
		if (gone) {
			for (const dependent of this.dependents.get(object.metadata.uid) ?? []) this.enqueue(KEY_PREFIX + dependent);
		} else if (hasGcFinalizer(object) && !(previous && hasGcFinalizer(previous) && sameFinalizers(previous, object))) {
			this.enqueue(KEY_PREFIX + keyOfObject(event.resource, object));
		}
	}

	/**
	 * Records an object that existed before we subscribed: its place in the graph, and a look if it is being deleted
	 * with a collector's finalizer (a scenario's objects have their owners, so they are not checked one by one).
	 */
	seed(resource: Resource, object: StoredObject): void {
		const key = keyOfObject(resource, object);
		for (const uid of ownerUids(object)) this.link(uid, key);
		if (hasGcFinalizer(object)) this.enqueue(KEY_PREFIX + key);
	}

	sync(queueKey: string): void {
		const key = queueKey.slice(KEY_PREFIX.length);
		const {resource, namespace, name} = parseNodeKey(key);
		const object = this.store.get(resource, namespace, name);
		if (!object) return;
		if (object.metadata.deletionTimestamp) {
			if (object.metadata.finalizers?.includes(ORPHAN_FINALIZER)) return this.orphanDependents(resource, object);
			if (isDeletingDependents(object)) return this.processDeletingDependents(resource, object);
			return; // being deleted for another reason: nothing for the collector
		}
		if (object.metadata.ownerReferences?.length) this.attemptToDelete(resource, object);
	}

	private link(ownerUid: string, key: string): void {
		let keys = this.dependents.get(ownerUid);
		if (!keys) this.dependents.set(ownerUid, (keys = new Set()));
		keys.add(key);
	}

	private unlink(ownerUid: string, key: string): void {
		const keys = this.dependents.get(ownerUid);
		if (!keys) return;
		keys.delete(key);
		if (keys.size === 0) this.dependents.delete(ownerUid);
	}

	/** Keys of the owners an object's references name, where the kind is served and the owner is being deleted. */
	private *ownersOf(resource: Resource, object: StoredObject): Iterable<string> {
		for (const ref of object.metadata.ownerReferences ?? []) {
			const owner = this.resolve(resource, object, ref);
			if (owner?.object?.metadata.deletionTimestamp) yield owner.key;
		}
	}

	private resolve(
		resource: Resource,
		dependent: StoredObject,
		ref: OwnerReference,
	): {key: string; object: StoredObject | undefined} | undefined {
		const info = byKind.get(`${ref.apiVersion}\t${ref.kind}`);
		if (!info) return undefined;
		// A namespaced owner lives in its dependent's namespace; cluster-scoped dependents have cluster-scoped owners.
		const namespace = info.namespaced ? dependent.metadata.namespace : undefined;
		if (info.namespaced && !RESOURCE_INFO[resource].namespaced) return undefined;
		const object = this.store.get(info.resource, namespace, ref.name);
		return {key: nodeKey(info.resource, namespace, ref.name), object};
	}

	private ownerState(resource: Resource, dependent: StoredObject, ref: OwnerReference): OwnerState {
		const owner = this.resolve(resource, dependent, ref);
		// A kind the server does not serve cannot be verified: the collector leaves such a dependent alone.
		if (!owner) return 'solid';
		if (!owner.object || owner.object.metadata.uid !== ref.uid) return 'dangling';
		return isDeletingDependents(owner.object) ? 'waiting' : 'solid';
	}

	/** attemptToDeleteItem: collect an object none of whose owners stays. */
	private attemptToDelete(resource: Resource, object: StoredObject): void {
		const refs = object.metadata.ownerReferences ?? [];
		const states = refs.map(ref => this.ownerState(resource, object, ref));
		const solid = states.includes('solid');
		const waiting = states.includes('waiting');
		if (solid) {
			// Keep the object; drop the references to owners that are gone or waiting for their dependents.
			const kept = refs.filter((_, i) => states[i] === 'solid');
			if (kept.length !== refs.length) this.writeOwnerReferences(resource, object, kept);
			return;
		}
		let policy: PropagationPolicy;
		if (waiting && this.dependents.has(object.metadata.uid)) policy = 'Foreground';
		else if (object.metadata.finalizers?.includes(ORPHAN_FINALIZER)) policy = 'Orphan';
		else if (object.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) policy = 'Foreground';
		else policy = 'Background';
		this.delete(resource, object, policy);
	}

	/** processDeletingDependentsItem: the finalizer goes once no blocking dependent is left. */
	private processDeletingDependents(resource: Resource, owner: StoredObject): void {
		let blocking = 0;
		for (const key of this.dependents.get(owner.metadata.uid) ?? []) {
			const {resource: dependentResource, namespace, name} = parseNodeKey(key);
			const dependent = this.store.get(dependentResource, namespace, name);
			if (!dependent) continue;
			const ref = dependent.metadata.ownerReferences?.find(r => r.uid === owner.metadata.uid);
			if (ref?.blockOwnerDeletion) blocking++;
			if (!dependent.metadata.deletionTimestamp || isDeletingDependents(dependent)) this.enqueue(KEY_PREFIX + key);
		}
		if (blocking === 0) this.removeFinalizer(resource, owner, FOREGROUND_FINALIZER);
	}

	/** orphanDependents: every dependent loses its reference to the owner, then the owner its finalizer. */
	private orphanDependents(resource: Resource, owner: StoredObject): void {
		for (const key of [...(this.dependents.get(owner.metadata.uid) ?? [])]) {
			const {resource: dependentResource, namespace, name} = parseNodeKey(key);
			const dependent = this.store.get(dependentResource, namespace, name);
			if (!dependent) continue;
			const kept = (dependent.metadata.ownerReferences ?? []).filter(ref => ref.uid !== owner.metadata.uid);
			this.writeOwnerReferences(dependentResource, dependent, kept);
		}
		this.removeFinalizer(resource, owner, ORPHAN_FINALIZER);
	}

	private writeOwnerReferences(resource: Resource, object: StoredObject, refs: OwnerReference[]): void {
		const next = copyJson(object);
		if (refs.length) next.metadata.ownerReferences = refs;
		else delete next.metadata.ownerReferences;
		this.update(resource, next, object);
	}

	private removeFinalizer(resource: Resource, object: StoredObject, finalizer: string): void {
		const next = copyJson(object);
		const finalizers = (object.metadata.finalizers ?? []).filter(f => f !== finalizer);
		if (finalizers.length) next.metadata.finalizers = finalizers;
		else delete next.metadata.finalizers;
		this.update(resource, next, object);
	}

	/** A conditional update; a conflict or a vanished object means a newer event will bring the key back. */
	private update(resource: Resource, next: StoredObject, previous: StoredObject): void {
		try {
			deleteIfFinalized(this.store, resource, this.store.update(resource, next, previous.metadata.resourceVersion));
		} catch (error) {
			if (!(error instanceof ConflictError || error instanceof NotFoundError)) throw error;
		}
	}

	private delete(resource: Resource, object: StoredObject, propagationPolicy: PropagationPolicy): void {
		const {namespace, name, uid} = object.metadata;
		try {
			deleteObject(this.store, resource, namespace, name, {propagationPolicy, uid});
		} catch (error) {
			if (!(error instanceof NotFoundError || error instanceof ConflictError)) throw error;
		}
	}
}

function sameFinalizers(a: StoredObject, b: StoredObject): boolean {
	const x = a.metadata.finalizers ?? [];
	const y = b.metadata.finalizers ?? [];
	return x.length === y.length && x.every((f, i) => f === y[i]);
}
