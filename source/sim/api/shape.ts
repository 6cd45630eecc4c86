// Type checks of request bodies, as decoding into Go structs does before anything else: a value
// of the wrong JSON type is a 400 BadRequest, and JSON null means "unset" (dropped here so that
// defaulting and validation see an absent field).
import {badRequest} from './status.js';

type Shape =
	| 'string'
	| 'integer'
	| 'boolean'
	| 'any'
	| 'intOrString'
	| 'stringMap'
	| {object: Record<string, Shape>}
	| {array: Shape};

const obj = (fields: Record<string, Shape>): Shape => ({object: fields});
const arr = (item: Shape): Shape => ({array: item});

const META = obj({
	name: 'string',
	generateName: 'string',
	namespace: 'string',
	uid: 'string',
	resourceVersion: 'string',
	generation: 'integer',
	labels: 'stringMap',
	annotations: 'stringMap',
	finalizers: arr('string'),
	ownerReferences: arr(
		obj({
			apiVersion: 'string',
			kind: 'string',
			name: 'string',
			uid: 'string',
			controller: 'boolean',
			blockOwnerDeletion: 'boolean',
		}),
	),
});

const SELECTOR = obj({
	matchLabels: 'stringMap',
	matchExpressions: arr(obj({key: 'string', operator: 'string', values: arr('string')})),
});

const PROBE = obj({
	initialDelaySeconds: 'integer',
	periodSeconds: 'integer',
	timeoutSeconds: 'integer',
	successThreshold: 'integer',
	failureThreshold: 'integer',
});

const CONTAINER = obj({
	name: 'string',
	image: 'string',
	command: arr('string'),
	args: arr('string'),
	workingDir: 'string',
	imagePullPolicy: 'string',
	ports: arr(
		obj({name: 'string', containerPort: 'integer', hostPort: 'integer', protocol: 'string', hostIP: 'string'}),
	),
	env: arr(obj({name: 'string', value: 'string'})),
	resources: obj({limits: 'stringMap', requests: 'stringMap'}),
	readinessProbe: PROBE,
	livenessProbe: PROBE,
	startupProbe: PROBE,
	terminationMessagePath: 'string',
	terminationMessagePolicy: 'string',
});

const POD_SPEC = obj({
	containers: arr(CONTAINER),
	initContainers: arr(CONTAINER),
	volumes: arr(obj({name: 'string'})),
	restartPolicy: 'string',
	terminationGracePeriodSeconds: 'integer',
	activeDeadlineSeconds: 'integer',
	dnsPolicy: 'string',
	nodeSelector: 'stringMap',
	serviceAccountName: 'string',
	nodeName: 'string',
	schedulerName: 'string',
	securityContext: obj({}),
});

const TEMPLATE = obj({metadata: META, spec: POD_SPEC});

const SHAPES: Record<string, Shape> = {
	Deployment: obj({
		apiVersion: 'string',
		kind: 'string',
		metadata: META,
		status: obj({}),
		spec: obj({
			replicas: 'integer',
			selector: SELECTOR,
			template: TEMPLATE,
			minReadySeconds: 'integer',
			revisionHistoryLimit: 'integer',
			paused: 'boolean',
			progressDeadlineSeconds: 'integer',
			strategy: obj({type: 'string', rollingUpdate: obj({maxSurge: 'intOrString', maxUnavailable: 'intOrString'})}),
		}),
	}),
	ReplicaSet: obj({
		apiVersion: 'string',
		kind: 'string',
		metadata: META,
		status: obj({}),
		spec: obj({replicas: 'integer', selector: SELECTOR, template: TEMPLATE, minReadySeconds: 'integer'}),
	}),
	Pod: obj({apiVersion: 'string', kind: 'string', metadata: META, spec: POD_SPEC, status: obj({})}),
	Namespace: obj({apiVersion: 'string', kind: 'string', metadata: META, spec: obj({}), status: obj({})}),
	Event: obj({
		apiVersion: 'string',
		kind: 'string',
		metadata: META,
		involvedObject: obj({}),
		reason: 'string',
		message: 'string',
		type: 'string',
		count: 'integer',
	}),
	Scale: obj({apiVersion: 'string', kind: 'string', metadata: META, spec: obj({replicas: 'integer'})}),
};

const jsonType = (value: unknown) =>
	Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'number' : typeof value;

function fail(kind: string, path: string, value: unknown, goType: string): never {
	throw badRequest(
		`${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${jsonType(value)} into Go struct field ${kind}.${path} of type ${goType}`,
	);
}

/** Returns the value with nulls dropped, or throws 400 for a wrong type. */
function check(kind: string, shape: Shape, value: unknown, path: string): unknown {
	if (value === null) return undefined;
	if (shape === 'any') return value;
	if (shape === 'string') return typeof value === 'string' ? value : fail(kind, path, value, 'string');
	if (shape === 'boolean') return typeof value === 'boolean' ? value : fail(kind, path, value, 'bool');
	if (shape === 'integer') return Number.isInteger(value) ? value : fail(kind, path, value, 'int32');
	if (shape === 'intOrString')
		return Number.isInteger(value) || typeof value === 'string' ? value : fail(kind, path, value, 'intstr.IntOrString');
	if (shape === 'stringMap') {
		if (typeof value !== 'object' || Array.isArray(value)) return fail(kind, path, value, 'map[string]string');
		const out: Record<string, string> = {};
		for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
			if (inner === null) out[key] = '';
			else if (typeof inner !== 'string') fail(kind, path, inner, 'string');
			else out[key] = inner;
		}
		return out;
	}
	if ('array' in shape) {
		if (!Array.isArray(value)) return fail(kind, path, value, 'array');
		const itemIsObject = typeof shape.array === 'object' && 'object' in shape.array;
		return value.map(item => (item === null && itemIsObject ? {} : check(kind, shape.array, item, path)));
	}
	if (typeof value !== 'object' || Array.isArray(value)) return fail(kind, path, value, 'object');
	const out: Record<string, unknown> = {};
	for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
		const innerShape = shape.object[key] ?? 'any';
		const checked = check(kind, innerShape, inner, path ? `${path}.${key}` : key);
		if (checked !== undefined) out[key] = checked;
	}
	return out;
}

/** Type-checks a decoded body of `kind` and drops nulls; throws a 400 ApiError on a type mismatch. */
export function checkShape(kind: string, body: unknown): Record<string, any> {
	const shape = SHAPES[kind] ?? obj({metadata: META});
	return check(kind, shape, body, '') as Record<string, any>;
}
