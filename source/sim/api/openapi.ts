// A minimal OpenAPI v3 surface. kubectl (create -f, apply -f) validates with --validate=strict by
// asking OpenAPI v3 whether the server supports the `fieldValidation` query parameter on PATCH of
// the kind; when it does, kubectl leaves validation to the server and needs no schemas. Patch
// computation then falls back to kubectl's compiled-in types.
import {RESOURCE_INFO, apiVersionOf, type ResourceInfo} from './resources.js';

const groupVersions = () => [...new Set(Object.values(RESOURCE_INFO).map(apiVersionOf))];

const documentPath = (groupVersion: string) =>
	groupVersion.includes('/') ? `apis/${groupVersion}` : `api/${groupVersion}`;

/** Changes whenever the documents change, so kubectl's immutable cache stays right. */
const HASH = 'rolloutdashsim1';

export function openApiV3Root() {
	const paths: Record<string, {serverRelativeURL: string}> = {};
	for (const groupVersion of groupVersions()) {
		const path = documentPath(groupVersion);
		paths[path] = {serverRelativeURL: `/openapi/v3/${path}?hash=${HASH}`};
	}
	return {paths};
}

function objectPath(info: ResourceInfo): string {
	const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
	return info.namespaced ? `${base}/namespaces/{namespace}/${info.resource}/{name}` : `${base}/${info.resource}/{name}`;
}

const PARAMETERS = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map(name => ({
	name,
	in: 'query',
	schema: {type: name === 'force' ? 'boolean' : 'string'},
	uniqueItems: true,
}));

/** The OpenAPI v3 document of one group-version (`apis/apps/v1` or `api/v1`), or undefined. */
export function openApiV3Document(path: string) {
	const groupVersion = path.replace(/^apis?\//, '');
	const infos = Object.values(RESOURCE_INFO).filter(
		info => apiVersionOf(info) === groupVersion && documentPath(groupVersion) === path,
	);
	if (infos.length === 0) return undefined;
	const paths: Record<string, unknown> = {};
	for (const info of infos) {
		paths[objectPath(info)] = {
			patch: {
				description: `partially update the specified ${info.kind}`,
				operationId: `patch${info.kind}`,
				parameters: PARAMETERS,
				responses: {'200': {description: 'OK'}},
				'x-kubernetes-action': 'patch',
				'x-kubernetes-group-version-kind': {group: info.group, version: info.version, kind: info.kind},
			},
		};
	}
	return {openapi: '3.0.0', info: {title: 'Kubernetes', version: 'v1.32.0'}, paths, components: {schemas: {}}};
}
