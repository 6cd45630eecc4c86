// The DaemonSet view (Enter on a ds): one row per node with the pod on it, its revision and readiness, whether it
// uses the unavailability budget; nodes that should have a pod and do not, misscheduled pods; the maxSurge and
// maxUnavailable budgets as the Deployment's surge panel shows them.
import {Text} from 'ink';
import {useMemo} from 'react';
import {visible} from '../../model/visible.js';
import {daemonSetPicture, type NodeRow} from '../../model/workload-views.js';
import type {DeploymentSummary, FocusedDeployment, RevisionEntry, WorkloadRef} from '../../model/types.js';
import {phaseColor, podStatusColor} from '../format.js';
import {useColor} from '../hooks.js';
import {podStatusText, type PanelProps} from './DeploymentView.js';
import type {Column, Row} from './Table.js';
import {selectedRow, WorkloadFrame} from './WorkloadParts.js';

export interface DaemonSetViewProps extends PanelProps {
	target: WorkloadRef;
	workload: DeploymentSummary | undefined;
	revisions: RevisionEntry[] | undefined;
	focus: FocusedDeployment | undefined;
	revisionIndex: number;
	width: number;
	height: number;
	now: number;
}

const NODE_COLUMNS: readonly Column[] = [
	{header: 'NODE', flex: true},
	{header: 'POD'},
	{header: 'REVISION', align: 'right'},
	{header: 'READY', align: 'right'},
	{header: 'STATUS'},
	{header: 'UNAVAILABLE'},
	{header: 'NOTE', dropRank: 1},
];

export function nodeRow(row: NodeRow): Row {
	const pod = row.pods[0];
	const notes = [row.pods.length > 1 ? `surging: ${row.pods.length} pods` : '', row.nodeNote ?? ''].filter(Boolean);
	return {
		key: row.node,
		cells: [
			row.node,
			pod?.name ?? '(no pod)',
			row.revision === undefined ? (pod ? '?' : '') : String(row.revision),
			pod?.readyText ?? '',
			pod ? podStatusText(pod) : '',
			row.unavailable ? 'yes (in budget)' : '',
			notes.join(', '),
		],
		colors: [
			undefined,
			pod ? undefined : 'yellow',
			row.updated ? 'green' : undefined,
			undefined,
			pod ? podStatusColor(pod.status, pod.ready) : undefined,
			row.unavailable ? 'yellow' : undefined,
		],
	};
}

const NO_PODS: FocusedDeployment['pods'] = [];
const NO_REVISIONS: RevisionEntry[] = [];

export function DaemonSetView(props: DaemonSetViewProps) {
	const {workload, revisions, focus} = props;
	const color = useColor();
	const pods = focus?.pods ?? NO_PODS;
	const history = revisions ?? NO_REVISIONS;
	const nodes = focus?.nodes;
	const picture = useMemo(
		() => (workload ? daemonSetPicture(workload, pods, history, nodes) : undefined),
		[workload, pods, history, nodes],
	);
	// The nodes the pods panel shows (all, or those whose pod is of one revision after f).
	const tableRows = useMemo(() => {
		const shown = new Set(props.shownPods.map(row => row.key));
		return (picture?.rows ?? []).filter(row => shown.has(row.node)).map(nodeRow);
	}, [picture, props.shownPods]);
	const lines =
		workload && picture
			? [
					<Text key="phase" wrap="truncate-end">
						<Text bold color={color(phaseColor(workload))}>
							{workload.phase}
						</Text>
						{`  ${workload.strategy}  desired ${picture.desired}  updated ${workload.progress.updated}  available ${workload.progress.available}`}
					</Text>,
					<Text key="budgets" wrap="truncate-end">
						{'surge '}
						<Text color={color(picture.surgeInUse >= picture.maxSurge && picture.maxSurge > 0 ? 'yellow' : 'green')}>
							{`${picture.surgeInUse}/${picture.maxSurge}`}
						</Text>
						{' in use   unavailable '}
						<Text color={color(picture.unavailableInUse > picture.maxUnavailable ? 'red' : 'green')}>
							{`${picture.unavailableInUse}/${picture.maxUnavailable}`}
						</Text>
						{' allowed'}
					</Text>,
					<Text
						key="placement"
						wrap="truncate-end"
						color={picture.lacking + picture.misscheduled > 0 ? color('yellow') : undefined}
					>
						{visible(
							`${picture.lacking} ${picture.lacking === 1 ? 'node lacks' : 'nodes lack'} the pod it should run; ${picture.misscheduled} misscheduled ${picture.misscheduled === 1 ? 'pod' : 'pods'}${picture.strayPods.length > 0 ? ` (${picture.strayPods.map(pod => `${pod.name} on ${pod.nodeName}`).join(', ')})` : ''}`,
						)}
					</Text>,
					<Text key="sentence" wrap="truncate-end" color={color('cyan')}>
						{visible(workload.statusSentence)}
					</Text>,
				]
			: [];
	return (
		<WorkloadFrame
			{...props}
			lines={lines}
			middle={{
				title: nodes ? 'Nodes' : 'Nodes (with pods; the cluster’s nodes cannot be listed)',
				columns: NODE_COLUMNS,
				rows: tableRows,
				selected: selectedRow(tableRows, props.shownPods, props.podIndex),
				empty: focus ? '(no nodes)' : 'loading…',
			}}
		/>
	);
}
