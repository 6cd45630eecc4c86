// The last rows (prompts have their own line, Prompts.tsx): an action in flight or an action's answer, as footer.ts
// laid it out (wrapped, made visible), or else the list's count in one row.
import {Box, Text} from 'ink';
import {useColor} from '../hooks.js';
import type {FooterMessage} from '../footer.js';
import type {UiState} from '../state.js';

const TONE_COLOR = {pending: 'yellow', ok: 'green', error: 'red'} as const;

export function Footer({
	state,
	message,
	total,
	shown,
	noun,
}: {
	state: UiState;
	message: FooterMessage | undefined;
	total: number;
	shown: number;
	noun: string;
}) {
	const color = useColor();
	if (message) {
		return (
			<Box flexDirection="column" height={message.rows.length} flexShrink={0} overflowY="hidden">
				{message.rows.map((row, index) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: a row is its place in the message.
					<Text key={index} wrap="truncate-end">
						{index === 0 && message.tag !== '' ? <Text color={color('cyan')}>{message.tag}</Text> : null}
						<Text color={color(TONE_COLOR[message.tone])}>{index === 0 ? row.slice(message.tag.length) : row}</Text>
					</Text>
				))}
			</Box>
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
