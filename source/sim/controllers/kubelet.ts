// A simulated scheduler + kubelet: binds each pod to a fake node, then walks it through ContainerCreating,
// Running and Ready after jittered delays (scaled by 1/speed, honouring the readiness probe's initialDelaySeconds).
// Tag `crashloop` crashes and restarts with a growing back-off; tag `notfound` never pulls. Pods being deleted stay
// Terminating for their grace period (scaled), then disappear.
import {randomBytes} from 'node:crypto';
import {deleteObject} from '../deletion.js';
import {formatTime, NotFoundError, type Store, type StoreEvent, type StoredObject} from '../store.js';
import {nodeInternalIP} from './nodes.js';
import type {EventSink} from './event-recorder.js';
import {KubeletEvents, type EmitContainerEvent} from './kubelet-events.js';
import {
	behaviourOf,
	buildPodStatus,
	pullErrorMessage,
	type ContainerRuntime,
	type PodStatusInput,
} from './kubelet-status.js';
import {copyJson} from '../json.js';

const BACKOFF_START_SECONDS = 10;
const BACKOFF_CAP_SECONDS = 300;

/** What the kubelet tracks of a pod: what its status is built from, plus bookkeeping. */
interface PodRuntime extends PodStatusInput {
	uid: string;
	namespace: string;
	name: string;
	timers: Set<NodeJS.Timeout>;
	terminating: boolean;
	/** The grace period the kubelet is terminating the pod with. */
	graceSeconds?: number;
	node?: string;
}

export interface KubeletOptions {
	speed: number;
	random?: () => number;
	/** Where the kubelet reports failures (pull errors, back-offs); none when omitted. */
	events?: EventSink;
}

export function backoffSeconds(restarts: number): number {
	return Math.min(BACKOFF_START_SECONDS * 2 ** Math.max(0, restarts - 1), BACKOFF_CAP_SECONDS);
}

export class Kubelet {
	private readonly pods = new Map<string, PodRuntime>();
	private readonly random: () => number;
	private readonly nextIP = new Map<string, number>();
	private stopped = false;
	private readonly containerEvents = new KubeletEvents(() => this.store.now().getTime());

	constructor(
		private readonly store: Store,
		private readonly options: KubeletOptions,
	) {
		this.random = options.random ?? Math.random;
	}

	stop(): void {
		this.stopped = true;
		for (const runtime of this.pods.values()) this.clearTimers(runtime);
		this.pods.clear();
	}

	/** Feeds the kubelet one store event for a pod. */
	observe(event: StoreEvent): void {
		const pod = event.object;
		if (event.type === 'DELETED') {
			const runtime = this.pods.get(pod.metadata.uid);
			if (runtime) this.clearTimers(runtime);
			this.pods.delete(pod.metadata.uid);
			return;
		}
		let runtime = this.pods.get(pod.metadata.uid);
		if (!runtime) {
			// Not ours to start on updates, except the one that binds the pod to its node.
			const justBound = event.type === 'MODIFIED' && !event.previous?.spec?.nodeName;
			if (event.type === 'MODIFIED' && !pod.metadata.deletionTimestamp && !justBound) return;
			const adopted = this.adopt(pod);
			if (!adopted) return;
			runtime = adopted;
		}
		// A second DELETE may shorten the grace period (down to 0 with --force): the kubelet honours the new one.
		const shortened = (pod.metadata.deletionGracePeriodSeconds ?? Infinity) < (runtime.graceSeconds ?? Infinity);
		if (pod.metadata.deletionTimestamp && (!runtime.terminating || shortened)) this.terminate(runtime, pod);
	}

	/**
	 * Starts simulating a pod we have not seen (a new pod, or one that existed before the kubelet started), once the
	 * scheduler has bound it to a node.
	 */
	adopt(pod: StoredObject): PodRuntime | undefined {
		if (!pod.spec?.nodeName) return undefined;
		const runtime: PodRuntime = {
			uid: pod.metadata.uid,
			namespace: pod.metadata.namespace ?? 'default',
			name: pod.metadata.name,
			timers: new Set(),
			phase: 'Pending',
			conditions: new Map(),
			terminating: false,
		};
		this.pods.set(runtime.uid, runtime);
		if (pod.metadata.deletionTimestamp) return runtime;
		const ready = (pod.status?.conditions ?? []).some(
			(c: {type: string; status: string}) => c.type === 'Ready' && c.status === 'True',
		);
		if (ready) return runtime; // already running from an earlier life: leave it be
		this.after(runtime, this.jitter(0.05, 0.2), () => this.bind(runtime));
		return runtime;
	}

	private seconds(value: number): number {
		return (value * 1000) / this.options.speed;
	}

	private jitter(min: number, max: number): number {
		return this.seconds(min + (max - min) * this.random());
	}

	private after(runtime: PodRuntime, delayMs: number, action: () => void): void {
		const timer = setTimeout(
			() => {
				runtime.timers.delete(timer);
				if (this.stopped || runtime.terminating) return;
				action();
			},
			Math.max(0, delayMs),
		);
		runtime.timers.add(timer);
	}

	private clearTimers(runtime: PodRuntime): void {
		for (const timer of runtime.timers) clearTimeout(timer);
		runtime.timers.clear();
	}

	private now(): string {
		return formatTime(this.store.now());
	}

	private current(runtime: PodRuntime): StoredObject | undefined {
		const pod = this.store.get('pods', runtime.namespace, runtime.name);
		if (!pod || pod.metadata.uid !== runtime.uid) {
			this.clearTimers(runtime);
			this.pods.delete(runtime.uid);
			return undefined;
		}
		return pod;
	}

	private setCondition(
		runtime: PodRuntime,
		type: string,
		status: 'True' | 'False',
		reason?: string,
		message?: string,
	): void {
		const previous = runtime.conditions.get(type);
		const lastTransitionTime = previous && previous.status === status ? previous.lastTransitionTime : this.now();
		runtime.conditions.set(type, {status, lastTransitionTime, reason, message});
	}

	private writeStatus(runtime: PodRuntime, mutateSpec?: (pod: StoredObject) => void): void {
		const pod = this.current(runtime);
		if (!pod || pod.metadata.deletionTimestamp) return;
		const next = copyJson(pod);
		mutateSpec?.(next);
		next.status = buildPodStatus({...runtime, qosClass: pod.status?.qosClass});
		this.store.update('pods', next);
	}

	/** A kubelet event about one container of the pod (aggregated by the recorder when repeated). */
	private event(
		runtime: PodRuntime,
		container: ContainerRuntime,
		type: 'Normal' | 'Warning',
		reason: string,
		message: string,
	): void {
		const pod = this.options.events && this.current(runtime);
		if (!pod) return;
		this.options.events!.record(pod, type, reason, message, 'kubelet', {
			fieldPath: `spec.containers{${container.name}}`,
			host: runtime.node,
		});
	}

	private emitFor(runtime: PodRuntime): EmitContainerEvent {
		return (container, type, reason, message) => this.event(runtime, container, type, reason, message);
	}

	/** The kubelet of the pod's node takes it: hostIP, PodScheduled=True. */
	private bind(runtime: PodRuntime): void {
		const pod = this.current(runtime);
		if (!pod) return;
		const node = String(pod.spec?.nodeName);
		const nodeIndex = Number(/-(\d+)$/.exec(node)?.[1] ?? 1);
		runtime.hostIP = nodeInternalIP(node);
		runtime.node = node;
		this.setCondition(runtime, 'PodScheduled', 'True');
		// The scheduler's binding already says PodScheduled; the kubelet's first status comes with the containers.
		this.after(runtime, this.jitter(0.1, 0.3), () => this.createContainers(runtime, nodeIndex));
	}

	/** The kubelet admits the pod: sandbox and containers being created. */
	private createContainers(runtime: PodRuntime, nodeIndex: number): void {
		const pod = this.current(runtime);
		if (!pod) return;
		runtime.startTime = this.now();
		const containers: any[] = pod.spec?.containers ?? [];
		runtime.containers = containers.map(container => ({
			name: container.name,
			image: String(container.image ?? ''),
			behaviour: behaviourOf(String(container.image ?? '')),
			state: {waiting: {reason: 'ContainerCreating'}},
			lastState: {},
			ready: false,
			started: false,
			restartCount: 0,
			readinessProbe: Boolean(container.readinessProbe),
		}));
		for (const container of runtime.containers)
			this.containerEvents.pullStarted(
				this.emitFor(runtime),
				runtime.node,
				container,
				containers.find(spec => spec.name === container.name)?.imagePullPolicy,
			);
		this.setCondition(runtime, 'PodReadyToStartContainers', 'False');
		this.setCondition(runtime, 'Initialized', 'True');
		this.updateReadiness(runtime);
		this.writeStatus(runtime);
		const ipIndex = (this.nextIP.get(String(nodeIndex)) ?? 1) + 1;
		this.nextIP.set(String(nodeIndex), ipIndex);
		runtime.podIP = `10.244.${nodeIndex}.${ipIndex % 254 || 254}`;
		// Sandbox, image pull and container start: several seconds, as for a small image on a real node.
		this.after(runtime, this.jitter(4, 9), () => {
			this.setCondition(runtime, 'PodReadyToStartContainers', 'True');
			for (const container of runtime.containers ?? []) this.startOrFailPull(runtime, container, pod.spec?.containers);
			this.refresh(runtime);
		});
	}

	private startOrFailPull(runtime: PodRuntime, container: ContainerRuntime, specs: any[] | undefined): void {
		if (container.behaviour === 'notfound') {
			this.pullFailed(runtime, container);
			this.schedulePullBackOff(runtime, container, 1);
			return;
		}
		this.run(
			runtime,
			container,
			specs?.find(spec => spec.name === container.name),
		);
	}

	private pullFailed(runtime: PodRuntime, container: ContainerRuntime): void {
		container.state = {waiting: {reason: 'ErrImagePull', message: pullErrorMessage(container.image)}};
		this.event(
			runtime,
			container,
			'Warning',
			'Failed',
			`Failed to pull image "${container.image}": ${pullErrorMessage(container.image)}`,
		);
		this.event(runtime, container, 'Warning', 'Failed', 'Error: ErrImagePull');
	}

	/** ErrImagePull → ImagePullBackOff → (back-off) → ErrImagePull … */
	private schedulePullBackOff(runtime: PodRuntime, container: ContainerRuntime, attempt: number): void {
		this.after(runtime, this.jitter(0.5, 1), () => {
			container.state = {waiting: {reason: 'ImagePullBackOff', message: `Back-off pulling image "${container.image}"`}};
			this.event(runtime, container, 'Normal', 'BackOff', `Back-off pulling image "${container.image}"`);
			this.event(runtime, container, 'Warning', 'Failed', 'Error: ImagePullBackOff');
			this.refresh(runtime);
			this.after(runtime, this.seconds(backoffSeconds(attempt)), () => {
				this.containerEvents.pullStarted(this.emitFor(runtime), runtime.node, container);
				this.pullFailed(runtime, container);
				this.refresh(runtime);
				this.schedulePullBackOff(runtime, container, attempt + 1);
			});
		});
	}

	private run(runtime: PodRuntime, container: ContainerRuntime, spec: any): void {
		this.containerEvents.started(this.emitFor(runtime), runtime.node, container);
		container.containerID = `containerd://${randomBytes(32).toString('hex')}`;
		container.state = {running: {startedAt: this.now()}};
		container.started = true;
		if (container.behaviour === 'crashloop') {
			// The process dies shortly after starting, before it could ever pass a readiness check.
			this.after(runtime, this.jitter(0.5, 1.5), () => this.crash(runtime, container, spec));
			return;
		}
		if (!container.readinessProbe) {
			container.ready = true;
			return;
		}
		const probe = spec?.readinessProbe ?? {};
		const initialDelay = Number(probe.initialDelaySeconds ?? 0);
		const period = Math.min(Number(probe.periodSeconds ?? 10), 1);
		this.after(runtime, this.seconds(initialDelay) + this.jitter(0.2, 0.2 + period), () => {
			container.ready = true;
			this.refresh(runtime);
		});
	}

	private crash(runtime: PodRuntime, container: ContainerRuntime, spec: any): void {
		const startedAt = container.state.running?.startedAt;
		const terminated = {
			exitCode: 1,
			reason: 'Error',
			startedAt,
			finishedAt: this.now(),
			containerID: container.containerID,
		};
		container.state = {terminated};
		container.ready = false;
		container.started = false;
		this.refresh(runtime);
		this.after(runtime, this.jitter(0.2, 0.5), () => {
			container.restartCount++;
			container.lastState = {terminated};
			const backoff = backoffSeconds(container.restartCount);
			const pod = `${runtime.name}_${runtime.namespace}(${runtime.uid})`;
			container.state = {
				waiting: {
					reason: 'CrashLoopBackOff',
					message: `back-off ${formatDuration(backoff)} restarting failed container=${container.name} pod=${pod}`,
				},
			};
			this.event(
				runtime,
				container,
				'Warning',
				'BackOff',
				`Back-off restarting failed container ${container.name} in pod ${pod}`,
			);
			this.refresh(runtime);
			this.after(runtime, this.seconds(backoff), () => {
				this.run(runtime, container, spec);
				this.refresh(runtime);
			});
		});
	}

	private updateReadiness(runtime: PodRuntime): void {
		const containers = runtime.containers ?? [];
		const unready = containers.filter(container => !container.ready).map(container => container.name);
		if (unready.length === 0) {
			this.setCondition(runtime, 'Ready', 'True');
			this.setCondition(runtime, 'ContainersReady', 'True');
		} else {
			const message = `containers with unready status: [${unready.join(' ')}]`;
			this.setCondition(runtime, 'Ready', 'False', 'ContainersNotReady', message);
			this.setCondition(runtime, 'ContainersReady', 'False', 'ContainersNotReady', message);
		}
		const anyStarted = containers.some(
			container =>
				container.state.running ||
				container.restartCount > 0 ||
				container.lastState.terminated ||
				container.state.terminated,
		);
		runtime.phase = anyStarted ? 'Running' : 'Pending';
	}

	private refresh(runtime: PodRuntime): void {
		this.updateReadiness(runtime);
		this.writeStatus(runtime);
	}

	/** Terminating for the grace period (scaled), then gone. */
	private terminate(runtime: PodRuntime, pod: StoredObject): void {
		this.clearTimers(runtime);
		this.containerEvents.killing(this.emitFor(runtime), runtime.containers);
		runtime.terminating = true;
		const grace = Number(pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30);
		runtime.graceSeconds = grace;
		const timer = setTimeout(() => {
			runtime.timers.delete(timer);
			if (this.stopped) return;
			// The kubelet's final DELETE with a grace period of 0: the pod goes unless finalizers hold it.
			try {
				deleteObject(this.store, 'pods', runtime.namespace, runtime.name, {gracePeriodSeconds: 0, uid: runtime.uid});
			} catch (error) {
				if (!(error instanceof NotFoundError)) throw error;
			}
		}, this.seconds(grace));
		runtime.timers.add(timer);
	}
}

/** Go's time.Duration format for whole seconds: 10s, 1m20s, 5m0s. */
export function formatDuration(seconds: number): string {
	if (seconds < 60) return `${seconds}s`;
	return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}
