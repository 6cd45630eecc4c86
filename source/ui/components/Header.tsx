// The two header lines: where we are (context, cluster, namespace, connection) and the keys that matter here.
import React from 'react';
import {Box, Text} from 'ink';
import type {DashboardSnapshot} from '../../model/types.js';
import {connectionText} from '../format.js';
import {useColor} from '../hooks.js';

export interface HeaderProps {
	snapshot: DashboardSnapshot;
	readonly: boolean;
	now: number;
	width: number;
	hints: string;
}

export function Header({snapshot, readonly, now, width, hints}: HeaderProps) {
	const color = useColor();
	const {cluster} = snapshot;
	const connection = connectionText(snapshot.connection, now);
	return (
		<Box flexDirection="column" width={width} height={2} flexShrink={0} overflow="hidden">
			<Text wrap="truncate-end">
				<Text bold color={color('cyan')}>
					rollout-dash
				</Text>
				{readonly ? (
					<Text bold color={color('yellow')}>
						{' [READ-ONLY]'}
					</Text>
				) : null}
				{'  '}
				<Text color={color(connection.color)}>{connection.text}</Text>
				{`  context: ${cluster.context}  cluster: ${cluster.cluster}  namespace: ${cluster.namespace ?? 'all'}`}
			</Text>
			<Text dimColor wrap="truncate-end">
				{hints}
			</Text>
		</Box>
	);
}
