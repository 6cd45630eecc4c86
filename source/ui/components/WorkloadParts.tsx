// What the StatefulSet and DaemonSet views share: the revisions table from ControllerRevisions, the events table,
// the title line and the layout of a panel above three lists.
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {KINDS} from '../../model/kinds.js';
import {visible} from '../../model/visible.js';
import type {DeploymentSummary, EventSummary, RevisionEntry, WorkloadRef} from '../../model/types.js';
import {formatAge, imagesText} from '../format.js';
import {useColor} from '../hooks.js';
import {shareRows} from '../layout.js';
import {eventRows} from './DeploymentView.js';
import {Table, type Column, type Row} from './Table.js';

export const REVISION_COLUMNS: readonly Column[] = [
	{header: ''},
	{header: 'REVISION', align: 'right'},
	{header: 'AGE', align: 'right', dropRank: 1},
	{header: 'CONTROLLERREVISION', dropRank: 3},
	{header: 'IMAGES'},
	{header: 'NOTE', dropRank: 2},
	{header: 'CHANGE-CAUSE', flex: true},
];

export const EVENT_COLUMNS: readonly Column[] = [
	{header: 'LAST SEEN', align: 'right'},
	{header: 'TYPE'},
	{header: 'REASON'},
	{header: 'OBJECT', dropRank: 1},
	{header: 'MESSAGE', flex: true},
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

export interface WorkloadFrameProps {
	target: WorkloadRef;
	workload: DeploymentSummary | undefined;
	/** The panel's lines, most important first; they give way to the lists in a short terminal. */
	panel: ReactNode[];
	revisions: RevisionEntry[] | undefined;
	revisionIndex: number;
	/** The middle list: pods by ordinal, or nodes. */
	middle: {title: string; columns: readonly Column[]; rows: Row[]; empty: string};
	events: readonly EventSummary[];
	width: number;
	height: number;
	now: number;
}

/** Title, panel, revisions (with the undo selection), the kind's own list, events. */
export function WorkloadFrame(props: WorkloadFrameProps) {
	const {target, workload, panel, revisions, revisionIndex, middle, events, width, height, now} = props;
	const color = useColor();
	const titles = height >= 1 + panel.length + 3 + 3 + 6;
	const panelRows = Math.max(0, Math.min(panel.length, height - 1 - (titles ? 3 : 0) - 6));
	const lists = Math.max(0, height - 1 - (titles ? 3 : 0) - panelRows - 3);
	const history = revisions ?? [];
	const rows = shareRows(lists, {history: history.length, pods: middle.rows.length, events: events.length});
	const loading = revisions === undefined ? 'loading…' : '(none)';
	const title = (text: string, hint?: string) =>
		titles ? (
			<Text bold color={color('cyan')} wrap="truncate-end">
				{text}
				{hint ? <Text dimColor>{`  ${hint}`}</Text> : null}
			</Text>
		) : null;
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text wrap="truncate-end" bold>
				{visible(`${KINDS[target.kind].singular}/${target.name}  namespace ${target.namespace}`)}
				{workload ? visible(`  images ${imagesText(workload.images)}`) : ''}
			</Text>
			{workload ? (
				<Box flexDirection="column" height={panelRows} flexShrink={0} overflowY="hidden">
					{panel.slice(0, panelRows)}
				</Box>
			) : (
				<Box height={panelRows} flexShrink={0} overflowY="hidden">
					<Text color={color('red')} wrap="truncate-end">
						{visible(
							`${KINDS[target.kind].singular} "${target.name}" not found in namespace "${target.namespace}" (deleted?)`,
						)}
					</Text>
				</Box>
			)}
			{title('Revisions', '(j/k select, u undo to the selected revision)')}
			<Table
				columns={REVISION_COLUMNS}
				rows={controllerRevisionRows(history, now)}
				width={width}
				height={rows.history}
				selected={history.length > 0 ? Math.min(revisionIndex, history.length - 1) : undefined}
				empty={loading}
			/>
			{title(middle.title)}
			<Table columns={middle.columns} rows={middle.rows} width={width} height={rows.pods} empty={middle.empty} />
			{title('Events')}
			<Table
				columns={EVENT_COLUMNS}
				rows={eventRows(
					[...events].sort((a, b) => b.lastSeen.getTime() - a.lastSeen.getTime()),
					now,
				)}
				width={width}
				height={rows.events}
				empty={revisions === undefined ? loading : '(no events)'}
			/>
		</Box>
	);
}
