// Splits what Ink writes to the terminal into frames and reads what the bench looks for in them.
import type {FrameReport, ScreenWatch} from './protocol.js';

// Ink 6.8 brackets every frame with synchronized-output marks (BSU … ESU) when stdout is a TTY outside CI.
export const BSU = '\x1b[?2026h';
export const ESU = '\x1b[?2026l';

export interface Frame {
	text: string;
	bytes: number;
}

/** Collects writes; a frame is everything from BSU to ESU, and any write outside brackets is a frame of its own. */
export class FrameSplitter {
	private open: string[] | undefined;

	push(chunk: string): Frame[] {
		if (this.open === undefined && !chunk.startsWith(BSU)) return [frame(chunk)];
		this.open ??= [];
		this.open.push(chunk);
		if (!chunk.endsWith(ESU)) return [];
		const text = this.open.join('');
		this.open = undefined;
		return [frame(text)];
	}
}

function frame(text: string): Frame {
	return {text, bytes: Buffer.byteLength(text)};
}

// CSI sequences (colours, cursor moves, erase, private modes) and OSC sequences.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]/g;

export function stripAnsi(text: string): string {
	return text.replace(ANSI, '');
}

/** The markers the bench writes into change-cause annotations: `seq:N;` (cut-off ones do not match). */
export function markerSeqs(plain: string): number[] {
	return [...plain.matchAll(/seq:(\d+);/g)].map(match => Number(match[1]));
}

/** "12 of 1001 deployments" in the list's footer. */
export function listTotal(plain: string): number | undefined {
	const match = /\b\d+ of (\d+) deployments\b/.exec(plain);
	return match ? Number(match[1]) : undefined;
}

/** Lines that show a revision of deployment `name` (its ReplicaSet name, `name-<hash>`, starts the row's third cell). */
export function revisionRowCount(plain: string, name: string): number {
	const pattern = new RegExp(`\\s${escapeRegExp(name)}-[a-z0-9]{6,10}\\s`);
	return plain.split('\n').filter(line => pattern.test(line)).length;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const TOKEN =
	/\x1b\[([0-9;?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[@-_]|[\r\n]|[^\x1b\r\n]+/g;

/**
 * The characters on a terminal screen after what was written to it, whatever the writer (whole frames after an erase,
 * or changed rows at absolute positions): cursor addressing and moves, erases, CR/LF (LF as the tty's CR LF),
 * alternate screen; colours are dropped. Enough for Ink's output, not a full terminal.
 */
export class ScreenModel {
	private lines: string[][] = [];
	private row = 0;
	private column = 0;

	constructor(
		private columns: number,
		private rows: number,
	) {}

	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
	}

	write(text: string): void {
		for (const match of text.matchAll(TOKEN)) {
			const token = match[0];
			if (match[2] !== undefined) this.control(match[1] ?? '', match[2]);
			else if (token === '\n') this.lineFeed();
			else if (token === '\r') this.column = 0;
			else if (!token.startsWith('\x1b')) for (const character of token) this.put(character);
		}
	}

	/** The screen as text, trailing blanks and blank rows at the bottom trimmed. */
	text(): string {
		const rows = Array.from(this.lines, line =>
			Array.from(line ?? [], c => c ?? ' ')
				.join('')
				.trimEnd(),
		);
		while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
		return rows.join('\n');
	}

	private line(row: number): string[] {
		return (this.lines[row] ??= []);
	}

	private put(character: string): void {
		if (this.column >= this.columns) return; // Ink never wraps: what passes the edge is dropped
		this.line(this.row)[this.column++] = character;
	}

	private lineFeed(): void {
		this.column = 0;
		if (this.row < this.rows - 1) this.row++;
		else this.lines.shift();
	}

	private control(parameters: string, final: string): void {
		if (parameters.startsWith('?')) {
			// Entering or leaving the alternate screen: a blank screen.
			if (parameters === '?1049' || parameters === '?47' || parameters === '?1047') this.clear();
			return;
		}
		const [first, second] = parameters.split(';').map(value => (value === '' ? undefined : Number(value)));
		const count = first ?? 1;
		switch (final) {
			case 'H':
			case 'f':
				this.row = Math.min(this.rows - 1, Math.max(0, (first ?? 1) - 1));
				this.column = Math.max(0, (second ?? 1) - 1);
				return;
			case 'A':
				this.row = Math.max(0, this.row - count);
				return;
			case 'B':
				this.row = Math.min(this.rows - 1, this.row + count);
				return;
			case 'C':
				this.column += count;
				return;
			case 'D':
				this.column = Math.max(0, this.column - count);
				return;
			case 'G':
				this.column = Math.max(0, count - 1);
				return;
			case 'E':
				this.row = Math.min(this.rows - 1, this.row + count);
				this.column = 0;
				return;
			case 'F':
				this.row = Math.max(0, this.row - count);
				this.column = 0;
				return;
			case 'K': {
				const line = this.line(this.row);
				const mode = first ?? 0;
				if (mode === 0) line.length = Math.min(line.length, this.column);
				else if (mode === 1)
					for (let index = 0; index <= this.column && index < line.length; index++) line[index] = ' ';
				else this.lines[this.row] = [];
				return;
			}
			case 'J': {
				const mode = first ?? 0;
				if (mode === 2 || mode === 3) this.lines = [];
				else if (mode === 0) {
					this.line(this.row).length = Math.min(this.line(this.row).length, this.column);
					this.lines.length = Math.min(this.lines.length, this.row + 1);
				}
				return;
			}
			default:
				return; // colours (m) and anything else draw nothing
		}
	}

	private clear(): void {
		this.lines = [];
		this.row = 0;
		this.column = 0;
	}
}

/**
 * Reads a dashboard's terminal output as the bench receives it: splits it into frames, keeps the screen they draw, and
 * reports each frame that changed the screen with what the bench looks for on it.
 */
export class DashboardScreen {
	private readonly splitter = new FrameSplitter();
	private readonly screen: ScreenModel;
	/** The screen after the last frame (plain text). */
	private shown = '';

	constructor(
		columns: number,
		rows: number,
		private readonly watch: ScreenWatch,
	) {
		this.screen = new ScreenModel(columns, rows);
	}

	resize(columns: number, rows: number): void {
		this.screen.resize(columns, rows);
	}

	/** The frames of this chunk of output (written at `at`) that changed the screen. */
	read(at: number, data: string): FrameReport[] {
		const reports: FrameReport[] = [];
		for (const frame of this.splitter.push(data)) {
			this.screen.write(frame.text);
			const plain = this.screen.text();
			if (plain === this.shown) continue;
			this.shown = plain;
			const total = listTotal(plain);
			reports.push({
				type: 'frame',
				at,
				bytes: frame.bytes,
				...(total === undefined ? {} : {listTotal: total}),
				live: plain.includes('● live'),
				showsFirst: plain.includes(this.watch.firstDeployment),
				revisionRows: revisionRowCount(plain, this.watch.firstDeployment),
				seqs: markerSeqs(plain),
			});
		}
		return reports;
	}
}
