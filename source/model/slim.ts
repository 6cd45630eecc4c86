// What the deployment list needs of a ReplicaSet, and nothing else: 10,000 full ReplicaSets with their pod templates
// are most of the dashboard's memory at scale. The deployment in focus reads its ReplicaSets whole from a watch of
// its own (revision history, template diffs); undo reads them from the API itself.
import {ANNOTATIONS, POD_TEMPLATE_HASH_LABEL} from '../k8s/annotations.js';
import type {ObjectMeta, OwnerReference, PodJson, ReplicaSetJson} from './objects.js';

const KEPT_ANNOTATIONS = [
	ANNOTATIONS.revision,
	ANNOTATIONS.revisionHistory,
	ANNOTATIONS.changeCause,
	ANNOTATIONS.desiredReplicas,
	ANNOTATIONS.maxReplicas,
];
const KEPT_STATUS = [
	'replicas',
	'fullyLabeledReplicas',
	'readyReplicas',
	'availableReplicas',
	'observedGeneration',
] as const;

function pick(source: Record<string, string> | undefined, keys: readonly string[]): Record<string, string> | undefined {
	if (!source) return undefined;
	let result: Record<string, string> | undefined;
	for (const key of keys) {
		const value = source[key];
		if (value !== undefined) (result ??= {})[key] = value;
	}
	return result;
}

/**
 * Name, namespace, uid, resourceVersion, creation time, the controller reference, the revision, revision-history,
 * change-cause and replica annotations, the pod-template-hash label, spec.replicas, the status counts, and the
 * template reduced to its hash label and container images. No managedFields, no full template, no conditions.
 */
export function slimReplicaSet(raw: any): ReplicaSetJson {
	const source = (raw?.metadata ?? {}) as ObjectMeta;
	const metadata: ObjectMeta = {name: source.name};
	if (source.namespace !== undefined) metadata.namespace = source.namespace;
	if (source.uid !== undefined) metadata.uid = source.uid;
	if (source.resourceVersion !== undefined) metadata.resourceVersion = source.resourceVersion;
	if (source.generation !== undefined) metadata.generation = source.generation;
	if (source.creationTimestamp !== undefined) metadata.creationTimestamp = source.creationTimestamp;
	if (source.deletionTimestamp !== undefined) metadata.deletionTimestamp = source.deletionTimestamp;
	const annotations = pick(source.annotations, KEPT_ANNOTATIONS);
	if (annotations) metadata.annotations = annotations;
	const labels = pick(source.labels, [POD_TEMPLATE_HASH_LABEL]);
	if (labels) metadata.labels = labels;
	const controller = (source.ownerReferences as OwnerReference[] | undefined)?.find(ref => ref.controller === true);
	if (controller) {
		metadata.ownerReferences = [
			{
				apiVersion: controller.apiVersion,
				kind: controller.kind,
				name: controller.name,
				uid: controller.uid,
				controller: true,
			},
		];
	}
	const spec: ReplicaSetJson['spec'] = {};
	if (typeof raw?.spec?.replicas === 'number') spec.replicas = raw.spec.replicas;
	const template = raw?.spec?.template;
	if (template) {
		const templateLabels = pick(template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]);
		spec.template = {
			...(templateLabels ? {metadata: {labels: templateLabels}} : {}),
			spec: {
				containers: ((template.spec?.containers ?? []) as {name: string; image?: string}[]).map(c => ({
					name: c.name,
					image: c.image,
				})),
			},
		};
	}
	const result: ReplicaSetJson = {metadata, spec};
	if (raw?.status) {
		const status: NonNullable<ReplicaSetJson['status']> = {};
		for (const key of KEPT_STATUS) if (typeof raw.status[key] === 'number') status[key] = raw.status[key];
		result.status = status;
	}
	return result;
}

/**
 * What the open workload's views read of a pod: its identity, owners and labels, the node, each container's name and
 * image (an init container's restart policy marks a sidecar), and the whole status. A thousand pods' specs (volumes,
 * env, probes, resources) are most of their size; the pod's page reads its YAML and description from the API.
 */
export function slimPod(raw: any): PodJson {
	const {managedFields: _managedFields, ...metadata} = (raw?.metadata ?? {}) as ObjectMeta;
	const spec = raw?.spec ?? {};
	const container = (c: any) => ({
		name: c?.name,
		...(c?.image === undefined ? {} : {image: c.image}),
		...(c?.restartPolicy === undefined ? {} : {restartPolicy: c.restartPolicy}),
	});
	const slimSpec: Record<string, unknown> = {containers: (spec.containers ?? []).map(container)};
	if (spec.initContainers) slimSpec['initContainers'] = spec.initContainers.map(container);
	if (spec.nodeName !== undefined) slimSpec['nodeName'] = spec.nodeName;
	return {...(raw?.kind ? {kind: raw.kind} : {}), metadata, spec: slimSpec, status: raw?.status} as PodJson;
}
