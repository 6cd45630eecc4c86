// The API server's defaulting for apps/v1 Deployment and ReplicaSet and v1 Pod, as
// SetDefaults_* in pkg/apis/{apps,core}/v1/defaults.go write them. Validation lives in
// validation.ts and is re-exported here so that callers need one import.
import type {StoredObject} from '../store.js';
import {admitPod} from './admission.js';

export {validateDeployment, validateReplicaSet, validatePod, type FieldError} from './validation.js';

type Json = Record<string, any>;

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function ensureObject(parent: Json, key: string): Json {
	if (!isObject(parent[key])) parent[key] = {};
	return parent[key] as Json;
}

/** Always for `:latest` or an untagged image, else IfNotPresent (a digest counts as a tag). */
export function defaultPullPolicy(image: unknown): string {
	if (typeof image !== 'string') return 'IfNotPresent';
	if (image.includes('@')) return 'IfNotPresent';
	const lastSegment = image.slice(image.lastIndexOf('/') + 1);
	const colon = lastSegment.lastIndexOf(':');
	if (colon < 0) return 'Always';
	return lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(container: Json): void {
	if (!isObject(container)) return;
	container.terminationMessagePath ??= '/dev/termination-log';
	container.terminationMessagePolicy ??= 'File';
	container.imagePullPolicy ??= defaultPullPolicy(container.image);
	if (!isObject(container.resources)) container.resources = {};
	if (Array.isArray(container.ports)) {
		for (const port of container.ports) if (isObject(port)) port.protocol ??= 'TCP';
	}
	if (Array.isArray(container.env)) {
		for (const variable of container.env) {
			const fieldRef = variable?.valueFrom?.fieldRef;
			if (isObject(fieldRef)) fieldRef.apiVersion ??= 'v1';
		}
	}
	for (const probeName of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
		const probe = container[probeName];
		if (!isObject(probe)) continue;
		probe.timeoutSeconds ??= 1;
		probe.periodSeconds ??= 10;
		probe.successThreshold ??= 1;
		probe.failureThreshold ??= 3;
		if (isObject(probe.httpGet)) probe.httpGet.scheme ??= 'HTTP';
	}
}

/** Pod-spec defaults, shared by Pods and the templates of Deployments and ReplicaSets. */
export function defaultPodSpec(spec: Json): void {
	spec.restartPolicy ??= 'Always';
	spec.terminationGracePeriodSeconds ??= 30;
	spec.dnsPolicy ??= 'ClusterFirst';
	if (!isObject(spec.securityContext)) spec.securityContext = {};
	spec.schedulerName ??= 'default-scheduler';
	for (const list of ['containers', 'initContainers']) {
		if (Array.isArray(spec[list])) for (const container of spec[list]) defaultContainer(container);
	}
	if (Array.isArray(spec.volumes)) {
		for (const volume of spec.volumes) {
			if (isObject(volume?.configMap)) volume.configMap.defaultMode ??= 420;
			if (isObject(volume?.secret)) volume.secret.defaultMode ??= 420;
			if (isObject(volume) && Object.keys(volume).length === 1 && typeof volume.name === 'string') volume.emptyDir = {};
		}
	}
}

export function defaultTemplate(spec: Json): void {
	const template = ensureObject(spec, 'template');
	const metadata = ensureObject(template, 'metadata');
	// The API server serialises a zero creationTimestamp as null inside templates.
	if (!('creationTimestamp' in metadata)) metadata.creationTimestamp = null;
	defaultPodSpec(ensureObject(template, 'spec'));
}

export function defaultDeployment(obj: StoredObject): void {
	const spec = ensureObject(obj as Json, 'spec');
	spec.replicas ??= 1;
	const strategy = ensureObject(spec, 'strategy');
	if (!strategy.type) strategy.type = 'RollingUpdate';
	if (strategy.type === 'RollingUpdate') {
		const rollingUpdate = ensureObject(strategy, 'rollingUpdate');
		rollingUpdate.maxUnavailable ??= '25%';
		rollingUpdate.maxSurge ??= '25%';
	}
	spec.revisionHistoryLimit ??= 10;
	spec.progressDeadlineSeconds ??= 600;
	defaultTemplate(spec);
}

export function defaultReplicaSet(obj: StoredObject): void {
	const spec = ensureObject(obj as Json, 'spec');
	spec.replicas ??= 1;
	defaultTemplate(spec);
}

export function defaultPod(obj: StoredObject): void {
	const spec = ensureObject(obj as Json, 'spec');
	defaultPodSpec(spec);
	spec.enableServiceLinks ??= true;
	spec.preemptionPolicy ??= 'PreemptLowerPriority';
	spec.priority ??= 0;
	admitPod(spec);
}
