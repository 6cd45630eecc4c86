// The StatefulSet view (Enter on an sts): pods by ordinal with their revision, the partition drawn across the
// ordinals, the pod the controller updates next, currentRevision against updateRevision, the pod management policy,
// and what OnDelete means for the pods left on the old revision.
import {Text} from 'ink';
import {useMemo} from 'react';
import {ordinalKey} from '../../model/pod-panel.js';
import {visible} from '../../model/visible.js';
import {statefulSetPicture, type OrdinalRow} from '../../model/workload-views.js';
import type {DeploymentSummary, FocusedDeployment, RevisionEntry, WorkloadRef} from '../../model/types.js';
import {formatAge, phaseColor, podStatusColor} from '../format.js';
import {useColor, usePerSecond} from '../hooks.js';
import {podStatusText, type PanelProps} from './DeploymentView.js';
import type {Column, Row} from './Table.js';
import {selectedRow, WorkloadFrame} from './WorkloadParts.js';

export interface StatefulSetViewProps extends PanelProps {
	target: WorkloadRef;
	workload: DeploymentSummary | undefined;
	revisions: RevisionEntry[] | undefined;
	focus: FocusedDeployment | undefined;
	revisionIndex: number;
	width: number;
	height: number;
	now: number;
}

const ORDINAL_COLUMNS: readonly Column[] = [
	{header: 'ORDINAL', align: 'right'},
	{header: 'POD', flex: true},
	{header: 'REVISION', align: 'right'},
	{header: 'ON'},
	{header: 'READY', align: 'right'},
	{header: 'STATUS'},
	{header: 'RESTARTS', align: 'right'},
	{header: 'AGE', align: 'right', dropRank: 1},
	{header: 'NOTE', dropRank: 2},
];

function ordinalRow(row: OrdinalRow, now: number): Row {
	const pod = row.pod;
	return {
		key: ordinalKey(row.ordinal),
		cells: [
			String(row.ordinal),
			pod?.name ?? '(no pod)',
			row.revision === undefined ? '?' : String(row.revision),
			row.side === 'unknown' ? '' : row.side,
			pod?.readyText ?? '',
			pod ? podStatusText(pod) : '',
			pod ? String(pod.restarts) : '',
			pod ? formatAge(pod.createdAt, now) : '',
			row.next ? '← next to update' : '',
		],
		colors: [
			undefined,
			undefined,
			undefined,
			row.side === 'update' ? 'green' : row.side === 'current' ? 'yellow' : undefined,
			undefined,
			pod ? podStatusColor(pod.status, pod.ready) : undefined,
			pod && pod.restarts > 0 ? 'yellow' : undefined,
			undefined,
			'cyan',
		],
		dim: pod?.terminating ?? false,
	};
}

/** Rows by ordinal, with the partition as a line between the ordinals that stay and those that update. */
export function ordinalRows(rows: readonly OrdinalRow[], partition: number, partitionText: string, now: number): Row[] {
	const out: Row[] = [];
	for (const row of rows) {
		if (partition > 0 && row.ordinal === partition)
			out.push({
				key: 'partition',
				cells: ['──', `── partition ${partition}: ${partitionText} ──`],
				colors: ['cyan', 'cyan'],
			});
		out.push(ordinalRow(row, now));
	}
	return out;
}

const NO_PODS: FocusedDeployment['pods'] = [];
const NO_REVISIONS: RevisionEntry[] = [];

export function StatefulSetView(props: StatefulSetViewProps) {
	const {target, workload, revisions, focus, now} = props;
	const color = useColor();
	const pods = focus?.pods ?? NO_PODS;
	const history = revisions ?? NO_REVISIONS;
	const picture = useMemo(
		() => (workload ? statefulSetPicture(workload, pods, history) : undefined),
		[workload, pods, history],
	);
	// The ordinals the pods panel shows (all, or those of one revision after f), with the partition line among them.
	const tableRows = usePerSecond(now, [picture, props.shownPods], () => {
		if (!picture) return [];
		const shown = new Set(props.shownPods.map(row => row.key));
		const rows = picture.rows.filter(row => shown.has(ordinalKey(row.ordinal)));
		return ordinalRows(rows, picture.partition, picture.partitionText, now);
	});
	const details = workload?.statefulSet;
	const revisionText = (number: number | undefined, name: string | undefined) =>
		`${number === undefined ? '?' : `revision ${number}`} (${name || '-'})`;
	const lines =
		workload && picture
			? [
					<Text key="phase" wrap="truncate-end">
						<Text bold color={color(phaseColor(workload))}>
							{workload.phase}
						</Text>
						{`  ${workload.strategy}  ${details?.podManagementPolicy ?? 'OrderedReady'}  ${workload.progress.ready}/${workload.progress.desired} ready, ${workload.progress.updated} updated`}
					</Text>,
					<Text key="revisions" wrap="truncate-end">
						{'current '}
						<Text color={color('yellow')}>
							{visible(revisionText(picture.currentRevision, details?.currentRevision))}
						</Text>
						{'  update '}
						<Text color={color('green')}>{visible(revisionText(picture.updateRevision, details?.updateRevision))}</Text>
					</Text>,
					<Text key="order" wrap="truncate-end">
						{visible(
							picture.onDeleteText ??
								`${picture.partitionText}; ${picture.nextOrdinal === undefined ? 'no pod left to update' : `next: ${target.name}-${picture.nextOrdinal}`}`,
						)}
					</Text>,
					<Text key="sentence" wrap="truncate-end" color={color('cyan')}>
						{visible(workload.statusSentence)}
					</Text>,
					<Text key="policy" wrap="truncate-end" dimColor>
						{picture.orderText}
					</Text>,
				]
			: [];
	return (
		<WorkloadFrame
			{...props}
			lines={lines}
			middle={{
				title: 'Pods by ordinal',
				columns: ORDINAL_COLUMNS,
				rows: tableRows,
				selected: selectedRow(tableRows, props.shownPods, props.podIndex),
				empty: focus ? '(no pods)' : 'loading…',
			}}
		/>
	);
}
