// The bootstrap RBAC policy an API server reconciles at start-up (bootstrappolicy): the user-facing
// ClusterRoles with their aggregated rules already resolved, the system roles every authenticated
// user is bound to, and the bindings that grant them.
import type {Json} from '../request.js';

export interface PolicyRule {
	verbs: string[];
	apiGroups?: string[];
	resources?: string[];
	resourceNames?: string[];
	nonResourceURLs?: string[];
}

export interface Subject {
	kind: 'User' | 'Group' | 'ServiceAccount';
	name: string;
	namespace?: string;
	apiGroup?: string;
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ_WRITE = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const rule = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({apiGroups, resources, verbs});
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({nonResourceURLs, verbs});

// system:aggregate-to-view
const VIEW_RULES: PolicyRule[] = [
	rule(
		READ,
		[''],
		[
			'configmaps',
			'endpoints',
			'persistentvolumeclaims',
			'persistentvolumeclaims/status',
			'pods',
			'replicationcontrollers',
			'replicationcontrollers/scale',
			'serviceaccounts',
			'services',
			'services/status',
		],
	),
	rule(
		READ,
		[''],
		[
			'bindings',
			'events',
			'limitranges',
			'namespaces/status',
			'pods/log',
			'pods/status',
			'replicationcontrollers/status',
			'resourcequotas',
			'resourcequotas/status',
		],
	),
	rule(READ, [''], ['namespaces']),
	rule(READ, ['discovery.k8s.io'], ['endpointslices']),
	rule(
		READ,
		['apps'],
		[
			'controllerrevisions',
			'daemonsets',
			'daemonsets/status',
			'deployments',
			'deployments/scale',
			'deployments/status',
			'replicasets',
			'replicasets/scale',
			'replicasets/status',
			'statefulsets',
			'statefulsets/scale',
			'statefulsets/status',
		],
	),
	rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
	rule(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
	rule(
		READ,
		['extensions'],
		[
			'daemonsets',
			'daemonsets/status',
			'deployments',
			'deployments/scale',
			'deployments/status',
			'ingresses',
			'ingresses/status',
			'networkpolicies',
			'replicasets',
			'replicasets/scale',
			'replicasets/status',
			'replicationcontrollers/scale',
		],
	),
	rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
	rule(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
];

// system:aggregate-to-edit
const EDIT_RULES: PolicyRule[] = [
	rule(READ, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
	rule(['impersonate'], [''], ['serviceaccounts']),
	rule(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
	rule(['create'], [''], ['pods/eviction']),
	rule(
		WRITE,
		[''],
		[
			'configmaps',
			'persistentvolumeclaims',
			'replicationcontrollers',
			'replicationcontrollers/scale',
			'secrets',
			'serviceaccounts',
			'services',
			'services/proxy',
		],
	),
	rule(['create'], [''], ['serviceaccounts/token']),
	rule(
		WRITE,
		['apps'],
		[
			'daemonsets',
			'deployments',
			'deployments/rollback',
			'deployments/scale',
			'replicasets',
			'replicasets/scale',
			'statefulsets',
			'statefulsets/scale',
		],
	),
	rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
	rule(WRITE, ['batch'], ['cronjobs', 'jobs']),
	rule(
		WRITE,
		['extensions'],
		[
			'daemonsets',
			'deployments',
			'deployments/rollback',
			'deployments/scale',
			'ingresses',
			'networkpolicies',
			'replicasets',
			'replicasets/scale',
			'replicationcontrollers/scale',
		],
	),
	rule(WRITE, ['policy'], ['poddisruptionbudgets']),
	rule(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
	rule(READ_WRITE, ['coordination.k8s.io'], ['leases']),
];

// system:aggregate-to-admin
const ADMIN_RULES: PolicyRule[] = [
	rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
	rule(READ_WRITE, ['rbac.authorization.k8s.io'], ['rolebindings', 'roles']),
];

const BOOTSTRAP_LABELS = {'kubernetes.io/bootstrapping': 'rbac-defaults'};
const AUTOUPDATE = {'rbac.authorization.kubernetes.io/autoupdate': 'true'};

function clusterRole(name: string, rules: PolicyRule[], extra: Json = {}): Json {
	return {
		apiVersion: 'rbac.authorization.k8s.io/v1',
		kind: 'ClusterRole',
		metadata: {name, labels: {...BOOTSTRAP_LABELS, ...(extra.labels ?? {})}, annotations: AUTOUPDATE},
		...(extra.aggregationRule ? {aggregationRule: extra.aggregationRule} : {}),
		rules,
	};
}

const aggregatedFrom = (...roles: string[]) => ({
	clusterRoleSelectors: roles.map(role => ({
		matchLabels: {[`rbac.authorization.k8s.io/aggregate-to-${role}`]: 'true'},
	})),
});

const aggregateTo = (role: string) => ({[`rbac.authorization.k8s.io/aggregate-to-${role}`]: 'true'});

/** The bootstrap ClusterRoles; admin, edit and view carry their aggregated rules (sorted by source role name, as the aggregation controller appends them). */
export function bootstrapClusterRoles(): Json[] {
	return [
		clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
		clusterRole('admin', [...ADMIN_RULES, ...EDIT_RULES, ...VIEW_RULES], {
			aggregationRule: aggregatedFrom('admin'),
		}),
		clusterRole('edit', [...EDIT_RULES, ...VIEW_RULES], {
			aggregationRule: aggregatedFrom('edit'),
			labels: aggregateTo('admin'),
		}),
		clusterRole('view', VIEW_RULES, {
			aggregationRule: aggregatedFrom('view'),
			labels: {...aggregateTo('edit')},
		}),
		clusterRole('system:aggregate-to-admin', ADMIN_RULES, {labels: aggregateTo('admin')}),
		clusterRole('system:aggregate-to-edit', EDIT_RULES, {labels: aggregateTo('edit')}),
		clusterRole('system:aggregate-to-view', VIEW_RULES, {labels: aggregateTo('view')}),
		clusterRole('system:basic-user', [
			rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
			rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
		]),
		clusterRole('system:discovery', [
			urls(
				['get'],
				[
					'/api',
					'/api/*',
					'/apis',
					'/apis/*',
					'/healthz',
					'/livez',
					'/openapi',
					'/openapi/*',
					'/readyz',
					'/version',
					'/version/',
				],
			),
		]),
		clusterRole('system:public-info-viewer', [
			urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/']),
		]),
	];
}

export const group = (name: string): Subject => ({kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name});
export const user = (name: string): Subject => ({kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name});

export function clusterRoleBinding(name: string, role: string, subjects: Subject[], bootstrap = false): Json {
	return {
		apiVersion: 'rbac.authorization.k8s.io/v1',
		kind: 'ClusterRoleBinding',
		metadata: {name, ...(bootstrap ? {labels: BOOTSTRAP_LABELS, annotations: AUTOUPDATE} : {})},
		roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role},
		subjects,
	};
}

export function roleBinding(
	namespace: string,
	name: string,
	roleKind: 'Role' | 'ClusterRole',
	role: string,
	subjects: Subject[],
): Json {
	return {
		apiVersion: 'rbac.authorization.k8s.io/v1',
		kind: 'RoleBinding',
		metadata: {name, namespace},
		roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role},
		subjects,
	};
}

export function bootstrapClusterRoleBindings(): Json[] {
	return [
		clusterRoleBinding('cluster-admin', 'cluster-admin', [group('system:masters')], true),
		clusterRoleBinding('system:basic-user', 'system:basic-user', [group('system:authenticated')], true),
		clusterRoleBinding('system:discovery', 'system:discovery', [group('system:authenticated')], true),
		clusterRoleBinding(
			'system:public-info-viewer',
			'system:public-info-viewer',
			[group('system:authenticated'), group('system:unauthenticated')],
			true,
		),
	];
}
