// Watches of the pods of rollouts that may be failing: one watch per workload whose new revision lacks available
// pods (a Deployment's selected by its pod-template-hash, a StatefulSet's by its update revision's
// controller-revision-hash, a DaemonSet's by its selector beside a watch of its ControllerRevisions, the newest of
// which names its new pods), opened when it becomes such a target and closed when it no longer is, so that a
// namespace of a thousand settled workloads costs no pod watch. At most MAX_HEALTH_WATCHES targets at a time.
import {slimHealthPod} from '../model/health.js';
import type {WorkloadKind} from '../model/kinds.js';
import type {DeploymentJson, PodJson, ReplicaSetJson} from '../model/objects.js';
import {
	healthKey,
	slimHealthRevision,
	type HealthSpecCache,
	workloadHealthTargets,
	type WorkloadHealthTarget,
} from '../model/workload-health.js';
import type {WorkloadJson} from '../model/workload-kind.js';
import type {ControllerRevisionJson} from '../model/workload-objects.js';
import {ApiError, type ApiClient, type KubeConfigLike} from './http.js';
import {ResourceWatch, type WatchTiming} from './watch.js';

export const MAX_HEALTH_WATCHES = 25;

export interface HealthWatchOptions {
	client: ApiClient;
	kubeConfig: KubeConfigLike;
	onChange: () => void;
	timing?: Partial<WatchTiming>;
	maxWatches?: number;
}

interface Entry {
	target: WorkloadHealthTarget;
	pods: ResourceWatch<PodJson>;
	revisions?: ResourceWatch<ControllerRevisionJson>;
}

const namespaced = (namespace: string, resource: string, group = '/api/v1') =>
	`${group}/namespaces/${encodeURIComponent(namespace)}/${resource}`;

export class RolloutHealthWatches {
	private readonly watches = new Map<string, Entry>();
	private readonly specs: HealthSpecCache = new WeakMap();
	private stopped = false;

	constructor(private readonly options: HealthWatchOptions) {}

	/** Opens and closes watches to match the workloads (of any kind) and the Deployments' ReplicaSets seen now. */
	update(
		workloads: readonly (DeploymentJson | WorkloadJson)[],
		replicaSetsOf: (deployment: DeploymentJson) => readonly ReplicaSetJson[],
	): void {
		if (this.stopped) return;
		const targets = workloadHealthTargets(
			workloads as WorkloadJson[],
			workload => ({replicaSets: replicaSetsOf(workload as DeploymentJson)}),
			this.specs,
		).slice(0, this.options.maxWatches ?? MAX_HEALTH_WATCHES);
		const wanted = new Map(targets.map(target => [target.key, target]));
		for (const [key, entry] of this.watches) {
			const target = wanted.get(key);
			if (target && target.pods === entry.target.pods && target.revisions === entry.target.revisions) continue;
			void entry.pods.stop();
			void entry.revisions?.stop();
			this.watches.delete(key);
			// The pods of a closed watch are no longer known: say so.
			this.options.onChange();
		}
		for (const target of targets) if (!this.watches.has(target.key)) this.open(target);
	}

	private open(target: WorkloadHealthTarget): void {
		const common = {
			client: this.options.client,
			kubeConfig: this.options.kubeConfig,
			onChange: this.options.onChange,
			timing: this.options.timing,
		};
		const pods = new ResourceWatch<PodJson>({
			...common,
			path: namespaced(target.namespace, 'pods'),
			labelSelector: target.pods,
			transform: slimHealthPod,
		});
		const revisions =
			target.revisions === undefined
				? undefined
				: new ResourceWatch<ControllerRevisionJson>({
						...common,
						path: namespaced(target.namespace, 'controllerrevisions', '/apis/apps/v1'),
						labelSelector: target.revisions,
						transform: slimHealthRevision,
						// A user who may not list ControllerRevisions sees no failure named, not a watch retried for ever.
						isFatal: error => error instanceof ApiError && (error.status === 401 || error.status === 403),
					});
		this.watches.set(target.key, {target, pods, ...(revisions ? {revisions} : {})});
		pods.start();
		revisions?.start();
	}

	private entry(namespace: string, name: string, kind: WorkloadKind): Entry | undefined {
		return this.watches.get(healthKey(kind, namespace, name));
	}

	/** The watched pods of a workload's new revision (a DaemonSet's: all its pods); empty when it is not watched. */
	pods(namespace: string, name: string, kind: WorkloadKind = 'Deployment'): PodJson[] {
		return this.entry(namespace, name, kind)?.pods.list() ?? [];
	}

	/** A DaemonSet's watched ControllerRevisions (undefined for the other kinds, or until listed). */
	revisions(namespace: string, name: string, kind: WorkloadKind = 'Deployment'): ControllerRevisionJson[] | undefined {
		const revisions = this.entry(namespace, name, kind)?.revisions;
		return revisions?.listed ? revisions.list() : undefined;
	}

	/** Whether the workload's new pods are watched (and listed), so that "no failure" can be trusted. */
	watched(namespace: string, name: string, kind: WorkloadKind = 'Deployment'): boolean {
		const entry = this.entry(namespace, name, kind);
		return Boolean(entry?.pods.listed && (entry.revisions?.listed ?? true));
	}

	/** The workloads watched now (at most MAX_HEALTH_WATCHES): the only ones whose failure can be named. */
	targets(): WorkloadHealthTarget[] {
		return [...this.watches.values()].map(entry => entry.target);
	}

	get size(): number {
		return this.watches.size;
	}

	async stop(): Promise<void> {
		this.stopped = true;
		const stopping = [...this.watches.values()].flatMap(entry => [entry.pods.stop(), entry.revisions?.stop()]);
		this.watches.clear();
		await Promise.all(stopping);
	}
}
