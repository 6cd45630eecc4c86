// The k9s-like deployment list. Only the rows in the window are formatted; column widths come from a measure
// of every deployment that formats nothing but the few time-dependent values (distinct ages, countdowns).
import {useMemo} from 'react';
import type {DeploymentSummary} from '../../model/types.js';
import {formatAge, phaseColor, phaseText, progressBar} from '../format.js';
import type {ListWindow} from '../layout.js';
import {Table, type Column, type Row} from './Table.js';

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
}

const BAR_WIDTH = 10;

const BASE_COLUMNS: Column[] = [
	{header: 'NAME', flex: true},
	{header: 'READY', align: 'right'},
	{header: 'UP-TO-DATE', align: 'right'},
	{header: 'AVAILABLE', align: 'right'},
	{header: 'REVISION', align: 'right', dropRank: 2},
	{header: 'STRATEGY', dropRank: 4},
	{header: 'PROGRESS', dropRank: 3},
	{header: 'PHASE'},
	{header: 'AGE', align: 'right', dropRank: 1},
];
const NAMESPACE_COLUMNS: Column[] = [{header: 'NAMESPACE'}, ...BASE_COLUMNS];

const strategyText = (d: DeploymentSummary) => (d.strategy === 'RollingUpdate' ? 'Rolling' : d.strategy);

/** Characters of an integer written in decimal, without writing it. */
export function digits(value: number): number {
	if (!Number.isFinite(value)) return String(value).length;
	let count = value < 0 ? 2 : 1;
	for (let rest = Math.abs(Math.trunc(value)); rest >= 10; rest = Math.floor(rest / 10)) count++;
	return count;
}

/** Whether the PHASE text moves with the clock (a deadline countdown). */
const hasCountdown = (d: DeploymentSummary) => d.phase === 'Progressing' && d.deadline !== undefined;

/** Widths that do not depend on the time, and what is needed for those that do. Computed once per list. */
export interface StaticMeasure {
	/** Per column (in column order); PHASE and AGE hold the widths of the values that do not move. */
	widths: number[];
	/** Deployments whose PHASE shows a countdown. */
	countdowns: DeploymentSummary[];
	/** Distinct creation times (ms) of the deployments (ages are formatted once per distinct time). */
	createdAt: Date[];
}

export function measureStatic(deployments: DeploymentSummary[], showNamespace: boolean): StaticMeasure {
	const widths = new Array<number>(BASE_COLUMNS.length).fill(0);
	const namespaceWidths = {value: 0};
	const countdowns: DeploymentSummary[] = [];
	const created = new Map<number, Date>();
	let unknownAge = false;
	for (const d of deployments) {
		const p = d.progress;
		if (showNamespace) namespaceWidths.value = Math.max(namespaceWidths.value, d.namespace.length);
		widths[0] = Math.max(widths[0]!, d.name.length);
		widths[1] = Math.max(widths[1]!, digits(p.ready) + 1 + digits(p.desired));
		widths[2] = Math.max(widths[2]!, digits(p.updated));
		widths[3] = Math.max(widths[3]!, digits(p.available));
		widths[4] = Math.max(widths[4]!, digits(d.revision));
		widths[5] = Math.max(widths[5]!, strategyText(d).length);
		widths[6] = BAR_WIDTH;
		if (hasCountdown(d)) countdowns.push(d);
		else widths[7] = Math.max(widths[7]!, d.phase.length);
		const at = d.createdAt?.getTime();
		if (at === undefined || Number.isNaN(at)) unknownAge = true;
		else if (!created.has(at)) created.set(at, d.createdAt);
	}
	if (unknownAge) widths[8] = '<unknown>'.length;
	return {
		widths: showNamespace ? [namespaceWidths.value, ...widths] : widths,
		countdowns,
		createdAt: [...created.values()],
	};
}

/** Every column's widest cell at `now`: the static widths plus the countdowns and the distinct ages. */
export function contentWidthsAt(measure: StaticMeasure, now: number): number[] {
	const widths = [...measure.widths];
	const phase = widths.length - 2;
	const age = widths.length - 1;
	for (const d of measure.countdowns) widths[phase] = Math.max(widths[phase]!, phaseText(d, now).length);
	for (const createdAt of measure.createdAt) widths[age] = Math.max(widths[age]!, formatAge(createdAt, now).length);
	return widths;
}

interface CachedRow {
	showNamespace: boolean;
	phase: string;
	age: string;
	row: Row;
}

// Rows by summary identity: the session replaces a summary only when it changed, so an unchanged deployment
// keeps its Row object (and its memoised line) until its age or countdown reads differently.
const rowCache = new WeakMap<DeploymentSummary, CachedRow>();

export function listRow(d: DeploymentSummary, showNamespace: boolean, now: number): Row {
	const phaseLabel = phaseText(d, now);
	const age = formatAge(d.createdAt, now);
	const cached = rowCache.get(d);
	if (cached && cached.showNamespace === showNamespace && cached.phase === phaseLabel && cached.age === age)
		return cached.row;
	const p = d.progress;
	const phase = phaseColor(d);
	const cells = [
		d.name,
		`${p.ready}/${p.desired}`,
		String(p.updated),
		String(p.available),
		String(d.revision),
		strategyText(d),
		progressBar(p, BAR_WIDTH),
		phaseLabel,
		age,
	];
	const colors = [undefined, undefined, undefined, undefined, undefined, undefined, phase, phase, undefined];
	const row: Row = {
		key: `${d.namespace}/${d.name}`,
		cells: showNamespace ? [d.namespace, ...cells] : cells,
		colors: showNamespace ? [undefined, ...colors] : colors,
	};
	rowCache.set(d, {showNamespace, phase: phaseLabel, age, row});
	return row;
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
}: DeploymentListProps) {
	const measure = useMemo(() => measureStatic(deployments, showNamespace), [deployments, showNamespace]);
	const rows = {
		count: deployments.length,
		contentWidths: contentWidthsAt(measure, now),
		rowAt: (index: number) => listRow(deployments[index]!, showNamespace, now),
	};
	return (
		<Table
			columns={showNamespace ? NAMESPACE_COLUMNS : BASE_COLUMNS}
			rows={rows}
			width={width}
			height={height}
			selected={deployments.length > 0 ? selected : undefined}
			empty={empty}
			{...(window ? {window} : {})}
		/>
	);
}
