// DELETE: pods go through graceful termination, namespaces take their contents with them,
// everything else goes at once (the garbage collector deletes dependents).
import {NotFoundError, formatTime, type Resource, type StoredObject} from '../store.js';
import {ApiError, conflict, successStatus} from './status.js';
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

export function remove(context: HandlerContext, request: ApiRequest): ApiResult {
	const {info, namespace, name} = request.target;
	const {store} = context;
	const options = deleteOptions(request);
	const existing = getExisting(store, info, namespace, name!);
	const preconditions = options.preconditions ?? {};
	if (preconditions.uid && preconditions.uid !== existing.metadata.uid) {
		throw new ApiError({
			...conflict(target(info), name!).status,
			message: `Operation cannot be fulfilled on ${info.group ? `${info.resource}.${info.group}` : info.resource} "${name}": Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${existing.metadata.uid}`,
		});
	}
	if (preconditions.resourceVersion && preconditions.resourceVersion !== existing.metadata.resourceVersion) {
		throw new ApiError({
			...conflict(target(info), name!).status,
			message: `Operation cannot be fulfilled on ${info.group ? `${info.resource}.${info.group}` : info.resource} "${name}": Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
		});
	}
	const dryRun = isDryRun(request.query);
	if (info.resource === 'pods') return deletePod(context, request, existing, options, dryRun);
	if (info.resource === 'namespaces') return deleteNamespace(context, existing, dryRun);
	if (!dryRun) store.delete(info.resource, namespace, name!);
	return {code: 200, body: successStatus(target(info), name!, existing.metadata.uid)};
}

function gracePeriod(request: ApiRequest, options: Json, pod: StoredObject): number {
	const fromQuery = request.query.get('gracePeriodSeconds');
	let seconds: number | undefined;
	if (fromQuery !== null && fromQuery !== '') seconds = Number(fromQuery);
	else if (typeof options.gracePeriodSeconds === 'number') seconds = options.gracePeriodSeconds;
	if (seconds === undefined || !Number.isFinite(seconds)) seconds = pod.spec?.terminationGracePeriodSeconds ?? 30;
	// Unscheduled and finished pods go at once, as the API server's pod strategy decides.
	if (!pod.spec?.nodeName || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') seconds = 0;
	return Math.max(0, Math.floor(seconds!));
}

function deletePod(
	context: HandlerContext,
	request: ApiRequest,
	pod: StoredObject,
	options: Json,
	dryRun: boolean,
): ApiResult {
	const {store} = context;
	const seconds = gracePeriod(request, options, pod);
	const {namespace, name} = pod.metadata;
	if (seconds === 0) {
		const deleted = dryRun ? pod : store.delete('pods', namespace, name);
		return {code: 200, body: deleted};
	}
	if (pod.metadata.deletionTimestamp && (pod.metadata.deletionGracePeriodSeconds ?? Infinity) <= seconds)
		return {code: 200, body: pod};
	const next = structuredClone(pod);
	next.metadata.deletionTimestamp = formatTime(new Date(store.now().getTime() + seconds * 1000));
	next.metadata.deletionGracePeriodSeconds = seconds;
	return {code: 200, body: dryRun ? next : store.update('pods', next)};
}

function deleteNamespace(context: HandlerContext, namespaceObject: StoredObject, dryRun: boolean): ApiResult {
	const {store} = context;
	const name = namespaceObject.metadata.name;
	const terminating = structuredClone(namespaceObject);
	terminating.status = {...(terminating.status ?? {}), phase: 'Terminating'};
	if (dryRun) return {code: 200, body: terminating};
	// The namespace controller's work, done at once: delete the contents, then the namespace.
	for (const resource of ['deployments', 'replicasets', 'pods', 'events'] as Resource[]) {
		for (const object of store.list(resource, name)) {
			try {
				store.delete(resource, name, object.metadata.name);
			} catch (error) {
				if (!(error instanceof NotFoundError)) throw error;
			}
		}
	}
	store.delete('namespaces', undefined, name);
	return {code: 200, body: terminating};
}
