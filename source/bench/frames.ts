// Splits what Ink writes to the terminal into frames and reads what the bench looks for in them.
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

// Cursor moves and erases (any CSI final byte but `m`, which is colour) that Ink writes before a frame's text.
const LEADING_MOVES = /^(?:\x1b\[[0-9;?]*[A-HJKSTfGhl])*/;

/** The screen lines of a frame, with their colours: the frame without its BSU/ESU and the erase that precedes it. */
export function screenLines(frameText: string): string[] {
	let text = frameText;
	if (text.startsWith(BSU)) text = text.slice(BSU.length);
	if (text.endsWith(ESU)) text = text.slice(0, -ESU.length);
	text = text.replace(LEADING_MOVES, '');
	if (text.endsWith('\n')) text = text.slice(0, -1);
	return text.split('\n');
}

/**
 * What a writer that redraws only changed lines at absolute positions would write for `next` after `previous`
 * (`CSI row;1H` + line + `CSI K` per changed line, `CSI row;1H CSI K` per line gone, in BSU/ESU): the bench's
 * what-if figure for terminal traffic.
 */
export function changedLinesBytes(previous: readonly string[], next: readonly string[]): number {
	let bytes = 0;
	for (let row = 0; row < Math.max(previous.length, next.length); row++) {
		if (previous[row] === next[row]) continue;
		bytes += `\x1b[${row + 1};1H`.length + Buffer.byteLength(next[row] ?? '') + '\x1b[K'.length;
	}
	return bytes === 0 ? 0 : bytes + BSU.length + ESU.length;
}
