// Pure layout arithmetic: which slice of a long list is visible, and how the deployment view shares its rows.

/** Smallest terminal the dashboard draws in; below it a message says so. */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;

/** Sizes to assume when the output stream does not say (pipes, ink-testing-library). */
export const DEFAULT_COLUMNS = 100;
export const DEFAULT_ROWS = 24;

export interface ListWindow {
	start: number;
	/** Exclusive. */
	end: number;
}

/**
 * The slice of `total` rows to show in `height` rows so that `selected` is visible, keeping the
 * previous window when the selection is still inside it (so the list does not jump while moving).
 */
export function windowAround(total: number, selected: number, height: number, previousStart = 0): ListWindow {
	if (height <= 0 || total <= 0) return {start: 0, end: 0};
	if (total <= height) return {start: 0, end: total};
	let start = Math.min(Math.max(0, previousStart), total - height);
	if (selected < start) start = selected;
	else if (selected >= start + height) start = selected - height + 1;
	start = Math.max(0, Math.min(start, total - height));
	return {start, end: start + height};
}

export interface SectionRows {
	history: number;
	pods: number;
	events: number;
}

/**
 * Shares `available` body rows among the deployment view's three lists, giving each what it needs when
 * possible and otherwise at least one row, history first (it holds the selection), then pods, then events.
 */
export function shareRows(available: number, wanted: SectionRows): SectionRows {
	const order: (keyof SectionRows)[] = ['history', 'pods', 'events'];
	const result: SectionRows = {history: 0, pods: 0, events: 0};
	let left = Math.max(0, available);
	// Everyone gets one row first (a "none" or "loading" line needs it too).
	for (const key of order) {
		if (left > 0) {
			result[key] = 1;
			left -= 1;
		}
	}
	// Then fair shares in rounds, so one long list cannot starve the others.
	let progressed = true;
	while (left > 0 && progressed) {
		progressed = false;
		for (const key of order) {
			if (left > 0 && result[key] < Math.max(1, wanted[key])) {
				result[key] += 1;
				left -= 1;
				progressed = true;
			}
		}
	}
	return result;
}

/**
 * Column widths for a table `width` cells wide: every column gets its content width, and the flexible
 * column takes what is left (never below `minFlex`); when even that does not fit, the row is cut at the edge.
 */
export function columnWidths(
	contentWidths: number[],
	flexIndex: number,
	width: number,
	gap = 2,
	minFlex = 12,
): number[] {
	const gaps = gap * Math.max(0, contentWidths.length - 1);
	const fixed = contentWidths.reduce((sum, w, index) => (index === flexIndex ? sum : sum + w), 0);
	const result = [...contentWidths];
	if (flexIndex >= 0 && flexIndex < result.length) {
		const room = width - gaps - fixed;
		result[flexIndex] = Math.max(
			Math.min(minFlex, contentWidths[flexIndex]!),
			Math.min(contentWidths[flexIndex]!, room),
		);
	}
	return result;
}

/**
 * Indexes of the columns to show in `width` cells: drop the columns with the highest dropRank first
 * until the fixed columns plus the flexible one (at `minFlex`) fit.
 */
export function keptColumns(
	columns: ReadonlyArray<{flex?: boolean; dropRank?: number}>,
	contentWidths: number[],
	width: number,
	gap = 2,
	minFlex = 12,
): number[] {
	const kept = columns.map((_, index) => index);
	const needed = (indexes: number[]) =>
		indexes.reduce(
			(sum, index) => sum + (columns[index]!.flex ? Math.min(minFlex, contentWidths[index]!) : contentWidths[index]!),
			0,
		) +
		gap * Math.max(0, indexes.length - 1);
	const droppable = kept
		.filter(index => columns[index]!.dropRank !== undefined)
		.sort((a, b) => columns[b]!.dropRank! - columns[a]!.dropRank!);
	let current = kept;
	for (const index of droppable) {
		if (needed(current) <= width) break;
		current = current.filter(other => other !== index);
	}
	return current;
}
