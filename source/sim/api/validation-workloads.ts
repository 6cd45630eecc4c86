// The API server's validation of apps/v1 StatefulSets, DaemonSets and ControllerRevisions and of v1 Nodes
// (pkg/apis/apps/validation, pkg/apis/core/validation), with its messages.
import type {StoredObject} from '../store.js';
import {jsonEqual} from '../json.js';
import {
	intOrPercent,
	labelSelectorString,
	nonNegative,
	validateIntOrPercent,
	validateObjectMeta,
	validateSelector,
	validateTemplateForSelector,
	type FieldError,
} from './validation.js';

type Json = Record<string, any>;

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function validateStatefulSetStrategy(spec: Json, errors: FieldError[]): void {
	const strategy: Json = isObject(spec.updateStrategy) ? spec.updateStrategy : {};
	switch (strategy.type) {
		case undefined:
		case '':
			errors.push({type: 'Required', field: 'spec.updateStrategy', detail: ''});
			break;
		case 'OnDelete':
			if (strategy.rollingUpdate !== undefined)
				errors.push({
					type: 'Invalid',
					field: 'spec.updateStrategy.rollingUpdate',
					value: strategy.rollingUpdate,
					shownValue: `(*apps.RollingUpdateStatefulSetStrategy)(0xc000a1e0f0)`,
					detail: "only allowed for updateStrategy 'RollingUpdate'",
				});
			break;
		case 'RollingUpdate':
			if (isObject(strategy.rollingUpdate)) {
				nonNegative(strategy.rollingUpdate.partition, 'spec.updateStrategy.rollingUpdate.partition', errors);
				const maxUnavailable = strategy.rollingUpdate.maxUnavailable;
				if (maxUnavailable !== undefined) {
					const field = 'spec.updateStrategy.rollingUpdate.maxUnavailable';
					const before = errors.length;
					validateIntOrPercent(maxUnavailable, field, errors);
					const parsed = intOrPercent(maxUnavailable);
					if (errors.length === before && parsed?.amount === 0)
						errors.push({type: 'Invalid', field, value: maxUnavailable, detail: 'cannot be 0'});
					if (errors.length === before && parsed?.percent && parsed.amount > 100)
						errors.push({type: 'Invalid', field, value: maxUnavailable, detail: 'must not be greater than 100%'});
				}
			}
			break;
		default:
			errors.push({
				type: 'Invalid',
				field: 'spec.updateStrategy',
				value: strategy,
				shownValue: `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(String(strategy.type))}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}`,
				detail: "must be 'RollingUpdate' or 'OnDelete'",
			});
	}
}

function validateStatefulSetSpec(spec: Json, errors: FieldError[]): void {
	const policy = spec.podManagementPolicy;
	if (policy === undefined || policy === '')
		errors.push({type: 'Required', field: 'spec.podManagementPolicy', detail: ''});
	else if (policy !== 'OrderedReady' && policy !== 'Parallel')
		errors.push({
			type: 'Invalid',
			field: 'spec.podManagementPolicy',
			value: policy,
			detail: "must be 'OrderedReady' or 'Parallel'",
		});
	validateStatefulSetStrategy(spec, errors);
	const retention: Json = isObject(spec.persistentVolumeClaimRetentionPolicy)
		? spec.persistentVolumeClaimRetentionPolicy
		: {};
	for (const key of ['whenDeleted', 'whenScaled']) {
		const value = retention[key];
		if (value !== undefined && value !== 'Retain' && value !== 'Delete')
			errors.push({
				type: 'NotSupported',
				field: `spec.persistentVolumeClaimRetentionPolicy.${key}`,
				value,
				detail: 'supported values: "Retain", "Delete"',
			});
	}
	nonNegative(spec.replicas, 'spec.replicas', errors);
	nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errors);
	const ordinalsStart = spec.ordinals?.start;
	if (ordinalsStart !== undefined) nonNegative(ordinalsStart, 'spec.ordinals.start', errors);
	validateSelector(spec, errors, 'statefulset');
	validateTemplateForSelector(spec, errors, 'StatefulSet');
}

export function validateStatefulSet(obj: Json): FieldError[] {
	const errors: FieldError[] = [];
	validateObjectMeta(obj.metadata, true, errors);
	validateStatefulSetSpec(isObject(obj.spec) ? obj.spec : {}, errors);
	return errors;
}

/** Fields of a StatefulSet's spec that may change after creation. */
const STATEFULSET_MUTABLE = [
	'replicas',
	'ordinals',
	'template',
	'updateStrategy',
	'persistentVolumeClaimRetentionPolicy',
	'minReadySeconds',
];

export function validateStatefulSetUpdate(next: Json, previous: Json): FieldError[] {
	const errors = validateStatefulSet(next);
	const frozen = (spec: Json | undefined) => {
		const copy: Json = {...(spec ?? {})};
		for (const key of STATEFULSET_MUTABLE) delete copy[key];
		return copy;
	};
	if (!jsonEqual(frozen(next.spec), frozen(previous.spec))) {
		errors.push({
			type: 'Forbidden',
			field: 'spec',
			detail:
				"updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
		});
	}
	return errors;
}

function validateDaemonSetStrategy(strategy: Json | undefined, errors: FieldError[]): void {
	const type = strategy?.type;
	if (type === 'OnDelete') return;
	if (type !== 'RollingUpdate') {
		const rollingUpdate = strategy?.rollingUpdate ? '(0xc000a1e0f0)' : '(nil)';
		errors.push({
			type: 'NotSupported',
			field: 'spec.updateStrategy',
			value: strategy,
			shownValue: `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(String(type ?? ''))}, RollingUpdate:(*apps.RollingUpdateDaemonSet)${rollingUpdate}}`,
			detail: 'supported values: "RollingUpdate", "OnDelete"',
		});
		return;
	}
	const rollingUpdate = strategy?.rollingUpdate;
	const field = 'spec.updateStrategy.rollingUpdate';
	if (!isObject(rollingUpdate)) {
		errors.push({type: 'Required', field, detail: ''});
		return;
	}
	const {maxUnavailable, maxSurge} = rollingUpdate;
	validateIntOrPercent(maxUnavailable, `${field}.maxUnavailable`, errors);
	validateIntOrPercent(maxSurge, `${field}.maxSurge`, errors);
	const unavailable = intOrPercent(maxUnavailable);
	const surge = intOrPercent(maxSurge);
	for (const [name, value, parsed] of [
		['maxUnavailable', maxUnavailable, unavailable],
		['maxSurge', maxSurge, surge],
	] as const) {
		if (parsed?.percent && parsed.amount > 100)
			errors.push({
				type: 'Invalid',
				field: `${field}.${name}`,
				value,
				shownValue: String(value),
				detail: 'must not be greater than 100%',
			});
	}
	const hasUnavailable = (unavailable?.amount ?? 0) !== 0;
	const hasSurge = (surge?.amount ?? 0) !== 0;
	if (hasUnavailable && hasSurge)
		errors.push({
			type: 'Invalid',
			field: `${field}.maxSurge`,
			value: maxSurge,
			shownValue: String(maxSurge),
			detail: 'may not be set when maxUnavailable is non-zero',
		});
	else if (!hasUnavailable && !hasSurge)
		errors.push({type: 'Required', field: `${field}.maxUnavailable`, detail: 'cannot be 0 when maxSurge is 0'});
}

export function validateDaemonSet(obj: Json): FieldError[] {
	const errors: FieldError[] = [];
	validateObjectMeta(obj.metadata, true, errors);
	const spec: Json = isObject(obj.spec) ? obj.spec : {};
	validateSelector(spec, errors, 'daemonset');
	validateTemplateForSelector(spec, errors, 'DaemonSet');
	nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errors);
	validateDaemonSetStrategy(spec.updateStrategy, errors);
	nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', errors);
	return errors;
}

export function validateDaemonSetUpdate(next: Json, previous: Json): FieldError[] {
	const errors = validateDaemonSet(next);
	if (!jsonEqual(next.spec?.selector, previous.spec?.selector))
		errors.push({
			type: 'Invalid',
			field: 'spec.selector',
			value: next.spec?.selector,
			shownValue: labelSelectorString(next.spec?.selector ?? {}),
			detail: 'field is immutable',
		});
	return errors;
}

export function validateControllerRevision(obj: Json, previous?: Json): FieldError[] {
	const errors: FieldError[] = [];
	validateObjectMeta(obj.metadata, true, errors);
	if (obj.data === undefined || obj.data === null)
		errors.push({type: 'Required', field: 'data', detail: 'data is mandatory'});
	nonNegative(obj.revision, 'revision', errors);
	if (previous && !jsonEqual(obj.data, previous.data))
		errors.push({
			type: 'Invalid',
			field: 'data',
			value: obj.data,
			shownValue: 'runtime.RawExtension{...}',
			detail: 'field is immutable',
		});
	return errors;
}

export function validateNode(obj: Json): FieldError[] {
	const errors: FieldError[] = [];
	validateObjectMeta(obj.metadata, false, errors);
	return errors;
}

/** Validation of the workload kinds, with the stored object on updates; undefined for other resources. */
export function validateWorkload(
	resource: string,
	object: StoredObject,
	previous?: StoredObject,
): FieldError[] | undefined {
	switch (resource) {
		case 'statefulsets':
			return previous ? validateStatefulSetUpdate(object, previous) : validateStatefulSet(object);
		case 'daemonsets':
			return previous ? validateDaemonSetUpdate(object, previous) : validateDaemonSet(object);
		case 'controllerrevisions':
			return validateControllerRevision(object, previous);
		case 'nodes':
			return validateNode(object);
		default:
			return undefined;
	}
}
