// The last line (prompts have their own, Prompts.tsx): an action in flight, an action's answer, or the list's count.
import {Text} from 'ink';
import {visible} from '../../model/visible.js';
import {useColor} from '../hooks.js';
import type {UiState} from '../state.js';

export function Footer({state, total, shown, noun}: {state: UiState; total: number; shown: number; noun: string}) {
	const color = useColor();
	// An applied filter stays in sight whatever else the line says.
	const filterTag =
		state.filter !== '' && state.view === 'list' ? (
			<Text color={color('cyan')}>{`[filter "${state.filter}"] `}</Text>
		) : null;
	// Action lines name objects and quote the server: both come from the cluster.
	if (state.pending) {
		return (
			<Text wrap="truncate-end">
				{filterTag}
				<Text color={color('yellow')}>{visible(state.pending)}</Text>
			</Text>
		);
	}
	if (state.result) {
		return (
			<Text wrap="truncate-end">
				{filterTag}
				<Text color={color(state.result.ok ? 'green' : 'red')}>{visible(state.result.message)}</Text>
			</Text>
		);
	}
	const filterNote = state.filter === '' ? '' : `  filter "${state.filter}" (Esc clears)`;
	return (
		<Text wrap="truncate-end" dimColor>
			{state.pages.length > 0
				? 'Esc: back'
				: state.view === 'list'
					? `${shown} of ${total} ${noun}${filterNote}`
					: 'Esc: back to the list'}
		</Text>
	);
}
