// The two header lines: where we are (context, cluster, namespace, connection) and the keys that matter here.
import React from 'react';
import {Box, Text} from 'ink';
import {visible} from '../../model/visible.js';
import type {AccessState, ClusterInfo, ConnectionState} from '../../model/types.js';
import {accessText, connectionText} from '../format.js';
import {useColor} from '../hooks.js';

export interface HeaderProps {
	cluster: ClusterInfo;
	connection: ConnectionState;
	readonly: boolean;
	/** Only read while reconnecting (the age of the outage); pass a constant otherwise so the header is not redrawn. */
	now: number;
	width: number;
	hints: string;
	/** What the user may do: a read-only or narrowed-namespace line goes before the hints. */
	access?: AccessState;
}

const sameCluster = (a: ClusterInfo, b: ClusterInfo) =>
	a === b || (a.context === b.context && a.cluster === b.cluster && a.namespace === b.namespace);

/** The header re-renders only when what it shows changed (a new snapshot carries a new but equal cluster object). */
export function sameHeader(previous: HeaderProps, next: HeaderProps): boolean {
	return (
		sameCluster(previous.cluster, next.cluster) &&
		previous.connection === next.connection &&
		previous.readonly === next.readonly &&
		previous.now === next.now &&
		previous.width === next.width &&
		previous.hints === next.hints &&
		previous.access === next.access
	);
}

export const Header = React.memo(function Header({
	cluster,
	connection,
	readonly,
	now,
	width,
	hints,
	access,
}: HeaderProps) {
	const color = useColor();
	const status = connectionText(connection, now);
	const accessLine = accessText(access);
	return (
		<Box flexDirection="column" width={width} height={2} flexShrink={0} overflowY="hidden">
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
				<Text color={color(status.color)}>{visible(status.text)}</Text>
				{visible(
					`  context: ${cluster.context}  cluster: ${cluster.cluster}  namespace: ${cluster.namespace ?? 'all'}`,
				)}
			</Text>
			<Text wrap="truncate-end">
				{accessLine ? <Text color={color(accessLine.color)}>{`${accessLine.text}  `}</Text> : null}
				<Text dimColor>{hints}</Text>
			</Text>
		</Box>
	);
}, sameHeader);
