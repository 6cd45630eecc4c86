// `kubectl describe` as pure functions from the objects (and their events) to the lines kubectl prints, section for
// section (pkg/describe/describe.go): Deployments, ReplicaSets and pods here, StatefulSets and DaemonSets in
// workloads.ts, ControllerRevisions by the generic describer in generic.ts. One entry per kind in DESCRIBERS.
import {findNewReplicaSet} from '../revisions.js';
import {selectorToString} from '../format.js';
import {ownedReplicaSets, type DeploymentJson, type EventJson, type ReplicaSetJson} from '../objects.js';
import type {ObjectRef} from '../types.js';
import {describeGeneric} from './generic.js';
import {describeDaemonSet, describeStatefulSet} from './workloads.js';
import {
	DescribeWriter,
	annotationsMultiline,
	controllerOf,
	describeConditions,
	describeContainers,
	describeEvents,
	describePodTemplate,
	describePodsStatus,
	describeVolumes,
	labelsMultiline,
	podFieldResolver,
	rfc1123z,
	since,
	tolerationsMultiline,
	type Json,
} from './writer.js';

export interface DescribeInput {
	object: Json;
	/** The object's events (undefined: kubectl's --show-events=false, no Events section). */
	events?: readonly EventJson[];
	/**
	 * Deployments: the ReplicaSets of its namespace; ReplicaSets, StatefulSets and DaemonSets: the pods their selector
	 * lists (only those the object controls are counted).
	 */
	related?: readonly Json[];
	now: Date;
}

const replicaSetList = (replicaSets: readonly ReplicaSetJson[]) =>
	replicaSets.length === 0
		? '<none>'
		: replicaSets
				.map(rs => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 0} replicas created)`)
				.join(', ');

export function describeDeployment({object, events, related = [], now}: DescribeInput): string[] {
	const deployment = object as DeploymentJson & Json;
	const w = new DescribeWriter();
	const spec = deployment.spec ?? {};
	const status = deployment.status ?? {};
	w.write(0, `Name:\t${deployment.metadata.name}\n`);
	w.write(0, `Namespace:\t${deployment.metadata.namespace ?? ''}\n`);
	w.write(0, `CreationTimestamp:\t${rfc1123z(deployment.metadata.creationTimestamp)}\n`);
	labelsMultiline(w, 'Labels', deployment.metadata.labels);
	annotationsMultiline(w, 'Annotations', deployment.metadata.annotations);
	w.write(0, `Selector:\t${selectorToString(spec.selector)}\n`);
	w.write(
		0,
		`Replicas:\t${spec.replicas ?? 1} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
	);
	w.write(0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
	w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
	const rolling = spec.strategy?.rollingUpdate;
	if (rolling)
		w.write(
			0,
			`RollingUpdateStrategy:\t${String(rolling.maxUnavailable ?? '')} max unavailable, ${String(rolling.maxSurge ?? '')} max surge\n`,
		);
	describePodTemplate(w, spec.template);
	describeConditions(w, status.conditions);
	const owned = ownedReplicaSets(deployment, related as ReplicaSetJson[]);
	const newRS = findNewReplicaSet(deployment, owned);
	// Every owned ReplicaSet but the new one, with pods or not (FindOldReplicaSets' second list), in list order.
	const old = owned.filter(rs => rs !== newRS);
	if (old.length > 0 || newRS) {
		w.write(0, `OldReplicaSets:\t${replicaSetList(old)}\n`);
		w.write(0, `NewReplicaSet:\t${replicaSetList(newRS ? [newRS] : [])}\n`);
	}
	describeEvents(w, events, now);
	return w.lines();
}

export function describeReplicaSet({object, events, related = [], now}: DescribeInput): string[] {
	const rs = object as ReplicaSetJson & Json;
	const w = new DescribeWriter();
	w.write(0, `Name:\t${rs.metadata.name}\n`);
	w.write(0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
	w.write(0, `Selector:\t${selectorToString(rs.spec?.selector)}\n`);
	labelsMultiline(w, 'Labels', rs.metadata.labels);
	annotationsMultiline(w, 'Annotations', rs.metadata.annotations);
	const controlledBy = controllerOf(rs);
	if (controlledBy) w.write(0, `Controlled By:\t${controlledBy}\n`);
	w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
	describePodsStatus(w, related, rs.metadata.uid);
	describePodTemplate(w, rs.spec?.template);
	describeConditions(w, rs.status?.conditions);
	describeEvents(w, events, now);
	return w.lines();
}

export function describePod({object: pod, events, now}: DescribeInput): string[] {
	const w = new DescribeWriter();
	const spec = pod.spec ?? {};
	const status = pod.status ?? {};
	w.write(0, `Name:\t${pod.metadata.name}\n`);
	w.write(0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
	if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
	if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
	if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
	if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
	w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
	if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
	labelsMultiline(w, 'Labels', pod.metadata.labels);
	annotationsMultiline(w, 'Annotations', pod.metadata.annotations);
	if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
		w.write(0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, now)})\n`);
		w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
	} else w.write(0, `Status:\t${status.phase ?? ''}\n`);
	if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
	if (status.message) w.write(0, `Message:\t${status.message}\n`);
	w.write(0, `IP:\t${status.podIP ?? ''}\n`);
	if (!status.podIPs?.length) w.write(0, 'IPs:\t<none>\n');
	else {
		w.write(0, 'IPs:\n');
		for (const ip of status.podIPs) w.write(1, `IP:\t${ip.ip}\n`);
	}
	const controlledBy = controllerOf(pod);
	if (controlledBy) w.write(0, `Controlled By:\t${controlledBy}\n`);
	if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
	const resolve = podFieldResolver(pod);
	if (spec.initContainers?.length)
		describeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses, resolve, '');
	describeContainers(w, 'Containers', spec.containers, status.containerStatuses, resolve, '');
	if (status.conditions?.length) {
		w.write(0, 'Conditions:\n  Type\tStatus\n');
		for (const condition of status.conditions) w.write(1, `${condition.type} \t${condition.status} \n`);
	}
	describeVolumes(w, spec.volumes, '');
	w.write(0, `QoS Class:\t${status.qosClass ?? ''}\n`);
	labelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
	tolerationsMultiline(w, 'Tolerations', spec.tolerations);
	describeEvents(w, events, now);
	return w.lines();
}

/** Every kind the dashboard can put in focus has a describer: a kind added to ObjectRef without one does not compile. */
export type DescribableKind = ObjectRef['kind'];

export type Describer = (input: DescribeInput) => string[];

export const DESCRIBERS: Record<DescribableKind, Describer> = {
	Deployment: describeDeployment,
	StatefulSet: describeStatefulSet,
	DaemonSet: describeDaemonSet,
	ReplicaSet: describeReplicaSet,
	// kubectl has no describer of its own for a ControllerRevision: it falls back to the generic one.
	ControllerRevision: describeGeneric,
	Pod: describePod,
};
