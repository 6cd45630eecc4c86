// The order of the list: the snapshot's (namespace, then name) unless a sort key was pressed. Each sort breaks ties
// by namespace and name, so rows never swap places between frames.
import type {DeploymentSummary, Phase} from '../model/types.js';
import type {SortKey} from './state.js';

// Worst first: what needs a look comes to the top.
const PHASE_ORDER: Record<Phase, number> = {Failing: 0, Stalled: 1, Progressing: 2, Scaling: 3, Paused: 4, Complete: 5};

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byPlace = (a: DeploymentSummary, b: DeploymentSummary) =>
	byText(a.namespace, b.namespace) || byText(a.name, b.name);
const createdMs = (d: DeploymentSummary) => d.createdAt?.getTime() ?? 0;

const COMPARE: Record<SortKey, (a: DeploymentSummary, b: DeploymentSummary) => number> = {
	name: (a, b) => byText(a.name, b.name) || byPlace(a, b),
	// Youngest first, as the AGE column reads from the top.
	age: (a, b) => createdMs(b) - createdMs(a) || byPlace(a, b),
	phase: (a, b) => (PHASE_ORDER[a.phase] ?? 9) - (PHASE_ORDER[b.phase] ?? 9) || byPlace(a, b),
	namespace: byPlace,
};

export const SORT_LABELS: Record<SortKey, string> = {name: 'name', age: 'age', phase: 'phase', namespace: 'namespace'};

export function sortDeployments(
	deployments: DeploymentSummary[],
	sort: {by: SortKey; descending: boolean} | undefined,
): DeploymentSummary[] {
	if (!sort) return deployments;
	const compare = COMPARE[sort.by];
	return [...deployments].sort(sort.descending ? (a, b) => compare(b, a) : compare);
}
