// The OpenAPI documents the API server publishes, built from the generated definitions (definitions.json, made by
// source/tools/gen-openapi.ts) for the kinds of the resource table: /openapi/v2 (one Swagger 2.0 document) and
// /openapi/v3/<api|apis/group>/<version> (one OpenAPI 3.0 document per group-version, listed by /openapi/v3).
// The definitions load once, on the first request that needs them, from a chunk of their own; documents are built
// on first request too.
import {createHash} from 'node:crypto';
import {RESOURCE_INFO, apiVersionOf, type ResourceInfo} from '../resources.js';

export type Schema = Record<string, any>;

let definitions: Record<string, Schema> | undefined;
let loading: Promise<void> | undefined;

export const definitionsLoaded = () => definitions !== undefined;

/** Requests that use the definitions: writes (field validation) and the OpenAPI documents. */
export function needsDefinitions(request: {method?: string; url?: string}): boolean {
	const method = request.method ?? 'GET';
	return method === 'POST' || method === 'PUT' || method === 'PATCH' || (request.url ?? '').startsWith('/openapi/');
}

/** Loads the definitions (once). */
export function loadDefinitions(): Promise<void> {
	loading ??= import('./definitions.json', {with: {type: 'json'}}).then(module => {
		definitions = (module.default as {definitions: Record<string, Schema>}).definitions;
	});
	return loading;
}

export function allDefinitions(): Record<string, Schema> {
	if (!definitions) throw new Error('OpenAPI definitions are not loaded');
	return definitions;
}

const gvkOf = (info: ResourceInfo) => ({group: info.group, version: info.version, kind: info.kind});

let byGroupVersionKind: Map<string, string> | undefined;

/** The definition name of a kind, found by its x-kubernetes-group-version-kind. */
export function definitionNameOf(group: string, version: string, kind: string): string | undefined {
	if (!byGroupVersionKind) {
		byGroupVersionKind = new Map();
		for (const [name, schema] of Object.entries(allDefinitions())) {
			const gvks = schema['x-kubernetes-group-version-kind'] as
				| {group: string; version: string; kind: string}[]
				| undefined;
			for (const gvk of gvks ?? []) byGroupVersionKind.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, name);
		}
	}
	return byGroupVersionKind.get(`${group}/${version}/${kind}`);
}

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

/** Names of the definitions reachable from `roots`. */
function reachable(roots: string[]): string[] {
	const all = allDefinitions();
	const seen = new Set<string>();
	const visit = (value: unknown): void => {
		if (Array.isArray(value)) for (const item of value) visit(item);
		else if (value && typeof value === 'object') {
			for (const [key, child] of Object.entries(value)) {
				if (key === '$ref' && typeof child === 'string') {
					const name = refName(child);
					if (!seen.has(name) && all[name]) {
						seen.add(name);
						visit(all[name]);
					}
				} else visit(child);
			}
		}
	};
	for (const root of roots) {
		seen.add(root);
		visit(all[root]);
	}
	return [...seen].sort();
}

const groupVersions = () => [...new Set(Object.values(RESOURCE_INFO).map(apiVersionOf))];

const documentPath = (groupVersion: string) =>
	groupVersion.includes('/') ? `apis/${groupVersion}` : `api/${groupVersion}`;

function objectPath(info: ResourceInfo): string {
	const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
	return info.namespaced ? `${base}/namespaces/{namespace}/${info.resource}/{name}` : `${base}/${info.resource}/{name}`;
}

function collectionPath(info: ResourceInfo): string {
	const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
	return info.namespaced ? `${base}/namespaces/{namespace}/${info.resource}` : `${base}/${info.resource}`;
}

const PATCH_TYPES = [
	'application/apply-patch+yaml',
	'application/json-patch+json',
	'application/merge-patch+json',
	'application/strategic-merge-patch+json',
];

const WRITE_PARAMETERS = ['dryRun', 'fieldManager', 'fieldValidation'];

/** The operations kubectl inspects: create, replace and patch (whose parameters say fieldValidation is supported). */
function operations(info: ResourceInfo, v3: boolean): Record<string, Schema> {
	const ref = (name: string) => (v3 ? `#/components/schemas/${name}` : `#/definitions/${name}`);
	const kindName = definitionNameOf(info.group, info.version, info.kind);
	const parameter = (name: string) =>
		v3
			? {name, in: 'query', schema: {type: name === 'force' ? 'boolean' : 'string'}, uniqueItems: true}
			: {name, in: 'query', type: name === 'force' ? 'boolean' : 'string', uniqueItems: true};
	const response = kindName
		? v3
			? {'200': {description: 'OK', content: {'application/json': {schema: {$ref: ref(kindName)}}}}}
			: {'200': {description: 'OK', schema: {$ref: ref(kindName)}}}
		: {'200': {description: 'OK'}};
	const operation = (verb: string, action: string, extra: string[] = []) => ({
		description: `${verb} the specified ${info.kind}`,
		operationId: `${action}${info.kind}`,
		parameters: [...WRITE_PARAMETERS, ...extra].map(parameter),
		responses: response,
		'x-kubernetes-action': action,
		'x-kubernetes-group-version-kind': gvkOf(info),
	});
	return {
		[collectionPath(info)]: {post: operation('create', 'post')},
		[objectPath(info)]: {
			put: operation('replace', 'put'),
			patch: {
				...operation('partially update', 'patch', ['force']),
				...(v3
					? {
							requestBody: {
								content: Object.fromEntries(PATCH_TYPES.map(type => [type, {schema: {type: 'object'}}])),
								required: true,
							},
						}
					: {
							consumes: PATCH_TYPES,
						}),
			},
		},
	};
}

/** v3 style: a reference with siblings (a description) is wrapped in allOf, as the API server publishes them. */
function toV3(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(toV3);
	if (!value || typeof value !== 'object') return value;
	const out: Schema = {};
	for (const [key, child] of Object.entries(value)) out[key] = toV3(child);
	if (typeof out.$ref === 'string') {
		const ref = `#/components/schemas/${refName(out.$ref)}`;
		const {$ref: _, ...siblings} = out;
		return Object.keys(siblings).length ? {allOf: [{$ref: ref}], ...siblings} : {$ref: ref};
	}
	return out;
}

/** Types that are one of several JSON types: v3 says so with oneOf where v2 could only say string. */
const V3_ONE_OF: Record<string, string[]> = {
	'io.k8s.apimachinery.pkg.util.intstr.IntOrString': ['integer', 'string'],
	'io.k8s.apimachinery.pkg.api.resource.Quantity': ['string', 'number'],
};

function v3Schema(name: string, schema: Schema): unknown {
	const oneOf = V3_ONE_OF[name];
	if (!oneOf) return toV3(schema);
	const {type: _, ...rest} = schema;
	return {...rest, oneOf: oneOf.map(type => ({type}))};
}

function kindsOf(groupVersion: string): ResourceInfo[] {
	return Object.values(RESOURCE_INFO).filter(info => apiVersionOf(info) === groupVersion);
}

function rootsOf(infos: ResourceInfo[]): string[] {
	const roots = infos.map(info => definitionNameOf(info.group, info.version, info.kind));
	return roots.filter((name): name is string => name !== undefined);
}

/** The Swagger 2.0 document: every served kind. */
export function openApiV2(): Schema {
	const infos = Object.values(RESOURCE_INFO);
	const paths: Schema = {};
	for (const info of infos) Object.assign(paths, operations(info, false));
	const all = allDefinitions();
	const names = reachable([...rootsOf(infos), 'io.k8s.apimachinery.pkg.apis.meta.v1.Status']);
	return {
		swagger: '2.0',
		info: {title: 'Kubernetes', version: 'v1.32.0'},
		paths,
		definitions: Object.fromEntries(names.map(name => [name, all[name]])),
	};
}

/** The OpenAPI 3.0 document of one group-version path (`apis/apps/v1`, `api/v1`), or undefined. */
export function openApiV3(path: string): Schema | undefined {
	const groupVersion = groupVersions().find(gv => documentPath(gv) === path);
	if (!groupVersion) return undefined;
	const infos = kindsOf(groupVersion);
	const paths: Schema = {};
	for (const info of infos) Object.assign(paths, operations(info, true));
	const all = allDefinitions();
	const names = reachable(rootsOf(infos));
	return {
		openapi: '3.0.0',
		info: {title: 'Kubernetes', version: 'v1.32.0'},
		paths,
		components: {schemas: Object.fromEntries(names.map(name => [name, v3Schema(name, all[name]!)]))},
	};
}

export const v3Paths = () => groupVersions().map(documentPath);

/** Content hash, as the API server's ETags and `?hash=` are. */
export const hashOf = (text: string) => createHash('sha512').update(text).digest('hex').slice(0, 128).toUpperCase();
