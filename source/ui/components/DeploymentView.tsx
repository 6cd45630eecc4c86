// The deployment view (Enter): revision history with the undo selection, the surge panel, pods, events.
import {Box, Text} from 'ink';
import {visible} from '../../model/visible.js';
import type {DeploymentSummary, EventSummary, FocusedDeployment, PodSummary, RevisionEntry} from '../../model/types.js';
import {formatAge, imagesText, podStatusColor} from '../format.js';
import {useColor} from '../hooks.js';
import {panelHeights, type Panel} from '../../model/deployment-view.js';
import {failureBanner, pausedNote} from '../../model/health.js';
import {wrapLine} from '../../model/text-view.js';
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

/** Events as given (the caller orders them: newest first, stable within a second). */
export function eventRows(events: EventSummary[], now: number): Row[] {
	return events.map((event, index) => ({
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

export interface PanelProps {
	/** The panel with the focus: it gets the room, and j/k move its selection. */
	panel: Panel;
	/** The pods panel's rows (newest revision first, filtered to one revision when podFilter is set). */
	shownPods: PodWithRevision[];
	podIndex: number;
	podFilter?: string;
	/** Newest first, stable within a second. */
	shownEvents: EventSummary[];
	eventIndex: number;
}

/** The banners over the view: why the rollout fails (red), that it is paused (yellow). */
export function bannerLines(deployment: DeploymentSummary | undefined): {text: string; color: string}[] {
	if (!deployment) return [];
	const lines: {text: string; color: string}[] = [];
	if (deployment.failure) lines.push({text: `✖ ${failureBanner(deployment.failure)}`, color: 'red'});
	const paused = pausedNote(deployment, deployment.statusSentence);
	if (paused) lines.push({text: `⏸ Paused — ${paused}`, color: 'yellow'});
	return lines;
}

const DETAIL_ROWS = 2;

export function DeploymentView({
	target,
	deployment,
	revisions,
	focus,
	revisionIndex,
	width,
	height,
	now,
	panel,
	shownPods,
	podIndex,
	podFilter,
	shownEvents,
	eventIndex,
}: DeploymentViewProps & PanelProps) {
	const color = useColor();
	const history = revisions ?? NO_REVISIONS;
	const banners = bannerLines(deployment);
	const detail = panel === 'events' && shownEvents.length > 0 ? DETAIL_ROWS : 0;
	const budget = viewRows(height - banners.length - detail);
	// A focused pods or events panel takes the surge panel's rows too.
	const surge = panel === 'revisions' ? budget.surge : 0;
	const lists = budget.lists + budget.surge - surge;
	const heights = panelHeights(lists, panel, {
		revisions: Math.max(1, history.length),
		pods: Math.max(1, shownPods.length),
		events: Math.max(1, shownEvents.length),
	});
	const loading = revisions === undefined ? 'loading…' : '(none)';
	const title = (name: Panel, text: string, hint: string) =>
		budget.titles ? (
			<Text bold color={color(panel === name ? 'cyan' : 'gray')} wrap="truncate-end">
				{`${panel === name ? '▶ ' : '  '}${text}  `}
				<Text dimColor>{panel === name ? hint : '(Tab: focus)'}</Text>
			</Text>
		) : null;
	const selectedEvent = shownEvents[Math.min(eventIndex, shownEvents.length - 1)];
	const eventDetail = selectedEvent
		? wrapLine(
				visible(`${selectedEvent.involvedKind.toLowerCase()}/${selectedEvent.involvedName}: ${selectedEvent.message}`),
				width,
			).slice(0, DETAIL_ROWS)
		: [];
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text wrap="truncate-end" bold>
				{visible(`deployment/${target.name}  namespace ${target.namespace}`)}
				{deployment ? visible(`  revision ${deployment.revision}  images ${imagesText(deployment.images)}`) : ''}
			</Text>
			{banners.map(banner => (
				<Text key={banner.text} bold color={color(banner.color)} wrap="truncate-end">
					{visible(banner.text)}
				</Text>
			))}
			{deployment ? (
				<SurgePanel deployment={deployment} revisions={revisions} width={width} now={now} height={surge} />
			) : (
				<Box height={Math.max(1, surge)} flexShrink={0} overflowY="hidden">
					<Text color={color('red')} wrap="truncate-end">
						{visible(`deployment "${target.name}" not found in namespace "${target.namespace}" (deleted?)`)}
					</Text>
				</Box>
			)}
			{title('revisions', 'Revisions', '(j/k select, u undo to it, f its pods only, d/y its ReplicaSet)')}
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
				height={heights.revisions}
				selected={history.length > 0 ? Math.min(revisionIndex, history.length - 1) : undefined}
				empty={loading}
			/>
			{title(
				'pods',
				podFilter ? `Pods of ${podFilter}` : 'Pods',
				'(j/k select, Enter open, l logs, d describe, y YAML, f all revisions)',
			)}
			<Table
				columns={[
					{header: 'NAME', flex: true},
					{header: 'REVISION', align: 'right'},
					{header: 'READY', align: 'right'},
					{header: 'STATUS'},
					{header: 'RESTARTS', align: 'right'},
					{header: 'AGE', align: 'right', dropRank: 1},
				]}
				rows={podRows(shownPods, history, now)}
				width={width}
				height={heights.pods}
				{...(panel === 'pods' && shownPods.length > 0 ? {selected: Math.min(podIndex, shownPods.length - 1)} : {})}
				empty={focus ? (podFilter ? '(no pods of this revision)' : '(no pods)') : loading}
			/>
			{title('events', 'Events', '(j/k select: the full message below)')}
			<Table
				columns={[
					{header: 'LAST SEEN', align: 'right'},
					{header: 'TYPE'},
					{header: 'REASON'},
					{header: 'OBJECT', dropRank: 1},
					{header: 'MESSAGE', flex: true},
				]}
				rows={eventRows(shownEvents, now)}
				width={width}
				height={heights.events}
				{...(panel === 'events' && shownEvents.length > 0
					? {selected: Math.min(eventIndex, shownEvents.length - 1)}
					: {})}
				empty={focus ? '(no events)' : loading}
			/>
			{detail > 0
				? eventDetail.map(line => (
						<Text key={`detail-${line}`} color={color('yellow')} wrap="truncate-end">
							{line}
						</Text>
					))
				: null}
		</Box>
	);
}
