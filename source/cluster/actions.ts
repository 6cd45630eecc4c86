// Executes ActionRequests against the API server as kubectl does: GET the object first (kubectl's builder), refuse
// a verb its kind does not take with kubectl's line (the verbs table), else run the kind's executor for the verb,
// which plans with source/model/actions.ts and PATCHes. Every outcome is one line.
import {
	planRevisionUndo,
	planTemplateRestart,
	type RevisionedKind,
	type RevisionedWorkload,
} from '../model/controller-revisions.js';
import {
	planPause,
	planRestart,
	planResume,
	planScale,
	planSetImage,
	planUndo,
	type ActionPlan,
	type WorkloadJson,
} from '../model/actions.js';
import {selectorToString} from '../model/format.js';
import {KINDS, objectPath, type WorkloadKind} from '../model/kinds.js';
import type {DeploymentJson, ReplicaSetJson} from '../model/objects.js';
import type {ActionResult} from '../model/types.js';
import type {ControllerRevisionJson, DaemonSetJson, StatefulSetJson} from '../model/workload-objects.js';
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

async function execute(
	client: ApiClient,
	object: WorkloadJson,
	plan: ActionPlan,
	kind: WorkloadKind = 'Deployment',
): Promise<ActionResult> {
	if (plan.kind === 'done') return {ok: plan.ok, message: plan.message};
	const namespace = object.metadata.namespace ?? 'default';
	const path = objectPath(kind, namespace, object.metadata.name);
	await client.request(plan.subresource ? `${path}/${plan.subresource}` : path, {
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
		scale: scaleExecutor('Deployment'),
		'set-image': setImageExecutor('Deployment'),
	},
	StatefulSet: {
		restart: (client, sts: StatefulSetJson, _args, now) =>
			execute(client, sts, planTemplateRestart('StatefulSet', sts, now()), 'StatefulSet'),
		undo: (client, sts: StatefulSetJson, args) => undoRevisioned(client, 'StatefulSet', sts, args),
		scale: scaleExecutor('StatefulSet'),
		'set-image': setImageExecutor('StatefulSet'),
	},
	DaemonSet: {
		restart: (client, ds: DaemonSetJson, _args, now) =>
			execute(client, ds, planTemplateRestart('DaemonSet', ds, now()), 'DaemonSet'),
		undo: (client, ds: DaemonSetJson, args) => undoRevisioned(client, 'DaemonSet', ds, args),
		'set-image': setImageExecutor('DaemonSet'),
	},
};

function scaleExecutor(kind: WorkloadKind): Executor<'scale'> {
	return (client, object: WorkloadJson, args) => execute(client, object, planScale(kind, object, args.replicas), kind);
}

function setImageExecutor(kind: WorkloadKind): Executor<'set-image'> {
	return async (client, object: WorkloadJson, args) => {
		try {
			return await execute(client, object, planSetImage(kind, object, args.container, args.image), kind);
		} catch (error) {
			return {ok: false, message: `failed to patch image update to pod template: ${errorLine(error)}`};
		}
	};
}

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

/** The ControllerRevisions kubectl lists for a StatefulSet's or DaemonSet's history and undo: by its selector. */
export async function listControllerRevisionsOf(
	client: ApiClient,
	workload: RevisionedWorkload,
): Promise<ControllerRevisionJson[]> {
	const namespace = workload.metadata.namespace ?? 'default';
	const list = await client.request<{items?: ControllerRevisionJson[]}>(
		`/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/controllerrevisions`,
		{query: {labelSelector: selectorToString(workload.spec.selector)}},
	);
	return list.items ?? [];
}

/**
 * kubectl rollout undo for a StatefulSet or DaemonSet, conditional like the Deployment's: refused when the
 * generation moved since the user looked, and sent with the resourceVersion read, re-read and re-planned when only
 * the controller's status writes moved it.
 */
async function undoRevisioned(
	client: ApiClient,
	kind: RevisionedKind,
	seen: RevisionedWorkload,
	{toRevision, basedOnGeneration}: VerbArgs['undo'],
): Promise<ActionResult> {
	const name = seen.metadata.name;
	const namespace = seen.metadata.namespace ?? 'default';
	const singular = KINDS[kind].singular;
	const generation = seen.metadata.generation ?? 0;
	const changed = (now: number) =>
		`${singular} "${name}" was changed by someone else; not rolled back (generation ${basedOnGeneration ?? generation} → ${now})`;
	if (basedOnGeneration !== undefined && generation !== basedOnGeneration)
		return {ok: false, message: changed(generation)};
	let current = seen;
	for (let attempt = 0; ; attempt++) {
		const plan = planRevisionUndo(kind, current, await listControllerRevisionsOf(client, current), toRevision);
		try {
			return await execute(client, current, plan, kind);
		} catch (error) {
			if (!(error instanceof ApiError)) throw error;
			if (error.status !== 409)
				return {ok: false, message: `failed restoring revision ${toRevision}: ${errorLine(error)}`};
			const fresh = await client.request<RevisionedWorkload>(objectPath(kind, namespace, name));
			const freshGeneration = fresh.metadata.generation ?? 0;
			if (freshGeneration !== generation || attempt >= STATUS_ONLY_RETRIES)
				return {ok: false, message: changed(freshGeneration)};
			current = fresh;
		}
	}
}
