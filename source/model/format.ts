// Text forms shared by the headless commands: kubectl's AGE column and label selectors as query strings.
import type {LabelSelectorJson} from './objects.js';
import {visible} from './visible.js';

export {humanDuration} from '../k8s/duration.js';

/** A LabelSelector as the labelSelector query parameter (metav1.LabelSelectorAsSelector's string form). */
export function selectorToString(selector: LabelSelectorJson | undefined): string {
	// Requirements in key order whichever list they come from, as the selector's Add sorts them.
	const parts: Array<[key: string, text: string]> = [];
	for (const key of Object.keys(selector?.matchLabels ?? {}))
		parts.push([key, `${key}=${selector!.matchLabels![key]}`]);
	for (const expression of selector?.matchExpressions ?? []) {
		const values = [...(expression.values ?? [])].sort().join(',');
		switch (expression.operator) {
			case 'In':
				parts.push([expression.key, `${expression.key} in (${values})`]);
				break;
			case 'NotIn':
				parts.push([expression.key, `${expression.key} notin (${values})`]);
				break;
			case 'Exists':
				parts.push([expression.key, expression.key]);
				break;
			case 'DoesNotExist':
				parts.push([expression.key, `!${expression.key}`]);
				break;
		}
	}
	return parts
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([, text]) => text)
		.join(',');
}

/**
 * Columns separated by at least two spaces, as kubectl's tabwriter (padding 2) prints them. Cells hold cluster text
 * (names, images, change-causes): each is made visible before the columns are measured.
 */
export function formatTable(header: string[], cells: string[][]): string {
	const rows = cells.map(row => row.map(visible));
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => (row[column] ?? '').length)));
	const line = (cells: string[]) =>
		cells
			.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]! + 2)))
			.join('')
			.trimEnd();
	return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
