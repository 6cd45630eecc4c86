// Durations as kubectl reads them (Go's time.ParseDuration: 90s, 1h30m, 1.5m, 250ms, 0), and a plain number meaning
// seconds (as kubectl's --request-timeout). Negative durations are usage errors.
import {UsageError} from './usage-error.js';

const UNIT_MS: Record<string, number> = {
	ns: 1e-6,
	us: 1e-3,
	µs: 1e-3,
	μs: 1e-3,
	ms: 1,
	s: 1000,
	m: 60_000,
	h: 3_600_000,
};
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

/** Milliseconds; 0 for "0". */
export function parseDuration(text: string, flag = 'duration'): number {
	const invalid = () => new UsageError(`invalid value "${text}" for ${flag}: use a duration such as 90s, 5m or 1h30m`);
	const trimmed = text.trim();
	if (trimmed.startsWith('-'))
		throw new UsageError(`invalid value "${text}" for ${flag}: a duration cannot be negative`);
	const unsigned = trimmed.replace(/^\+/, '');
	if (/^(\d+(\.\d*)?|\.\d+)$/.test(unsigned)) return Number(unsigned) * 1000;
	const parts = [...unsigned.matchAll(PART)];
	if (parts.length === 0 || parts.map(part => part[0]).join('') !== unsigned) throw invalid();
	const ms = parts.reduce((sum, [, value, unit]) => sum + Number(value) * UNIT_MS[unit!]!, 0);
	if (!Number.isFinite(ms)) throw invalid();
	return ms;
}

/** The longest delay a Node timer takes (about 24.8 days); longer ones would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A delay a timer can wait: capped at MAX_TIMER_MS. */
export function timerMs(ms: number): number {
	return Math.min(ms, MAX_TIMER_MS);
}
