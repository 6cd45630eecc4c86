// Fault injection for tests: end, expire or stall watch streams, and fail chosen requests.
import type {WatchHub} from './watch.js';

interface PendingFailure {
	remaining: number;
	code: number;
	match?: RegExp;
}

export class FaultInjector {
	/** Requests the server has received (authenticated or not). */
	requestCount = 0;
	private failures: PendingFailure[] = [];

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

	reset(): void {
		this.failures = [];
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
