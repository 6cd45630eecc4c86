// Pure formatting for the dashboard: ages, countdowns, progress bars and labels.
// Everything here turns snapshot values into text; nothing computes Kubernetes state.
import type {AccessState, ConnectionState, DeadlineInfo, DeploymentSummary, RolloutProgress} from '../model/types.js';
import {humanDuration} from '../k8s/duration.js';
import {visible} from '../model/visible.js';
import {failingPhaseText} from '../model/health.js';

export {humanDuration} from '../k8s/duration.js';

export function formatAge(since: Date | undefined, now: number): string {
	if (!since || Number.isNaN(since.getTime())) return '<unknown>';
	return humanDuration(now - since.getTime());
}

/** A countdown as m:ss (or h:mm:ss), for the progress deadline. */
export function formatCountdown(totalSeconds: number): string {
	const seconds = Math.max(0, Math.floor(totalSeconds));
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = seconds % 60;
	const pad = (n: number) => String(n).padStart(2, '0');
	return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/**
 * Seconds left before the progress deadline at `now`. The snapshot's remainingSeconds was true when it was taken;
 * counting from lastProgressAt keeps the countdown moving between snapshots. undefined when not counting.
 */
export function deadlineRemaining(deadline: DeadlineInfo | undefined, now: number): number | undefined {
	if (!deadline || deadline.exceeded || deadline.remainingSeconds === undefined) return undefined;
	if (!deadline.lastProgressAt) return deadline.remainingSeconds;
	const elapsed = (now - deadline.lastProgressAt.getTime()) / 1000;
	return Math.max(0, deadline.progressDeadlineSeconds - elapsed);
}

/** The PHASE column: the phase, with the time left before the deadline while progressing. */
export function phaseText(deployment: DeploymentSummary, now: number): string {
	if (deployment.phase === 'Failing' && deployment.failure) return failingPhaseText(deployment.failure);
	if (deployment.phase === 'Progressing') {
		const left = deadlineRemaining(deployment.deadline, now);
		return left === undefined ? 'Progressing' : `Progressing ${formatCountdown(left)} left`;
	}
	return deployment.phase;
}

export function phaseColor(deployment: DeploymentSummary): string {
	switch (deployment.phase) {
		case 'Complete':
			return 'green';
		case 'Progressing':
		case 'Scaling':
			return 'cyan';
		case 'Paused':
			return 'yellow';
		case 'Stalled':
		case 'Failing':
			return 'red';
		default:
			return 'white';
	}
}

export interface BarSegments {
	/** Available pods of the new revision (old pods never fill the bar). */
	done: number;
	/** Pods of the new revision not available yet. */
	starting: number;
	/** The rest of the bar. */
	empty: number;
}

/** Splits a bar of `width` cells for the list's progress column: new available pods, new pods still starting, the rest. */
export function progressSegments(progress: RolloutProgress, width: number): BarSegments {
	const desired = progress.desired;
	if (desired <= 0) return {done: width, starting: 0, empty: 0};
	const doneCount = Math.min(progress.newAvailable ?? Math.min(progress.updated, progress.available), desired);
	const startingCount =
		progress.newStarting === undefined
			? Math.max(0, Math.min(progress.updated, desired) - doneCount)
			: Math.max(0, Math.min(progress.newStarting, desired - doneCount));
	const done = Math.round((doneCount / desired) * width);
	const starting = Math.min(width - done, Math.round((startingCount / desired) * width));
	return {done, starting, empty: width - done - starting};
}

export function progressBar(progress: RolloutProgress, width: number): string {
	const {done, starting, empty} = progressSegments(progress, width);
	return '█'.repeat(done) + '▒'.repeat(starting) + '░'.repeat(empty);
}

export function clockTime(date: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The header's connection label: live / reconnecting since … / error / connecting. */
export function connectionText(connection: ConnectionState, now: number): {text: string; color: string} {
	switch (connection.state) {
		case 'live':
			return {text: '● live', color: 'green'};
		case 'connecting':
			return {text: '◌ connecting…', color: 'yellow'};
		case 'reconnecting':
			if (connection.unresponsive)
				return {
					text: `✖ unresponsive since ${clockTime(connection.since)} (${humanDuration(now - connection.since.getTime())}): ${connection.lastError}`,
					color: 'red',
				};
			return {
				text: `◌ reconnecting since ${clockTime(connection.since)} (${humanDuration(now - connection.since.getTime())}), data stale since then: ${connection.lastError}`,
				color: 'yellow',
			};
		case 'error':
			return {text: `✖ error: ${connection.message}`, color: 'red'};
	}
}

/** Pads or cuts text to exactly `width` cells (all our strings are single-width characters). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	if (width <= 0) return '';
	if (text.length > width) return width === 1 ? text.slice(0, 1) : `${text.slice(0, width - 1)}…`;
	return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

export function imagesText(images: ReadonlyArray<{container: string; image: string}>): string {
	return images.map(image => image.image).join(', ');
}

export function podStatusColor(status: string, ready: boolean): string {
	if (status === 'Running' && ready) return 'green';
	if (status === 'Running' || status === 'Pending' || status === 'ContainerCreating') return 'yellow';
	if (status === 'Terminating' || status === 'Completed') return 'gray';
	return 'red';
}

/**
 * The header's line about what the user may do: the namespace shown instead of a forbidden "all", and "read-only"
 * when the server said deployments cannot be patched here. undefined when there is nothing to say.
 */
export function accessText(access: AccessState | undefined): {text: string; color: string} | undefined {
	if (!access) return undefined;
	const parts = [access.scopeNotice, access.canWrite === false ? access.note : undefined].filter(Boolean);
	return parts.length === 0 ? undefined : {text: visible(parts.join('; ')), color: 'yellow'};
}
