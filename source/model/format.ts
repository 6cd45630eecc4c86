// Text forms shared by the headless commands: kubectl's AGE column and label selectors as query strings.
import type {LabelSelectorJson} from './objects.js';

/** kubectl's HumanDuration (k8s.io/apimachinery/pkg/util/duration), as printed in the AGE column. */
export function humanDuration(ms: number): string {
	const seconds = Math.floor(ms / 1000);
	if (seconds < -1) return '<invalid>';
	if (seconds < 0) return '0s';
	if (seconds < 60 * 2) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 10) {
		const s = seconds % 60;
		return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
	}
	if (minutes < 60 * 3) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 8) {
		const m = minutes % 60;
		return m === 0 ? `${hours}h` : `${hours}h${m}m`;
	}
	if (hours < 48) return `${hours}h`;
	if (hours < 24 * 8) {
		const h = hours % 24;
		return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
	}
	if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
	if (hours < 24 * 365 * 8) {
		const days = Math.floor(hours / 24) % 365;
		return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
	}
	return `${Math.floor(hours / 24 / 365)}y`;
}

/** A LabelSelector as the labelSelector query parameter (metav1.LabelSelectorAsSelector's string form). */
export function selectorToString(selector: LabelSelectorJson | undefined): string {
	const parts: string[] = [];
	for (const key of Object.keys(selector?.matchLabels ?? {}).sort()) parts.push(`${key}=${selector!.matchLabels![key]}`);
	for (const expression of selector?.matchExpressions ?? []) {
		const values = [...(expression.values ?? [])].sort().join(',');
		switch (expression.operator) {
			case 'In':
				parts.push(`${expression.key} in (${values})`);
				break;
			case 'NotIn':
				parts.push(`${expression.key} notin (${values})`);
				break;
			case 'Exists':
				parts.push(expression.key);
				break;
			case 'DoesNotExist':
				parts.push(`!${expression.key}`);
				break;
		}
	}
	return parts.join(',');
}

/** Columns separated by at least two spaces, as kubectl's tabwriter (padding 2) prints them. */
export function formatTable(header: string[], rows: string[][]): string {
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => (row[column] ?? '').length)));
	const line = (cells: string[]) =>
		cells
			.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]! + 2)))
			.join('')
			.trimEnd();
	return [line(header), ...rows.map(line)].join('\n') + '\n';
}
