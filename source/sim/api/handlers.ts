// REST verbs on the served resources: get, list, watch, create, update, patch,
// deletecollection, and the /status and /scale subresources (DELETE is in deletion.ts).
import type {ServerResponse} from 'node:http';
import {AlreadyExistsError, formatTime, type Store, type StoredObject} from '../store.js';
import {alreadyExists, badRequest, methodNotAllowed, pathNotFound, unsupportedMediaType} from './status.js';
import {applyStrategicMergePatch} from './patch-strategic.js';
import {checkShape} from './shape.js';
import type {ResourceInfo} from './resources.js';
import {apiVersionOf} from './resources.js';
import {parseFieldSelector, parseLabelSelector, pinnedName, labelsMatch, fieldsMatch} from './selectors.js';
import {includeObjectOf, toTable, wantsTable} from './tables.js';
import {
	applyDefaults,
	prepareForCreate,
	prepareForStatusUpdate,
	prepareForUpdate,
	throwIfInvalid,
	toScale,
	validateScale,
} from './objects.js';
import {
	applyPatch,
	decodeBody,
	getExisting,
	isDryRun,
	parsePatch,
	requireNamespace,
	target,
	write,
	type ApiRequest,
	type ApiResult,
	type HandlerContext,
	type Json,
} from './request.js';
import {remove, removeCollection} from './deletion.js';
import {validateApplied, validateDecoded, validatePatched} from './openapi/field-validation.js';
import {parseResourceVersion} from './list-options.js';
import {podLog} from './logs.js';
import {copyJson} from '../json.js';

export type {ApiRequest, ApiResult, HandlerContext} from './request.js';

function single(request: ApiRequest, info: ResourceInfo, store: Store, object: unknown): unknown {
	if (wantsTable(request.headers.accept) && !request.target.subresource) {
		return toTable(
			info.resource,
			[object as StoredObject],
			String(store.resourceVersion),
			Date.now(),
			{},
			includeObjectOf(request.query),
		);
	}
	return object;
}

export function handle(context: HandlerContext, request: ApiRequest, response: ServerResponse): ApiResult {
	const {info, name, subresource} = request.target;
	if (subresource && !info.subresources.some(sub => sub.name === subresource)) throw pathNotFound();
	if (name === undefined) return collection(context, request, response);
	if (subresource === 'scale') return scale(context, request);
	if (subresource === 'status') return status(context, request);
	if (subresource === 'log') return podLog(context, request, response);
	switch (request.method) {
		case 'GET':
			return {
				code: 200,
				body: single(request, info, context.store, getExisting(context.store, info, request.target.namespace, name)),
			};
		case 'PUT':
			return update(context, request);
		case 'PATCH':
			return patch(context, request);
		case 'DELETE':
			return remove(context, request);
		default:
			throw methodNotAllowed();
	}
}

// --- collections ---

function collection(context: HandlerContext, request: ApiRequest, response: ServerResponse): ApiResult {
	switch (request.method) {
		case 'GET': {
			const watch = request.query.get('watch');
			if (watch === 'true' || watch === '1') return startWatch(context, request, response);
			return {code: 200, body: list(context, request)};
		}
		case 'POST':
			return create(context, request);
		case 'DELETE':
			return deleteCollection(context, request);
		default:
			throw methodNotAllowed();
	}
}

function selected(context: HandlerContext, request: ApiRequest): StoredObject[] {
	const {info, namespace} = request.target;
	const labelSelector = parseLabelSelector(request.query.get('labelSelector'));
	const fieldSelector = parseFieldSelector(request.query.get('fieldSelector'), info.kind);
	const name = pinnedName(fieldSelector);
	let candidates: StoredObject[];
	if (name !== undefined && (namespace !== undefined || !info.namespaced)) {
		const object = context.store.get(info.resource, namespace, name);
		candidates = object ? [object] : [];
	} else candidates = context.store.list(info.resource, namespace);
	if (labelSelector.length === 0 && fieldSelector.length === 0) return candidates;
	return candidates.filter(
		object => labelsMatch(labelSelector, object.metadata.labels) && fieldsMatch(fieldSelector, object),
	);
}

const keyOf = (object: StoredObject) => `${object.metadata.namespace ?? ''}/${object.metadata.name}`;

function encodeContinue(key: string, resourceVersion: string): string {
	return Buffer.from(JSON.stringify({v: 'meta.k8s.io/v1', rv: Number(resourceVersion), start: key})).toString('base64');
}

function decodeContinue(token: string): string {
	try {
		const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
		if (typeof parsed.start === 'string') return parsed.start;
	} catch {
		// fall through
	}
	throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
}

function list(context: HandlerContext, request: ApiRequest): unknown {
	const {info} = request.target;
	const resourceVersion = String(context.store.resourceVersion);
	// Sorted by namespace/name as etcd returns keys; keys computed once per item.
	let keyed = selected(context, request).map(object => ({key: keyOf(object), object}));
	keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	const token = request.query.get('continue');
	if (token) {
		const after = decodeContinue(token);
		keyed = keyed.filter(item => item.key > after);
	}
	let items = keyed.map(item => item.object);
	// resourceVersion=0 is served from the watch cache, which (in 1.32) ignores limit.
	const limit = request.query.get('resourceVersion') === '0' ? 0 : Number(request.query.get('limit') ?? 0);
	const metadata: Json = {resourceVersion};
	if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
		const remaining = items.length - limit;
		items = items.slice(0, limit);
		metadata.continue = encodeContinue(keyOf(items[items.length - 1]!), resourceVersion);
		metadata.remainingItemCount = remaining;
	}
	if (wantsTable(request.headers.accept)) {
		const extra = metadata.continue
			? {continue: metadata.continue, remainingItemCount: metadata.remainingItemCount}
			: {};
		return toTable(info.resource, items, resourceVersion, Date.now(), extra, includeObjectOf(request.query));
	}
	return {kind: info.listKind, apiVersion: apiVersionOf(info), metadata, items};
}

function startWatch(context: HandlerContext, request: ApiRequest, response: ServerResponse): ApiResult {
	const {info, namespace} = request.target;
	const rvText = request.query.get('resourceVersion');
	const resourceVersion = rvText !== null && rvText !== '' ? parseResourceVersion(rvText) : undefined;
	const timeoutText = request.query.get('timeoutSeconds');
	const timeoutSeconds = timeoutText ? Number(timeoutText) : undefined;
	context.hub.open(
		{
			resource: info.resource,
			namespace,
			labelSelector: parseLabelSelector(request.query.get('labelSelector')),
			fieldSelector: parseFieldSelector(request.query.get('fieldSelector'), info.kind),
			format: wantsTable(request.headers.accept) ? 'table' : 'json',
			resourceVersion,
			allowBookmarks: request.query.get('allowWatchBookmarks') === 'true',
			timeoutSeconds:
				timeoutSeconds !== undefined && Number.isFinite(timeoutSeconds) && timeoutSeconds > 0
					? timeoutSeconds
					: undefined,
		},
		response,
	);
	return 'streamed';
}

function create(context: HandlerContext, request: ApiRequest): ApiResult {
	const {info, namespace} = request.target;
	const body = decodeBody(request) as StoredObject;
	request.warnings = validateDecoded(info, request.query, body);
	if (body.kind !== undefined && body.kind !== info.kind) {
		throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (${info.kind})`);
	}
	if (body.apiVersion !== undefined && body.apiVersion !== apiVersionOf(info)) {
		throw badRequest(
			`the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersionOf(info)})`,
		);
	}
	body.metadata = (body.metadata && typeof body.metadata === 'object' ? body.metadata : {}) as StoredObject['metadata'];
	if (info.namespaced) {
		if (body.metadata.namespace && body.metadata.namespace !== namespace) {
			throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
		}
		body.metadata.namespace = namespace!;
	} else delete body.metadata.namespace;
	prepareForCreate(info.resource, body);
	applyDefaults(info.resource, body);
	throwIfInvalid(info.resource, body);
	requireNamespace(context.store, info.namespaced ? namespace : undefined);
	if (isDryRun(request.query)) {
		return {
			code: 201,
			body: {
				...body,
				metadata: {...body.metadata, uid: '', resourceVersion: '', creationTimestamp: formatTime(context.store.now())},
			},
		};
	}
	try {
		return {code: 201, body: context.store.create(info.resource, body as any)};
	} catch (error) {
		if (error instanceof AlreadyExistsError) throw alreadyExists(target(info), body.metadata.name);
		throw error;
	}
}

function deleteCollection(context: HandlerContext, request: ApiRequest): ApiResult {
	return removeCollection(context, request, selected(context, request));
}

// --- objects ---

function checkName(info: ResourceInfo, body: Json, name: string): void {
	const bodyName = body.metadata?.name;
	if (bodyName !== undefined && bodyName !== name) {
		throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
	}
	void info;
}

/** Shared tail of PUT and PATCH on the main resource. */
function replaceObject(
	context: HandlerContext,
	request: ApiRequest,
	body: Json,
	previous: StoredObject,
	expected: string | undefined,
): ApiResult {
	const {info, namespace, name} = request.target;
	checkName(info, body, name!);
	if (info.namespaced && body.metadata?.namespace && body.metadata.namespace !== namespace) {
		throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
	}
	const next = body as StoredObject;
	next.metadata = {
		...(next.metadata ?? {}),
		name: name!,
		...(info.namespaced ? {namespace} : {}),
	} as StoredObject['metadata'];
	if (!info.namespaced) delete next.metadata.namespace;
	// Defaults first, so that the generation compares defaulted specs.
	applyDefaults(info.resource, next);
	prepareForUpdate(info.resource, next, previous);
	throwIfInvalid(info.resource, next, previous);
	return {code: 200, body: write(context.store, info, next, expected, isDryRun(request.query))};
}

function update(context: HandlerContext, request: ApiRequest): ApiResult {
	const {info, namespace, name} = request.target;
	const body = decodeBody(request);
	request.warnings = validateDecoded(info, request.query, body);
	const previous = getExisting(context.store, info, namespace, name!);
	const expected = body.metadata?.resourceVersion || undefined;
	return replaceObject(context, request, body, previous, expected);
}

function patch(context: HandlerContext, request: ApiRequest): ApiResult {
	const {info, namespace, name} = request.target;
	if ((request.headers['content-type'] ?? '').startsWith('application/apply-patch+yaml'))
		return serverSideApply(context, request);
	const previous = getExisting(context.store, info, namespace, name!);
	const patched = applyPatch(previous, request);
	request.warnings = validatePatched(info, request.query, patched, parsePatch(request).patch);
	const patchedVersion = patched.metadata?.resourceVersion;
	const expected =
		patchedVersion && patchedVersion !== previous.metadata.resourceVersion
			? String(patchedVersion)
			: previous.metadata.resourceVersion;
	return replaceObject(context, request, patched, previous, expected);
}

/**
 * Server-side apply, approximated: no managed fields or conflict detection; the applied
 * configuration (JSON, which is valid YAML) creates the object or is merged into it strategically.
 */
function serverSideApply(context: HandlerContext, request: ApiRequest): ApiResult {
	const {info, namespace, name} = request.target;
	if (!request.query.get('fieldManager')) throw badRequest('fieldManager is required for apply requests');
	let applied: Json;
	try {
		applied = JSON.parse(request.body.toString('utf8'));
	} catch {
		throw unsupportedMediaType('application/apply-patch+yaml with a JSON body (the simulator does not parse YAML)');
	}
	checkName(info, applied, name!);
	validateApplied(info, namespace, name!, applied);
	const previous = context.store.get(info.resource, namespace, name!);
	if (!previous) {
		const body = Buffer.from(JSON.stringify({...applied, metadata: {...(applied.metadata ?? {}), name}}));
		return create(context, {
			...request,
			method: 'POST',
			target: {info, namespace},
			body,
			headers: {...request.headers, 'content-type': 'application/json'},
		});
	}
	const {resourceVersion} = applied.metadata ?? {};
	const merged = checkShape(info.kind, applyStrategicMergePatch(previous, applied));
	return replaceObject(context, request, merged, previous, resourceVersion || previous.metadata.resourceVersion);
}

// --- subresources ---

function status(context: HandlerContext, request: ApiRequest): ApiResult {
	const {info, namespace, name} = request.target;
	const previous = getExisting(context.store, info, namespace, name!);
	if (request.method === 'GET') return {code: 200, body: previous};
	let body: Json;
	let expected: string | undefined;
	if (request.method === 'PUT') {
		body = decodeBody(request);
		expected = body.metadata?.resourceVersion || undefined;
	} else if (request.method === 'PATCH') {
		body = applyPatch(previous, request);
		const version = body.metadata?.resourceVersion;
		expected =
			version && version !== previous.metadata.resourceVersion ? String(version) : previous.metadata.resourceVersion;
	} else throw methodNotAllowed();
	checkName(info, body, name!);
	const next = prepareForStatusUpdate(info.resource, body as StoredObject, previous);
	return {code: 200, body: write(context.store, info, next, expected, isDryRun(request.query))};
}

function scale(context: HandlerContext, request: ApiRequest): ApiResult {
	const {info, namespace, name} = request.target;
	const previous = getExisting(context.store, info, namespace, name!);
	if (request.method === 'GET') return {code: 200, body: toScale(previous)};
	let desired: Json;
	let expected: string | undefined;
	if (request.method === 'PUT') {
		desired = decodeBody(request, 'Scale');
		if (desired.kind !== undefined && desired.kind !== 'Scale') throw badRequest(`expected Scale, got ${desired.kind}`);
		expected = desired.metadata?.resourceVersion || undefined;
	} else if (request.method === 'PATCH') {
		desired = applyPatch(toScale(previous), request);
		const version = desired.metadata?.resourceVersion;
		expected = version && version !== previous.metadata.resourceVersion ? String(version) : undefined;
	} else throw methodNotAllowed();
	checkName(info, desired, name!);
	validateScale(desired, name!);
	const next = copyJson(previous);
	next.spec = {...(next.spec ?? {}), replicas: desired.spec?.replicas ?? 0};
	prepareForUpdate(info.resource, next, previous);
	const written = write(context.store, info, next, expected, isDryRun(request.query));
	return {code: 200, body: toScale(written)};
}
