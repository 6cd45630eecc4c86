// The k9s-like deployment list. Its columns are the spec table of ../columns.ts; only the rows in the window are
// built, and the column widths come from a measure of every deployment that formats nothing but the ticking cells.
import {useMemo} from 'react';
import type {DeploymentSummary} from '../../model/types.js';
import {contentWidthsAt, listColumns, listRow, measureStatic} from '../columns.js';
import type {ListWindow} from '../layout.js';
import {Table} from './Table.js';

export {contentWidthsAt, digits, listRow, measureStatic, type StaticMeasure} from '../columns.js';

export interface DeploymentListProps {
	deployments: DeploymentSummary[];
	showNamespace: boolean;
	selected: number;
	width: number;
	height: number;
	now: number;
	empty: string;
	/** The rows shown (kept by the caller, which also needs it for the clock). */
	window?: ListWindow;
	/** A wide terminal: the IMAGE column too. */
	wide?: boolean;
	/** The connection is down: the rows are dimmed (what they say may be out of date). */
	stale?: boolean;
}

export function DeploymentList({
	deployments,
	showNamespace,
	selected,
	width,
	height,
	now,
	empty,
	window,
	wide = false,
	stale,
}: DeploymentListProps) {
	const measure = useMemo(() => measureStatic(deployments, showNamespace, wide), [deployments, showNamespace, wide]);
	const rows = {
		count: deployments.length,
		contentWidths: contentWidthsAt(measure, now),
		rowAt: (index: number) => {
			const row = listRow(deployments[index]!, showNamespace, now, wide);
			return stale ? {...row, dim: true} : row;
		},
	};
	return (
		<Table
			columns={listColumns(showNamespace, wide)}
			rows={rows}
			width={width}
			height={height}
			selected={deployments.length > 0 ? selected : undefined}
			empty={empty}
			{...(window ? {window} : {})}
		/>
	);
}
