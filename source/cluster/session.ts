// The live session the dashboard holds: the watches (watches.ts) feed a pure snapshot builder
// (source/model/snapshot.ts); this file subscribes to them, throttles (a snapshot at most every ~50 ms), and runs
// actions. It has no clock of its own: countdowns are computed from the UI's clock at render time.
import {
	revisionFor,
	revisionTemplate,
	type RevisionedKind,
	type RevisionedWorkload,
} from '../model/controller-revisions.js';
import {templateDiff} from '../model/diff.js';
import {replicaSetForRevision} from '../model/revisions.js';
import {buildSnapshot, type Built} from '../model/snapshot.js';
import type {DashboardSnapshot, RolloutSession, TemplateChange, WorkloadRef} from '../model/types.js';
import {AccessTracker} from './access.js';
import {runAction} from './actions.js';
import type {Connection} from './connect.js';
import type {KubeObject, ResourceWatch, WatchTiming} from './watch.js';
import {FocusWatches, ScopeWatches, WatchFactory} from './watches.js';
import {RolloutHealthWatches} from './health-watch.js';
import {fetchDescribe, fetchObject} from './describe.js';
import {PodLogFollower} from './log-follower.js';
import {DESCRIBERS} from '../model/describe/describe.js';
import {objectYaml} from '../model/yaml.js';
import {visibleLines} from '../model/visible.js';
import type {HealthSource} from '../model/snapshot.js';
import type {DeploymentJson} from '../model/objects.js';
import {workloadKindOf} from '../model/workload-kind.js';

export interface SessionOptions {
	timing?: Partial<WatchTiming>;
	/** The least time between two change notifications (default 50 ms); the first after a quiet spell is not delayed. */
	batchMs?: number;
	now?: () => Date;
}

/** The RolloutSession plus what headless commands and tests need. */
export interface LiveSession extends RolloutSession {
	/** Resolves when deployments, ReplicaSets and namespaces have been listed once (or namespaces proved forbidden). */
	ready(): Promise<void>;
	/** Resolves when every workload kind has its first list (the ReplicaSets may still be listing) and the snapshot
	 * shows them, or on close. */
	workloadsListed(): Promise<void>;
	/** The watches' request counters (lists, watches, failures, stalls, expirations). */
	watchStats(): Record<string, ResourceWatch<KubeObject>['stats']>;
	/** Every namespace was forbidden: show `namespace` instead, with the line that says so. */
	narrowTo(namespace: string, notice: string): void;
}

export function createSession(connection: Connection, options: SessionOptions = {}): LiveSession {
	const now = options.now ?? (() => new Date());
	const throttle = new Throttle(options.batchMs ?? 50, () => flush());
	const listeners = new Set<() => void>();
	let closed = false;
	/** Set until the first snapshot with every workload kind listed has been sent: that one goes out at once. */
	let firstListPending = true;

	const factory = new WatchFactory(connection, options.timing, () => throttle.schedule());
	const scope = new ScopeWatches(
		factory,
		{
			onChange: () => throttle.schedule(),
			onDeployments: () => {
				if (firstListPending && scope.workloadsListed()) {
					firstListPending = false;
					// For `npm run bench`, which splits the start-up into stages with the CLI's marks.
					performance.mark('rollout-dash:listed');
					throttle.now();
				} else throttle.schedule();
			},
		},
		connection.allNamespaces ? undefined : connection.namespace,
	);
	let focus: FocusWatches | undefined;
	// One SelfSubjectAccessReview per namespace shown: may this user patch deployments here?
	const access = new AccessTracker(connection.client, () => throttle.schedule());
	access.review(scope.namespace);

	// Pod watches of the new revisions that lack available pods: the list names a failing rollout from them.
	let healthVersion = 0;
	const health = new RolloutHealthWatches({
		client: connection.client,
		kubeConfig: connection.kubeConfig,
		...(options.timing ? {timing: options.timing} : {}),
		onChange: () => {
			healthVersion++;
			throttle.schedule();
		},
	});
	let healthInputs = '';
	const healthSource: HealthSource = {
		get version() {
			return healthVersion;
		},
		podsOf: w => {
			const [namespace, name, kind] = [w.metadata.namespace ?? '', w.metadata.name, workloadKindOf(w)];
			return health.watched(namespace, name, kind) ? health.pods(namespace, name, kind) : undefined;
		},
		revisionsOf: w => health.revisions(w.metadata.namespace ?? '', w.metadata.name, workloadKindOf(w)),
		watched: () => health.targets().flatMap(target => scope.workload(target) ?? []) as DeploymentJson[],
	};
	/** Opens and closes the health watches when the workloads or ReplicaSets changed. */
	function updateHealth(): void {
		const {deployments, statefulSets, daemonSets, replicaSets} = scope;
		const watched = [deployments, statefulSets, daemonSets, replicaSets];
		const key = `${scope.namespace}/${watched.map(watch => watch.version).join('/')}`;
		if (key === healthInputs || !replicaSets.listed) return;
		healthInputs = key;
		health.update([...deployments.list(), ...statefulSets.list(), ...daemonSets.list()], scope.replicaSetsOf);
	}

	const workloadOf = (target: WorkloadRef) => scope.workload(target);

	function build(previous: Built | undefined): Built {
		focus?.follow(focus && workloadOf(focus.target));
		updateHealth();
		return buildSnapshot(
			{
				context: connection.context,
				cluster: connection.cluster,
				server: connection.server,
				namespace: scope.namespace,
				states: [...scope.states(), ...(focus?.states() ?? [])],
				deployments: scope.deployments,
				statefulSets: scope.statefulSets,
				daemonSets: scope.daemonSets,
				replicaSetsOf: scope.replicaSetsOf,
				replicaSetChangesSince: scope.replicaSetChangesSince,
				gitOpsOf: scope.gitOpsOf,
				namespaces: scope.namespacesSource(),
				homeNamespace: connection.namespace,
				focus: focus?.sources(workloadOf(focus.target)),
				access: access.state,
				health: healthSource,
			},
			previous,
			now(),
		);
	}

	/** A StatefulSet's or DaemonSet's template against the revision's (the focus holds their ControllerRevisions). */
	function revisionDiff(target: WorkloadRef & {kind: RevisionedKind}, toRevision: number): TemplateChange[] {
		const workload = scope.workload(target) as RevisionedWorkload | undefined;
		if (!workload) return [];
		const revisions = focus?.is(target) ? focus.listedRevisions() : undefined;
		if (!revisions) throw new Error("the revisions' templates are still loading; try again in a moment");
		const found = revisionFor(workload, revisions, toRevision);
		return 'revision' in found ? templateDiff(workload.spec.template, revisionTemplate(found.revision)) : [];
	}

	let built = build(undefined);

	function flush(): void {
		if (closed) return;
		const next = build(built);
		const changed = next.snapshot !== built.snapshot;
		built = next;
		// An event that changed nothing shown (a bookmark, a status write of nothing visible): no new frame.
		if (changed) for (const listener of [...listeners]) listener();
	}

	return {
		getSnapshot: (): DashboardSnapshot => built.snapshot,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		setNamespace(next) {
			if (!scope.switchTo(next)) return;
			firstListPending = true;
			access.review(next);
			throttle.schedule();
		},
		narrowTo(allowed, notice) {
			access.narrowed(allowed, notice);
			this.setNamespace(allowed);
		},
		focus(target) {
			if (target && focus?.is(target)) return;
			void focus?.stop();
			focus = target ? new FocusWatches(factory, {...target}) : undefined;
			focus?.follow(workloadOf(focus.target));
			throttle.schedule();
		},
		run: request => runAction(connection.client, request, now),
		templateDiff(namespace, name, toRevision, kind = 'Deployment'): TemplateChange[] {
			if (kind !== 'Deployment') return revisionDiff({kind, namespace, name}, toRevision);
			const deployment = scope.deployments.get(namespace, name);
			if (!deployment) return [];
			// Templates are kept only for the workload in focus (the scope's ReplicaSets are slim).
			const focused = focus?.is({kind: 'Deployment', namespace, name});
			const replicaSets = focused ? focus?.listedReplicaSets() : undefined;
			if (!replicaSets) throw new Error("the revisions' templates are still loading; try again in a moment");
			const found = replicaSetForRevision(deployment, replicaSets, toRevision);
			return 'rs' in found ? templateDiff(deployment.spec.template, found.rs.spec.template) : [];
		},
		openLogs: (target, onChange) => new PodLogFollower(connection.client, target, onChange),
		async describe(ref) {
			const data = await fetchDescribe(connection.client, ref);
			return visibleLines(DESCRIBERS[ref.kind]({...data, now: now()}).join('\n'));
		},
		async yaml(ref) {
			return visibleLines(objectYaml(await fetchObject(connection.client, ref)).join('\n'));
		},
		async ready() {
			await scope.whenListed();
			if (throttle.pending) throttle.flushNow();
		},
		async workloadsListed() {
			await scope.whenWorkloadsListed();
			// The snapshot that lists them, now rather than on the next turn: the first frame is drawn from it.
			if (throttle.pending) throttle.flushNow();
		},
		watchStats: () => ({...scope.stats(), ...(focus?.stats() ?? {})}),
		async close() {
			closed = true;
			throttle.stop();
			await Promise.all([scope.stop(), focus?.stop(), health.stop()]);
			listeners.clear();
		},
	};
}

/**
 * A throttle, not a delay: a change after a quiet spell is flushed at once (events parsed from the same chunk of the
 * stream still share the flush); while changes keep coming, flushes are at least `spacingMs` apart.
 */
class Throttle {
	private timer: NodeJS.Timeout | undefined;
	private lastAt = -Infinity;
	private stopped = false;

	constructor(
		private readonly spacingMs: number,
		private readonly flush: () => void,
	) {}

	get pending(): boolean {
		return this.timer !== undefined;
	}

	schedule(): void {
		if (this.timer || this.stopped) return;
		this.timer = setTimeout(() => this.run(), Math.max(0, this.lastAt + this.spacingMs - performance.now()));
	}

	/** Flushes on the next turn, whatever the spacing (the first list of deployments; ready()). */
	now(): void {
		if (this.stopped) return;
		this.cancel();
		this.timer = setTimeout(() => this.run(), 0);
	}

	/** Flushes a pending change before returning. */
	flushNow(): void {
		this.cancel();
		this.run();
	}

	stop(): void {
		this.stopped = true;
		this.cancel();
	}

	private cancel(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
	}

	private run(): void {
		this.timer = undefined;
		this.lastAt = performance.now();
		this.flush();
	}
}
