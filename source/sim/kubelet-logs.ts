// What a simulated container writes to its log, generated on demand from the container's run (its containerID seeds
// it, its start and finish times bound it) instead of being stored: a thousand pods cost nothing until someone reads
// their logs, and the same run always reads the same. A run writes start-up lines naming its image, then a request
// line every few seconds; a crashing run (`:crashloop`) writes a few lines and a fatal error just before it exits.
import {createHash} from 'node:crypto';
import {behaviourOf} from './controllers/kubelet-status.js';

/** One run of a container: one containerID, from its start to its exit (or still running). */
export interface ContainerRun {
	containerID: string;
	pod: string;
	container: string;
	image: string;
	/** ms since the epoch */
	startedAt: number;
	/** ms since the epoch; undefined while running */
	finishedAt?: number;
	exitCode?: number;
	crashes: boolean;
}

export interface LogLine {
	/** ms since the epoch */
	time: number;
	/** sub-millisecond digits (0-999999 ns), so that timestamps read like a container runtime's */
	nanos: number;
	text: string;
}

const STARTUP_OFFSETS_MS = [0, 4, 11, 19];
const CRASH_CONNECT_OFFSET_MS = 27;
const FIRST_REQUEST_MS = 1500;
const MIN_PERIOD_MS = 1200;
const PERIOD_SPREAD_MS = 3000;

/** A small deterministic generator (mulberry32) seeded from a string. */
function seeded(seed: string): () => number {
	let state = createHash('sha1').update(seed).digest().readUInt32LE(0);
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** "nginx" for "registry.example.com/web/nginx:1.25". */
export function appName(image: string): string {
	const path = image.split('@')[0]!;
	const last = path.slice(path.lastIndexOf('/') + 1);
	const colon = last.indexOf(':');
	return (colon < 0 ? last : last.slice(0, colon)) || 'app';
}

function startupTexts(run: ContainerRun): string[] {
	const app = appName(run.image);
	return [
		`INFO  starting ${app} (image ${run.image}) as container ${run.container} in pod ${run.pod}`,
		`INFO  loaded configuration from /etc/${app}/config.yaml`,
		run.crashes ? `INFO  connecting to the database at db:5432` : `INFO  connected to the database at db:5432`,
		run.crashes ? `INFO  warming caches` : `INFO  listening on 0.0.0.0:8080`,
	];
}

function crashTexts(run: ContainerRun): string[] {
	return [
		'WARN  database db:5432: dial tcp 10.96.0.12:5432: connect: connection refused (attempt 1/3)',
		'WARN  database db:5432: dial tcp 10.96.0.12:5432: connect: connection refused (attempt 2/3)',
		'ERROR database db:5432: dial tcp 10.96.0.12:5432: connect: connection refused (attempt 3/3)',
		`FATAL ${appName(run.image)}: cannot start without the database; exiting with code ${run.exitCode ?? 1}`,
	];
}

const PATHS = ['/api/items', '/api/items/{id}', '/api/orders', '/api/orders/{id}', '/healthz', '/readyz', '/metrics'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT'];

function requestText(random: () => number): string {
	const path = PATHS[Math.floor(random() * PATHS.length)]!.replace('{id}', String(1 + Math.floor(random() * 9000)));
	const method = path.startsWith('/api') ? METHODS[Math.floor(random() * METHODS.length)]! : 'GET';
	const roll = random();
	const status = roll < 0.9 ? (method === 'POST' ? 201 : 200) : roll < 0.97 ? 404 : 500;
	const millis = (0.3 + random() * (status === 500 ? 900 : 40)).toFixed(1);
	const client = `10.244.${1 + Math.floor(random() * 3)}.${2 + Math.floor(random() * 250)}`;
	const level = status === 500 ? 'ERROR' : 'INFO ';
	return `${level} ${client} "${method} ${path} HTTP/1.1" ${status} ${millis}ms`;
}

/** The period between request lines of a run, and each line's sub-millisecond digits, fixed by its containerID. */
function rhythm(run: ContainerRun): {period: number; nanos: (index: number) => number} {
	const random = seeded(run.containerID);
	const period = MIN_PERIOD_MS + Math.floor(random() * PERIOD_SPREAD_MS);
	const base = Math.floor(random() * 1_000_000);
	return {period, nanos: index => (base + index * 7919) % 1_000_000};
}

/** When the run stops writing: its exit, or `now` while it runs. */
function endOf(run: ContainerRun, now: number): number {
	return run.finishedAt === undefined ? now : Math.max(run.finishedAt, run.startedAt);
}

/**
 * Every line the run has written up to `now`, oldest first, optionally only from `since` (inclusive) and only
 * the last `tail`. Request lines are computed by index, so a tail of a day-old run costs the tail, not the day.
 */
export function runLog(run: ContainerRun, now: number, options: {since?: number; tail?: number} = {}): LogLine[] {
	const end = endOf(run, now);
	const {period, nanos} = rhythm(run);
	const lines: LogLine[] = [];
	const startup = startupTexts(run);
	for (let i = 0; i < startup.length; i++) {
		const time = Math.min(run.startedAt + STARTUP_OFFSETS_MS[i]!, end);
		if (time <= now) lines.push({time, nanos: nanos(i), text: startup[i]!});
	}
	if (run.crashes) {
		if (run.finishedAt !== undefined) {
			const crash = crashTexts(run);
			const from = Math.min(run.startedAt + CRASH_CONNECT_OFFSET_MS, end);
			for (let i = 0; i < crash.length; i++) {
				const time = Math.round(from + ((end - from) * (i + 1)) / crash.length);
				lines.push({time, nanos: nanos(100 + i), text: crash[i]!});
			}
		}
		return select(lines, options);
	}
	const firstRequest = run.startedAt + FIRST_REQUEST_MS;
	const count = end < firstRequest ? 0 : Math.floor((end - firstRequest) / period) + 1;
	let first = 0;
	if (options.since !== undefined) first = Math.max(first, Math.ceil((options.since - firstRequest) / period));
	if (options.tail !== undefined) first = Math.max(first, count - options.tail);
	for (let index = first; index < count; index++) {
		const random = seeded(`${run.containerID}/${index}`);
		lines.push({time: firstRequest + index * period, nanos: nanos(1000 + index), text: requestText(random)});
	}
	return select(lines, options);
}

function select(lines: LogLine[], options: {since?: number; tail?: number}): LogLine[] {
	let selected = options.since === undefined ? lines : lines.filter(line => line.time >= options.since!);
	if (options.tail !== undefined) selected = options.tail === 0 ? [] : selected.slice(-options.tail);
	return selected;
}

/** Lines written after `after` (exclusive) up to `now`: what a follower has not seen yet. */
export function runLogAfter(run: ContainerRun, after: LogLine | undefined, now: number): LogLine[] {
	if (!after) return runLog(run, now);
	return runLog(run, now, {since: after.time}).filter(
		line => line.time > after.time || (line.time === after.time && line.nanos > after.nanos),
	);
}

/** Go's time.RFC3339Nano, as the kubelet prefixes lines with timestamps=true (trailing zeros trimmed). */
export function rfc3339Nano(line: Pick<LogLine, 'time' | 'nanos'>): string {
	const date = new Date(line.time);
	const seconds = date.toISOString().slice(0, 19);
	const fraction =
		`${String(date.getUTCMilliseconds()).padStart(3, '0')}${String(line.nanos).padStart(6, '0')}`.replace(/0+$/, '');
	return `${seconds}${fraction ? `.${fraction}` : ''}Z`;
}

export function formatLogLine(line: LogLine, timestamps: boolean): string {
	return timestamps ? `${rfc3339Nano(line)} ${line.text}\n` : `${line.text}\n`;
}

interface TerminatedJson {
	containerID?: string;
	startedAt?: string;
	finishedAt?: string;
	exitCode?: number;
}

interface ContainerStatusJson {
	name: string;
	image?: string;
	containerID?: string;
	state?: {running?: {startedAt?: string}; terminated?: TerminatedJson; waiting?: {reason?: string}};
	lastState?: {terminated?: TerminatedJson};
}

const ms = (time: string | undefined) => (time ? Date.parse(time) : Number.NaN);

/** The run with this containerID, as the pod's status describes it now (undefined when the status no longer names it). */
export function findRun(pod: any, containerName: string, containerID: string): ContainerRun | undefined {
	const status = ((pod?.status?.containerStatuses ?? []) as ContainerStatusJson[]).find(s => s.name === containerName);
	if (!status) return undefined;
	const spec = ((pod?.spec?.containers ?? []) as {name: string; image?: string}[]).find(c => c.name === containerName);
	const image = spec?.image ?? status.image ?? '';
	const base = {
		containerID,
		pod: String(pod.metadata?.name ?? ''),
		container: containerName,
		image,
		crashes: behaviourOf(image) === 'crashloop',
	};
	if (status.state?.running && status.containerID === containerID) {
		const startedAt = ms(status.state.running.startedAt);
		return Number.isNaN(startedAt) ? undefined : {...base, startedAt};
	}
	for (const terminated of [status.state?.terminated, status.lastState?.terminated]) {
		if (terminated?.containerID !== containerID) continue;
		const startedAt = ms(terminated.startedAt);
		const finishedAt = ms(terminated.finishedAt);
		if (Number.isNaN(startedAt) || Number.isNaN(finishedAt)) return undefined;
		return {...base, startedAt, finishedAt, exitCode: terminated.exitCode};
	}
	return undefined;
}
