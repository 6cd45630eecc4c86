// Test helpers for the controller tests: a Store with controllers at high speed, bounded waits on conditions.
import {Store, type StoredObject} from '../../source/sim/store.js';
import {startControllers} from '../../source/sim/controllers/index.js';
import {ensureNodes} from '../../source/sim/controllers/nodes.js';
import {revisionOf} from '../../source/k8s/deployment-util.js';

export const SPEED = 50;
/** Generous: CI machines are slow and loaded. */

export function startCluster(speed = SPEED): {store: Store; stop(): void; errors: unknown[]} {
	const store = new Store();
	ensureNodes(store, 3);
	const errors: unknown[] = [];
	const controllers = startControllers(store, {speed, onError: (_key, error) => errors.push(error)});
	return {store, errors, stop: () => controllers.stop()};
}

export function replicaSetsOf(store: Store, deployment: StoredObject): StoredObject[] {
	const current = store.get('deployments', deployment.metadata.namespace, deployment.metadata.name) ?? deployment;
	return store.listByOwner('replicasets', current.metadata.uid).sort((a, b) => revisionOf(a) - revisionOf(b));
}

export function summary(store: Store, namespace: string, name: string): unknown {
	const d = store.get('deployments', namespace, name);
	if (!d) return 'no deployment';
	return {
		generation: d.metadata.generation,
		annotations: d.metadata.annotations,
		status: d.status,
		replicaSets: replicaSetsOf(store, d).map(rs => ({
			name: rs.metadata.name,
			revision: revisionOf(rs),
			spec: rs.spec.replicas,
			status: rs.status,
			annotations: rs.metadata.annotations,
		})),
	};
}

/** Rolled out: observed, all replicas updated and available, no old replicas left. */
export function rolledOut(store: Store, namespace: string, name: string): boolean {
	const d = store.get('deployments', namespace, name);
	if (!d) return false;
	const status = d.status ?? {};
	const replicas = d.spec.replicas ?? 1;
	return (
		(status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
		(status.updatedReplicas ?? 0) === replicas &&
		(status.replicas ?? 0) === replicas &&
		(status.availableReplicas ?? 0) === replicas
	);
}
