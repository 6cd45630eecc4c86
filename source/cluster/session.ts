// The live session the dashboard holds: watches (deployments and ReplicaSets of the namespace or all; pods and
// events only of the deployment in focus), coalesced into immutable snapshots at most every ~50 ms.
import {detectGitOps} from '../model/gitops.js';
import {templateDiff} from '../model/diff.js';
import {selectorToString} from '../model/format.js';
import type {DeploymentJson, EventJson, PodJson, ReplicaSetJson} from '../model/objects.js';
import {summarizeEvents, summarizePods} from '../model/pods.js';
import {replicaSetForRevision, revisionHistory} from '../model/revisions.js';
import {compareByNamespaceAndName, summarizeDeployment} from '../model/summary.js';
import type {ConnectionState, DashboardSnapshot, FocusedDeployment, GitOpsOwner, RolloutSession, TemplateChange} from '../model/types.js';
import {pauseDeployment, restartDeployment, resumeDeployment, undoDeployment} from './actions.js';
import type {Connection} from './connect.js';
import {ApiError} from './http.js';
import {ResourceWatch, withoutManagedFields, type KubeObject, type WatchState, type WatchTiming} from './watch.js';

export interface SessionOptions {
	timing?: Partial<WatchTiming>;
	/** Coalescing window for change notifications (default 50 ms). */
	batchMs?: number;
	now?: () => Date;
}

/** The RolloutSession plus what headless commands and tests need. */
export interface LiveSession extends RolloutSession {
	/** Resolves when deployments, ReplicaSets and namespaces have been listed once (or namespaces proved forbidden). */
	ready(): Promise<void>;
	/** The watches' request counters (lists, watches, failures, stalls, expirations). */
	watchStats(): Record<string, ResourceWatch<KubeObject>['stats']>;
}

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

	const watch = <T extends KubeObject>(path: string, extra: {labelSelector?: string; transform?: (raw: any) => T; isFatal?: (e: unknown) => boolean} = {}) => {
		const w = new ResourceWatch<T>({client, kubeConfig, path, timing: options.timing, onChange: schedule, onState: schedule, ...extra});
		w.start();
		return w;
	};

	// GitOps ownership is read from managedFields before they are dropped.
	const deploymentTransform = (raw: any): DeploymentJson => {
		if (raw?.metadata?.uid) gitOpsByUid.set(raw.metadata.uid, detectGitOps(raw.metadata));
		return withoutManagedFields(raw);
	};

	let deployments!: ResourceWatch<DeploymentJson>;
	let replicaSets!: ResourceWatch<ReplicaSetJson>;
	const startScope = () => {
		const prefix = namespace === undefined ? '' : ns(namespace);
		deployments = watch<DeploymentJson>(`/apis/apps/v1${prefix}/deployments`, {transform: deploymentTransform});
		replicaSets = watch<ReplicaSetJson>(`/apis/apps/v1${prefix}/replicasets`);
	};
	startScope();
	// Many users may not list namespaces: then the switch offers the namespaces that have deployments.
	const namespaces = watch<KubeObject>('/api/v1/namespaces', {isFatal: e => e instanceof ApiError && (e.status === 403 || e.status === 401)});
	let pods: ResourceWatch<PodJson> | undefined;
	let events: ResourceWatch<EventJson> | undefined;

	const stopFocusWatches = () => {
		void pods?.stop();
		void events?.stop();
		pods = undefined;
		events = undefined;
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
		if (pods && selector === focusSelector) return;
		void pods?.stop();
		focusSelector = selector;
		// An empty selector would select every pod of the namespace: the controller refuses such deployments anyway.
		pods = selector ? watch<PodJson>(`/api/v1${ns(target.namespace)}/pods`, {labelSelector: selector}) : undefined;
	};

	function schedule(): void {
		if (closed || flushTimer) return;
		flushTimer = setTimeout(flush, batchMs);
	}

	let snapshot: DashboardSnapshot = build();

	function flush(): void {
		flushTimer = undefined;
		if (closed) return;
		ensureFocusWatches();
		snapshot = build();
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
		const stopped = states.find(s => s.state === 'stopped');
		if (stopped && stopped.state === 'stopped') return {state: 'error', message: stopped.error};
		const reconnecting = states.filter((s): s is Extract<WatchState, {state: 'reconnecting'}> => s.state === 'reconnecting');
		if (reconnecting.length > 0) {
			const earliest = reconnecting.reduce((a, b) => (a.since <= b.since ? a : b));
			return {state: 'reconnecting', since: earliest.since, lastError: earliest.lastError};
		}
		const live = states.filter((s): s is Extract<WatchState, {state: 'live'}> => s.state === 'live');
		if (live.length === states.length) return {state: 'live', since: new Date(Math.max(...live.map(s => s.since.getTime())))};
		return {state: 'connecting'};
	}

	function replicaSetsByOwner(): Map<string, ReplicaSetJson[]> {
		const byOwner = new Map<string, ReplicaSetJson[]>();
		for (const rs of replicaSets.list()) {
			const owner = rs.metadata.ownerReferences?.find(ref => ref.controller)?.uid;
			if (!owner) continue;
			const list = byOwner.get(owner);
			if (list) list.push(rs);
			else byOwner.set(owner, [rs]);
		}
		return byOwner;
	}

	function build(): DashboardSnapshot {
		const time = now();
		const byOwner = replicaSetsByOwner();
		const deploymentList = deployments.list();
		const summaries = deploymentList
			.map(d => summarizeDeployment(d, byOwner.get(d.metadata.uid ?? '') ?? [], time, gitOpsByUid.get(d.metadata.uid ?? '')))
			.sort(compareByNamespaceAndName);
		const namespaceNames =
			namespaces.state.state === 'stopped' || namespaces.list().length === 0
				? [...new Set([connection.namespace, ...deploymentList.map(d => d.metadata.namespace ?? '')])]
				: namespaces.list().map(n => n.metadata.name);
		const result: DashboardSnapshot = {
			cluster: {context: connection.context, cluster: connection.cluster, server: connection.server, ...(namespace === undefined ? {} : {namespace})},
			connection: connectionState(),
			deployments: summaries,
			namespaces: namespaceNames.filter(Boolean).sort(),
		};
		if (focusTarget) result.focus = buildFocus(focusTarget, byOwner);
		return result;
	}

	function buildFocus(target: {namespace: string; name: string}, byOwner: Map<string, ReplicaSetJson[]>): FocusedDeployment {
		const deployment = deployments.get(target.namespace, target.name);
		const focus: FocusedDeployment = {namespace: target.namespace, name: target.name, history: [], pods: [], events: []};
		if (!deployment) return focus;
		const owned = byOwner.get(deployment.metadata.uid ?? '') ?? [];
		focus.history = revisionHistory(deployment, owned);
		focus.pods = summarizePods(pods?.list() ?? []);
		focus.events = summarizeEvents(events?.list() ?? [], {
			namespace: target.namespace,
			deployment: target.name,
			replicaSets: owned.map(rs => rs.metadata.name),
			pods: focus.pods.map(p => p.name),
		});
		return focus;
	}

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
			schedule();
		},
		focus(target) {
			const same = target && focusTarget && target.namespace === focusTarget.namespace && target.name === focusTarget.name;
			if (same) return;
			stopFocusWatches();
			focusTarget = target ? {...target} : undefined;
			ensureFocusWatches();
			schedule();
		},
		pause: (namespace, name) => pauseDeployment(client, namespace, name),
		resume: (namespace, name) => resumeDeployment(client, namespace, name),
		restart: (namespace, name) => restartDeployment(client, namespace, name, now),
		undo: (namespace, name, toRevision, basedOnGeneration) => undoDeployment(client, namespace, name, toRevision, basedOnGeneration),
		templateDiff(namespace, name, toRevision): TemplateChange[] {
			const deployment = deployments.get(namespace, name);
			if (!deployment) return [];
			const found = replicaSetForRevision(deployment, replicaSets.list(), toRevision);
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
			const stats: Record<string, ResourceWatch<KubeObject>['stats']> = {deployments: deployments.stats, replicasets: replicaSets.stats, namespaces: namespaces.stats};
			if (pods) stats['pods'] = pods.stats;
			if (events) stats['events'] = events.stats;
			return stats;
		},
		async close() {
			closed = true;
			clearInterval(ticker);
			if (flushTimer) clearTimeout(flushTimer);
			await Promise.all([deployments.stop(), replicaSets.stop(), namespaces.stop(), pods?.stop(), events?.stop()]);
			listeners.clear();
		},
	};
}
