// Whether the API server still answers, asked only when it has been silent. A frozen server keeps its watch
// connections open and sends nothing: without asking, every watch would look healthy until its stall timer fired.
// client-go pings an HTTP/2 connection after 30 s without a frame and drops it when the ping is not answered in
// 15 s; over HTTP/1.1 the cheap equivalent is GET /version with a short timeout, made only after every watch of the
// client has been silent that long.

export interface LivenessTiming {
	/** Silence on every watch (and request) before the server is asked. */
	probeAfterMs: number;
	/** How long the probe may take. */
	probeTimeoutMs: number;
}

export const DEFAULT_LIVENESS_TIMING: LivenessTiming = {probeAfterMs: 30_000, probeTimeoutMs: 15_000};

export type Liveness = {state: 'answering'} | {state: 'unresponsive'; since: Date; message: string};

/** The request the probe makes: ApiClient.request, or a fake in tests. */
export type Probe = (timeoutMs: number) => Promise<unknown>;

export class ServerLiveness {
	private lastHeard = Date.now();
	private current: Liveness = {state: 'answering'};
	private timing: LivenessTiming = DEFAULT_LIVENESS_TIMING;
	private readonly watchers = new Set<() => void>();
	private timer: NodeJS.Timeout | undefined;
	private probing = false;

	constructor(
		private readonly probe: Probe,
		private readonly now: () => number = Date.now,
	) {}

	get state(): Liveness {
		return this.current;
	}

	/** Something arrived from the server: it answers. */
	heard(): void {
		this.lastHeard = this.now();
		if (this.current.state === 'unresponsive') this.set({state: 'answering'});
	}

	/**
	 * A watch that wants to hear of changes (to show them, and to reconnect at once when the server answers again).
	 * The probe runs while at least one is registered. Returns the function that unregisters it.
	 */
	watch(onChange: () => void, timing?: Partial<LivenessTiming>): () => void {
		if (timing) this.timing = {...this.timing, ...timing};
		if (this.watchers.size === 0) this.lastHeard = this.now();
		this.watchers.add(onChange);
		this.timer ??= setInterval(() => this.check(), Math.max(25, Math.min(1000, this.timing.probeAfterMs / 4)));
		this.timer.unref?.();
		return () => {
			this.watchers.delete(onChange);
			if (this.watchers.size === 0 && this.timer) {
				clearInterval(this.timer);
				this.timer = undefined;
			}
		};
	}

	private set(state: Liveness): void {
		this.current = state;
		for (const watcher of [...this.watchers]) watcher();
	}

	private check(): void {
		if (this.probing) return;
		const silence = this.now() - this.lastHeard;
		// Unresponsive: asked again every probeAfterMs, so that a server that comes back is noticed.
		if (silence < this.timing.probeAfterMs) return;
		if (this.current.state === 'unresponsive' && this.now() - this.lastProbeAt < this.timing.probeAfterMs) return;
		void this.ask();
	}

	private lastProbeAt = 0;

	private async ask(): Promise<void> {
		this.probing = true;
		this.lastProbeAt = this.now();
		const silentSince = this.lastHeard;
		try {
			await this.probe(this.timing.probeTimeoutMs);
			this.heard();
		} catch (error) {
			if (this.lastHeard !== silentSince) return; // something arrived meanwhile
			const waited = Math.round((this.now() - silentSince) / 1000);
			const reason = error instanceof Error ? error.message : String(error);
			this.set({
				state: 'unresponsive',
				since: new Date(silentSince),
				message: `the API server has sent nothing for ${waited}s and did not answer GET /version (${reason})`,
			});
		} finally {
			this.probing = false;
		}
	}
}
