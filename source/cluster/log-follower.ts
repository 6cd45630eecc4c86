// The log a log view shows: one container of one pod, current or previous run, streamed into a bounded ring buffer
// (lines made visible as they arrive: log text is untrusted), with the stream's state, and one change notice per
// burst (at most every LOG_NOTIFY_MS) however many chunks arrive.
import {LogBuffer} from '../model/log-buffer.js';
import type {LogFeed} from '../model/types.js';
import {visibleLines} from '../model/visible.js';
import type {ApiClient} from './http.js';
import {streamPodLogs, type LogStream, type LogStreamState, type LogTarget} from './logs.js';

export const LOG_NOTIFY_MS = 50;

export class PodLogFollower implements LogFeed {
	readonly buffer = new LogBuffer();
	state: LogStreamState = {state: 'connecting'};
	private stream: LogStream | undefined;
	private timer: NodeJS.Timeout | undefined;
	private stopped = false;

	constructor(
		private readonly client: ApiClient,
		private target: LogTarget,
		private readonly onChange: () => void,
	) {
		this.open();
	}

	get previous(): boolean {
		return this.target.previous === true;
	}

	get container(): string | undefined {
		return this.target.container;
	}

	note(): string | undefined {
		return logStateText(this.state, this.target);
	}

	/** Switches between the current run (following) and the previous one (`kubectl logs --previous`). */
	setPrevious(previous: boolean): void {
		if (previous === this.previous || this.stopped) return;
		this.target = {...this.target, previous};
		this.stream?.stop();
		this.buffer.clear();
		this.open();
	}

	stop(): void {
		this.stopped = true;
		this.stream?.stop();
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
	}

	private open(): void {
		this.state = {state: 'connecting'};
		this.stream = streamPodLogs(this.client, this.target, {
			lines: lines => {
				this.buffer.appendLines(visibleLines(lines.join('\n')));
				this.notify();
			},
			state: state => {
				this.state = state;
				this.notify();
			},
		});
	}

	private notify(): void {
		if (this.stopped || this.timer) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			if (!this.stopped) this.onChange();
		}, LOG_NOTIFY_MS);
	}
}

/** The stream's state as the log view's note says it. */
export function logStateText(state: LogStreamState, target: {pod: string; previous?: boolean}): string | undefined {
	switch (state.state) {
		case 'connecting':
			return 'connecting…';
		case 'streaming':
			return undefined;
		case 'waiting':
			return `${state.message} (trying again in ${Math.round(state.retryInMs / 1000)}s)`;
		case 'reconnecting':
			return `connection lost: ${state.message} (reconnecting in ${Math.round(state.retryInMs / 1000)}s)`;
		case 'ended':
			return target.previous ? 'end of the previous run’s log' : 'end of the log';
		case 'deleted':
			return `${state.message}: the log ends here`;
		case 'error':
			return state.message;
	}
}
