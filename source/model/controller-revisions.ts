// A StatefulSet's or DaemonSet's revision history from its ControllerRevisions, as `kubectl rollout history` reads
// it, and what `kubectl rollout undo` and `rollout restart` send for these kinds (kubectl's StatefulSetRollbacker,
// DaemonSetRollbacker and ObjectRestarter): pure planning, no I/O.
import {ANNOTATIONS} from '../k8s/annotations.js';
import {semanticEqual} from '../k8s/template.js';
import {CONTENT_TYPE, formatRfc3339Local, type ActionPlan} from './actions.js';
import {deriveCause} from './diff.js';
import {resourceName, type WorkloadKind} from './kinds.js';
import {isControlledBy, parseTime, type PodTemplateJson} from './objects.js';
import {imagesOf} from './revisions.js';
import type {RevisionEntry} from './types.js';
import {
	CONTROLLER_REVISION_HASH_LABEL,
	type ControllerRevisionJson,
	type DaemonSetJson,
	type StatefulSetJson,
} from './workload-objects.js';

export type RevisionedWorkload = StatefulSetJson | DaemonSetJson;
export type RevisionedKind = Exclude<WorkloadKind, 'Deployment'>;

/** The revisions the workload controls (kubectl lists them by selector, then keeps the controlled ones). */
export function ownedRevisions(
	workload: RevisionedWorkload,
	revisions: readonly ControllerRevisionJson[],
): ControllerRevisionJson[] {
	return revisions.filter(revision => isControlledBy(revision, workload));
}

/** The pod template a revision restores (its data without the `$patch: replace` directive). */
export function revisionTemplate(revision: ControllerRevisionJson): PodTemplateJson | undefined {
	const template = revision.data?.spec?.template;
	if (!template) return undefined;
	const {$patch: _directive, ...rest} = template;
	return rest;
}

/** Whether the workload's template is the revision's (kubectl compares the patch bytes; the same test on values). */
export const templateMatches = (workload: RevisionedWorkload, revision: ControllerRevisionJson) =>
	semanticEqual(workload.spec.template ?? {}, revisionTemplate(revision) ?? {});

const byRevision = (a: ControllerRevisionJson, b: ControllerRevisionJson) =>
	a.revision - b.revision ||
	(parseTime(a.metadata.creationTimestamp)?.getTime() ?? 0) - (parseTime(b.metadata.creationTimestamp)?.getTime() ?? 0);

/**
 * The revision numbers a ControllerRevision carried before its current one. The controllers re-use an equal revision
 * on rollback by raising its number, and the object keeps no record of that: the numbers are those the watch saw
 * (`seen`, by uid); failing that, a revision created before one with a lower number was evidently re-used, and its
 * label says so without a number.
 */
function restoredNumbers(revision: ControllerRevisionJson, seen: ReadonlyMap<string, readonly number[]>): number[] {
	const numbers = seen.get(revision.metadata.uid ?? '') ?? [];
	return numbers.filter(number => number < revision.revision);
}

function reusedBefore(revision: ControllerRevisionJson, sorted: readonly ControllerRevisionJson[]): number | undefined {
	const created = parseTime(revision.metadata.creationTimestamp)?.getTime() ?? 0;
	const younger = sorted.filter(
		other =>
			other.revision < revision.revision && (parseTime(other.metadata.creationTimestamp)?.getTime() ?? 0) > created,
	);
	return younger.length > 0 ? Math.min(...younger.map(other => other.revision)) : undefined;
}

/** The workload's ControllerRevisions as history entries, by revision ascending (kubectl's order). */
export function controllerRevisionHistory(
	kind: RevisionedKind,
	workload: RevisionedWorkload,
	revisions: readonly ControllerRevisionJson[],
	seen: ReadonlyMap<string, readonly number[]> = new Map(),
): RevisionEntry[] {
	const sorted = ownedRevisions(workload, revisions).sort(byRevision);
	const updateRevision = kind === 'StatefulSet' ? (workload as StatefulSetJson).status?.updateRevision : undefined;
	const current = sorted.find(revision =>
		updateRevision ? revision.metadata.name === updateRevision : templateMatches(workload, revision),
	);
	return sorted.map((revision, index): RevisionEntry => {
		const template = revisionTemplate(revision);
		const previous = index > 0 ? revisionTemplate(sorted[index - 1]!) : undefined;
		const restored = restoredNumbers(revision, seen);
		const entry: RevisionEntry = {
			kind,
			revision: revision.revision,
			replicaSetName: revision.metadata.name,
			podTemplateHash: revision.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '',
			images: imagesOf(template),
			createdAt: parseTime(revision.metadata.creationTimestamp) ?? new Date(0),
			desired: 0,
			current: 0,
			ready: 0,
			available: 0,
			isCurrent: revision === current,
			restoredFrom: restored,
		};
		const changeCause = revision.metadata.annotations?.[ANNOTATIONS.changeCause];
		if (changeCause !== undefined) entry.changeCause = changeCause;
		const diff = deriveCause(previous, template);
		const reused = restored.length === 0 ? reusedBefore(revision, sorted) : undefined;
		const label =
			restored.length > 0
				? `restores revision ${restored[restored.length - 1]}`
				: reused !== undefined
					? `restored (recorded before revision ${reused})`
					: undefined;
		const derived = label
			? diff
				? `${label}: ${diff}`
				: label
			: index === 0 && revision.revision === 1
				? 'created'
				: diff;
		if (derived !== undefined) entry.derivedCause = derived;
		return entry;
	});
}

/** kubectl's findHistory: 0 is the previous revision (the second highest). */
export function revisionFor(
	workload: RevisionedWorkload,
	revisions: readonly ControllerRevisionJson[],
	toRevision: number,
): {revision: ControllerRevisionJson} | {error: string} {
	const notFound = {error: `unable to find specified revision ${toRevision} in history`};
	if (toRevision < 0) return notFound;
	const owned = ownedRevisions(workload, revisions).sort(byRevision);
	if (toRevision === 0 && owned.length <= 1) return {error: 'no last revision to roll back to'};
	const found = toRevision === 0 ? owned[owned.length - 2] : owned.find(revision => revision.revision === toRevision);
	return found ? {revision: found} : notFound;
}

/**
 * kubectl rollout undo for a StatefulSet or DaemonSet: a strategic merge patch of the revision's data, made
 * conditional by carrying the resourceVersion that was read (the server answers 409 if the object moved since).
 */
export function planRevisionUndo(
	kind: RevisionedKind,
	workload: RevisionedWorkload,
	revisions: readonly ControllerRevisionJson[],
	toRevision: number,
): ActionPlan {
	const found = revisionFor(workload, revisions, toRevision);
	if ('error' in found) return {kind: 'done', ok: false, message: found.error};
	const name = resourceName(kind, workload.metadata.name);
	if (templateMatches(workload, found.revision)) {
		return {
			kind: 'done',
			ok: true,
			message: `${name} skipped rollback (current template already matches revision ${toRevision})`,
		};
	}
	return {
		kind: 'patch',
		contentType: CONTENT_TYPE.strategicMergePatch,
		body: {
			...(found.revision.data ?? {}),
			metadata: {resourceVersion: workload.metadata.resourceVersion ?? ''},
		},
		query: {},
		success: `${name} rolled back`,
	};
}

/** kubectl rollout restart for a StatefulSet or DaemonSet (no pause to refuse): the template's restartedAt. */
export function planTemplateRestart(kind: RevisionedKind, workload: RevisionedWorkload, now: Date): ActionPlan {
	const restartedAt = formatRfc3339Local(now);
	if (workload.spec.template?.metadata?.annotations?.[ANNOTATIONS.restartedAt] === restartedAt) {
		return {
			kind: 'done',
			ok: false,
			message: `failed to create patch for ${workload.metadata.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
		};
	}
	return {
		kind: 'patch',
		contentType: CONTENT_TYPE.strategicMergePatch,
		body: {spec: {template: {metadata: {annotations: {[ANNOTATIONS.restartedAt]: restartedAt}}}}},
		query: {fieldManager: 'kubectl-rollout'},
		success: `${resourceName(kind, workload.metadata.name)} restarted`,
	};
}
