// A compact table with a selection and windowing, one Text per line.
// Why not @alcalzone/ink-table here: it draws a ruled line between every row (two terminal rows per row),
// sizes columns from every row without a width limit, and has no selection or windowing; the lists
// (deployments, revisions, pods, events) must fit a row budget and follow the selection.
// Rows outside the window are never built: a long list passes its size, its column widths and a row builder.
// Cells are drawn (and measured) through visible(): this is where text from the cluster reaches the screen.
import React, {useMemo, useRef} from 'react';
import {Box, Text} from 'ink';
import {visible} from '../../model/visible.js';
import {fit} from '../format.js';
import {useColor, usePerSecond} from '../hooks.js';
import {columnWidths, keptColumns, windowAround, type ListWindow} from '../layout.js';

export interface Column {
	header: string;
	align?: 'left' | 'right';
	/** The column that takes the width left over (and is cut first). */
	flex?: boolean;
	/** Columns with a drop rank are left out, highest rank first, when the table does not fit. */
	dropRank?: number;
}

export interface Row {
	key: string;
	cells: string[];
	/** Colour per cell (undefined: default). */
	colors?: (string | undefined)[];
	dim?: boolean;
}

/** A long list: only the rows in the window are built (rowAt), the widths come from the caller's measure. */
export interface WindowedRows {
	count: number;
	/** The widest cell of each column over all rows (headers excluded). */
	contentWidths: number[];
	rowAt(index: number): Row;
}

export interface TableProps {
	columns: readonly Column[];
	rows: Row[] | WindowedRows;
	width: number;
	/** Rows for the body (the header is extra). */
	height: number;
	/** Index of the selected row, or undefined for none. */
	selected?: number;
	/** Text shown when there are no rows. */
	empty?: string;
	/** The window to show, when the caller keeps it (else the table follows the selection itself). */
	window?: ListWindow;
}

const GAP = 2;
const MARKER = 2;

/** Widens `widths` to the row's cells. */
function widenTo(widths: number[], row: Row): void {
	for (let index = 0; index < widths.length; index++)
		widths[index] = Math.max(widths[index]!, visible(row.cells[index] ?? '').length);
}

/** The widest cell of each of `columnCount` columns. */
export function contentWidthsOf(rows: Row[], columnCount: number): number[] {
	const widths = new Array<number>(columnCount).fill(0);
	for (const row of rows) widenTo(widths, row);
	return widths;
}

/**
 * A long list whose rows show ages (pods, events): measured once per second of age or when the items change, each
 * row built only when the table draws it. The measure builds every row and keeps only the widths: a thousand rows
 * kept for a second would outlive V8's young heap and be collected in the old one.
 */
export function useWindowedRows<T>(
	items: readonly T[],
	now: number,
	columnCount: number,
	rowOf: (item: T, now: number, index: number) => Row,
): WindowedRows {
	const measured = usePerSecond(now, [items, columnCount], () => {
		// One row at a time: none outlives its measure.
		const contentWidths = new Array<number>(columnCount).fill(0);
		for (let index = 0; index < items.length; index++) widenTo(contentWidths, rowOf(items[index]!, now, index));
		return {at: now, contentWidths};
	});
	return {
		count: items.length,
		contentWidths: measured.contentWidths,
		// The time of the measure: a row is not wider than its column until the next second's.
		rowAt: index => rowOf(items[index]!, measured.at, index),
	};
}

/** The number of rows, of either form. */
export const rowCount = (rows: Row[] | WindowedRows) => (Array.isArray(rows) ? rows.length : rows.count);

function asWindowed(rows: Row[] | WindowedRows, columnCount: number): WindowedRows {
	if (!Array.isArray(rows)) return rows;
	return {count: rows.length, contentWidths: contentWidthsOf(rows, columnCount), rowAt: index => rows[index]!};
}

/** Which columns are shown, how wide, and how aligned: rows re-render only when this changes. */
interface Layout {
	kept: number[];
	widths: number[];
	aligns: ('left' | 'right' | undefined)[];
}

export interface Segment {
	text: string;
	color?: string;
}

/** A row as runs of text of one colour each (adjacent cells of the same colour merge), marker first. */
export function rowSegments(
	row: Row,
	layout: Layout,
	isSelected: boolean,
	color: (name: string) => string | undefined,
): Segment[] {
	const segments: Segment[] = [{text: isSelected ? '› ' : '  '}];
	const last = layout.kept.length - 1;
	layout.kept.forEach((column, index) => {
		const name = isSelected ? undefined : row.colors?.[column];
		const cellColor = name ? color(name) : undefined;
		const text =
			fit(visible(row.cells[column] ?? ''), layout.widths[index]!, layout.aligns[index]) +
			(index < last ? ' '.repeat(GAP) : '');
		const previous = segments[segments.length - 1]!;
		if (previous.color === cellColor) previous.text += text;
		else segments.push({text, color: cellColor});
	});
	return segments;
}

const sameStrings = (
	a: ReadonlyArray<string | undefined> | undefined,
	b: ReadonlyArray<string | undefined> | undefined,
) =>
	a === b ||
	(a !== undefined && b !== undefined && a.length === b.length && a.every((value, index) => value === b[index]));

/** Whether two rows read the same: rows rebuilt on every render (the small tables) then skip re-rendering too. */
export function sameRow(a: Row, b: Row): boolean {
	return (
		a === b || (a.key === b.key && a.dim === b.dim && sameStrings(a.cells, b.cells) && sameStrings(a.colors, b.colors))
	);
}

interface TableRowProps {
	row: Row;
	layout: Layout;
	isSelected: boolean;
}

const sameRowProps = (previous: TableRowProps, next: TableRowProps) =>
	previous.layout === next.layout && previous.isSelected === next.isSelected && sameRow(previous.row, next.row);

/** One line: one Text, with a nested Text only for each coloured run. Memoised on what the row reads and the layout. */
const TableRow = React.memo(function TableRow({row, layout, isSelected}: TableRowProps) {
	const color = useColor();
	const segments = rowSegments(row, layout, isSelected, color);
	return (
		<Text wrap="truncate-end" inverse={isSelected} dimColor={row.dim && !isSelected}>
			{segments.map((segment, index) =>
				segment.color === undefined ? (
					segment.text
				) : (
					// biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered.
					<Text key={index} color={segment.color}>
						{segment.text}
					</Text>
				),
			)}
		</Text>
	);
}, sameRowProps);

export function Table({
	columns: allColumns,
	rows: rowSource,
	width,
	height,
	selected,
	empty = '(none)',
	window: shownWindow,
}: TableProps) {
	const windowStart = useRef(0);
	// Measuring every row is the cost of a long list: done again only when the rows are new.
	const rows = useMemo(() => asWindowed(rowSource, allColumns.length), [rowSource, allColumns.length]);
	const allContent = allColumns.map((column, index) => Math.max(column.header.length, rows.contentWidths[index] ?? 0));
	const kept = keptColumns(allColumns, allContent, width - MARKER, GAP);
	const flexIndex = kept.findIndex(index => allColumns[index]!.flex);
	const widths = columnWidths(
		kept.map(index => allContent[index]!),
		flexIndex,
		width - MARKER,
		GAP,
	);
	const layoutKey = `${kept.join(',')}|${widths.join(',')}|${kept.map(index => allColumns[index]!.align ?? '').join(',')}`;
	// A stable object while the layout is the same, so that memoised rows are not re-rendered.
	// biome-ignore lint/correctness/useExhaustiveDependencies: layoutKey stands for kept, widths and aligns.
	const layout = useMemo<Layout>(
		() => ({kept, widths, aligns: kept.map(index => allColumns[index]!.align)}),
		[layoutKey],
	);
	const visible = shownWindow ?? windowAround(rows.count, selected ?? 0, Math.max(0, height), windowStart.current);
	windowStart.current = visible.start;
	const header = kept
		.map((index, position) => fit(allColumns[index]!.header, widths[position]!, allColumns[index]!.align))
		.join(' '.repeat(GAP));
	const hiddenAbove = visible.start;
	const hiddenBelow = rows.count - visible.end;
	const more =
		hiddenAbove > 0 || hiddenBelow > 0
			? `  ${hiddenAbove > 0 ? `↑${hiddenAbove} ` : ''}${hiddenBelow > 0 ? `↓${hiddenBelow}` : ''}`
			: '';
	const lines: React.ReactNode[] = [];
	for (let index = visible.start; index < visible.end; index++) {
		const row = rows.rowAt(index);
		lines.push(
			<TableRow key={row.key} row={row} layout={layout} isSelected={selected !== undefined && index === selected} />,
		);
	}
	return (
		<Box flexDirection="column" width={width} flexShrink={0} overflowY="hidden">
			<Text bold wrap="truncate-end">
				{' '.repeat(MARKER) + header + more}
			</Text>
			{rows.count === 0 && height > 0 ? (
				<Text dimColor wrap="truncate-end">
					{' '.repeat(MARKER) + empty}
				</Text>
			) : null}
			{lines}
		</Box>
	);
}
