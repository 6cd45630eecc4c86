// A compact table with a selection and windowing, one Text per line.
// Why not @alcalzone/ink-table here: it draws a ruled line between every row (two terminal rows per row),
// sizes columns from every row without a width limit, and has no selection or windowing; the lists
// (deployments, revisions, pods, events) must fit a row budget and follow the selection.
import React, {useRef} from 'react';
import {Box, Text} from 'ink';
import {fit} from '../format.js';
import {useColor} from '../hooks.js';
import {columnWidths, keptColumns, windowAround} from '../layout.js';

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

export interface TableProps {
	columns: Column[];
	rows: Row[];
	width: number;
	/** Rows for the body (the header is extra). */
	height: number;
	/** Index of the selected row, or undefined for none. */
	selected?: number;
	/** Text shown when there are no rows. */
	empty?: string;
}

const GAP = 2;
const MARKER = 2;

export function Table({columns: allColumns, rows: allRows, width, height, selected, empty = '(none)'}: TableProps) {
	const color = useColor();
	const windowStart = useRef(0);
	const allContent = allColumns.map((column, index) =>
		Math.max(column.header.length, ...allRows.map(row => (row.cells[index] ?? '').length)),
	);
	const kept = keptColumns(allColumns, allContent, width - MARKER, GAP);
	const columns = kept.map(index => allColumns[index]!);
	const content = kept.map(index => allContent[index]!);
	const rows = allRows.map(row => ({
		...row,
		cells: kept.map(index => row.cells[index] ?? ''),
		colors: row.colors && kept.map(index => row.colors![index]),
	}));
	const flexIndex = columns.findIndex(column => column.flex);
	const widths = columnWidths(content, flexIndex, width - MARKER, GAP);
	const visible = windowAround(rows.length, selected ?? 0, Math.max(0, height), windowStart.current);
	windowStart.current = visible.start;
	const line = (cells: string[]) =>
		cells.map((cell, index) => fit(cell, widths[index]!, columns[index]!.align)).join(' '.repeat(GAP));
	const hiddenAbove = visible.start;
	const hiddenBelow = rows.length - visible.end;
	const more = hiddenAbove > 0 || hiddenBelow > 0 ? `  ${hiddenAbove > 0 ? `↑${hiddenAbove} ` : ''}${hiddenBelow > 0 ? `↓${hiddenBelow}` : ''}` : '';
	return (
		<Box flexDirection="column" width={width} flexShrink={0} overflow="hidden">
			<Text bold wrap="truncate-end">
				{' '.repeat(MARKER) + line(columns.map(column => column.header)) + more}
			</Text>
			{rows.length === 0 && height > 0 ? (
				<Text dimColor wrap="truncate-end">
					{' '.repeat(MARKER) + empty}
				</Text>
			) : null}
			{rows.slice(visible.start, visible.end).map((row, offset) => {
				const isSelected = selected !== undefined && visible.start + offset === selected;
				return (
					<Text key={row.key} wrap="truncate-end" inverse={isSelected} dimColor={row.dim && !isSelected}>
						{isSelected ? '› ' : '  '}
						{row.cells.map((cell, index) => (
							<Text key={index} color={isSelected ? undefined : color(row.colors?.[index] ?? '') || undefined}>
								{fit(cell, widths[index]!, columns[index]!.align) + (index < row.cells.length - 1 ? ' '.repeat(GAP) : '')}
							</Text>
						))}
					</Text>
				);
			})}
		</Box>
	);
}
