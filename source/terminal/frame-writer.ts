// A stdout proxy for Ink that redraws only the lines that changed.
// Ink 6.8's standard writer erases and rewrites the whole frame on every update (eraseLines(n) + frame), and its
// incrementalRendering drifts one row per frame when the frame ends with a newline (ours always does). Ink writes
// here instead of the terminal; each frame is compared with the previous one line by line and only the changed
// rows are written, addressed absolutely from row 1 (the dashboard owns the alternate screen and starts at home).
// Within a changed row only the changed cells are written, when that is safe and worth it (see rowUpdate).
import {Writable} from 'node:stream';
import stringWidth from 'string-width';

export const BSU = '\x1b[?2026h';
export const ESU = '\x1b[?2026l';
const RESET = '\x1b[0m';
const ERASE_TO_END_OF_LINE = '\x1b[K';
const ERASE_LINE = '\x1b[2K';
const CLEAR_SCREEN = '\x1b[H\x1b[2J';

const cursorTo = (row: number, column = 1) => `\x1b[${row};${column}H`;

/**
 * The bytes that turn `previous` (rows 1..n of the screen) into `next`: each changed row is updated (rowUpdate),
 * rows the next frame no longer has are cleared. Rows past `rows` (the terminal's height) are not drawn: the cursor
 * cannot address them. Every update starts and ends with the default style.
 */
export function diffFrames(
	previous: readonly string[],
	next: readonly string[],
	rows?: number,
	columns?: number,
): string {
	const limit = rows !== undefined && rows > 0 ? rows : Number.POSITIVE_INFINITY;
	let out = '';
	for (let index = 0; index < next.length && index < limit; index++) {
		const line = next[index]!;
		// A row the previous frame did not have is blank on screen.
		const before = previous[index] ?? '';
		if (line !== before) out += rowUpdate(index + 1, before, line, columns);
	}
	for (let index = next.length; index < previous.length && index < limit; index++) {
		if (previous[index] !== '') out += cursorTo(index + 1) + ERASE_LINE;
	}
	return out;
}

/**
 * The bytes that turn screen row `row` (from 1) showing `previous` into `next`. Only the cells from the first to the
 * last changed column are written, unless:
 * - either line has something other than characters and colours (SGR), or a character we cannot place for sure
 *   (rowCells): then the whole row;
 * - the change spans more than 2/3 of the row, or the row is wider than the terminal: then the whole row;
 * - writing the whole row takes fewer bytes.
 * The cursor is placed from the widths string-width gives (Ink lays out with it: East Asian ambiguous characters
 * such as │ ● █ are narrow); only cells before the change and in it are placed from our widths, so a cell of
 * unsure width after the change is harmless.
 */
export function rowUpdate(row: number, previous: string, next: string, columns?: number): string {
	const whole = wholeRow(row, next, columns);
	const before = cellsOfShown(row, previous);
	const after = rowCells(next);
	shownCells[row] = {line: next, cells: after};
	if (before === undefined || after === undefined) return whole;
	const span = changedSpan(before, after);
	// Other escapes, same cells: the screen already shows the row.
	if (span === undefined) return '';
	const width = Math.max(rowWidth(before), rowWidth(after));
	if (columns !== undefined && columns > 0 && width > columns) return whole;
	if ((span.last - span.first + 1) * 3 > width * 2) return whole;
	if (
		before.some(cell => cell.column <= span.last && !cell.sure) ||
		after.some(cell => cell.column <= span.last && !cell.sure)
	)
		return whole;
	const partial = spanUpdate(row, next, after, span);
	return partial.length < whole.length ? partial : whole;
}

/**
 * The whole row. A line as wide as the terminal gets no erase-to-end: the cursor waits in the last column there, and
 * some terminals would erase that column's character.
 */
function wholeRow(row: number, line: string, columns: number | undefined): string {
	const fillsRow = columns !== undefined && columns > 0 && visibleWidth(line) >= columns;
	return cursorTo(row) + line + RESET + (fillsRow ? '' : ERASE_TO_END_OF_LINE);
}

/**
 * Writes `line`'s cells in columns first..last: the style of the first one set from the default, then the line's own
 * text and escapes up to the last one (so the styles change as in the line), then back to the default style. When the
 * line is shorter than the span, the rest of the row is erased.
 */
function spanUpdate(row: number, line: string, cells: readonly Cell[], {first, last}: Span): string {
	// `first` starts a cell (the cells before it are the same, so a wide one's right half is the same too).
	const written = cells.filter(cell => cell.column >= first && cell.column <= last);
	let out = cursorTo(row, first + 1);
	if (written.length > 0) {
		const head = written[0]!;
		const tail = written.at(-1)!;
		out +=
			(head.style === '' ? '' : `\x1b[${head.style}m`) +
			line.slice(head.start, tail.end) +
			(tail.style === '' ? '' : RESET);
	}
	// Cells past the line's end changed: the old row was longer. (Not at the last column: the old row fit.)
	if (last >= rowWidth(cells)) out += ERASE_TO_END_OF_LINE;
	return out;
}

/** One character on screen and the style it is drawn with. */
export interface Cell {
	/** The character, and any zero-width characters after it (combining marks, joiners, variation selectors). */
	text: string;
	/** The SGR parameters that set its style from the default, in one canonical order ('' for the default style). */
	style: string;
	/** Its column, from 0. */
	column: number;
	width: 1 | 2;
	/** Where its text is in the line (the escapes before it are not included). */
	start: number;
	end: number;
	/**
	 * Whether terminals agree on its width. Not: emoji (text or emoji presentation, modifiers, flags), clusters
	 * (a character with zero-width ones after it), private-use and unassigned code points.
	 */
	sure: boolean;
}

export interface Span {
	first: number;
	last: number;
}

const SGR = /\x1b\[([0-9;]*)m/y;
const CONTROL = /[\p{Cc}\p{Cs}\u2028\u2029]/u;
const UNSURE = /[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\p{Co}\p{Cn}]/u;

/**
 * A line's cells, each with its column and style; undefined when the line has anything but characters and SGR
 * colours and styles we know (other escapes, control characters, SGR parameters such as 21 that terminals read
 * differently), or a zero-width character that does not belong to the cell before it.
 */
export function rowCells(line: string): Cell[] | undefined {
	const cells: Cell[] = [];
	const state = new SgrState();
	let style = '';
	let column = 0;
	for (let index = 0; index < line.length; ) {
		if (line[index] === '\x1b') {
			SGR.lastIndex = index;
			const match = SGR.exec(line);
			if (match === null || !state.apply(match[1]!)) return undefined;
			style = state.key();
			index = SGR.lastIndex;
			continue;
		}
		const character = String.fromCodePoint(line.codePointAt(index)!);
		const end = index + character.length;
		const ascii = character >= ' ' && character <= '~';
		if (!ascii && CONTROL.test(character)) return undefined;
		const width = characterWidth(character);
		if (width === 0) {
			const cell = cells.at(-1);
			if (cell === undefined || cell.style !== style) return undefined;
			cell.text += character;
			cell.end = end;
			cell.sure = false;
		} else {
			cells.push({
				text: character,
				style,
				column,
				width: width > 1 ? 2 : 1,
				start: index,
				end,
				sure: ascii || !UNSURE.test(character),
			});
			column += width > 1 ? 2 : 1;
		}
		index = end;
	}
	return cells;
}

// The cells of the line each screen row showed when it last changed: that line is the row's previous line at its
// next change, so a line is split once. Only one line per row is kept: the cells of a line that left the screen
// die young instead of waiting in a cache (kept for seconds, a busy screen's cells were garbage of the old heap).
// Cells are never changed once made.
const shownCells: ({line: string; cells: Cell[] | undefined} | undefined)[] = [];

function cellsOfShown(row: number, line: string): Cell[] | undefined {
	const shown = shownCells[row];
	return shown !== undefined && shown.line === line ? shown.cells : rowCells(line);
}

const rowWidth = (cells: readonly Cell[]) => (cells.length === 0 ? 0 : cells.at(-1)!.column + cells.at(-1)!.width);

/** What is in each column: a cell, or the right half of the wide cell before it (past a line's end: nothing). */
const RIGHT_HALF = 'right half';
function columnCells(cells: readonly Cell[]): Array<Cell | typeof RIGHT_HALF> {
	const columns: Array<Cell | typeof RIGHT_HALF> = [];
	for (const cell of cells) {
		columns.push(cell);
		if (cell.width === 2) columns.push(RIGHT_HALF);
	}
	return columns;
}

/** A blank in the default style, as the terminal shows past a line's end. */
const isBlank = (column: Cell | typeof RIGHT_HALF | undefined) =>
	column === undefined || (column !== RIGHT_HALF && column.text === ' ' && column.style === '');

function sameColumn(a: Cell | typeof RIGHT_HALF | undefined, b: Cell | typeof RIGHT_HALF | undefined): boolean {
	if (a === b) return true;
	if (a === RIGHT_HALF || b === RIGHT_HALF) return false;
	if (a === undefined || b === undefined) return isBlank(a) && isBlank(b);
	return a.text === b.text && a.style === b.style;
}

/**
 * The first and last columns whose cells differ (character or style), or undefined when none do. Past a line's
 * end there are blanks, so trailing spaces in the default style are no change.
 */
export function changedSpan(before: readonly Cell[], after: readonly Cell[]): Span | undefined {
	const old = columnCells(before);
	const next = columnCells(after);
	let first = -1;
	let last = -1;
	for (let column = 0; column < Math.max(old.length, next.length); column++) {
		if (sameColumn(old[column], next[column])) continue;
		if (first < 0) first = column;
		last = column;
	}
	return first < 0 ? undefined : {first, last};
}

/** Attributes and what turns them off; blink 5 and 6 are one attribute to 25, bold 1 and dim 2 both end at 22. */
const ATTRIBUTES_OFF = new Map([
	[22, [1, 2]],
	[23, [3]],
	[24, [4]],
	[25, [5, 6]],
	[27, [7]],
	[28, [8]],
	[29, [9]],
	[55, [53]],
]);
const ATTRIBUTES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 53]);

/** The SGR state as a terminal keeps it: attributes on, foreground and background colours. */
class SgrState {
	private attributes = new Set<number>();
	private foreground = '';
	private background = '';

	/** Applies one SGR sequence's parameters; false for a parameter we do not know. */
	apply(parameters: string): boolean {
		const codes = parameters.split(';').map(Number);
		for (let index = 0; index < codes.length; index++) {
			const code = codes[index]!;
			if (code === 0) {
				this.attributes.clear();
				this.foreground = this.background = '';
			} else if (ATTRIBUTES.has(code)) this.attributes.add(code);
			else if (ATTRIBUTES_OFF.has(code))
				for (const attribute of ATTRIBUTES_OFF.get(code)!) this.attributes.delete(attribute);
			else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) this.foreground = String(code);
			else if (code === 39) this.foreground = '';
			else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) this.background = String(code);
			else if (code === 49) this.background = '';
			else if (code === 38 || code === 48) {
				// 38;5;n (256 colours) or 38;2;r;g;b (true colour); 48 the same for the background.
				const count = codes[index + 1] === 5 ? 1 : codes[index + 1] === 2 ? 3 : 0;
				const values = codes.slice(index + 2, index + 2 + count);
				if (count === 0 || values.length < count || values.some(value => value > 255)) return false;
				const colour = [code, codes[index + 1], ...values].join(';');
				if (code === 38) this.foreground = colour;
				else this.background = colour;
				index += 1 + count;
			} else return false;
		}
		return true;
	}

	/** The parameters that set this state from the default. */
	key(): string {
		return [...[...this.attributes].sort((a, b) => a - b), this.foreground, this.background]
			.filter(part => part !== '')
			.join(';');
	}
}

// CSI and OSC sequences, and two-byte escapes.
const ANY_ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]/g;
// What Ink puts inside frame lines: colours and styles (SGR) and hyperlinks (OSC 8).
const LINE_ESCAPE = /\x1b\[[0-9;:]*m|\x1b\]8;[^\x07\x1b]*(?:\x07|\x1b\\)/g;
// ansi-escapes' eraseLines(n): n times "erase line", with "cursor up" between, then "cursor to column 1".
const ERASE_LINES_PREFIX = /^(?:(?:\x1b\[2K\x1b\[1A)*\x1b\[2K\x1b\[G)?/;

/**
 * The width a terminal gives `line`, as Ink measures it (string-width): escapes take none, combining marks none, East
 * Asian wide and emoji two.
 */
export function visibleWidth(line: string): number {
	const text = line.replace(ANY_ESCAPE, '');
	if (EMOJI_SEQUENCE.test(text)) return stringWidth(text);
	let width = 0;
	for (const character of text) width += characterWidth(character);
	return width;
}

// What makes string-width measure a cluster other than as the sum of its code points: emoji sequences.
const EMOJI_SEQUENCE = /[\u200d\ufe0f\u20e3\p{Emoji_Modifier}\p{Regional_Indicator}]/u;
const widths = new Map<string, number>();

/** The columns of one code point as string-width gives them (0 for zero-width ones); remembered, as few recur. */
// Characters one column wide for string-width (Latin, general punctuation, arrows, mathematical operators, box
// drawing, blocks, geometric shapes, ⚠ ✖), as in our Ink patch: the dashboard's bars and bullets are measured
// without string-width, whose first use of its grapheme segmenter and emoji tables costs about 15 ms at start-up.
const ONE_COLUMN = /^[\u00A1-\u00AC\u00AE-\u02FF\u2010-\u2027\u2030-\u205E\u2190-\u22FF\u2500-\u25FC\u26A0\u2716]$/;

function characterWidth(character: string): number {
	if ((character >= ' ' && character <= '~') || ONE_COLUMN.test(character)) return 1;
	let width = widths.get(character);
	if (width === undefined) {
		width = stringWidth(character);
		if (widths.size >= 4096) widths.clear();
		widths.set(character, width);
	}
	return width;
}

/** What one write from Ink is. */
export type InkWrite =
	| {kind: 'frame'; lines: string[]; trailingNewline: boolean}
	/** log.clear(): the frame erased, nothing drawn. */
	| {kind: 'erase'}
	/** Escapes that draw nothing (cursor show and hide, modes): passed through, the screen is unchanged. */
	| {kind: 'control'}
	/** Anything else (Ink's clearTerminal path, text written beside the frame): passed through, screen unknown. */
	| {kind: 'other'};

export function classifyInkWrite(text: string): InkWrite {
	const erase = ERASE_LINES_PREFIX.exec(text)![0];
	const body = text.slice(erase.length);
	if (body === '') return erase === '' ? {kind: 'control'} : {kind: 'erase'};
	if (!body.includes('\r') && !body.replace(LINE_ESCAPE, '').includes('\x1b')) {
		const trailingNewline = body.endsWith('\n');
		const lines = (trailingNewline ? body.slice(0, -1) : body).split('\n');
		// Ink's empty frame is a lone newline: no lines at all.
		return {kind: 'frame', lines: body === '\n' ? [] : lines, trailingNewline};
	}
	if (erase === '' && body.replace(ANY_ESCAPE, '') === '') return {kind: 'control'};
	return {kind: 'other'};
}

/**
 * Looks to Ink like the terminal (isTTY, columns, rows, 'resize', write with a callback, the Writable state Ink
 * reads on unmount) and writes to `terminal` only what changed between frames. Hand it to Ink's render() as stdout;
 * call release() once Ink has unmounted so that later writes go to the terminal unchanged.
 */
export class FrameWriter extends Writable {
	/** The lines on screen, or undefined when the screen is not known (start, resize, a write we passed through). */
	private screen: string[] | undefined;
	/** Inside Ink's synchronized-output brackets: what the bracket will write. */
	private bracket: string | undefined;
	private released = false;
	/** The row the cursor was left on after the last frame. */
	private parkedRow: number | undefined;
	private readonly onResize = () => {
		this.screen = undefined;
		this.emit('resize');
	};

	constructor(private readonly terminal: NodeJS.WriteStream) {
		super({decodeStrings: false});
		// Subscribed before Ink subscribes to us, so the screen is marked unknown before Ink redraws for the new size.
		terminal.on('resize', this.onResize);
	}

	get isTTY(): boolean {
		return this.terminal.isTTY === true;
	}

	get columns(): number {
		return this.terminal.columns;
	}

	get rows(): number {
		return this.terminal.rows;
	}

	/** From now on every write goes to the terminal as it is (after unmount the screen is no longer ours). */
	release(): void {
		if (this.released) return;
		this.released = true;
		this.terminal.off('resize', this.onResize);
		if (this.bracket !== undefined) this.flushBracket();
	}

	override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
		try {
			if (this.released) this.emitToTerminal(text);
			else for (const part of text.split(/(\x1b\[\?2026[hl])/)) this.handle(part);
		} finally {
			// Done at once: nothing waits here, so Ink's writes reach the terminal in order with what the full-screen runner
			// writes to it directly (leaving the alternate screen). Write errors show on the terminal stream itself
			// (the runner listens there); a write that throws throws to Ink, as the terminal's own would.
			callback();
		}
	}

	private handle(part: string): void {
		if (part === '') return;
		if (part === BSU) {
			this.bracket ??= '';
			return;
		}
		if (part === ESU) {
			if (this.bracket !== undefined) this.flushBracket();
			return;
		}
		const write = classifyInkWrite(part);
		switch (write.kind) {
			case 'frame':
				this.draw(write.lines, write.trailingNewline);
				return;
			case 'erase':
				// The next frame is drawn whole on a cleared screen; erasing now would only flash.
				this.screen = undefined;
				return;
			case 'control':
				this.output(part);
				return;
			case 'other':
				this.screen = undefined;
				this.parkedRow = undefined;
				this.output(part);
		}
	}

	private draw(lines: string[], trailingNewline: boolean): void {
		const rows = this.terminal.rows;
		const known = this.screen;
		const changes =
			known === undefined
				? CLEAR_SCREEN + diffFrames([], lines, rows, this.columns)
				: diffFrames(known, lines, rows, this.columns);
		this.screen = rows > 0 ? lines.slice(0, rows) : lines;
		// Leave the cursor where Ink's own writer would (below the frame), so that anything Ink writes relative
		// to it (its erase on a later clear, text we pass through) lands where Ink means.
		const below = trailingNewline ? lines.length + 1 : Math.max(1, lines.length);
		const parkRow = rows > 0 ? Math.min(below, rows) : below;
		if (changes === '' && parkRow === this.parkedRow) return;
		this.parkedRow = parkRow;
		this.output(changes + cursorTo(parkRow), true);
	}

	/** Writes now, or at the end of the open bracket; a frame outside brackets gets brackets of its own. */
	private output(text: string, isFrame = false): void {
		if (this.bracket !== undefined) this.bracket += text;
		else this.emitToTerminal(isFrame ? BSU + text + ESU : text);
	}

	private flushBracket(): void {
		const text = this.bracket!;
		this.bracket = undefined;
		if (text !== '') this.emitToTerminal(BSU + text + ESU);
	}

	private emitToTerminal(text: string): void {
		if (text !== '') this.terminal.write(text);
	}
}
