// A RolloutSession for component tests: holds a snapshot the test sets, records every call,
// and answers actions with results the test chooses.
import type {
	ActionRequest,
	ActionResult,
	DashboardSnapshot,
	DeploymentSummary,
	EventSummary,
	PodSummary,
	RevisionEntry,
	RolloutProgress,
	RolloutSession,
	TemplateChange,
	Verb,
	WorkloadRef,
	LogFeed,
	LogTargetRef,
	ObjectRef,
} from '../../source/model/types.js';
import {LogBuffer} from '../../source/model/log-buffer.js';

export type Call =
	| {method: 'setNamespace'; namespace: string | undefined}
	| {method: 'focus'; target: WorkloadRef | undefined}
	| {method: 'pause' | 'resume' | 'restart'; namespace: string; name: string}
	| {method: 'undo'; namespace: string; name: string; toRevision: number; basedOnGeneration?: number}
	| {method: 'scale'; namespace: string; name: string; replicas: number}
	| {method: 'set-image'; namespace: string; name: string; container: string; image: string}
	| {method: 'templateDiff'; namespace: string; name: string; toRevision: number}
	| {method: 'close'};

/** A log feed the test writes lines into. */
export class FakeLogFeed implements LogFeed {
	readonly buffer = new LogBuffer();
	previous = false;
	stopped = false;
	noteText: string | undefined;

	constructor(private readonly onChange: () => void) {}

	note(): string | undefined {
		return this.noteText;
	}

	setPrevious(previous: boolean): void {
		this.previous = previous;
		this.buffer.clear();
		this.onChange();
	}

	write(lines: string[]): void {
		this.buffer.appendLines(lines);
		this.onChange();
	}

	stop(): void {
		this.stopped = true;
	}
}

export class FakeSession implements RolloutSession {
	calls: Call[] = [];
	subscribeCount = 0;
	results: Record<Verb, ActionResult>;
	changes: TemplateChange[] = [];
	closed = false;
	private listeners = new Set<() => void>();

	constructor(private snapshot: DashboardSnapshot) {
		this.results = {
			pause: {ok: true, message: 'deployment.apps/web paused'},
			resume: {ok: true, message: 'deployment.apps/web resumed'},
			restart: {ok: true, message: 'deployment.apps/web restarted'},
			undo: {ok: true, message: 'deployment.apps/web rolled back'},
			scale: {ok: true, message: 'deployment.apps/web scaled'},
			'set-image': {ok: true, message: 'deployment.apps/web image updated'},
		};
	}

	setSnapshot(snapshot: DashboardSnapshot): void {
		this.snapshot = snapshot;
		for (const listener of this.listeners) listener();
	}

	getSnapshot(): DashboardSnapshot {
		return this.snapshot;
	}

	subscribe(listener: () => void): () => void {
		this.subscribeCount++;
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	setNamespace(namespace: string | undefined): void {
		this.calls.push({method: 'setNamespace', namespace});
	}

	focus(target: WorkloadRef | undefined): void {
		this.calls.push({method: 'focus', target});
	}

	/** Recorded as the verb with the object's namespace and name and the verb's arguments. */
	async run(request: ActionRequest): Promise<ActionResult> {
		const {namespace, name} = request;
		if (request.verb === 'undo') this.calls.push({method: 'undo', namespace, name, ...request.args});
		else if (request.verb === 'scale') this.calls.push({method: 'scale', namespace, name, ...request.args});
		else if (request.verb === 'set-image') this.calls.push({method: 'set-image', namespace, name, ...request.args});
		else this.calls.push({method: request.verb, namespace, name});
		return this.results[request.verb];
	}

	templateDiff(namespace: string, name: string, toRevision: number): TemplateChange[] {
		this.calls.push({method: 'templateDiff', namespace, name, toRevision});
		return this.changes;
	}

	/** Log feeds opened, with the lines the test gives them. */
	feeds: {target: LogTargetRef; feed: FakeLogFeed}[] = [];
	texts: Record<string, string[]> = {};

	openLogs(target: LogTargetRef, onChange: () => void): LogFeed {
		const feed = new FakeLogFeed(onChange);
		this.feeds.push({target, feed});
		return feed;
	}

	async describe(ref: ObjectRef): Promise<string[]> {
		return this.texts[`describe ${ref.kind}/${ref.name}`] ?? [`Name: ${ref.name}`];
	}

	async yaml(ref: ObjectRef): Promise<string[]> {
		return this.texts[`yaml ${ref.kind}/${ref.name}`] ?? [`kind: ${ref.kind}`, 'metadata:', `  name: ${ref.name}`];
	}

	async close(): Promise<void> {
		this.calls.push({method: 'close'});
		this.closed = true;
	}

	callsOf(method: Call['method']): Call[] {
		return this.calls.filter(call => call.method === method);
	}
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

export function progress(overrides: Partial<RolloutProgress> = {}): RolloutProgress {
	return {
		desired: 3,
		current: 3,
		updated: 3,
		ready: 3,
		available: 3,
		unavailable: 0,
		maxSurge: 1,
		maxUnavailable: 0,
		surgeInUse: 0,
		unavailableInUse: 0,
		oldPodsPendingTermination: 0,
		...overrides,
	};
}

export function deployment(overrides: Partial<DeploymentSummary> & {name: string}): DeploymentSummary {
	return {
		kind: 'Deployment',
		namespace: 'default',
		uid: `uid-${overrides.name}`,
		resourceVersion: '100',
		generation: 3,
		createdAt: minutesAgo(30),
		revision: 1,
		strategy: 'RollingUpdate',
		paused: false,
		phase: 'Complete',
		progress: progress(),
		statusSentence: `deployment "${overrides.name}" successfully rolled out`,
		conditions: [{type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable'}],
		images: [{container: 'app', image: 'nginx:1.25'}],
		specPending: false,
		...overrides,
	};
}

export function revision(overrides: Partial<RevisionEntry> & {revision: number}): RevisionEntry {
	return {
		kind: 'Deployment',
		replicaSetName: `web-hash${overrides.revision}`,
		podTemplateHash: `hash${overrides.revision}`,
		images: [{container: 'app', image: `nginx:1.2${overrides.revision}`}],
		createdAt: minutesAgo(30 - overrides.revision),
		desired: 0,
		current: 0,
		ready: 0,
		available: 0,
		isCurrent: false,
		restoredFrom: [],
		...overrides,
	};
}

export function pod(overrides: Partial<PodSummary> & {name: string}): PodSummary {
	return {
		namespace: 'default',
		status: 'Running',
		ready: true,
		readyText: '1/1',
		restarts: 0,
		createdAt: minutesAgo(5),
		terminating: false,
		...overrides,
	};
}

export function event(overrides: Partial<EventSummary> & {reason: string}): EventSummary {
	return {
		type: 'Normal',
		message: `${overrides.reason} happened`,
		count: 1,
		lastSeen: minutesAgo(1),
		involvedKind: 'Deployment',
		involvedName: 'web',
		...overrides,
	};
}

/** Three deployments in two namespaces, "web" mid-rollout from revision 2 to 3. */
export function sampleSnapshot(overrides: Partial<DashboardSnapshot> = {}): DashboardSnapshot {
	return {
		cluster: {context: 'sim-context', cluster: 'sim-cluster', server: 'https://127.0.0.1:1', namespace: 'default'},
		connection: {state: 'live', since: minutesAgo(1)},
		namespaces: ['default', 'shop'],
		deployments: [
			deployment({
				name: 'api',
				revision: 4,
				progress: progress({desired: 2, current: 2, updated: 2, ready: 2, available: 2}),
			}),
			deployment({
				name: 'web',
				revision: 3,
				phase: 'Progressing',
				progress: progress({
					desired: 3,
					current: 4,
					updated: 1,
					ready: 3,
					available: 3,
					surgeInUse: 1,
					oldPodsPendingTermination: 3,
				}),
				deadline: {
					progressDeadlineSeconds: 600,
					lastProgressAt: new Date(Date.now() - 60_000),
					remainingSeconds: 540,
					exceeded: false,
				},
				statusSentence: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
				images: [{container: 'app', image: 'nginx:1.23'}],
			}),
			deployment({name: 'worker', phase: 'Paused', paused: true, revision: 2}),
		],
		...overrides,
	};
}

/** The focus part of a snapshot for "web": three revisions, pods of the two live ones, two events. */
export function webFocus(): NonNullable<DashboardSnapshot['focus']> {
	return {
		kind: 'Deployment',
		namespace: 'default',
		name: 'web',
		history: [
			revision({revision: 1, changeCause: 'kubectl create deployment web --image=nginx:1.21'}),
			revision({
				revision: 2,
				desired: 3,
				current: 3,
				ready: 3,
				available: 3,
				derivedCause: 'image nginx:1.21 → nginx:1.22',
				restoredFrom: [],
			}),
			revision({
				revision: 3,
				desired: 1,
				current: 1,
				ready: 0,
				isCurrent: true,
				derivedCause: 'image nginx:1.22 → nginx:1.23',
			}),
		],
		pods: [
			pod({name: 'web-hash2-aaaaa', replicaSetName: 'web-hash2'}),
			pod({name: 'web-hash2-bbbbb', replicaSetName: 'web-hash2'}),
			pod({name: 'web-hash2-ccccc', replicaSetName: 'web-hash2'}),
			pod({
				name: 'web-hash3-ddddd',
				replicaSetName: 'web-hash3',
				status: 'ImagePullBackOff',
				ready: false,
				readyText: '0/1',
				restarts: 2,
			}),
		],
		events: [
			event({reason: 'ScalingReplicaSet', message: 'Scaled up replica set web-hash3 from 0 to 1'}),
			event({
				reason: 'Failed',
				type: 'Warning',
				involvedKind: 'Pod',
				involvedName: 'web-hash3-ddddd',
				message: 'Back-off pulling image "nginx:1.23"',
				count: 4,
			}),
		],
	};
}
