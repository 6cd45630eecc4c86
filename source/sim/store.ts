// The simulator's object store: what etcd plus the watch cache are to a real API server.
// One global resourceVersion counter shared by every resource, indexes by namespace and by
// owner so that controllers never scan the whole store, and a bounded event history so that
// watches can resume from a resourceVersion (or be told 410 Expired when it is too old).
//
// Objects handed out by the store are shared and must be treated as immutable: clone before
// changing, then write the clone back with update().
import {randomUUID} from 'node:crypto';
import {copyJson} from './json.js';

export type Resource =
	| 'namespaces'
	| 'deployments'
	| 'replicasets'
	| 'pods'
	| 'events'
	| 'nodes'
	| 'statefulsets'
	| 'daemonsets'
	| 'controllerrevisions'
	| 'leases'
	| RbacResource;
export type RbacResource = 'roles' | 'clusterroles' | 'rolebindings' | 'clusterrolebindings';
export const RBAC_RESOURCES: readonly RbacResource[] = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'];
export const isRbacResource = (resource: Resource): resource is RbacResource =>
	(RBAC_RESOURCES as readonly Resource[]).includes(resource);
export const RESOURCES: readonly Resource[] = [
	'namespaces',
	'deployments',
	'replicasets',
	'pods',
	'events',
	'nodes',
	'statefulsets',
	'daemonsets',
	'controllerrevisions',
	'leases',
	...RBAC_RESOURCES,
];

export interface ObjectMeta {
	name: string;
	generateName?: string;
	namespace?: string;
	uid: string;
	resourceVersion: string;
	generation?: number;
	creationTimestamp: string;
	deletionTimestamp?: string;
	deletionGracePeriodSeconds?: number;
	labels?: Record<string, string>;
	annotations?: Record<string, string>;
	ownerReferences?: OwnerReference[];
	finalizers?: string[];
	[key: string]: unknown;
}

export interface OwnerReference {
	apiVersion: string;
	kind: string;
	name: string;
	uid: string;
	controller?: boolean;
	blockOwnerDeletion?: boolean;
}

export interface StoredObject {
	apiVersion: string;
	kind: string;
	metadata: ObjectMeta;
	spec?: any;
	status?: any;
	[key: string]: unknown;
}

/** A new object as a writer hands it to create(): uid, resourceVersion and timestamps are filled in. */
export type NewObject = Omit<StoredObject, 'metadata'> & {
	metadata: Partial<ObjectMeta> & ({name: string} | {generateName: string});
};

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
	type: EventType;
	resource: Resource;
	/** The object after the change (for DELETED: its last state, carrying the deletion resourceVersion). */
	object: StoredObject;
	/** The object before the change, for MODIFIED and DELETED. Lets selector-filtered watches emit ADDED/DELETED. */
	previous?: StoredObject;
	resourceVersion: number;
	/** The object serialised as JSON, while listeners run (then dropped, so that history does not keep it). */
	json?: string;
}

export type StoreListener = (event: StoreEvent) => void;

export class ConflictError extends Error {
	constructor(
		readonly resource: Resource,
		readonly objectName: string,
	) {
		super(`conflict on ${resource} ${objectName}`);
	}
}

export class AlreadyExistsError extends Error {
	constructor(
		readonly resource: Resource,
		readonly objectName: string,
	) {
		super(`${resource} ${objectName} already exists`);
	}
}

export class NotFoundError extends Error {
	constructor(
		readonly resource: Resource,
		readonly objectName: string,
	) {
		super(`${resource} ${objectName} not found`);
	}
}

// The API server's generateName alphabet and length (apiserver/pkg/storage/names).
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_GENERATE_NAME_BASE = 58;

export function randomSuffix(length = 5): string {
	let out = '';
	for (let i = 0; i < length; i++) out += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
	return out;
}

const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

interface ResourceTable {
	/** namespace ('' for cluster-scoped) → name → object */
	byNamespace: Map<string, Map<string, StoredObject>>;
	/** owner uid → keys of objects it controls */
	byOwner: Map<string, Set<string>>;
	byKey: Map<string, StoredObject>;
}

export interface StoreOptions {
	/** How many events are kept for watch resumption; older resourceVersions get 410 Expired. */
	historySize?: number;
	/** How many bytes of (serialised) objects the kept events may hold (default 32 MiB), as well as historySize. */
	historyBytes?: number;
	now?: () => Date;
}

export class Store {
	private rv = 0;
	private readonly tables = new Map<Resource, ResourceTable>();
	/** Kept events in resourceVersion order from historyStart on; the slots before it are emptied as they expire. */
	private readonly history: (StoreEvent | undefined)[] = [];
	/** Serialised size of each event in `history`, and their sum from historyStart on. */
	private readonly historySizes: number[] = [];
	private keptBytes = 0;
	private readonly historyBytes: number;
	private historyStart = 0; // index in `history` of the oldest kept event (ring by splicing in chunks)
	private readonly listeners = new Set<StoreListener>();
	private readonly historySize: number;
	readonly now: () => Date;

	constructor(options: StoreOptions = {}) {
		this.historySize = options.historySize ?? 50_000;
		this.historyBytes = options.historyBytes ?? 32 * 1024 * 1024;
		this.now = options.now ?? (() => new Date());
		for (const r of RESOURCES) this.tables.set(r, {byNamespace: new Map(), byOwner: new Map(), byKey: new Map()});
	}

	/** The store's current resourceVersion: that of the last write. */
	get resourceVersion(): number {
		return this.rv;
	}

	/** The oldest resourceVersion a watch may resume from without being told it expired. */
	get oldestResumableVersion(): number {
		const oldest = this.history[this.historyStart];
		return oldest ? oldest.resourceVersion - 1 : this.rv;
	}

	get(resource: Resource, namespace: string | undefined, name: string): StoredObject | undefined {
		return this.table(resource).byKey.get(keyOf(namespace, name));
	}

	/** Objects of a resource, in one namespace or (namespace undefined) in all. */
	list(resource: Resource, namespace?: string): StoredObject[] {
		const table = this.table(resource);
		if (namespace !== undefined) return [...(table.byNamespace.get(namespace)?.values() ?? [])];
		return [...table.byKey.values()];
	}

	count(resource: Resource, namespace?: string): number {
		const table = this.table(resource);
		return namespace === undefined ? table.byKey.size : (table.byNamespace.get(namespace)?.size ?? 0);
	}

	/** Objects whose controller owner reference points at ownerUid. */
	listByOwner(resource: Resource, ownerUid: string): StoredObject[] {
		const table = this.table(resource);
		const keys = table.byOwner.get(ownerUid);
		if (!keys) return [];
		const out: StoredObject[] = [];
		for (const key of keys) {
			const object = table.byKey.get(key);
			if (object) out.push(object);
		}
		return out;
	}

	create(resource: Resource, input: NewObject): StoredObject {
		const table = this.table(resource);
		const metadata = {...input.metadata} as Partial<ObjectMeta>;
		if (!metadata.name) {
			const base = (metadata.generateName ?? '').slice(0, MAX_GENERATE_NAME_BASE);
			do metadata.name = base + randomSuffix();
			while (table.byKey.has(keyOf(metadata.namespace, metadata.name)));
		}
		const key = keyOf(metadata.namespace, metadata.name);
		if (table.byKey.has(key)) throw new AlreadyExistsError(resource, metadata.name);
		const object = copyJson({...input, metadata}) as StoredObject;
		object.metadata.uid = randomUUID();
		object.metadata.creationTimestamp = formatTime(this.now());
		object.metadata.resourceVersion = String(++this.rv);
		this.put(resource, object);
		this.emit({type: 'ADDED', resource, object, resourceVersion: this.rv});
		return object;
	}

	/**
	 * Replaces an object. With expectedResourceVersion the write is conditional (409 on mismatch),
	 * as a PUT carrying metadata.resourceVersion is.
	 */
	update(resource: Resource, object: StoredObject, expectedResourceVersion?: string): StoredObject {
		const {namespace, name} = object.metadata;
		const previous = this.get(resource, namespace, name);
		if (!previous) throw new NotFoundError(resource, name);
		if (expectedResourceVersion !== undefined && expectedResourceVersion !== previous.metadata.resourceVersion) {
			throw new ConflictError(resource, name);
		}
		const next = copyJson(object);
		next.metadata.uid = previous.metadata.uid;
		next.metadata.creationTimestamp = previous.metadata.creationTimestamp;
		next.metadata.resourceVersion = String(++this.rv);
		this.unindexOwner(resource, previous);
		this.put(resource, next);
		this.emit({type: 'MODIFIED', resource, object: next, previous, resourceVersion: this.rv});
		return next;
	}

	delete(resource: Resource, namespace: string | undefined, name: string, expectedUid?: string): StoredObject {
		const table = this.table(resource);
		const key = keyOf(namespace, name);
		const previous = table.byKey.get(key);
		if (!previous || (expectedUid && previous.metadata.uid !== expectedUid)) throw new NotFoundError(resource, name);
		table.byKey.delete(key);
		const inNamespace = table.byNamespace.get(namespace ?? '');
		inNamespace?.delete(name);
		if (inNamespace && inNamespace.size === 0) table.byNamespace.delete(namespace ?? '');
		this.unindexOwner(resource, previous);
		const object = copyJson(previous);
		object.metadata.resourceVersion = String(++this.rv);
		this.emit({type: 'DELETED', resource, object, previous, resourceVersion: this.rv});
		return object;
	}

	/** Every event after resourceVersion `since`, or undefined when that version is no longer in history. */
	eventsSince(since: number): StoreEvent[] | undefined {
		if (since >= this.rv) return [];
		if (since < this.oldestResumableVersion) return undefined;
		// history is ordered by resourceVersion: binary search the first event after `since`.
		let lo = this.historyStart;
		let hi = this.history.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.history[mid]!.resourceVersion <= since) lo = mid + 1;
			else hi = mid;
		}
		return this.history.slice(lo) as StoreEvent[];
	}

	/** Listeners run synchronously after each write, in write order. Returns an unsubscribe function. */
	subscribe(listener: StoreListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Forgets all history (tests use it to force 410 Expired on resumption). */
	compactHistory(): void {
		this.history.length = 0;
		this.historySizes.length = 0;
		this.historyStart = 0;
		this.keptBytes = 0;
	}

	/** Bytes of serialised objects the event history holds now. */
	get historyByteCount(): number {
		return this.keptBytes;
	}

	/** Events the history holds now. */
	get historyLength(): number {
		return this.history.length - this.historyStart;
	}

	private table(resource: Resource): ResourceTable {
		const table = this.tables.get(resource);
		if (!table) throw new Error(`unknown resource ${resource}`);
		return table;
	}

	private put(resource: Resource, object: StoredObject): void {
		const table = this.table(resource);
		const {namespace, name} = object.metadata;
		const key = keyOf(namespace, name);
		table.byKey.set(key, object);
		let inNamespace = table.byNamespace.get(namespace ?? '');
		if (!inNamespace) table.byNamespace.set(namespace ?? '', (inNamespace = new Map()));
		inNamespace.set(name, object);
		const owner = controllerOf(object);
		if (owner) {
			let keys = table.byOwner.get(owner.uid);
			if (!keys) table.byOwner.set(owner.uid, (keys = new Set()));
			keys.add(key);
		}
	}

	private unindexOwner(resource: Resource, object: StoredObject): void {
		const owner = controllerOf(object);
		if (!owner) return;
		const table = this.table(resource);
		const keys = table.byOwner.get(owner.uid);
		keys?.delete(keyOf(object.metadata.namespace, object.metadata.name));
		if (keys && keys.size === 0) table.byOwner.delete(owner.uid);
	}

	private emit(event: StoreEvent): void {
		// Serialised once: the size bounds the history, and watches write the same text.
		event.json = JSON.stringify(event.object);
		this.history.push(event);
		this.historySizes.push(event.json.length);
		this.keptBytes += event.json.length;
		// The newest event is always kept, however large: a watch must be able to resume from the current version.
		while (
			this.history.length - this.historyStart > 1 &&
			(this.history.length - this.historyStart > this.historySize || this.keptBytes > this.historyBytes)
		) {
			this.keptBytes -= this.historySizes[this.historyStart]!;
			// Emptied at once: a large expired object must not wait for the next splice to be freed.
			this.history[this.historyStart] = undefined;
			this.historyStart++;
		}
		// Drop the consumed prefix in chunks so that trimming stays O(1) amortised.
		if (this.historyStart > 4096) {
			this.history.splice(0, this.historyStart);
			this.historySizes.splice(0, this.historyStart);
			this.historyStart = 0;
		}
		try {
			for (const listener of this.listeners) listener(event);
		} finally {
			event.json = undefined;
		}
	}
}

export function controllerOf(object: StoredObject): OwnerReference | undefined {
	return object.metadata.ownerReferences?.find(ref => ref.controller);
}

/** RFC 3339 with second precision, as the API server serialises metav1.Time. */
export function formatTime(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
