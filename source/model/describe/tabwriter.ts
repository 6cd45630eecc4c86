// Column alignment as Go's text/tabwriter does it for kubectl describe (minwidth 0, padding 2, spaces): text is
// cut into cells at tabs; a line's last cell is not aligned; a column block is a run of consecutive lines that have
// a cell in that column, as wide as its widest cell plus the padding; a line without a tab ends every block.
const PADDING = 2;

const width = (cell: string) => [...cell].length;

/** Aligns the cells of lines [from, to) from `column` on, given the widths of the columns left of it. */
function format(lines: string[][], widths: number[], from: number, to: number, out: string[]): void {
	const column = widths.length;
	let start = from;
	for (let line = from; line < to; line++) {
		if (column >= lines[line]!.length - 1) continue;
		writeLines(lines, widths, start, line, out);
		start = line;
		let blockWidth = 0;
		for (; line < to && column < lines[line]!.length - 1; line++)
			blockWidth = Math.max(blockWidth, width(lines[line]![column]!) + PADDING);
		format(lines, [...widths, blockWidth], start, line, out);
		start = line;
		line--;
	}
	writeLines(lines, widths, start, to, out);
}

function writeLines(lines: string[][], widths: number[], from: number, to: number, out: string[]): void {
	for (let index = from; index < to; index++) {
		const cells = lines[index]!;
		let text = '';
		for (let column = 0; column < cells.length; column++) {
			const cell = cells[column]!;
			text += cell;
			if (column < widths.length) text += ' '.repeat(Math.max(0, widths[column]! - width(cell)));
		}
		out.push(text);
	}
}

/**
 * The aligned text of `text` (lines end with \n; an unterminated last line stays as it is). As in Go's tabwriter a
 * vertical tab ends a cell like a tab, and a form feed ends a line like a newline (written as one) and always ends
 * every column block: cluster text holding either shapes kubectl's columns the same way.
 */
export function tabwrite(text: string): string {
	const rawLines = text.split(/(?<=[\n\f])/);
	const trailing = rawLines.at(-1)?.match(/[\n\f]$/) ? '' : (rawLines.pop() ?? '');
	const out: string[] = [];
	let segment: string[][] = [];
	const flush = () => {
		format(segment, [], 0, segment.length, out);
		segment = [];
	};
	for (const line of rawLines) {
		const cells = line.slice(0, -1).split(/[\t\v]/);
		segment.push(cells);
		// A line of one cell cannot shape the lines after it: tabwriter flushes there, and at every form feed.
		if (cells.length === 1 || line.endsWith('\f')) flush();
	}
	flush();
	return out.map(line => `${line}\n`).join('') + trailing;
}
