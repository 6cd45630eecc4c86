// A tiny terminal screen for tests: replays the bytes a program writes and shows the text on screen.
// It knows what Ink and the frame writer use: cursor position (CUP, up, down, column), erase in line and in display,
// line feed as the tty sends it (CR LF), the wrap at the right margin and scrolling. Colours and modes are ignored.
import {Writable} from 'node:stream';

export class ScreenModel {
	private cells: string[][];
	private row = 0;
	private column = 0;
	/** Printed into the last column: the next character wraps first (as terminals do). */
	private pendingWrap = false;

	constructor(
		readonly columns: number,
		readonly rows: number,
	) {
		this.cells = Array.from({length: rows}, () => this.blankRow());
	}

	/** The screen's rows, trailing blanks removed. */
	lines(): string[] {
		return this.cells.map(cells => cells.join('').trimEnd());
	}

	/** The cursor, 1-based. */
	cursor(): {row: number; column: number} {
		return {row: this.row + 1, column: this.column + 1};
	}

	write(text: string): void {
		let index = 0;
		while (index < text.length) {
			const character = text[index]!;
			if (character === '\x1b') {
				index = this.escape(text, index);
				continue;
			}
			index++;
			if (character === '\n') {
				this.column = 0;
				this.lineFeed();
			} else if (character === '\r') {
				this.moveTo(this.row, 0);
			} else if (character >= ' ') {
				this.print(character);
			}
		}
	}

	private escape(text: string, start: number): number {
		const csi = /^\x1b\[([0-9;?:]*)[ -/]*([@-~])/.exec(text.slice(start, start + 64));
		if (csi) {
			this.control(csi[1]!, csi[2]!);
			return start + csi[0].length;
		}
		const osc = /^\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/.exec(text.slice(start));
		if (osc) return start + osc[0].length;
		return start + 2;
	}

	private control(parameters: string, final: string): void {
		if (parameters.startsWith('?')) return; // private modes: cursor visibility, alternate screen, 2026
		const numbers = parameters.split(';').map(part => (part === '' ? undefined : Number(part)));
		const first = numbers[0];
		switch (final) {
			case 'H':
			case 'f':
				this.moveTo((first ?? 1) - 1, (numbers[1] ?? 1) - 1);
				return;
			case 'A':
				this.moveTo(this.row - (first ?? 1), this.column);
				return;
			case 'B':
				this.moveTo(this.row + (first ?? 1), this.column);
				return;
			case 'G':
				this.moveTo(this.row, (first ?? 1) - 1);
				return;
			case 'K':
				this.eraseInLine(first ?? 0);
				return;
			case 'J':
				this.eraseInDisplay(first ?? 0);
				return;
			default:
			// SGR (m) and anything else: no effect on the text.
		}
	}

	private moveTo(row: number, column: number): void {
		this.row = Math.max(0, Math.min(this.rows - 1, row));
		this.column = Math.max(0, Math.min(this.columns - 1, column));
		this.pendingWrap = false;
	}

	private print(character: string): void {
		if (this.pendingWrap) {
			this.column = 0;
			this.lineFeed();
		}
		this.cells[this.row]![this.column] = character;
		if (this.column === this.columns - 1) this.pendingWrap = true;
		else this.column++;
	}

	private lineFeed(): void {
		this.pendingWrap = false;
		if (this.row < this.rows - 1) {
			this.row++;
			return;
		}
		this.cells.shift();
		this.cells.push(this.blankRow());
	}

	private eraseInLine(mode: number): void {
		const cells = this.cells[this.row]!;
		const [from, to] = mode === 0 ? [this.column, this.columns] : mode === 1 ? [0, this.column + 1] : [0, this.columns];
		cells.fill(' ', from, to);
	}

	private eraseInDisplay(mode: number): void {
		if (mode === 2 || mode === 3) {
			if (mode === 2) this.cells = Array.from({length: this.rows}, () => this.blankRow());
			return;
		}
		this.eraseInLine(mode);
		const rows = mode === 0 ? [this.row + 1, this.rows] : [0, this.row];
		for (let row = rows[0]!; row < rows[1]!; row++) this.cells[row] = this.blankRow();
	}

	private blankRow(): string[] {
		return Array.from({length: this.columns}, () => ' ');
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
