// What kubectl writes for StatefulSets and DaemonSets, through the API server's own create and update steps
// (defaulting, the registry strategies, validation) so that scenario objects are exactly what a POST would store.
import type {Resource, Store, StoredObject} from '../store.js';
import {applyDefaults, prepareForCreate, prepareForUpdate, throwIfInvalid} from '../api/objects.js';
import {copyJson} from '../json.js';

export interface WorkloadInput {
	name: string;
	namespace: string;
	image: string;
	container?: string;
	labels?: Record<string, string>;
	annotations?: Record<string, string>;
	port?: number;
	/** Seconds before the readiness probe passes. */
	readinessDelaySeconds?: number;
	spec?: Record<string, unknown>;
}

function template(input: WorkloadInput) {
	const labels = input.labels ?? {app: input.name};
	const container: Record<string, unknown> = {name: input.container ?? input.name, image: input.image};
	if (input.port) container.ports = [{containerPort: input.port}];
	if (input.readinessDelaySeconds !== undefined)
		container.readinessProbe = {
			tcpSocket: {port: input.port ?? 80},
			initialDelaySeconds: input.readinessDelaySeconds,
		};
	return {labels, template: {metadata: {labels: {...labels}}, spec: {containers: [container]}}};
}

export function statefulSetObject(input: WorkloadInput): StoredObject {
	const {labels, template: podTemplate} = template(input);
	return {
		apiVersion: 'apps/v1',
		kind: 'StatefulSet',
		metadata: {
			name: input.name,
			namespace: input.namespace,
			// Labelled like their pods, as the demo's deployments are (so `-l app=…` finds every kind).
			labels: {...labels},
			...(input.annotations ? {annotations: {...input.annotations}} : {}),
		},
		spec: {serviceName: input.name, replicas: 3, selector: {matchLabels: labels}, template: podTemplate, ...input.spec},
	} as unknown as StoredObject;
}

export function daemonSetObject(input: WorkloadInput): StoredObject {
	const {labels, template: podTemplate} = template(input);
	return {
		apiVersion: 'apps/v1',
		kind: 'DaemonSet',
		metadata: {
			name: input.name,
			namespace: input.namespace,
			// Labelled like their pods, as the demo's deployments are (so `-l app=…` finds every kind).
			labels: {...labels},
			...(input.annotations ? {annotations: {...input.annotations}} : {}),
		},
		spec: {selector: {matchLabels: labels}, template: podTemplate, ...input.spec},
	} as unknown as StoredObject;
}

/** POST of a StatefulSet or DaemonSet (idempotent: an existing object is left as it is). */
export function createWorkload(store: Store, resource: Resource, object: StoredObject): StoredObject {
	const existing = store.get(resource, object.metadata.namespace, object.metadata.name);
	if (existing) return existing;
	const input = copyJson(object);
	prepareForCreate(resource, input);
	applyDefaults(resource, input);
	throwIfInvalid(resource, input);
	return store.create(resource, input as never);
}

/** PATCH of a StatefulSet or DaemonSet: the mutation applies to a copy, then defaulting, strategy and validation. */
export function updateWorkload(
	store: Store,
	resource: Resource,
	namespace: string,
	name: string,
	mutate: (object: StoredObject) => void,
): StoredObject {
	const current = store.get(resource, namespace, name);
	if (!current) throw new Error(`${resource}.apps "${name}" not found`);
	const next = copyJson(current);
	mutate(next);
	applyDefaults(resource, next);
	prepareForUpdate(resource, next, current);
	throwIfInvalid(resource, next, current);
	return store.update(resource, next);
}

/** `kubectl set image` on every container, with a change-cause annotation when given. */
export function setWorkloadImage(
	store: Store,
	resource: Resource,
	namespace: string,
	name: string,
	image: string,
	changeCause?: string,
): StoredObject {
	return updateWorkload(store, resource, namespace, name, object => {
		for (const container of object.spec.template.spec.containers) container.image = image;
		if (changeCause !== undefined)
			object.metadata.annotations = {...object.metadata.annotations, 'kubernetes.io/change-cause': changeCause};
	});
}
