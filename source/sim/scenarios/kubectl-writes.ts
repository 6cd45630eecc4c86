// Writes that look like what kubectl sends through the API server: objects are defaulted and validated, a new
// Deployment gets generation 1, and an update bumps generation when spec or annotations change.
import {ANNOTATIONS} from '../../k8s/annotations.js';
import {canonicalJson} from '../../k8s/template.js';
import {defaultDeployment, validateDeployment} from '../api/defaults.js';
import type {Store, StoredObject} from '../store.js';
import {copyJson} from '../json.js';

export interface DeploymentInput {
	name: string;
	namespace?: string;
	image: string | string[];
	replicas?: number;
	labels?: Record<string, string>;
	annotations?: Record<string, string>;
	strategy?: {
		type: 'RollingUpdate' | 'Recreate';
		rollingUpdate?: {maxSurge?: number | string; maxUnavailable?: number | string};
	};
	minReadySeconds?: number;
	progressDeadlineSeconds?: number;
	revisionHistoryLimit?: number;
	paused?: boolean;
	readinessDelaySeconds?: number;
	port?: number;
}

/** The Deployment `kubectl create deployment` would build (labels app=<name>), plus the extras asked for. */
export function deploymentObject(input: DeploymentInput): StoredObject {
	const labels = input.labels ?? {app: input.name};
	const images = Array.isArray(input.image) ? input.image : [input.image];
	const containers = images.map((image, index) => {
		const base = image.split('@')[0]!.split('/').pop()!.split(':')[0]!.replace(/[_.]/g, '-');
		const container: Record<string, unknown> = {name: images.length === 1 ? base : `${base}-${index}`, image};
		if (input.port) container.ports = [{containerPort: input.port}];
		if (input.readinessDelaySeconds !== undefined) {
			container.readinessProbe = {
				tcpSocket: {port: input.port ?? 80},
				initialDelaySeconds: input.readinessDelaySeconds,
				periodSeconds: 1,
			};
		}
		return container;
	});
	const spec: Record<string, unknown> = {
		replicas: input.replicas ?? 1,
		selector: {matchLabels: {...labels}},
		template: {metadata: {labels: {...labels}}, spec: {containers}},
	};
	if (input.strategy) spec.strategy = copyJson(input.strategy);
	if (input.minReadySeconds !== undefined) spec.minReadySeconds = input.minReadySeconds;
	if (input.progressDeadlineSeconds !== undefined) spec.progressDeadlineSeconds = input.progressDeadlineSeconds;
	if (input.revisionHistoryLimit !== undefined) spec.revisionHistoryLimit = input.revisionHistoryLimit;
	if (input.paused) spec.paused = true;
	const object = {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {
			name: input.name,
			namespace: input.namespace ?? 'default',
			labels: {...labels},
			...(input.annotations ? {annotations: {...input.annotations}} : {}),
		},
		spec,
	} as unknown as StoredObject;
	defaultDeployment(object);
	return object;
}

/** POST: defaulting, validation, generation 1, empty status. */
export function createDeployment(store: Store, object: StoredObject): StoredObject {
	const input = copyJson(object);
	defaultDeployment(input);
	const errors = validateDeployment(input);
	if (errors.length > 0)
		throw new Error(
			`invalid Deployment ${input.metadata.name}: ${errors.map(e => `${e.field}: ${e.detail}`).join('; ')}`,
		);
	input.metadata.generation = 1;
	input.status = {};
	const {uid: _uid, resourceVersion: _rv, creationTimestamp: _created, ...metadata} = input.metadata;
	return store.create('deployments', {...input, metadata} as never);
}

/** PATCH/PUT of a Deployment: the mutation applies to a copy; generation bumps on spec or annotation change. */
export function updateDeployment(
	store: Store,
	namespace: string,
	name: string,
	mutate: (deployment: StoredObject) => void,
): StoredObject {
	const current = store.get('deployments', namespace, name);
	if (!current) throw new Error(`deployments.apps "${name}" not found`);
	const next = copyJson(current);
	mutate(next);
	defaultDeployment(next);
	next.status = current.status;
	const specChanged = canonicalJson(next.spec) !== canonicalJson(current.spec);
	const annotationsChanged =
		canonicalJson(next.metadata.annotations ?? {}) !== canonicalJson(current.metadata.annotations ?? {});
	if (
		!specChanged &&
		!annotationsChanged &&
		canonicalJson(next.metadata.labels) === canonicalJson(current.metadata.labels)
	)
		return current;
	if (specChanged || annotationsChanged) next.metadata.generation = (current.metadata.generation ?? 1) + 1;
	return store.update('deployments', next);
}

/** `kubectl set image` plus the change-cause annotation a careful operator (or --record) leaves behind. */
export function setImage(
	store: Store,
	namespace: string,
	name: string,
	image: string,
	changeCause?: string,
): StoredObject {
	return updateDeployment(store, namespace, name, deployment => {
		for (const container of deployment.spec.template.spec.containers) container.image = image;
		if (changeCause !== undefined)
			deployment.metadata.annotations = {...deployment.metadata.annotations, [ANNOTATIONS.changeCause]: changeCause};
	});
}

/** `kubectl scale deployment/<name> --replicas=N` */
export function scaleDeployment(store: Store, namespace: string, name: string, replicas: number): StoredObject {
	return updateDeployment(store, namespace, name, deployment => {
		deployment.spec.replicas = replicas;
	});
}

/** `kubectl rollout pause` / `resume` */
export function setPaused(store: Store, namespace: string, name: string, paused: boolean): StoredObject {
	return updateDeployment(store, namespace, name, deployment => {
		if (paused) deployment.spec.paused = true;
		else delete deployment.spec.paused;
	});
}
