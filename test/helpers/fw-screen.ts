// Test terminals for the frame writer: a recording terminal, its screen as rows of text, and a screen that keeps
// each cell's style.
import {Writable} from 'node:stream';
import stringWidth from 'string-width';
import {ScreenModel as TerminalScreenModel} from '../../source/terminal/screen-model.js';

/** The terminal screen model (the one the bench reads the dashboard's frames with), shown as every row of the screen. */
export class ScreenModel {
	private readonly screen: TerminalScreenModel;

	constructor(
		readonly columns: number,
		readonly rows: number,
	) {
		this.screen = new TerminalScreenModel(columns, rows);
	}

	write(text: string): void {
		this.screen.write(text);
	}

	/** The screen's rows, trailing blanks removed. */
	lines(): string[] {
		const text = this.screen.text();
		const lines = text === '' ? [] : text.split('\n');
		return Array.from({length: this.rows}, (_, row) => lines[row] ?? '');
	}
}

/** A stream that looks like a terminal to Ink (isTTY, size, resize) and records every write. */
export class RecordingTerminal extends Writable {
	isTTY = true;
	readonly chunks: string[] = [];

	constructor(
		public columns: number,
		public rows: number,
	) {
		super({decodeStrings: false});
	}

	override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
		callback();
	}

	/** Everything written, from chunk `from` on. */
	written(from = 0): string {
		return this.chunks.slice(from).join('');
	}

	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

/** One cell of a StyledScreen: its character (with any zero-width ones after it) and the style it was drawn in. */
interface StyledCell {
	text: string;
	style: string;
	/** The left or right half of a wide character. */
	half?: 'left' | 'right';
}

const BLANK_CELL: StyledCell = {text: ' ', style: ''};

/** The SGR state as a terminal keeps it (its own reading, independent of the frame writer's), and the open hyperlink. */
class Pen {
	bold = false;
	dim = false;
	italic = false;
	underline = false;
	blink = false;
	inverse = false;
	hidden = false;
	strike = false;
	overline = false;
	foreground = '';
	background = '';
	link = '';

	sgr(parameters: string): void {
		const codes = parameters === '' ? [0] : parameters.split(';').map(Number);
		for (let index = 0; index < codes.length; index++) {
			const code = codes[index]!;
			switch (code) {
				case 0:
					Object.assign(this, new Pen(), {link: this.link});
					break;
				case 1:
					this.bold = true;
					break;
				case 2:
					this.dim = true;
					break;
				case 3:
					this.italic = true;
					break;
				case 4:
					this.underline = true;
					break;
				case 5:
				case 6:
					this.blink = true;
					break;
				case 7:
					this.inverse = true;
					break;
				case 8:
					this.hidden = true;
					break;
				case 9:
					this.strike = true;
					break;
				case 53:
					this.overline = true;
					break;
				case 22:
					this.bold = this.dim = false;
					break;
				case 23:
					this.italic = false;
					break;
				case 24:
					this.underline = false;
					break;
				case 25:
					this.blink = false;
					break;
				case 27:
					this.inverse = false;
					break;
				case 28:
					this.hidden = false;
					break;
				case 29:
					this.strike = false;
					break;
				case 55:
					this.overline = false;
					break;
				case 39:
					this.foreground = '';
					break;
				case 49:
					this.background = '';
					break;
				case 38:
				case 48: {
					const size = codes[index + 1] === 5 ? 3 : 5;
					const colour = codes
						.slice(index, index + size)
						.join(':')
						.replace(/^[34]8/, 'x');
					if (code === 38) this.foreground = colour;
					else this.background = colour;
					index += size - 1;
					break;
				}
				default:
					if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) this.foreground = `c${code}`;
					else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) this.background = `c${code - 10}`;
					else throw new Error(`StyledScreen: SGR ${code} not modelled`);
			}
		}
	}

	/** A readable name of the style cells are drawn in ('' for the default). */
	style(): string {
		const flags: string[] = (
			['bold', 'dim', 'italic', 'underline', 'blink', 'inverse', 'hidden', 'strike', 'overline'] as const
		).filter(flag => this[flag]);
		if (this.foreground) flags.push(`fg=${this.foreground}`);
		if (this.background) flags.push(`bg=${this.background}`);
		if (this.link) flags.push(`link=${this.link}`);
		return flags.join(' ');
	}

	/** Erased cells take the background colour only (background colour erase). */
	eraseStyle(): string {
		return this.background ? `bg=${this.background}` : '';
	}
}

const STYLED_TOKEN =
	/\x1b\[([?0-9;]*)([@-~])|\x1b\]8;[^;\x07\x1b]*;([^\x07\x1b]*)(?:\x07|\x1b\\)|\x1b|[\x00-\x1f]|[^\x00-\x1f\x1b]+/gu;

/**
 * A terminal screen that keeps every cell's character and style: cursor addressing and moves, erases (in the
 * background colour), SGR colours and styles, OSC 8 links, wide characters (two columns; overwriting either half
 * blanks the other), zero-width characters (joined to the cell before), and autowrap with the last column's pending
 * wrap (EL there erases that column, as in xterm). LF moves to column 1 of the next row (the tty's CR LF). `width`
 * gives a character's columns: string-width, as Ink, unless a test plays a terminal that disagrees. Throws on escapes
 * it does not model, so that a test cannot pass on bytes it did not understand.
 */
export class StyledScreen {
	private readonly grid: StyledCell[][];
	private row = 0;
	private column = 0;
	private pendingWrap = false;
	private readonly pen = new Pen();

	constructor(
		readonly columns: number,
		readonly rows: number,
		private readonly width: (character: string) => number = character => stringWidth(character),
	) {
		this.grid = Array.from({length: rows}, () => this.blankRow());
	}

	write(text: string): void {
		for (const match of text.matchAll(STYLED_TOKEN)) {
			const [token, parameters, final, link] = match;
			if (final !== undefined) this.csi(parameters!, final);
			else if (link !== undefined) this.pen.link = link;
			else if (token === '\n') this.lineFeed();
			else if (token === '\r') this.moveTo(this.row, 0);
			else if (token.startsWith('\x1b') || token < ' ')
				throw new Error(`StyledScreen: ${JSON.stringify(token)} not modelled`);
			else for (const character of token) this.put(character);
		}
	}

	/** Each row: runs of text in the default style as they are, styled runs as «style|text»; trailing blanks dropped. */
	lines(): string[] {
		return this.grid.map(cells => {
			let line = '';
			let run: {style: string; text: string} | undefined;
			const flush = () => {
				if (run) line += run.style === '' ? run.text : `«${run.style}|${run.text}»`;
				run = undefined;
			};
			for (const cell of cells) {
				if (cell.half === 'right') continue;
				if (run?.style !== cell.style) flush();
				run ??= {style: cell.style, text: ''};
				run.text += cell.text;
			}
			flush();
			return line.trimEnd();
		});
	}

	/** The characters only. */
	text(): string[] {
		return this.grid.map(cells =>
			cells
				.filter(cell => cell.half !== 'right')
				.map(cell => cell.text)
				.join('')
				.trimEnd(),
		);
	}

	private blankRow(style = ''): StyledCell[] {
		return Array.from({length: this.columns}, () => ({...BLANK_CELL, style}));
	}

	private moveTo(row: number, column: number): void {
		this.row = Math.min(this.rows - 1, Math.max(0, row));
		this.column = Math.min(this.columns - 1, Math.max(0, column));
		this.pendingWrap = false;
	}

	private lineFeed(): void {
		if (this.row < this.rows - 1) this.moveTo(this.row + 1, 0);
		else {
			this.grid.shift();
			this.grid.push(this.blankRow());
			this.moveTo(this.row, 0);
		}
	}

	/** Blanks the other half of a wide character that column `column` is part of. */
	private split(column: number): void {
		const cells = this.grid[this.row]!;
		const cell = cells[column];
		if (cell?.half === 'right') cells[column - 1] = {...BLANK_CELL, style: cells[column - 1]!.style};
		if (cell?.half === 'left') cells[column + 1] = {...BLANK_CELL, style: cells[column + 1]!.style};
	}

	private put(character: string): void {
		const width = this.width(character);
		const cells = this.grid[this.row]!;
		if (width === 0) {
			// Joins the cell before the cursor (or under it when a wrap is pending).
			const at = this.pendingWrap ? this.column : this.column - 1;
			const target = cells[at]?.half === 'right' ? at - 1 : at;
			if (target >= 0) cells[target] = {...cells[target]!, text: cells[target]!.text + character};
			return;
		}
		if (this.pendingWrap || this.column + width > this.columns) this.lineFeed();
		const row = this.grid[this.row]!;
		const style = this.pen.style();
		this.split(this.column);
		if (width === 2) {
			this.split(this.column + 1);
			row[this.column] = {text: character, style, half: 'left'};
			row[this.column + 1] = {text: '', style, half: 'right'};
		} else row[this.column] = {text: character, style};
		if (this.column + width >= this.columns) {
			this.column = this.columns - 1;
			this.pendingWrap = true;
		} else this.column += width;
	}

	private erase(from: number, to: number): void {
		const cells = this.grid[this.row]!;
		this.split(from);
		this.split(to - 1);
		for (let column = from; column < to; column++) cells[column] = {...BLANK_CELL, style: this.pen.eraseStyle()};
	}

	private csi(parameters: string, final: string): void {
		if (parameters.startsWith('?')) {
			if (/^\?(1049|1047|47)$/.test(parameters)) {
				for (let row = 0; row < this.rows; row++) this.grid[row] = this.blankRow();
				this.moveTo(0, 0);
			}
			return; // other modes (synchronized output, cursor visibility) draw nothing
		}
		const [first, second] = parameters.split(';').map(value => (value === '' ? undefined : Number(value)));
		const count = first ?? 1;
		switch (final) {
			case 'm':
				this.pen.sgr(parameters);
				return;
			case 'H':
			case 'f':
				return this.moveTo((first ?? 1) - 1, (second ?? 1) - 1);
			case 'A':
				return this.moveTo(this.row - count, this.column);
			case 'B':
				return this.moveTo(this.row + count, this.column);
			case 'C':
				return this.moveTo(this.row, this.column + count);
			case 'D':
				return this.moveTo(this.row, this.column - count);
			case 'G':
				return this.moveTo(this.row, count - 1);
			case 'K': {
				const mode = first ?? 0;
				if (mode === 0) this.erase(this.column, this.columns);
				else if (mode === 1) this.erase(0, this.column + 1);
				else this.erase(0, this.columns);
				return;
			}
			case 'J': {
				const mode = first ?? 0;
				const saved = this.row;
				if (mode === 0) this.erase(this.column, this.columns);
				const rows =
					mode === 0 ? [...Array(this.rows).keys()].filter(row => row > saved) : [...Array(this.rows).keys()];
				for (const row of rows) this.grid[row] = this.blankRow(this.pen.eraseStyle());
				return;
			}
			default:
				throw new Error(`StyledScreen: CSI ${parameters}${final} not modelled`);
		}
	}
}
