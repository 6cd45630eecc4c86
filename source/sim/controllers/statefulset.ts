// The StatefulSet controller (pkg/controller/statefulset): pods named <set>-<ordinal> with stable identities,
// created in order and each only after its predecessors are Running and Ready (OrderedReady) or all at once
// (Parallel), removed from the highest ordinal down, and updated from the highest ordinal down to the partition one
// pod at a time (RollingUpdate) or only when deleted (OnDelete). Revisions are ControllerRevisions (history.ts).
import type {Store, StoredObject} from '../store.js';
import type {EventRecorder} from './events.js';
import {
	REVISION_HASH_LABEL,
	adoptOrphanRevisions,
	controlledRevisions,
	createControllerRevision,
	equalRevision,
	hashControllerRevision,
	newControllerRevision,
	nextRevision,
	renumberRevision,
	templatePatch,
} from './history.js';
import {availableAt} from './pod-util.js';
import {
	deletePod,
	isFailed,
	isRunningAndAvailable,
	isRunningAndReady,
	isSucceeded,
	isTerminating,
	podFromOwnerTemplate,
} from './workload-pods.js';
import {claimPods} from './claim.js';
import {copyJson} from '../json.js';

const COMPONENT = 'statefulset-controller';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export const statefulSetKey = (namespace: string | undefined, name: string) => `statefulset:${namespace ?? ''}/${name}`;

export interface StatefulSetDeps {
	store: Store;
	events: EventRecorder;
	requeueAfter: (key: string, delayMs: number) => void;
	/** Pods of a namespace without a controller, for adoption. */
	orphanPods: (namespace: string) => StoredObject[];
}

/** A pod slot: a pod in the store, or one built to be created (in `unsaved`, so not "created" yet). */
type Slot = StoredObject;
const unsaved = new WeakSet<StoredObject>();

const startOrdinal = (set: StoredObject): number => Number(set.spec?.ordinals?.start ?? 0);
const endOrdinal = (set: StoredObject): number => startOrdinal(set) + Number(set.spec?.replicas ?? 1) - 1;
const podRevision = (pod: StoredObject) => pod.metadata.labels?.[REVISION_HASH_LABEL] ?? '';
const isCreated = (pod: StoredObject) => !unsaved.has(pod) && Boolean(pod.status?.phase);
const isHealthy = (pod: StoredObject) => isRunningAndReady(pod) && !isTerminating(pod);

/** getParentNameAndOrdinal: `<parent>-<ordinal>`, or -1 when the name is not one of the set's. */
export function ordinalOf(set: StoredObject, pod: StoredObject): number {
	const prefix = `${set.metadata.name}-`;
	const name = pod.metadata.name;
	if (!name.startsWith(prefix)) return -1;
	const rest = name.slice(prefix.length);
	return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : -1;
}

/** ApplyRevision: the set with the pod template the revision recorded. */
function applyRevision(set: StoredObject, revision: StoredObject): StoredObject {
	const template = copyJson((revision.data as any)?.spec?.template ?? set.spec?.template ?? {});
	delete template.$patch;
	return {...set, spec: {...set.spec, template}};
}

/** newStatefulSetPod: the template's pod with the set's identity (name, hostname, subdomain, labels) and claims. */
function newStatefulSetPod(set: StoredObject, ordinal: number, revisionName: string): StoredObject {
	const pod = podFromOwnerTemplate(set, set.spec?.template);
	const name = `${set.metadata.name}-${ordinal}`;
	delete pod.metadata.generateName;
	pod.metadata.name = name;
	pod.metadata.labels = {
		...(pod.metadata.labels ?? {}),
		[POD_NAME_LABEL]: name,
		[POD_INDEX_LABEL]: String(ordinal),
		[REVISION_HASH_LABEL]: revisionName,
	};
	pod.spec.hostname = name;
	if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
	const claims: any[] = set.spec?.volumeClaimTemplates ?? [];
	if (claims.length) {
		const volumes: any[] = (pod.spec.volumes ?? []).filter(
			(volume: any) => !claims.some(claim => claim?.metadata?.name === volume?.name),
		);
		for (const claim of claims) {
			const claimName = claim?.metadata?.name;
			if (!claimName) continue;
			volumes.push({
				name: claimName,
				persistentVolumeClaim: {claimName: `${claimName}-${set.metadata.name}-${ordinal}`},
			});
		}
		pod.spec.volumes = volumes;
	}
	unsaved.add(pod);
	return pod;
}

interface Revisions {
	current: StoredObject;
	update: StoredObject;
	collisionCount: number;
	all: StoredObject[];
}

interface SetStatus {
	observedGeneration: number;
	replicas: number;
	readyReplicas: number;
	currentReplicas: number;
	updatedReplicas: number;
	availableReplicas: number;
	currentRevision: string;
	updateRevision: string;
	collisionCount: number;
}

export class StatefulSetController {
	constructor(private readonly deps: StatefulSetDeps) {}

	sync(namespace: string, name: string): void {
		const {store} = this.deps;
		const set = store.get('statefulsets', namespace, name);
		if (!set) return;
		const isMember = (pod: StoredObject) => ordinalOf(set, pod) >= 0;
		const pods = claimPods(store, set, this.deps.orphanPods(namespace), isMember).filter(isMember);
		adoptOrphanRevisions(store, set);
		const revisions = this.revisions(set);
		const status = this.update(set, revisions, pods);
		this.writeStatus(set, status);
		this.truncateHistory(set, revisions);
	}

	/** getStatefulSetRevisions: the current and update revisions, creating or renumbering the update revision. */
	private revisions(set: StoredObject): Revisions {
		const {store} = this.deps;
		const all = controlledRevisions(store, set);
		let collisionCount = Number(set.status?.collisionCount ?? 0);
		const data = templatePatch(set);
		const number = nextRevision(all);
		const candidate = newControllerRevision(
			set,
			data,
			number,
			hashControllerRevision(data, collisionCount),
			set.metadata.annotations,
		);
		const equal = all.filter(revision => equalRevision(revision, candidate));
		const latest = all[all.length - 1];
		let update: StoredObject;
		if (equal.length > 0 && equalRevision(latest, equal[equal.length - 1])) update = latest!;
		else if (equal.length > 0) update = renumberRevision(store, equal[equal.length - 1]!, number);
		else {
			const created = createControllerRevision(store, set, candidate, collisionCount);
			update = created.revision;
			collisionCount = created.collisionCount;
		}
		const current = all.find(revision => revision.metadata.name === set.status?.currentRevision) ?? update;
		return {current, update, collisionCount, all: controlledRevisions(store, set)};
	}

	/** updateStatefulSet: one round of creating, deleting and replacing pods; returns the new status. */
	private update(set: StoredObject, revisions: Revisions, pods: StoredObject[]): SetStatus {
		const {store} = this.deps;
		const now = store.now();
		const minReadySeconds = Number(set.spec?.minReadySeconds ?? 0);
		const currentSet = applyRevision(set, revisions.current);
		const updateSet = applyRevision(set, revisions.update);
		const start = startOrdinal(set);
		const count = Number(set.spec?.replicas ?? 1);
		const replicas: (Slot | undefined)[] = new Array(count).fill(undefined);
		const condemned: Slot[] = [];
		for (const pod of pods) {
			const ordinal = ordinalOf(set, pod);
			if (ordinal >= start && ordinal <= endOrdinal(set)) replicas[ordinal - start] = pod;
			else if (ordinal >= 0) condemned.push(pod);
		}
		for (let index = 0; index < count; index++)
			replicas[index] ??= this.versionedPod(currentSet, updateSet, revisions, index + start);
		condemned.sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
		const slots = replicas as Slot[];
		let firstUnhealthy: Slot | undefined = slots.find(pod => !isHealthy(pod));
		for (let i = condemned.length - 1; i >= 0 && !firstUnhealthy; i--)
			if (!isHealthy(condemned[i]!)) firstUnhealthy = condemned[i];
		const status = (): SetStatus => this.status(set, revisions, minReadySeconds, now, slots, condemned);
		if (set.metadata.deletionTimestamp) return status();
		const monotonic = set.spec?.podManagementPolicy !== 'Parallel';

		for (let index = 0; index < slots.length; index++) {
			const blocked = this.processReplica(set, currentSet, updateSet, revisions, monotonic, slots, index, now);
			if (blocked && monotonic) return status();
		}
		for (let index = 0; index < condemned.length; index++) {
			const blocked = this.processCondemned(set, firstUnhealthy, monotonic, condemned[index]!, now);
			if (blocked && monotonic) return status();
		}
		const result = status();
		if (set.spec?.updateStrategy?.type === 'OnDelete') return result;
		const partition = Number(set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0);
		// Replace the highest ordinal that is not at the update revision, one at a time, each after the last is healthy.
		for (let target = slots.length - 1; target >= partition; target--) {
			const pod = slots[target]!;
			if (podRevision(pod) !== revisions.update.metadata.name && !isTerminating(pod)) {
				this.deletePod(set, pod);
				result.currentReplicas--;
				return result;
			}
			if (!isHealthy(pod)) return result;
		}
		return result;
	}

	/** newVersionedStatefulSetPod: ordinals below the partition stay at the current revision. */
	private versionedPod(currentSet: StoredObject, updateSet: StoredObject, revisions: Revisions, ordinal: number): Slot {
		const strategy = currentSet.spec?.updateStrategy ?? {};
		const start = startOrdinal(currentSet);
		const belowPartition =
			(strategy.type === 'RollingUpdate' && !strategy.rollingUpdate && ordinal < start) ||
			(strategy.rollingUpdate && ordinal < start + Number(strategy.rollingUpdate.partition ?? 0));
		return belowPartition
			? newStatefulSetPod(currentSet, ordinal, revisions.current.metadata.name)
			: newStatefulSetPod(updateSet, ordinal, revisions.update.metadata.name);
	}

	/** processReplica: returns true when a monotonic set must stop here this round. */
	private processReplica(
		set: StoredObject,
		currentSet: StoredObject,
		updateSet: StoredObject,
		revisions: Revisions,
		monotonic: boolean,
		slots: Slot[],
		index: number,
		now: Date,
	): boolean {
		const {store, events} = this.deps;
		let pod = slots[index]!;
		if (isFailed(pod) || isSucceeded(pod)) {
			const failed = isFailed(pod);
			events.record(
				set,
				'Warning',
				failed ? 'RecreatingFailedPod' : 'RecreatingTerminatedPod',
				`StatefulSet ${set.metadata.namespace}/${set.metadata.name} is recreating ${failed ? 'failed' : 'terminated'} Pod ${pod.metadata.name}`,
				COMPONENT,
			);
			this.deletePod(set, pod);
			pod = slots[index] = this.versionedPod(currentSet, updateSet, revisions, index + startOrdinal(set));
		}
		if (!isCreated(pod)) {
			// The name may still be held by the previous pod while it terminates.
			if (store.get('pods', pod.metadata.namespace, pod.metadata.name)) return true;
			store.create('pods', pod as never);
			events.record(
				set,
				'Normal',
				'SuccessfulCreate',
				`create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
				COMPONENT,
			);
			return monotonic;
		}
		if (!monotonic) return false;
		if (isTerminating(pod)) return true;
		if (!isRunningAndReady(pod)) return true;
		const minReadySeconds = Number(set.spec?.minReadySeconds ?? 0);
		if (!isRunningAndAvailable(pod, minReadySeconds, now)) {
			this.requeueWhenAvailable(set, pod, minReadySeconds, now);
			return true;
		}
		return false;
	}

	/** processCondemned: pods above the replica count go, highest ordinal first. */
	private processCondemned(
		set: StoredObject,
		firstUnhealthy: Slot | undefined,
		monotonic: boolean,
		pod: Slot,
		now: Date,
	): boolean {
		if (isTerminating(pod)) return monotonic;
		const minReadySeconds = Number(set.spec?.minReadySeconds ?? 0);
		if (monotonic && pod !== firstUnhealthy) {
			if (!isRunningAndReady(pod)) return true;
			if (!isRunningAndAvailable(pod, minReadySeconds, now)) {
				this.requeueWhenAvailable(set, pod, minReadySeconds, now);
				return true;
			}
		}
		this.deletePod(set, pod);
		return true;
	}

	private requeueWhenAvailable(set: StoredObject, pod: StoredObject, minReadySeconds: number, now: Date): void {
		const at = availableAt(pod, minReadySeconds);
		if (at !== undefined)
			this.deps.requeueAfter(statefulSetKey(set.metadata.namespace, set.metadata.name), at - now.getTime() + 50);
	}

	private deletePod(set: StoredObject, pod: StoredObject): void {
		deletePod(this.deps.store, pod);
		this.deps.events.record(
			set,
			'Normal',
			'SuccessfulDelete',
			`delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
			COMPONENT,
		);
	}

	/** updateStatus/computeReplicaStatus over the replicas and the condemned pods. */
	private status(
		set: StoredObject,
		revisions: Revisions,
		minReadySeconds: number,
		now: Date,
		...lists: Slot[][]
	): SetStatus {
		const status: SetStatus = {
			observedGeneration: set.metadata.generation ?? 0,
			replicas: 0,
			readyReplicas: 0,
			currentReplicas: 0,
			updatedReplicas: 0,
			availableReplicas: 0,
			currentRevision: revisions.current.metadata.name,
			updateRevision: revisions.update.metadata.name,
			collisionCount: revisions.collisionCount,
		};
		for (const list of lists) {
			for (const pod of list) {
				if (isCreated(pod)) status.replicas++;
				if (isRunningAndReady(pod)) {
					status.readyReplicas++;
					if (isRunningAndAvailable(pod, minReadySeconds, now)) status.availableReplicas++;
				}
				if (isCreated(pod) && !isTerminating(pod)) {
					if (podRevision(pod) === status.currentRevision) status.currentReplicas++;
					if (podRevision(pod) === status.updateRevision) status.updatedReplicas++;
				}
			}
		}
		return status;
	}

	/** updateStatefulSetStatus: completes a finished rolling update, then writes the status if it changed. */
	private writeStatus(set: StoredObject, computed: SetStatus): void {
		const {store} = this.deps;
		const status = {...computed};
		if (
			set.spec?.updateStrategy?.type === 'RollingUpdate' &&
			status.updatedReplicas === status.replicas &&
			status.readyReplicas === status.replicas
		) {
			status.currentReplicas = status.updatedReplicas;
			status.currentRevision = status.updateRevision;
		}
		const current = store.get('statefulsets', set.metadata.namespace, set.metadata.name);
		if (!current) return;
		const written: Record<string, unknown> = {
			observedGeneration: status.observedGeneration,
			replicas: status.replicas,
			availableReplicas: status.availableReplicas,
			collisionCount: status.collisionCount,
			currentRevision: status.currentRevision,
			updateRevision: status.updateRevision,
		};
		if (status.readyReplicas) written.readyReplicas = status.readyReplicas;
		if (status.currentReplicas) written.currentReplicas = status.currentReplicas;
		if (status.updatedReplicas) written.updatedReplicas = status.updatedReplicas;
		if (current.status?.conditions?.length) written.conditions = current.status.conditions;
		if (JSON.stringify(sortKeys(written)) === JSON.stringify(sortKeys(current.status ?? {}))) return;
		const next = copyJson(current);
		next.status = written;
		store.update('statefulsets', next);
	}

	/** truncateHistory: revisions no pod, nor the current or update revision, uses, beyond revisionHistoryLimit. */
	private truncateHistory(set: StoredObject, revisions: Revisions): void {
		const {store} = this.deps;
		const current = store.get('statefulsets', set.metadata.namespace, set.metadata.name);
		if (!current) return;
		const live = new Set<string>([revisions.current.metadata.name, revisions.update.metadata.name]);
		if (current.status?.currentRevision) live.add(current.status.currentRevision);
		for (const pod of store.listByOwner('pods', set.metadata.uid)) live.add(podRevision(pod));
		const history = controlledRevisions(store, set).filter(revision => !live.has(revision.metadata.name));
		const limit = Number(set.spec?.revisionHistoryLimit ?? 10);
		for (const revision of history.slice(0, Math.max(0, history.length - limit)))
			store.delete('controllerrevisions', revision.metadata.namespace, revision.metadata.name, revision.metadata.uid);
	}
}

function sortKeys(object: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
