// What the API server does to an object on its way into storage: registry strategies
// (generation, status handling), defaulting, validation, and the Scale subresource view.
import {isRbacResource, type Resource, type StoredObject} from '../store.js';
import {defaultDeployment, defaultPod, defaultReplicaSet} from './defaults.js';
import {
	validateDeployment,
	validatePod,
	validateReplicaSet,
	validateObjectMeta,
	type FieldError,
} from './validation.js';
import {invalid} from './status.js';
import {RESOURCE_INFO, apiVersionOf} from './resources.js';
import {formatLabelSelector} from './selectors.js';
import {validateRbac} from './rbac/resources.js';
import {metadataLimitErrors} from './metadata-limits.js';
import {
	defaultDaemonSet,
	defaultStatefulSet,
	prepareWorkloadForCreate,
	prepareWorkloadForUpdate,
} from './defaults-workloads.js';
import {validateWorkload} from './validation-workloads.js';
import {copyJson, jsonEqual} from '../json.js';

type Json = Record<string, any>;

export function applyDefaults(resource: Resource, object: StoredObject): void {
	if (resource === 'deployments') defaultDeployment(object);
	else if (resource === 'replicasets') defaultReplicaSet(object);
	else if (resource === 'pods') defaultPod(object);
	else if (resource === 'statefulsets') defaultStatefulSet(object);
	else if (resource === 'daemonsets') defaultDaemonSet(object);
	else if (resource === 'namespaces') {
		object.spec = {finalizers: ['kubernetes'], ...(object.spec ?? {})};
		object.status = {phase: 'Active', ...(object.status ?? {})};
		object.metadata.labels = {...(object.metadata.labels ?? {}), 'kubernetes.io/metadata.name': object.metadata.name};
	}
}

export function validate(resource: Resource, object: StoredObject, previous?: StoredObject): FieldError[] {
	const workload = validateWorkload(resource, object, previous);
	if (workload) return workload;
	switch (resource) {
		case 'deployments':
			return validateDeployment(object);
		case 'replicasets':
			return validateReplicaSet(object);
		case 'pods':
			return validatePod(object);
		case 'namespaces': {
			const errors: FieldError[] = [];
			validateObjectMeta(object.metadata, false, errors, true);
			return errors;
		}
		case 'events': {
			const errors: FieldError[] = [];
			validateObjectMeta(object.metadata, true, errors);
			const involved = (object as Json).involvedObject;
			if (involved?.namespace && involved.namespace !== object.metadata.namespace) {
				errors.push({
					type: 'Invalid',
					field: 'involvedObject.namespace',
					value: involved.namespace,
					detail: 'does not match event.namespace',
				});
			}
			return errors;
		}
		default:
			return isRbacResource(resource) ? validateRbac(resource, object, previous) : [];
	}
}

export function throwIfInvalid(resource: Resource, object: StoredObject, previous?: StoredObject): void {
	const errors = [...metadataLimitErrors(object), ...validate(resource, object, previous)];
	if (errors.length) {
		const info = RESOURCE_INFO[resource];
		throw invalid(info.kind, info.group, object.metadata.name ?? object.metadata.generateName ?? '', errors);
	}
}

const emptyToUndefined = (map: unknown) =>
	map && typeof map === 'object' && Object.keys(map).length ? map : undefined;

/** Fields clients cannot set: keep the stored values. */
function keepSystemMetadata(next: StoredObject, previous: StoredObject): void {
	next.metadata.uid = previous.metadata.uid;
	next.metadata.creationTimestamp = previous.metadata.creationTimestamp;
	if (previous.metadata.generation === undefined) delete next.metadata.generation;
	else next.metadata.generation = previous.metadata.generation;
	if (previous.metadata.deletionTimestamp) {
		next.metadata.deletionTimestamp = previous.metadata.deletionTimestamp;
		next.metadata.deletionGracePeriodSeconds = previous.metadata.deletionGracePeriodSeconds;
	} else {
		delete next.metadata.deletionTimestamp;
		delete next.metadata.deletionGracePeriodSeconds;
	}
}

/** Prepares an object for create: system fields cleared, status reset where the strategy resets it. */
export function prepareForCreate(resource: Resource, object: StoredObject): void {
	const info = RESOURCE_INFO[resource];
	object.apiVersion = apiVersionOf(info);
	object.kind = info.kind;
	for (const key of [
		'uid',
		'resourceVersion',
		'creationTimestamp',
		'deletionTimestamp',
		'deletionGracePeriodSeconds',
		'selfLink',
		'managedFields',
	]) {
		delete object.metadata[key];
	}
	if (resource === 'deployments' || resource === 'replicasets') {
		object.metadata.generation = 1;
		object.status = {};
	} else delete object.metadata.generation;
	if (resource === 'pods') object.status = {phase: 'Pending', qosClass: 'BestEffort', ...(object.status ?? {})};
	prepareWorkloadForCreate(resource, object);
}

/** The main resource's update strategy: status kept, generation bumped on spec (and, for Deployments, annotation) changes. */
export function prepareForUpdate(resource: Resource, next: StoredObject, previous: StoredObject): void {
	const info = RESOURCE_INFO[resource];
	next.apiVersion = apiVersionOf(info);
	next.kind = info.kind;
	keepSystemMetadata(next, previous);
	if (prepareWorkloadForUpdate(resource, next, previous)) return;
	if (resource === 'namespaces' || resource === 'deployments' || resource === 'replicasets' || resource === 'pods') {
		if (previous.status !== undefined) next.status = previous.status;
		else delete next.status;
	}
	if (resource === 'deployments' || resource === 'replicasets') {
		const specChanged = !jsonEqual(next.spec, previous.spec);
		const annotationsChanged =
			resource === 'deployments' &&
			!jsonEqual(emptyToUndefined(next.metadata.annotations), emptyToUndefined(previous.metadata.annotations));
		if (specChanged || annotationsChanged) next.metadata.generation = (previous.metadata.generation ?? 0) + 1;
	}
}

/**
 * /status writes (the registries' status strategies): everything from the request except the
 * spec, which is kept; Deployments also keep their labels. System metadata stays as stored.
 */
export function prepareForStatusUpdate(resource: Resource, next: StoredObject, previous: StoredObject): StoredObject {
	const result = copyJson(next);
	result.apiVersion = previous.apiVersion;
	result.kind = previous.kind;
	result.metadata = {
		...(next.metadata ?? {}),
		name: previous.metadata.name,
		namespace: previous.metadata.namespace,
	} as StoredObject['metadata'];
	if (previous.metadata.namespace === undefined) delete result.metadata.namespace;
	keepSystemMetadata(result, previous);
	result.spec = previous.spec;
	if (previous.spec === undefined) delete result.spec;
	if (resource === 'deployments') {
		if (previous.metadata.labels !== undefined) result.metadata.labels = previous.metadata.labels;
		else delete result.metadata.labels;
	}
	return result;
}

export function toScale(object: StoredObject) {
	const {name, namespace, uid, resourceVersion, creationTimestamp} = object.metadata;
	return {
		kind: 'Scale',
		apiVersion: 'autoscaling/v1',
		metadata: {name, namespace, uid, resourceVersion, creationTimestamp},
		spec: {replicas: object.spec?.replicas ?? 0},
		status: {replicas: object.status?.replicas ?? 0, selector: formatLabelSelector(object.spec?.selector)},
	};
}

export function validateScale(scale: Json, name: string): void {
	const replicas = scale?.spec?.replicas;
	if (replicas !== undefined && replicas !== null && (!Number.isInteger(replicas) || replicas < 0)) {
		throw invalid('Scale', 'autoscaling', name, [
			{type: 'Invalid', field: 'spec.replicas', value: replicas, detail: 'must be greater than or equal to 0'},
		]);
	}
}
