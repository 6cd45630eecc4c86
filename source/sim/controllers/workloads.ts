// Wiring of the scheduler, the node lifecycle, and the StatefulSet and DaemonSet controllers onto the shared work
// queue: which store events enqueue which keys, and which key runs which sync.
import {controllerOf, type Store, type StoreEvent, type StoredObject} from '../store.js';
import {DaemonSetController, daemonSetKey} from './daemonset.js';
import type {EventRecorder} from './events.js';
import {syncUnschedulableTaint} from './nodes.js';
import {Scheduler, scheduleKey} from './scheduler.js';
import {StatefulSetController, statefulSetKey} from './statefulset.js';

export interface WorkloadControllers {
	/** Enqueues what a store event concerns (listeners only enqueue: they never write). */
	observe(event: StoreEvent): void;
	/** Runs the sync of a key of one of these controllers (`kind:namespace/name`). */
	sync(kind: string, namespace: string, name: string): void;
	/** One sync for everything that existed before the controllers started. */
	seed(): void;
}

export function startWorkloadControllers(
	store: Store,
	events: EventRecorder,
	requeueAfter: (key: string, delayMs: number) => void,
	enqueue: (key: string) => void,
	orphanPods: (namespace: string) => StoredObject[],
): WorkloadControllers {
	const scheduler = new Scheduler(store, events, enqueue);
	const statefulSets = new StatefulSetController({store, events, requeueAfter, orphanPods});
	const daemonSets = new DaemonSetController({store, events, requeueAfter, orphanPods});
	const enqueueAllDaemonSets = () => {
		for (const ds of store.list('daemonsets')) enqueue(daemonSetKey(ds.metadata.namespace, ds.metadata.name));
	};
	const enqueueOwner = (object: StoredObject) => {
		const owner = controllerOf(object);
		if (owner?.kind === 'StatefulSet') enqueue(statefulSetKey(object.metadata.namespace, owner.name));
		else if (owner?.kind === 'DaemonSet') enqueue(daemonSetKey(object.metadata.namespace, owner.name));
	};

	return {
		observe(event) {
			const object = event.object;
			const {namespace, name} = object.metadata;
			switch (event.resource) {
				case 'pods':
					scheduler.observePod(event);
					enqueueOwner(object);
					if (event.previous) enqueueOwner(event.previous);
					if (isNewOrphan(event)) {
						for (const set of store.list('statefulsets', namespace))
							enqueue(statefulSetKey(namespace, set.metadata.name));
						for (const ds of store.list('daemonsets', namespace)) enqueue(daemonSetKey(namespace, ds.metadata.name));
					}
					break;
				case 'nodes':
					scheduler.observeNode();
					if (event.type !== 'DELETED') enqueue(`node:/${name}`);
					enqueueAllDaemonSets();
					break;
				case 'statefulsets':
					enqueue(statefulSetKey(namespace, name));
					break;
				case 'daemonsets':
					enqueue(daemonSetKey(namespace, name));
					break;
				case 'controllerrevisions':
					if (event.type === 'DELETED') enqueueOwner(object);
					break;
				default:
					break;
			}
		},
		sync(kind, namespace, name) {
			if (kind === 'schedule') scheduler.sync(namespace, name);
			else if (kind === 'statefulset') statefulSets.sync(namespace, name);
			else if (kind === 'daemonset') daemonSets.sync(namespace, name);
			else if (kind === 'node') syncUnschedulableTaint(store, name);
		},
		seed() {
			for (const pod of store.list('pods'))
				if (!pod.spec?.nodeName) enqueue(scheduleKey(pod.metadata.namespace, pod.metadata.name));
			for (const set of store.list('statefulsets')) enqueue(statefulSetKey(set.metadata.namespace, set.metadata.name));
			enqueueAllDaemonSets();
		},
	};
}

/** A pod without a controller that a StatefulSet or DaemonSet could adopt now: new, released or relabelled. */
function isNewOrphan(event: StoreEvent): boolean {
	const pod = event.object;
	if (event.type === 'DELETED' || controllerOf(pod) || pod.metadata.deletionTimestamp) return false;
	const previous = event.previous;
	return (
		!previous ||
		Boolean(controllerOf(previous)) ||
		JSON.stringify(previous.metadata.labels) !== JSON.stringify(pod.metadata.labels)
	);
}
