// A small model of a terminal screen, to read what a program drew: the bench reads the dashboard's frames with it,
// and the frame writer's tests compare what it writes with what Ink meant.
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
