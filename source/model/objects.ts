// The Kubernetes objects the model reads, as plain JSON (timestamps are RFC 3339 strings; the cluster module
// normalises every object to this form before the model sees it). Only the fields the model uses are typed.
import type {IntOrString} from '../k8s/intstr.js';

export interface OwnerReference {
	apiVersion?: string;
	kind: string;
	name: string;
	uid: string;
	controller?: boolean;
}

export interface ManagedFieldsEntry {
	manager?: string;
	operation?: string;
	[key: string]: unknown;
}

export interface ObjectMeta {
	name: string;
	namespace?: string;
	uid?: string;
	resourceVersion?: string;
	generation?: number;
	creationTimestamp?: string;
	deletionTimestamp?: string;
	labels?: Record<string, string>;
	annotations?: Record<string, string>;
	ownerReferences?: OwnerReference[];
	managedFields?: ManagedFieldsEntry[];
	[key: string]: unknown;
}

export interface ConditionJson {
	type: string;
	status: string;
	reason?: string;
	message?: string;
	lastUpdateTime?: string;
	lastTransitionTime?: string;
}

export interface EnvVarJson {
	name: string;
	value?: string;
	valueFrom?: unknown;
}

export interface ContainerJson {
	name: string;
	image?: string;
	env?: EnvVarJson[];
	resources?: {limits?: Record<string, string>; requests?: Record<string, string>};
	readinessProbe?: unknown;
	livenessProbe?: unknown;
	startupProbe?: unknown;
	[key: string]: unknown;
}

export interface PodTemplateJson {
	metadata?: {labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown};
	spec?: {containers?: ContainerJson[]; initContainers?: ContainerJson[]; [key: string]: unknown};
}

export interface LabelSelectorJson {
	matchLabels?: Record<string, string>;
	matchExpressions?: {key: string; operator: string; values?: string[]}[];
}

export interface DeploymentJson {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	spec: {
		replicas?: number;
		selector?: LabelSelectorJson;
		template?: PodTemplateJson;
		strategy?: {type?: string; rollingUpdate?: {maxSurge?: IntOrString; maxUnavailable?: IntOrString}};
		minReadySeconds?: number;
		revisionHistoryLimit?: number;
		paused?: boolean;
		progressDeadlineSeconds?: number;
	};
	status?: {
		observedGeneration?: number;
		replicas?: number;
		updatedReplicas?: number;
		readyReplicas?: number;
		availableReplicas?: number;
		unavailableReplicas?: number;
		conditions?: ConditionJson[];
		collisionCount?: number;
	};
}

export interface ReplicaSetJson {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	spec: {replicas?: number; selector?: LabelSelectorJson; template?: PodTemplateJson; minReadySeconds?: number};
	status?: {
		replicas?: number;
		fullyLabeledReplicas?: number;
		readyReplicas?: number;
		availableReplicas?: number;
		observedGeneration?: number;
		conditions?: ConditionJson[];
	};
}

export interface ContainerStateJson {
	waiting?: {reason?: string; message?: string};
	running?: {startedAt?: string};
	terminated?: {reason?: string; exitCode?: number; signal?: number; message?: string};
}

export interface ContainerStatusJson {
	name: string;
	ready?: boolean;
	restartCount?: number;
	image?: string;
	started?: boolean;
	state?: ContainerStateJson;
}

export interface PodJson {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	spec?: {containers?: ContainerJson[]; initContainers?: ContainerJson[]; nodeName?: string; [key: string]: unknown};
	status?: {
		phase?: string;
		reason?: string;
		conditions?: ConditionJson[];
		containerStatuses?: ContainerStatusJson[];
		initContainerStatuses?: ContainerStatusJson[];
		[key: string]: unknown;
	};
}

export interface EventJson {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	involvedObject: {kind?: string; name?: string; namespace?: string; uid?: string; apiVersion?: string};
	reason?: string;
	message?: string;
	type?: string;
	count?: number;
	firstTimestamp?: string | null;
	lastTimestamp?: string | null;
	eventTime?: string | null;
	series?: {count?: number; lastObservedTime?: string};
}

/** Parses an RFC 3339 timestamp; undefined when missing or invalid. */
export function parseTime(value: string | Date | null | undefined): Date | undefined {
	if (!value) return undefined;
	const time = new Date(value);
	return Number.isNaN(time.getTime()) ? undefined : time;
}

/** Whether the ReplicaSet is controlled by the deployment (metav1.IsControlledBy: a controller ref with its uid). */
export function isControlledBy(object: {metadata: ObjectMeta}, owner: {metadata: ObjectMeta}): boolean {
	const refs = object.metadata.ownerReferences ?? [];
	return refs.some(ref => ref.controller === true && ref.uid === owner.metadata.uid);
}

/** The ReplicaSets a deployment controls, as kubectl's history finds them. */
export function ownedReplicaSets(deployment: DeploymentJson, replicaSets: readonly ReplicaSetJson[]): ReplicaSetJson[] {
	return replicaSets.filter(
		rs => rs.metadata.namespace === deployment.metadata.namespace && isControlledBy(rs, deployment),
	);
}
