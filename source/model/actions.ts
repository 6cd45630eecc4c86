// What kubectl rollout pause/resume/restart/undo would send, and the line it would print: pure planning, no I/O.
// The cluster module executes the plan (source/cluster/actions.ts).
import {ANNOTATIONS, ANNOTATIONS_NOT_COPIED, POD_TEMPLATE_HASH_LABEL} from '../k8s/annotations.js';
import {equalIgnoreHash} from '../k8s/template.js';
import {qualifiedName, resourceName as kindResourceName, type WorkloadKind} from './kinds.js';
import {replicaSetForRevision} from './revisions.js';
import type {DeploymentJson, PodTemplateJson, ReplicaSetJson} from './objects.js';

export const CONTENT_TYPE = {
	strategicMergePatch: 'application/strategic-merge-patch+json',
	jsonPatch: 'application/json-patch+json',
	mergePatch: 'application/merge-patch+json',
} as const;

/** A PATCH to send, or a verdict reached without one (an error, or kubectl's "skipped" line). */
export type ActionPlan =
	| {
			kind: 'patch';
			contentType: string;
			body: unknown;
			query: Record<string, string>;
			success: string;
			/** A subresource to patch instead of the object (`scale`). */
			subresource?: string;
	  }
	| {kind: 'done'; ok: boolean; message: string};

const resourceName = (d: DeploymentJson) => kindResourceName('Deployment', d.metadata.name);
const qualified = (d: DeploymentJson) => qualifiedName('Deployment', d.metadata.name);
const ROLLOUT_FIELD_MANAGER = {fieldManager: 'kubectl-rollout'};

export function planPause(d: DeploymentJson): ActionPlan {
	if (d.spec.paused) return {kind: 'done', ok: false, message: `${qualified(d)} is already paused`};
	return {
		kind: 'patch',
		contentType: CONTENT_TYPE.strategicMergePatch,
		body: {spec: {paused: true}},
		query: ROLLOUT_FIELD_MANAGER,
		success: `${resourceName(d)} paused`,
	};
}

export function planResume(d: DeploymentJson): ActionPlan {
	if (!d.spec.paused) return {kind: 'done', ok: false, message: `${qualified(d)} is not paused`};
	return {
		kind: 'patch',
		contentType: CONTENT_TYPE.strategicMergePatch,
		body: {spec: {paused: null}},
		query: ROLLOUT_FIELD_MANAGER,
		success: `${resourceName(d)} resumed`,
	};
}

/** Go's time.Now().Format(time.RFC3339) in the local zone: "2026-11-23T07:56:58Z" or "2026-11-23T08:56:58+01:00". */
export function formatRfc3339Local(now: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	const offsetMinutes = -now.getTimezoneOffset();
	const base = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
	if (offsetMinutes === 0) return `${base}Z`;
	const sign = offsetMinutes > 0 ? '+' : '-';
	const abs = Math.abs(offsetMinutes);
	return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function planRestart(d: DeploymentJson, now: Date): ActionPlan {
	if (d.spec.paused) {
		return {
			kind: 'done',
			ok: false,
			message: `${qualified(d)} can't restart paused deployment (run rollout resume first)`,
		};
	}
	const restartedAt = formatRfc3339Local(now);
	if (d.spec.template?.metadata?.annotations?.[ANNOTATIONS.restartedAt] === restartedAt) {
		// The two-way merge patch would be empty: kubectl refuses rather than send {}.
		return {
			kind: 'done',
			ok: false,
			message: `failed to create patch for ${d.metadata.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
		};
	}
	return {
		kind: 'patch',
		contentType: CONTENT_TYPE.strategicMergePatch,
		body: {spec: {template: {metadata: {annotations: {[ANNOTATIONS.restartedAt]: restartedAt}}}}},
		query: ROLLOUT_FIELD_MANAGER,
		success: `${resourceName(d)} restarted`,
	};
}

/** The RS template as kubectl sends it: hash label removed, creationTimestamp null, every container with resources. */
export function rollbackTemplate(template: PodTemplateJson | undefined): PodTemplateJson {
	const copy: PodTemplateJson = structuredClone(template ?? {});
	const {creationTimestamp: _ignored, ...metadata} = copy.metadata ?? {};
	const labels = metadata.labels ? {...metadata.labels} : undefined;
	if (labels) delete labels[POD_TEMPLATE_HASH_LABEL];
	copy.metadata = {creationTimestamp: null, ...metadata, ...(labels ? {labels} : {})};
	const spec = copy.spec ?? {};
	for (const list of [spec.initContainers, spec.containers]) {
		for (const container of list ?? []) container.resources ??= {};
	}
	return copy;
}

/** Deployment values for the skip-list keys, plus every other annotation of the ReplicaSet (getDeploymentPatch's input). */
export function rollbackAnnotations(d: DeploymentJson, rs: ReplicaSetJson): Record<string, string> {
	const annotations: Record<string, string> = {};
	const own = d.metadata.annotations ?? {};
	for (const key of ANNOTATIONS_NOT_COPIED) if (key in own) annotations[key] = own[key]!;
	for (const [key, value] of Object.entries(rs.metadata.annotations ?? {}))
		if (!ANNOTATIONS_NOT_COPIED.has(key)) annotations[key] = value;
	return annotations;
}

/**
 * kubectl rollout undo (DeploymentRollbacker.Rollback), made conditional: the JSON patch starts with a `test` of the
 * deployment's resourceVersion so that a change someone made since we read it is not overwritten.
 */
export function planUndo(d: DeploymentJson, replicaSets: readonly ReplicaSetJson[], toRevision: number): ActionPlan {
	const found = replicaSetForRevision(d, replicaSets, toRevision);
	if ('error' in found) return {kind: 'done', ok: false, message: found.error};
	if (d.spec.paused) {
		return {
			kind: 'done',
			ok: false,
			message: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
		};
	}
	if (equalIgnoreHash(found.rs.spec.template, d.spec.template)) {
		return {
			kind: 'done',
			ok: true,
			message: `${resourceName(d)} skipped rollback (current template already matches revision ${toRevision})`,
		};
	}
	return {
		kind: 'patch',
		contentType: CONTENT_TYPE.jsonPatch,
		body: [
			{op: 'test', path: '/metadata/resourceVersion', value: d.metadata.resourceVersion ?? ''},
			{op: 'replace', path: '/spec/template', value: rollbackTemplate(found.rs.spec.template)},
			{op: 'replace', path: '/metadata/annotations', value: rollbackAnnotations(d, found.rs)},
		],
		query: {},
		success: `${resourceName(d)} rolled back`,
	};
}

/** A workload as the scale and set-image planners read it: any kind with a pod template. */
export interface WorkloadJson {
	metadata: {name: string; namespace?: string};
	spec: {replicas?: number; template?: PodTemplateJson};
}

/**
 * kubectl scale without preconditions (ScaleSimple): a JSON merge patch of the scale subresource's spec.replicas. A
 * paused Deployment scales too, as on a cluster: the controller scales it proportionally and starts no rollout.
 */
export function planScale(kind: WorkloadKind, workload: WorkloadJson, replicas: number): ActionPlan {
	if (!Number.isInteger(replicas) || replicas < 0) {
		return {
			kind: 'done',
			ok: false,
			message: 'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
		};
	}
	return {
		kind: 'patch',
		subresource: 'scale',
		contentType: CONTENT_TYPE.mergePatch,
		body: {spec: {replicas}},
		query: {},
		success: `${kindResourceName(kind, workload.metadata.name)} scaled`,
	};
}

/**
 * kubectl set image CONTAINER=IMAGE: the strategic merge patch its two-way merge computes, with the
 * `$setElementOrder` directive of the container list it changed; nothing is sent when the image is already set
 * (kubectl then prints nothing), and a container of no such name is kubectl's error.
 */
export function planSetImage(kind: WorkloadKind, workload: WorkloadJson, container: string, image: string): ActionPlan {
	const spec = workload.spec.template?.spec ?? {};
	const patchSpec: Record<string, unknown> = {};
	let found = false;
	for (const field of ['initContainers', 'containers'] as const) {
		const list = spec[field] ?? [];
		if (!list.some(c => c.name === container)) continue;
		found = true;
		if (list.every(c => c.name !== container || c.image === image)) continue;
		patchSpec[`$setElementOrder/${field}`] = list.map(c => ({name: c.name}));
		patchSpec[field] = [{image, name: container}];
	}
	if (!found) return {kind: 'done', ok: false, message: `unable to find container named "${container}"`};
	const name = kindResourceName(kind, workload.metadata.name);
	if (Object.keys(patchSpec).length === 0)
		return {kind: 'done', ok: true, message: `${name} image already ${image} (nothing sent, as kubectl)`};
	return {
		kind: 'patch',
		contentType: CONTENT_TYPE.strategicMergePatch,
		body: {spec: {template: {spec: patchSpec}}},
		query: {fieldManager: 'kubectl-set'},
		success: `${name} image updated`,
	};
}
