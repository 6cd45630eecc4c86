// The simulated cluster's Nodes: Ready workers with the labels, capacity, conditions, addresses and nodeInfo a
// kubelet reports (shaped after a kind cluster's worker nodes).
import {randomUUID} from 'node:crypto';
import {formatTime, type NewObject, type Store, type StoredObject} from '../store.js';
import {UNSCHEDULABLE_TAINT} from './node-fit.js';
import {copyJson} from '../json.js';

export const DEFAULT_NODES = 3;
export const KUBELET_VERSION = 'v1.32.0';
const ZONES = ['sim-zone-a', 'sim-zone-b', 'sim-zone-c'];

export const nodeName = (index: number) => `sim-node-${index}`;

/** The InternalIP of the node `sim-node-<n>` (10.0.0.<10+n>), or of the first node for other names. */
export function nodeInternalIP(name: string): string {
	const match = /-(\d+)$/.exec(name);
	return `10.0.0.${10 + (match ? Number(match[1]) : 1)}`;
}

const heartbeatConditions = (now: string) =>
	[
		['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
		['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
		['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
		['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
	].map(([type, status, reason, message]) => ({
		type,
		status,
		lastHeartbeatTime: now,
		lastTransitionTime: now,
		reason,
		message,
	}));

export function newNode(index: number, now: Date): NewObject {
	const name = nodeName(index);
	const resources = {
		cpu: '4',
		'ephemeral-storage': '102626232Ki',
		'hugepages-1Gi': '0',
		'hugepages-2Mi': '0',
		memory: '16331120Ki',
		pods: '110',
	};
	const time = formatTime(now);
	return {
		apiVersion: 'v1',
		kind: 'Node',
		metadata: {
			name,
			labels: {
				'beta.kubernetes.io/arch': 'amd64',
				'beta.kubernetes.io/os': 'linux',
				'kubernetes.io/arch': 'amd64',
				'kubernetes.io/hostname': name,
				'kubernetes.io/os': 'linux',
				'node.kubernetes.io/instance-type': 'sim.standard-4',
				'topology.kubernetes.io/region': 'sim-region',
				'topology.kubernetes.io/zone': ZONES[(index - 1) % ZONES.length]!,
			},
			annotations: {
				'node.alpha.kubernetes.io/ttl': '0',
				'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
			},
		},
		spec: {
			podCIDR: `10.244.${index}.0/24`,
			podCIDRs: [`10.244.${index}.0/24`],
			providerID: `kind://docker/sim/${name}`,
		},
		status: {
			capacity: resources,
			allocatable: resources,
			conditions: heartbeatConditions(time),
			addresses: [
				{type: 'InternalIP', address: nodeInternalIP(name)},
				{type: 'Hostname', address: name},
			],
			daemonEndpoints: {kubeletEndpoint: {Port: 10250}},
			nodeInfo: {
				machineID: randomUUID().replaceAll('-', ''),
				systemUUID: randomUUID(),
				bootID: randomUUID(),
				kernelVersion: '6.8.0-49-generic',
				osImage: 'Debian GNU/Linux 12 (bookworm)',
				containerRuntimeVersion: 'containerd://1.7.24',
				kubeletVersion: KUBELET_VERSION,
				kubeProxyVersion: KUBELET_VERSION,
				operatingSystem: 'linux',
				architecture: 'amd64',
			},
			images: [],
		},
	};
}

/** The node's heartbeat Lease in kube-node-lease, owned by the node (renewed once, at registration). */
function nodeLease(node: StoredObject, now: Date): NewObject {
	return {
		apiVersion: 'coordination.k8s.io/v1',
		kind: 'Lease',
		metadata: {
			name: node.metadata.name,
			namespace: 'kube-node-lease',
			ownerReferences: [{apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid}],
		},
		// MicroTime: RFC 3339 with microseconds.
		spec: {
			holderIdentity: node.metadata.name,
			leaseDurationSeconds: 40,
			renewTime: now.toISOString().replace('Z', '000Z'),
		},
	};
}

/** Makes sure nodes sim-node-1 … sim-node-<count> and their Leases exist (idempotent; never removes nodes). */
export function ensureNodes(store: Store, count: number): void {
	for (let index = 1; index <= count; index++) {
		if (store.get('nodes', undefined, nodeName(index))) continue;
		const node = store.create('nodes', newNode(index, store.now()));
		if (!store.get('leases', 'kube-node-lease', node.metadata.name))
			store.create('leases', nodeLease(node, store.now()));
	}
}

/**
 * The node lifecycle controller's taint for a cordoned node: node.kubernetes.io/unschedulable:NoSchedule while
 * spec.unschedulable is set, removed when it is cleared.
 */
export function syncUnschedulableTaint(store: Store, name: string): void {
	const node = store.get('nodes', undefined, name);
	if (!node) return;
	const taints: {key: string; effect: string}[] = node.spec?.taints ?? [];
	const has = taints.some(taint => taint.key === UNSCHEDULABLE_TAINT && taint.effect === 'NoSchedule');
	const want = Boolean(node.spec?.unschedulable);
	if (has === want) return;
	const next = copyJson(node);
	const kept = taints.filter(taint => !(taint.key === UNSCHEDULABLE_TAINT && taint.effect === 'NoSchedule'));
	next.spec = {
		...next.spec,
		taints: want
			? [...kept, {key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule', timeAdded: formatTime(store.now())}]
			: kept,
	};
	if (next.spec.taints.length === 0) delete next.spec.taints;
	store.update('nodes', next);
}
