// The watches a session holds, and their lifetimes. The scope: deployments, StatefulSets, DaemonSets and slim
// ReplicaSets of one namespace or all (restarted on a namespace switch), and the namespaces. The focus: the pods and
// events of the one workload that is open, and its revisions (a Deployment's full ReplicaSets, a StatefulSet's or
// DaemonSet's ControllerRevisions; a DaemonSet's nodes too), started when it is opened and restarted when its
// selector changes.
import {detectGitOps} from '../model/gitops.js';
import {selectorToString} from '../model/format.js';
import {kindPath, type WorkloadKind} from '../model/kinds.js';
import type {ControllerRevisionJson, DaemonSetJson, NodeJson, StatefulSetJson} from '../model/workload-objects.js';
import type {DeploymentJson, EventJson, PodJson, ReplicaSetJson} from '../model/objects.js';
import {slimPod, slimReplicaSet} from '../model/slim.js';
import type {FocusSources, SourceState} from '../model/snapshot.js';
import type {ChangeMark} from '../model/summary-cache.js';
import type {GitOpsOwner, WorkloadRef} from '../model/types.js';
import type {Connection} from './connect.js';
import {ApiError} from './http.js';
import {OwnerIndex} from './owner-index.js';
import {ResourceWatch, withoutManagedFields, type KubeObject, type WatchTiming} from './watch.js';

export interface WatchHooks {
	/** Any change to a watch's cache or state. */
	onChange(): void;
	/** The scope's deployments changed (the first list of them is drawn at once). */
	onDeployments(): void;
}

type WatchExtra<T extends KubeObject> = {
	labelSelector?: string;
	transform?: (raw: any) => T;
	isFatal?: (e: unknown) => boolean;
	index?: OwnerIndex<T>;
	start?: boolean;
	onChange?: () => void;
};

/** Makes ResourceWatches on one connection that report to the session. */
export class WatchFactory {
	constructor(
		private readonly connection: Connection,
		private readonly timing: Partial<WatchTiming> | undefined,
		private readonly onChange: () => void,
	) {}

	/** The connection's `-l` selector, which narrows the workload lists. */
	get labelSelector(): string | undefined {
		return this.connection.labelSelector;
	}

	watch<T extends KubeObject>(path: string, extra: WatchExtra<T> = {}): ResourceWatch<T> {
		const {start = true, onChange = this.onChange, ...rest} = extra;
		const watch = new ResourceWatch<T>({
			client: this.connection.client,
			kubeConfig: this.connection.kubeConfig,
			path,
			...(this.timing ? {timing: this.timing} : {}),
			onChange,
			onState: this.onChange,
			...rest,
		});
		if (start) watch.start();
		return watch;
	}
}

const namespacePath = (namespace: string) => `/namespaces/${encodeURIComponent(namespace)}`;

/** Deployments and slim ReplicaSets of one namespace (or all), and the cluster's namespaces. */
export class ScopeWatches {
	deployments!: ResourceWatch<DeploymentJson>;
	statefulSets!: ResourceWatch<StatefulSetJson>;
	daemonSets!: ResourceWatch<DaemonSetJson>;
	replicaSets!: ResourceWatch<ReplicaSetJson>;
	private replicaSetsByOwner!: OwnerIndex<ReplicaSetJson>;
	// Many users may not list namespaces: then the switch offers the namespaces that have deployments.
	readonly namespaces: ResourceWatch<KubeObject>;
	private readonly gitOpsByUid = new Map<string, GitOpsOwner | undefined>();

	constructor(
		private readonly factory: WatchFactory,
		private readonly hooks: WatchHooks,
		public namespace: string | undefined,
	) {
		this.start();
		this.namespaces = factory.watch<KubeObject>('/api/v1/namespaces', {
			isFatal: e => e instanceof ApiError && (e.status === 403 || e.status === 401),
		});
	}

	private start(): void {
		const replicaSetsByOwner = new OwnerIndex<ReplicaSetJson>();
		// The first frame needs only the deployments: the ReplicaSets' many pages would compete with theirs.
		const replicaSets = this.factory.watch<ReplicaSetJson>(
			`/apis/apps/v1${this.namespace === undefined ? '' : namespacePath(this.namespace)}/replicasets`,
			{transform: slimReplicaSet, index: replicaSetsByOwner, start: false},
		);
		const deployments = this.factory.watch<DeploymentJson>(kindPath('Deployment', this.namespace), {
			// GitOps ownership is read from managedFields before they are dropped.
			transform: raw => {
				if (raw?.metadata?.uid) this.gitOpsByUid.set(raw.metadata.uid, detectGitOps(raw.metadata));
				return withoutManagedFields(raw);
			},
			onChange: this.hooks.onDeployments,
			// `-l`: the list narrowed as kubectl's is.
			...(this.factory.labelSelector === undefined ? {} : {labelSelector: this.factory.labelSelector}),
		});
		this.replicaSetsByOwner = replicaSetsByOwner;
		this.replicaSets = replicaSets;
		this.deployments = deployments;
		this.statefulSets = this.kindWatch<StatefulSetJson>('StatefulSet');
		this.daemonSets = this.kindWatch<DaemonSetJson>('DaemonSet');
		void deployments.whenListed().then(() => replicaSets.start());
	}

	/** The watch of another workload kind: each object tagged with its kind (list items carry none). */
	private kindWatch<T extends KubeObject>(kind: WorkloadKind): ResourceWatch<T> {
		return this.factory.watch<T>(kindPath(kind, this.namespace), {
			transform: raw => {
				if (raw?.metadata?.uid) this.gitOpsByUid.set(raw.metadata.uid, detectGitOps(raw.metadata));
				return {...withoutManagedFields(raw), kind} as T;
			},
			onChange: this.hooks.onDeployments,
			...(this.factory.labelSelector === undefined ? {} : {labelSelector: this.factory.labelSelector}),
		});
	}

	/** The workload a ref names, of any kind, once listed. */
	workload(target: WorkloadRef): DeploymentJson | StatefulSetJson | DaemonSetJson | undefined {
		const watch =
			target.kind === 'StatefulSet'
				? this.statefulSets
				: target.kind === 'DaemonSet'
					? this.daemonSets
					: this.deployments;
		return watch.get(target.namespace, target.name);
	}

	/** Watches another namespace (undefined: all); false when it is the one watched already. */
	switchTo(namespace: string | undefined): boolean {
		if (namespace === this.namespace) return false;
		this.namespace = namespace;
		void this.deployments.stop();
		void this.statefulSets.stop();
		void this.daemonSets.stop();
		void this.replicaSets.stop();
		this.start();
		return true;
	}

	readonly replicaSetsOf = (d: DeploymentJson): readonly ReplicaSetJson[] =>
		this.replicaSetsByOwner.owned(d.metadata.uid);
	readonly gitOpsOf = (d: DeploymentJson): GitOpsOwner | undefined => this.gitOpsByUid.get(d.metadata.uid ?? '');
	/** The owners whose ReplicaSets changed since a reader's mark (a new index after a switch knows none of its marks). */
	readonly replicaSetChangesSince = (mark: ChangeMark | undefined) => {
		const index = this.replicaSetsByOwner;
		const owners = mark?.source === index ? index.changedSince(mark.count) : undefined;
		return {owners, mark: {source: index, count: index.changeCount}};
	};

	/** Whether every workload kind has its first list (the ReplicaSets' come after). */
	workloadsListed(): boolean {
		return this.deployments.listed && this.statefulSets.listed && this.daemonSets.listed;
	}

	whenWorkloadsListed(): Promise<unknown> {
		return Promise.all([this.deployments.whenListed(), this.statefulSets.whenListed(), this.daemonSets.whenListed()]);
	}

	/** The states the connection label reads (namespaces may be forbidden without anything being wrong). */
	states(): SourceState[] {
		return [this.deployments.state, this.statefulSets.state, this.daemonSets.state, this.replicaSets.state];
	}

	/** The namespaces watch when it can be used. */
	namespacesSource(): ResourceWatch<KubeObject> | undefined {
		return this.namespaces.state.state === 'stopped' ? undefined : this.namespaces;
	}

	whenListed(): Promise<unknown> {
		return Promise.all([
			this.deployments.whenListed(),
			this.statefulSets.whenListed(),
			this.daemonSets.whenListed(),
			this.replicaSets.whenListed(),
			this.namespaces.whenListed(),
		]);
	}

	stats(): Record<string, ResourceWatch<KubeObject>['stats']> {
		return {
			deployments: this.deployments.stats,
			statefulsets: this.statefulSets.stats,
			daemonsets: this.daemonSets.stats,
			replicasets: this.replicaSets.stats,
			namespaces: this.namespaces.stats,
		};
	}

	stop(): Promise<unknown> {
		return Promise.all([
			this.deployments.stop(),
			this.statefulSets.stop(),
			this.daemonSets.stop(),
			this.replicaSets.stop(),
			this.namespaces.stop(),
		]);
	}
}

/** The open workload's full ReplicaSets, pods and events. */
export class FocusWatches {
	private pods: ResourceWatch<PodJson> | undefined;
	private events: ResourceWatch<EventJson> | undefined;
	/** Its ReplicaSets in full (templates for history and diffs), selected by its selector. */
	private replicaSets: ResourceWatch<ReplicaSetJson> | undefined;
	/** A StatefulSet's or DaemonSet's ControllerRevisions, and the numbers each was seen with (renumbering on undo). */
	private revisions: ResourceWatch<ControllerRevisionJson> | undefined;
	private readonly seenRevisions = new Map<string, number[]>();
	/** A DaemonSet's nodes (cluster-scoped; a user who may not list them sees the pods only). */
	private nodes: ResourceWatch<NodeJson> | undefined;
	private selector: string | undefined;

	constructor(
		private readonly factory: WatchFactory,
		readonly target: WorkloadRef,
	) {}

	/** (Re)starts the pod and ReplicaSet watches once the workload is known, and when its selector changes. */
	follow(workload: {spec: {selector?: DeploymentJson['spec']['selector']}} | undefined): void {
		const {namespace} = this.target;
		this.events ??= this.factory.watch<EventJson>(`/api/v1${namespacePath(namespace)}/events`);
		if (!workload) return;
		const selector = selectorToString(workload.spec.selector);
		if (this.selector !== undefined && selector === this.selector) return;
		void this.pods?.stop();
		void this.replicaSets?.stop();
		void this.revisions?.stop();
		this.selector = selector;
		// An empty selector would select every pod of the namespace: the controller refuses such deployments anyway.
		this.pods = selector
			? this.factory.watch<PodJson>(`/api/v1${namespacePath(namespace)}/pods`, {
					labelSelector: selector,
					transform: slimPod,
				})
			: undefined;
		if (this.target.kind !== 'Deployment') {
			this.revisions = selector ? this.revisionWatch(selector) : undefined;
			if (this.target.kind === 'DaemonSet')
				this.nodes ??= this.factory.watch<NodeJson>('/api/v1/nodes', {
					transform: withoutManagedFields,
					isFatal: e => e instanceof ApiError && (e.status === 403 || e.status === 401),
				});
			return;
		}
		// A deployment's ReplicaSets carry its selector's labels (the controller adopts only matching ones).
		this.replicaSets = selector
			? this.factory.watch<ReplicaSetJson>(`/apis/apps/v1${namespacePath(namespace)}/replicasets`, {
					labelSelector: selector,
				})
			: undefined;
	}

	/** ControllerRevisions carry the template's labels, so the selector finds them (kubectl lists them so too). */
	private revisionWatch(selector: string): ResourceWatch<ControllerRevisionJson> {
		return this.factory.watch<ControllerRevisionJson>(
			`/apis/apps/v1${namespacePath(this.target.namespace)}/controllerrevisions`,
			{
				labelSelector: selector,
				transform: raw => {
					const revision = withoutManagedFields(raw) as ControllerRevisionJson;
					const uid = revision.metadata.uid ?? '';
					const numbers = this.seenRevisions.get(uid) ?? [];
					if (!numbers.includes(revision.revision)) this.seenRevisions.set(uid, [...numbers, revision.revision]);
					return revision;
				},
			},
		);
	}

	is(target: WorkloadRef): boolean {
		return (
			target.kind === this.target.kind && target.namespace === this.target.namespace && target.name === this.target.name
		);
	}

	sources(workload: DeploymentJson | StatefulSetJson | DaemonSetJson | undefined): FocusSources {
		return {
			target: this.target,
			workload: workload as DeploymentJson | undefined,
			replicaSets: this.replicaSets,
			pods: this.pods,
			events: this.events,
			revisions: this.revisions,
			seenRevisions: this.seenRevisions,
			nodes: this.nodes?.state.state === 'stopped' ? undefined : this.nodes,
		};
	}

	/** The ControllerRevisions once listed (undo diffs need their templates). */
	listedRevisions(): ControllerRevisionJson[] | undefined {
		return this.revisions?.listed ? this.revisions.list() : undefined;
	}

	/** The full ReplicaSets once listed (undo diffs need their templates). */
	listedReplicaSets(): ReplicaSetJson[] | undefined {
		return this.replicaSets?.listed ? this.replicaSets.list() : undefined;
	}

	states(): SourceState[] {
		return [this.pods, this.events, this.replicaSets, this.revisions].flatMap(watch => (watch ? [watch.state] : []));
	}

	stats(): Record<string, ResourceWatch<KubeObject>['stats']> {
		const stats: Record<string, ResourceWatch<KubeObject>['stats']> = {};
		if (this.pods) stats['pods'] = this.pods.stats;
		if (this.events) stats['events'] = this.events.stats;
		if (this.replicaSets) stats['focusReplicasets'] = this.replicaSets.stats;
		if (this.revisions) stats['controllerrevisions'] = this.revisions.stats;
		if (this.nodes) stats['nodes'] = this.nodes.stats;
		return stats;
	}

	stop(): Promise<unknown> {
		return Promise.all([
			this.pods?.stop(),
			this.events?.stop(),
			this.replicaSets?.stop(),
			this.revisions?.stop(),
			this.nodes?.stop(),
		]);
	}
}
