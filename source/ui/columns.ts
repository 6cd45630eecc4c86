// The deployment list's columns, as data: header, cell, width, colour, whether the cell moves with the clock.
// The measure (column widths over every deployment), the row builder and the "does this change show" test all read
// this one table, so a new column (KIND, IMAGE) is one entry. Every cell is made visible (model/visible.ts) here and
// in the table, so nothing from the cluster reaches the terminal as a control character.
import {KINDS} from '../model/kinds.js';
import {visible} from '../model/visible.js';
import {deploymentKey} from './state.js';
import type {DeploymentSummary} from '../model/types.js';
import type {Column, Row} from './components/Table.js';
import {formatAge, imagesText, phaseColor, phaseText, progressBar} from './format.js';

export interface ListColumn extends Column {
	/** The cell at `now` (only ticking cells read it). */
	cell(d: DeploymentSummary, now: number): string;
	color?(d: DeploymentSummary): string | undefined;
	/** The cell's width without writing it (a fast path for the measure of columns that do not tick). */
	width?(d: DeploymentSummary): number;
	/**
	 * For a cell that moves with the clock: a key shared by the rows whose cell reads the same at every moment (the
	 * creation time for an age), so the measure formats one row per key; undefined when this row's cell holds still.
	 */
	ticks?(d: DeploymentSummary): unknown;
	/** Shown only in the list of all namespaces. */
	allNamespacesOnly?: boolean;
	/** Shown only on wide terminals (WIDE_COLUMNS and more). */
	wideOnly?: boolean;
}

/** From this many terminal columns the list is wide: it adds the IMAGE column. */
export const WIDE_COLUMNS = 160;

const BAR_WIDTH = 10;

/** Characters of an integer written in decimal, without writing it. */
export function digits(value: number): number {
	if (!Number.isFinite(value)) return String(value).length;
	let count = value < 0 ? 2 : 1;
	for (let rest = Math.abs(Math.trunc(value)); rest >= 10; rest = Math.floor(rest / 10)) count++;
	return count;
}

const strategyText = (d: DeploymentSummary) => (d.strategy === 'RollingUpdate' ? 'Rolling' : d.strategy);
/** Whether the PHASE text moves with the clock (a deadline countdown). */
const hasCountdown = (d: DeploymentSummary) => d.phase === 'Progressing' && d.deadline !== undefined;
const createdMs = (d: DeploymentSummary) => {
	const at = d.createdAt?.getTime();
	return at === undefined || Number.isNaN(at) ? undefined : at;
};

export const LIST_COLUMNS: readonly ListColumn[] = [
	{header: 'NAMESPACE', allNamespacesOnly: true, cell: d => d.namespace},
	{header: 'NAME', flex: true, cell: d => d.name},
	{header: 'KIND', cell: d => KINDS[d.kind].shortName, width: d => KINDS[d.kind].shortName.length},
	{
		header: 'READY',
		align: 'right',
		cell: d => `${d.progress.ready}/${d.progress.desired}`,
		width: d => digits(d.progress.ready) + 1 + digits(d.progress.desired),
	},
	{header: 'UP-TO-DATE', align: 'right', cell: d => String(d.progress.updated), width: d => digits(d.progress.updated)},
	{
		header: 'AVAILABLE',
		align: 'right',
		cell: d => String(d.progress.available),
		width: d => digits(d.progress.available),
	},
	{
		header: 'REVISION',
		align: 'right',
		dropRank: 2,
		// A StatefulSet's or DaemonSet's revision number lives on its ControllerRevisions, not on the object.
		cell: d => (d.kind === 'Deployment' ? String(d.revision) : '-'),
		width: d => (d.kind === 'Deployment' ? digits(d.revision) : 1),
	},
	{header: 'STRATEGY', dropRank: 4, cell: strategyText},
	{
		header: 'PROGRESS',
		dropRank: 3,
		cell: d => progressBar(d.progress, BAR_WIDTH),
		color: phaseColor,
		width: () => BAR_WIDTH,
	},
	{header: 'PHASE', cell: phaseText, color: phaseColor, ticks: d => (hasCountdown(d) ? d : undefined)},
	{header: 'IMAGE', wideOnly: true, dropRank: 5, cell: d => imagesText(d.images)},
	{header: 'AGE', align: 'right', dropRank: 1, cell: (d, now) => formatAge(d.createdAt, now), ticks: createdMs},
];

/** The columns of the list on screen. */
export function listColumns(showNamespace: boolean, wide = false): readonly ListColumn[] {
	const key = (showNamespace ? 1 : 0) + (wide ? 2 : 0);
	return (COLUMN_SETS[key] ??= LIST_COLUMNS.filter(
		column => (showNamespace || !column.allNamespacesOnly) && (wide || !column.wideOnly),
	));
}
const COLUMN_SETS: (readonly ListColumn[] | undefined)[] = [];

const cellOf = (column: ListColumn, d: DeploymentSummary, now: number) => visible(column.cell(d, now));

/** Widths that do not depend on the time, and one row per distinct ticking value. Computed once per list. */
export interface StaticMeasure {
	columns: readonly ListColumn[];
	/** Per column: the widest cell that holds still. */
	widths: number[];
	/** Per column: rows whose cell moves with the clock, one per distinct key. */
	ticking: DeploymentSummary[][];
}

// Measures by list identity: the list renders and the change test both measure the list that was shown last.
const measures = new WeakMap<readonly DeploymentSummary[], StaticMeasure[]>();

export function measureStatic(
	deployments: readonly DeploymentSummary[],
	showNamespace: boolean,
	wide = false,
): StaticMeasure {
	const columns = listColumns(showNamespace, wide);
	const known = measures.get(deployments)?.find(measure => measure.columns === columns);
	if (known) return known;
	const measure = measureOf(deployments, columns);
	measures.set(deployments, [...(measures.get(deployments) ?? []), measure]);
	return measure;
}

function measureOf(deployments: readonly DeploymentSummary[], columns: readonly ListColumn[]): StaticMeasure {
	const widths = columns.map(() => 0);
	const ticking = columns.map(() => new Map<unknown, DeploymentSummary>());
	for (const d of deployments) {
		columns.forEach((column, index) => {
			const key = column.ticks?.(d);
			if (key !== undefined) {
				if (!ticking[index]!.has(key)) ticking[index]!.set(key, d);
				return;
			}
			// A cell that could tick but holds still here reads the same at any moment.
			const width = column.width && !column.ticks ? column.width(d) : cellOf(column, d, 0).length;
			if (width > widths[index]!) widths[index] = width;
		});
	}
	return {columns, widths, ticking: ticking.map(rows => [...rows.values()])};
}

/** Every column's widest cell at `now`: the widths that hold still plus the ticking cells at `now`. */
export function contentWidthsAt(measure: StaticMeasure, now: number): number[] {
	return measure.widths.map((width, index) => {
		const column = measure.columns[index]!;
		let widest = width;
		for (const d of measure.ticking[index]!) widest = Math.max(widest, cellOf(column, d, now).length);
		return widest;
	});
}

interface CachedRow {
	columns: readonly ListColumn[];
	/** The ticking cells the row was built with. */
	moving: string[];
	row: Row;
}

// Rows by summary identity: the session replaces a summary only when it changed, so an unchanged deployment
// keeps its Row object (and its memoised line) until one of its ticking cells reads differently.
const rowCache = new WeakMap<DeploymentSummary, CachedRow>();

const sameStrings = (a: readonly string[], b: readonly string[]) =>
	a.length === b.length && a.every((value, index) => value === b[index]);

export function listRow(d: DeploymentSummary, showNamespace: boolean, now: number, wide = false): Row {
	const columns = listColumns(showNamespace, wide);
	const moving: string[] = [];
	for (const column of columns) if (column.ticks) moving.push(cellOf(column, d, now));
	const cached = rowCache.get(d);
	if (cached && cached.columns === columns && sameStrings(cached.moving, moving)) return cached.row;
	const row: Row = {
		key: deploymentKey(d),
		cells: columns.map(column => cellOf(column, d, now)),
		colors: columns.map(column => column.color?.(d)),
	};
	rowCache.set(d, {columns, moving, row});
	return row;
}
