// The API server's validation of Deployments, ReplicaSets and Pods (pkg/apis/apps/validation,
// pkg/apis/core/validation), with its messages. Values are printed as field.Error.ErrorBody
// prints them: strings quoted, numbers plain, IntOrString via its String(), maps as Go's %#v.
import {validateFinalizers} from './finalizers.js';

type Json = Record<string, any>;

export type FieldErrorType =
	| 'Invalid'
	| 'Required'
	| 'Forbidden'
	| 'NotSupported'
	| 'Duplicate'
	| 'TooLong'
	| 'NotFound';

export interface FieldError {
	type: FieldErrorType;
	field: string;
	value?: unknown;
	detail: string;
	/** How the value prints in the message (pre-formatted, Go style); defaults from `value`. */
	shownValue?: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
	Invalid: 'Invalid value',
	Required: 'Required value',
	Forbidden: 'Forbidden',
	NotSupported: 'Unsupported value',
	Duplicate: 'Duplicate value',
	TooLong: 'Too long',
	NotFound: 'Not found',
};

/** metav1.CauseType of each error type, as it appears in Status details.causes[].reason. */
export const CAUSE_TYPE: Record<FieldErrorType, string> = {
	Invalid: 'FieldValueInvalid',
	Required: 'FieldValueRequired',
	Forbidden: 'FieldValueForbidden',
	NotSupported: 'FieldValueNotSupported',
	Duplicate: 'FieldValueDuplicate',
	TooLong: 'FieldValueTooLong',
	NotFound: 'FieldValueNotFound',
};

/** field.Error.ErrorBody(): the message without the field path. */
export function errorBody(error: FieldError): string {
	let text = TYPE_TEXT[error.type];
	if (error.type !== 'Required' && error.type !== 'Forbidden' && error.type !== 'TooLong') {
		text += `: ${error.shownValue ?? goValue(error.value)}`;
	}
	if (error.detail) text += `: ${error.detail}`;
	return text;
}

/** field.Error.Error(): `<field>: <body>`. */
export function errorText(error: FieldError): string {
	return `${error.field}: ${errorBody(error)}`;
}

function goValue(value: unknown): string {
	if (value === undefined || value === null) return 'null';
	if (typeof value === 'string') return JSON.stringify(value);
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

/** Go's %#v of a map[string]string: keys sorted. */
export function goStringMap(map: unknown): string {
	if (map === undefined || map === null) return 'map[string]string(nil)';
	const entries = Object.entries(map as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `map[string]string{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(String(v))}`).join(', ')}}`;
}

/** metav1.LabelSelector's generated String(). */
export function labelSelectorString(selector: Json): string {
	const labels = Object.entries((selector.matchLabels ?? {}) as Record<string, string>)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([k, v]) => `${k}: ${v},`)
		.join('');
	const expressions = ((selector.matchExpressions ?? []) as Json[])
		.map(e => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`)
		.join('');
	return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}

const intOrStringText = (value: unknown) => String(value);

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_MESSAGE =
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MESSAGE =
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const PERCENT_MESSAGE =
	"a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

export function nonNegative(value: unknown, field: string, errors: FieldError[]): void {
	if (value === undefined || value === null) return;
	if (!isInteger(value)) errors.push({type: 'Invalid', field, value, detail: 'must be an integer'});
	else if (value < 0) errors.push({type: 'Invalid', field, value, detail: 'must be greater than or equal to 0'});
}

export function validateObjectMeta(
	metadata: Json | undefined,
	namespaced: boolean,
	errors: FieldError[],
	nameIsLabel = false,
): void {
	const name = metadata?.name;
	if (!name && !metadata?.generateName) {
		errors.push({type: 'Required', field: 'metadata.name', detail: 'name or generateName is required'});
	} else if (name) {
		const ok =
			typeof name === 'string' && (nameIsLabel ? DNS1123_LABEL : DNS1123_SUBDOMAIN).test(name) && name.length <= 253;
		if (!ok)
			errors.push({
				type: 'Invalid',
				field: 'metadata.name',
				value: name,
				detail: nameIsLabel ? LABEL_MESSAGE : SUBDOMAIN_MESSAGE,
			});
	}
	if (namespaced && !metadata?.namespace) errors.push({type: 'Required', field: 'metadata.namespace', detail: ''});
	validateFinalizers(metadata?.finalizers, errors);
}

/** A selector matches a label set (matchLabels and matchExpressions). */
export function selectorMatches(selector: Json | undefined, labels: Record<string, string> | undefined): boolean {
	if (!selector) return false;
	const set = labels ?? {};
	for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (set[key] !== value) return false;
	for (const expression of (selector.matchExpressions ?? []) as Json[]) {
		const has = Object.hasOwn(set, expression.key);
		const values: string[] = expression.values ?? [];
		switch (expression.operator) {
			case 'In':
				if (!has || !values.includes(set[expression.key]!)) return false;
				break;
			case 'NotIn':
				if (has && values.includes(set[expression.key]!)) return false;
				break;
			case 'Exists':
				if (!has) return false;
				break;
			case 'DoesNotExist':
				if (has) return false;
				break;
			default:
				return false;
		}
	}
	return true;
}

function validateContainers(containers: unknown, field: string, errors: FieldError[], required: boolean): void {
	if (!Array.isArray(containers) || containers.length === 0) {
		if (required) errors.push({type: 'Required', field, detail: ''});
		return;
	}
	const seen = new Set<string>();
	containers.forEach((container: Json, index) => {
		const at = `${field}[${index}]`;
		if (!isObject(container)) {
			errors.push({type: 'Invalid', field: at, value: container, detail: 'must be an object'});
			return;
		}
		if (!container.name) errors.push({type: 'Required', field: `${at}.name`, detail: ''});
		else if (typeof container.name !== 'string' || !DNS1123_LABEL.test(container.name) || container.name.length > 63) {
			errors.push({type: 'Invalid', field: `${at}.name`, value: container.name, detail: LABEL_MESSAGE});
		} else if (seen.has(container.name))
			errors.push({type: 'Duplicate', field: `${at}.name`, value: container.name, detail: ''});
		else seen.add(container.name);
		if (!container.image || (typeof container.image === 'string' && container.image.trim() === '')) {
			errors.push({type: 'Required', field: `${at}.image`, detail: ''});
		}
		if (Array.isArray(container.ports)) {
			container.ports.forEach((port: Json, portIndex: number) => {
				const portField = `${at}.ports[${portIndex}].containerPort`;
				const value = port?.containerPort;
				if (value === undefined || value === null || value === 0)
					errors.push({type: 'Required', field: portField, detail: ''});
				else if (!isInteger(value) || value < 1 || value > 65535) {
					errors.push({type: 'Invalid', field: portField, value, detail: 'must be between 1 and 65535, inclusive'});
				}
				if (port?.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(port.protocol)) {
					errors.push({
						type: 'NotSupported',
						field: `${at}.ports[${portIndex}].protocol`,
						value: port.protocol,
						detail: 'supported values: "SCTP", "TCP", "UDP"',
					});
				}
			});
		}
		const policy = container.imagePullPolicy;
		if (policy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(policy)) {
			errors.push({
				type: 'NotSupported',
				field: `${at}.imagePullPolicy`,
				value: policy,
				detail: 'supported values: "Always", "IfNotPresent", "Never"',
			});
		}
	});
}

export function validatePodSpec(spec: Json | undefined, field: string, errors: FieldError[]): void {
	const podSpec = spec ?? {};
	validateContainers(podSpec.containers, `${field}.containers`, errors, true);
	validateContainers(podSpec.initContainers, `${field}.initContainers`, errors, false);
	const restart = podSpec.restartPolicy;
	if (restart !== undefined && !['Always', 'OnFailure', 'Never'].includes(restart)) {
		errors.push({
			type: 'NotSupported',
			field: `${field}.restartPolicy`,
			value: restart,
			detail: 'supported values: "Always", "OnFailure", "Never"',
		});
	}
	const dns = podSpec.dnsPolicy;
	if (dns !== undefined && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(dns)) {
		errors.push({
			type: 'NotSupported',
			field: `${field}.dnsPolicy`,
			value: dns,
			detail: 'supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
		});
	}
	nonNegative(podSpec.terminationGracePeriodSeconds, `${field}.terminationGracePeriodSeconds`, errors);
}

export function validateTemplateForSelector(spec: Json, errors: FieldError[], kind = 'ReplicaSet'): void {
	const template = spec.template;
	if (!isObject(template)) {
		errors.push({type: 'Required', field: 'spec.template', detail: ''});
		return;
	}
	const selector = spec.selector;
	const selectorEmpty =
		!isObject(selector) ||
		Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
	if (!selectorEmpty && !selectorMatches(selector, template.metadata?.labels)) {
		errors.push({
			type: 'Invalid',
			field: 'spec.template.metadata.labels',
			value: template.metadata?.labels,
			shownValue: goStringMap(template.metadata?.labels),
			detail: '`selector` does not match template `labels`',
		});
	}
	validatePodSpec(template.spec, 'spec.template.spec', errors);
	const restart = template.spec?.restartPolicy;
	if (restart !== undefined && restart !== 'Always') {
		errors.push({
			type: 'NotSupported',
			field: 'spec.template.spec.restartPolicy',
			value: restart,
			detail: 'supported values: "Always"',
		});
	}
	if (template.spec?.activeDeadlineSeconds !== undefined && template.spec?.activeDeadlineSeconds !== null) {
		errors.push({
			type: 'Forbidden',
			field: 'spec.template.spec.activeDeadlineSeconds',
			detail: `activeDeadlineSeconds in ${kind} is not Supported`,
		});
	}
}

export function validateSelector(spec: Json, errors: FieldError[], kind: string): void {
	const selector = spec.selector;
	if (!isObject(selector)) {
		errors.push({type: 'Required', field: 'spec.selector', detail: ''});
		return;
	}
	for (const [index, expression] of ((selector.matchExpressions ?? []) as Json[]).entries()) {
		const operator = expression?.operator;
		const at = `spec.selector.matchExpressions[${index}]`;
		if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(operator)) {
			errors.push({type: 'Invalid', field: `${at}.operator`, value: operator, detail: 'not a valid selector operator'});
		} else if ((operator === 'In' || operator === 'NotIn') && !(expression.values ?? []).length) {
			errors.push({
				type: 'Required',
				field: `${at}.values`,
				detail: "must be specified when `operator` is 'In' or 'NotIn'",
			});
		} else if ((operator === 'Exists' || operator === 'DoesNotExist') && (expression.values ?? []).length) {
			errors.push({
				type: 'Forbidden',
				field: `${at}.values`,
				detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
			});
		}
	}
	if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
		errors.push({
			type: 'Invalid',
			field: 'spec.selector',
			value: selector,
			shownValue: labelSelectorString(selector),
			detail: `empty selector is invalid for ${kind}`,
		});
	}
}

/** The percentage or integer of an IntOrString, or undefined when it is malformed. */
export function intOrPercent(value: unknown): {percent: boolean; amount: number} | undefined {
	if (isInteger(value)) return {percent: false, amount: value};
	if (typeof value === 'string' && /^[0-9]+%$/.test(value)) return {percent: true, amount: Number.parseInt(value, 10)};
	return undefined;
}

export function validateIntOrPercent(value: unknown, field: string, errors: FieldError[]): void {
	if (typeof value === 'string') {
		if (!/^[0-9]+%$/.test(value))
			errors.push({type: 'Invalid', field, value, shownValue: intOrStringText(value), detail: PERCENT_MESSAGE});
	} else if (isInteger(value)) {
		if (value < 0) errors.push({type: 'Invalid', field, value, detail: 'must be greater than or equal to 0'});
	} else {
		errors.push({
			type: 'Invalid',
			field,
			value,
			shownValue: intOrStringText(value),
			detail: "must be an integer or percentage (e.g '5%')",
		});
	}
}

function validateStrategy(strategy: Json | undefined, errors: FieldError[]): void {
	const type = strategy?.type;
	if (type === 'Recreate') {
		if (strategy?.rollingUpdate !== undefined && strategy?.rollingUpdate !== null) {
			errors.push({
				type: 'Forbidden',
				field: 'spec.strategy.rollingUpdate',
				detail: "may not be specified when strategy `type` is 'Recreate'",
			});
		}
		return;
	}
	if (type !== 'RollingUpdate') {
		// The API server reports the whole strategy struct (Go's %#v of the internal type).
		const rollingUpdate = strategy?.rollingUpdate ? '(0xc000a1e0f0)' : '(nil)';
		errors.push({
			type: 'NotSupported',
			field: 'spec.strategy',
			value: strategy,
			shownValue: `apps.DeploymentStrategy{Type:${JSON.stringify(String(type ?? ''))}, RollingUpdate:(*apps.RollingUpdateDeployment)${rollingUpdate}}`,
			detail: 'supported values: "Recreate", "RollingUpdate"',
		});
		return;
	}
	const rollingUpdate = strategy?.rollingUpdate;
	if (!isObject(rollingUpdate)) {
		errors.push({
			type: 'Required',
			field: 'spec.strategy.rollingUpdate',
			detail: 'this should be defaulted and never be nil',
		});
		return;
	}
	const field = 'spec.strategy.rollingUpdate';
	const {maxUnavailable, maxSurge} = rollingUpdate;
	const before = errors.length;
	validateIntOrPercent(maxUnavailable, `${field}.maxUnavailable`, errors);
	validateIntOrPercent(maxSurge, `${field}.maxSurge`, errors);
	if (errors.length !== before) return;
	const unavailable = intOrPercent(maxUnavailable)!;
	const surge = intOrPercent(maxSurge)!;
	if (unavailable.amount === 0 && surge.amount === 0) {
		errors.push({
			type: 'Invalid',
			field: `${field}.maxUnavailable`,
			value: maxUnavailable,
			shownValue: intOrStringText(maxUnavailable),
			detail: 'may not be 0 when `maxSurge` is 0',
		});
	}
	if (unavailable.percent && unavailable.amount > 100) {
		errors.push({
			type: 'Invalid',
			field: `${field}.maxUnavailable`,
			value: maxUnavailable,
			shownValue: intOrStringText(maxUnavailable),
			detail: 'must not be greater than 100%',
		});
	}
}

/** Validates a defaulted Deployment (create or update); an empty list means valid. */
export function validateDeployment(obj: Json): FieldError[] {
	const errors: FieldError[] = [];
	validateObjectMeta(obj.metadata, true, errors);
	const spec: Json = isObject(obj.spec) ? obj.spec : {};
	nonNegative(spec.replicas, 'spec.replicas', errors);
	validateSelector(spec, errors, 'deployment');
	validateTemplateForSelector(spec, errors);
	validateStrategy(spec.strategy, errors);
	nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errors);
	nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', errors);
	const deadline = spec.progressDeadlineSeconds;
	if (deadline !== undefined && deadline !== null) {
		nonNegative(deadline, 'spec.progressDeadlineSeconds', errors);
		if (isInteger(deadline) && deadline <= (isInteger(spec.minReadySeconds) ? spec.minReadySeconds : 0)) {
			errors.push({
				type: 'Invalid',
				field: 'spec.progressDeadlineSeconds',
				value: deadline,
				detail: 'must be greater than minReadySeconds',
			});
		}
	}
	return errors;
}

export function validateReplicaSet(obj: Json): FieldError[] {
	const errors: FieldError[] = [];
	validateObjectMeta(obj.metadata, true, errors);
	const spec: Json = isObject(obj.spec) ? obj.spec : {};
	nonNegative(spec.replicas, 'spec.replicas', errors);
	nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errors);
	validateSelector(spec, errors, 'replicaset');
	validateTemplateForSelector(spec, errors);
	return errors;
}

export function validatePod(obj: Json): FieldError[] {
	const errors: FieldError[] = [];
	validateObjectMeta(obj.metadata, true, errors);
	validatePodSpec(obj.spec, 'spec', errors);
	return errors;
}
