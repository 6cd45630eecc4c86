// The dashboard's snapshot from what the watches hold, as a pure function of its sources, the previous build and the
// time: buildSnapshot(sources, previous, now). Every part is memoised on the objects it is computed from (memo.ts),
// so unchanged parts, and the whole snapshot when nothing changed, keep their identity between builds.
import {healthKey, workloadFailure} from './workload-health.js';
import {workloadKindOf} from './workload-kind.js';
import {HISTORIANS, type FocusHistory} from './histories.js';
import type {DeploymentJson, EventJson, PodJson, ReplicaSetJson} from './objects.js';
import type {ControllerRevisionJson, DaemonSetJson, NodeJson, StatefulSetJson} from './workload-objects.js';
import {memo, type Memo} from './memo.js';
import {summarizeEvents, summarizePods} from './pods.js';
import {SummaryCache, type SummarySources} from './summary-cache.js';
import type {
	AccessState,
	ClusterInfo,
	ConnectionState,
	DashboardSnapshot,
	DeploymentSummary,
	EventSummary,
	FocusedDeployment,
	GitOpsOwner,
	NodeSummary,
	PodSummary,
	WorkloadRef,
} from './types.js';

/** A watched collection: `version` changes whenever its contents do (list() may copy, so it is called only then). */
export interface Collection<T> {
	readonly listed: boolean;
	readonly version: number;
	list(): T[];
}

/** The state of one watch, as the connection label summarises it. */
export type SourceState =
	| {state: 'connecting'}
	| {state: 'live'; since: Date}
	/** unresponsive: the server stopped answering altogether (since: when it was last heard from). */
	| {state: 'reconnecting'; since: Date; lastError: string; unresponsive?: boolean}
	| {state: 'stopped'; error: string};

export interface FocusSources {
	target: WorkloadRef;
	/** The workload object itself, once listed. */
	workload: DeploymentJson | undefined;
	/** Its ReplicaSets in full (templates for the history), its pods and its namespace's events. */
	replicaSets: Collection<ReplicaSetJson> | undefined;
	pods: Collection<PodJson> | undefined;
	events: Collection<EventJson> | undefined;
	/** A StatefulSet's or DaemonSet's ControllerRevisions, and the numbers each had while watched (by uid). */
	revisions?: Collection<ControllerRevisionJson> | undefined;
	seenRevisions?: ReadonlyMap<string, readonly number[]>;
	/** The cluster's nodes, for a DaemonSet. */
	nodes?: Collection<NodeJson> | undefined;
}

export interface SnapshotSources {
	context: string;
	cluster: string;
	server: string;
	/** The namespace watched; undefined for all. */
	namespace: string | undefined;
	/** Every watch that feeds the snapshot. */
	states: readonly SourceState[];
	deployments: Collection<DeploymentJson>;
	/** The scope's StatefulSets and DaemonSets, each object tagged with its kind (listed with the deployments). */
	statefulSets?: Collection<StatefulSetJson>;
	daemonSets?: Collection<DaemonSetJson>;
	/** A deployment's ReplicaSets: the same array while none of them changed. */
	replicaSetsOf(deployment: DeploymentJson): readonly ReplicaSetJson[];
	gitOpsOf(deployment: DeploymentJson): GitOpsOwner | undefined;
	/** Which owners' ReplicaSets changed since a mark: see SummarySources. */
	replicaSetChangesSince?: SummarySources['replicaSetChangesSince'];
	/** The cluster's namespaces, or undefined when they cannot be listed (then those with deployments are offered). */
	namespaces: Collection<{metadata: {name: string}}> | undefined;
	/** The namespace of the kubeconfig context, always offered. */
	homeNamespace: string;
	focus: FocusSources | undefined;
	/** What the user may do (a new object when it changes); absent until asked. */
	access?: AccessState;
	/** The watched pods of new revisions that may be failing (none for settled rollouts), and their version. */
	health?: HealthSource;
}

export interface HealthSource {
	readonly version: number;
	/** The workloads whose new pods are watched: the few whose rollout may be failing, not every one listed. */
	watched(): readonly DeploymentJson[];
	/** The watched pods of a workload's new revision (a DaemonSet's: all its pods), undefined when not watched. */
	podsOf(workload: DeploymentJson): readonly PodJson[] | undefined;
	/** A DaemonSet's watched ControllerRevisions: the newest names its new pods. */
	revisionsOf?(workload: DeploymentJson): readonly ControllerRevisionJson[] | undefined;
}

/** A build: the snapshot and what the next build reuses. */
export interface Built {
	snapshot: DashboardSnapshot;
	memo: {
		summaries: SummaryCache;
		deploymentList?: Memo<DeploymentJson[]>;
		health?: Memo<DeploymentSummary[]>;
		cluster?: Memo<ClusterInfo>;
		namespaces?: Memo<string[]>;
		namespacesOfDeployments?: Memo<string[]>;
		history?: Memo<FocusHistory>;
		owners?: Memo<string[]>;
		nodes?: Memo<NodeSummary[]>;
		pods?: Memo<PodSummary[]>;
		podObjects?: Memo<PodJson[]>;
		podSummaries: WeakMap<PodJson, PodSummary>;
		events?: Memo<EventSummary[]>;
	};
}

export function buildSnapshot(sources: SnapshotSources, previous: Built | undefined, now: Date): Built {
	const shown = previous?.snapshot;
	const old = previous?.memo;
	const memos: Built['memo'] = {
		summaries: old?.summaries ?? new SummaryCache(),
		podSummaries: old?.podSummaries ?? new WeakMap(),
	};
	memos.cluster = memo(old?.cluster, [sources.context, sources.cluster, sources.server, sources.namespace], () => ({
		context: sources.context,
		cluster: sources.cluster,
		server: sources.server,
		...(sources.namespace === undefined ? {} : {namespace: sources.namespace}),
	}));
	// list() copies: only when a watch changed. Every kind is one list: the summaries tell them apart.
	const {statefulSets, daemonSets} = sources;
	memos.deploymentList = memo(
		old?.deploymentList,
		[sources.deployments, sources.deployments.version, statefulSets?.version, daemonSets?.version],
		() => [
			...sources.deployments.list(),
			...((statefulSets?.list() ?? []) as unknown as DeploymentJson[]),
			...((daemonSets?.list() ?? []) as unknown as DeploymentJson[]),
		],
	);
	const deploymentList = memos.deploymentList.value;
	const next: DashboardSnapshot = {
		cluster: memos.cluster.value,
		connection: sameConnection(shown?.connection, connectionState(sources.states)),
		deployments: withFailures(memos.summaries.summaries(deploymentList, sources, now), sources, now, memos, old),
		namespaces: namespaceNames(sources, deploymentList, memos, old),
	};
	if (sources.namespaces?.listed && next.namespaces === memos.namespaces?.value) next.namespacesListed = true;
	if (sources.deployments.listed && (statefulSets?.listed ?? true) && (daemonSets?.listed ?? true))
		next.workloadsListed = true;
	if (sources.access) next.access = sources.access;
	if (sources.focus) next.focus = buildFocus(sources.focus, old, memos, shown?.focus);
	return {snapshot: shown && unchanged(next, shown) ? shown : next, memo: memos};
}

/** The summaries with the failures of watched new revisions, of any kind: phase Failing (unless paused) and why. */
function withFailures(
	summaries: DeploymentSummary[],
	sources: SnapshotSources,
	now: Date,
	memos: Built['memo'],
	old: Built['memo'] | undefined,
): DeploymentSummary[] {
	const health = sources.health;
	if (!health) return summaries;
	memos.health = memo(old?.health, [summaries, health, health.version], () => {
		let result = summaries;
		let indexOf: Map<string, number> | undefined;
		for (const workload of health.watched()) {
			const pods = health.podsOf(workload);
			if (!pods || pods.length === 0) continue;
			const inputs = {replicaSets: sources.replicaSetsOf(workload), revisions: health.revisionsOf?.(workload)};
			const failure = workloadFailure(workload, inputs, pods, now);
			if (!failure) continue;
			indexOf ??= new Map(summaries.map((s, index) => [healthKey(s.kind, s.namespace, s.name), index]));
			const key = healthKey(workloadKindOf(workload), workload.metadata.namespace ?? '', workload.metadata.name);
			const index = indexOf.get(key);
			if (index === undefined) continue;
			if (result === summaries) result = [...summaries];
			const summary = summaries[index]!;
			result[index] = {...summary, failure, phase: summary.paused ? summary.phase : 'Failing'};
		}
		return result;
	});
	return memos.health.value;
}

/** The connection label from every watch: an error wins, then the longest reconnect, then live when all are. */
export function connectionState(states: readonly SourceState[]): ConnectionState {
	const stopped = states.find(s => s.state === 'stopped');
	if (stopped && stopped.state === 'stopped') return {state: 'error', message: stopped.error};
	const reconnecting = states.filter(
		(s): s is Extract<SourceState, {state: 'reconnecting'}> => s.state === 'reconnecting',
	);
	if (reconnecting.length > 0) {
		// A server that does not answer at all is the news, before any one watch's failure.
		const earliest =
			reconnecting.find(s => s.unresponsive) ?? reconnecting.reduce((a, b) => (a.since <= b.since ? a : b));
		return {
			state: 'reconnecting',
			since: earliest.since,
			lastError: earliest.lastError,
			...(earliest.unresponsive ? {unresponsive: true} : {}),
		};
	}
	const live = states.filter((s): s is Extract<SourceState, {state: 'live'}> => s.state === 'live');
	if (live.length === states.length)
		return {state: 'live', since: new Date(Math.max(...live.map(s => s.since.getTime())))};
	return {state: 'connecting'};
}

/** The previous state object when nothing in it changed. */
function sameConnection(previous: ConnectionState | undefined, state: ConnectionState): ConnectionState {
	const equal =
		previous !== undefined &&
		previous.state === state.state &&
		('since' in previous ? previous.since.getTime() : 0) === ('since' in state ? state.since.getTime() : 0) &&
		('lastError' in previous ? previous.lastError : '') === ('lastError' in state ? state.lastError : '') &&
		('message' in previous ? previous.message : '') === ('message' in state ? state.message : '');
	return equal ? previous : state;
}

/** The cluster's namespaces when it lists any, else the home namespace and those that have deployments. */
function namespaceNames(
	sources: SnapshotSources,
	deploymentList: readonly DeploymentJson[],
	memos: Built['memo'],
	old: Built['memo'] | undefined,
): string[] {
	const listed = sources.namespaces;
	if (listed) {
		memos.namespaces = memo(old?.namespaces, [listed, listed.version], () =>
			listed
				.list()
				.map(n => n.metadata.name)
				.filter(Boolean)
				.sort(),
		);
		if (memos.namespaces.value.length > 0) return memos.namespaces.value;
	}
	const {deployments, homeNamespace} = sources;
	memos.namespacesOfDeployments = memo(
		old?.namespacesOfDeployments,
		[deployments, deployments.version, homeNamespace],
		() => [...new Set([homeNamespace, ...deploymentList.map(d => d.metadata.namespace ?? '')])].filter(Boolean).sort(),
	);
	return memos.namespacesOfDeployments.value;
}

function buildFocus(
	sources: FocusSources,
	old: Built['memo'] | undefined,
	memos: Built['memo'],
	shown: FocusedDeployment | undefined,
): FocusedDeployment {
	const {target, workload, pods, events} = sources;
	const replicaSets = target.kind === 'Deployment' ? sources.replicaSets : sources.revisions;
	const historian = HISTORIANS[target.kind];
	const focus: FocusedDeployment = {...target, history: [], pods: [], events: []};
	// Until the workload and its ReplicaSets are listed, an empty history means "not known yet", not "none".
	if (!workload || (historian && !replicaSets?.listed)) focus.loading = true;
	if (!workload) return reuseFocus(focus, shown);
	let owners: string[] = [];
	if (replicaSets?.listed && historian) {
		const seen = sources.seenRevisions ?? NO_SEEN_REVISIONS;
		memos.history = memo(old?.history, [workload, replicaSets, replicaSets.version, seen.size], () =>
			historian(workload, replicaSets.list(), seen),
		);
		// The same names keep one array, so that a write to a ReplicaSet does not re-read every event.
		const names = memos.history.value.owners;
		memos.owners = memo(old?.owners, [names.join('\n')], () => names);
		owners = memos.owners.value;
		focus.history = memos.history.value.history;
	}
	const nodes = sources.nodes;
	if (nodes?.listed) {
		memos.nodes = memo(old?.nodes, [nodes, nodes.version], () => summarizeNodes(nodes.list()));
		focus.nodes = memos.nodes.value;
	}
	if (pods) {
		memos.pods = memo(old?.pods, [pods, pods.version], () => summarizePods(pods.list(), memos.podSummaries));
		memos.podObjects = memo(old?.podObjects, [pods, pods.version], () => pods.list());
		focus.pods = memos.pods.value;
		focus.podObjects = memos.podObjects.value;
	}
	if (events) {
		const podList = focus.pods;
		memos.events = memo(old?.events, [events, events.version, podList, owners], () =>
			summarizeEvents(events.list(), {
				namespace: target.namespace,
				kind: target.kind,
				deployment: target.name,
				replicaSets: owners,
				pods: podList.map(p => p.name),
			}),
		);
		focus.events = memos.events.value;
	}
	return reuseFocus(focus, shown);
}

const NO_SEEN_REVISIONS: ReadonlyMap<string, readonly number[]> = new Map();

/** Nodes by name: Ready condition and cordon. */
export function summarizeNodes(nodes: readonly NodeJson[]): NodeSummary[] {
	return nodes
		.map(node => ({
			name: node.metadata.name,
			ready: node.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True') ?? false,
			unschedulable: node.spec?.unschedulable === true,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) => a === b || (a.length === 0 && b.length === 0);

/** The previous focus object when every part of it is the same. */
function reuseFocus(focus: FocusedDeployment, previous: FocusedDeployment | undefined): FocusedDeployment {
	if (
		previous &&
		previous.kind === focus.kind &&
		previous.namespace === focus.namespace &&
		previous.name === focus.name &&
		previous.loading === focus.loading &&
		sameList(previous.history, focus.history) &&
		sameList(previous.pods, focus.pods) &&
		sameList(previous.events, focus.events) &&
		previous.nodes === focus.nodes
	)
		return previous;
	return focus;
}

/** Every part is the same object: nothing to show anew. */
function unchanged(a: DashboardSnapshot, b: DashboardSnapshot): boolean {
	return (
		a.cluster === b.cluster &&
		a.connection === b.connection &&
		a.access === b.access &&
		a.deployments === b.deployments &&
		a.namespaces === b.namespaces &&
		a.namespacesListed === b.namespacesListed &&
		a.workloadsListed === b.workloadsListed &&
		a.focus === b.focus
	);
}
