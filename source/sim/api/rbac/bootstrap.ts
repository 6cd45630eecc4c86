// Writes the bootstrap policy and the simulator's users' bindings into the store, as an API server
// reconciles them at start-up: missing objects are created, existing ones left alone.
import type {NewObject, RbacResource, Store} from '../../store.js';
import {userBindings} from '../users.js';
import type {Json} from '../request.js';
import {bootstrapClusterRoleBindings, bootstrapClusterRoles} from './policy.js';

function ensure(store: Store, resource: RbacResource, object: Json): void {
	if (store.get(resource, object.metadata.namespace, object.metadata.name)) return;
	store.create(resource, object as NewObject);
}

export function ensureRbacPolicy(store: Store): void {
	for (const role of bootstrapClusterRoles()) ensure(store, 'clusterroles', role);
	for (const binding of bootstrapClusterRoleBindings()) ensure(store, 'clusterrolebindings', binding);
	const bindings = userBindings();
	for (const binding of bindings.clusterRoleBindings) ensure(store, 'clusterrolebindings', binding);
	for (const binding of bindings.roleBindings) ensure(store, 'rolebindings', binding);
}
