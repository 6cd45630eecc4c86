// Builds a pod's status the way the kubelet reports it, from the simulated container states.
import {createHash} from 'node:crypto';
import {copyJson} from '../json.js';

export type Behaviour = 'start' | 'crashloop' | 'notfound';

export interface ContainerRuntime {
	name: string;
	image: string;
	behaviour: Behaviour;
	/** waiting (with reason/message), running (since startedAt) or terminated */
	state: {waiting?: {reason: string; message?: string}; running?: {startedAt: string}; terminated?: TerminatedState};
	lastState: {terminated?: TerminatedState};
	ready: boolean;
	started: boolean;
	restartCount: number;
	containerID?: string;
	readinessProbe: boolean;
}

export interface TerminatedState {
	exitCode: number;
	reason: string;
	startedAt?: string;
	finishedAt: string;
	containerID?: string;
}

export interface PodConditionState {
	status: 'True' | 'False';
	lastTransitionTime: string;
	reason?: string;
	message?: string;
}

/** The tag of an image reference ('' when untagged). */
export function imageTag(image: string): string {
	const withoutDigest = image.split('@')[0]!;
	const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
	const colon = lastSegment.lastIndexOf(':');
	return colon < 0 ? '' : lastSegment.slice(colon + 1);
}

export function behaviourOf(image: string): Behaviour {
	const tag = imageTag(image);
	if (tag === 'crashloop') return 'crashloop';
	if (tag === 'notfound') return 'notfound';
	return 'start';
}

/** docker.io/library/nginx:1.17 for "nginx:1.17", as containerd reports it. */
export function qualifiedImage(image: string): string {
	const first = image.split('/')[0]!;
	const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
	let qualified = hasRegistry ? image : image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
	if (!imageTag(qualified) && !qualified.includes('@')) qualified += ':latest';
	return qualified;
}

export function imageID(image: string): string {
	const qualified = qualifiedImage(image);
	const repository = qualified.split('@')[0]!.replace(/:[^:/]+$/, '');
	return `${repository}@sha256:${createHash('sha256').update(qualified).digest('hex')}`;
}

export function pullErrorMessage(image: string): string {
	const qualified = qualifiedImage(image);
	return `rpc error: code = NotFound desc = failed to pull and unpack image "${qualified}": failed to resolve reference "${qualified}": ${qualified}: not found`;
}

export const CONDITION_ORDER = [
	'PodReadyToStartContainers',
	'Initialized',
	'Ready',
	'ContainersReady',
	'PodScheduled',
] as const;

export interface PodStatusInput {
	phase: string;
	conditions: Map<string, PodConditionState>;
	hostIP?: string;
	podIP?: string;
	startTime?: string;
	containers?: ContainerRuntime[];
	qosClass?: string;
}

/** Field order follows the Go PodStatus struct, as the API server serialises it. */
export function buildPodStatus(input: PodStatusInput): Record<string, unknown> {
	const status: Record<string, unknown> = {phase: input.phase};
	const conditions = [];
	for (const type of CONDITION_ORDER) {
		const condition = input.conditions.get(type);
		if (!condition) continue;
		conditions.push({
			type,
			status: condition.status,
			lastProbeTime: null,
			lastTransitionTime: condition.lastTransitionTime,
			...(condition.reason ? {reason: condition.reason} : {}),
			...(condition.message ? {message: condition.message} : {}),
		});
	}
	status.conditions = conditions;
	if (input.hostIP) {
		status.hostIP = input.hostIP;
		status.hostIPs = [{ip: input.hostIP}];
	}
	if (input.podIP) {
		status.podIP = input.podIP;
		status.podIPs = [{ip: input.podIP}];
	}
	if (input.startTime) status.startTime = input.startTime;
	if (input.containers) {
		status.containerStatuses = input.containers.map(container => {
			const out: Record<string, unknown> = {
				name: container.name,
				state: copyJson(container.state),
				lastState: copyJson(container.lastState),
				ready: container.ready,
				restartCount: container.restartCount,
				image: qualifiedImage(container.image),
				imageID: container.behaviour === 'notfound' || !container.containerID ? '' : imageID(container.image),
			};
			if (container.containerID) out.containerID = container.containerID;
			out.started = container.started;
			return out;
		});
	}
	if (input.qosClass) status.qosClass = input.qosClass;
	return status;
}
