// What the StatefulSet and DaemonSet views share: the revisions table from ControllerRevisions, and the frame (the
// Deployment view's PanelStack) with its lines on top.
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {KINDS} from '../../model/kinds.js';
import {visible} from '../../model/visible.js';
import type {PodPanelRow} from '../../model/pod-panel.js';
import type {DeploymentSummary, RevisionEntry, WorkloadRef} from '../../model/types.js';
import {formatAge, imagesText} from '../format.js';
import {clampIndex, type PanelProps} from './DeploymentView.js';
import {bannerLines, PanelStack, WorkloadGone} from './PanelStack.js';
import type {Column, Row} from './Table.js';

export const REVISION_COLUMNS: readonly Column[] = [
	{header: ''},
	{header: 'REVISION', align: 'right'},
	{header: 'AGE', align: 'right', dropRank: 1},
	{header: 'CONTROLLERREVISION', dropRank: 3},
	{header: 'IMAGES'},
	{header: 'NOTE', dropRank: 2},
	{header: 'CHANGE-CAUSE', flex: true},
];

export function controllerRevisionRows(revisions: readonly RevisionEntry[], now: number): Row[] {
	return revisions.map(revision => ({
		key: String(revision.revision),
		cells: [
			revision.isCurrent ? '●' : '',
			String(revision.revision),
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

export interface WorkloadFrameProps extends PanelProps {
	target: WorkloadRef;
	workload: DeploymentSummary | undefined;
	/** The kind's own lines on top, most important first; they give way to the lists in a short terminal. */
	lines: ReactNode[];
	revisions: RevisionEntry[] | undefined;
	revisionIndex: number;
	/** The pods panel: pods by ordinal, or nodes; `selected` is the index in `rows`. */
	middle: {title: string; columns: readonly Column[]; rows: Row[]; selected: number | undefined; empty: string};
	width: number;
	height: number;
	now: number;
}

/** Title, banners, the kind's lines, then the revisions (with the undo selection), the kind's pods and events. */
export function WorkloadFrame(props: WorkloadFrameProps) {
	const {target, workload, lines, revisions, revisionIndex, middle, width, height, now} = props;
	const {panel, podFilter, shownEvents, eventIndex} = props;
	const history = revisions ?? [];
	const loading = revisions === undefined ? 'loading…' : '(none)';
	const singular = KINDS[target.kind].singular;
	return (
		<PanelStack
			header={
				<Text wrap="truncate-end" bold>
					{visible(`${singular}/${target.name}  namespace ${target.namespace}`)}
					{workload ? visible(`  images ${imagesText(workload.images)}`) : ''}
				</Text>
			}
			banners={bannerLines(workload)}
			topRows={workload ? lines.length : 1}
			top={rows =>
				workload ? (
					<Box flexDirection="column" height={rows} flexShrink={0} overflowY="hidden">
						{lines.slice(0, rows)}
					</Box>
				) : (
					<WorkloadGone kind={singular} name={target.name} namespace={target.namespace} rows={rows} />
				)
			}
			panel={panel}
			revisions={{
				title: 'Revisions',
				hint: '(j/k select, u undo to it, f its pods only, d/y its ControllerRevision)',
				columns: REVISION_COLUMNS,
				rows: controllerRevisionRows(history, now),
				selected: clampIndex(revisionIndex, history.length),
				empty: loading,
			}}
			pods={{
				title: podFilter ? `${middle.title} of ${podFilter}` : middle.title,
				hint: '(j/k select, Enter open its pod, l logs, d describe, y YAML, f all revisions)',
				columns: middle.columns,
				rows: middle.rows,
				selected: middle.selected,
				empty: podFilter && middle.rows.length === 0 ? '(none of this revision)' : middle.empty,
			}}
			shownEvents={shownEvents}
			eventIndex={eventIndex}
			eventsEmpty={revisions === undefined ? loading : '(no events)'}
			now={now}
			width={width}
			height={height}
		/>
	);
}

/** The index in a kind's table rows of the selected pods-panel row (tables may hold separator rows). */
export function selectedRow(
	tableRows: readonly Row[],
	shown: readonly PodPanelRow[],
	index: number,
): number | undefined {
	const key = shown[clampIndex(index, shown.length)]?.key;
	const found = key === undefined ? -1 : tableRows.findIndex(row => row.key === key);
	return found >= 0 ? found : undefined;
}
