// Messages between the bench and its child processes (Node IPC). Times are wall-clock milliseconds
// (performance.timeOrigin + performance.now()), comparable across processes on one machine.
import type {ScaleOptions} from '../sim/scenarios/index.js';

export interface SimChildConfig {
	kubeconfigPath: string;
	speed: number;
	scale: Partial<ScaleOptions>;
}

export interface EventCounts {
	all: number;
	deployments: number;
	replicasets: number;
	pods: number;
	events: number;
	namespaces: number;
	/** Events that match the dashboard's watches. */
	dashboard: number;
}

export type SimToBench =
	| {type: 'ready'; url: string; token: string; kubeconfig: string; startMs: number; loadMs: number; objects: number}
	| {type: 'rollout'; focusUpMs: number; rolloutMs: number; replicas: number}
	| {type: 'counters'; id: number; counts: EventCounts; cpuMicros: number; at: number};

export type BenchToSim = {type: 'focus'; namespace: string} | {type: 'counters'; id: number} | {type: 'stop'};

export interface DashboardChildConfig {
	/** The bundle to run (dist/rollout-dash.js as `npm run build` makes it). */
	bundle: string;
	kubeconfigPath: string;
	columns: number;
	rows: number;
}

/** What the bench looks for on the dashboard's screen (frames.ts). */
export interface ScreenWatch {
	/** The first deployment of the list (it must be on screen) and the one the bench opens. */
	firstDeployment: string;
}

/** A frame that changed the screen, as the bench read it from the dashboard's output. */
export interface FrameReport {
	type: 'frame';
	/** When the dashboard wrote the frame's last byte. */
	at: number;
	bytes: number;
	/** Deployments counted in the list's footer ("N of M deployments"), when the list is shown. */
	listTotal?: number;
	/** The header says the watches are live (everything listed). */
	live: boolean;
	/** The first deployment's name is on screen. */
	showsFirst: boolean;
	/** Revision rows of the opened deployment on screen. */
	revisionRows: number;
	/** Write markers (seq:N;) on screen. */
	seqs: number[];
}

export type DashboardToBench =
	/** Bytes the dashboard wrote to its terminal, and when (read into FrameReports by the bench). */
	| {type: 'output'; at: number; data: string}
	| FrameReport
	| {
			type: 'probe';
			id: number;
			at: number;
			cpuMicros: number;
			mainThreadCpuMicros: number;
			vmHwmKb: number;
			vmRssKb: number;
			heapUsedMb: number;
	  }
	/** Where the start-up time goes: process start (Node's time origin) and the CLI's performance marks. */
	| {type: 'timeline'; id: number; processStartedAt: number; marks: Record<string, number>}
	| {type: 'exit'; code: number};

export type BenchToDashboard =
	| {type: 'keys'; data: string}
	/** `heapSnapshot`: also write a V8 heap snapshot there (after measuring). */
	| {type: 'probe'; id: number; heapSnapshot?: string}
	| {type: 'timeline'; id: number}
	/** Changes the fake terminal's size and emits 'resize', as a terminal does. */
	| {type: 'resize'; columns: number; rows: number};
