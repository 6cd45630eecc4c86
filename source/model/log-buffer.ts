// The lines of a log view, bounded: a stream followed for an hour keeps at most LOG_BUFFER_MAX_LINES lines and
// LOG_BUFFER_MAX_CHARS characters, the oldest dropped first; a single line longer than LOG_LINE_MAX_CHARS is cut.
// Lines keep absolute numbers (the first line ever received is 0), so a position or a search hit stays put while
// old lines drop out.

export const LOG_BUFFER_MAX_LINES = 10_000;
export const LOG_BUFFER_MAX_CHARS = 4 * 1024 * 1024;
export const LOG_LINE_MAX_CHARS = 16 * 1024;

export class LogBuffer {
	private readonly ring: string[] = [];
	/** Index in `ring` of the oldest line. */
	private head = 0;
	private chars = 0;
	/** An unterminated last piece, waiting for its newline. */
	private partial = '';
	/** Lines dropped from the front so far (the absolute number of the oldest line kept). */
	dropped = 0;
	/** Bumped on every change, for views that redraw on change. */
	version = 0;

	constructor(
		readonly maxLines = LOG_BUFFER_MAX_LINES,
		readonly maxChars = LOG_BUFFER_MAX_CHARS,
	) {}

	get length(): number {
		return this.ring.length;
	}

	/** The absolute number one past the newest line. */
	get end(): number {
		return this.dropped + this.ring.length;
	}

	/** Appends text as it arrives from a stream (lines may be split across chunks). */
	append(text: string): void {
		if (text === '') return;
		const pieces = (this.partial + text).split('\n');
		this.partial = pieces.pop() ?? '';
		if (this.partial.length > LOG_LINE_MAX_CHARS) {
			pieces.push(this.partial);
			this.partial = '';
		}
		for (const piece of pieces) this.pushLine(piece);
		this.version++;
	}

	/** Appends whole lines. */
	appendLines(lines: readonly string[]): void {
		for (const line of lines) this.pushLine(line);
		if (lines.length > 0) this.version++;
	}

	/** Ends the stream: a last unterminated line becomes a line. */
	finish(): void {
		if (this.partial === '') return;
		this.pushLine(this.partial);
		this.partial = '';
		this.version++;
	}

	/** Empties the buffer and starts the numbering again (a different log: another run, another container). */
	clear(): void {
		this.dropped = 0;
		this.ring.length = 0;
		this.head = 0;
		this.chars = 0;
		this.partial = '';
		this.version++;
	}

	private pushLine(raw: string): void {
		const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
		const kept =
			line.length > LOG_LINE_MAX_CHARS
				? `${line.slice(0, LOG_LINE_MAX_CHARS)} … (${line.length - LOG_LINE_MAX_CHARS} characters cut)`
				: line;
		if (this.ring.length < this.maxLines && this.head === 0) this.ring.push(kept);
		else {
			// Full: overwrite the oldest slot.
			this.chars -= this.ring[this.head]!.length;
			this.ring[this.head] = kept;
			this.head = (this.head + 1) % this.ring.length;
			this.dropped++;
		}
		this.chars += kept.length;
		while (this.chars > this.maxChars && this.ring.length > 1) this.dropOldest();
	}

	/** Drops the oldest line by rebuilding the ring in order (rare: only when the character bound bites). */
	private dropOldest(): void {
		const ordered = this.lines();
		const [oldest] = ordered.splice(0, 1);
		this.chars -= oldest!.length;
		this.ring.length = 0;
		this.ring.push(...ordered);
		this.head = 0;
		this.dropped++;
	}

	/** The line with absolute number `index`, or undefined when it was dropped or has not come yet. */
	line(index: number): string | undefined {
		const offset = index - this.dropped;
		if (offset < 0 || offset >= this.ring.length) return undefined;
		return this.ring[(this.head + offset) % this.ring.length];
	}

	/** Lines [from, to) by absolute number, clipped to what is kept. */
	slice(from: number, to: number): string[] {
		const out: string[] = [];
		for (let index = Math.max(from, this.dropped); index < Math.min(to, this.end); index++) out.push(this.line(index)!);
		return out;
	}

	/** Every kept line, oldest first. */
	lines(): string[] {
		return this.slice(this.dropped, this.end);
	}

	/** How many kept lines contain `query` (case-insensitive). */
	count(query: string): number {
		const needle = query.toLowerCase();
		if (!needle) return 0;
		let matches = 0;
		for (const line of this.ring) if (line.toLowerCase().includes(needle)) matches++;
		return matches;
	}
}
