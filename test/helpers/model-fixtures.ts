// Builders for plain-JSON deployments, ReplicaSets, pods and events in model tests.
import type {DeploymentJson, EventJson, PodJson, PodTemplateJson, ReplicaSetJson} from '../../source/model/objects.js';

export const DEPLOYMENT_UID = 'uid-web';

export function template(
	image: string,
	extra: Partial<PodTemplateJson['spec']> = {},
	labels: Record<string, string> = {app: 'web'},
): PodTemplateJson {
	return {metadata: {labels: {...labels}}, spec: {containers: [{name: 'web', image}], ...extra}};
}

export interface DeploymentOptions {
	name?: string;
	namespace?: string;
	replicas?: number;
	image?: string;
	template?: PodTemplateJson;
	revision?: number;
	generation?: number;
	observedGeneration?: number;
	paused?: boolean;
	strategy?: DeploymentJson['spec']['strategy'];
	status?: DeploymentJson['status'];
	progressDeadlineSeconds?: number;
	annotations?: Record<string, string>;
	labels?: Record<string, string>;
	resourceVersion?: string;
}

export function deployment(options: DeploymentOptions = {}): DeploymentJson {
	const generation = options.generation ?? 1;
	const annotations: Record<string, string> = {...options.annotations};
	if (options.revision !== undefined) annotations['deployment.kubernetes.io/revision'] = String(options.revision);
	const d: DeploymentJson = {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {
			name: options.name ?? 'web',
			namespace: options.namespace ?? 'default',
			uid: DEPLOYMENT_UID,
			resourceVersion: options.resourceVersion ?? '100',
			generation,
			creationTimestamp: '2026-11-23T08:00:00Z',
			annotations,
			labels: options.labels ?? {app: 'web'},
		},
		spec: {
			replicas: options.replicas ?? 3,
			selector: {matchLabels: {app: 'web'}},
			template: options.template ?? template(options.image ?? 'nginx:1.17'),
			strategy: options.strategy ?? {type: 'RollingUpdate', rollingUpdate: {maxSurge: '25%', maxUnavailable: '25%'}},
			progressDeadlineSeconds: options.progressDeadlineSeconds ?? 600,
			revisionHistoryLimit: 10,
		},
		status: {observedGeneration: options.observedGeneration ?? generation, ...options.status},
	};
	if (options.paused) d.spec.paused = true;
	return d;
}

export interface ReplicaSetOptions {
	name: string;
	hash: string;
	revision?: number;
	image?: string;
	template?: PodTemplateJson;
	replicas?: number;
	status?: ReplicaSetJson['status'];
	createdAt?: string;
	annotations?: Record<string, string>;
	ownerUid?: string;
	namespace?: string;
}

export function replicaSet(options: ReplicaSetOptions): ReplicaSetJson {
	const base = options.template ?? template(options.image ?? 'nginx:1.17');
	const t: PodTemplateJson = structuredClone(base);
	t.metadata = {...t.metadata, labels: {...t.metadata?.labels, 'pod-template-hash': options.hash}};
	const annotations: Record<string, string> = {...options.annotations};
	if (options.revision !== undefined) annotations['deployment.kubernetes.io/revision'] = String(options.revision);
	return {
		apiVersion: 'apps/v1',
		kind: 'ReplicaSet',
		metadata: {
			name: options.name,
			namespace: options.namespace ?? 'default',
			uid: `uid-${options.name}`,
			creationTimestamp: options.createdAt ?? '2026-11-23T08:00:00Z',
			labels: {app: 'web', 'pod-template-hash': options.hash},
			annotations,
			ownerReferences: [
				{
					apiVersion: 'apps/v1',
					kind: 'Deployment',
					name: 'web',
					uid: options.ownerUid ?? DEPLOYMENT_UID,
					controller: true,
				},
			],
		},
		spec: {
			replicas: options.replicas ?? 0,
			selector: {matchLabels: {app: 'web', 'pod-template-hash': options.hash}},
			template: t,
		},
		status: {replicas: 0, ...options.status},
	};
}

export function pod(
	name: string,
	status: PodJson['status'],
	extra: Partial<PodJson['metadata']> = {},
	spec?: PodJson['spec'],
): PodJson {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name, namespace: 'default', creationTimestamp: '2026-11-23T08:00:00Z', ...extra},
		spec: spec ?? {containers: [{name: 'web', image: 'nginx:1.17'}]},
		status,
	};
}

export function event(
	kind: string,
	name: string,
	reason: string,
	message: string,
	lastTimestamp: string,
	extra: Partial<EventJson> = {},
): EventJson {
	return {
		apiVersion: 'v1',
		kind: 'Event',
		metadata: {name: `${name}.${reason}.${lastTimestamp}`, namespace: 'default'},
		involvedObject: {kind, name, namespace: 'default'},
		reason,
		message,
		type: 'Normal',
		count: 1,
		lastTimestamp,
		...extra,
	};
}

export function progressing(reason: string, lastUpdateTime = '2026-11-23T08:00:00Z', status = 'True') {
	return {type: 'Progressing', status, reason, lastUpdateTime, lastTransitionTime: lastUpdateTime, message: ''};
}
