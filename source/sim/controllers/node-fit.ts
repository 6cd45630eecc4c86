// Whether a pod fits a node, as the scheduler's filter plugins decide it (NodeUnschedulable, NodeName,
// TaintToleration, NodeAffinity, in that order) and with their reasons, shared by the scheduler and the DaemonSet
// controller.
import type {StoredObject} from '../store.js';

type Json = Record<string, any>;

export interface Taint {
	key: string;
	value?: string;
	effect: string;
}

export interface Toleration {
	key?: string;
	operator?: string;
	value?: string;
	effect?: string;
}

export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

/** Toleration.ToleratesTaint: the effect (empty tolerates all), the key (empty with Exists tolerates all), the value. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
	if (toleration.effect && toleration.effect !== taint.effect) return false;
	if (toleration.key && toleration.key !== taint.key) return false;
	if (toleration.operator === 'Exists') return true;
	if (!toleration.operator || toleration.operator === 'Equal') return (toleration.value ?? '') === (taint.value ?? '');
	return false;
}

/** The first taint with one of the effects that no toleration tolerates. */
export function untoleratedTaint(
	taints: readonly Taint[],
	tolerations: readonly Toleration[],
	effects: readonly string[],
): Taint | undefined {
	return taints.find(
		taint => effects.includes(taint.effect) && !tolerations.some(toleration => tolerates(toleration, taint)),
	);
}

function requirementMatches(requirement: Json, value: string | undefined): boolean {
	const values: string[] = requirement.values ?? [];
	switch (requirement.operator) {
		case 'In':
			return value !== undefined && values.includes(value);
		case 'NotIn':
			return value === undefined || !values.includes(value);
		case 'Exists':
			return value !== undefined;
		case 'DoesNotExist':
			return value === undefined;
		case 'Gt':
		case 'Lt': {
			if (value === undefined || values.length !== 1) return false;
			const actual = Number.parseInt(value, 10);
			const bound = Number.parseInt(values[0]!, 10);
			if (Number.isNaN(actual) || Number.isNaN(bound)) return false;
			return requirement.operator === 'Gt' ? actual > bound : actual < bound;
		}
		default:
			return false;
	}
}

/** A NodeSelectorTerm: all its expressions (labels) and fields (metadata.name) match; an empty term matches nothing. */
function termMatches(term: Json, node: StoredObject): boolean {
	const expressions: Json[] = term?.matchExpressions ?? [];
	const fields: Json[] = term?.matchFields ?? [];
	if (expressions.length === 0 && fields.length === 0) return false;
	const labels = node.metadata.labels ?? {};
	for (const expression of expressions) {
		if (!requirementMatches(expression, Object.hasOwn(labels, expression.key) ? labels[expression.key] : undefined))
			return false;
	}
	for (const field of fields) {
		if (field.key !== 'metadata.name') return false;
		if (!requirementMatches(field, node.metadata.name)) return false;
	}
	return true;
}

/** NodeAffinity's filter: the pod's nodeSelector and its required node affinity terms (any term). */
export function matchesNodeSelectorAndAffinity(pod: StoredObject, node: StoredObject): boolean {
	const labels = node.metadata.labels ?? {};
	for (const [key, value] of Object.entries((pod.spec?.nodeSelector ?? {}) as Record<string, string>))
		if (labels[key] !== value) return false;
	const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
	if (!required) return true;
	const terms: Json[] = required.nodeSelectorTerms ?? [];
	return terms.some(term => termMatches(term, node));
}

export const nodeTaints = (node: StoredObject): Taint[] => node.spec?.taints ?? [];
export const podTolerations = (pod: StoredObject): Toleration[] => pod.spec?.tolerations ?? [];

/** Why a pod does not fit a node (the filter plugins' reasons), or undefined when it fits. */
export function unfitReason(pod: StoredObject, node: StoredObject): string | undefined {
	const tolerations = podTolerations(pod);
	if (
		node.spec?.unschedulable &&
		!tolerations.some(toleration => tolerates(toleration, {key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule'}))
	)
		return 'node(s) were unschedulable';
	if (pod.spec?.nodeName && pod.spec.nodeName !== node.metadata.name)
		return "node(s) didn't match the requested node name";
	const taint = untoleratedTaint(nodeTaints(node), tolerations, ['NoSchedule', 'NoExecute']);
	if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
	if (!matchesNodeSelectorAndAffinity(pod, node)) return "node(s) didn't match Pod's node affinity/selector";
	return undefined;
}

/** FitError.Error(): `0/N nodes are available: <histogram>.` and the preemption post-filter's message. */
export function fitErrorMessage(reasons: readonly string[]): string {
	const total = reasons.length;
	if (total === 0) return 'no nodes available to schedule pods';
	const histogram = new Map<string, number>();
	for (const reason of reasons) histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
	const parts = [...histogram].map(([reason, count]) => `${count} ${reason}`).sort();
	return (
		`0/${total} nodes are available: ${parts.join(', ')}. ` +
		`preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`
	);
}
