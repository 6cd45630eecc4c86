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
	const list = await client.request<{items?: ReplicaSetJson[]}>(
		`/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/replicasets`,
		{
			query: {labelSelector: selectorToString(deployment.spec.selector)},
		},
	);
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

export function restartDeployment(
	client: ApiClient,
	namespace: string,
	name: string,
	now: () => Date = () => new Date(),
): Promise<ActionResult> {
	return withDeployment(client, namespace, name, d => execute(client, d, planRestart(d, now())));
}

/**
 * kubectl rollout undo, made conditional so that it never overwrites someone else's change: the deployment is
 * read first (as kubectl does) and the JSON patch starts with a `test` of that read's resourceVersion. With
 * basedOnGeneration (the generation of the deployment the user looked at when deciding), a spec or annotation
 * change made since then, someone's `kubectl set image` say, is reported instead of being undone unseen.
 */
export function undoDeployment(
	client: ApiClient,
	namespace: string,
	name: string,
	toRevision: number,
	basedOnGeneration?: number,
): Promise<ActionResult> {
	return withDeployment(client, namespace, name, d => {
		const generation = d.metadata.generation ?? 0;
		if (basedOnGeneration !== undefined && generation !== basedOnGeneration) {
			return Promise.resolve({
				ok: false,
				message: `deployment "${name}" was changed by someone else; not rolled back (generation ${basedOnGeneration} → ${generation})`,
			});
		}
		return undoFrom(client, d, toRevision);
	});
}

/** How often a test that failed only because the controller wrote status is retried on a fresh read. */
const STATUS_ONLY_RETRIES = 3;

/**
 * Undo from a deployment as read earlier. The resourceVersion also moves when the controller writes status, which
 * it does all through a rollout; that is no one's change to protect, so when the test fails and the fresh read has the
 * same generation (spec and annotations unchanged), the undo is computed again from the fresh read.
 */
export async function undoFrom(client: ApiClient, seen: DeploymentJson, toRevision: number): Promise<ActionResult> {
	const namespace = seen.metadata.namespace ?? 'default';
	const name = seen.metadata.name;
	let current = seen;
	try {
		for (let attempt = 0; ; attempt++) {
			const replicaSets = await listReplicaSetsOf(client, current);
			const plan = planUndo(current, replicaSets, toRevision);
			try {
				return await execute(client, current, plan);
			} catch (error) {
				if (!(error instanceof ApiError && (error.status === 409 || error.status === 422))) throw error;
				const fresh = await getDeployment(client, namespace, name);
				const changedSpec = (fresh.metadata.generation ?? 0) !== (seen.metadata.generation ?? 0);
				if (changedSpec || attempt >= STATUS_ONLY_RETRIES) {
					return {
						ok: false,
						message: `deployment "${name}" was changed by someone else; not rolled back (generation ${seen.metadata.generation ?? 0} → ${fresh.metadata.generation ?? 0}, resourceVersion ${seen.metadata.resourceVersion ?? ''} → ${fresh.metadata.resourceVersion ?? ''})`,
					};
				}
				current = fresh;
			}
		}
	} catch (error) {
		if (error instanceof ApiError && error.status === 403) return {ok: false, message: errorLine(error)};
		if (error instanceof ApiError)
			return {ok: false, message: `failed restoring revision ${toRevision}: ${errorLine(error)}`};
		return {ok: false, message: errorLine(error)};
	}
}
