import type {Store} from '../store.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Namespaces as the API server creates them (idempotent). */
export function ensureNamespace(store: Store, name: string): void {
	if (store.get('namespaces', undefined, name)) return;
	store.create('namespaces', {
		apiVersion: 'v1',
		kind: 'Namespace',
		metadata: {name, labels: {'kubernetes.io/metadata.name': name}},
		spec: {finalizers: ['kubernetes']},
		status: {phase: 'Active'},
	});
}
