// Objects grouped by their controller's uid, kept up to date per watch event (a WatchIndex), so that a snapshot does
// not regroup 10,000 ReplicaSets for one change. Each owner's list keeps its identity until one of its objects
// changes: readers may cache what they derive from it by identity.
import type {OwnerReference} from '../model/objects.js';
import type {KubeObject, WatchIndex} from './watch.js';
import {objectKey} from './watch.js';

const NONE: readonly never[] = Object.freeze([]);

/** Changes remembered for readers that ask what changed since their last look; beyond that they look at everything. */
const MAX_CHANGES = 20_000;

function controllerUid(object: KubeObject): string | undefined {
	const refs = object.metadata.ownerReferences as OwnerReference[] | undefined;
	return refs?.find(ref => ref.controller === true)?.uid;
}

export class OwnerIndex<T extends KubeObject> implements WatchIndex<T> {
	private readonly byOwner = new Map<string, Map<string, T>>();
	/** Arrays handed out, per owner; dropped when the owner's set changes. */
	private readonly lists = new Map<string, readonly T[]>();
	/** The owners changed, in order: changes[i] is change number changesStart + i + 1. */
	private changes: string[] = [];
	private changesStart = 0;

	reset(items: Iterable<T>): void {
		this.byOwner.clear();
		this.lists.clear();
		for (const item of items) this.add(item);
		// A relist may have changed anything: readers from before it look at everything.
		this.changesStart = this.changeCount;
		this.changes = [];
	}

	/** Changes so far: a mark for changedSince. */
	get changeCount(): number {
		return this.changesStart + this.changes.length;
	}

	/** The owners whose objects changed after the mark (with repeats); undefined when that is no longer known. */
	changedSince(mark: number): readonly string[] | undefined {
		if (mark < this.changesStart || mark > this.changeCount) return undefined;
		return this.changes.slice(mark - this.changesStart);
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
		this.changed(owner);
	}

	private remove(item: T): void {
		const owner = controllerUid(item);
		if (!owner) return;
		const bucket = this.byOwner.get(owner);
		if (!bucket) return;
		bucket.delete(objectKey(item));
		if (bucket.size === 0) this.byOwner.delete(owner);
		this.changed(owner);
	}

	private changed(owner: string): void {
		this.lists.delete(owner);
		this.changes.push(owner);
		if (this.changes.length > MAX_CHANGES) {
			const dropped = this.changes.length - MAX_CHANGES / 2;
			this.changes.splice(0, dropped);
			this.changesStart += dropped;
		}
	}
}
