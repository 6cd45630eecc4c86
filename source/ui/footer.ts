// The footer's message, laid out before the frame is: an action in flight or an action's answer, wrapped onto as
// many rows as it needs (a server's refusal is read whole), within a bound. The screen gives the body the rest.
import stringWidth from 'string-width';
import {wrapLine} from '../model/text-view.js';
import {visible} from '../model/visible.js';
import type {ResultLine, UiState} from './state.js';

/** The most rows a footer message takes, whatever the terminal. */
export const FOOTER_MAX_ROWS = 4;

/** How many rows a footer message may take in a frame `height` rows tall: at most a third of it. */
export const footerRowLimit = (height: number) => Math.max(1, Math.min(FOOTER_MAX_ROWS, Math.floor(height / 3)));

export interface FooterMessage {
	tone: 'pending' | 'ok' | 'error';
	/** The applied filter's tag, when the first row starts with it (drawn in its own colour). */
	tag: string;
	/** At most the limit's rows, each at most the width; the last ends in "…" when the message was longer. */
	rows: string[];
}

/**
 * The footer's message rows, or undefined when it shows the list's count instead. Action lines name objects and
 * quote the server, both from the cluster: they are made visible here, so no control character reaches the terminal.
 */
export function footerMessage(
	state: Pick<UiState, 'filter' | 'view' | 'pending'>,
	result: ResultLine | undefined,
	width: number,
	maxRows: number,
): FooterMessage | undefined {
	const line = state.pending !== undefined ? visible(state.pending) : result ? visible(result.message) : undefined;
	if (line === undefined) return undefined;
	const tone = state.pending !== undefined ? 'pending' : result?.ok ? 'ok' : 'error';
	// An applied filter stays in sight whatever else the line says.
	const tag = state.filter !== '' && state.view === 'list' ? `[filter "${visible(state.filter)}"] ` : '';
	const rows = wrapWords(tag + line, width, maxRows);
	return {tone, tag: rows[0]?.startsWith(tag) ? tag : '', rows};
}

/**
 * Rows of at most `width` cells, broken after spaces where a row has one (a word longer than a row is cut), at most
 * `maxRows` of them: past that the last row ends in "…".
 */
export function wrapWords(text: string, width: number, maxRows: number): string[] {
	if (width <= 0 || maxRows <= 0) return [];
	const rows: string[] = [];
	let row = '';
	// Each word keeps the spaces after it; a row's trailing spaces do not count against its width.
	for (const word of text.split(/(?<= )(?=[^ ])/)) {
		if (row !== '' && stringWidth((row + word).trimEnd()) > width) {
			rows.push(row.trimEnd());
			row = '';
		}
		if (row === '' && stringWidth(word.trimEnd()) > width) {
			const pieces = wrapLine(word.trimEnd(), width);
			rows.push(...pieces.slice(0, -1));
			row = `${pieces.at(-1) ?? ''}${word.slice(word.trimEnd().length)}`;
			continue;
		}
		row += word;
	}
	rows.push(row.trimEnd());
	if (rows.length <= maxRows) return rows;
	const kept = rows.slice(0, maxRows);
	const last = `${kept[maxRows - 1]!} ${rows[maxRows]!}`;
	kept[maxRows - 1] = `${wrapLine(last, Math.max(1, width - 1))[0]!}…`;
	return kept;
}
