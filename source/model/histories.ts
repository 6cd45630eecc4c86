// How each workload kind's revision history is read (kubectl's HistoryViewer: one answer per kind). A Deployment's
// revisions are the ReplicaSets it owns; a StatefulSet's and a DaemonSet's will be their ControllerRevisions.
import type {WorkloadKind} from './kinds.js';
import {ownedReplicaSets, type DeploymentJson, type ReplicaSetJson} from './objects.js';
import {revisionHistory} from './revisions.js';
import type {RevisionEntry} from './types.js';

export interface FocusHistory {
	/** Names of the objects that hold the revisions (their events belong to the focus too). */
	owners: string[];
	history: RevisionEntry[];
}

export type Historian = (workload: DeploymentJson, revisionObjects: readonly ReplicaSetJson[]) => FocusHistory;

function deploymentHistory(deployment: DeploymentJson, replicaSets: readonly ReplicaSetJson[]): FocusHistory {
	const owned = ownedReplicaSets(deployment, replicaSets);
	return {owners: owned.map(rs => rs.metadata.name), history: revisionHistory(deployment, owned)};
}

/** undefined: the kind's history is not read yet (its focus shows none). */
export const HISTORIANS: Readonly<Record<WorkloadKind, Historian | undefined>> = {
	Deployment: deploymentHistory,
	StatefulSet: undefined,
	DaemonSet: undefined,
};
