// The default scheduler: every pod without a node (and asking for the default scheduler) is bound to a node that
// passes the filters (node-fit.ts), the least loaded first, with a Scheduled event; a pod that fits nowhere stays
// Pending with PodScheduled=False/Unschedulable and a FailedScheduling event, and is retried when nodes change.
import {formatTime, type Store, type StoreEvent, type StoredObject} from '../store.js';
import type {EventRecorder} from './events.js';
import {fitErrorMessage, unfitReason} from './node-fit.js';
import {copyJson} from '../json.js';

const COMPONENT = 'default-scheduler';

export const scheduleKey = (namespace: string | undefined, name: string) => `schedule:${namespace ?? ''}/${name}`;

function isTerminal(pod: StoredObject): boolean {
	const phase = pod.status?.phase;
	return phase === 'Succeeded' || phase === 'Failed';
}

export class Scheduler {
	/** pod uid → node it runs on, for the pod count per node. */
	private readonly assigned = new Map<string, string>();
	private readonly podsPerNode = new Map<string, number>();
	/** Pods that fitted nowhere, retried when a node changes. */
	private readonly unschedulable = new Set<string>();
	private turn = 0;

	constructor(
		private readonly store: Store,
		private readonly events: EventRecorder,
		private readonly enqueue: (key: string) => void,
	) {}

	/** Feeds one pod event: bookkeeping of assignments, and a scheduling attempt for a new unbound pod. */
	observePod(event: StoreEvent): void {
		const pod = event.object;
		const uid = pod.metadata.uid;
		const node = event.type === 'DELETED' || isTerminal(pod) ? undefined : pod.spec?.nodeName;
		const before = this.assigned.get(uid);
		if (before !== node) {
			if (before) this.podsPerNode.set(before, (this.podsPerNode.get(before) ?? 1) - 1);
			if (node) {
				this.assigned.set(uid, node);
				this.podsPerNode.set(node, (this.podsPerNode.get(node) ?? 0) + 1);
			} else this.assigned.delete(uid);
		}
		const key = scheduleKey(pod.metadata.namespace, pod.metadata.name);
		if (event.type === 'DELETED' || pod.spec?.nodeName) {
			this.unschedulable.delete(key);
			return;
		}
		if (event.type === 'ADDED') this.enqueue(key);
	}

	/** A node appeared, changed or went: pods that fitted nowhere get another attempt. */
	observeNode(): void {
		for (const key of this.unschedulable) this.enqueue(key);
	}

	sync(namespace: string, name: string): void {
		const key = scheduleKey(namespace, name);
		const pod = this.store.get('pods', namespace, name);
		if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp || isTerminal(pod)) {
			this.unschedulable.delete(key);
			return;
		}
		const schedulerName = pod.spec?.schedulerName;
		if (schedulerName && schedulerName !== COMPONENT) return;
		const nodes = this.store.list('nodes');
		const reasons: string[] = [];
		const feasible: StoredObject[] = [];
		for (const node of nodes) {
			const reason = unfitReason(pod, node);
			if (reason) reasons.push(reason);
			else feasible.push(node);
		}
		if (feasible.length === 0) {
			this.unschedulable.add(key);
			this.markUnschedulable(pod, fitErrorMessage(reasons));
			return;
		}
		this.unschedulable.delete(key);
		this.bind(pod, this.pick(feasible));
	}

	/** The least loaded feasible node; ties are taken in turn so that equal nodes fill evenly. */
	private pick(feasible: StoredObject[]): StoredObject {
		let least = Number.POSITIVE_INFINITY;
		let candidates: StoredObject[] = [];
		for (const node of feasible) {
			const count = this.podsPerNode.get(node.metadata.name) ?? 0;
			if (count < least) {
				least = count;
				candidates = [node];
			} else if (count === least) candidates.push(node);
		}
		return candidates[this.turn++ % candidates.length]!;
	}

	/** The pods/binding subresource: spec.nodeName set and PodScheduled=True. */
	private bind(pod: StoredObject, node: StoredObject): void {
		const next = copyJson(pod);
		next.spec = {...next.spec, nodeName: node.metadata.name};
		next.status = {
			...(next.status ?? {}),
			conditions: withCondition(next.status?.conditions, {
				type: 'PodScheduled',
				status: 'True',
				lastProbeTime: null,
				lastTransitionTime: formatTime(this.store.now()),
			}),
		};
		const bound = this.store.update('pods', next);
		this.events.record(
			bound,
			'Normal',
			'Scheduled',
			`Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`,
			COMPONENT,
		);
	}

	private markUnschedulable(pod: StoredObject, message: string): void {
		const previous = ((pod.status?.conditions ?? []) as {type: string; reason?: string; message?: string}[]).find(
			c => c.type === 'PodScheduled',
		);
		if (previous?.reason !== 'Unschedulable' || previous.message !== message) {
			const next = copyJson(pod);
			next.status = {
				...(next.status ?? {}),
				phase: 'Pending',
				conditions: withCondition(next.status?.conditions, {
					type: 'PodScheduled',
					status: 'False',
					lastProbeTime: null,
					lastTransitionTime: formatTime(this.store.now()),
					reason: 'Unschedulable',
					message,
				}),
			};
			this.store.update('pods', next);
		}
		this.events.record(pod, 'Warning', 'FailedScheduling', message, COMPONENT);
	}
}

function withCondition(conditions: unknown, condition: {type: string; [key: string]: unknown}) {
	const list = Array.isArray(conditions) ? conditions.filter(c => c?.type !== condition.type) : [];
	return [...list, condition];
}
