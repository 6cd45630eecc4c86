// The resources of the workload controllers beyond Deployments: Nodes (and their Leases), StatefulSets, DaemonSets
// and their ControllerRevisions, as a cluster's discovery documents list them.
import type {ResourceInfo, Subresource} from './resources.js';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const status = (group: string, kind: string): Subresource => ({
	name: 'status',
	group,
	version: 'v1',
	kind,
	verbs: ['get', 'patch', 'update'],
});
const scale: Subresource = {
	name: 'scale',
	group: 'autoscaling',
	version: 'v1',
	kind: 'Scale',
	verbs: ['get', 'patch', 'update'],
};

export const WORKLOAD_RESOURCE_INFO: Record<
	'nodes' | 'statefulsets' | 'daemonsets' | 'controllerrevisions' | 'leases',
	ResourceInfo
> = {
	nodes: {
		resource: 'nodes',
		group: '',
		version: 'v1',
		kind: 'Node',
		listKind: 'NodeList',
		singular: 'node',
		namespaced: false,
		shortNames: ['no'],
		categories: [],
		verbs: ALL_VERBS,
		subresources: [status('', 'Node')],
	},
	statefulsets: {
		resource: 'statefulsets',
		group: 'apps',
		version: 'v1',
		kind: 'StatefulSet',
		listKind: 'StatefulSetList',
		singular: 'statefulset',
		namespaced: true,
		shortNames: ['sts'],
		categories: ['all'],
		verbs: ALL_VERBS,
		subresources: [scale, status('apps', 'StatefulSet')],
	},
	daemonsets: {
		resource: 'daemonsets',
		group: 'apps',
		version: 'v1',
		kind: 'DaemonSet',
		listKind: 'DaemonSetList',
		singular: 'daemonset',
		namespaced: true,
		shortNames: ['ds'],
		categories: ['all'],
		verbs: ALL_VERBS,
		subresources: [status('apps', 'DaemonSet')],
	},
	controllerrevisions: {
		resource: 'controllerrevisions',
		group: 'apps',
		version: 'v1',
		kind: 'ControllerRevision',
		listKind: 'ControllerRevisionList',
		singular: 'controllerrevision',
		namespaced: true,
		shortNames: [],
		categories: [],
		verbs: ALL_VERBS,
		subresources: [],
	},
	// Each node's heartbeat lease in kube-node-lease, which `kubectl describe node` shows.
	leases: {
		resource: 'leases',
		group: 'coordination.k8s.io',
		version: 'v1',
		kind: 'Lease',
		listKind: 'LeaseList',
		singular: 'lease',
		namespaced: true,
		shortNames: [],
		categories: [],
		verbs: ALL_VERBS,
		subresources: [],
	},
};
