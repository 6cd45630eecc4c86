// The deployment view (Enter): revision history with the undo selection, the surge panel, pods, events.
import {useMemo} from 'react';
import {Box, Text} from 'ink';
import {visible} from '../../model/visible.js';
import type {DeploymentSummary, EventSummary, FocusedDeployment, PodSummary, RevisionEntry} from '../../model/types.js';
import {formatAge, imagesText, podStatusColor} from '../format.js';
import {useColor} from '../hooks.js';
import {shareRows} from '../layout.js';
import {SURGE_PANEL_ROWS, SurgePanel} from './SurgePanel.js';
import {Table, type Row} from './Table.js';

export interface DeploymentViewProps {
	target: {namespace: string; name: string};
	deployment: DeploymentSummary | undefined;
	/** Newest first; undefined until the session has focused the deployment. */
	revisions: RevisionEntry[] | undefined;
	focus: FocusedDeployment | undefined;
	revisionIndex: number;
	width: number;
	height: number;
	now: number;
}

/** How the view's rows are spent: section titles and surge panel lines give way first in a short terminal. */
export function viewRows(height: number): {titles: boolean; surge: number; lists: number} {
	const titles = height >= 1 + SURGE_PANEL_ROWS + 3 + 3 + 6;
	const titleRows = titles ? 3 : 0;
	// One title line, three table headers and at least one row per list.
	const surge = Math.max(0, Math.min(SURGE_PANEL_ROWS, height - 1 - titleRows - 6));
	return {titles, surge, lists: Math.max(0, height - 1 - titleRows - surge - 3)};
}

export function revisionRows(revisions: RevisionEntry[], now: number): Row[] {
	return revisions.map(revision => ({
		key: String(revision.revision),
		cells: [
			revision.isCurrent ? '●' : '',
			String(revision.revision),
			`${revision.ready}/${revision.desired}`,
			formatAge(revision.createdAt, now),
			revision.replicaSetName,
			imagesText(revision.images),
			[
				revision.isCurrent ? 'current' : '',
				revision.restoredFrom.length > 0 ? `restored from ${revision.restoredFrom.join(', ')}` : '',
			]
				.filter(Boolean)
				.join(', '),
			revision.changeCause ?? revision.derivedCause ?? '',
		],
		colors: [revision.isCurrent ? 'green' : undefined],
	}));
}

/** "Ready" for a running pod whose containers are all ready, so a rollout's availability reads at a glance. */
export function podStatusText(pod: PodSummary): string {
	return pod.status === 'Running' && pod.ready ? 'Ready' : pod.status;
}

export interface PodWithRevision {
	pod: PodSummary;
	revision: number | undefined;
}

/** Pods with their revision numbers, newest revision first, then by name. */
export function sortPods(pods: PodSummary[], revisions: RevisionEntry[]): PodWithRevision[] {
	const revisionOf = new Map(revisions.map(revision => [revision.replicaSetName, revision.revision]));
	const withRevision = pods.map(pod => ({
		pod,
		revision: pod.replicaSetName ? revisionOf.get(pod.replicaSetName) : undefined,
	}));
	withRevision.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0) || a.pod.name.localeCompare(b.pod.name));
	return withRevision;
}

export function podRows(pods: PodSummary[] | PodWithRevision[], revisions: RevisionEntry[], now: number): Row[] {
	const sorted =
		pods.length > 0 && 'pod' in pods[0]! ? (pods as PodWithRevision[]) : sortPods(pods as PodSummary[], revisions);
	return sorted.map(({pod, revision}) => {
		const status = podStatusText(pod);
		return {
			key: pod.name,
			cells: [
				pod.name,
				revision === undefined ? '?' : String(revision),
				pod.readyText,
				status,
				String(pod.restarts),
				formatAge(pod.createdAt, now),
			],
			colors: [
				undefined,
				undefined,
				undefined,
				podStatusColor(pod.status, pod.ready),
				pod.restarts > 0 ? 'yellow' : undefined,
			],
			dim: pod.terminating,
		};
	});
}

export function eventRows(events: EventSummary[], now: number): Row[] {
	const newestFirst = [...events].sort((a, b) => b.lastSeen.getTime() - a.lastSeen.getTime());
	return newestFirst.map((event, index) => ({
		key: `${index}-${event.reason}-${event.involvedName}`,
		cells: [
			formatAge(event.lastSeen, now),
			event.type,
			event.reason,
			`${event.involvedKind.toLowerCase()}/${event.involvedName}`,
			event.count > 1 ? `${event.message} (x${event.count})` : event.message,
		],
		colors: [undefined, event.type === 'Warning' ? 'yellow' : undefined],
	}));
}

// Stable empty lists, so that memoised work keyed on them is not redone on every render.
const NO_REVISIONS: RevisionEntry[] = [];
const NO_PODS: PodSummary[] = [];
const NO_EVENTS: EventSummary[] = [];

export function DeploymentView({
	target,
	deployment,
	revisions,
	focus,
	revisionIndex,
	width,
	height,
	now,
}: DeploymentViewProps) {
	const color = useColor();
	const history = revisions ?? NO_REVISIONS;
	const pods = focus?.pods ?? NO_PODS;
	const events = focus?.events ?? NO_EVENTS;
	const budget = viewRows(height);
	const rows = shareRows(budget.lists, {history: history.length, pods: pods.length, events: events.length});
	const loading = revisions === undefined ? 'loading…' : '(none)';
	// Sorting is redone only when the pods or the revisions change, not on every tick of the clock.
	const sortedPods = useMemo(() => sortPods(pods, history), [pods, history]);
	const newestEvents = useMemo(() => [...events].sort((a, b) => b.lastSeen.getTime() - a.lastSeen.getTime()), [events]);
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text wrap="truncate-end" bold>
				{visible(`deployment/${target.name}  namespace ${target.namespace}`)}
				{deployment ? visible(`  revision ${deployment.revision}  images ${imagesText(deployment.images)}`) : ''}
			</Text>
			{deployment ? (
				<SurgePanel deployment={deployment} revisions={revisions} width={width} now={now} height={budget.surge} />
			) : (
				<Box height={budget.surge} flexShrink={0} overflowY="hidden">
					<Text color={color('red')} wrap="truncate-end">
						{visible(`deployment "${target.name}" not found in namespace "${target.namespace}" (deleted?)`)}
					</Text>
				</Box>
			)}
			{budget.titles ? (
				<Text bold color={color('cyan')} wrap="truncate-end">
					{'Revisions  '}
					<Text dimColor>(j/k select, u undo to the selected revision)</Text>
				</Text>
			) : null}
			<Table
				columns={[
					{header: ''},
					{header: 'REVISION', align: 'right'},
					{header: 'PODS', align: 'right'},
					{header: 'AGE', align: 'right', dropRank: 1},
					{header: 'REPLICASET', dropRank: 3},
					{header: 'IMAGES'},
					{header: 'NOTE', dropRank: 2},
					{header: 'CHANGE-CAUSE', flex: true},
				]}
				rows={revisionRows(history, now)}
				width={width}
				height={rows.history}
				selected={history.length > 0 ? Math.min(revisionIndex, history.length - 1) : undefined}
				empty={loading}
			/>
			{budget.titles ? (
				<Text bold color={color('cyan')} wrap="truncate-end">
					Pods
				</Text>
			) : null}
			<Table
				columns={[
					{header: 'NAME', flex: true},
					{header: 'REVISION', align: 'right'},
					{header: 'READY', align: 'right'},
					{header: 'STATUS'},
					{header: 'RESTARTS', align: 'right'},
					{header: 'AGE', align: 'right', dropRank: 1},
				]}
				rows={podRows(sortedPods, history, now)}
				width={width}
				height={rows.pods}
				empty={focus ? '(no pods)' : loading}
			/>
			{budget.titles ? (
				<Text bold color={color('cyan')} wrap="truncate-end">
					Events
				</Text>
			) : null}
			<Table
				columns={[
					{header: 'LAST SEEN', align: 'right'},
					{header: 'TYPE'},
					{header: 'REASON'},
					{header: 'OBJECT', dropRank: 1},
					{header: 'MESSAGE', flex: true},
				]}
				rows={eventRows(newestEvents, now)}
				width={width}
				height={rows.events}
				empty={focus ? '(no events)' : loading}
			/>
		</Box>
	);
}
