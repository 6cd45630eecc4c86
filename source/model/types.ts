// The view model: what the pure model functions compute from API objects and what the UI renders.
// Nothing here knows about HTTP, Ink or the simulator.
import type {WorkloadKind} from './kinds.js';
import type {ActionRequest} from './verbs.js';
import type {RolloutFailure} from './health.js';
import type {LogBuffer} from './log-buffer.js';
import type {PodJson} from './objects.js';

export type {WorkloadKind} from './kinds.js';
export type {ActionRequest, Verb} from './verbs.js';

/** One workload object, named as the UI and the actions name it. */
export interface WorkloadRef {
	kind: WorkloadKind;
	namespace: string;
	name: string;
}

/** How the rollout of a deployment stands, as a person would name it. */
export type Phase = 'Complete' | 'Progressing' | 'Paused' | 'Stalled' | 'Scaling' | 'Failing';

export interface ContainerImage {
	container: string;
	image: string;
}

/** One revision of a deployment: one ReplicaSet it owns. */
export interface RevisionEntry {
	/** The kind of the workload this is a revision of. */
	kind: WorkloadKind;
	revision: number;
	replicaSetName: string;
	podTemplateHash: string;
	images: ContainerImage[];
	/** The kubernetes.io/change-cause annotation, when set. */
	changeCause?: string;
	/** A short label derived from what changed against the previous revision, e.g. "image nginx:1.17 → nginx:1.18". */
	derivedCause?: string;
	createdAt: Date;
	desired: number;
	current: number;
	ready: number;
	available: number;
	/** Whether this ReplicaSet's template is the deployment's current template. */
	isCurrent: boolean;
	/** Earlier revision numbers this ReplicaSet carried (deployment.kubernetes.io/revision-history). */
	restoredFrom: number[];
}

/** Rollout arithmetic for one deployment, resolved as the controller resolves it. */
export interface RolloutProgress {
	desired: number;
	/** status.replicas: pods of every ReplicaSet that are not terminating. */
	current: number;
	updated: number;
	ready: number;
	available: number;
	unavailable: number;
	/** Resolved maxSurge / maxUnavailable (0 for Recreate). */
	maxSurge: number;
	maxUnavailable: number;
	/** Pods above `desired` that the rollout is using right now (Σ spec.replicas − desired, ≥ 0). */
	surgeInUse: number;
	/** Desired pods that are not available right now (desired − available, ≥ 0). */
	unavailableInUse: number;
	/** Pods of old ReplicaSets still counted in status.replicas. */
	oldPodsPendingTermination: number;
	/** Available pods of the new revision's ReplicaSet: what fills the progress bar. */
	newAvailable?: number;
	/** Pods of the new revision not available yet (starting, or failing). */
	newStarting?: number;
}

export interface Condition {
	type: string;
	status: 'True' | 'False' | 'Unknown';
	reason?: string;
	message?: string;
	lastUpdateTime?: Date;
	lastTransitionTime?: Date;
}

export interface DeadlineInfo {
	progressDeadlineSeconds: number;
	/** The Progressing condition's lastUpdateTime: the deadline counts from there. */
	lastProgressAt?: Date;
	/** Seconds left before ProgressDeadlineExceeded; undefined when not counting (complete, paused, none). */
	remainingSeconds?: number;
	exceeded: boolean;
}

/** Which GitOps tool manages a deployment, if any (it would revert a manual undo). */
export interface GitOpsOwner {
	tool: 'Argo CD' | 'Flux' | 'Helm';
	evidence: string;
}

export interface DeploymentSummary {
	kind: WorkloadKind;
	namespace: string;
	name: string;
	uid: string;
	resourceVersion: string;
	/** metadata.generation: bumps on every spec or annotation change (not on status writes). */
	generation: number;
	createdAt: Date;
	/** deployment.kubernetes.io/revision of the deployment (0 before the controller set it). */
	revision: number;
	/** OnDelete: a StatefulSet's or DaemonSet's pods change only when deleted. */
	strategy: 'RollingUpdate' | 'Recreate' | 'OnDelete';
	paused: boolean;
	phase: Phase;
	progress: RolloutProgress;
	deadline?: DeadlineInfo;
	/** The line `kubectl rollout status` would print now. */
	statusSentence: string;
	conditions: Condition[];
	images: ContainerImage[];
	gitOps?: GitOpsOwner;
	/** metadata.generation > status.observedGeneration: the controller has not seen the last change yet. */
	specPending: boolean;
	/** What only a StatefulSet has. */
	statefulSet?: StatefulSetDetails;
	/** What only a DaemonSet has. */
	daemonSet?: DaemonSetDetails;
	/** Why the new revision's pods are failing (phase Failing), once its pods are watched. */
	failure?: RolloutFailure;
}

export interface StatefulSetDetails {
	/** Ordinals at or above the partition are updated (0: all). */
	partition: number;
	podManagementPolicy: 'OrderedReady' | 'Parallel';
	/** The ControllerRevision names of the pods not yet updated and of the template now. */
	currentRevision: string;
	updateRevision: string;
	/** Pods on currentRevision. */
	currentReplicas: number;
}

export interface DaemonSetDetails {
	/** Nodes that should run a pod. */
	desiredNumberScheduled: number;
	/** Nodes that run a pod and should. */
	currentNumberScheduled: number;
	/** Nodes that run a pod and should not. */
	numberMisscheduled: number;
}

export type PodDisplayStatus =
	| 'Pending'
	| 'ContainerCreating'
	| 'Running'
	| 'Completed'
	| 'Error'
	| 'CrashLoopBackOff'
	| 'ErrImagePull'
	| 'ImagePullBackOff'
	| 'Terminating'
	| string;

export interface PodSummary {
	namespace: string;
	name: string;
	replicaSetName?: string;
	podTemplateHash?: string;
	status: PodDisplayStatus;
	ready: boolean;
	/** "ready containers/containers", as kubectl's READY column. */
	readyText: string;
	restarts: number;
	createdAt: Date;
	terminating: boolean;
	/** The controller-revision-hash label of a StatefulSet's or DaemonSet's pod. */
	controllerRevisionHash?: string;
	/** The node it is bound to. */
	nodeName?: string;
}

/** A node, as the DaemonSet view needs it. */
export interface NodeSummary {
	name: string;
	ready: boolean;
	unschedulable: boolean;
}

export interface EventSummary {
	type: 'Normal' | 'Warning' | string;
	reason: string;
	message: string;
	count: number;
	lastSeen: Date;
	involvedKind: string;
	involvedName: string;
}

export type ConnectionState =
	| {state: 'connecting'}
	| {state: 'live'; since: Date}
	/** unresponsive: the server stopped answering altogether (since: when it was last heard from). */
	| {state: 'reconnecting'; since: Date; lastError: string; unresponsive?: boolean}
	| {state: 'error'; message: string};

export interface ClusterInfo {
	context: string;
	cluster: string;
	server: string;
	/** undefined when watching all namespaces. */
	namespace?: string;
}

/** The template difference between two revisions, for the undo confirmation. */
export interface TemplateChange {
	/** e.g. "image nginx", "env nginx.LOG_LEVEL", "label app", "annotation x", "resources nginx", "readinessProbe nginx" */
	field: string;
	from?: string;
	to?: string;
}

export interface ActionResult {
	ok: boolean;
	/** The line kubectl would print on success, or the server's error in one line. */
	message: string;
}

/** The deployment the user opened: everything the deployment view shows. */
export interface FocusedDeployment {
	kind: WorkloadKind;
	namespace: string;
	name: string;
	history: RevisionEntry[];
	pods: PodSummary[];
	events: EventSummary[];
	/** The cluster's nodes, for a DaemonSet (undefined when they are not watched or cannot be listed). */
	nodes?: NodeSummary[];
	/** Set while the workload or its revision history has not been listed yet. */
	loading?: boolean;
	/** The pods as the API returns them (a pod's own view reads its containers); the same objects while unchanged. */
	podObjects?: readonly PodJson[];
}

/** An object `d` (describe) and `y` (YAML) show. */
export interface ObjectRef {
	kind: WorkloadKind | 'ReplicaSet' | 'ControllerRevision' | 'Pod';
	namespace: string;
	name: string;
}

/** One container's log as a log view reads it: a bounded buffer of visible lines, and what the stream is doing. */
export interface LogFeed {
	readonly buffer: LogBuffer;
	readonly previous: boolean;
	/** What the view's note says about the stream (connecting, waiting, deleted…), undefined while it streams. */
	note(): string | undefined;
	/** Switches between the current run and the previous one (`kubectl logs --previous`). */
	setPrevious(previous: boolean): void;
	stop(): void;
}

export interface LogTargetRef {
	namespace: string;
	pod: string;
	container?: string;
}

/** What the user may do here, as the API server answered a SelfSubjectAccessReview. */
export interface AccessState {
	/** Whether deployments may be patched in the namespace shown (undefined: not known, or not asked yet). */
	canWrite: boolean | undefined;
	/** The line to show about it: "read-only: you cannot patch deployments in namespace …", or why it is unknown. */
	note?: string;
	/** Every namespace was asked for and is forbidden: the line saying which namespace is shown instead. */
	scopeNotice?: string;
	/** Listing every namespace is forbidden to this user: the namespace switch offers no "all". */
	allNamespacesForbidden?: true;
}

/** One consistent picture of what the dashboard shows; replaced (never mutated) on every change. */
export interface DashboardSnapshot {
	/** Absent until the session has asked (fakes in tests may leave it out). */
	access?: AccessState;
	cluster: ClusterInfo;
	connection: ConnectionState;
	/** Sorted by namespace, then name. */
	deployments: DeploymentSummary[];
	/** Namespaces known to the cluster, for the namespace switch. */
	namespaces: string[];
	/** Set once `namespaces` is the cluster's own list (before, or when listing is forbidden, it is a guess). */
	namespacesListed?: true;
	/** Set once every workload kind's first list has arrived (the ReplicaSets may still be listing). */
	workloadsListed?: true;
	focus?: FocusedDeployment;
}

/**
 * What the UI holds: a live, batched view of the cluster and the actions it may take.
 * Implemented by source/cluster/ over an API server; by a fake in component tests.
 */
export interface RolloutSession {
	getSnapshot(): DashboardSnapshot;
	/** Called (batched, at most every few tens of ms) after the snapshot changed. Returns unsubscribe. */
	subscribe(listener: () => void): () => void;
	/** Watch one namespace, or every namespace with undefined. */
	setNamespace(namespace: string | undefined): void;
	/** Start (or stop, with undefined) watching the pods and events of one workload. */
	focus(target: WorkloadRef | undefined): void;
	/**
	 * Runs one action as kubectl would and answers with kubectl's line or the server's error. An undo is conditional
	 * on the object the user saw: on its resourceVersion, and with args.basedOnGeneration on its generation, so a
	 * change made since (someone else's `kubectl set image`, say) is reported as a conflict, not overwritten.
	 */
	run(request: ActionRequest): Promise<ActionResult>;
	/** Template changes from the current template to the given revision's (for the undo confirmation). */
	templateDiff(namespace: string, name: string, toRevision: number, kind?: WorkloadKind): TemplateChange[];
	/** Follows a container's log (the last 100 lines, then streaming); `onChange` at most every few tens of ms. */
	openLogs(target: LogTargetRef, onChange: () => void): LogFeed;
	/** `kubectl describe` of the object, as lines made visible. */
	describe(ref: ObjectRef): Promise<string[]>;
	/** `kubectl get -o yaml` of the object (managedFields hidden), as lines made visible. */
	yaml(ref: ObjectRef): Promise<string[]>;
	close(): Promise<void>;
}
