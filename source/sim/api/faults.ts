// Fault injection for tests: end, expire or stall watch streams, and fail chosen requests.
import type {WatchHub} from './watch.js';

interface PendingFailure {
	remaining: number;
	code: number;
	match?: RegExp;
}

export interface RecordedRequest {
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

export class FaultInjector {
	/** Requests the server has received (authenticated or not). */
	requestCount = 0;
	private failures: PendingFailure[] = [];
	private recorders: {match?: RegExp; requests: RecordedRequest[]}[] = [];

	constructor(private readonly hub: WatchHub) {}

	/** Ends every open watch stream cleanly (as a server timeout does). */
	closeWatches(): void {
		this.hub.closeAll();
	}

	/** Sends every open watch an ERROR event with 410 Expired, then closes it. */
	expireWatches(): void {
		this.hub.expireAll();
	}

	/**
	 * Answers the next `count` requests whose `METHOD /path?query` matches `match` (all when
	 * omitted) with a Status error of `code`.
	 */
	failNextRequests(count: number, code = 500, match?: RegExp): void {
		if (count > 0) this.failures.push({remaining: count, code, match});
	}

	/** Stops writing to open watch streams for `ms`, keeping them open; buffered events follow. */
	stallWatches(ms: number): void {
		this.hub.stall(ms);
	}

	/**
	 * Records every later request whose `METHOD /path?query` matches (all when omitted), body
	 * included, into the returned array (tests capture what kubectl sends). reset() stops it.
	 */
	recordRequests(match?: RegExp): RecordedRequest[] {
		const requests: RecordedRequest[] = [];
		this.recorders.push({match, requests});
		return requests;
	}

	/** Called by the server for each request. */
	observe(request: RecordedRequest): void {
		for (const recorder of this.recorders) {
			if (recorder.match) recorder.match.lastIndex = 0;
			if (!recorder.match || recorder.match.test(`${request.method} ${request.url}`)) recorder.requests.push(request);
		}
	}

	reset(): void {
		this.failures = [];
		this.recorders = [];
		this.hub.unstall();
	}

	/** The code to fail this request with, consuming one pending failure, or undefined. */
	takeFailure(method: string, url: string): number | undefined {
		const line = `${method} ${url}`;
		for (const failure of this.failures) {
			if (failure.match) failure.match.lastIndex = 0;
			if (failure.match && !failure.match.test(line)) continue;
			failure.remaining--;
			if (failure.remaining <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
			return failure.code;
		}
		return undefined;
	}
}
