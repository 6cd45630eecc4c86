// A pod's log as `kubectl logs -f` reads it (the last 100 lines, then streaming), kept going across what ends a
// stream on a cluster: the container exits and restarts (the stream resumes after the last line seen, from the new
// run), the kubelet refuses for now (image not pulled yet: retried), the connection drops (retried with back-off),
// the credentials expire (retried once with fresh ones).
// It says so, and stops, when the pod is deleted. `previous` reads the last terminated run once, as `--previous`.
import {ApiError, apiErrorFrom, errorLine, type ApiClient, type Query} from './http.js';
import {streamRequest, type Refusal} from './stream-request.js';

export const LOG_TAIL_LINES = 100;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 10_000;
/** TCP keep-alive probes after this long without traffic (as for watches). */
const LOG_KEEPALIVE_MS = 30_000;

export interface LogTarget {
	namespace: string;
	pod: string;
	container?: string;
	/** The previous (last terminated) run, as `kubectl logs --previous`. */
	previous?: boolean;
}

export type LogStreamState =
	| {state: 'connecting'}
	| {state: 'streaming'}
	/** The container is not running now (waiting to start, or exited and about to restart); retried. */
	| {state: 'waiting'; message: string; retryInMs: number}
	/** The connection failed; retried. */
	| {state: 'reconnecting'; message: string; retryInMs: number}
	/** Read completely (a previous run's log): nothing more will come. */
	| {state: 'ended'}
	| {state: 'deleted'; message: string}
	| {state: 'error'; message: string};

export interface LogStreamHandlers {
	lines(lines: string[]): void;
	state(state: LogStreamState): void;
}

export interface LogStream {
	stop(): void;
}

/** Splits "2026-12-03T05:16:03.500263826Z text" into its timestamp and text. */
export function splitTimestamp(line: string): {stamp?: string; text: string} {
	const space = line.indexOf(' ');
	if (space > 0 && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(line.slice(0, space)))
		return {stamp: line.slice(0, space), text: line.slice(space + 1)};
	return {text: line};
}

/** The kubelet's or API server's answer, read to its end: its Status says why (waiting to start, not found, …). */
function readRefusal({status, response, finish}: Refusal): void {
	const chunks: Buffer[] = [];
	response.on('data', (chunk: Buffer) => chunks.push(chunk));
	response.on('end', () => finish(apiErrorFrom(status, Buffer.concat(chunks).toString('utf8'))));
	response.on('error', finish);
}

/** Follows the log of one container of one pod until stop(), the pod's deletion, or (previous) its end. */
export function streamPodLogs(
	client: ApiClient,
	target: LogTarget,
	handlers: LogStreamHandlers,
	options: {tailLines?: number; follow?: boolean} = {},
): LogStream {
	const follow = options.follow ?? !target.previous;
	const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}`;
	let stopped = false;
	let current: AbortController | undefined;
	let timer: NodeJS.Timeout | undefined;
	let retryMs = RETRY_MIN_MS;
	let uid: string | undefined;
	/**
	 * The second of the newest line shown, and the lines shown in that second: a reconnect asks from that second
	 * (sinceTime has whole seconds) and skips exactly what was shown, so that a new run starting in the same second
	 * as the last one ended loses nothing.
	 */
	let lastSecond: string | undefined;
	const shownInLastSecond = new Set<string>();
	let partial = '';
	/** The server refused the stream's credentials and fresh ones may differ: one more try with them. */
	let renewedCredentials = false;
	let retriedUnauthorized = false;

	const emit = (text: string) => {
		const pieces = (partial + text).split('\n');
		partial = pieces.pop() ?? '';
		const out: string[] = [];
		for (const piece of pieces) {
			const {stamp, text: line} = splitTimestamp(piece);
			if (stamp) {
				const second = stamp.slice(0, 19);
				if (lastSecond !== undefined && second < lastSecond) continue;
				if (second === lastSecond && shownInLastSecond.has(piece)) continue;
				if (second !== lastSecond) {
					lastSecond = second;
					shownInLastSecond.clear();
				}
				shownInLastSecond.add(piece);
			}
			out.push(line);
		}
		if (out.length > 0) handlers.lines(out);
	};

	const retry = (state: 'waiting' | 'reconnecting', message: string) => {
		handlers.state({state, message, retryInMs: retryMs});
		timer = setTimeout(open, retryMs);
		retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
	};

	/** After a stream ended or failed: is the pod still the one we read? */
	const podGone = async (): Promise<boolean> => {
		try {
			const pod = await client.request<any>(path, {timeoutMs: 10_000});
			if (uid && pod?.metadata?.uid !== uid) return true;
			uid ??= pod?.metadata?.uid;
			return false;
		} catch (error) {
			return error instanceof ApiError && error.status === 404;
		}
	};

	const deleted = () => {
		stopped = true;
		handlers.state({state: 'deleted', message: `pod ${target.pod} was deleted`});
	};

	const ended = async (error: unknown) => {
		current = undefined;
		if (stopped) return;
		if (partial) emit('\n');
		if (await podGone()) return deleted();
		if (stopped) return;
		if (error instanceof ApiError) {
			if (error.status === 404) return deleted();
			// Expired credentials (an exec plugin's token, a rotated token file): once more with fresh ones, as watches do.
			if (error.status === 401 && renewedCredentials && !retriedUnauthorized) {
				retriedUnauthorized = true;
				return retry('reconnecting', errorLine(error));
			}
			// The kubelet's "waiting to start", "previous terminated container … not found": not now, maybe later.
			if (error.status === 400 && follow) return retry('waiting', error.apiMessage);
			stopped = true;
			return handlers.state({state: 'error', message: errorLine(error)});
		}
		if (error) return retry('reconnecting', errorLine(error));
		if (!follow) {
			stopped = true;
			return handlers.state({state: 'ended'});
		}
		// The run we followed exited (or the server closed the stream): read on from the next run.
		retry('waiting', 'the container is not running; waiting for it to restart');
	};

	const open = async () => {
		timer = undefined;
		if (stopped) return;
		if (!uid && (await podGone())) return deleted();
		const query: Query = {
			container: target.container,
			follow: follow || undefined,
			previous: target.previous || undefined,
			timestamps: true,
		};
		if (lastSecond) query.sinceTime = `${lastSecond}Z`;
		else query.tailLines = options.tailLines ?? LOG_TAIL_LINES;
		handlers.state({state: 'connecting'});
		try {
			current = await streamRequest(
				client.kubeConfig,
				`${path}/log`,
				query,
				// A follow can be silent for hours: keep-alive probes notice a connection whose peer is gone.
				{accept: '*/*', keepAliveMs: LOG_KEEPALIVE_MS},
				{
					open: () => {
						retryMs = RETRY_MIN_MS;
						retriedUnauthorized = false;
						handlers.state({state: 'streaming'});
					},
					chunk: emit,
					refused: refusal => {
						if (refusal.status === 401)
							renewedCredentials = client.kubeConfig.forgetCredentials?.(refusal.authorization) ?? false;
						readRefusal(refusal);
					},
					// After stop() (which aborts) the abort's end is ignored: `stopped` is already set.
					done: error => void ended(error),
				},
			);
			if (stopped) current.abort();
		} catch (error) {
			void ended(error);
		}
	};

	void open();
	return {
		stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			current?.abort();
		},
	};
}
