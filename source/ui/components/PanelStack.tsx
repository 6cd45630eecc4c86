// The frame every workload view shares: a title line, the banners (failing, paused), the kind's own panel on top,
// then the revisions, pods and events panels. Tab moves the focus between the three; the focused one is marked, gets
// the room (panelHeights) and shows its selection; a selected event's full message is shown below.
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {panelHeights, type Panel} from '../../model/deployment-view.js';
import {failureBanner, pausedNote} from '../../model/health.js';
import {wrapLine} from '../../model/text-view.js';
import type {DeploymentSummary, EventSummary} from '../../model/types.js';
import {visible} from '../../model/visible.js';
import {formatAge} from '../format.js';
import {useColor} from '../hooks.js';
import {rowCount, Table, useWindowedRows, type Column, type Row, type WindowedRows} from './Table.js';

/** How a view's rows are spent: section titles and the top panel's lines give way first in a short terminal. */
export function stackRows(height: number, topRows: number): {titles: boolean; top: number; lists: number} {
	const titles = height >= 1 + topRows + 3 + 3 + 6;
	const titleRows = titles ? 3 : 0;
	// One title line, three table headers and at least one row per list.
	const top = Math.max(0, Math.min(topRows, height - 1 - titleRows - 6));
	return {titles, top, lists: Math.max(0, height - 1 - titleRows - top - 3)};
}

export const EVENT_COLUMNS: readonly Column[] = [
	{header: 'LAST SEEN', align: 'right'},
	{header: 'TYPE'},
	{header: 'REASON'},
	{header: 'OBJECT', dropRank: 1},
	{header: 'MESSAGE', flex: true},
];

/** Events as given (the caller orders them: newest first, stable within a second). */
export function eventRow(event: EventSummary, now: number, index: number): Row {
	return {
		key: `${index}-${event.reason}-${event.involvedName}`,
		cells: [
			formatAge(event.lastSeen, now),
			event.type,
			event.reason,
			`${event.involvedKind.toLowerCase()}/${event.involvedName}`,
			event.count > 1 ? `${event.message} (x${event.count})` : event.message,
		],
		colors: [undefined, event.type === 'Warning' ? 'yellow' : undefined],
	};
}

/** The banners over a view: why the rollout fails (red), that it is paused (yellow). */
export function bannerLines(workload: DeploymentSummary | undefined): {text: string; color: string}[] {
	if (!workload) return [];
	const lines: {text: string; color: string}[] = [];
	if (workload.failure) lines.push({text: `✖ ${failureBanner(workload.failure)}`, color: 'red'});
	const paused = pausedNote(workload, workload.statusSentence);
	if (paused) lines.push({text: `⏸ Paused — ${paused}`, color: 'yellow'});
	return lines;
}

/** The top panel of a view whose workload is gone (deleted while open, or never there); nothing without rows. */
export function WorkloadGone({
	kind,
	name,
	namespace,
	rows,
}: {
	kind: string;
	name: string;
	namespace: string;
	rows: number;
}) {
	const color = useColor();
	// A focused pods or events panel takes the top panel's rows: a line drawn then would overwrite the next title.
	if (rows <= 0) return null;
	return (
		<Box height={rows} flexShrink={0} overflowY="hidden">
			<Text color={color('red')} wrap="truncate-end">
				{visible(`${kind} "${name}" not found in namespace "${namespace}" (deleted?)`)}
			</Text>
		</Box>
	);
}

/** One of the three panels: its title, the hint shown while it has the focus, and its table. */
export interface PanelTable {
	title: string;
	hint: string;
	columns: readonly Column[];
	rows: Row[] | WindowedRows;
	/** The selected row (of `rows`); shown for revisions always, for the others while they have the focus. */
	selected: number | undefined;
	empty: string;
}

/** The events panel of every view: newest first, the selection while it has the focus. */
export function eventsTable(rows: Row[] | WindowedRows, index: number, empty: string): PanelTable {
	return {
		title: 'Events',
		hint: '(j/k select: the full message below)',
		columns: EVENT_COLUMNS,
		rows,
		selected: Math.min(index, Math.max(0, rowCount(rows) - 1)),
		empty,
	};
}

export interface PanelStackProps {
	header: ReactNode;
	banners: {text: string; color: string}[];
	/** Lines of the kind's own panel at most; `top` draws it in the rows it is given. */
	topRows: number;
	top: (rows: number) => ReactNode;
	panel: Panel;
	revisions: PanelTable;
	pods: PanelTable;
	/** The events shown, and the selected one, whose full message is shown below while the panel has the focus. */
	shownEvents: readonly EventSummary[];
	eventIndex: number;
	eventsEmpty: string;
	now: number;
	width: number;
	height: number;
}

const DETAIL_ROWS = 2;

export function PanelStack(props: PanelStackProps) {
	const {panel, width, height, banners, shownEvents, eventIndex} = props;
	// Thousands of events: only the rows on screen are built, the widths once per second of age.
	const rows = useWindowedRows(shownEvents, props.now, EVENT_COLUMNS.length, eventRow);
	const events = eventsTable(rows, eventIndex, props.eventsEmpty);
	const selectedEvent = events.selected === undefined ? undefined : shownEvents[events.selected];
	const color = useColor();
	const detail = panel === 'events' && selectedEvent ? DETAIL_ROWS : 0;
	const budget = stackRows(height - banners.length - detail, props.topRows);
	// A focused pods or events panel takes the top panel's rows too.
	const top = panel === 'revisions' ? budget.top : 0;
	const lists = budget.lists + budget.top - top;
	const tables: Record<Panel, PanelTable> = {revisions: props.revisions, pods: props.pods, events};
	const wants = (name: Panel) => Math.max(1, rowCount(tables[name].rows));
	const heights = panelHeights(lists, panel, {
		revisions: wants('revisions'),
		pods: wants('pods'),
		events: wants('events'),
	});
	const eventDetail = selectedEvent
		? wrapLine(
				visible(`${selectedEvent.involvedKind.toLowerCase()}/${selectedEvent.involvedName}: ${selectedEvent.message}`),
				width,
			).slice(0, DETAIL_ROWS)
		: [];
	const section = (name: Panel) => {
		const table = tables[name];
		const focused = panel === name;
		const selected = focused || name === 'revisions' ? table.selected : undefined;
		return [
			budget.titles ? (
				<Text key={`${name}-title`} bold color={color(focused ? 'cyan' : 'gray')} wrap="truncate-end">
					{`${focused ? '▶ ' : '  '}${table.title}  `}
					<Text dimColor>{focused ? table.hint : '(Tab: focus)'}</Text>
				</Text>
			) : null,
			<Table
				key={`${name}-table`}
				columns={table.columns}
				rows={table.rows}
				width={width}
				height={heights[name]}
				{...(selected === undefined || rowCount(table.rows) === 0 ? {} : {selected})}
				empty={table.empty}
			/>,
		];
	};
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			{props.header}
			{banners.map(banner => (
				<Text key={banner.text} bold color={color(banner.color)} wrap="truncate-end">
					{visible(banner.text)}
				</Text>
			))}
			{props.top(top)}
			{section('revisions')}
			{section('pods')}
			{section('events')}
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
