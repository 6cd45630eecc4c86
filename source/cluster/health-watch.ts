// Watches of the pods of rollouts that may be failing: one watch per new revision whose ReplicaSet lacks available
// pods (selected by its pod-template-hash), opened when it becomes such a target and closed when it no longer is, so
// that a namespace of a thousand settled deployments costs no pod watch. At most MAX_HEALTH_WATCHES at a time.
import {healthTargets, slimHealthPod, type HealthTarget} from '../model/health.js';
import type {DeploymentJson, PodJson, ReplicaSetJson} from '../model/objects.js';
import type {ApiClient, KubeConfigLike} from './http.js';
import {ResourceWatch, type WatchTiming} from './watch.js';

export const MAX_HEALTH_WATCHES = 25;

export interface HealthWatchOptions {
	client: ApiClient;
	kubeConfig: KubeConfigLike;
	onChange: () => void;
	timing?: Partial<WatchTiming>;
	maxWatches?: number;
}

export class RolloutHealthWatches {
	private readonly watches = new Map<string, {target: HealthTarget; watch: ResourceWatch<PodJson>}>();
	private stopped = false;

	constructor(private readonly options: HealthWatchOptions) {}

	/** Opens and closes watches to match the deployments and ReplicaSets seen now. */
	update(
		deployments: readonly DeploymentJson[],
		replicaSetsOf: (deployment: DeploymentJson) => readonly ReplicaSetJson[],
	): void {
		if (this.stopped) return;
		const targets = healthTargets(deployments, replicaSetsOf).slice(0, this.options.maxWatches ?? MAX_HEALTH_WATCHES);
		const wanted = new Map(targets.map(target => [target.key, target]));
		for (const [key, entry] of this.watches) {
			const target = wanted.get(key);
			if (target && target.hash === entry.target.hash) continue;
			void entry.watch.stop();
			this.watches.delete(key);
			// The pods of a closed watch are no longer known: say so.
			this.options.onChange();
		}
		for (const target of targets) {
			if (this.watches.has(target.key)) continue;
			const watch = new ResourceWatch<PodJson>({
				client: this.options.client,
				kubeConfig: this.options.kubeConfig,
				path: `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods`,
				labelSelector: `pod-template-hash=${target.hash}`,
				transform: slimHealthPod,
				onChange: this.options.onChange,
				timing: this.options.timing,
			});
			this.watches.set(target.key, {target, watch});
			watch.start();
		}
	}

	/** The watched pods of a deployment's new revision (empty when it is not watched). */
	pods(namespace: string, name: string): PodJson[] {
		return this.watches.get(`${namespace}/${name}`)?.watch.list() ?? [];
	}

	/** Whether the deployment's new pods are watched (and listed), so that "no failure" can be trusted. */
	watched(namespace: string, name: string): boolean {
		return this.watches.get(`${namespace}/${name}`)?.watch.listed ?? false;
	}

	get size(): number {
		return this.watches.size;
	}

	async stop(): Promise<void> {
		this.stopped = true;
		const stopping = [...this.watches.values()].map(entry => entry.watch.stop());
		this.watches.clear();
		await Promise.all(stopping);
	}
}
