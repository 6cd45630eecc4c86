// Small statistics for the bench: percentiles (nearest rank), medians, and the backlog check.

/** Nearest-rank percentile (p in 0..100) of the values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** Medians of the first and the last tenth of the values (in their order): a growing backlog makes the last larger. */
export function deciles(values: readonly number[]): {first: number; last: number} {
	if (values.length === 0) return {first: Number.NaN, last: Number.NaN};
	const size = Math.max(1, Math.floor(values.length / 10));
	return {first: median(values.slice(0, size)), last: median(values.slice(-size))};
}

export const round = (value: number, digits = 1) => {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
};
