// Starts the simulator's controllers against a Store: Deployment and ReplicaSet controllers sharing one work
// queue, the garbage collector, and the simulated scheduler/kubelet. Everything is driven by store events.
import {controllerOf, RESOURCES, type Store, type StoreEvent, type StoredObject} from '../store.js';
import {DeploymentController, deploymentKey} from './deployment.js';
import {EventRecorder} from './events.js';
import {BatchedEventRecorder} from './event-recorder.js';
import {Kubelet} from './kubelet.js';
import {GarbageCollector} from './garbage-collector.js';
import {ReplicaSetController, replicaSetKey} from './replicaset.js';
import {OrphanIndex} from './orphans.js';
import {WorkQueue} from './queue.js';
import {startWorkloadControllers} from './workloads.js';

export interface ControllerOptions {
	/** Scales every simulated delay (pod start-up, back-off, termination); 1 = real time. */
	speed: number;
	/** Called when a sync fails (it is retried with back-off); defaults to silence. */
	onError?: (key: string, error: unknown) => void;
}

export interface Controllers {
	stop(): void;
}

export function startControllers(store: Store, options: ControllerOptions): Controllers {
	const speed = options.speed > 0 ? options.speed : 1;
	const events = new EventRecorder(store);
	let queue: WorkQueue;
	const requeueAfter = (key: string, delayMs: number) => queue.addAfter(key, delayMs);
	// Orphans per namespace, so that adoption never scans a namespace.
	const orphanReplicaSets = new OrphanIndex(store, 'replicasets');
	const orphanPods = new OrphanIndex(store, 'pods');
	const deployments = new DeploymentController({
		store,
		events,
		requeueAfter,
		orphanReplicaSets: namespace => orphanReplicaSets.list(namespace),
	});
	const replicaSets = new ReplicaSetController({
		store,
		events,
		requeueAfter,
		orphanPods: namespace => orphanPods.list(namespace),
	});
	const kubeletEvents = new BatchedEventRecorder(events);
	const kubelet = new Kubelet(store, {speed, events: kubeletEvents});
	const garbageCollector = new GarbageCollector(store, key => queue.add(key));
	const workloads = startWorkloadControllers(
		store,
		events,
		requeueAfter,
		key => queue.add(key),
		namespace => orphanPods.list(namespace),
	);

	queue = new WorkQueue(
		key => {
			const separator = key.indexOf(':');
			const kind = key.slice(0, separator);
			const [namespace, name] = splitKey(key.slice(separator + 1));
			if (kind === 'deployment') deployments.sync(namespace, name);
			else if (kind === 'replicaset') replicaSets.sync(namespace, name);
			else if (GarbageCollector.isKey(key)) garbageCollector.sync(key);
			else workloads.sync(kind, namespace, name);
		},
		options.onError,
		key => !key.startsWith('deployment:'),
	);

	const enqueueOwningDeployment = (rs: StoredObject) => {
		const owner = controllerOf(rs);
		if (owner?.kind === 'Deployment') queue.add(deploymentKey(rs.metadata.namespace, owner.name));
	};

	const onEvent = (event: StoreEvent) => {
		workloads.observe(event);
		const object = event.object;
		garbageCollector.observe(event);
		switch (event.resource) {
			case 'deployments':
				queue.add(deploymentKey(object.metadata.namespace, object.metadata.name));
				break;
			case 'replicasets':
				orphanReplicaSets.observe(event);
				queue.add(replicaSetKey(object.metadata.namespace, object.metadata.name));
				// A new orphan may belong to a deployment of its namespace: let them look (rare: bare ReplicaSets).
				if (event.type === 'ADDED' && !controllerOf(object)) {
					for (const deployment of store.list('deployments', object.metadata.namespace))
						queue.add(deploymentKey(deployment.metadata.namespace, deployment.metadata.name));
				}
				enqueueOwningDeployment(object);
				if (event.previous) enqueueOwningDeployment(event.previous);
				break;
			case 'pods': {
				kubelet.observe(event);
				orphanPods.observe(event);
				// An orphan (new, released, or relabelled) may be claimed by a ReplicaSet of its namespace.
				const orphanChanged =
					!event.previous ||
					controllerOf(event.previous) ||
					JSON.stringify(event.previous.metadata.labels) !== JSON.stringify(object.metadata.labels);
				if (event.type !== 'DELETED' && !controllerOf(object) && !object.metadata.deletionTimestamp && orphanChanged) {
					for (const rs of store.list('replicasets', object.metadata.namespace))
						queue.add(replicaSetKey(rs.metadata.namespace, rs.metadata.name));
				}
				const owner = controllerOf(object);
				if (owner?.kind === 'ReplicaSet') {
					queue.add(replicaSetKey(object.metadata.namespace, owner.name));
					// Recreate waits for old pods to be gone: the deployment needs to hear about deletions.
					if (event.type === 'DELETED') {
						const rs = store.get('replicasets', object.metadata.namespace, owner.name);
						if (rs) enqueueOwningDeployment(rs);
					}
				}
				break;
			}
			default:
				break;
		}
	};
	// Listeners must not write (nested writes would reach other listeners out of order): they only enqueue.
	const unsubscribe = store.subscribe(onEvent);

	// Objects that exist already (a scenario loaded before us) get one sync each.
	for (const resource of RESOURCES) for (const object of store.list(resource)) garbageCollector.seed(resource, object);
	for (const deployment of store.list('deployments'))
		queue.add(deploymentKey(deployment.metadata.namespace, deployment.metadata.name));
	for (const rs of store.list('replicasets')) {
		orphanReplicaSets.seed(rs);
		queue.add(replicaSetKey(rs.metadata.namespace, rs.metadata.name));
	}
	for (const pod of store.list('pods')) {
		orphanPods.seed(pod);
		kubelet.adopt(pod);
	}
	workloads.seed();

	return {
		stop() {
			unsubscribe();
			queue.stop();
			kubelet.stop();
			kubeletEvents.stop();
		},
	};
}

function splitKey(key: string): [string, string] {
	const slash = key.indexOf('/');
	return [key.slice(0, slash), key.slice(slash + 1)];
}
