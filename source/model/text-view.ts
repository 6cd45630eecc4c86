// The state of a scrolling text view (logs, describe, YAML): which line is at the top, whether it follows the end
// (logs), whether long lines wrap, and a search. Pure: the view draws the rows `textRows` gives and sends the
// keys here. Lines are addressed by absolute number, so a log whose oldest lines drop keeps its place.
import stringWidth from 'string-width';

/** Lines by absolute number, [start, end): a LogBuffer, or an array through `arrayLines`. */
export interface LineSource {
	readonly start: number;
	readonly end: number;
	line(index: number): string | undefined;
}

export function arrayLines(lines: readonly string[]): LineSource {
	return {start: 0, end: lines.length, line: index => lines[index]};
}

/** A LogBuffer's lines as a LineSource. */
export function bufferLines(buffer: {
	dropped: number;
	end: number;
	line(index: number): string | undefined;
}): LineSource {
	return {start: buffer.dropped, end: buffer.end, line: index => buffer.line(index)};
}

export interface TextViewState {
	/** Absolute number of the line at the top. */
	top: number;
	/** Keep the end in view as lines arrive (a log that follows). */
	follow: boolean;
	wrap: boolean;
	/** The search being typed (while `searching`) or the last one. */
	query: string;
	searching: boolean;
	/** The line of the current hit. */
	match?: number;
	/** Set when the last search found nothing. */
	notFound?: boolean;
}

export function initialTextView(options: {follow?: boolean; wrap?: boolean} = {}): TextViewState {
	return {top: 0, follow: options.follow ?? false, wrap: options.wrap ?? false, query: '', searching: false};
}

/** Cuts a line into rows of at most `width` cells (by characters; wide ones count two). */
export function wrapLine(line: string, width: number): string[] {
	if (width <= 0) return [''];
	if (line.length <= width && stringWidth(line) <= width) return [line];
	const rows: string[] = [];
	let row = '';
	let used = 0;
	for (const character of line) {
		const cells = character.charCodeAt(0) < 0x2e80 ? 1 : stringWidth(character);
		if (used + cells > width && row !== '') {
			rows.push(row);
			row = '';
			used = 0;
		}
		row += character;
		used += cells;
	}
	rows.push(row);
	return rows;
}

/** How many rows a line takes. */
function rowsOf(line: string, width: number, wrap: boolean): number {
	return wrap ? wrapLine(line, width).length : 1;
}

/** The top line that shows the last lines of the source in `height` rows. */
export function bottomTop(source: LineSource, width: number, height: number, wrap: boolean): number {
	let rows = 0;
	let top = source.end;
	while (top > source.start) {
		const needed = rowsOf(source.line(top - 1) ?? '', width, wrap);
		if (rows + needed > height && rows > 0) break;
		rows += needed;
		top--;
		if (rows >= height) break;
	}
	return Math.max(source.start, top);
}

export interface TextRow {
	text: string;
	line: number;
	/** The row belongs to the current search hit. */
	current: boolean;
	/** The row's line contains the search query. */
	hit: boolean;
}

/** The rows to draw: from the top line (or the end, when following), wrapped or cut to `width`. */
export function textRows(source: LineSource, state: TextViewState, width: number, height: number): TextRow[] {
	const top = clampTop(source, state.follow ? bottomTop(source, width, height, state.wrap) : state.top);
	const needle = state.query.toLowerCase();
	const rows: TextRow[] = [];
	for (let line = top; line < source.end && rows.length < height; line++) {
		const text = source.line(line) ?? '';
		const hit = needle !== '' && text.toLowerCase().includes(needle);
		const current = line === state.match;
		for (const piece of state.wrap ? wrapLine(text, width) : [text]) {
			if (rows.length >= height) break;
			rows.push({text: piece, line, current, hit});
		}
	}
	return rows;
}

function clampTop(source: LineSource, top: number): number {
	return Math.max(source.start, Math.min(top, Math.max(source.start, source.end - 1)));
}

export type TextViewAction =
	| {type: 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'bottom'}
	| {type: 'toggleWrap'}
	| {type: 'startSearch'}
	| {type: 'searchInput'; text: string}
	| {type: 'searchBackspace'}
	| {type: 'submitSearch'}
	| {type: 'cancelSearch'}
	| {type: 'next' | 'previous'};

/** The next line (after `from`, or before it) containing the query, case-insensitively, wrapping around. */
export function findLine(source: LineSource, query: string, from: number, backwards = false): number | undefined {
	const needle = query.toLowerCase();
	const count = source.end - source.start;
	if (!needle || count <= 0) return undefined;
	const origin = Math.min(Math.max(from, source.start - 1), source.end) - source.start;
	for (let step = 1; step <= count; step++) {
		const offset = (((backwards ? origin - step : origin + step) % count) + count) % count;
		const index = source.start + offset;
		if ((source.line(index) ?? '').toLowerCase().includes(needle)) return index;
	}
	return undefined;
}

/** The view after a key: scrolling stops following (unless it reaches the end of a followed log), search jumps. */
export function textViewReduce(
	state: TextViewState,
	action: TextViewAction,
	source: LineSource,
	view: {width: number; height: number; followable?: boolean},
): TextViewState {
	const height = Math.max(1, view.height);
	const bottom = bottomTop(source, view.width, height, state.wrap);
	const top = state.follow ? bottom : clampTop(source, state.top);
	const scrolled = (next: number): TextViewState => {
		const clamped = Math.max(source.start, Math.min(next, bottom));
		return {...state, top: clamped, follow: Boolean(view.followable) && clamped >= bottom};
	};
	switch (action.type) {
		case 'down':
			return scrolled(top + 1);
		case 'up':
			return scrolled(top - 1);
		case 'pageDown':
			return scrolled(top + Math.max(1, height - 1));
		case 'pageUp':
			return scrolled(top - Math.max(1, height - 1));
		case 'top':
			return scrolled(source.start);
		case 'bottom':
			return {...state, top: bottom, follow: Boolean(view.followable)};
		case 'toggleWrap':
			return {...state, wrap: !state.wrap, top};
		case 'startSearch':
			return {...state, top, follow: false, searching: true, query: '', notFound: false};
		case 'searchInput':
			return {...state, query: state.query + action.text};
		case 'searchBackspace':
			return {...state, query: [...state.query].slice(0, -1).join('')};
		case 'cancelSearch':
			return {...state, searching: false, query: '', match: undefined, notFound: false};
		case 'submitSearch':
			return jump({...state, top, searching: false}, source, top - 1, false, bottom, height);
		case 'next':
		case 'previous':
			return jump(
				{...state, top, follow: false},
				source,
				state.match ?? (action.type === 'next' ? top - 1 : top),
				action.type === 'previous',
				bottom,
				height,
			);
	}
}

/** Moves to the next hit and puts it a third of the way down the view. */
function jump(
	state: TextViewState,
	source: LineSource,
	from: number,
	backwards: boolean,
	bottom: number,
	height: number,
): TextViewState {
	if (!state.query) return state;
	const match = findLine(source, state.query, from, backwards);
	if (match === undefined) return {...state, match: undefined, notFound: true};
	const top = Math.max(source.start, Math.min(match - Math.floor(height / 3), bottom));
	return {...state, match, notFound: false, follow: false, top};
}
