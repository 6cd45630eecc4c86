// Test terminals for the frame writer: a recording terminal, and its screen as rows of text.
import {Writable} from 'node:stream';
import {ScreenModel as BenchScreenModel} from '../../source/bench/frames.js';

/** The bench's screen model (the one that reads the dashboard's frames), shown as every row of the screen. */
export class ScreenModel {
	private readonly screen: BenchScreenModel;

	constructor(
		readonly columns: number,
		readonly rows: number,
	) {
		this.screen = new BenchScreenModel(columns, rows);
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
