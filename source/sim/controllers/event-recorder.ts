// The kubelet's events, written in batches: a rollout of a thousand pods makes several thousand events within
// a few hundred milliseconds, so they are collected for a moment and written together, repeats of one event in a
// batch folded into one write with their count (as the correlator would count them one by one).
import type {StoredObject} from '../store.js';
import type {EventRecorder} from './events.js';

export type EventSink = Pick<EventRecorder, 'record'>;

/** How long events gather before they are written. */
export const EVENT_BATCH_MS = 50;

interface Pending {
	involved: StoredObject;
	type: 'Normal' | 'Warning';
	reason: string;
	message: string;
	component: string;
	origin: {fieldPath?: string; host?: string};
	repeat: number;
}

export class BatchedEventRecorder implements EventSink {
	private readonly pending = new Map<string, Pending>();
	private timer: NodeJS.Timeout | undefined;

	constructor(
		private readonly recorder: EventSink,
		private readonly delayMs = EVENT_BATCH_MS,
	) {}

	record(
		involved: StoredObject,
		type: 'Normal' | 'Warning',
		reason: string,
		message: string,
		component: string,
		origin: {fieldPath?: string; host?: string} = {},
		repeat = 1,
	): void {
		const key = `${involved.metadata.uid}\u0000${origin.fieldPath ?? ''}\u0000${type}\u0000${reason}\u0000${message}\u0000${component}`;
		const existing = this.pending.get(key);
		if (existing) existing.repeat += repeat;
		else this.pending.set(key, {involved, type, reason, message, component, origin, repeat});
		this.timer ??= setTimeout(() => this.flush(), this.delayMs);
	}

	/** Writes what has gathered (in the order each event was first recorded). */
	flush(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		const batch = [...this.pending.values()];
		this.pending.clear();
		for (const event of batch)
			this.recorder.record(
				event.involved,
				event.type,
				event.reason,
				event.message,
				event.component,
				event.origin,
				event.repeat,
			);
	}

	/** Drops what has not been written (the simulator is stopping). */
	stop(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.pending.clear();
	}
}
