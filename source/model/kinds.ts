// The workload kinds the dashboard knows, as data: one entry per kind with kubectl's names for it and where the API
// serves it. Everything that differs by kind (paths, messages, which verbs apply) reads this table.

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

export interface KindInfo {
	kind: WorkloadKind;
	/** The API group and version (apps/v1 for the three). */
	group: string;
	version: string;
	/** The plural resource: the path segment and the first half of kubectl's qualified name (deployments.apps). */
	resource: string;
	/** The lower-case singular: kubectl's `deployment.apps/web` and `deployment/web`. */
	singular: string;
	/** kubectl's short name (`kubectl get deploy`). */
	shortName: string;
}

export const KINDS: Readonly<Record<WorkloadKind, KindInfo>> = {
	Deployment: {
		kind: 'Deployment',
		group: 'apps',
		version: 'v1',
		resource: 'deployments',
		singular: 'deployment',
		shortName: 'deploy',
	},
	StatefulSet: {
		kind: 'StatefulSet',
		group: 'apps',
		version: 'v1',
		resource: 'statefulsets',
		singular: 'statefulset',
		shortName: 'sts',
	},
	DaemonSet: {
		kind: 'DaemonSet',
		group: 'apps',
		version: 'v1',
		resource: 'daemonsets',
		singular: 'daemonset',
		shortName: 'ds',
	},
};

export const WORKLOAD_KINDS = Object.keys(KINDS) as WorkloadKind[];

/** The collection path of a kind, in one namespace or (undefined) in all. */
export function kindPath(kind: WorkloadKind, namespace?: string): string {
	const info = KINDS[kind];
	const scope = namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
	return `/apis/${info.group}/${info.version}${scope}/${info.resource}`;
}

/** The path of one object. */
export const objectPath = (kind: WorkloadKind, namespace: string, name: string) =>
	`${kindPath(kind, namespace)}/${encodeURIComponent(name)}`;

/** kubectl's name of an object in errors: `deployments.apps "web"`. */
export function qualifiedName(kind: WorkloadKind, name: string): string {
	const info = KINDS[kind];
	return `${info.resource}.${info.group} "${name}"`;
}

/** kubectl's name of an object in success lines: `deployment.apps/web`. */
export function resourceName(kind: WorkloadKind, name: string): string {
	const info = KINDS[kind];
	return `${info.singular}.${info.group}/${name}`;
}

/** kubectl's short form on a command line: `deployment/web`. */
export const kindSlashName = (kind: WorkloadKind, name: string) => `${KINDS[kind].singular}/${name}`;

/** The kind a person typed (deploy, deployment, deployments, Deployment, sts, ds, ...), as kubectl resolves it. */
export function kindByName(text: string): WorkloadKind | undefined {
	const wanted = text.toLowerCase();
	for (const info of Object.values(KINDS)) {
		const names = [info.kind.toLowerCase(), info.singular, info.resource, info.shortName];
		if (names.includes(wanted)) return info.kind;
	}
	return undefined;
}
