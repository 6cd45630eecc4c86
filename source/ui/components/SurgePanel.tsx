import {Box, Text} from 'ink';
import {visible} from '../../model/visible.js';
import type {DeploymentSummary, RevisionEntry} from '../../model/types.js';
import {deadlineRemaining, formatCountdown, phaseColor} from '../format.js';
import {useColor} from '../hooks.js';

export interface SurgePanelProps {
	deployment: DeploymentSummary;
	/** Rows to use (at most SURGE_PANEL_ROWS); the least important lines go first. */
	height: number;
	/** The focused deployment's revisions (undefined while loading). */
	revisions: RevisionEntry[] | undefined;
	width: number;
	now: number;
}

/** The lines the panel takes. */
export const SURGE_PANEL_ROWS = 6;

interface PodCounts {
	pods: number;
	ready: number;
}

/** New (current template) and old pods, from the ReplicaSets' status counts in the history. */
export function podCounts(
	revisions: RevisionEntry[] | undefined,
	deployment: DeploymentSummary,
): {fresh: PodCounts; old: PodCounts} {
	if (!revisions) {
		const p = deployment.progress;
		return {
			fresh: {pods: p.updated, ready: Math.min(p.updated, p.available)},
			old: {pods: Math.max(0, p.current - p.updated), ready: Math.max(0, p.ready - Math.min(p.updated, p.available))},
		};
	}
	const fresh = {pods: 0, ready: 0};
	const old = {pods: 0, ready: 0};
	for (const revision of revisions) {
		const bucket = revision.isCurrent ? fresh : old;
		bucket.pods += revision.current;
		bucket.ready += revision.ready;
	}
	return {fresh, old};
}

/** A row of pod glyphs: ■ ready, □ not ready yet; cut with "+N" to fit `max` cells. */
export function podGlyphs(counts: PodCounts, max: number): string {
	const ready = Math.min(counts.ready, counts.pods);
	const glyphs = '■'.repeat(ready) + '□'.repeat(counts.pods - ready);
	if (glyphs.length <= max) return glyphs;
	const room = Math.max(0, max - 6);
	return `${glyphs.slice(0, room)} +${glyphs.length - room}`;
}

export function deadlineText(deployment: DeploymentSummary, now: number): string {
	const deadline = deployment.deadline;
	if (!deadline) return 'no progress deadline';
	if (deadline.exceeded) return `deadline exceeded (${deadline.progressDeadlineSeconds}s without progress)`;
	const left = deadlineRemaining(deadline, now);
	if (left === undefined) return `deadline ${deadline.progressDeadlineSeconds}s (not counting)`;
	if (left <= 0) return `deadline reached (${deadline.progressDeadlineSeconds}s); the controller has not marked it yet`;
	return `deadline in ${formatCountdown(left)} (of ${deadline.progressDeadlineSeconds}s)`;
}

export function SurgePanel({deployment, revisions, width, now, height}: SurgePanelProps) {
	const color = useColor();
	const p = deployment.progress;
	const {fresh, old} = podCounts(revisions, deployment);
	const glyphRoom = Math.max(4, width - 34);
	const current = revisions?.find(revision => revision.isCurrent);
	const surgeFull = p.surgeInUse >= p.maxSurge && p.maxSurge > 0;
	const unavailableOver = p.unavailableInUse > p.maxUnavailable;
	const conditions = deployment.conditions
		.map(c => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`)
		.join('  ');
	// In order of importance: the panel keeps the first `height` lines.
	const lines = [
		<Text key="phase" wrap="truncate-end">
			<Text bold color={color(phaseColor(deployment))}>
				{deployment.phase}
			</Text>
			{deployment.paused && deployment.phase !== 'Paused' ? ' (paused)' : ''}
			{`  ${deployment.strategy}  `}
			<Text color={deployment.deadline?.exceeded ? color('red') : undefined}>{deadlineText(deployment, now)}</Text>
			{deployment.specPending ? '  (controller has not seen the last change yet)' : ''}
		</Text>,
		<Text key="fresh" wrap="truncate-end">
			{`new ${current ? `rev ${current.revision}` : 'pods'}`.padEnd(12)}
			<Text color={color('green')}>{podGlyphs(fresh, glyphRoom)}</Text>
			{`  ${fresh.ready}/${fresh.pods} ready, ${p.updated}/${p.desired} updated`}
		</Text>,
		<Text key="old" wrap="truncate-end">
			{'old pods'.padEnd(12)}
			<Text color={color('gray')}>{podGlyphs(old, glyphRoom)}</Text>
			{`  ${old.pods} ${old.pods === 1 ? 'pod' : 'pods'} left to drain (${old.ready} ready)`}
		</Text>,
		<Text key="budgets" wrap="truncate-end">
			{'surge '}
			<Text color={color(surgeFull ? 'yellow' : 'green')}>{`${p.surgeInUse}/${p.maxSurge}`}</Text>
			{' in use   unavailable '}
			<Text color={color(unavailableOver ? 'red' : 'green')}>{`${p.unavailableInUse}/${p.maxUnavailable}`}</Text>
			{` allowed   desired ${p.desired}  current ${p.current}  updated ${p.updated}  ready ${p.ready}  available ${p.available}`}
		</Text>,
		<Text key="sentence" wrap="truncate-end" color={color(deployment.phase === 'Stalled' ? 'red' : 'cyan')}>
			{visible(deployment.statusSentence)}
		</Text>,
		<Text key="conditions" wrap="truncate-end" dimColor>
			{conditions === '' ? 'no conditions yet' : visible(conditions)}
		</Text>,
	];
	return (
		<Box flexDirection="column" width={width} height={Math.min(height, lines.length)} flexShrink={0} overflowY="hidden">
			{lines.slice(0, Math.max(0, height))}
		</Box>
	);
}
