// The ReplicaSet controller (replica_set.go): keeps spec.replicas active pods, deletes in ActivePodsWithRanks order,
// and reports replicas / fullyLabeled / ready / available (minReadySeconds) / observedGeneration.
import {defaultPod} from '../api/defaults.js';
import {controllerOf, type Store, type StoredObject} from '../store.js';
import {deleteObject} from '../deletion.js';
import {claimPods} from './claim.js';
import type {EventRecorder} from './events.js';
import {availableAt, compareForDeletion, isPodActive, isPodAvailable, isPodReady} from './pod-util.js';
import {copyJson} from '../json.js';

const COMPONENT = 'replicaset-controller';
/** burstReplicas: at most this many creations or deletions per sync. */
const BURST_REPLICAS = 500;

export function replicaSetKey(namespace: string | undefined, name: string): string {
	return `replicaset:${namespace ?? ''}/${name}`;
}

export interface ReplicaSetControllerDeps {
	store: Store;
	events: EventRecorder;
	requeueAfter(key: string, delayMs: number): void;
	/** Pods without a controller in a namespace (adoption candidates). */
	orphanPods(namespace: string): StoredObject[];
}

export class ReplicaSetController {
	constructor(private readonly deps: ReplicaSetControllerDeps) {}

	sync(namespace: string, name: string): void {
		const {store} = this.deps;
		const rs = store.get('replicasets', namespace, name);
		if (!rs) return;
		let active = this.claimPods(rs).filter(isPodActive);
		if (!rs.metadata.deletionTimestamp) active = this.manageReplicas(rs, active);
		this.updateStatus(rs, active);
	}

	/** ClaimPods: adopt active orphans matching the selector, release owned pods that no longer match it. */
	private claimPods(rs: StoredObject): StoredObject[] {
		return claimPods(this.deps.store, rs, this.deps.orphanPods(rs.metadata.namespace ?? ''), isPodActive);
	}

	private manageReplicas(rs: StoredObject, active: StoredObject[]): StoredObject[] {
		const {store} = this.deps;
		const diff = active.length - (rs.spec?.replicas ?? 0);
		if (diff < 0) {
			const created: StoredObject[] = [];
			for (let i = 0; i < Math.min(-diff, BURST_REPLICAS); i++) {
				const pod = store.create('pods', podFromTemplate(rs) as never);
				created.push(pod);
				this.deps.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, COMPONENT);
			}
			return [...active, ...created];
		}
		if (diff > 0) {
			const victims = this.podsToDelete(rs, active, Math.min(diff, BURST_REPLICAS));
			for (const pod of victims) {
				deleteObject(store, 'pods', pod.metadata.namespace, pod.metadata.name, {uid: pod.metadata.uid});
				this.deps.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
			}
			const gone = new Set(victims.map(pod => pod.metadata.uid));
			return active.filter(pod => !gone.has(pod.metadata.uid));
		}
		return active;
	}

	/** getPodsToDelete: sorted only when deleting fewer than all. */
	private podsToDelete(rs: StoredObject, active: StoredObject[], count: number): StoredObject[] {
		if (count >= active.length) return active;
		const rank = this.ranker(rs);
		const now = Date.now();
		return [...active].sort((a, b) => compareForDeletion(a, b, rank, now)).slice(0, count);
	}

	/** Rank = active pods of sibling ReplicaSets (same Deployment) on the pod's node. */
	private ranker(rs: StoredObject): (pod: StoredObject) => number {
		const owner = controllerOf(rs);
		const perNode = new Map<string, number>();
		if (owner) {
			for (const sibling of this.deps.store.listByOwner('replicasets', owner.uid)) {
				for (const pod of this.deps.store.listByOwner('pods', sibling.metadata.uid)) {
					if (!isPodActive(pod) || !pod.spec?.nodeName) continue;
					perNode.set(pod.spec.nodeName, (perNode.get(pod.spec.nodeName) ?? 0) + 1);
				}
			}
		}
		return pod => (pod.spec?.nodeName ? (perNode.get(pod.spec.nodeName) ?? 0) : 0);
	}

	private updateStatus(rs: StoredObject, active: StoredObject[]): void {
		const {store} = this.deps;
		const now = store.now();
		const minReadySeconds = (rs.spec?.minReadySeconds as number | undefined) ?? 0;
		const templateLabels: Record<string, string> = rs.spec?.template?.metadata?.labels ?? {};
		let fullyLabeled = 0;
		let ready = 0;
		let available = 0;
		let nextAvailable: number | undefined;
		for (const pod of active) {
			const labels = pod.metadata.labels ?? {};
			if (Object.entries(templateLabels).every(([key, value]) => labels[key] === value)) fullyLabeled++;
			if (isPodReady(pod)) ready++;
			if (isPodAvailable(pod, minReadySeconds, now)) available++;
			else {
				const at = availableAt(pod, minReadySeconds);
				if (at !== undefined) nextAvailable = Math.min(nextAvailable ?? at, at);
			}
		}
		const status: Record<string, unknown> = {replicas: active.length};
		if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
		if (ready) status.readyReplicas = ready;
		if (available) status.availableReplicas = available;
		if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation;
		if (rs.status?.conditions?.length) status.conditions = rs.status.conditions;
		if (JSON.stringify(status) !== JSON.stringify(rs.status ?? {})) {
			const next = copyJson(rs);
			next.status = status;
			store.update('replicasets', next);
		}
		// Ready pods become available minReadySeconds after turning ready: look again then.
		if (nextAvailable !== undefined) {
			this.deps.requeueAfter(
				replicaSetKey(rs.metadata.namespace, rs.metadata.name),
				nextAvailable - now.getTime() + 50,
			);
		}
	}
}

/** GetPodFromTemplate: labels, annotations and finalizers from the template, owned by the ReplicaSet. */
export function podFromTemplate(rs: StoredObject): StoredObject {
	const template = rs.spec?.template ?? {};
	const metadata: Record<string, unknown> = {
		generateName: `${rs.metadata.name}-`,
		namespace: rs.metadata.namespace,
		labels: {...template.metadata?.labels},
		ownerReferences: [
			{
				apiVersion: 'apps/v1',
				kind: 'ReplicaSet',
				name: rs.metadata.name,
				uid: rs.metadata.uid,
				controller: true,
				blockOwnerDeletion: true,
			},
		],
	};
	if (template.metadata?.annotations && Object.keys(template.metadata.annotations).length > 0)
		metadata.annotations = {...template.metadata.annotations};
	if (template.metadata?.finalizers?.length) metadata.finalizers = [...template.metadata.finalizers];
	const pod = {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata,
		spec: copyJson(template.spec ?? {}),
		status: {phase: 'Pending', qosClass: qosClass(template.spec)},
	} as unknown as StoredObject;
	defaultPod(pod);
	return pod;
}

/** BestEffort without any requests or limits; Guaranteed when every container's requests equal its limits. */
function qosClass(spec: any): string {
	const containers: any[] = spec?.containers ?? [];
	const resources = containers.map(container => container.resources ?? {});
	if (resources.every(r => Object.keys(r.requests ?? {}).length === 0 && Object.keys(r.limits ?? {}).length === 0))
		return 'BestEffort';
	const guaranteed = resources.every(
		r =>
			r.limits?.cpu &&
			r.limits?.memory &&
			(!r.requests ||
				((r.requests.cpu ?? r.limits.cpu) === r.limits.cpu &&
					(r.requests.memory ?? r.limits.memory) === r.limits.memory)),
	);
	return guaranteed ? 'Guaranteed' : 'Burstable';
}
