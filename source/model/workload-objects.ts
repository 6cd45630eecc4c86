// StatefulSets, DaemonSets and their ControllerRevisions as plain JSON: only the fields the model reads.
import type {IntOrString} from '../k8s/intstr.js';
import type {ConditionJson, LabelSelectorJson, ObjectMeta, PodTemplateJson} from './objects.js';

export interface StatefulSetJson {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	spec: {
		replicas?: number;
		selector?: LabelSelectorJson;
		template?: PodTemplateJson;
		serviceName?: string;
		podManagementPolicy?: string;
		updateStrategy?: {type?: string; rollingUpdate?: {partition?: number; maxUnavailable?: IntOrString}};
		minReadySeconds?: number;
		revisionHistoryLimit?: number;
	};
	status?: {
		observedGeneration?: number;
		replicas?: number;
		readyReplicas?: number;
		currentReplicas?: number;
		updatedReplicas?: number;
		availableReplicas?: number;
		currentRevision?: string;
		updateRevision?: string;
		collisionCount?: number;
		conditions?: ConditionJson[];
	};
}

export interface DaemonSetJson {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	spec: {
		selector?: LabelSelectorJson;
		template?: PodTemplateJson;
		updateStrategy?: {type?: string; rollingUpdate?: {maxSurge?: IntOrString; maxUnavailable?: IntOrString}};
		minReadySeconds?: number;
		revisionHistoryLimit?: number;
	};
	status?: {
		observedGeneration?: number;
		currentNumberScheduled?: number;
		numberMisscheduled?: number;
		desiredNumberScheduled?: number;
		numberReady?: number;
		updatedNumberScheduled?: number;
		numberAvailable?: number;
		numberUnavailable?: number;
		collisionCount?: number;
		conditions?: ConditionJson[];
	};
}

/** A revision of a StatefulSet or DaemonSet: `data` is the patch that restores its pod template. */
export interface ControllerRevisionJson {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	data?: {spec?: {template?: PodTemplateJson & {$patch?: string}}} | null;
	revision: number;
}

export interface NodeJson {
	metadata: ObjectMeta;
	spec?: {unschedulable?: boolean; taints?: {key: string; value?: string; effect: string}[]};
	status?: {conditions?: ConditionJson[]};
}

/** The label a StatefulSet's and DaemonSet's pods carry: the name's hash part of their ControllerRevision. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** The label a StatefulSet pod carries with its ordinal (1.28+), else read from its name. */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
