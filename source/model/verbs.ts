// What the dashboard can ask of a workload, as data: an ActionRequest names the object and the verb, and the verbs
// table says which kinds take each verb and how kubectl refuses the others (its polymorphichelpers answer "pausing
// is not supported" for every kind but Deployment). New verbs (scale, set image) are one entry here, their
// arguments in VerbArgs, and one executor per kind in source/cluster/actions.ts.
import {KINDS, qualifiedName, WORKLOAD_KINDS, type WorkloadKind} from './kinds.js';

/** Each verb's arguments. */
export interface VerbArgs {
	pause: Record<string, never>;
	resume: Record<string, never>;
	restart: Record<string, never>;
	/**
	 * toRevision 0 is the previous revision. basedOnGeneration is the generation the user looked at: a spec or
	 * annotation change made since is reported as a conflict instead of being overwritten.
	 */
	undo: {toRevision: number; basedOnGeneration?: number};
	/** kubectl scale --replicas: the scale subresource's spec.replicas. */
	scale: {replicas: number};
	/** kubectl set image CONTAINER=IMAGE (an init container of that name too, as kubectl does). */
	'set-image': {container: string; image: string};
}

export type Verb = keyof VerbArgs;

/** One action on one object: `{kind, namespace, name, verb, args}`, args typed by the verb. */
export type ActionRequest<V extends Verb = Verb> = {
	[K in V]: {kind: WorkloadKind; namespace: string; name: string; verb: K; args: VerbArgs[K]};
}[V];

export interface VerbSpec {
	/** The kinds kubectl performs this verb on. */
	kinds: readonly WorkloadKind[];
	/** kubectl's refusal for the other kinds, after the object's name. */
	refusal: (kind: WorkloadKind) => string;
	/** What the footer says while the request is in flight, e.g. "pausing deployment/web". */
	progress: (request: ActionRequest) => string;
	/** The kubectl command line that does the same, shown in confirmations (and copied with `c`). */
	kubectl: (request: ActionRequest) => string;
}

const slashName = (request: ActionRequest) => `${KINDS[request.kind].singular}/${request.name}`;
const rolloutCommand = (request: ActionRequest) =>
	`kubectl rollout ${request.verb} ${slashName(request)} -n ${request.namespace}`;

export const VERBS: Readonly<Record<Verb, VerbSpec>> = {
	pause: {
		kinds: ['Deployment'],
		refusal: () => 'pausing is not supported',
		progress: request => `pausing ${slashName(request)}`,
		kubectl: rolloutCommand,
	},
	resume: {
		kinds: ['Deployment'],
		refusal: () => 'resuming is not supported',
		progress: request => `resuming ${slashName(request)}`,
		kubectl: rolloutCommand,
	},
	restart: {
		kinds: WORKLOAD_KINDS,
		refusal: () => 'restarting is not supported',
		progress: request => `restarting ${slashName(request)}`,
		kubectl: rolloutCommand,
	},
	undo: {
		kinds: WORKLOAD_KINDS,
		refusal: kind => `no rollbacker has been implemented for "${kind}.${KINDS[kind].group}"`,
		progress: request =>
			`rolling back ${slashName(request)} to revision ${request.verb === 'undo' ? request.args.toRevision : 0}`,
		kubectl: request =>
			`${rolloutCommand(request)} --to-revision=${request.verb === 'undo' ? request.args.toRevision : 0}`,
	},
	scale: {
		kinds: ['Deployment', 'StatefulSet'],
		// A DaemonSet has no scale subresource: the API server answers kubectl's PATCH with 404.
		refusal: () => 'cannot be scaled: the server could not find the requested resource (daemonsets have no scale)',
		progress: request => `scaling ${slashName(request)} to ${request.verb === 'scale' ? request.args.replicas : 0}`,
		kubectl: request =>
			`kubectl scale ${slashName(request)} --replicas=${request.verb === 'scale' ? request.args.replicas : 0} -n ${request.namespace}`,
	},
	'set-image': {
		kinds: WORKLOAD_KINDS,
		refusal: () => 'setting an image is not supported',
		progress: request =>
			`setting image of ${slashName(request)}${request.verb === 'set-image' ? ` to ${request.args.image}` : ''}`,
		kubectl: request =>
			`kubectl set image ${slashName(request)} ${request.verb === 'set-image' ? `${request.args.container}=${request.args.image}` : ''} -n ${request.namespace}`,
	},
};

export const supports = (verb: Verb, kind: WorkloadKind) => VERBS[verb].kinds.includes(kind);

/** kubectl's line for a verb the kind does not take, e.g. `statefulsets.apps "web" pausing is not supported`. */
export function refusal(request: ActionRequest): string | undefined {
	if (supports(request.verb, request.kind)) return undefined;
	return `${qualifiedName(request.kind, request.name)} ${VERBS[request.verb].refusal(request.kind)}`;
}
