// The k9s-like deployment list.
import React from 'react';
import type {DeploymentSummary} from '../../model/types.js';
import {formatAge, phaseColor, phaseText, progressBar} from '../format.js';
import {Table, type Column, type Row} from './Table.js';

export interface DeploymentListProps {
	deployments: DeploymentSummary[];
	showNamespace: boolean;
	selected: number;
	width: number;
	height: number;
	now: number;
	empty: string;
}

const BAR_WIDTH = 10;

export function DeploymentList({deployments, showNamespace, selected, width, height, now, empty}: DeploymentListProps) {
	const columns: Column[] = [
		...(showNamespace ? [{header: 'NAMESPACE'}] : []),
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
	const rows: Row[] = deployments.map(d => {
		const p = d.progress;
		const phase = phaseColor(d);
		return {
			key: `${d.namespace}/${d.name}`,
			cells: [
				...(showNamespace ? [d.namespace] : []),
				d.name,
				`${p.ready}/${p.desired}`,
				String(p.updated),
				String(p.available),
				String(d.revision),
				d.strategy === 'RollingUpdate' ? 'Rolling' : d.strategy,
				progressBar(p, BAR_WIDTH),
				phaseText(d, now),
				formatAge(d.createdAt, now),
			],
			colors: [...(showNamespace ? [undefined] : []), undefined, undefined, undefined, undefined, undefined, undefined, phase, phase, undefined],
		};
	});
	return <Table columns={columns} rows={rows} width={width} height={height} selected={deployments.length > 0 ? selected : undefined} empty={empty} />;
}
