// Shared pieces of request handling: the request/result types, body decoding (JSON or
// protobuf, type-checked), patch application, and conditional writes mapped to Status errors.
import type {IncomingHttpHeaders} from 'node:http';
import {ConflictError, NotFoundError, type Store, type StoredObject} from '../store.js';
import {deleteIfFinalized, newFinalizersWhileDeleting} from '../deletion.js';
import {ApiError, badRequest, conflict, invalid, notFound, unsupportedMediaType} from './status.js';
import type {ParsedPath, ResourceInfo} from './resources.js';
import type {WatchHub} from './watch.js';
import {applyJsonPatch, JsonPatchError} from './patch-json.js';
import {applyMergePatch} from './patch-merge.js';
import {applyStrategicMergePatch, StrategicPatchError} from './patch-strategic.js';
import {decodeKubernetesProtobuf} from './protobuf.js';
import {checkShape} from './shape.js';

export type Json = Record<string, any>;

export interface ApiRequest {
	method: string;
	target: ParsedPath;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: Buffer;
	/** Warning headers for the response (unknown fields under fieldValidation=Warn). */
	warnings?: string[];
}

export type ApiResult = {code: number; body: unknown} | 'streamed';

export interface HandlerContext {
	store: Store;
	hub: WatchHub;
}

export const target = (info: ResourceInfo) => ({resource: info.resource, group: info.group});

/** Decodes a request body (JSON or Kubernetes protobuf) into an object of `kind`, type-checked, nulls dropped. */
export function decodeBody(request: ApiRequest, kind = request.target.info.kind): Json {
	return checkShape(kind, decodeRaw(request));
}

function decodeRaw(request: ApiRequest): Json {
	const contentType = (request.headers['content-type'] ?? 'application/json').split(';')[0]!.trim();
	if (request.body.length === 0) throw badRequest('the body of the request was empty');
	if (contentType === 'application/vnd.kubernetes.protobuf') {
		try {
			return decodeKubernetesProtobuf(request.body);
		} catch (error) {
			throw badRequest(`the object provided is unrecognized: ${(error as Error).message}`);
		}
	}
	let value: unknown;
	try {
		value = JSON.parse(request.body.toString('utf8'));
	} catch (error) {
		throw badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
	}
	if (!value || typeof value !== 'object' || Array.isArray(value))
		throw badRequest(`couldn't get version/kind; json parse error: expected a JSON object`);
	return value as Json;
}

export function parsePatch(request: ApiRequest): {kind: 'json' | 'merge' | 'strategic'; patch: unknown} {
	const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
	const kinds: Record<string, 'json' | 'merge' | 'strategic'> = {
		'application/json-patch+json': 'json',
		'application/merge-patch+json': 'merge',
		'application/strategic-merge-patch+json': 'strategic',
	};
	const kind = kinds[contentType];
	if (!kind)
		throw unsupportedMediaType(
			'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json',
		);
	try {
		return {kind, patch: JSON.parse(request.body.toString('utf8') || 'null')};
	} catch (error) {
		throw badRequest(`error decoding patch: ${(error as Error).message}`);
	}
}

export function applyPatch(current: unknown, request: ApiRequest): Json {
	const {kind, patch} = parsePatch(request);
	try {
		let result: unknown;
		if (kind === 'json') result = applyJsonPatch(current, patch);
		else if (kind === 'merge') result = applyMergePatch(current, patch);
		else result = applyStrategicMergePatch(current, patch);
		if (!result || typeof result !== 'object' || Array.isArray(result))
			throw badRequest('the patch did not produce an object');
		return checkShape(request.target.subresource === 'scale' ? 'Scale' : request.target.info.kind, result);
	} catch (error) {
		if (error instanceof JsonPatchError || error instanceof StrategicPatchError) {
			throw new ApiError({
				kind: 'Status',
				apiVersion: 'v1',
				metadata: {},
				status: 'Failure',
				message: error.message,
				reason: 'UnprocessableEntity' as string,
				code: 422,
			} as any);
		}
		throw error;
	}
}

export const isDryRun = (query: URLSearchParams) => query.getAll('dryRun').includes('All');

export function requireNamespace(store: Store, namespace: string | undefined): void {
	if (namespace !== undefined && !store.get('namespaces', undefined, namespace))
		throw notFound({resource: 'namespaces', group: ''}, namespace);
}

export function getExisting(
	store: Store,
	info: ResourceInfo,
	namespace: string | undefined,
	name: string,
): StoredObject {
	const object = store.get(info.resource, namespace, name);
	if (!object) throw notFound(target(info), name);
	return object;
}

export function write(
	store: Store,
	info: ResourceInfo,
	next: StoredObject,
	expected: string | undefined,
	dryRun: boolean,
): StoredObject {
	if (dryRun) return next;
	rejectNewFinalizersWhileDeleting(store, info, next);
	try {
		return deleteIfFinalized(store, info.resource, store.update(info.resource, next, expected));
	} catch (error) {
		if (error instanceof ConflictError) throw conflict(target(info), next.metadata.name);
		if (error instanceof NotFoundError) throw notFound(target(info), next.metadata.name);
		throw error;
	}
}

/** An object being deleted takes no new finalizers (ValidateObjectMetaUpdate). */
function rejectNewFinalizersWhileDeleting(store: Store, info: ResourceInfo, next: StoredObject): void {
	const previous = store.get(info.resource, next.metadata.namespace, next.metadata.name);
	const added = previous ? newFinalizersWhileDeleting(next, previous) : [];
	if (added.length === 0) return;
	const shown = `[]string{${added.map(f => JSON.stringify(f)).join(', ')}}`;
	throw invalid(info.kind, info.group, next.metadata.name, [
		{
			type: 'Forbidden',
			field: 'metadata.finalizers',
			detail: `no new finalizers can be added if the object is being deleted, found new finalizers ${shown}`,
		},
	]);
}

export function deleteOptions(request: ApiRequest): Json {
	if (request.body.length === 0) return {};
	try {
		const parsed = JSON.parse(request.body.toString('utf8'));
		return parsed && typeof parsed === 'object' ? parsed : {};
	} catch (error) {
		throw badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
	}
}
