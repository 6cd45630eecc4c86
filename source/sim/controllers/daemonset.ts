// The DaemonSet controller (pkg/controller/daemon): one pod per node that should run it, bound to its node through
// a required node affinity on metadata.name (the default scheduler places it), the tolerations the controller adds,
// RollingUpdate within maxUnavailable or maxSurge nodes (update.go), OnDelete, history and status.
import {scaledValueFromIntOrPercent} from '../../k8s/intstr.js';
import {computeTemplateHash} from '../../k8s/template.js';
import {AlreadyExistsError, type Store, type StoredObject} from '../store.js';
import {TEMPLATE_GENERATION_ANNOTATION} from '../api/defaults-workloads.js';
import type {EventRecorder} from './events.js';
import {
	REVISION_HASH_LABEL,
	adoptOrphanRevisions,
	controlledRevisions,
	goJson,
	newControllerRevision,
	revisionNumber,
	templatePatch,
} from './history.js';
import {matchesNodeSelectorAndAffinity, nodeTaints, untoleratedTaint, type Toleration} from './node-fit.js';
import {availableAt, isPodAvailable, isPodReady} from './pod-util.js';
import {claimPods} from './claim.js';
import {deletePod, podFromOwnerTemplate} from './workload-pods.js';
import {copyJson} from '../json.js';

const COMPONENT = 'daemonset-controller';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

export const daemonSetKey = (namespace: string | undefined, name: string) => `daemonset:${namespace ?? ''}/${name}`;

export interface DaemonSetDeps {
	store: Store;
	events: EventRecorder;
	requeueAfter: (key: string, delayMs: number) => void;
	/** Pods of a namespace without a controller, for adoption. */
	orphanPods: (namespace: string) => StoredObject[];
}

/** AddOrUpdateDaemonPodTolerations: daemon pods survive node problems and run on cordoned nodes. */
export function addDaemonPodTolerations(spec: {tolerations?: Toleration[]; hostNetwork?: boolean}): void {
	const wanted: Toleration[] = [
		{key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute'},
		{key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute'},
		{key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule'},
		{key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule'},
		{key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule'},
		{key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule'},
	];
	if (spec.hostNetwork)
		wanted.push({key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule'});
	const tolerations = [...(spec.tolerations ?? [])];
	for (const toleration of wanted) {
		const index = tolerations.findIndex(t => t.key === toleration.key && t.effect === toleration.effect);
		if (index >= 0) tolerations[index] = toleration;
		else tolerations.push(toleration);
	}
	spec.tolerations = tolerations;
}

/** NodeShouldRunDaemonPod: [should run a new pod there, may keep running one]. */
export function nodeShouldRunDaemonPod(node: StoredObject, ds: StoredObject): [boolean, boolean] {
	const spec = copyJson(ds.spec?.template?.spec ?? {});
	if (spec.nodeName && spec.nodeName !== node.metadata.name) return [false, false];
	addDaemonPodTolerations(spec);
	const pod = {metadata: {name: ''}, spec} as unknown as StoredObject;
	if (!matchesNodeSelectorAndAffinity(pod, node)) return [false, false];
	if (untoleratedTaint(nodeTaints(node), spec.tolerations, ['NoSchedule', 'NoExecute'])) {
		return [false, !untoleratedTaint(nodeTaints(node), spec.tolerations, ['NoExecute'])];
	}
	return [true, true];
}

/** GetTargetNodeName: the pod's node, or the node its metadata.name affinity pins it to. */
export function targetNodeName(pod: StoredObject): string | undefined {
	if (pod.spec?.nodeName) return pod.spec.nodeName;
	const terms: any[] =
		pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
	for (const term of terms) {
		for (const field of term?.matchFields ?? []) {
			if (field.key === 'metadata.name' && field.operator === 'In' && field.values?.length === 1)
				return field.values[0];
		}
	}
	return undefined;
}

const templateGeneration = (ds: StoredObject) => ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];

/** IsPodUpdated: the pod carries the current hash, or the current template generation. */
function isPodUpdated(pod: StoredObject, hash: string, generation: string | undefined): boolean {
	const labels = pod.metadata.labels ?? {};
	return (
		(generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === generation) ||
		(hash.length > 0 && labels[REVISION_HASH_LABEL] === hash)
	);
}

/** Scheduled pods first, then oldest, then by name. */
function byCreationAndPhase(a: StoredObject, b: StoredObject): number {
	const scheduledA = Boolean(a.spec?.nodeName);
	const scheduledB = Boolean(b.spec?.nodeName);
	if (scheduledA !== scheduledB) return scheduledA ? -1 : 1;
	const timeA = Date.parse(a.metadata.creationTimestamp);
	const timeB = Date.parse(b.metadata.creationTimestamp);
	if (timeA !== timeB) return timeA - timeB;
	return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

function allowsSurge(ds: StoredObject): boolean {
	return surgeCount(ds, 1) !== 0;
}

function rollingUpdateOf(ds: StoredObject) {
	const strategy = ds.spec?.updateStrategy;
	return strategy?.type === 'RollingUpdate' ? strategy.rollingUpdate : undefined;
}

export const surgeCount = (ds: StoredObject, desired: number) =>
	scaledValueFromIntOrPercent(rollingUpdateOf(ds)?.maxSurge ?? 0, desired, true);
export const unavailableCount = (ds: StoredObject, desired: number) =>
	scaledValueFromIntOrPercent(rollingUpdateOf(ds)?.maxUnavailable ?? 0, desired, true);

export class DaemonSetController {
	constructor(private readonly deps: DaemonSetDeps) {}

	sync(namespace: string, name: string): void {
		const {store} = this.deps;
		const ds = store.get('daemonsets', namespace, name);
		if (!ds) return;
		const nodes = store.list('nodes').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
		claimPods(store, ds, this.deps.orphanPods(namespace));
		adoptOrphanRevisions(store, ds);
		const {current, old} = this.constructHistory(ds);
		const hash = current.metadata.labels?.[REVISION_HASH_LABEL] ?? '';
		if (!ds.metadata.deletionTimestamp) {
			this.manage(ds, nodes, hash);
			if (ds.spec?.updateStrategy?.type === 'RollingUpdate') this.rollingUpdate(ds, nodes, hash);
			this.cleanupHistory(ds, old);
		}
		this.updateStatus(ds, nodes, hash, !ds.metadata.deletionTimestamp);
	}

	/** Pods of the DaemonSet by the node they run on or are pinned to (finished pods being deleted left out). */
	private podsByNode(ds: StoredObject): Map<string, StoredObject[]> {
		const byNode = new Map<string, StoredObject[]>();
		for (const pod of this.deps.store.listByOwner('pods', ds.metadata.uid)) {
			const phase = pod.status?.phase;
			if ((phase === 'Succeeded' || phase === 'Failed') && pod.metadata.deletionTimestamp) continue;
			const node = targetNodeName(pod) ?? '';
			const list = byNode.get(node);
			if (list) list.push(pod);
			else byNode.set(node, [pod]);
		}
		return byNode;
	}

	/** constructHistory: the revision matching the template (created or renumbered to be the newest) and the rest. */
	private constructHistory(ds: StoredObject): {current: StoredObject; old: StoredObject[]} {
		const {store} = this.deps;
		const patch = goJson(templatePatch(ds));
		const matching: StoredObject[] = [];
		const old: StoredObject[] = [];
		for (const revision of controlledRevisions(store, ds)) {
			if (goJson(revision.data) === patch) matching.push(revision);
			else old.push(revision);
		}
		const number = old.reduce((max, revision) => Math.max(max, revisionNumber(revision)), 0) + 1;
		let current = matching[matching.length - 1];
		// dedupCurHistories: keep the highest, move pods off the others, delete them.
		for (const duplicate of matching.slice(0, -1))
			store.delete(
				'controllerrevisions',
				duplicate.metadata.namespace,
				duplicate.metadata.name,
				duplicate.metadata.uid,
			);
		if (!current) current = this.snapshot(ds, number);
		else if (revisionNumber(current) < number) {
			const next = copyJson(current) as StoredObject & {revision: number};
			next.revision = number;
			current = store.update('controllerrevisions', next);
		}
		return {current, old};
	}

	/** snapshot: a new revision named `<ds>-<ComputeHash(template, collisionCount)>`; a taken name bumps collisionCount. */
	private snapshot(ds: StoredObject, number: number): StoredObject {
		const {store} = this.deps;
		let collisionCount = Number(ds.status?.collisionCount ?? 0);
		for (;;) {
			const hash = computeTemplateHash(ds.spec?.template ?? {}, collisionCount || undefined);
			const revision = newControllerRevision(ds, templatePatch(ds), number, hash, ds.metadata.annotations);
			try {
				const created = store.create('controllerrevisions', revision as never);
				if (collisionCount !== Number(ds.status?.collisionCount ?? 0)) {
					const current = store.get('daemonsets', ds.metadata.namespace, ds.metadata.name);
					if (current) {
						const next = copyJson(current);
						next.status = {...(next.status ?? {}), collisionCount};
						store.update('daemonsets', next);
					}
				}
				return created;
			} catch (error) {
				if (!(error instanceof AlreadyExistsError)) throw error;
				const existing = store.get('controllerrevisions', ds.metadata.namespace, revision.metadata.name);
				if (existing && goJson(existing.data) === goJson(revision.data)) return existing;
				collisionCount++;
			}
		}
	}

	/** manage: a pod for each node that should run one and has none; excess, failed and misplaced pods go. */
	private manage(ds: StoredObject, nodes: StoredObject[], hash: string): void {
		const byNode = this.podsByNode(ds);
		const needing: string[] = [];
		const toDelete: StoredObject[] = [];
		const surge = allowsSurge(ds);
		for (const node of nodes) {
			const [shouldRun, shouldContinue] = nodeShouldRunDaemonPod(node, ds);
			const pods = byNode.get(node.metadata.name);
			if (shouldRun && !pods) {
				needing.push(node.metadata.name);
				continue;
			}
			if (!pods) continue;
			if (!shouldContinue) {
				toDelete.push(...pods.filter(pod => !pod.metadata.deletionTimestamp));
				continue;
			}
			const running: StoredObject[] = [];
			for (const pod of pods) {
				if (pod.metadata.deletionTimestamp) continue;
				if (pod.status?.phase === 'Failed') {
					this.deps.events.record(
						ds,
						'Warning',
						'FailedDaemonPod',
						`Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${node.metadata.name}, will try to kill it`,
						COMPONENT,
					);
					toDelete.push(pod);
				} else if (pod.status?.phase === 'Succeeded') toDelete.push(pod);
				else running.push(pod);
			}
			running.sort(byCreationAndPhase);
			if (!surge) {
				toDelete.push(...running.slice(1));
				continue;
			}
			if (running.length <= 1) {
				if (running.length === 0 && shouldRun) needing.push(node.metadata.name);
				continue;
			}
			// Surging: an old and a new pod may share a node until the new one is available.
			let oldestNew: StoredObject | undefined;
			let oldestOld: StoredObject | undefined;
			for (const pod of running) {
				const isNew = pod.metadata.labels?.[REVISION_HASH_LABEL] === hash;
				if (isNew && !oldestNew) oldestNew = pod;
				else if (!isNew && !oldestOld) oldestOld = pod;
				else toDelete.push(pod);
			}
			if (oldestNew && oldestOld) {
				if (!isPodReady(oldestOld)) toDelete.push(oldestOld);
				else if (isPodAvailable(oldestNew, Number(ds.spec?.minReadySeconds ?? 0), this.deps.store.now()))
					toDelete.push(oldestOld);
			}
		}
		// Pods pinned to nodes that no longer exist are never scheduled: delete them.
		const nodeNames = new Set(nodes.map(node => node.metadata.name));
		for (const [node, pods] of byNode) {
			if (nodeNames.has(node)) continue;
			for (const pod of pods) if (!pod.spec?.nodeName && !pod.metadata.deletionTimestamp) toDelete.push(pod);
		}
		this.syncNodes(ds, toDelete, needing, hash);
	}

	/** syncNodes: creates a pod pinned to each node, deletes the given pods. */
	private syncNodes(ds: StoredObject, toDelete: StoredObject[], nodes: string[], hash: string): void {
		const {store, events} = this.deps;
		for (const node of nodes) {
			const template = copyJson(ds.spec?.template ?? {});
			template.spec ??= {};
			addDaemonPodTolerations(template.spec);
			template.metadata = {
				...(template.metadata ?? {}),
				labels: {
					...(template.metadata?.labels ?? {}),
					...(templateGeneration(ds) ? {[TEMPLATE_GENERATION_LABEL]: templateGeneration(ds)} : {}),
					...(hash ? {[REVISION_HASH_LABEL]: hash} : {}),
				},
			};
			const term = {matchFields: [{key: 'metadata.name', operator: 'In', values: [node]}]};
			template.spec.affinity = {
				...(template.spec.affinity ?? {}),
				nodeAffinity: {
					...(template.spec.affinity?.nodeAffinity ?? {}),
					requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [term]},
				},
			};
			const pod = store.create('pods', podFromOwnerTemplate(ds, template) as never);
			events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, COMPONENT);
		}
		for (const pod of toDelete) {
			deletePod(store, pod);
			events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
		}
	}

	/** The desired node count, maxSurge and maxUnavailable (unavailable 1 when both come out 0). */
	private desiredCounts(ds: StoredObject, nodes: StoredObject[], byNode: Map<string, StoredObject[]>) {
		let desired = 0;
		for (const node of nodes) {
			if (!nodeShouldRunDaemonPod(node, ds)[0]) continue;
			desired++;
			if (!byNode.has(node.metadata.name)) byNode.set(node.metadata.name, []);
		}
		const maxSurge = surgeCount(ds, desired);
		let maxUnavailable = unavailableCount(ds, desired);
		if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
		return {desired, maxSurge, maxUnavailable};
	}

	/** rollingUpdate (update.go): delete old pods within maxUnavailable, or surge new ones within maxSurge. */
	private rollingUpdate(ds: StoredObject, nodes: StoredObject[], hash: string): void {
		const {store} = this.deps;
		const now = store.now();
		const minReadySeconds = Number(ds.spec?.minReadySeconds ?? 0);
		const available = (pod: StoredObject) => isPodAvailable(pod, minReadySeconds, now);
		const byNode = this.podsByNode(ds);
		const {desired, maxSurge, maxUnavailable} = this.desiredCounts(ds, nodes, byNode);
		const generation = templateGeneration(ds);
		const nodesByName = new Map(nodes.map(node => [node.metadata.name, node]));
		const entries = [...byNode].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		this.requeueForAvailability(ds, [...byNode.values()].flat(), minReadySeconds);
		if (maxSurge === 0) {
			let unavailable = 0;
			const replacements: StoredObject[] = [];
			const candidates: StoredObject[] = [];
			for (const [, pods] of entries) {
				const found = updatedPodsOnNode(pods, hash, generation);
				if (!found) {
					unavailable++;
					continue;
				}
				const {newPod, oldPod} = found;
				if ((!oldPod && !newPod) || (oldPod && newPod)) unavailable++;
				else if (newPod) {
					if (!available(newPod)) unavailable++;
				} else if (oldPod) {
					if (!available(oldPod)) {
						replacements.push(oldPod);
						unavailable++;
					} else if (unavailable < maxUnavailable) candidates.push(oldPod);
				}
			}
			const remaining = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
			this.syncNodes(ds, [...replacements, ...candidates.slice(0, remaining)], [], hash);
			return;
		}
		const oldToDelete: StoredObject[] = [];
		const shouldNotRun: StoredObject[] = [];
		const candidateNodes: string[] = [];
		const allowedNodes: string[] = [];
		let surged = 0;
		let availableCount = 0;
		for (const [nodeName, pods] of entries) {
			const found = updatedPodsOnNode(pods, hash, generation);
			if (!found) {
				surged++;
				continue;
			}
			const {newPod, oldPod} = found;
			if (oldPod) {
				if (available(oldPod)) availableCount++;
			} else if (newPod && available(newPod)) availableCount++;
			if (!oldPod) continue;
			const node = nodesByName.get(nodeName);
			if (!newPod) {
				const shouldRun = node ? nodeShouldRunDaemonPod(node, ds)[0] : false;
				if (!available(oldPod)) {
					if (!shouldRun) oldToDelete.push(oldPod);
					else allowedNodes.push(nodeName);
				} else if (!shouldRun) shouldNotRun.push(oldPod);
				else if (surged < maxSurge) candidateNodes.push(nodeName);
				continue;
			}
			if (!available(newPod)) {
				surged++;
				continue;
			}
			oldToDelete.push(oldPod);
		}
		const deletable = Math.min(Math.max(0, availableCount - desired), shouldNotRun.length);
		oldToDelete.push(...shouldNotRun.slice(0, deletable));
		const remaining = Math.min(Math.max(0, maxSurge - surged), candidateNodes.length);
		this.syncNodes(ds, oldToDelete, [...allowedNodes, ...candidateNodes.slice(0, remaining)], hash);
	}

	private requeueForAvailability(ds: StoredObject, pods: StoredObject[], minReadySeconds: number): void {
		const now = this.deps.store.now().getTime();
		let soonest: number | undefined;
		for (const pod of pods) {
			const at = availableAt(pod, minReadySeconds);
			if (at !== undefined && at > now) soonest = Math.min(soonest ?? at, at);
		}
		if (soonest !== undefined)
			this.deps.requeueAfter(daemonSetKey(ds.metadata.namespace, ds.metadata.name), soonest - now + 50);
	}

	/** cleanupHistory: old revisions beyond revisionHistoryLimit that no pod uses, oldest first. */
	private cleanupHistory(ds: StoredObject, old: StoredObject[]): void {
		const {store} = this.deps;
		const limit = Number(ds.spec?.revisionHistoryLimit ?? 10);
		let toKill = old.length - limit;
		if (toKill <= 0) return;
		const live = new Set<string>();
		for (const pod of store.listByOwner('pods', ds.metadata.uid)) {
			const hash = pod.metadata.labels?.[REVISION_HASH_LABEL];
			if (hash) live.add(hash);
		}
		for (const revision of [...old].sort((a, b) => revisionNumber(a) - revisionNumber(b))) {
			if (toKill <= 0) break;
			if (live.has(revision.metadata.labels?.[REVISION_HASH_LABEL] ?? '')) continue;
			store.delete('controllerrevisions', revision.metadata.namespace, revision.metadata.name, revision.metadata.uid);
			toKill--;
		}
	}

	/** updateDaemonSetStatus: counts over the nodes that should run the pod, looking at each node's oldest pod. */
	private updateStatus(ds: StoredObject, nodes: StoredObject[], hash: string, observe: boolean): void {
		const {store} = this.deps;
		const now = store.now();
		const minReadySeconds = Number(ds.spec?.minReadySeconds ?? 0);
		const byNode = this.podsByNode(ds);
		const generation = templateGeneration(ds);
		let desired = 0;
		let current = 0;
		let misscheduled = 0;
		let ready = 0;
		let updated = 0;
		let available = 0;
		for (const node of nodes) {
			const [shouldRun] = nodeShouldRunDaemonPod(node, ds);
			const pods = byNode.get(node.metadata.name) ?? [];
			if (!shouldRun) {
				if (pods.length > 0) misscheduled++;
				continue;
			}
			desired++;
			if (pods.length === 0) continue;
			current++;
			const pod = [...pods].sort(byCreationAndPhase)[0]!;
			if (isPodReady(pod)) {
				ready++;
				if (isPodAvailable(pod, minReadySeconds, now)) available++;
			}
			if (isPodUpdated(pod, hash, generation)) updated++;
		}
		const latest = store.get('daemonsets', ds.metadata.namespace, ds.metadata.name);
		if (!latest) return;
		const status: Record<string, unknown> = {
			currentNumberScheduled: current,
			numberMisscheduled: misscheduled,
			desiredNumberScheduled: desired,
			numberReady: ready,
		};
		const observed = observe ? (ds.metadata.generation ?? 0) : latest.status?.observedGeneration;
		if (observed) status.observedGeneration = observed;
		if (updated) status.updatedNumberScheduled = updated;
		if (available) status.numberAvailable = available;
		if (desired - available) status.numberUnavailable = desired - available;
		if (latest.status?.collisionCount) status.collisionCount = latest.status.collisionCount;
		if (latest.status?.conditions?.length) status.conditions = latest.status.conditions;
		if (goJson(status) !== goJson(latest.status ?? {})) {
			const next = copyJson(latest);
			next.status = status;
			store.update('daemonsets', next);
		}
		if (minReadySeconds > 0 && ready !== available)
			this.deps.requeueAfter(daemonSetKey(ds.metadata.namespace, ds.metadata.name), minReadySeconds * 1000);
	}
}

/** findUpdatedPodsOnNode: at most one new and one old live pod, or undefined when there are more. */
function updatedPodsOnNode(
	pods: StoredObject[],
	hash: string,
	generation: string | undefined,
): {newPod?: StoredObject; oldPod?: StoredObject} | undefined {
	let newPod: StoredObject | undefined;
	let oldPod: StoredObject | undefined;
	for (const pod of pods) {
		if (pod.metadata.deletionTimestamp) continue;
		if (isPodUpdated(pod, hash, generation)) {
			if (newPod) return undefined;
			newPod = pod;
		} else {
			if (oldPod) return undefined;
			oldPod = pod;
		}
	}
	return {newPod, oldPod};
}
