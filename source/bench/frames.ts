// Splits what Ink writes to the terminal into frames and reads what the bench looks for in them.
import type {FrameReport, ScreenWatch} from './protocol.js';
import {ScreenModel} from '../terminal/screen-model.js';

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

/** "12 of 1001 deployments" (or "workloads", with several kinds) in the list's footer. */
export function listTotal(plain: string): number | undefined {
	const match = /\b\d+ of (\d+) (?:deployments|workloads)\b/.exec(plain);
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
