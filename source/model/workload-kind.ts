// Which kind a watched workload object is. The watches tag each object with its kind (list items from the API
// carry none), and an untagged object is a Deployment, as everywhere before the other kinds were watched.
import type {WorkloadKind} from './kinds.js';
import type {DeploymentJson} from './objects.js';
import type {DaemonSetJson, StatefulSetJson} from './workload-objects.js';

export type WorkloadJson = DeploymentJson | StatefulSetJson | DaemonSetJson;

export function workloadKindOf(object: {kind?: string}): WorkloadKind {
	return object.kind === 'StatefulSet' || object.kind === 'DaemonSet' ? object.kind : 'Deployment';
}

export type WorkloadDetails =
	| {kind: 'Deployment'; object: DeploymentJson}
	| {kind: 'StatefulSet'; object: StatefulSetJson}
	| {kind: 'DaemonSet'; object: DaemonSetJson};

export const detailsOf = (object: WorkloadJson): WorkloadDetails =>
	({kind: workloadKindOf(object), object}) as WorkloadDetails;
