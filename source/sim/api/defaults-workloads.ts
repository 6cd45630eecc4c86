// The API server's defaulting of apps/v1 StatefulSets and DaemonSets (SetDefaults_StatefulSet and
// SetDefaults_DaemonSet in pkg/apis/apps/v1/defaults.go, with 1.32's feature gates: StatefulSetAutoDeletePVC on,
// MaxUnavailableStatefulSet off), and what the registries' strategies do on create and update.
import type {StoredObject} from '../store.js';
import {defaultTemplate} from './defaults.js';
import {jsonEqual} from '../json.js';

type Json = Record<string, any>;

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function ensureObject(parent: Json, key: string): Json {
	if (!isObject(parent[key])) parent[key] = {};
	return parent[key] as Json;
}

export function defaultStatefulSet(obj: StoredObject): void {
	const spec = ensureObject(obj as Json, 'spec');
	spec.podManagementPolicy ||= 'OrderedReady';
	const strategy = ensureObject(spec, 'updateStrategy');
	if (!strategy.type) {
		strategy.type = 'RollingUpdate';
		if (!isObject(strategy.rollingUpdate)) strategy.rollingUpdate = {};
	}
	if (strategy.type === 'RollingUpdate' && isObject(strategy.rollingUpdate)) strategy.rollingUpdate.partition ??= 0;
	const retention = ensureObject(spec, 'persistentVolumeClaimRetentionPolicy');
	retention.whenDeleted ||= 'Retain';
	retention.whenScaled ||= 'Retain';
	spec.replicas ??= 1;
	spec.revisionHistoryLimit ??= 10;
	defaultTemplate(spec);
	if (Array.isArray(spec.volumeClaimTemplates)) {
		for (const claim of spec.volumeClaimTemplates) {
			if (!isObject(claim)) continue;
			claim.apiVersion ??= 'v1';
			claim.kind ??= 'PersistentVolumeClaim';
			const metadata = ensureObject(claim, 'metadata');
			if (!('creationTimestamp' in metadata)) metadata.creationTimestamp = null;
			ensureObject(claim, 'spec').volumeMode ??= 'Filesystem';
			const status = ensureObject(claim, 'status');
			status.phase ??= 'Pending';
		}
	}
}

export function defaultDaemonSet(obj: StoredObject): void {
	const spec = ensureObject(obj as Json, 'spec');
	const strategy = ensureObject(spec, 'updateStrategy');
	strategy.type ||= 'RollingUpdate';
	if (strategy.type === 'RollingUpdate') {
		const rollingUpdate = ensureObject(strategy, 'rollingUpdate');
		rollingUpdate.maxUnavailable ??= 1;
		rollingUpdate.maxSurge ??= 0;
	}
	spec.revisionHistoryLimit ??= 10;
	defaultTemplate(spec);
}

/** A DaemonSet's template generation travels in this annotation in apps/v1. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** The strategies' PrepareForCreate: status cleared, generation 1 (and a DaemonSet's template generation 1). */
export function prepareWorkloadForCreate(resource: string, object: StoredObject): void {
	if (resource === 'statefulsets' || resource === 'daemonsets') {
		object.metadata.generation = 1;
		object.status = resource === 'daemonsets' ? emptyDaemonSetStatus() : {replicas: 0, availableReplicas: 0};
	}
	if (resource === 'daemonsets') {
		object.metadata.annotations = {...(object.metadata.annotations ?? {}), [TEMPLATE_GENERATION_ANNOTATION]: '1'};
	}
}

const emptyDaemonSetStatus = () => ({
	currentNumberScheduled: 0,
	numberMisscheduled: 0,
	desiredNumberScheduled: 0,
	numberReady: 0,
});

/**
 * The strategies' PrepareForUpdate: the stored status kept, generation raised on a spec change and a DaemonSet's
 * template generation on a template change. Returns whether it handled the resource.
 */
export function prepareWorkloadForUpdate(resource: string, next: StoredObject, previous: StoredObject): boolean {
	if (resource !== 'statefulsets' && resource !== 'daemonsets' && resource !== 'nodes') return false;
	if (previous.status !== undefined) next.status = previous.status;
	else delete next.status;
	if (resource === 'nodes') return true;
	if (!jsonEqual(next.spec, previous.spec)) next.metadata.generation = (previous.metadata.generation ?? 0) + 1;
	if (resource === 'daemonsets') {
		const stored = Number(previous.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? '1') || 1;
		const changed = !jsonEqual(next.spec?.template, previous.spec?.template);
		next.metadata.annotations = {
			...(next.metadata.annotations ?? {}),
			[TEMPLATE_GENERATION_ANNOTATION]: String(changed ? stored + 1 : stored),
		};
	}
	return true;
}
