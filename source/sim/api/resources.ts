// The resources the simulator serves, their discovery documents, and URL path parsing.
import type {Resource} from '../store.js';
import {RBAC_RESOURCE_INFO} from './rbac/resources.js';
import {REVIEW_DISCOVERY} from './rbac/reviews.js';
import {WORKLOAD_RESOURCE_INFO} from './resources-workloads.js';

export interface Subresource {
	name: 'status' | 'scale' | 'log';
	group: string;
	version: string;
	kind: string;
	verbs: string[];
}

export interface ResourceInfo {
	resource: Resource;
	group: string;
	version: string;
	kind: string;
	listKind: string;
	singular: string;
	namespaced: boolean;
	shortNames: string[];
	categories: string[];
	verbs: string[];
	subresources: Subresource[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const status = (group: string, kind: string): Subresource => ({
	name: 'status',
	group,
	version: 'v1',
	kind,
	verbs: ['get', 'patch', 'update'],
});
/** pods/log: read-only, served by the kubelet behind the API server. */
const log: Subresource = {name: 'log', group: '', version: 'v1', kind: 'Pod', verbs: ['get']};
const scale: Subresource = {
	name: 'scale',
	group: 'autoscaling',
	version: 'v1',
	kind: 'Scale',
	verbs: ['get', 'patch', 'update'],
};

export const RESOURCE_INFO: Record<Resource, ResourceInfo> = {
	namespaces: {
		resource: 'namespaces',
		group: '',
		version: 'v1',
		kind: 'Namespace',
		listKind: 'NamespaceList',
		singular: 'namespace',
		namespaced: false,
		shortNames: ['ns'],
		categories: [],
		verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
		subresources: [status('', 'Namespace')],
	},
	pods: {
		resource: 'pods',
		group: '',
		version: 'v1',
		kind: 'Pod',
		listKind: 'PodList',
		singular: 'pod',
		namespaced: true,
		shortNames: ['po'],
		categories: ['all'],
		verbs: ALL_VERBS,
		subresources: [log, status('', 'Pod')],
	},
	events: {
		resource: 'events',
		group: '',
		version: 'v1',
		kind: 'Event',
		listKind: 'EventList',
		singular: 'event',
		namespaced: true,
		shortNames: ['ev'],
		categories: [],
		verbs: ALL_VERBS,
		subresources: [],
	},
	deployments: {
		resource: 'deployments',
		group: 'apps',
		version: 'v1',
		kind: 'Deployment',
		listKind: 'DeploymentList',
		singular: 'deployment',
		namespaced: true,
		shortNames: ['deploy'],
		categories: ['all'],
		verbs: ALL_VERBS,
		subresources: [scale, status('apps', 'Deployment')],
	},
	replicasets: {
		resource: 'replicasets',
		group: 'apps',
		version: 'v1',
		kind: 'ReplicaSet',
		listKind: 'ReplicaSetList',
		singular: 'replicaset',
		namespaced: true,
		shortNames: ['rs'],
		categories: ['all'],
		verbs: ALL_VERBS,
		subresources: [scale, status('apps', 'ReplicaSet')],
	},
	...RBAC_RESOURCE_INFO,
	...WORKLOAD_RESOURCE_INFO,
};

export const apiVersionOf = (info: ResourceInfo) => (info.group ? `${info.group}/${info.version}` : info.version);

const byGroupVersion = (groupVersion: string) =>
	Object.values(RESOURCE_INFO).filter(info => apiVersionOf(info) === groupVersion);

export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
	const info = (RESOURCE_INFO as Record<string, ResourceInfo | undefined>)[resource];
	return info && info.group === group && info.version === version ? info : undefined;
}

export interface ParsedPath {
	info: ResourceInfo;
	namespace?: string;
	name?: string;
	subresource?: string;
}

/**
 * Parses /api/v1/... and /apis/<group>/<version>/... resource paths (namespaced, cluster-wide and
 * object paths). Returns undefined for paths that name no served resource.
 */
export function parseResourcePath(pathname: string): ParsedPath | undefined {
	let parts: string[];
	try {
		parts = pathname
			.split('/')
			.filter(part => part.length > 0)
			.map(decodeURIComponent);
	} catch {
		return undefined; // malformed percent-encoding names nothing
	}
	let group: string;
	let version: string;
	let rest: string[];
	if (parts[0] === 'api' && parts.length >= 3) {
		group = '';
		version = parts[1]!;
		rest = parts.slice(2);
	} else if (parts[0] === 'apis' && parts.length >= 4) {
		group = parts[1]!;
		version = parts[2]!;
		rest = parts.slice(3);
	} else return undefined;
	// /namespaces/<ns>/<resource>/... unless the path is about namespaces themselves.
	if (rest[0] === 'namespaces' && rest.length >= 3) {
		const info = findResource(group, version, rest[2]!);
		// /api/v1/namespaces/<name>/status is a subresource of the namespace itself.
		const namespaces = findResource(group, version, 'namespaces');
		if (!info && rest.length === 3 && namespaces?.subresources.some(sub => sub.name === rest[2])) {
			return {info: namespaces, name: rest[1], subresource: rest[2]};
		}
		if (!info?.namespaced || rest.length > 5) return undefined;
		return {info, namespace: rest[1]!, name: rest[3], subresource: rest[4]};
	}
	const info = findResource(group, version, rest[0]!);
	if (!info || rest.length > 3) return undefined;
	if (info.namespaced && rest.length > 1) return undefined; // namespaced objects need a namespace in the path
	return {info, name: rest[1], subresource: rest[2]};
}

// --- discovery (legacy format: APIVersions, APIGroupList, APIResourceList) ---

export function apiVersions(serverAddress: string) {
	return {
		kind: 'APIVersions',
		versions: ['v1'],
		serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress}],
	};
}

const GROUPS = [
	'apps',
	'coordination.k8s.io',
	'rbac.authorization.k8s.io',
	'authentication.k8s.io',
	'authorization.k8s.io',
];

function apiGroup(name: string) {
	const groupVersion = {groupVersion: `${name}/v1`, version: 'v1'};
	return {name, versions: [groupVersion], preferredVersion: groupVersion};
}

export function apiGroupList() {
	return {kind: 'APIGroupList', apiVersion: 'v1', groups: GROUPS.map(apiGroup)};
}

export function apiGroupDocument(name: string) {
	return GROUPS.includes(name) ? {kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(name)} : undefined;
}

/** APIResourceList of a group-version, or undefined when it is not served (never an empty list). */
export function apiResourceList(groupVersion: string) {
	const infos = byGroupVersion(groupVersion);
	const extra = REVIEW_DISCOVERY[groupVersion] ?? [];
	if (infos.length === 0 && extra.length === 0) return undefined;
	const resources: Record<string, unknown>[] = [...extra];
	for (const info of infos) {
		resources.push({
			name: info.resource,
			singularName: info.singular,
			namespaced: info.namespaced,
			kind: info.kind,
			verbs: info.verbs,
			...(info.shortNames.length ? {shortNames: info.shortNames} : {}),
			...(info.categories.length ? {categories: info.categories} : {}),
		});
		for (const sub of info.subresources) {
			resources.push({
				name: `${info.resource}/${sub.name}`,
				singularName: '',
				namespaced: info.namespaced,
				...(sub.group !== info.group ? {group: sub.group, version: sub.version} : {}),
				kind: sub.kind,
				verbs: sub.verbs,
			});
		}
	}
	return {kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources};
}
