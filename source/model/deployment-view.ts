// What a workload view decides beyond the rollout itself: which panel has the focus and how the rows are shared
// between the panels, the events newest first (stable within a second), a pod's containers as its own view shows
// them, and the messages of the moment (the footer's, and the header's when the data is stale).
import {parseTime, type PodJson} from './objects.js';
import type {ConnectionState, EventSummary} from './types.js';

export const PANELS = ['revisions', 'pods', 'events'] as const;
export type Panel = (typeof PANELS)[number];

/** Tab / Shift-Tab. */
export function nextPanel(current: Panel, direction: 1 | -1): Panel {
	const index = PANELS.indexOf(current);
	return PANELS[(index + direction + PANELS.length) % PANELS.length]!;
}

/** Rows a panel keeps while another has the focus (its header and a few rows). */
export const UNFOCUSED_PANEL_ROWS = 4;

/**
 * Shares `available` rows between the panels: the focused one is sure of half of them (as far as it needs them);
 * the others get what they need up to UNFOCUSED_PANEL_ROWS each; the focused one then takes the rest, and what it
 * does not need goes back to the others.
 */
export function panelHeights(available: number, focused: Panel, wants: Record<Panel, number>): Record<Panel, number> {
	const heights = {revisions: 0, pods: 0, events: 0} as Record<Panel, number>;
	const total = Math.max(0, available);
	heights[focused] = Math.min(Math.max(wants[focused], 1), Math.ceil(total / 2));
	let left = total - heights[focused];
	for (const panel of PANELS) {
		if (panel === focused) continue;
		heights[panel] = Math.min(wants[panel], UNFOCUSED_PANEL_ROWS, left);
		left -= heights[panel];
	}
	const more = Math.min(left, Math.max(wants[focused], 1) - heights[focused]);
	heights[focused] += more;
	left -= more;
	for (const panel of PANELS) {
		if (panel === focused || left <= 0) continue;
		const extra = Math.min(left, wants[panel] - heights[panel]);
		if (extra > 0) {
			heights[panel] += extra;
			left -= extra;
		}
	}
	return heights;
}

/**
 * Newest first. Events seen in the same second keep one order whatever order updates arrive in: by object, then
 * reason, then message (so a count that goes up does not make rows jump).
 */
export function eventsNewestFirst(events: readonly EventSummary[]): EventSummary[] {
	if (lastSorted?.events === events) return lastSorted.sorted;
	// Each event's keys once (a busy workload has thousands of events), not once per comparison.
	const keyed = events.map(event => ({
		event,
		second: Math.floor(event.lastSeen.getTime() / 1000),
		text: `${event.involvedKind}/${event.involvedName}\u0000${event.reason}\u0000${event.message}`,
	}));
	keyed.sort((a, b) => b.second - a.second || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
	lastSorted = {events, sorted: keyed.map(entry => entry.event)};
	return lastSorted.sorted;
}

// The open workload's events sorted, kept while its events are the same array (the UI asks on every render).
let lastSorted: {events: readonly EventSummary[]; sorted: EventSummary[]} | undefined;

export interface ContainerDetail {
	name: string;
	image: string;
	/** "Running", "Waiting: CrashLoopBackOff", "Terminated: Error (exit code 1)". */
	state: string;
	/** Since when it runs, or the waiting message. */
	detail?: string;
	ready: boolean;
	restarts: number;
	/** The last termination: reason, exit code, when it finished. */
	lastTermination?: {reason: string; exitCode: number; finishedAt?: Date; message?: string};
	init: boolean;
}

interface StatusJson {
	name: string;
	image?: string;
	ready?: boolean;
	restartCount?: number;
	state?: {
		waiting?: {reason?: string; message?: string};
		running?: {startedAt?: string};
		terminated?: {reason?: string; exitCode?: number; signal?: number; finishedAt?: string; message?: string};
	};
	lastState?: {terminated?: {reason?: string; exitCode?: number; finishedAt?: string; message?: string}};
}

function stateText(status: StatusJson | undefined): {state: string; detail?: string} {
	const state = status?.state;
	if (state?.running)
		return {state: 'Running', detail: state.running.startedAt ? `since ${state.running.startedAt}` : undefined};
	if (state?.terminated) {
		const t = state.terminated;
		return {state: `Terminated: ${t.reason ?? 'Unknown'} (exit code ${t.exitCode ?? 0})`, detail: t.message};
	}
	if (state?.waiting) return {state: `Waiting: ${state.waiting.reason ?? ''}`.trimEnd(), detail: state.waiting.message};
	return {state: 'Waiting'};
}

/** The pod's containers (init containers first) as the pod's own view lists them. */
export function containerDetails(pod: PodJson): ContainerDetail[] {
	const out: ContainerDetail[] = [];
	const groups: [boolean, {name: string; image?: string}[] | undefined, StatusJson[] | undefined][] = [
		[true, pod.spec?.initContainers, pod.status?.initContainerStatuses as StatusJson[] | undefined],
		[false, pod.spec?.containers, pod.status?.containerStatuses as StatusJson[] | undefined],
	];
	for (const [init, specs, statuses] of groups) {
		for (const spec of specs ?? []) {
			const status = statuses?.find(s => s.name === spec.name);
			const last = status?.lastState?.terminated;
			const {state, detail} = stateText(status);
			const detailEntry: ContainerDetail = {
				name: spec.name,
				image: spec.image ?? status?.image ?? '',
				state,
				ready: status?.ready === true,
				restarts: status?.restartCount ?? 0,
				init,
			};
			if (detail) detailEntry.detail = detail;
			if (last) {
				const finishedAt = parseTime(last.finishedAt);
				detailEntry.lastTermination = {
					reason: last.reason ?? 'Unknown',
					exitCode: last.exitCode ?? 0,
					...(finishedAt ? {finishedAt} : {}),
					...(last.message ? {message: last.message} : {}),
				};
			}
			out.push(detailEntry);
		}
	}
	return out;
}

/** How long a message of the footer stays. */
export const FOOTER_MESSAGE_MS = 5000;

export interface FooterMessage {
	text: string;
	at: number;
}

/** The footer's message while it belongs to the moment: younger than FOOTER_MESSAGE_MS and no key pressed since. */
export function currentFooterMessage(
	message: FooterMessage | undefined,
	now: number,
	lastKeyAt: number | undefined,
): string | undefined {
	if (!message) return undefined;
	if (now - message.at >= FOOTER_MESSAGE_MS) return undefined;
	if (lastKeyAt !== undefined && lastKeyAt > message.at) return undefined;
	return message.text;
}

/**
 * Milliseconds until the footer's message fades; Infinity when none is shown (gone already, or a key came since), so
 * that a faded message does not keep the clock waking.
 */
export function untilFooterMessageFades(
	message: FooterMessage | undefined,
	now: number,
	lastKeyAt: number | undefined,
): number {
	if (!message || currentFooterMessage(message, now, lastKeyAt) === undefined) return Number.POSITIVE_INFINITY;
	return Math.max(1, message.at + FOOTER_MESSAGE_MS - now);
}

/** Since when the data on screen is stale (the connection is down), or undefined while it is live. */
export function staleSince(connection: ConnectionState): Date | undefined {
	return connection.state === 'reconnecting' ? connection.since : undefined;
}
