// What `kubectl describe` and `kubectl get -o yaml` read for one object: the object, its events (found the way
// kubectl finds them: by involved object name, namespace, kind and uid) and, for a Deployment its ReplicaSets, for a
// ReplicaSet, StatefulSet or DaemonSet its pods (selected by its label selector).
import {selectorToString} from '../model/format.js';
import {kindPath} from '../model/kinds.js';
import type {EventJson} from '../model/objects.js';
import type {ObjectRef} from '../model/types.js';
import type {ApiClient} from './http.js';

export type {ObjectRef} from '../model/types.js';
type ObjectKind = ObjectRef['kind'];

const COLLECTIONS: Record<ObjectKind, (namespace: string) => string> = {
	Deployment: namespace => kindPath('Deployment', namespace),
	StatefulSet: namespace => kindPath('StatefulSet', namespace),
	DaemonSet: namespace => kindPath('DaemonSet', namespace),
	ReplicaSet: namespace => `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/replicasets`,
	ControllerRevision: namespace => `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/controllerrevisions`,
	Pod: namespace => `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
};

/**
 * What a describer lists beside the object, by the object's selector: a Deployment's ReplicaSets; the pods of a
 * ReplicaSet, StatefulSet or DaemonSet.
 */
const RELATED: Partial<Record<ObjectKind, ObjectKind>> = {
	Deployment: 'ReplicaSet',
	ReplicaSet: 'Pod',
	StatefulSet: 'Pod',
	DaemonSet: 'Pod',
};

export function objectPath(ref: ObjectRef): string {
	return `${COLLECTIONS[ref.kind](ref.namespace)}/${encodeURIComponent(ref.name)}`;
}

export async function fetchObject(client: ApiClient, ref: ObjectRef): Promise<any> {
	return client.request(objectPath(ref));
}

export async function fetchEvents(client: ApiClient, ref: ObjectRef, uid: string | undefined): Promise<EventJson[]> {
	const selector = [
		`involvedObject.name=${ref.name}`,
		`involvedObject.namespace=${ref.namespace}`,
		`involvedObject.kind=${ref.kind}`,
		...(uid ? [`involvedObject.uid=${uid}`] : []),
	].join(',');
	const list = await client.request<{items?: EventJson[]}>(
		`/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/events`,
		{query: {fieldSelector: selector}},
	);
	return list?.items ?? [];
}

export interface DescribeData {
	object: any;
	events: EventJson[];
	related: any[];
}

/** The object, its events and its related objects, fetched together. */
export async function fetchDescribe(client: ApiClient, ref: ObjectRef): Promise<DescribeData> {
	const object = await fetchObject(client, ref);
	const relatedKind = RELATED[ref.kind];
	const [events, related] = await Promise.all([
		// kubectl shows the events it could list: when listing fails (forbidden, say), `Events: <none>`.
		fetchEvents(client, ref, object?.metadata?.uid).catch(() => []),
		relatedKind
			? client
					.request<{items?: any[]}>(COLLECTIONS[relatedKind](ref.namespace), {
						query: {labelSelector: selectorToString(object?.spec?.selector) || undefined},
					})
					.then(list => list?.items ?? [])
			: Promise.resolve([]),
	]);
	return {object, events, related};
}
