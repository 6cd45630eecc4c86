// Query parameters of list and watch requests checked as the API server checks them: integers as
// Go's strconv reads them, resourceVersion as the storage versioner parses it, and a resourceVersion
// from the future waited for (3 s, the watch cache's block timeout) before the cacher's 504.
import type {Store} from '../store.js';
import {badRequest, type Status} from './status.js';

/** How long the watch cache waits for a resourceVersion it has not reached. */
export const FRESHNESS_TIMEOUT_MS = 3000;
/** What the cacher tells the client to wait before trying again. */
const TOO_LARGE_RETRY_SECONDS = 1;

const UINT64_MAX = 18446744073709551615n;
const INT64_MAX = 9223372036854775807n;

/** A resourceVersion as APIObjectVersioner.ParseResourceVersion reads it: '' and '0' are 0. */
export function parseResourceVersion(text: string | null): number {
	if (text === null || text === '' || text === '0') return 0;
	let reason = 'invalid syntax';
	if (/^\d+$/.test(text)) {
		if (BigInt(text) <= UINT64_MAX) return Number(text);
		reason = 'value out of range';
	}
	throw badRequest(`resourceVersion: Invalid value: "${text}": strconv.ParseUint: parsing "${text}": ${reason}`);
}

function checkInteger(text: string | null): void {
	if (text === null || text === '') return;
	let reason = 'invalid syntax';
	if (/^[+-]?\d+$/.test(text)) {
		const value = BigInt(text);
		if (value <= INT64_MAX && value >= -INT64_MAX - 1n) return;
		reason = 'value out of range';
	}
	throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(text)}: ${reason}`);
}

/** Throws the API server's 400 for list options it cannot decode; returns the requested resourceVersion. */
export function checkListOptions(query: URLSearchParams): number {
	checkInteger(query.get('limit'));
	checkInteger(query.get('timeoutSeconds'));
	return parseResourceVersion(query.get('resourceVersion'));
}

/** The cacher's answer to a resourceVersion it did not reach in time (storage.NewTooLargeResourceVersionError). */
export function tooLargeResourceVersion(requested: number, current: number): Status {
	return {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Failure',
		message: `Timeout: Too large resource version: ${requested}, current: ${current}`,
		reason: 'Timeout',
		details: {
			causes: [{reason: 'ResourceVersionTooLarge', message: 'Too large resource version'}],
			retryAfterSeconds: TOO_LARGE_RETRY_SECONDS,
		},
		code: 504,
	};
}

/** Resolves true once the store has reached `resourceVersion`, false after `timeoutMs`. */
export function whenFresh(store: Store, resourceVersion: number, timeoutMs = FRESHNESS_TIMEOUT_MS): Promise<boolean> {
	if (store.resourceVersion >= resourceVersion) return Promise.resolve(true);
	return new Promise(resolve => {
		const finish = (fresh: boolean) => {
			unsubscribe();
			clearTimeout(timer);
			resolve(fresh);
		};
		const unsubscribe = store.subscribe(() => {
			if (store.resourceVersion >= resourceVersion) finish(true);
		});
		const timer = setTimeout(() => finish(false), timeoutMs);
		timer.unref();
	});
}
