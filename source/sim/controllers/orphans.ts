// Objects without a controller owner, per namespace, kept from store events so that adoption never scans a namespace.
import {controllerOf, type Resource, type Store, type StoreEvent, type StoredObject} from '../store.js';

export class OrphanIndex {
	private readonly byNamespace = new Map<string, Set<string>>();

	constructor(
		private readonly store: Store,
		private readonly resource: Resource,
	) {}

	observe(event: StoreEvent): void {
		const namespace = event.object.metadata.namespace ?? '';
		const name = event.object.metadata.name;
		let names = this.byNamespace.get(namespace);
		if (event.type !== 'DELETED' && !controllerOf(event.object)) {
			if (!names) this.byNamespace.set(namespace, (names = new Set()));
			names.add(name);
		} else if (names) {
			names.delete(name);
			if (names.size === 0) this.byNamespace.delete(namespace);
		}
	}

	/** Records an object that existed before we subscribed. */
	seed(object: StoredObject): void {
		this.observe({type: 'ADDED', resource: this.resource, object, resourceVersion: 0});
	}

	list(namespace: string): StoredObject[] {
		const out: StoredObject[] = [];
		for (const name of this.byNamespace.get(namespace) ?? []) {
			const object = this.store.get(this.resource, namespace, name);
			if (object && !controllerOf(object)) out.push(object);
		}
		return out;
	}

	has(namespace: string): boolean {
		return (this.byNamespace.get(namespace)?.size ?? 0) > 0;
	}
}
