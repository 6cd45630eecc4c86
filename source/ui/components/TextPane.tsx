// A scrolling text view for logs, describe and YAML: a title, the rows the text-view model gives (every line made
// visible: cluster text never reaches the terminal as control characters), the search hits marked, and a status
// line (what is followed, the search being typed, a miss).
import {Box, Text} from 'ink';
import type {TextRow} from '../../model/text-view.js';
import {visible} from '../../model/visible.js';
import {fit} from '../format.js';
import {useColor} from '../hooks.js';

export interface TextPaneProps {
	title: string;
	/** A line under the title (state of the stream, a warning): coloured by `noteColor`. */
	note?: string;
	noteColor?: string;
	rows: TextRow[];
	width: number;
	/** All rows, title and status included. */
	height: number;
	/** The bottom line: keys, the search prompt, or a search miss. */
	status: string;
}

/** Rows of text the pane shows for a given height (title, note and status take the rest). */
export function textPaneBodyRows(height: number, hasNote: boolean): number {
	return Math.max(1, height - 2 - (hasNote ? 1 : 0));
}

export function TextPane({title, note, noteColor, rows, width, height, status}: TextPaneProps) {
	const color = useColor();
	const body = textPaneBodyRows(height, note !== undefined);
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text bold wrap="truncate-end">
				{fit(visible(title), width)}
			</Text>
			{note !== undefined ? (
				<Text color={color(noteColor ?? 'yellow')} wrap="truncate-end">
					{fit(visible(note), width)}
				</Text>
			) : null}
			<Box flexDirection="column" height={body} overflowY="hidden">
				{rows.slice(0, body).map((row, index) => (
					<Text
						// Rows are positions on screen: the same slot keeps its element whatever line scrolls into it.
						// biome-ignore lint/suspicious/noArrayIndexKey: the row's slot is its identity
						key={index}
						wrap="truncate-end"
						inverse={row.current}
						color={row.hit && !row.current ? color('yellow') : undefined}
					>
						{visible(row.text) || ' '}
					</Text>
				))}
			</Box>
			<Text dimColor wrap="truncate-end">
				{fit(visible(status), width)}
			</Text>
		</Box>
	);
}
