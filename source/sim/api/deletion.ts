// DELETE of an object and of a collection: DeleteOptions from the body and the query, preconditions, the
// registry's deletion (../deletion.ts), and the response the API server sends (the object while it is still
// there, pods' last state, a Success Status for everything else). Namespaces take their contents with them.
import {
	deleteObject,
	PROPAGATION_POLICIES,
	type DeleteOptions,
	type DeleteOutcome,
	type PropagationPolicy,
} from '../deletion.js';
import {NotFoundError, type StoredObject} from '../store.js';
import {ApiError, conflict, invalid, notFound, successStatus} from './status.js';
import {apiVersionOf, RESOURCE_INFO, type ResourceInfo} from './resources.js';
import type {FieldError} from './validation.js';
import {
	deleteOptions,
	getExisting,
	isDryRun,
	target,
	type ApiRequest,
	type ApiResult,
	type HandlerContext,
	type Json,
} from './request.js';
import {copyJson} from '../json.js';

/** DeleteOptions as the API server reads them: the body, with query parameters taking precedence. */
function readOptions(request: ApiRequest): {options: DeleteOptions; preconditions: Json} {
	const body = deleteOptions(request);
	const query = request.query;
	const grace = query.get('gracePeriodSeconds') ?? body.gracePeriodSeconds;
	const policy = query.get('propagationPolicy') ?? body.propagationPolicy;
	const orphan = query.get('orphanDependents') ?? body.orphanDependents;
	const errors: FieldError[] = [];
	if (orphan !== undefined && orphan !== null && policy !== undefined && policy !== null) {
		errors.push({
			type: 'Invalid',
			field: 'propagationPolicy',
			value: policy,
			detail: 'orphanDependents and deletionPropagation cannot be both set',
		});
	}
	if (policy !== undefined && policy !== null && !PROPAGATION_POLICIES.includes(policy)) {
		errors.push({
			type: 'NotSupported',
			field: 'propagationPolicy',
			value: policy,
			detail: 'supported values: "Foreground", "Background", "Orphan", "nil"',
		});
	}
	if (errors.length) throw invalid('DeleteOptions', 'meta.k8s.io', '', errors);
	const options: DeleteOptions = {dryRun: isDryRun(query) || (body.dryRun ?? []).includes('All')};
	const seconds = grace === undefined || grace === null || grace === '' ? Number.NaN : Number(grace);
	if (Number.isFinite(seconds)) options.gracePeriodSeconds = seconds;
	if (policy) options.propagationPolicy = policy as PropagationPolicy;
	if (orphan !== undefined && orphan !== null) options.orphanDependents = orphan === true || orphan === 'true';
	return {options, preconditions: body.preconditions ?? {}};
}

const qualified = (info: ResourceInfo) => (info.group ? `${info.resource}.${info.group}` : info.resource);

function checkPreconditions(info: ResourceInfo, existing: StoredObject, preconditions: Json): void {
	const name = existing.metadata.name;
	const failed = (what: string, wanted: string, actual: string) =>
		new ApiError({
			...conflict(target(info), name).status,
			message: `Operation cannot be fulfilled on ${qualified(info)} "${name}": Precondition failed: ${what} in precondition: ${wanted}, ${what} in object meta: ${actual}`,
		});
	if (preconditions.uid && preconditions.uid !== existing.metadata.uid)
		throw failed('UID', preconditions.uid, existing.metadata.uid);
	if (preconditions.resourceVersion && preconditions.resourceVersion !== existing.metadata.resourceVersion)
		throw failed('ResourceVersion', preconditions.resourceVersion, existing.metadata.resourceVersion);
}

/** What the API server answers: the object while it stays, pods' last state, else a Success Status. */
function responseBody(info: ResourceInfo, outcome: DeleteOutcome): unknown {
	if (!outcome.deleted || info.resource === 'pods') return outcome.object;
	return successStatus(target(info), outcome.object.metadata.name, outcome.object.metadata.uid);
}

export function remove(context: HandlerContext, request: ApiRequest): ApiResult {
	const {info, namespace, name} = request.target;
	const {store} = context;
	const {options, preconditions} = readOptions(request);
	const existing = getExisting(store, info, namespace, name!);
	checkPreconditions(info, existing, preconditions);
	if (info.resource === 'namespaces') return deleteNamespace(context, existing, options.dryRun ?? false);
	let outcome: DeleteOutcome;
	try {
		outcome = deleteObject(store, info.resource, namespace, name!, {...options, uid: existing.metadata.uid});
	} catch (error) {
		if (error instanceof NotFoundError) throw notFound(target(info), name!);
		throw error;
	}
	// The API server answers 202 only when the deprecated orphanDependents=false left the object in place.
	const code = !outcome.deleted && options.orphanDependents === false ? 202 : 200;
	return {code, body: responseBody(info, outcome)};
}

/** DELETE of a collection: each selected object deleted as a DELETE of it would; the list of what was deleted. */
export function removeCollection(context: HandlerContext, request: ApiRequest, items: StoredObject[]): ApiResult {
	const {info} = request.target;
	const {options} = readOptions(request);
	const results: StoredObject[] = [];
	for (const item of items) {
		try {
			const {namespace, name, uid} = item.metadata;
			results.push(deleteObject(context.store, info.resource, namespace, name, {...options, uid}).object);
		} catch (error) {
			if (!(error instanceof NotFoundError)) throw error;
		}
	}
	return {
		code: 200,
		body: {
			kind: info.listKind,
			apiVersion: apiVersionOf(info),
			metadata: {resourceVersion: String(context.store.resourceVersion)},
			items: results,
		},
	};
}

function deleteNamespace(context: HandlerContext, namespaceObject: StoredObject, dryRun: boolean): ApiResult {
	const {store} = context;
	const name = namespaceObject.metadata.name;
	const terminating = copyJson(namespaceObject);
	terminating.status = {...(terminating.status ?? {}), phase: 'Terminating'};
	if (dryRun) return {code: 200, body: terminating};
	// The namespace controller's work, done at once: delete the contents of every namespaced kind, then the namespace.
	for (const contents of Object.values(RESOURCE_INFO).filter(info => info.namespaced)) {
		for (const object of store.list(contents.resource, name)) {
			try {
				store.delete(contents.resource, name, object.metadata.name);
			} catch (error) {
				if (!(error instanceof NotFoundError)) throw error;
			}
		}
	}
	store.delete('namespaces', undefined, name);
	return {code: 200, body: terminating};
}
