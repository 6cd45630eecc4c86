// Field numbers of the messages the simulator decodes, from the generated.proto files of
// k8s.io/api (apps/v1, core/v1, autoscaling/v1) and apimachinery (meta/v1, util/intstr).
// Pointer fields in Go are marked `optional`: present means set, even when zero.

import {RBAC_SCHEMAS} from './rbac/protobuf.js';

export type FieldType =
	| 'string'
	| 'int'
	| 'bool'
	| 'bytes'
	| 'message'
	| 'map'
	| 'quantityMap'
	| 'intOrString'
	| 'time';

export interface FieldSpec {
	name: string;
	type: FieldType;
	/** The nested message (type 'message'), resolved lazily because the schemas refer to each other. */
	message?: () => Schema;
	repeated?: boolean;
	/** A pointer field in Go: present means set, even when zero. */
	optional?: boolean;
}

export type Schema = Record<number, FieldSpec>;

const str = (name: string): FieldSpec => ({name, type: 'string'});
const int = (name: string, optional = false): FieldSpec => ({name, type: 'int', optional});
const bool = (name: string, optional = false): FieldSpec => ({name, type: 'bool', optional});
const msg = (name: string, message: () => Schema, repeated = false): FieldSpec => ({
	name,
	type: 'message',
	message,
	repeated,
});
const strings = (name: string): FieldSpec => ({name, type: 'string', repeated: true});

const OWNER_REFERENCE: Schema = {
	1: str('kind'),
	3: str('name'),
	4: str('uid'),
	5: str('apiVersion'),
	6: bool('controller', true),
	7: bool('blockOwnerDeletion', true),
};

export const OBJECT_META: Schema = {
	1: str('name'),
	2: str('generateName'),
	3: str('namespace'),
	4: str('selfLink'),
	5: str('uid'),
	6: str('resourceVersion'),
	7: int('generation'),
	8: {name: 'creationTimestamp', type: 'time'},
	9: {name: 'deletionTimestamp', type: 'time'},
	10: int('deletionGracePeriodSeconds', true),
	11: {name: 'labels', type: 'map'},
	12: {name: 'annotations', type: 'map'},
	13: msg('ownerReferences', () => OWNER_REFERENCE, true),
	14: strings('finalizers'),
};

export const LABEL_SELECTOR: Schema = {
	1: {name: 'matchLabels', type: 'map'},
	2: msg('matchExpressions', () => ({1: str('key'), 2: str('operator'), 3: strings('values')}), true),
};

const CONTAINER_PORT: Schema = {
	1: str('name'),
	2: int('hostPort'),
	3: int('containerPort'),
	4: str('protocol'),
	5: str('hostIP'),
};

const PROBE: Schema = {
	1: msg('handler', () => ({
		1: msg('exec', () => ({1: strings('command')})),
		2: msg('httpGet', () => ({
			1: str('path'),
			2: {name: 'port', type: 'intOrString'},
			3: str('host'),
			4: str('scheme'),
		})),
		3: msg('tcpSocket', () => ({1: {name: 'port', type: 'intOrString'}, 2: str('host')})),
	})),
	2: int('initialDelaySeconds'),
	3: int('timeoutSeconds'),
	4: int('periodSeconds'),
	5: int('successThreshold'),
	6: int('failureThreshold'),
	7: int('terminationGracePeriodSeconds', true),
};

const CONTAINER: Schema = {
	1: str('name'),
	2: str('image'),
	3: strings('command'),
	4: strings('args'),
	5: str('workingDir'),
	6: msg('ports', () => CONTAINER_PORT, true),
	7: msg('env', () => ({1: str('name'), 2: str('value')}), true),
	8: msg('resources', () => ({1: {name: 'limits', type: 'quantityMap'}, 2: {name: 'requests', type: 'quantityMap'}})),
	9: msg('volumeMounts', () => ({1: str('name'), 2: bool('readOnly'), 3: str('mountPath'), 4: str('subPath')}), true),
	10: msg('livenessProbe', () => PROBE),
	11: msg('readinessProbe', () => PROBE),
	22: msg('startupProbe', () => PROBE),
	13: str('terminationMessagePath'),
	14: str('imagePullPolicy'),
	16: bool('stdin'),
	17: bool('stdinOnce'),
	18: bool('tty'),
	20: str('terminationMessagePolicy'),
};

const POD_SPEC: Schema = {
	1: msg('volumes', () => ({1: str('name'), 2: msg('$volumeSource', () => ({2: msg('emptyDir', () => ({}))}))}), true),
	2: msg('containers', () => CONTAINER, true),
	3: str('restartPolicy'),
	4: int('terminationGracePeriodSeconds', true),
	5: int('activeDeadlineSeconds', true),
	6: str('dnsPolicy'),
	7: {name: 'nodeSelector', type: 'map'},
	8: str('serviceAccountName'),
	9: str('serviceAccount'),
	10: str('nodeName'),
	11: bool('hostNetwork'),
	12: bool('hostPID'),
	13: bool('hostIPC'),
	14: msg('securityContext', () => ({})),
	15: msg('imagePullSecrets', () => ({1: str('name')}), true),
	16: str('hostname'),
	17: str('subdomain'),
	19: str('schedulerName'),
	20: msg('initContainers', () => CONTAINER, true),
	21: bool('automountServiceAccountToken', true),
	22: msg(
		'tolerations',
		() => ({1: str('key'), 2: str('operator'), 3: str('value'), 4: str('effect'), 5: int('tolerationSeconds', true)}),
		true,
	),
	24: str('priorityClassName'),
};

const POD_TEMPLATE_SPEC: Schema = {1: msg('metadata', () => OBJECT_META), 2: msg('spec', () => POD_SPEC)};

const DEPLOYMENT: Schema = {
	1: msg('metadata', () => OBJECT_META),
	2: msg('spec', () => ({
		1: int('replicas', true),
		2: msg('selector', () => LABEL_SELECTOR),
		3: msg('template', () => POD_TEMPLATE_SPEC),
		4: msg('strategy', () => ({
			1: str('type'),
			2: msg('rollingUpdate', () => ({
				1: {name: 'maxUnavailable', type: 'intOrString'},
				2: {name: 'maxSurge', type: 'intOrString'},
			})),
		})),
		5: int('minReadySeconds'),
		6: int('revisionHistoryLimit', true),
		7: bool('paused'),
		9: int('progressDeadlineSeconds', true),
	})),
};

const REPLICA_SET: Schema = {
	1: msg('metadata', () => OBJECT_META),
	2: msg('spec', () => ({
		1: int('replicas', true),
		2: msg('selector', () => LABEL_SELECTOR),
		3: msg('template', () => POD_TEMPLATE_SPEC),
		4: int('minReadySeconds'),
	})),
};

const SCALE: Schema = {1: msg('metadata', () => OBJECT_META), 2: msg('spec', () => ({1: int('replicas', true)}))};

const NAMESPACE: Schema = {1: msg('metadata', () => OBJECT_META)};

const POD: Schema = {1: msg('metadata', () => OBJECT_META), 2: msg('spec', () => POD_SPEC)};

/** Schemas by `<apiVersion>/<kind>`. */
export const SCHEMAS: Record<string, Schema> = {
	'apps/v1/Deployment': DEPLOYMENT,
	'apps/v1/ReplicaSet': REPLICA_SET,
	'autoscaling/v1/Scale': SCALE,
	'v1/Namespace': NAMESPACE,
	'v1/Pod': POD,
	...RBAC_SCHEMAS,
};
