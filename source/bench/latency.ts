// Event-to-screen arithmetic: which write a frame or a kubectl line shows, and how long after the write it came.

export interface WriteRecord {
	seq: number;
	/** The object written (a later write to it replaces what the screen shows of an earlier one). */
	target: string;
	sentAt: number;
}

export interface SeenAt {
	at: number;
	seqs: readonly number[];
}

/**
 * For each write (in `writes` order), the time from sending it to the first frame that shows it or a later write to the
 * same object (a frame cannot show every value when writes to one object come faster than frames); undefined if none.
 */
export function screenLatencies(writes: readonly WriteRecord[], frames: readonly SeenAt[]): (number | undefined)[] {
	const bySeq = new Map(writes.map((write, index) => [write.seq, index]));
	const byTarget = new Map<string, number[]>();
	writes.forEach((write, index) => {
		const list = byTarget.get(write.target);
		if (list) list.push(index);
		else byTarget.set(write.target, [index]);
	});
	for (const list of byTarget.values()) list.sort((a, b) => writes[a]!.seq - writes[b]!.seq);
	const next = new Map<string, number>([...byTarget.keys()].map(target => [target, 0]));
	const latencies: (number | undefined)[] = writes.map(() => undefined);
	for (const frame of [...frames].sort((a, b) => a.at - b.at)) {
		for (const seq of frame.seqs) {
			const index = bySeq.get(seq);
			if (index === undefined) continue;
			const target = writes[index]!.target;
			const list = byTarget.get(target)!;
			let position = next.get(target)!;
			while (position < list.length && writes[list[position]!]!.seq <= seq) {
				const write = writes[list[position]!]!;
				if (frame.at >= write.sentAt) latencies[list[position]!] = frame.at - write.sentAt;
				position++;
			}
			next.set(target, position);
		}
	}
	return latencies;
}

/** For each write, the time to the first line whose last column is its seq (kubectl get -w -L bench-seq). */
export function lineLatencies(
	writes: readonly WriteRecord[],
	lines: readonly {at: number; line: string}[],
): (number | undefined)[] {
	const firstSeen = new Map<number, number>();
	for (const {at, line} of lines) {
		const last = line.trim().split(/\s+/).pop() ?? '';
		if (!/^\d+$/.test(last)) continue;
		const seq = Number(last);
		if (!firstSeen.has(seq)) firstSeen.set(seq, at);
	}
	return writes.map(write => {
		const at = firstSeen.get(write.seq);
		return at === undefined ? undefined : at - write.sentAt;
	});
}
