// How each workload kind's revision history is read (kubectl's HistoryViewer: one answer per kind). A Deployment's
// revisions are the ReplicaSets it owns; a StatefulSet's and a DaemonSet's are their ControllerRevisions.
import {controllerRevisionHistory, ownedRevisions, type RevisionedWorkload} from './controller-revisions.js';
import type {WorkloadKind} from './kinds.js';
import type {ControllerRevisionJson} from './workload-objects.js';
import {ownedReplicaSets, type DeploymentJson, type ReplicaSetJson} from './objects.js';
import {revisionHistory} from './revisions.js';
import type {RevisionEntry} from './types.js';

export interface FocusHistory {
	/** Names of the objects that hold the revisions (their events belong to the focus too). */
	owners: string[];
	history: RevisionEntry[];
}

/** seen: the revision numbers each ControllerRevision (by uid) had while watched, to tell what a rollback restored. */
export type Historian = (
	workload: any,
	revisionObjects: readonly any[],
	seen: ReadonlyMap<string, readonly number[]>,
) => FocusHistory;

function deploymentHistory(deployment: DeploymentJson, replicaSets: readonly ReplicaSetJson[]): FocusHistory {
	const owned = ownedReplicaSets(deployment, replicaSets);
	return {owners: owned.map(rs => rs.metadata.name), history: revisionHistory(deployment, owned)};
}

const revisionsHistorian =
	(kind: 'StatefulSet' | 'DaemonSet'): Historian =>
	(workload: RevisionedWorkload, revisions: readonly ControllerRevisionJson[], seen) => ({
		owners: ownedRevisions(workload, revisions).map(revision => revision.metadata.name),
		history: controllerRevisionHistory(kind, workload, revisions, seen),
	});

/** undefined: the kind's history is not read yet (its focus shows none). */
export const HISTORIANS: Readonly<Record<WorkloadKind, Historian | undefined>> = {
	Deployment: deploymentHistory,
	StatefulSet: revisionsHistorian('StatefulSet'),
	DaemonSet: revisionsHistorian('DaemonSet'),
};
