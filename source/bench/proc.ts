// Peak memory of another process tree, read from /proc while it runs (/usr/bin/time may be missing).
import fs from 'node:fs';

/** VmHWM (peak resident set) in kB, or 0 when the process is gone or not readable. */
export function peakRssKb(pid: number): number {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
	} catch {
		return 0;
	}
}

/** The process and its descendants (a dispatcher such as /usr/bin/kubectl may run the real binary as a child). */
export function processTree(pid: number): number[] {
	const tree = [pid];
	for (let index = 0; index < tree.length; index++) {
		const parent = tree[index]!;
		try {
			for (const task of fs.readdirSync(`/proc/${parent}/task`)) {
				const children = fs.readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8').trim();
				if (children) tree.push(...children.split(/\s+/).map(Number));
			}
		} catch {
			// Gone already.
		}
	}
	return tree;
}

/** Samples the tree's largest VmHWM every `intervalMs` until stopped; returns the largest seen, in kB. */
export function samplePeakRss(pid: number, intervalMs = 5): {stop(): number} {
	const peaks = new Map<number, number>();
	const sample = () => {
		for (const member of processTree(pid)) {
			const peak = peakRssKb(member);
			if (peak > (peaks.get(member) ?? 0)) peaks.set(member, peak);
		}
	};
	sample();
	const timer = setInterval(sample, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			return Math.max(0, ...peaks.values());
		},
	};
}
