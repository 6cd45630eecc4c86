// v1 Event objects as the controllers' event recorders write them, with the correlator's aggregation of repeats
// (same object, reason and message → count and lastTimestamp bump).
import {formatTime, type Store, type StoredObject} from '../store.js';

export interface EventSource {
	component: string;
}

export class EventRecorder {
	/** aggregation key → event name */
	private readonly seen = new Map<string, {namespace: string; name: string}>();
	private sequence = 0;

	constructor(private readonly store: Store) {}

	record(involved: StoredObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
		const namespace = involved.metadata.namespace ?? 'default';
		const key = `${involved.metadata.uid}\u0000${type}\u0000${reason}\u0000${message}\u0000${component}`;
		const now = formatTime(this.store.now());
		const previous = this.seen.get(key);
		const existing = previous && this.store.get('events', previous.namespace, previous.name);
		if (existing) {
			const next = structuredClone(existing);
			next.count = ((existing.count as number | undefined) ?? 1) + 1;
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
			},
			reason,
			message,
			source: {component},
			firstTimestamp: now,
			lastTimestamp: now,
			count: 1,
			type,
			eventTime: null,
			reportingComponent: component,
			reportingInstance: '',
		});
		this.seen.set(key, {namespace, name: event.metadata.name});
		if (this.seen.size > 20_000) this.seen.delete(this.seen.keys().next().value!);
	}
}
