// Who may call the simulator: one bearer token per user, as a static token file gives a cluster.
// Every authenticated user is in system:authenticated; the admin is also in system:masters, which
// the bootstrap policy binds to cluster-admin.
import {randomBytes} from 'node:crypto';
import type {UserInfo} from './rbac/authorizer.js';
import {clusterRoleBinding, roleBinding, user} from './rbac/policy.js';

export interface SimulatorUser extends UserInfo {
	token: string;
	/** The kubeconfig context (and user entry) that signs in as this user. */
	context: string;
	/** The context's namespace. */
	namespace: string;
}

export const ADMIN_CONTEXT = 'rollout-dash-sim';
export const VIEWER_CONTEXT = 'rollout-dash-sim-viewer';
export const TEAM_A_CONTEXT = 'rollout-dash-sim-team-a';
export const TEAM_A_NAMESPACE = 'team-a';

const newToken = () => randomBytes(24).toString('base64url');

/** The simulator's users, with fresh tokens: the admin first. */
export function simulatorUsers(adminToken = newToken()): SimulatorUser[] {
	return [
		{
			name: 'rollout-dash-admin',
			groups: ['system:masters', 'system:authenticated'],
			token: adminToken,
			context: ADMIN_CONTEXT,
			namespace: 'default',
		},
		{
			name: 'rollout-dash-viewer',
			groups: ['system:authenticated'],
			token: newToken(),
			context: VIEWER_CONTEXT,
			namespace: 'default',
		},
		{
			name: 'rollout-dash-team-a',
			groups: ['system:authenticated'],
			token: newToken(),
			context: TEAM_A_CONTEXT,
			namespace: TEAM_A_NAMESPACE,
		},
	];
}

/** The bindings that give the viewer `view` everywhere and team-a `edit` in its namespace. */
export function userBindings() {
	return {
		clusterRoleBindings: [clusterRoleBinding('rollout-dash-viewer', 'view', [user('rollout-dash-viewer')])],
		roleBindings: [
			roleBinding(TEAM_A_NAMESPACE, 'rollout-dash-team-a', 'ClusterRole', 'edit', [user('rollout-dash-team-a')]),
		],
	};
}

/**
 * The user a request's Authorization header names, as the bearer token authenticator reads it:
 * the scheme case-insensitively, the token up to the next space. Undefined when it names nobody.
 */
export function authenticate(header: string | undefined, users: readonly SimulatorUser[]): SimulatorUser | undefined {
	const parts = (header ?? '').trim().split(' ');
	if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer') return undefined;
	const token = parts[1]!;
	if (!token) return undefined;
	return users.find(candidate => candidate.token === token);
}
