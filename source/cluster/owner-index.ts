// Objects grouped by their controller's uid, kept up to date per watch event (a WatchIndex), so that a snapshot does
// not regroup 10,000 ReplicaSets for one change. Each owner's list keeps its identity until one of its objects
// changes: readers may cache what they derive from it by identity.
import type {OwnerReference} from '../model/objects.js';
import type {KubeObject, WatchIndex} from './watch.js';
import {objectKey} from './watch.js';

const NONE: readonly never[] = Object.freeze([]);

function controllerUid(object: KubeObject): string | undefined {
	const refs = object.metadata.ownerReferences as OwnerReference[] | undefined;
	return refs?.find(ref => ref.controller === true)?.uid;
}

export class OwnerIndex<T extends KubeObject> implements WatchIndex<T> {
	private readonly byOwner = new Map<string, Map<string, T>>();
	/** Arrays handed out, per owner; dropped when the owner's set changes. */
	private readonly lists = new Map<string, readonly T[]>();

	reset(items: Iterable<T>): void {
		this.byOwner.clear();
		this.lists.clear();
		for (const item of items) this.add(item);
	}

	update(previous: T | undefined, next: T | undefined): void {
		if (previous) this.remove(previous);
		if (next) this.add(next);
	}

	/** The objects controlled by the owner (the same array while none of them changed). */
	owned(ownerUid: string | undefined): readonly T[] {
		if (!ownerUid) return NONE;
		const cached = this.lists.get(ownerUid);
		if (cached) return cached;
		const bucket = this.byOwner.get(ownerUid);
		if (!bucket) return NONE;
		const list = Object.freeze([...bucket.values()]);
		this.lists.set(ownerUid, list);
		return list;
	}

	private add(item: T): void {
		const owner = controllerUid(item);
		if (!owner) return;
		let bucket = this.byOwner.get(owner);
		if (!bucket) this.byOwner.set(owner, (bucket = new Map()));
		bucket.set(objectKey(item), item);
		this.lists.delete(owner);
	}

	private remove(item: T): void {
		const owner = controllerUid(item);
		if (!owner) return;
		const bucket = this.byOwner.get(owner);
		if (!bucket) return;
		bucket.delete(objectKey(item));
		if (bucket.size === 0) this.byOwner.delete(owner);
		this.lists.delete(owner);
	}
}
