// Pieces the StatefulSet and DaemonSet controllers share: pods from an owner's template, pod predicates as
// pkg/controller/statefulset and pkg/controller/daemon use them, and graceful deletion.
import type {Store, StoredObject} from '../store.js';
import {ownerReference} from './history.js';
import {deleteObject} from '../deletion.js';
import {isPodAvailable, isPodReady} from './pod-util.js';
import {podFromTemplate} from './replicaset.js';

/** GetPodFromTemplate with the owner (a StatefulSet or DaemonSet) as controller, from a given template. */
export function podFromOwnerTemplate(owner: StoredObject, template: unknown): StoredObject {
	const pod = podFromTemplate({...owner, spec: {...owner.spec, template}} as StoredObject);
	pod.metadata.ownerReferences = [ownerReference(owner)];
	return pod;
}

export const isTerminating = (pod: StoredObject) => Boolean(pod.metadata.deletionTimestamp);
export const isRunningAndReady = (pod: StoredObject) => pod.status?.phase === 'Running' && isPodReady(pod);
export const isRunningAndAvailable = (pod: StoredObject, minReadySeconds: number, now: Date) =>
	pod.status?.phase === 'Running' && isPodAvailable(pod, minReadySeconds, now);
export const isFailed = (pod: StoredObject) => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: StoredObject) => pod.status?.phase === 'Succeeded';

/** The API server's DELETE of a pod: graceful when it runs on a node, at once otherwise. */
export function deletePod(store: Store, pod: StoredObject): void {
	const current = store.get('pods', pod.metadata.namespace, pod.metadata.name);
	if (!current || current.metadata.uid !== pod.metadata.uid || current.metadata.deletionTimestamp) return;
	deleteObject(store, 'pods', current.metadata.namespace, current.metadata.name, {uid: current.metadata.uid});
}
