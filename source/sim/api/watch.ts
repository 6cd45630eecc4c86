// Watch streams. One store subscription fans events out to the open watches of that resource,
// looked up by namespace (no per-event scan of unrelated watches); each event is serialised
// once per representation (JSON object or one-row Table) and the same line is written to every
// watch that receives it unchanged.
import type {ServerResponse} from 'node:http';
import type {Resource, Store, StoreEvent, StoredObject} from '../store.js';
import {expiredStatus, type Status} from './status.js';
import {fieldsMatch, labelsMatch, type FieldRequirement, type LabelSelector} from './selectors.js';
import {RESOURCE_INFO, apiVersionOf} from './resources.js';
import {toTable} from './tables.js';

export type WatchFormat = 'json' | 'table';

export interface WatchRequest {
	resource: Resource;
	namespace?: string;
	labelSelector: LabelSelector;
	fieldSelector: FieldRequirement[];
	format: WatchFormat;
	/** undefined or 0: synthetic ADDED for current objects first; N: changes after N. */
	resourceVersion?: number;
	allowBookmarks: boolean;
	timeoutSeconds?: number;
}

export interface WatchHubOptions {
	/** Silence after which a BOOKMARK (or, without bookmarks, a bare newline) is written. */
	keepAliveMs?: number;
	/** Bytes a watcher may have waiting for its socket before it is closed at once (default 8 MiB). */
	bufferLimitBytes?: number;
	/** Bytes waiting above which a watcher counts as behind (default 1 MiB)... */
	behindBytes?: number;
	/** ...and how long it may stay behind before it is closed (default 10 s). */
	behindBudgetMs?: number;
}

/** What the hub's watchers cost and how many were closed for falling behind. */
export interface WatchStats {
	/** Watchers closed because they did not read fast enough. */
	closedBehind: number;
	/** The most bytes any watcher has had waiting for its socket. */
	maxBufferedBytes: number;
}

type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

class Watch {
	readonly filtered: boolean;
	private lastWrite = Date.now();
	private keepAlive?: NodeJS.Timeout;
	private timeout?: NodeJS.Timeout;
	private pending: string[] | undefined;
	/** Since when the socket has had more than behindBytes waiting (0: keeping up). */
	private behindSince = 0;
	/**
	 * Bytes of the initial events (the current objects, or the replay from a resourceVersion) not known to be sent yet.
	 * The watch cache sends those from the watcher's own goroutine, never terminating it for them; only the live events
	 * behind them count against the limits. Forgotten once the socket has drained.
	 */
	private initialBytes = 0;
	/** Writing the initial events. */
	initializing = true;
	closed = false;

	constructor(
		readonly hub: WatchHub,
		readonly request: WatchRequest,
		readonly response: ServerResponse,
	) {
		this.filtered = request.labelSelector.length > 0 || request.fieldSelector.length > 0;
	}

	matches(object: StoredObject | undefined): boolean {
		if (!object) return false;
		return (
			labelsMatch(this.request.labelSelector, object.metadata.labels) && fieldsMatch(this.request.fieldSelector, object)
		);
	}

	start(keepAliveMs: number): void {
		this.keepAlive = setInterval(() => {
			if (Date.now() - this.lastWrite < keepAliveMs - 50) return;
			if (this.request.allowBookmarks) this.write(this.hub.bookmarkLine(this.request));
			else this.write('\n');
		}, keepAliveMs);
		this.keepAlive.unref();
		const timeoutSeconds = this.request.timeoutSeconds ?? 1800 * (1 + Math.random());
		this.timeout = setTimeout(() => {
			if (this.request.allowBookmarks) this.write(this.hub.bookmarkLine(this.request));
			this.close();
		}, timeoutSeconds * 1000);
		this.timeout.unref();
		this.response.on('close', () => this.close());
		this.response.on('error', () => this.close());
		this.response.on('drain', () => {
			this.behindSince = 0;
			this.initialBytes = 0;
		});
	}

	/** Delivers a store event, turned into ADDED/DELETED when it crosses this watch's selectors. */
	deliver(event: StoreEvent): void {
		if (!this.filtered) return this.write(this.hub.eventLine(event, event.type, this.request.format));
		const now = event.type !== 'DELETED' && this.matches(event.object);
		const before = event.type !== 'ADDED' && this.matches(event.previous ?? event.object);
		if (event.type === 'DELETED') {
			if (before) this.write(this.hub.eventLine(event, 'DELETED', this.request.format));
		} else if (now && before) this.write(this.hub.eventLine(event, 'MODIFIED', this.request.format));
		else if (now) this.write(this.hub.eventLine(event, 'ADDED', this.request.format));
		else if (before) this.write(this.hub.eventLine(event, 'DELETED', this.request.format));
	}

	write(line: string): void {
		if (this.closed) return;
		this.lastWrite = Date.now();
		if (this.pending) {
			this.pending.push(line);
			return;
		}
		this.response.write(line);
		if (this.initializing) this.initialBytes += line.length;
		else this.checkBacklog();
	}

	/**
	 * A client that stops reading must not make the simulator buffer without bound. As the API server's watch cache
	 * gives each watcher a small buffer and terminates the watcher that cannot take its events, the socket's backlog is
	 * bounded: past the hard limit, or behind for longer than the budget, the watcher is closed and must watch again.
	 */
	private checkBacklog(): void {
		const buffered = Math.max(0, this.response.writableLength - this.initialBytes);
		const limits = this.hub.limits;
		if (buffered > this.hub.stats.maxBufferedBytes) this.hub.stats.maxBufferedBytes = buffered;
		if (buffered <= limits.behindBytes) {
			this.behindSince = 0;
			return;
		}
		const now = Date.now();
		if (this.behindSince === 0) this.behindSince = now;
		if (buffered > limits.bufferLimitBytes || now - this.behindSince > limits.behindBudgetMs) this.dropBehind();
	}

	/** Closes a watcher that fell behind, freeing what it had waiting (ending the response would keep it queued). */
	private dropBehind(): void {
		this.hub.stats.closedBehind++;
		this.close();
		this.response.destroy();
	}

	stall(): void {
		this.pending ??= [];
	}

	resume(): void {
		const lines = this.pending;
		this.pending = undefined;
		if (lines?.length) this.write(lines.join(''));
	}

	/** Sends an ERROR event (e.g. 410 Expired) and closes. */
	fail(status: Status): void {
		this.resume();
		this.write(`${JSON.stringify({type: 'ERROR', object: status})}\n`);
		this.close();
	}

	close(): void {
		if (this.closed) return;
		this.resume();
		this.closed = true;
		clearInterval(this.keepAlive);
		clearTimeout(this.timeout);
		this.hub.remove(this);
		if (!this.response.writableEnded) this.response.end();
	}
}

export class WatchHub {
	/** resource → namespace ('*' for all namespaces and cluster-scoped) → watches */
	private readonly watches = new Map<Resource, Map<string, Set<Watch>>>();
	// Lines of the event being dispatched: every watch gets the same event in turn, so one slot
	// shares the serialisation without keeping lines for the whole history alive.
	private cachedEvent?: StoreEvent;
	private readonly cachedLines = new Map<string, string>();
	private readonly unsubscribe: () => void;
	private readonly keepAliveMs: number;
	readonly limits: Required<Pick<WatchHubOptions, 'bufferLimitBytes' | 'behindBytes' | 'behindBudgetMs'>>;
	readonly stats: WatchStats = {closedBehind: 0, maxBufferedBytes: 0};
	private stalledUntil = 0;
	private stallTimer?: NodeJS.Timeout;

	constructor(
		readonly store: Store,
		options: WatchHubOptions = {},
	) {
		this.keepAliveMs = options.keepAliveMs ?? 5000;
		this.limits = {
			bufferLimitBytes: options.bufferLimitBytes ?? 8 * 1024 * 1024,
			behindBytes: options.behindBytes ?? 1024 * 1024,
			behindBudgetMs: options.behindBudgetMs ?? 10_000,
		};
		this.unsubscribe = store.subscribe(event => this.dispatch(event));
	}

	get openCount(): number {
		let count = 0;
		for (const byNamespace of this.watches.values()) for (const set of byNamespace.values()) count += set.size;
		return count;
	}

	/** Starts streaming: headers, the initial events (synthetic ADDED or replay), then live events. */
	open(request: WatchRequest, response: ServerResponse): void {
		response.writeHead(200, {
			'Content-Type': 'application/json',
			'Cache-Control': 'no-cache, private',
			'Transfer-Encoding': 'chunked',
		});
		response.flushHeaders();
		const watch = new Watch(this, request, response);
		// While stalled, even a new watch's initial events are held back.
		if (Date.now() < this.stalledUntil) watch.stall();
		const requested = request.resourceVersion;
		if (requested !== undefined && requested !== 0) {
			const replay = this.store.eventsSince(requested);
			if (!replay) {
				watch.fail(expiredStatus(requested, this.store.oldestResumableVersion));
				return;
			}
			for (const event of replay) if (this.concerns(watch, event)) watch.deliver(event);
		} else {
			const objects = this.store.list(request.resource, request.namespace);
			const lines: string[] = [];
			for (const object of objects)
				if (watch.matches(object)) lines.push(this.objectLine('ADDED', request.resource, object, request.format));
			if (lines.length) watch.write(lines.join(''));
		}
		watch.initializing = false;
		this.add(watch);
		watch.start(this.keepAliveMs);
	}

	private concerns(watch: Watch, event: StoreEvent): boolean {
		if (event.resource !== watch.request.resource) return false;
		return watch.request.namespace === undefined || event.object.metadata.namespace === watch.request.namespace;
	}

	private add(watch: Watch): void {
		let byNamespace = this.watches.get(watch.request.resource);
		if (!byNamespace) this.watches.set(watch.request.resource, (byNamespace = new Map()));
		const key = watch.request.namespace ?? '*';
		let set = byNamespace.get(key);
		if (!set) byNamespace.set(key, (set = new Set()));
		set.add(watch);
	}

	remove(watch: Watch): void {
		const byNamespace = this.watches.get(watch.request.resource);
		const key = watch.request.namespace ?? '*';
		const set = byNamespace?.get(key);
		set?.delete(watch);
		if (set && set.size === 0) byNamespace!.delete(key);
	}

	private dispatch(event: StoreEvent): void {
		const byNamespace = this.watches.get(event.resource);
		if (!byNamespace) return;
		const all = byNamespace.get('*');
		if (all) for (const watch of all) this.deliverSafely(watch, event);
		const namespace = event.object.metadata.namespace;
		if (namespace !== undefined) {
			const inNamespace = byNamespace.get(namespace);
			if (inNamespace) for (const watch of inNamespace) this.deliverSafely(watch, event);
		}
	}

	/** Runs inside the store's write: a failing stream must never reach the writer (a controller or a request). */
	private deliverSafely(watch: Watch, event: StoreEvent): void {
		try {
			watch.deliver(event);
		} catch {
			watch.close();
		}
	}

	/** The serialised line of an event, computed once per (type, format) and shared. */
	eventLine(event: StoreEvent, type: WatchEventType, format: WatchFormat): string {
		if (event !== this.cachedEvent) {
			this.cachedEvent = event;
			this.cachedLines.clear();
		}
		const key = `${type}/${format}`;
		let line = this.cachedLines.get(key);
		if (line === undefined) {
			line = this.objectLine(type, event.resource, event.object, format, event.json);
			this.cachedLines.set(key, line);
		}
		return line;
	}

	objectLine(
		type: WatchEventType,
		resource: Resource,
		object: StoredObject,
		format: WatchFormat,
		json?: string,
	): string {
		if (format === 'json') return `{"type":"${type}","object":${json ?? JSON.stringify(object)}}\n`;
		const payload = toTable(resource, [object], object.metadata.resourceVersion);
		return `{"type":"${type}","object":${JSON.stringify(payload)}}\n`;
	}

	bookmarkLine(request: WatchRequest): string {
		const info = RESOURCE_INFO[request.resource];
		const resourceVersion = String(this.store.resourceVersion);
		const object =
			request.format === 'table'
				? {
						kind: 'Table',
						apiVersion: 'meta.k8s.io/v1',
						metadata: {resourceVersion},
						columnDefinitions: null,
						rows: null,
					}
				: {kind: info.kind, apiVersion: apiVersionOf(info), metadata: {resourceVersion, creationTimestamp: null}};
		return `${JSON.stringify({type: 'BOOKMARK', object})}\n`;
	}

	private each(action: (watch: Watch) => void): void {
		for (const byNamespace of this.watches.values())
			for (const set of byNamespace.values()) for (const watch of [...set]) action(watch);
	}

	/** Ends every open watch cleanly. */
	closeAll(): void {
		this.each(watch => watch.close());
	}

	/** Sends 410 Expired to every open watch and closes it. */
	expireAll(): void {
		this.each(watch => watch.fail(expiredStatus(this.store.resourceVersion, this.store.resourceVersion)));
	}

	/** Stops writing to open (and newly opened) watches for `ms`, keeping them open; buffered events follow. */
	stall(ms: number): void {
		this.stalledUntil = Date.now() + ms;
		this.each(watch => watch.stall());
		clearTimeout(this.stallTimer);
		this.stallTimer = setTimeout(() => this.unstall(), ms);
		this.stallTimer.unref();
	}

	unstall(): void {
		this.stalledUntil = 0;
		clearTimeout(this.stallTimer);
		this.each(watch => watch.resume());
	}

	stop(): void {
		this.unsubscribe();
		this.unstall();
		this.closeAll();
	}
}
