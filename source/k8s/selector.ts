// metav1.LabelSelector matching (LabelSelectorAsSelector semantics).

export interface LabelSelectorLike {
	matchLabels?: Record<string, string>;
	matchExpressions?: {key: string; operator: string; values?: string[]}[];
}

/** Whether the labels satisfy every matchLabels entry and matchExpressions requirement. An empty selector matches everything. */
export function selectorMatches(
	selector: LabelSelectorLike | undefined,
	labels: Record<string, string> | undefined,
): boolean {
	const have = labels ?? {};
	for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) if (have[key] !== value) return false;
	for (const requirement of selector?.matchExpressions ?? []) {
		const present = Object.hasOwn(have, requirement.key);
		const values = requirement.values ?? [];
		switch (requirement.operator) {
			case 'In':
				if (!present || !values.includes(have[requirement.key]!)) return false;
				break;
			case 'NotIn':
				if (present && values.includes(have[requirement.key]!)) return false;
				break;
			case 'Exists':
				if (!present) return false;
				break;
			case 'DoesNotExist':
				if (present) return false;
				break;
			default:
				return false;
		}
	}
	return true;
}

/** A selector that selects nothing is nil; one with no requirements selects everything. */
export function isEmptySelector(selector: LabelSelectorLike | undefined): boolean {
	return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}
