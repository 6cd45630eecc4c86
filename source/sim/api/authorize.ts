// Authorisation of every request before its body is read: the request's attributes as the API
// server's RequestInfoFactory derives them (verb from the method, list/watch/deletecollection on
// collections, a name pinned by fieldSelector), the RBAC decision, and the 403 Status it answers.
import type {Store} from '../store.js';
import type {IncomingHttpHeaders} from 'node:http';
import {ApiError, internalError, type Status} from './status.js';
import {authorize, type Attributes, type UserInfo} from './rbac/authorizer.js';

const API_PREFIXES = new Set(['api', 'apis']);
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

const METHOD_VERBS: Record<string, string> = {
	POST: 'create',
	GET: 'get',
	HEAD: 'get',
	PUT: 'update',
	PATCH: 'patch',
	DELETE: 'delete',
};

function isWatch(query: URLSearchParams): boolean {
	const value = query.get('watch');
	return value !== null && value !== 'false' && value !== '0';
}

function pinnedByFieldSelector(query: URLSearchParams): string {
	for (const term of (query.get('fieldSelector') ?? '').split(',')) {
		const match = /^\s*metadata\.name\s*==?\s*([^,]*?)\s*$/.exec(term);
		if (match?.[1] && !/[/%]/.test(match[1]) && match[1] !== '.' && match[1] !== '..') return match[1];
	}
	return '';
}

/** The attributes of a request, as authorizers see them. */
export function requestAttributes(user: UserInfo, method: string, url: URL): Attributes {
	const path = url.pathname;
	const nonResource: Attributes = {
		user,
		verb: method.toLowerCase(),
		resourceRequest: false,
		path,
		apiGroup: '',
		apiVersion: '',
		resource: '',
		subresource: '',
		namespace: '',
		name: '',
	};
	let parts = path.split('/').filter(part => part.length > 0);
	try {
		parts = parts.map(decodeURIComponent);
	} catch {
		return nonResource;
	}
	if (parts.length < 3 || !API_PREFIXES.has(parts[0]!)) return nonResource;
	let rest = parts.slice(1);
	let apiGroup = '';
	if (parts[0] === 'apis') {
		if (rest.length < 3) return nonResource;
		apiGroup = rest[0]!;
		rest = rest.slice(1);
	}
	const apiVersion = rest[0]!;
	rest = rest.slice(1);
	let verb = METHOD_VERBS[method] ?? '';
	let namespace = '';
	if (rest[0] === 'namespaces' && rest.length > 1) {
		namespace = rest[1]!;
		if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
	}
	const [resource = '', pathName = '', subresource = ''] = rest;
	let name = pathName;
	if (!name && verb === 'get') {
		verb = isWatch(url.searchParams) ? 'watch' : 'list';
		name = pinnedByFieldSelector(url.searchParams);
	}
	if (!name && verb === 'delete') verb = 'deletecollection';
	return {user, verb, resourceRequest: true, path, apiGroup, apiVersion, resource, subresource, namespace, name};
}

/** The 403 the API server answers (responsewriters.Forbidden with apierrors.NewForbidden). */
export function forbiddenStatus(attributes: Attributes, reason: string): Status {
	const user = attributes.user.name;
	let message: string;
	if (!attributes.resourceRequest) message = `User "${user}" cannot ${attributes.verb} path "${attributes.path}"`;
	else {
		const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
		const scope = attributes.namespace ? `in the namespace "${attributes.namespace}"` : 'at the cluster scope';
		message = `User "${user}" cannot ${attributes.verb} resource "${resource}" in API group "${attributes.apiGroup}" ${scope}`;
	}
	if (reason) message = `${message}: ${reason}`;
	const {apiGroup: group, resource, name} = attributes;
	let full: string;
	if (!resource) full = `forbidden: ${message}`;
	else {
		const qualified = group ? `${resource}.${group}` : resource;
		full = name ? `${qualified} "${name}" is forbidden: ${message}` : `${qualified} is forbidden: ${message}`;
	}
	return {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Failure',
		message: full,
		reason: 'Forbidden',
		details: {...(name ? {name} : {}), ...(group ? {group} : {}), ...(resource ? {kind: resource} : {})},
		code: 403,
	};
}

/** Throws the API server's 403 unless RBAC allows the request. */
export function checkAuthorized(store: Store, attributes: Attributes): void {
	const decision = authorize(store, attributes);
	if (!decision.allowed) throw new ApiError(forbiddenStatus(attributes, decision.reason));
}

const header = (headers: IncomingHttpHeaders, name: string): string[] => {
	const value = headers[name];
	if (value === undefined) return [];
	return Array.isArray(value) ? value : value.split(',').map(part => part.trim());
};

function impersonationAttributes(user: UserInfo, resource: string, name: string, namespace = ''): Attributes {
	return {
		user,
		verb: 'impersonate',
		resourceRequest: true,
		path: '',
		apiGroup: '',
		apiVersion: 'v1',
		resource,
		subresource: '',
		namespace,
		name,
	};
}

/**
 * The user a request acts as: with Impersonate-User (and Impersonate-Group) headers, the impersonated user, once
 * the caller is allowed to impersonate each of them (`impersonate` on users, groups or serviceaccounts), as the API
 * server's impersonation filter does; otherwise the caller.
 */
export function actingUser(store: Store, caller: UserInfo, headers: IncomingHttpHeaders): UserInfo {
	const [name] = header(headers, 'impersonate-user');
	const groups = header(headers, 'impersonate-group');
	if (name === undefined) {
		if (!groups.length) return caller;
		// Go prints the impersonation requests (ObjectReferences) with %v.
		const requested = groups.map(group => `{Group  ${group}    }`).join(' ');
		throw internalError(`requested [${requested}] without impersonating a user`);
	}
	const serviceAccount = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
	const checks = [
		serviceAccount
			? impersonationAttributes(caller, 'serviceaccounts', serviceAccount[2]!, serviceAccount[1]!)
			: impersonationAttributes(caller, 'users', name),
		...groups.map(group => impersonationAttributes(caller, 'groups', group)),
	];
	for (const attributes of checks) checkAuthorized(store, attributes);
	const impliedGroups = serviceAccount ? ['system:serviceaccounts', `system:serviceaccounts:${serviceAccount[1]}`] : [];
	const all = [...groups, ...impliedGroups];
	if (name !== 'system:anonymous' && !all.includes('system:authenticated')) all.push('system:authenticated');
	return {name, groups: all};
}
