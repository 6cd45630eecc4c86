// The deployment view (Enter): revision history with the undo selection, the surge panel, pods, events.
import {Text} from 'ink';
import {visible} from '../../model/visible.js';
import type {DeploymentSummary, EventSummary, FocusedDeployment, PodSummary, RevisionEntry} from '../../model/types.js';
import {formatAge, imagesText, podStatusColor} from '../format.js';
import type {Panel} from '../../model/deployment-view.js';
import type {PodPanelRow} from '../../model/pod-panel.js';
import {bannerLines, PanelStack, stackRows, WorkloadGone} from './PanelStack.js';
import {SURGE_PANEL_ROWS, SurgePanel} from './SurgePanel.js';
import {useWindowedRows, type Column, type Row} from './Table.js';

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
	const {titles, top, lists} = stackRows(height, SURGE_PANEL_ROWS);
	return {titles, surge: top, lists};
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

/** A row of the pods panel (every row of a Deployment's panel has a pod; the panel lists them newest revision first). */
export function podRow({key, pod, revision}: PodPanelRow, now: number): Row {
	// Unreachable for a Deployment; a blank row under the panel row's own key keeps the table's keys unique.
	if (!pod) return {key, cells: []};
	return {
		key: pod.name,
		cells: [
			pod.name,
			revision === undefined ? '?' : String(revision),
			pod.readyText,
			podStatusText(pod),
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
}

// Stable empty lists, so that memoised work keyed on them is not redone on every render.
const NO_REVISIONS: RevisionEntry[] = [];

export interface PanelProps {
	/** The panel with the focus: it gets the room, and j/k move its selection. */
	panel: Panel;
	/** The pods panel's rows (newest revision first, filtered to one revision when podFilter is set). */
	shownPods: PodPanelRow[];
	podIndex: number;
	podFilter?: string;
	/** Newest first, stable within a second. */
	shownEvents: EventSummary[];
	eventIndex: number;
}

const REVISION_COLUMNS: readonly Column[] = [
	{header: ''},
	{header: 'REVISION', align: 'right'},
	{header: 'PODS', align: 'right'},
	{header: 'AGE', align: 'right', dropRank: 1},
	{header: 'REPLICASET', dropRank: 3},
	{header: 'IMAGES'},
	{header: 'NOTE', dropRank: 2},
	{header: 'CHANGE-CAUSE', flex: true},
];

const POD_COLUMNS: readonly Column[] = [
	{header: 'NAME', flex: true},
	{header: 'REVISION', align: 'right'},
	{header: 'READY', align: 'right'},
	{header: 'STATUS'},
	{header: 'RESTARTS', align: 'right'},
	{header: 'AGE', align: 'right', dropRank: 1},
];

/** The selection of a list of `length` rows, clamped. */
export const clampIndex = (index: number, length: number) => Math.min(index, Math.max(0, length - 1));

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
	const history = revisions ?? NO_REVISIONS;
	const loading = revisions === undefined ? 'loading…' : '(none)';
	// A thousand pods: only the rows on screen are built, the widths once per second of age.
	const podTableRows = useWindowedRows(shownPods, now, POD_COLUMNS.length, podRow);
	return (
		<PanelStack
			header={
				<Text wrap="truncate-end" bold>
					{visible(`deployment/${target.name}  namespace ${target.namespace}`)}
					{deployment ? visible(`  revision ${deployment.revision}  images ${imagesText(deployment.images)}`) : ''}
				</Text>
			}
			banners={bannerLines(deployment)}
			topRows={SURGE_PANEL_ROWS}
			top={rows =>
				deployment ? (
					<SurgePanel deployment={deployment} revisions={revisions} width={width} now={now} height={rows} />
				) : (
					<WorkloadGone kind="deployment" name={target.name} namespace={target.namespace} rows={rows} />
				)
			}
			panel={panel}
			revisions={{
				title: 'Revisions',
				hint: '(j/k select, u undo to it, f its pods only, d/y its ReplicaSet)',
				columns: REVISION_COLUMNS,
				rows: revisionRows(history, now),
				selected: clampIndex(revisionIndex, history.length),
				empty: loading,
			}}
			pods={{
				title: podFilter ? `Pods of ${podFilter}` : 'Pods',
				hint: '(j/k select, Enter open, l logs, d describe, y YAML, f all revisions)',
				columns: POD_COLUMNS,
				rows: podTableRows,
				selected: clampIndex(podIndex, shownPods.length),
				empty: focus ? (podFilter ? '(no pods of this revision)' : '(no pods)') : loading,
			}}
			shownEvents={shownEvents}
			eventIndex={eventIndex}
			eventsEmpty={focus ? '(no events)' : loading}
			now={now}
			width={width}
			height={height}
		/>
	);
}
