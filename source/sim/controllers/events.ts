// v1 Event objects as the controllers' event recorders write them, with the correlator's aggregation of repeats
// (same object, reason and message → count and lastTimestamp bump).
import {formatTime, type Store, type StoredObject} from '../store.js';
import {copyJson} from '../json.js';

const EVENT_TTL_MS = 60 * 60 * 1000;
const MAX_EVENTS = 20_000;

export class EventRecorder {
	/** aggregation key → event name */
	private readonly seen = new Map<string, {namespace: string; name: string}>();
	private sequence = 0;
	/** Events we created, oldest first, for expiry. */
	private readonly created: {namespace: string; name: string; at: number}[] = [];

	constructor(private readonly store: Store) {}

	/**
	 * `origin.fieldPath` points into the object (kubelet: `spec.containers{name}`); `origin.host` is the node.
	 * `repeat` records the same event that many times at once (a batch of repeats).
	 */
	record(
		involved: StoredObject,
		type: 'Normal' | 'Warning',
		reason: string,
		message: string,
		component: string,
		origin: {fieldPath?: string; host?: string} = {},
		repeat = 1,
	): void {
		const namespace = involved.metadata.namespace ?? 'default';
		const key = `${involved.metadata.uid}\u0000${origin.fieldPath ?? ''}\u0000${type}\u0000${reason}\u0000${message}\u0000${component}`;
		const now = formatTime(this.store.now());
		const previous = this.seen.get(key);
		const existing = previous && this.store.get('events', previous.namespace, previous.name);
		if (existing) {
			const next = copyJson(existing);
			next.count = ((existing.count as number | undefined) ?? 1) + repeat;
			next.lastTimestamp = now;
			this.store.update('events', next);
			return;
		}
		// Real event names are "<object>.<unix nanoseconds in hex>".
		const unique = (BigInt(this.store.now().getTime()) * 1_000_000n + BigInt(this.sequence++ % 1_000_000)).toString(16);
		const event = this.store.create('events', {
			apiVersion: 'v1',
			kind: 'Event',
			metadata: {name: `${involved.metadata.name}.${unique}`, namespace},
			involvedObject: {
				kind: involved.kind,
				namespace,
				name: involved.metadata.name,
				uid: involved.metadata.uid,
				apiVersion: involved.apiVersion,
				resourceVersion: involved.metadata.resourceVersion,
				...(origin.fieldPath ? {fieldPath: origin.fieldPath} : {}),
			},
			reason,
			message,
			source: origin.host ? {component, host: origin.host} : {component},
			firstTimestamp: now,
			lastTimestamp: now,
			count: repeat,
			type,
			eventTime: null,
			reportingComponent: component,
			reportingInstance: origin.host ?? '',
		});
		this.seen.set(key, {namespace, name: event.metadata.name});
		if (this.seen.size > MAX_EVENTS) this.seen.delete(this.seen.keys().next().value!);
		this.created.push({namespace, name: event.metadata.name, at: this.store.now().getTime()});
		this.expire();
	}

	/** The API server keeps events for an hour (--event-ttl); we also cap how many we keep. */
	private expire(): void {
		const cutoff = this.store.now().getTime() - EVENT_TTL_MS;
		while (this.created.length > 0 && (this.created.length > MAX_EVENTS || this.created[0]!.at < cutoff)) {
			const {namespace, name} = this.created.shift()!;
			if (this.store.get('events', namespace, name)) this.store.delete('events', namespace, name);
		}
	}
}
