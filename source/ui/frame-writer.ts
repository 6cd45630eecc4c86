// A stdout proxy for Ink that redraws only the lines that changed.
// Ink 6.8's standard writer erases and rewrites the whole frame on every update (eraseLines(n) + frame), and its
// incrementalRendering drifts one row per frame when the frame ends with a newline (ours always does). Ink writes
// here instead of the terminal; each frame is compared with the previous one line by line and only the changed
// rows are written, addressed absolutely from row 1 (the dashboard owns the alternate screen and starts at home).
import {Writable} from 'node:stream';

export const BSU = '\x1b[?2026h';
export const ESU = '\x1b[?2026l';
const RESET = '\x1b[0m';
const ERASE_TO_END_OF_LINE = '\x1b[K';
const ERASE_LINE = '\x1b[2K';
const CLEAR_SCREEN = '\x1b[H\x1b[2J';

const cursorTo = (row: number) => `\x1b[${row};1H`;

/**
 * The bytes that turn `previous` (rows 1..n of the screen) into `next`: each changed row is rewritten whole, rows
 * the next frame no longer has are cleared. Rows past `rows` (the terminal's height) are not drawn: the cursor
 * cannot address them. A line as wide as the terminal gets no erase-to-end: the cursor waits in the last column
 * there, and some terminals would erase that column's character.
 */
export function diffFrames(previous: readonly string[], next: readonly string[], rows?: number, columns?: number): string {
	const limit = rows !== undefined && rows > 0 ? rows : Number.POSITIVE_INFINITY;
	let out = '';
	for (let index = 0; index < next.length && index < limit; index++) {
		const line = next[index]!;
		// A row the previous frame did not have is blank on screen.
		if (line === (previous[index] ?? '')) continue;
		const fillsRow = columns !== undefined && columns > 0 && visibleWidth(line) >= columns;
		out += cursorTo(index + 1) + line + RESET + (fillsRow ? '' : ERASE_TO_END_OF_LINE);
	}
	for (let index = next.length; index < previous.length && index < limit; index++) {
		if (previous[index] !== '') out += cursorTo(index + 1) + ERASE_LINE;
	}
	return out;
}

// CSI and OSC sequences, and two-byte escapes.
const ANY_ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]/g;
// What Ink puts inside frame lines: colours and styles (SGR) and hyperlinks (OSC 8).
const LINE_ESCAPE = /\x1b\[[0-9;:]*m|\x1b\]8;[^\x07\x1b]*(?:\x07|\x1b\\)/g;
// ansi-escapes' eraseLines(n): n times "erase line", with "cursor up" between, then "cursor to column 1".
const ERASE_LINES_PREFIX = /^(?:(?:\x1b\[2K\x1b\[1A)*\x1b\[2K\x1b\[G)?/;

/** The width a terminal gives `line`: escapes take none, combining marks none, East Asian wide and emoji two. */
export function visibleWidth(line: string): number {
	let width = 0;
	for (const character of line.replace(ANY_ESCAPE, '')) {
		const code = character.codePointAt(0)!;
		if (code < 0x20 || /[\p{Mn}\p{Me}\p{Cf}]/u.test(character)) continue;
		width += isWide(code) ? 2 : 1;
	}
	return width;
}

function isWide(code: number): boolean {
	return (
		(code >= 0x1100 && code <= 0x115f) ||
		(code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
		(code >= 0xac00 && code <= 0xd7a3) ||
		(code >= 0xf900 && code <= 0xfaff) ||
		(code >= 0xfe30 && code <= 0xfe4f) ||
		(code >= 0xff00 && code <= 0xff60) ||
		(code >= 0xffe0 && code <= 0xffe6) ||
		(code >= 0x1f300 && code <= 0x1f64f) ||
		(code >= 0x1f900 && code <= 0x1f9ff) ||
		(code >= 0x20000 && code <= 0x3fffd)
	);
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
			// Done at once: nothing waits here, so Ink's writes reach the terminal in order with what runDashboard
			// writes to it directly (leaving the alternate screen). Write errors show on the terminal stream itself
			// (runDashboard listens there); a write that throws throws to Ink, as the terminal's own would.
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
		const changes = known === undefined ? CLEAR_SCREEN + diffFrames([], lines, rows, this.columns) : diffFrames(known, lines, rows, this.columns);
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
