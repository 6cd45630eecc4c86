// The kubeconfig that points kubectl and client-node at the simulator: one cluster, and a user and
// a context for each of the simulator's users (the admin's context first, and current).
import {dump} from 'js-yaml';
import type {SimulatorUser} from './users.js';

export const KUBECONFIG_NAME = 'rollout-dash-sim';

export interface KubeconfigEntries {
	clusters: {name: string; cluster: Record<string, unknown>}[];
	users: {name: string; user: Record<string, unknown>}[];
	contexts: {name: string; context: Record<string, unknown>}[];
	/** The context to make current. */
	currentContext: string;
}

export function kubeconfigEntries(server: string, caPem: string, users: readonly SimulatorUser[]): KubeconfigEntries {
	const ca = Buffer.from(caPem).toString('base64');
	return {
		clusters: [{name: KUBECONFIG_NAME, cluster: {server, 'certificate-authority-data': ca}}],
		users: users.map(user => ({name: user.context, user: {token: user.token}})),
		contexts: users.map(user => ({
			name: user.context,
			context: {cluster: KUBECONFIG_NAME, user: user.context, namespace: user.namespace},
		})),
		currentContext: users[0]!.context,
	};
}

/** A kubeconfig file's text holding only the simulator's entries. */
export function kubeconfigYaml(entries: KubeconfigEntries): string {
	return dump(
		{
			apiVersion: 'v1',
			kind: 'Config',
			clusters: entries.clusters,
			contexts: entries.contexts,
			'current-context': entries.currentContext,
			preferences: {},
			users: entries.users,
		},
		{lineWidth: -1, noRefs: true},
	);
}
