// Executes the kubectl-equivalent action plans of source/model/actions.ts against the API server: GET the
// deployment first (as kubectl's builder does), decide, then PATCH. Every outcome is one line.
import {planPause, planRestart, planResume, planUndo, type ActionPlan} from '../model/actions.js';
import {selectorToString} from '../model/format.js';
import type {DeploymentJson, ReplicaSetJson} from '../model/objects.js';
import type {ActionResult} from '../model/types.js';
import {ApiError, errorLine, type ApiClient} from './http.js';

export function deploymentPath(namespace: string, name: string): string {
	return `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/deployments/${encodeURIComponent(name)}`;
}

export async function getDeployment(client: ApiClient, namespace: string, name: string): Promise<DeploymentJson> {
	return client.request<DeploymentJson>(deploymentPath(namespace, name));
}

/** The ReplicaSets kubectl lists for history and undo: by the deployment's selector (ownership is checked later). */
export async function listReplicaSetsOf(client: ApiClient, deployment: DeploymentJson): Promise<ReplicaSetJson[]> {
	const namespace = deployment.metadata.namespace ?? 'default';
	const list = await client.request<{items?: ReplicaSetJson[]}>(`/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/replicasets`, {
		query: {labelSelector: selectorToString(deployment.spec.selector)},
	});
	return list.items ?? [];
}

async function execute(client: ApiClient, deployment: DeploymentJson, plan: ActionPlan): Promise<ActionResult> {
	if (plan.kind === 'done') return {ok: plan.ok, message: plan.message};
	const namespace = deployment.metadata.namespace ?? 'default';
	await client.request(deploymentPath(namespace, deployment.metadata.name), {
		method: 'PATCH',
		query: plan.query,
		body: plan.body,
		contentType: plan.contentType,
	});
	return {ok: true, message: plan.success};
}

async function withDeployment(
	client: ApiClient,
	namespace: string,
	name: string,
	act: (deployment: DeploymentJson) => Promise<ActionResult>,
): Promise<ActionResult> {
	let deployment: DeploymentJson;
	try {
		deployment = await getDeployment(client, namespace, name);
	} catch (error) {
		return {ok: false, message: errorLine(error)};
	}
	try {
		return await act(deployment);
	} catch (error) {
		return {ok: false, message: errorLine(error)};
	}
}

export function pauseDeployment(client: ApiClient, namespace: string, name: string): Promise<ActionResult> {
	return withDeployment(client, namespace, name, d => execute(client, d, planPause(d)));
}

export function resumeDeployment(client: ApiClient, namespace: string, name: string): Promise<ActionResult> {
	return withDeployment(client, namespace, name, d => execute(client, d, planResume(d)));
}

export function restartDeployment(client: ApiClient, namespace: string, name: string, now: () => Date = () => new Date()): Promise<ActionResult> {
	return withDeployment(client, namespace, name, d => execute(client, d, planRestart(d, now())));
}

/**
 * kubectl rollout undo, conditional on the resourceVersion we read: when the `test` op fails (422, or 409) the
 * deployment changed under us, and we say so instead of overwriting someone else's change.
 */
export function undoDeployment(client: ApiClient, namespace: string, name: string, toRevision: number): Promise<ActionResult> {
	return withDeployment(client, namespace, name, d => undoFrom(client, d, toRevision));
}

/** Undo from a deployment as read earlier (its resourceVersion is the condition). */
export async function undoFrom(client: ApiClient, d: DeploymentJson, toRevision: number): Promise<ActionResult> {
	const namespace = d.metadata.namespace ?? 'default';
	const name = d.metadata.name;
	try {
		const replicaSets = await listReplicaSetsOf(client, d);
		const plan = planUndo(d, replicaSets, toRevision);
		try {
			return await execute(client, d, plan);
		} catch (error) {
			if (error instanceof ApiError && (error.status === 409 || error.status === 422)) {
				const read = d.metadata.resourceVersion ?? '';
				const now = await getDeployment(client, namespace, name).then(
					fresh => fresh.metadata.resourceVersion ?? '',
					() => undefined,
				);
				if (now !== undefined && now !== read) {
					return {ok: false, message: `deployment "${name}" was changed by someone else; not rolled back (resourceVersion ${read} ≠ ${now})`};
				}
			}
			if (error instanceof ApiError && error.status === 403) return {ok: false, message: errorLine(error)};
			return {ok: false, message: `failed restoring revision ${toRevision}: ${errorLine(error)}`};
		}
	} catch (error) {
		return {ok: false, message: errorLine(error)};
	}
}
