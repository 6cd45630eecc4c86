// Executes ActionRequests against the API server as kubectl does: GET the object first (kubectl's builder), refuse
// a verb its kind does not take with kubectl's line (the verbs table), else run the kind's executor for the verb,
// which plans with source/model/actions.ts and PATCHes. Every outcome is one line.
import {planPause, planRestart, planResume, planUndo, type ActionPlan} from '../model/actions.js';
import {selectorToString} from '../model/format.js';
import {KINDS, objectPath, type WorkloadKind} from '../model/kinds.js';
import type {DeploymentJson, ReplicaSetJson} from '../model/objects.js';
import type {ActionResult} from '../model/types.js';
import {refusal, type ActionRequest, type Verb, type VerbArgs} from '../model/verbs.js';
import {ApiError, errorLine, type ApiClient} from './http.js';

export function deploymentPath(namespace: string, name: string): string {
	return objectPath('Deployment', namespace, name);
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

/** How one kind carries out one verb, given the object as just read. */
type Executor<V extends Verb> = (
	client: ApiClient,
	object: any,
	args: VerbArgs[V],
	now: () => Date,
) => Promise<ActionResult>;

/**
 * One executor per kind and verb (kubectl's polymorphichelpers: one answer per kind). A verb the verbs table gives
 * a kind but with no executor here yet is reported as not available in the dashboard, never sent half-done.
 */
const EXECUTORS: {[K in WorkloadKind]: {[V in Verb]?: Executor<V>}} = {
	Deployment: {
		pause: (client, d: DeploymentJson) => execute(client, d, planPause(d)),
		resume: (client, d: DeploymentJson) => execute(client, d, planResume(d)),
		restart: (client, d: DeploymentJson, _args, now) => execute(client, d, planRestart(d, now())),
		undo: (client, d: DeploymentJson, args) => undoSeen(client, d, args.toRevision, args.basedOnGeneration),
	},
	StatefulSet: {},
	DaemonSet: {},
};

function executorFor<V extends Verb>(kind: WorkloadKind, verb: V): Executor<V> | undefined {
	return (EXECUTORS[kind] as {[W in Verb]?: Executor<W>})[verb];
}

/** Runs one request: the object is read first, then the kind's answer to the verb. */
export async function runAction(
	client: ApiClient,
	request: ActionRequest,
	now: () => Date = () => new Date(),
): Promise<ActionResult> {
	let object: unknown;
	try {
		object = await client.request(objectPath(request.kind, request.namespace, request.name));
	} catch (error) {
		return {ok: false, message: errorLine(error)};
	}
	const refused = refusal(request);
	if (refused) return {ok: false, message: refused};
	const executor = executorFor(request.kind, request.verb) as Executor<Verb> | undefined;
	if (!executor) {
		return {
			ok: false,
			message: `${request.verb} of ${KINDS[request.kind].resource} is not available in rollout-dash yet`,
		};
	}
	try {
		return await executor(client, object, request.args, now);
	} catch (error) {
		return {ok: false, message: errorLine(error)};
	}
}

// The fixed-verb forms of runAction for Deployments (scripts and tests call them by name).
const deploymentRequest = <V extends Verb>(namespace: string, name: string, verb: V, args: VerbArgs[V]) =>
	({kind: 'Deployment', namespace, name, verb, args}) as ActionRequest;

export const pauseDeployment = (client: ApiClient, namespace: string, name: string) =>
	runAction(client, deploymentRequest(namespace, name, 'pause', {}));

export const resumeDeployment = (client: ApiClient, namespace: string, name: string) =>
	runAction(client, deploymentRequest(namespace, name, 'resume', {}));

export const restartDeployment = (client: ApiClient, namespace: string, name: string, now?: () => Date) =>
	runAction(client, deploymentRequest(namespace, name, 'restart', {}), now);

/**
 * kubectl rollout undo, made conditional so that it never overwrites someone else's change: the deployment is
 * read first (as kubectl does) and the JSON patch starts with a `test` of that read's resourceVersion. With
 * basedOnGeneration (the generation of the deployment the user looked at when deciding), a spec or annotation
 * change made since then, someone's `kubectl set image` say, is reported instead of being undone unseen.
 */
export const undoDeployment = (
	client: ApiClient,
	namespace: string,
	name: string,
	toRevision: number,
	basedOnGeneration?: number,
) => runAction(client, deploymentRequest(namespace, name, 'undo', {toRevision, basedOnGeneration}));

function undoSeen(
	client: ApiClient,
	d: DeploymentJson,
	toRevision: number,
	basedOnGeneration: number | undefined,
): Promise<ActionResult> {
	const generation = d.metadata.generation ?? 0;
	if (basedOnGeneration !== undefined && generation !== basedOnGeneration) {
		return Promise.resolve({
			ok: false,
			message: `deployment "${d.metadata.name}" was changed by someone else; not rolled back (generation ${basedOnGeneration} → ${generation})`,
		});
	}
	return undoFrom(client, d, toRevision);
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
