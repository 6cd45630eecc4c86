// The prompts' line (filter, command, replicas, image) with its cursor, and the simple pickers (contexts, containers).
import {Box, Text} from 'ink';
import {visible} from '../../model/visible.js';
import {completionsOf} from '../commands.js';
import {useColor} from '../hooks.js';
import {objectText} from '../key-commands.js';
import type {KeyContext} from '../keymap.js';
import {lineParts} from '../line-editor.js';
import type {UiState} from '../state.js';
import {Table} from './Table.js';

/** What the prompt asks, and what Enter and Esc do there. */
function promptText(state: UiState): {prompt: string; help: string} {
	const target = state.editing?.target;
	switch (state.mode) {
		case 'filter':
			return {prompt: '/', help: 'Enter apply, Esc clear'};
		case 'command':
			return {prompt: ':', help: 'Tab complete, Enter run, Esc cancel'};
		case 'scale':
			return {prompt: `replicas of ${target ? objectText(target) : ''}: `, help: 'Enter confirm, Esc cancel'};
		case 'image':
			return {
				prompt: `image of container ${state.editing?.container ?? ''} in ${target ? objectText(target) : ''}: `,
				help: 'Enter confirm, Esc cancel',
			};
		default:
			return {prompt: '', help: ''};
	}
}

export function PromptLine({state, context, width}: {state: UiState; context: KeyContext; width: number}) {
	const color = useColor();
	const {prompt, help} = promptText(state);
	const {before, at, after} = lineParts(state.line);
	const candidates = state.mode === 'command' ? completionsOf(state.line.text, context).candidates : [];
	const hint = candidates.length > 1 ? `  ${candidates.slice(0, 8).join(' ')}` : `  ${help}`;
	const error = state.result && !state.result.ok ? `  ${state.result.message}` : '';
	return (
		<Box width={width}>
			<Text wrap="truncate-end">
				<Text color={color('cyan')}>{visible(prompt)}</Text>
				{visible(before)}
				<Text inverse>{visible(at)}</Text>
				{visible(after)}
				<Text dimColor>{visible(hint)}</Text>
				<Text color={color('red')}>{visible(error)}</Text>
			</Text>
		</Box>
	);
}

export function Picker(props: {
	title: string;
	header: string;
	choices: readonly string[];
	current: string | undefined;
	selected: number;
	width: number;
	height: number;
}) {
	const {title, header, choices, current, selected, width, height} = props;
	const rows = choices.map(choice => ({key: choice, cells: [choice, choice === current ? 'current' : '']}));
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text bold wrap="truncate-end">
				{title}
			</Text>
			<Table
				columns={[{header, flex: true}, {header: ''}]}
				rows={rows}
				width={width}
				height={height - 2}
				selected={selected}
			/>
		</Box>
	);
}
