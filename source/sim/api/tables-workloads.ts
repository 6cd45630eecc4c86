// Server-side Table columns and cells (pkg/printers/internalversion/printers.go) of Nodes, StatefulSets,
// DaemonSets and ControllerRevisions.
import type {StoredObject} from '../store.js';
import type {ColumnDefinition} from './tables.js';
import {formatLabelSelector} from './selectors.js';

type WorkloadResource = 'nodes' | 'statefulsets' | 'daemonsets' | 'controllerrevisions' | 'leases';

const column = (name: string, description: string, priority = 0, type = 'string'): ColumnDefinition => ({
	name,
	type,
	format: '',
	description,
	priority,
});

export function workloadColumns(
	name: ColumnDefinition,
	age: ColumnDefinition,
): Record<WorkloadResource, ColumnDefinition[]> {
	const containers = column('Containers', 'Names of each container in the template.', 1);
	const images = column('Images', 'Images referenced by each container in the template.', 1);
	return {
		nodes: [
			name,
			column('Status', 'The status of the node'),
			column('Roles', 'The roles of the node'),
			age,
			column('Version', 'Kubelet Version reported by the node.'),
			column('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
			column('External-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
			column('OS-Image', 'OS image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
			column('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
			column(
				'Container-Runtime',
				'Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
				1,
			),
		],
		statefulsets: [name, column('Ready', 'Number of the pod with ready state'), age, containers, images],
		daemonsets: [
			name,
			column('Desired', 'The desired number of nodes that should be running the daemon pod.', 0, 'integer'),
			column(
				'Current',
				'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
				0,
				'integer',
			),
			column(
				'Ready',
				'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
				0,
				'integer',
			),
			column('Up-to-date', 'The total number of nodes that are running updated daemon pod', 0, 'integer'),
			column(
				'Available',
				'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
				0,
				'integer',
			),
			column(
				'Node Selector',
				"NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
			),
			age,
			containers,
			images,
			column('Selector', 'A label query over pods that are managed by the daemon set.', 1),
		],
		controllerrevisions: [
			name,
			column('Controller', 'Controller of the object'),
			column('Revision', 'Revision of the ControllerRevision', 0, 'integer'),
			age,
		],
		leases: [name, column('Holder', 'Holder of the lease'), age],
	};
}

const sortedEntries = (map: Record<string, string> | undefined) =>
	Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** findNodeRoles: node-role.kubernetes.io/<role> labels and the legacy kubernetes.io/role label. */
export function nodeRoles(node: StoredObject): string[] {
	const roles = new Set<string>();
	for (const [key, value] of sortedEntries(node.metadata.labels)) {
		if (key.startsWith('node-role.kubernetes.io/')) roles.add(key.slice('node-role.kubernetes.io/'.length));
		else if (key === 'kubernetes.io/role' && value) roles.add(value);
	}
	return [...roles].sort();
}

/** The Node STATUS column: Ready, NotReady or Unknown, then SchedulingDisabled when cordoned. */
export function nodeStatus(node: StoredObject): string {
	const ready = ((node.status?.conditions ?? []) as {type: string; status: string}[]).find(c => c.type === 'Ready');
	const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
	if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
	return parts.join(',');
}

function address(node: StoredObject, type: string): string {
	const found = ((node.status?.addresses ?? []) as {type: string; address: string}[]).find(a => a.type === type);
	return found?.address || '<none>';
}

/** printers.FormatResourceName of the controller: `statefulset.apps/web`. */
function controllerName(object: StoredObject): string {
	const owner = object.metadata.ownerReferences?.find(ref => ref.controller);
	if (!owner) return '<none>';
	const group = owner.apiVersion.includes('/') ? owner.apiVersion.slice(0, owner.apiVersion.indexOf('/')) : '';
	return `${(group ? `${owner.kind}.${group}` : owner.kind).toLowerCase()}/${owner.name}`;
}

export function workloadCells(
	resource: WorkloadResource,
	object: StoredObject,
	age: string,
	templateColumns: (object: StoredObject) => string[],
): unknown[] {
	const {metadata, spec, status} = object;
	switch (resource) {
		case 'nodes': {
			const info = status?.nodeInfo ?? {};
			const roles = nodeRoles(object).join(',');
			return [
				metadata.name,
				nodeStatus(object),
				roles || '<none>',
				age,
				info.kubeletVersion ?? '',
				address(object, 'InternalIP'),
				address(object, 'ExternalIP'),
				info.osImage || '<unknown>',
				info.kernelVersion || '<unknown>',
				info.containerRuntimeVersion || '<unknown>',
			];
		}
		case 'statefulsets':
			return [
				metadata.name,
				`${status?.readyReplicas ?? 0}/${spec?.replicas ?? 0}`,
				age,
				...templateColumns(object).slice(0, 2),
			];
		case 'daemonsets': {
			const nodeSelector = sortedEntries(spec?.template?.spec?.nodeSelector)
				.map(([key, value]) => `${key}=${value}`)
				.join(',');
			return [
				metadata.name,
				status?.desiredNumberScheduled ?? 0,
				status?.currentNumberScheduled ?? 0,
				status?.numberReady ?? 0,
				status?.updatedNumberScheduled ?? 0,
				status?.numberAvailable ?? 0,
				nodeSelector || '<none>',
				age,
				...templateColumns(object).slice(0, 2),
				formatLabelSelector(spec?.selector) || '<none>',
			];
		}
		case 'controllerrevisions':
			return [metadata.name, controllerName(object), (object as {revision?: number}).revision ?? 0, age];
		case 'leases':
			return [metadata.name, spec?.holderIdentity || '<unknown>', age];
	}
}
