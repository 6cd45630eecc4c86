// A list-then-watch cache of one collection that never silently dies.
//
// A plain streaming WATCH (watch-stream.ts) rather than client-node's informer (ListWatch): in 1.x the informer stops for good on any error
// other than 410 (it only calls the `error` callbacks), reconnects without back-off (#1933), never asks for bookmarks
// or a server timeout, cannot notice a half-open connection (#958: no event, no error, ever again), and caches listed
// objects with Date timestamps next to watched ones with strings (#655). Here: LIST (paged, plain JSON), WATCH from
// the list's resourceVersion with allowWatchBookmarks and timeoutSeconds, resume from the last resourceVersion after a
// close, relist after 410 (HTTP status or ERROR event), capped jittered back-off after any other failure, and a stall
// timer that restarts a watch from which nothing (not even a bookmark) arrived for too long.
import {Backoff, DEFAULT_BACKOFF, type BackoffOptions} from './backoff.js';
import {ApiError, errorLine, type ApiClient, type KubeConfigLike} from './http.js';
import {watchStream} from './watch-stream.js';
import {DEFAULT_LIVENESS_TIMING, type LivenessTiming, type ServerLiveness} from './liveness.js';
import type {ObjectMeta} from '../model/objects.js';

export interface WatchTiming extends LivenessTiming {
	/** timeoutSeconds asked of the server for each watch (up to 25 % more, jittered); it then closes the stream. */
	watchTimeoutSeconds: number;
	/** Nothing received for this long (a real API server sends a bookmark about every minute): restart the watch. */
	stallMs: number;
	backoff: BackoffOptions;
	/** For LIST requests. */
	requestTimeoutMs: number;
}

export const DEFAULT_WATCH_TIMING: WatchTiming = {
	watchTimeoutSeconds: 240,
	stallMs: 90_000,
	backoff: DEFAULT_BACKOFF,
	requestTimeoutMs: 30_000,
	...DEFAULT_LIVENESS_TIMING,
};

export type WatchState =
	| {state: 'connecting'}
	| {state: 'live'; since: Date}
	/** unresponsive: the server stopped answering (since: when it was last heard from), not a failed request. */
	| {state: 'reconnecting'; since: Date; lastError: string; unresponsive?: boolean}
	| {state: 'stopped'; error: string};

export interface KubeObject {
	metadata: ObjectMeta;
}

export interface ResourceWatchOptions<T extends KubeObject> {
	client: ApiClient;
	kubeConfig: KubeConfigLike;
	/** Collection path, e.g. /apis/apps/v1/namespaces/default/deployments. */
	path: string;
	labelSelector?: string;
	fieldSelector?: string;
	/** Applied to every listed or watched object before it is cached (default: drop managedFields). */
	transform?: (raw: any) => T;
	/** Called synchronously after every change to the cache (the caller batches). */
	onChange: () => void;
	onState?: (state: WatchState) => void;
	/** Errors after which retrying is pointless for this collection: stop in state 'stopped'. */
	isFatal?: (error: unknown) => boolean;
	timing?: Partial<WatchTiming>;
	/** Kept up to date with the cache, object by object (e.g. an owner index), so readers need not rescan it. */
	index?: WatchIndex<T>;
}

/** A derived view of a watch's cache, updated on every change instead of being rebuilt from list(). */
export interface WatchIndex<T> {
	/** The cache was replaced wholesale (a LIST). */
	reset(items: Iterable<T>): void;
	/** One object was added (previous undefined), replaced, or deleted (next undefined). */
	update(previous: T | undefined, next: T | undefined): void;
}

type WatchOutcome = {kind: 'closed' | 'expired'; healthy: boolean};

/** Drops managedFields (big, and nothing reads them after GitOps detection). */
export function withoutManagedFields<T extends KubeObject>(raw: T): T {
	if (!raw?.metadata || !('managedFields' in raw.metadata)) return raw;
	const {managedFields: _dropped, ...metadata} = raw.metadata;
	return {...raw, metadata: metadata as ObjectMeta};
}

export function objectKey(object: KubeObject): string {
	return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

export class ResourceWatch<T extends KubeObject> {
	private items = new Map<string, T>();
	private resourceVersion: string | undefined;
	private stopped = false;
	private started = false;
	private current: AbortController | undefined;
	private wake: (() => void) | undefined;
	private readonly timing: WatchTiming;
	private readonly backoff: Backoff;
	private stateValue: WatchState = {state: 'connecting'};
	private running: Promise<void> | undefined;
	private listedOnce = false;
	private changes = 0;
	private failingSince: Date | undefined;
	private readonly listedWaiters: (() => void)[] = [];
	/** Ends the watch attempt under way (answered or not) with `reason`, so that the loop starts another. */
	private restartAttempt: ((reason: string) => void) | undefined;
	private unregisterLiveness: (() => void) | undefined;
	private unsubscribeReload: (() => void) | undefined;
	/** How many LISTs and WATCHes were made: lets tests see that recovery really happened. */
	readonly stats = {lists: 0, watches: 0, failures: 0, stalls: 0, expirations: 0};

	constructor(private readonly options: ResourceWatchOptions<T>) {
		this.timing = {...DEFAULT_WATCH_TIMING, ...options.timing};
		this.backoff = new Backoff(this.timing.backoff);
	}

	get state(): WatchState {
		return this.stateValue;
	}

	/** Resolves once the first LIST has been applied (or the watch was stopped). */
	whenListed(): Promise<void> {
		if (this.listedOnce || this.stopped) return Promise.resolve();
		return new Promise(resolve => this.listedWaiters.push(resolve));
	}

	/** Counts changes to the cache: equal versions mean the same contents (lets readers cache what they derive). */
	get version(): number {
		return this.changes;
	}

	/** Whether the first LIST has been applied. */
	get listed(): boolean {
		return this.listedOnce;
	}

	list(): T[] {
		return [...this.items.values()];
	}

	get(namespace: string | undefined, name: string): T | undefined {
		return this.items.get(`${namespace ?? ''}/${name}`);
	}

	start(): void {
		if (this.started) return;
		this.started = true;
		const {probeAfterMs, probeTimeoutMs} = this.timing;
		this.unregisterLiveness = this.liveness?.watch(() => this.livenessChanged(), {probeAfterMs, probeTimeoutMs});
		this.unsubscribeReload = this.options.client.reload?.subscribe(message => this.kubeconfigChanged(message));
		this.running = this.loop();
	}

	/** Another server, or other credentials: relist from scratch at once (its resourceVersions mean nothing here). */
	private kubeconfigChanged(message: string): void {
		if (this.stopped) return;
		this.resourceVersion = undefined;
		// A run of failures that led here started at its first failure.
		this.failingSince ??= new Date();
		this.setState({state: 'reconnecting', since: this.failingSince, lastError: message});
		this.backoff.reset();
		// The attempt's end is reported with this message, which stays until the new server answers or fails.
		this.restartAttempt?.(message);
		this.wake?.();
	}

	private get liveness(): ServerLiveness | undefined {
		return (this.options.client as {liveness?: ServerLiveness}).liveness;
	}

	/**
	 * The server stopped answering: say so, and drop the stream (as client-go drops a connection whose ping went
	 * unanswered). It answers again: retry at once instead of at the end of the back-off.
	 */
	private livenessChanged(): void {
		if (this.stopped) return;
		const liveness = this.liveness?.state;
		if (liveness?.state === 'unresponsive') {
			this.setState({state: 'reconnecting', since: liveness.since, lastError: liveness.message, unresponsive: true});
			this.restartAttempt?.(liveness.message);
		} else if (this.stateValue.state === 'reconnecting' && this.stateValue.unresponsive) {
			this.backoff.reset();
			this.restartAttempt?.('the API server answers again: reconnecting');
			this.wake?.();
		}
	}

	async stop(): Promise<void> {
		this.stopped = true;
		this.unregisterLiveness?.();
		this.unsubscribeReload?.();
		this.current?.abort();
		this.wake?.();
		for (const waiter of this.listedWaiters.splice(0)) waiter();
		await this.running;
	}

	private setState(state: WatchState): void {
		this.stateValue = state;
		this.options.onState?.(state);
	}

	private markLive(): void {
		this.failingSince = undefined;
		if (this.stateValue.state !== 'live') this.setState({state: 'live', since: new Date()});
	}

	/** "Reconnecting since" is the first of a run of consecutive failures. */
	private markFailure(error: unknown): void {
		this.stats.failures++;
		this.failingSince ??= new Date();
		// A change event may have been missed (some file systems send none): one stat per file. A reload says so itself.
		const reload = this.options.client.reload;
		const reloads = reload?.reloads;
		reload?.check();
		if (reload && reload.reloads !== reloads) return;
		// While the server does not answer, that is the news, not each attempt's timeout.
		const liveness = this.liveness?.state;
		if (liveness?.state === 'unresponsive') {
			this.setState({state: 'reconnecting', since: liveness.since, lastError: liveness.message, unresponsive: true});
			return;
		}
		this.setState({state: 'reconnecting', since: this.failingSince, lastError: errorLine(error)});
	}

	private async loop(): Promise<void> {
		while (!this.stopped) {
			let delay = 0;
			try {
				if (this.resourceVersion === undefined) await this.relist();
				if (this.stopped) break;
				const outcome = await this.watchOnce();
				if (outcome.kind === 'expired') {
					this.stats.expirations++;
					this.resourceVersion = undefined;
				}
				if (outcome.healthy) this.backoff.reset();
				// A stream that ends at once without a single event is retried with back-off, never in a tight loop.
				else delay = this.backoff.next();
			} catch (error) {
				if (this.stopped) break;
				if (error instanceof ApiError && error.status === 410) {
					// Gone as an HTTP status (watch or paged list): relist from scratch, with back-off if it repeats.
					this.stats.expirations++;
					this.resourceVersion = undefined;
					delay = this.backoff.next();
				} else if (this.options.isFatal?.(error)) {
					this.setState({state: 'stopped', error: errorLine(error)});
					for (const waiter of this.listedWaiters.splice(0)) waiter();
					return;
				} else {
					this.markFailure(error);
					delay = this.backoff.next();
				}
			}
			if (delay > 0 && !this.stopped) await this.sleep(delay);
		}
	}

	private sleep(ms: number): Promise<void> {
		return new Promise(resolve => {
			const timer = setTimeout(done, ms);
			function done() {
				clearTimeout(timer);
				resolve();
			}
			this.wake = done;
		});
	}

	private transform(raw: any): T {
		return this.options.transform ? this.options.transform(raw) : withoutManagedFields(raw as T);
	}

	private async relist(): Promise<void> {
		this.stats.lists++;
		const fresh = new Map<string, T>();
		let continueToken: string | undefined;
		let listVersion: string | undefined;
		do {
			const page = await this.options.client.request<{
				items?: any[];
				metadata?: {resourceVersion?: string; continue?: string};
			}>(this.options.path, {
				query: {
					labelSelector: this.options.labelSelector,
					fieldSelector: this.options.fieldSelector,
					limit: 500,
					continue: continueToken,
				},
				timeoutMs: this.timing.requestTimeoutMs,
			});
			if (this.stopped) return;
			for (const item of page.items ?? []) {
				const object = this.transform(item);
				fresh.set(objectKey(object), object);
			}
			listVersion ??= page.metadata?.resourceVersion;
			continueToken = page.metadata?.continue || undefined;
		} while (continueToken);
		this.items = fresh;
		this.changes++;
		this.options.index?.reset(fresh.values());
		this.resourceVersion = listVersion ?? '';
		this.listedOnce = true;
		for (const waiter of this.listedWaiters.splice(0)) waiter();
		this.options.onChange();
	}

	private apply(type: string, raw: any): void {
		const version = raw?.metadata?.resourceVersion;
		if (typeof version === 'string' && version !== '') this.resourceVersion = version;
		if (type === 'BOOKMARK' || !raw?.metadata?.name) return;
		if (type === 'DELETED') {
			const key = objectKey(raw);
			const previous = this.items.get(key);
			this.items.delete(key);
			if (previous) this.options.index?.update(previous, undefined);
		} else if (type === 'ADDED' || type === 'MODIFIED') {
			const object = this.transform(raw);
			const key = objectKey(object);
			const previous = this.items.get(key);
			this.items.set(key, object);
			this.options.index?.update(previous, object);
		} else {
			return;
		}
		this.changes++;
		this.options.onChange();
	}

	private watchOnce(): Promise<WatchOutcome> {
		this.stats.watches++;
		const {stallMs, watchTimeoutSeconds} = this.timing;
		const query = {
			resourceVersion: this.resourceVersion || undefined,
			allowWatchBookmarks: true,
			timeoutSeconds: Math.round(watchTimeoutSeconds * (1 + 0.25 * Math.random())),
			labelSelector: this.options.labelSelector,
			fieldSelector: this.options.fieldSelector,
		};
		return new Promise<WatchOutcome>((resolve, reject) => {
			const startedAt = Date.now();
			let lastActivity = startedAt;
			let events = 0;
			let settled = false;
			let verdict: {expired?: boolean; error?: unknown} = {};
			let controller: AbortController | undefined;
			const healthy = () => events > 0 || Date.now() - startedAt >= 1000;
			const finish = (error: unknown) => {
				if (settled) return;
				settled = true;
				clearInterval(stallTimer);
				controller?.abort();
				if (this.current === controller) this.current = undefined;
				if (this.stopped) return resolve({kind: 'closed', healthy: true});
				if (verdict.expired) return resolve({kind: 'expired', healthy: healthy()});
				if (verdict.error) return reject(verdict.error);
				if (error) return reject(watchError(error));
				resolve({kind: 'closed', healthy: healthy()});
			};
			const stallTimer = setInterval(
				() => {
					if (Date.now() - lastActivity <= stallMs) return;
					this.stats.stalls++;
					verdict = {error: new Error(`watch stalled: nothing received for ${Math.round(stallMs / 1000)}s`)};
					finish(undefined);
				},
				Math.max(50, Math.min(1000, stallMs / 4)),
			);
			stallTimer.unref?.();
			this.restartAttempt = reason => {
				verdict = {error: new Error(reason)};
				finish(undefined);
			};
			const onEvent = (type: string, object: any) => {
				if (settled) return;
				lastActivity = Date.now();
				this.liveness?.heard();
				if (type === 'ERROR') {
					// The server closes after an ERROR; we do not wait for it.
					if (object?.code === 410) verdict = {expired: true};
					else
						verdict = {
							error: new ApiError(object?.code ?? 500, object?.reason, object?.message ?? 'watch error event'),
						};
					finish(undefined);
					return;
				}
				events++;
				this.apply(type, object);
			};
			watchStream(this.options.kubeConfig, this.options.path, query, onEvent, finish).then(abort => {
				controller = abort;
				if (settled || this.stopped) {
					abort.abort();
					finish(undefined);
					return;
				}
				this.current = abort;
				// Live first: hearing the server again must not restart the very stream that answered.
				this.markLive();
				this.liveness?.heard();
			}, finish);
		});
	}
}

/** Watch's non-200 answers carry statusCode and only the status text; 410 there means "relist". */
function watchError(error: any): unknown {
	const status = error?.statusCode ?? error?.code;
	if (typeof status === 'number')
		return new ApiError(status, undefined, `watch failed: ${status} ${error.message ?? ''}`.trim());
	return error;
}
