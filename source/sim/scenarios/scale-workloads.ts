// The scale scenario's StatefulSets and DaemonSets: created as kubectl would, then left to their controllers
// (their pods and first ControllerRevisions come from the controllers, like any other cluster's).
import type {Store} from '../store.js';
import {createWorkload, daemonSetObject, statefulSetObject} from './workload-writes.js';

export function createScaleWorkloads(store: Store, namespace: string, statefulSets: number, daemonSets: number): void {
	for (let i = 0; i < statefulSets; i++) {
		const name = `db-${String(i).padStart(2, '0')}`;
		createWorkload(
			store,
			'statefulsets',
			statefulSetObject({name, namespace, image: `registry.example/${name}:1.0.0`, spec: {replicas: 2}}),
		);
	}
	for (let i = 0; i < daemonSets; i++) {
		// After the deployments (app-…) by name, so the first row of each namespace is still app-000.
		const name = `node-agent-${String(i).padStart(2, '0')}`;
		createWorkload(store, 'daemonsets', daemonSetObject({name, namespace, image: `registry.example/${name}:1.0.0`}));
	}
}
