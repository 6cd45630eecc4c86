// `kubectl describe statefulset|daemonset` (kubectl 1.32's StatefulSetDescriber and DaemonSetDescriber): the
// object, the phases of the pods its selector lists and it controls, its pod template, a StatefulSet's volume claim
// templates, and its events.
import {selectorToString} from '../format.js';
import type {DescribeInput} from './describe.js';
import {
	DescribeWriter,
	annotationsMultiline,
	describeEvents,
	describePodTemplate,
	describePodsStatus,
	formatLabels,
	labelsMultiline,
	rfc1123z,
	type Json,
} from './writer.js';

/** The beta annotation a claim's class is read from before spec.storageClassName (GetPersistentVolumeClaimClass). */
const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

function claimClass(claim: Json): string {
	const annotations: Record<string, string> = claim.metadata?.annotations ?? {};
	if (Object.hasOwn(annotations, BETA_STORAGE_CLASS_ANNOTATION)) return annotations[BETA_STORAGE_CLASS_ANNOTATION]!;
	return claim.spec?.storageClassName ?? '';
}

export function describeVolumeClaimTemplates(w: DescribeWriter, claims: Json[] | undefined): void {
	if (!claims?.length) {
		w.write(0, 'Volume Claims:\t<none>\n');
		return;
	}
	w.write(0, 'Volume Claims:\n');
	for (const claim of claims) {
		w.write(1, `Name:\t${claim.metadata?.name ?? ''}\n`);
		w.write(1, `StorageClass:\t${claimClass(claim)}\n`);
		labelsMultiline(w, 'Labels', claim.metadata?.labels, '  ');
		labelsMultiline(w, 'Annotations', claim.metadata?.annotations, '  ');
		const storage = claim.spec?.resources?.requests?.storage;
		w.write(1, `Capacity:\t${storage ?? '<default>'}\n`);
		// Go's %s of a slice of access modes.
		w.write(1, `Access Modes:\t[${(claim.spec?.accessModes ?? []).join(' ')}]\n`);
	}
}

function describeUpdateStrategy(w: DescribeWriter, strategy: Json | undefined): void {
	w.write(0, `Update Strategy:\t${strategy?.type ?? ''}\n`);
	const rolling = strategy?.rollingUpdate;
	// MaxUnavailable is shown only beside a partition, as kubectl does.
	if (rolling?.partition === undefined || rolling.partition === null) return;
	w.write(1, `Partition:\t${rolling.partition}\n`);
	if (rolling.maxUnavailable !== undefined && rolling.maxUnavailable !== null)
		w.write(1, `MaxUnavailable:\t${String(rolling.maxUnavailable)}\n`);
}

export function describeStatefulSet({object: set, events, related = [], now}: DescribeInput): string[] {
	const w = new DescribeWriter();
	const spec = set.spec ?? {};
	w.write(0, `Name:\t${set.metadata.name}\n`);
	w.write(0, `Namespace:\t${set.metadata.namespace ?? ''}\n`);
	w.write(0, `CreationTimestamp:\t${rfc1123z(set.metadata.creationTimestamp)}\n`);
	w.write(0, `Selector:\t${selectorToString(spec.selector)}\n`);
	labelsMultiline(w, 'Labels', set.metadata.labels);
	annotationsMultiline(w, 'Annotations', set.metadata.annotations);
	w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${set.status?.replicas ?? 0} total\n`);
	describeUpdateStrategy(w, spec.updateStrategy);
	describePodsStatus(w, related, set.metadata.uid);
	describePodTemplate(w, spec.template ?? {});
	describeVolumeClaimTemplates(w, spec.volumeClaimTemplates);
	describeEvents(w, events, now);
	return w.lines();
}

export function describeDaemonSet({object: daemon, events, related = [], now}: DescribeInput): string[] {
	const w = new DescribeWriter();
	const spec = daemon.spec ?? {};
	const status = daemon.status ?? {};
	w.write(0, `Name:\t${daemon.metadata.name}\n`);
	w.write(0, `Selector:\t${selectorToString(spec.selector)}\n`);
	w.write(0, `Node-Selector:\t${formatLabels(spec.template?.spec?.nodeSelector)}\n`);
	labelsMultiline(w, 'Labels', daemon.metadata.labels);
	annotationsMultiline(w, 'Annotations', daemon.metadata.annotations);
	w.write(0, `Desired Number of Nodes Scheduled: ${status.desiredNumberScheduled ?? 0}\n`);
	w.write(0, `Current Number of Nodes Scheduled: ${status.currentNumberScheduled ?? 0}\n`);
	w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${status.updatedNumberScheduled ?? 0}\n`);
	w.write(0, `Number of Nodes Scheduled with Available Pods: ${status.numberAvailable ?? 0}\n`);
	w.write(0, `Number of Nodes Misscheduled: ${status.numberMisscheduled ?? 0}\n`);
	describePodsStatus(w, related, daemon.metadata.uid);
	describePodTemplate(w, spec.template ?? {});
	describeEvents(w, events, now);
	return w.lines();
}
