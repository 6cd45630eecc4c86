// When does text on screen change by itself? Ages and countdowns move with time; the dashboard's clock
// wakes only when one of the values shown will read differently, and otherwise at the next minute boundary.
import type {DashboardSnapshot, DeadlineInfo} from '../model/types.js';
import {deadlineRemaining} from './format.js';
import type {Screen} from './screen.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A modulo that is never negative (ages can be slightly negative when clocks disagree). */
const mod = (value: number, step: number) => ((value % step) + step) % step;

/**
 * Milliseconds until humanDuration(ageMs) reads differently. kubectl-style ages show seconds below 10 minutes
 * (45s, 3m12s), minutes below 8 hours (15m, 2h5m), hours below 8 days (10h, 3d4h), and days beyond.
 */
export function untilAgeChanges(ageMs: number): number {
	const step = ageMs < 10 * MINUTE ? SECOND : ageMs < 8 * HOUR ? MINUTE : ageMs < 8 * DAY ? HOUR : DAY;
	return step - mod(ageMs, step);
}

/** Milliseconds until a progress-deadline countdown (m:ss) reads differently; undefined when it does not move. */
export function untilDeadlineChanges(deadline: DeadlineInfo | undefined, now: number): number | undefined {
	if (!deadline?.lastProgressAt) return undefined;
	const left = deadlineRemaining(deadline, now);
	if (left === undefined || left <= 0) return undefined;
	// m:ss shows floor(seconds left): it moves once the time left drops below the next whole second.
	const leftMs = deadline.progressDeadlineSeconds * SECOND - (now - deadline.lastProgressAt.getTime());
	return mod(leftMs, SECOND) + 1;
}

/** Collects the moments at which shown values change, and answers how long the clock may sleep. */
export class NextChange {
	private delay: number;

	constructor(private readonly now: number) {
		// Never sleep past the next minute boundary.
		this.delay = MINUTE - mod(now, MINUTE);
	}

	/** An age (humanDuration of now − since) on screen. */
	age(since: Date | undefined): this {
		if (!since) return this;
		const at = since.getTime();
		if (Number.isNaN(at)) return this;
		this.delay = Math.min(this.delay, untilAgeChanges(this.now - at));
		return this;
	}

	/** A deadline countdown on screen. */
	deadline(deadline: DeadlineInfo | undefined): this {
		const wait = untilDeadlineChanges(deadline, this.now);
		if (wait !== undefined) this.delay = Math.min(this.delay, wait);
		return this;
	}

	get delayMs(): number {
		return this.delay;
	}
}

/** How long the clock may sleep before a value on this screen reads differently. */
export function untilScreenChanges(screen: Screen, snapshot: DashboardSnapshot, now: number): number {
	const next = new NextChange(now);
	if (snapshot.connection.state === 'reconnecting') next.age(snapshot.connection.since);
	if (screen.body === 'list') {
		for (let index = screen.listWindow.start; index < screen.listWindow.end; index++) {
			const d = screen.visible[index];
			if (!d) continue;
			next.age(d.createdAt);
			if (d.phase === 'Progressing') next.deadline(d.deadline);
		}
	} else if (screen.body === 'deployment') {
		next.deadline(screen.open?.deadline);
		for (const revision of screen.revisions ?? []) next.age(revision.createdAt);
		// Every pod and event, not only those in their windows: a little more ticking, never a stale age.
		if (screen.revisions) {
			for (const pod of snapshot.focus?.pods ?? []) next.age(pod.createdAt);
			for (const event of snapshot.focus?.events ?? []) next.age(event.lastSeen);
		}
	}
	return next.delayMs;
}
