// The live session the dashboard holds: watches (deployments and slim ReplicaSets of the namespace or all; full
// ReplicaSets, pods and events only of the deployment in focus), coalesced into immutable snapshots at most every
// ~50 ms. A snapshot is built incrementally: ReplicaSets are grouped by owner per watch event, a deployment is
// re-summarised only when it or one of its ReplicaSets changed, and unchanged parts keep their identity.
import {detectGitOps} from '../model/gitops.js';
import {templateDiff} from '../model/diff.js';
import {selectorToString} from '../model/format.js';
import {
	ownedReplicaSets,
	type DeploymentJson,
	type EventJson,
	type PodJson,
	type ReplicaSetJson,
} from '../model/objects.js';
import {summarizeEvents, summarizePods} from '../model/pods.js';
import {replicaSetForRevision, revisionHistory} from '../model/revisions.js';
import {slimReplicaSet} from '../model/slim.js';
import {SummaryCache} from '../model/summary-cache.js';
import type {
	ConnectionState,
	DashboardSnapshot,
	EventSummary,
	FocusedDeployment,
	GitOpsOwner,
	PodSummary,
	RevisionEntry,
	RolloutSession,
	TemplateChange,
} from '../model/types.js';
import {AccessTracker} from './access.js';
import {pauseDeployment, restartDeployment, resumeDeployment, undoDeployment} from './actions.js';
import type {Connection} from './connect.js';
import {ApiError} from './http.js';
import {OwnerIndex} from './owner-index.js';
import {ResourceWatch, withoutManagedFields, type KubeObject, type WatchState, type WatchTiming} from './watch.js';

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
	/** The watches' request counters (lists, watches, failures, stalls, expirations). */
	watchStats(): Record<string, ResourceWatch<KubeObject>['stats']>;
	/** Every namespace was forbidden: show `namespace` instead, with the line that says so. */
	narrowTo(namespace: string, notice: string): void;
}

/** Every part is the same object: nothing to show anew (parts keep their identity while unchanged). */
function unchanged(a: DashboardSnapshot, b: DashboardSnapshot | undefined): boolean {
	return (
		b !== undefined &&
		a.cluster === b.cluster &&
		a.connection === b.connection &&
		a.access === b.access &&
		a.deployments === b.deployments &&
		a.namespaces === b.namespaces &&
		a.focus === b.focus
	);
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) => a === b || (a.length === 0 && b.length === 0);

const ns = (namespace: string) => `/namespaces/${encodeURIComponent(namespace)}`;

export function createSession(connection: Connection, options: SessionOptions = {}): LiveSession {
	const batchMs = options.batchMs ?? 50;
	const now = options.now ?? (() => new Date());
	const {client, kubeConfig} = connection;
	let namespace: string | undefined = connection.allNamespaces ? undefined : connection.namespace;
	let focusTarget: {namespace: string; name: string} | undefined;
	let focusSelector: string | undefined;
	const listeners = new Set<() => void>();
	const gitOpsByUid = new Map<string, GitOpsOwner | undefined>();
	let closed = false;
	let flushTimer: NodeJS.Timeout | undefined;

	const watch = <T extends KubeObject>(
		path: string,
		extra: {
			labelSelector?: string;
			transform?: (raw: any) => T;
			isFatal?: (e: unknown) => boolean;
			index?: OwnerIndex<T>;
			start?: boolean;
			onChange?: () => void;
		} = {},
	) => {
		const {start = true, onChange = schedule, ...rest} = extra;
		const w = new ResourceWatch<T>({
			client,
			kubeConfig,
			path,
			timing: options.timing,
			onChange,
			onState: schedule,
			...rest,
		});
		if (start) w.start();
		return w;
	};

	// GitOps ownership is read from managedFields before they are dropped.
	const deploymentTransform = (raw: any): DeploymentJson => {
		if (raw?.metadata?.uid) gitOpsByUid.set(raw.metadata.uid, detectGitOps(raw.metadata));
		return withoutManagedFields(raw);
	};

	let deployments!: ResourceWatch<DeploymentJson>;
	let replicaSets!: ResourceWatch<ReplicaSetJson>;
	let replicaSetsByOwner!: OwnerIndex<ReplicaSetJson>;
	/** Set until the first snapshot with the deployments listed has been sent: that one goes out at once. */
	let firstListPending = true;
	const startScope = () => {
		const prefix = namespace === undefined ? '' : ns(namespace);
		firstListPending = true;
		replicaSetsByOwner = new OwnerIndex<ReplicaSetJson>();
		// The first frame needs only the deployments: the ReplicaSets' many pages would compete with theirs.
		const scopeReplicaSets = watch<ReplicaSetJson>(`/apis/apps/v1${prefix}/replicasets`, {
			transform: slimReplicaSet,
			index: replicaSetsByOwner,
			start: false,
		});
		const scopeDeployments = watch<DeploymentJson>(`/apis/apps/v1${prefix}/deployments`, {
			transform: deploymentTransform,
			onChange: deploymentsChanged,
		});
		replicaSets = scopeReplicaSets;
		deployments = scopeDeployments;
		void scopeDeployments.whenListed().then(() => scopeReplicaSets.start());
	};
	startScope();
	const access = new AccessTracker(client, schedule);
	access.review(namespace);
	// Many users may not list namespaces: then the switch offers the namespaces that have deployments.
	const namespaces = watch<KubeObject>('/api/v1/namespaces', {
		isFatal: e => e instanceof ApiError && (e.status === 403 || e.status === 401),
	});
	let pods: ResourceWatch<PodJson> | undefined;
	let events: ResourceWatch<EventJson> | undefined;
	/** The focused deployment's ReplicaSets in full (templates for history and diffs), selected by its selector. */
	let focusReplicaSets: ResourceWatch<ReplicaSetJson> | undefined;

	const stopFocusWatches = () => {
		void pods?.stop();
		void events?.stop();
		void focusReplicaSets?.stop();
		pods = undefined;
		events = undefined;
		focusReplicaSets = undefined;
		focusSelector = undefined;
	};

	/** (Re)starts the pod watch once the focused deployment is known, and when its selector changes. */
	const ensureFocusWatches = () => {
		if (!focusTarget || closed) return;
		const target = focusTarget;
		events ??= watch<EventJson>(`/api/v1${ns(target.namespace)}/events`);
		const deployment = deployments.get(target.namespace, target.name);
		if (!deployment) return;
		const selector = selectorToString(deployment.spec.selector);
		if (focusSelector !== undefined && selector === focusSelector) return;
		void pods?.stop();
		void focusReplicaSets?.stop();
		focusSelector = selector;
		// An empty selector would select every pod of the namespace: the controller refuses such deployments anyway.
		pods = selector ? watch<PodJson>(`/api/v1${ns(target.namespace)}/pods`, {labelSelector: selector}) : undefined;
		// A deployment's ReplicaSets carry its selector's labels (the controller adopts only matching ones).
		focusReplicaSets = selector
			? watch<ReplicaSetJson>(`/apis/apps/v1${ns(target.namespace)}/replicasets`, {labelSelector: selector})
			: undefined;
	};

	// A throttle, not a delay: a change after a quiet spell is shown at once (events parsed from the same chunk of the
	// stream still share the flush); while changes keep coming, flushes are at least batchMs apart.
	let lastFlushAt = -Infinity;
	function schedule(): void {
		if (closed || flushTimer) return;
		flushTimer = setTimeout(flush, Math.max(0, lastFlushAt + batchMs - performance.now()));
	}

	/** The first list of deployments is drawn at once; later changes are batched. */
	function deploymentsChanged(): void {
		if (closed) return;
		if (firstListPending && deployments.listed) {
			firstListPending = false;
			if (flushTimer) clearTimeout(flushTimer);
			flushTimer = setTimeout(flush, 0);
			return;
		}
		schedule();
	}

	let snapshot!: DashboardSnapshot;

	function flush(): void {
		flushTimer = undefined;
		if (closed) return;
		lastFlushAt = performance.now();
		ensureFocusWatches();
		const next = build();
		// A tick or an event that changed nothing shown (a bookmark, a same-second countdown): no new frame.
		if (unchanged(next, snapshot)) return;
		snapshot = next;
		for (const listener of [...listeners]) listener();
	}

	// Deadline countdowns change without any event: refresh once a second while one is counting.
	const ticker = setInterval(() => {
		if (snapshot.deployments.some(d => d.deadline?.remainingSeconds !== undefined)) schedule();
	}, 1000);
	ticker.unref();

	function connectionState(): ConnectionState {
		const states: WatchState[] = [deployments.state, replicaSets.state];
		if (pods) states.push(pods.state);
		if (events) states.push(events.state);
		if (focusReplicaSets) states.push(focusReplicaSets.state);
		const stopped = states.find(s => s.state === 'stopped');
		if (stopped && stopped.state === 'stopped') return {state: 'error', message: stopped.error};
		const reconnecting = states.filter(
			(s): s is Extract<WatchState, {state: 'reconnecting'}> => s.state === 'reconnecting',
		);
		if (reconnecting.length > 0) {
			const earliest =
				reconnecting.find(s => s.unresponsive) ?? reconnecting.reduce((a, b) => (a.since <= b.since ? a : b));
			return {
				state: 'reconnecting',
				since: earliest.since,
				lastError: earliest.lastError,
				...(earliest.unresponsive ? {unresponsive: true} : {}),
			};
		}
		const live = states.filter((s): s is Extract<WatchState, {state: 'live'}> => s.state === 'live');
		if (live.length === states.length)
			return {state: 'live', since: new Date(Math.max(...live.map(s => s.since.getTime())))};
		return {state: 'connecting'};
	}

	const summaryCache = new SummaryCache();
	const summarySources = {
		replicaSetsOf: (d: DeploymentJson) => replicaSetsByOwner.owned(d.metadata.uid),
		gitOpsOf: (d: DeploymentJson) => gitOpsByUid.get(d.metadata.uid ?? ''),
	};
	let namespaceCache: {key: unknown[]; names: string[]} | undefined;

	function namespaceNames(deploymentList: readonly DeploymentJson[]): string[] {
		const fromDeployments = namespaces.state.state === 'stopped' || namespaces.list().length === 0;
		// Reused while the inputs are the same, so the snapshot's array keeps its identity too.
		const key = fromDeployments
			? [deployments, deployments.version, connection.namespace]
			: [namespaces, namespaces.version];
		if (
			namespaceCache &&
			namespaceCache.key.length === key.length &&
			namespaceCache.key.every((part, i) => part === key[i])
		)
			return namespaceCache.names;
		const names = fromDeployments
			? [...new Set([connection.namespace, ...deploymentList.map(d => d.metadata.namespace ?? '')])]
			: namespaces.list().map(n => n.metadata.name);
		namespaceCache = {key, names: names.filter(Boolean).sort()};
		return namespaceCache.names;
	}

	let previousConnection: ConnectionState | undefined;
	/** The previous state object when nothing in it changed (keeps the snapshot's parts identical between frames). */
	function sameConnection(state: ConnectionState): ConnectionState {
		const previous = previousConnection;
		const equal =
			previous !== undefined &&
			previous.state === state.state &&
			('since' in previous ? previous.since.getTime() : 0) === ('since' in state ? state.since.getTime() : 0) &&
			('lastError' in previous ? previous.lastError : '') === ('lastError' in state ? state.lastError : '') &&
			('message' in previous ? previous.message : '') === ('message' in state ? state.message : '');
		if (equal) return previous;
		return (previousConnection = state);
	}

	let clusterCache: DashboardSnapshot['cluster'] | undefined;
	function clusterInfo(): DashboardSnapshot['cluster'] {
		// The context and server change when the kubeconfig is read again.
		if (
			clusterCache &&
			clusterCache.namespace === namespace &&
			clusterCache.context === connection.context &&
			clusterCache.server === connection.server
		)
			return clusterCache;
		return (clusterCache = {
			context: connection.context,
			cluster: connection.cluster,
			server: connection.server,
			...(namespace === undefined ? {} : {namespace}),
		});
	}

	function build(): DashboardSnapshot {
		const time = now();
		const deploymentList = deployments.list();
		const result: DashboardSnapshot = {
			cluster: clusterInfo(),
			connection: sameConnection(connectionState()),
			access: access.state,
			deployments: summaryCache.summaries(deploymentList, summarySources, time),
			namespaces: namespaceNames(deploymentList),
		};
		if (focusTarget) result.focus = buildFocus(focusTarget);
		return result;
	}

	// The focus view's parts, each reused while what it is computed from is unchanged.
	let historyCache:
		| {deployment: DeploymentJson; source: unknown; version: number; owned: ReplicaSetJson[]; history: RevisionEntry[]}
		| undefined;
	let podCache: {source: unknown; version: number; pods: PodSummary[]} | undefined;
	const podSummaries = new WeakMap<PodJson, PodSummary>();
	let eventCache:
		| {source: unknown; version: number; pods: PodSummary[]; owned: ReplicaSetJson[]; events: EventSummary[]}
		| undefined;
	let previousFocus: FocusedDeployment | undefined;

	function buildFocus(target: {namespace: string; name: string}): FocusedDeployment {
		const deployment = deployments.get(target.namespace, target.name);
		const focus: FocusedDeployment = {
			namespace: target.namespace,
			name: target.name,
			history: [],
			pods: [],
			events: [],
		};
		if (!deployment) return reuseFocus(focus);
		const fullReplicaSets = focusReplicaSets;
		let owned: ReplicaSetJson[] = [];
		if (fullReplicaSets?.listed) {
			const cached = historyCache;
			if (
				cached &&
				cached.deployment === deployment &&
				cached.source === fullReplicaSets &&
				cached.version === fullReplicaSets.version
			) {
				owned = cached.owned;
				focus.history = cached.history;
			} else {
				owned = ownedReplicaSets(deployment, fullReplicaSets.list());
				focus.history = revisionHistory(deployment, owned);
				historyCache = {
					deployment,
					source: fullReplicaSets,
					version: fullReplicaSets.version,
					owned,
					history: focus.history,
				};
			}
		}
		const podWatch = pods;
		if (podWatch) {
			if (!podCache || podCache.source !== podWatch || podCache.version !== podWatch.version) {
				podCache = {source: podWatch, version: podWatch.version, pods: summarizePods(podWatch.list(), podSummaries)};
			}
			focus.pods = podCache.pods;
		}
		const eventWatch = events;
		if (eventWatch) {
			const cached = eventCache;
			if (
				cached &&
				cached.source === eventWatch &&
				cached.version === eventWatch.version &&
				cached.pods === focus.pods &&
				cached.owned === owned
			) {
				focus.events = cached.events;
			} else {
				focus.events = summarizeEvents(eventWatch.list(), {
					namespace: target.namespace,
					deployment: target.name,
					replicaSets: owned.map(rs => rs.metadata.name),
					pods: focus.pods.map(p => p.name),
				});
				eventCache = {source: eventWatch, version: eventWatch.version, pods: focus.pods, owned, events: focus.events};
			}
		}
		return reuseFocus(focus);
	}

	/** The previous focus object when every part of it is the same. */
	function reuseFocus(focus: FocusedDeployment): FocusedDeployment {
		const previous = previousFocus;
		if (
			previous &&
			previous.namespace === focus.namespace &&
			previous.name === focus.name &&
			sameList(previous.history, focus.history) &&
			sameList(previous.pods, focus.pods) &&
			sameList(previous.events, focus.events)
		) {
			return previous;
		}
		return (previousFocus = focus);
	}

	snapshot = build();

	return {
		getSnapshot: () => snapshot,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		setNamespace(next) {
			if (next === namespace) return;
			namespace = next;
			void deployments.stop();
			void replicaSets.stop();
			startScope();
			access.review(namespace);
			schedule();
		},
		narrowTo(allowed, notice) {
			access.narrowed(notice);
			this.setNamespace(allowed);
		},
		focus(target) {
			const same =
				target && focusTarget && target.namespace === focusTarget.namespace && target.name === focusTarget.name;
			if (same) return;
			stopFocusWatches();
			focusTarget = target ? {...target} : undefined;
			ensureFocusWatches();
			schedule();
		},
		pause: (namespace, name) => pauseDeployment(client, namespace, name),
		resume: (namespace, name) => resumeDeployment(client, namespace, name),
		restart: (namespace, name) => restartDeployment(client, namespace, name, now),
		undo: (namespace, name, toRevision, basedOnGeneration) =>
			undoDeployment(client, namespace, name, toRevision, basedOnGeneration),
		templateDiff(namespace, name, toRevision): TemplateChange[] {
			const deployment = deployments.get(namespace, name);
			if (!deployment) return [];
			// Templates are kept only for the deployment in focus (the scope's ReplicaSets are slim).
			const focused = focusTarget?.namespace === namespace && focusTarget.name === name;
			if (!focused || !focusReplicaSets?.listed)
				throw new Error("the revisions' templates are still loading; try again in a moment");
			const found = replicaSetForRevision(deployment, focusReplicaSets.list(), toRevision);
			return 'rs' in found ? templateDiff(deployment.spec.template, found.rs.spec.template) : [];
		},
		async ready() {
			await Promise.all([deployments.whenListed(), replicaSets.whenListed(), namespaces.whenListed()]);
			if (flushTimer) {
				clearTimeout(flushTimer);
				flush();
			}
		},
		watchStats() {
			const stats: Record<string, ResourceWatch<KubeObject>['stats']> = {
				deployments: deployments.stats,
				replicasets: replicaSets.stats,
				namespaces: namespaces.stats,
			};
			if (pods) stats['pods'] = pods.stats;
			if (events) stats['events'] = events.stats;
			if (focusReplicaSets) stats['focusReplicasets'] = focusReplicaSets.stats;
			return stats;
		},
		async close() {
			closed = true;
			clearInterval(ticker);
			if (flushTimer) clearTimeout(flushTimer);
			await Promise.all([
				deployments.stop(),
				replicaSets.stop(),
				namespaces.stop(),
				pods?.stop(),
				events?.stop(),
				focusReplicaSets?.stop(),
			]);
			listeners.clear();
		},
	};
}
