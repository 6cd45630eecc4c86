// Screens that replace the body for a moment: help, the namespace picker and the confirmations.
import type React from 'react';
import {Box, Text} from 'ink';
import {Table as InkTable} from '@alcalzone/ink-table';
import type {DeploymentSummary, RevisionEntry, TemplateChange} from '../../model/types.js';
import {visible} from '../../model/visible.js';
import {confirmText, type ConfirmLine} from '../confirm-text.js';
import {fit} from '../format.js';
import {useColor} from '../hooks.js';
import {confirmRevision, kubectlCommand, type Confirmation} from '../keys.js';
import {helpLines} from '../keymap.js';
import {Table} from './Table.js';

export function Help({width, height, readonly}: {width: number; height: number; readonly: boolean}) {
	const lines = helpLines(readonly);
	const keyWidth = Math.max(...lines.map(line => line.keys.length));
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text bold>Keys (Esc or ? closes)</Text>
			{lines.map(line => (
				<Text key={line.keys} wrap="truncate-end">
					{`  ${fit(line.keys, keyWidth)}  ${line.text}`}
				</Text>
			))}
			{readonly ? (
				<Text wrap="truncate-end">{'  read-only mode: the keys that change the cluster are off (--readonly)'}</Text>
			) : null}
		</Box>
	);
}

export function NamespacePicker(props: {
	choices: string[];
	current: string | undefined;
	selected: number;
	width: number;
	height: number;
}) {
	const {choices, current, selected, width, height} = props;
	const rows = choices.map(choice => ({
		key: choice,
		cells: [choice, (choice === 'all' ? current === undefined : choice === current) ? 'current' : ''],
	}));
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text bold wrap="truncate-end">
				Switch namespace (j/k move, Enter select, Esc cancel)
			</Text>
			<Table
				columns={[{header: 'NAMESPACE', flex: true}, {header: ''}]}
				rows={rows}
				width={width}
				height={height - 2}
				selected={selected}
			/>
		</Box>
	);
}

interface DiffRow {
	[key: string]: string;
	FIELD: string;
	CURRENT: string;
	TARGET: string;
}

/** Rows for the undo diff, cut so that the ink-table (which does not wrap or truncate) fits `width`. */
export function diffRows(changes: TemplateChange[], width: number): DiffRow[] {
	// ink-table adds "│ " and " " around each of 3 cells plus the closing "│": 10 cells of chrome.
	const cell = Math.max(8, Math.floor((width - 10) / 3));
	// Template values come from the cluster: made visible before they are measured and cut.
	const cut = (raw: string) => {
		const text = visible(raw);
		return text.length > cell ? `${text.slice(0, cell - 1)}…` : text;
	};
	return changes.map(change => ({
		FIELD: cut(change.field),
		CURRENT: cut(change.from ?? '(none)'),
		TARGET: cut(change.to ?? '(none)'),
	}));
}

export interface ConfirmProps {
	confirm: Confirmation;
	deployment: DeploymentSummary | undefined;
	revision: RevisionEntry | undefined;
	/** The open workload's history (for the revision an undo gives its target). */
	revisions?: readonly RevisionEntry[];
	width: number;
	height: number;
}

export function Confirm({confirm, deployment, revision, revisions, width, height}: ConfirmProps) {
	const color = useColor();
	const gitOps = deployment?.gitOps;
	// biome-ignore lint/correctness/noComponentHookFactories: the header cell closes over this render's colour function.
	const HeaderCell = ({children}: React.PropsWithChildren) => (
		<Text bold color={color('blue')}>
			{children}
		</Text>
	);
	// The ink-table takes 2 rows per change plus 3; keep room for the other lines.
	const maxChanges = Math.max(1, Math.floor((height - 12) / 2));
	const shown = confirm.changes.slice(0, maxChanges);
	const {request} = confirm;
	const toRevision = confirmRevision(confirm);
	const text = confirmText(request, deployment, revision, revisions);
	// Lines from the cluster (names, images, change-causes) go through visible(); every sentence wraps to the full
	// width, so that what happens ("… becomes revision 4; the rollout starts now") is never cut off.
	const line = ({text: words, warning}: ConfirmLine, key: number) => (
		<Text key={key} color={warning ? color('yellow') : undefined} wrap="wrap">
			{visible(words)}
		</Text>
	);
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text bold wrap="truncate-end">
				{visible(text.title)}
			</Text>
			{text.lines.filter(entry => !entry.warning).map(line)}
			{request.verb === 'undo' ? (
				confirm.diffError ? (
					<Text color={color('red')} wrap="truncate-end">{`template diff unavailable: ${confirm.diffError}`}</Text>
				) : shown.length === 0 ? (
					<Text wrap="truncate-end">{`No template changes: revision ${toRevision} matches the current template.`}</Text>
				) : (
					<Box flexDirection="column">
						<Text wrap="truncate-end">{`Template changes (current → revision ${toRevision}):`}</Text>
						<InkTable data={diffRows(shown, width)} columns={['FIELD', 'CURRENT', 'TARGET']} header={HeaderCell} />
						{confirm.changes.length > shown.length ? (
							<Text dimColor>{`… and ${confirm.changes.length - shown.length} more`}</Text>
						) : null}
					</Box>
				)
			) : null}
			<Text wrap="truncate-end">
				{'Same as: '}
				<Text color={color('cyan')}>{visible(kubectlCommand(confirm))}</Text>
			</Text>
			{text.lines.filter(entry => entry.warning).map(line)}
			{gitOps ? (
				<Text color={color('yellow')} wrap="wrap">
					{`⚠ Managed by ${gitOps.tool} (${visible(gitOps.evidence)}): ${gitOps.tool} will revert a manual ${request.verb}; change the source in Git instead.`}
				</Text>
			) : null}
			<Text bold wrap="truncate-end">
				{`y/Enter: ${request.verb}   n/Esc: cancel   c: copy the command`}
			</Text>
		</Box>
	);
}
