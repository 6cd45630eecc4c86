// The pieces kubectl describe prints for several kinds (pkg/describe/describe.go): a prefix writer over a
// tabwriter, labels and annotations over several lines, tolerations, containers, volumes, a pod template and the
// events table. Each function writes the lines kubectl writes, in its order; nothing here reads a cluster.
import {humanDuration} from '../../k8s/duration.js';
import type {EventJson} from '../objects.js';
import {tabwrite} from './tabwriter.js';

export type Json = Record<string, any>;

/** printers.WriteEscaped: kubectl writes ESC as `^[` and CR as `\r` before the tabwriter measures the cells. */
const escapeTerminal = (text: string) => text.replace(/\u001b/g, '^[').replace(/\r/g, '\\r');

/** kubectl's PrefixWriter over a tabwriter: levels indent by two spaces; flush() ends a block of alignment. */
export class DescribeWriter {
	private pending = '';
	private done = '';

	write(level: number, text: string): void {
		this.pending += escapeTerminal('  '.repeat(level) + text);
	}

	flush(): void {
		this.done += tabwrite(this.pending);
		this.pending = '';
	}

	text(): string {
		this.flush();
		return this.done;
	}

	lines(): string[] {
		const text = this.text();
		return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
	}
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z in the local zone, as kubectl prints times: "Thu, 03 Dec 2026 05:17:31 +0000". */
export function rfc1123z(time: string | undefined | null): string {
	const date = new Date(time ?? 0);
	if (!time || Number.isNaN(date.getTime())) return 'Mon, 01 Jan 0001 00:00:00 +0000';
	const offset = -date.getTimezoneOffset();
	const sign = offset >= 0 ? '+' : '-';
	const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
	return `${DAYS[date.getDay()]}, ${pad(date.getDate())} ${MONTHS[date.getMonth()]} ${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${zone}`;
}

/** translateTimestampSince: kubectl's age of a time, `<unknown>` when unset. */
export function since(time: string | undefined | null, now: Date): string {
	const date = time ? new Date(time) : undefined;
	if (!date || Number.isNaN(date.getTime()) || date.getTime() <= 0) return '<unknown>';
	return humanDuration(now.getTime() - date.getTime());
}

export function labelsMultiline(
	w: DescribeWriter,
	title: string,
	labels: Record<string, string> | undefined,
	initialIndent = '',
): void {
	w.write(0, `${initialIndent}${title}:\t`);
	const keys = Object.keys(labels ?? {}).sort();
	if (keys.length === 0) {
		w.write(0, '<none>\n');
		return;
	}
	keys.forEach((key, index) => {
		if (index > 0) w.write(0, `${initialIndent}\t`);
		w.write(0, `${key}=${labels![key]}\n`);
	});
}

const MAX_ANNOTATION_LENGTH = 140;
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}...` : text);

export function annotationsMultiline(
	w: DescribeWriter,
	title: string,
	annotations: Record<string, string> | undefined,
): void {
	w.write(0, `${title}:\t`);
	const keys = Object.keys(annotations ?? {})
		.filter(key => !SKIPPED_ANNOTATIONS.has(key))
		.sort();
	if (keys.length === 0) {
		w.write(0, '<none>\n');
		return;
	}
	keys.forEach((key, index) => {
		if (index > 0) w.write(0, '\t');
		const value = annotations![key]!.replace(/\n$/, '');
		if (value.length + key.length + 2 > MAX_ANNOTATION_LENGTH || value.includes('\n')) {
			w.write(0, `${key}:\n`);
			for (const line of value.split('\n')) w.write(0, `\t  ${shorten(line, MAX_ANNOTATION_LENGTH - 2)}\n`);
		} else w.write(0, `${key}: ${value}\n`);
	});
}

export function tolerationsMultiline(
	w: DescribeWriter,
	title: string,
	tolerations: Json[] | undefined,
	initialIndent = '',
): void {
	w.write(0, `${initialIndent}${title}:\t`);
	const sorted = [...(tolerations ?? [])].sort((a, b) =>
		(a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0,
	);
	if (sorted.length === 0) {
		w.write(0, '<none>\n');
		return;
	}
	sorted.forEach((toleration, index) => {
		if (index > 0) w.write(0, `${initialIndent}\t`);
		let text = toleration.key ?? '';
		if (toleration.value) text += `=${toleration.value}`;
		if (toleration.effect) text += `:${toleration.effect}`;
		if (toleration.operator === 'Exists' && !toleration.value)
			text += toleration.key || toleration.effect ? ' op=Exists' : 'op=Exists';
		if (toleration.tolerationSeconds !== undefined && toleration.tolerationSeconds !== null)
			text += ` for ${toleration.tolerationSeconds}s`;
		w.write(0, `${text}\n`);
	});
}

const intOrString = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** DescribeProbe: "http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3". */
export function describeProbe(probe: Json): string {
	const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 0}s period=${probe.periodSeconds ?? 0}s #success=${probe.successThreshold ?? 0} #failure=${probe.failureThreshold ?? 0}`;
	if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`;
	if (probe.httpGet) {
		const port = intOrString(probe.httpGet.port);
		const host = probe.httpGet.host ?? '';
		const hostPort = port ? `${host.includes(':') ? `[${host}]` : host}:${port}` : host;
		return `http-get ${String(probe.httpGet.scheme ?? '').toLowerCase()}://${hostPort}${probe.httpGet.path ?? ''} ${attrs}`;
	}
	if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ''}:${intOrString(probe.tcpSocket.port)} ${attrs}`;
	if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ''} ${attrs}`;
	return `unknown ${attrs}`;
}

function describeStatus(w: DescribeWriter, stateName: string, state: Json | undefined): void {
	if (state?.running) {
		w.write(2, `${stateName}:\tRunning\n`);
		w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
	} else if (state?.waiting) {
		w.write(2, `${stateName}:\tWaiting\n`);
		if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
	} else if (state?.terminated) {
		const terminated = state.terminated;
		w.write(2, `${stateName}:\tTerminated\n`);
		if (terminated.reason) w.write(3, `Reason:\t${terminated.reason}\n`);
		if (terminated.message) w.write(3, `Message:\t${terminated.message}\n`);
		w.write(3, `Exit Code:\t${terminated.exitCode ?? 0}\n`);
		if ((terminated.signal ?? 0) > 0) w.write(3, `Signal:\t${terminated.signal}\n`);
		w.write(3, `Started:\t${rfc1123z(terminated.startedAt)}\n`);
		w.write(3, `Finished:\t${rfc1123z(terminated.finishedAt)}\n`);
	} else w.write(2, `${stateName}:\tWaiting\n`);
}

function describeResources(w: DescribeWriter, resources: Json | undefined, level: number): void {
	for (const [title, values] of [
		['Limits', resources?.limits],
		['Requests', resources?.requests],
	] as const) {
		const names = Object.keys(values ?? {}).sort();
		if (names.length === 0) continue;
		w.write(level, `${title}:\n`);
		for (const name of names) w.write(level + 1, `${name}:\t${values[name]}\n`);
	}
}

export type EnvResolver = (fieldPath: string) => string;

/** The fields of a pod a fieldRef can name, as fieldpath.ExtractFieldPathAsString reads them. */
export function podFieldResolver(pod: Json): EnvResolver {
	return fieldPath => {
		const annotation = fieldPath.match(/^metadata\.(labels|annotations)\['(.*)'\]$/);
		if (annotation) return pod.metadata?.[annotation[1]!]?.[annotation[2]!] ?? '';
		const values: Record<string, unknown> = {
			'metadata.name': pod.metadata?.name,
			'metadata.namespace': pod.metadata?.namespace,
			'metadata.uid': pod.metadata?.uid,
			'spec.nodeName': pod.spec?.nodeName,
			'spec.serviceAccountName': pod.spec?.serviceAccountName,
			'status.hostIP': pod.status?.hostIP,
			'status.podIP': pod.status?.podIP,
		};
		return String(values[fieldPath] ?? '');
	};
}

function describeEnv(w: DescribeWriter, container: Json, resolve: EnvResolver | undefined): void {
	if ((container.envFrom ?? []).length > 0) {
		w.write(2, 'Environment Variables from:\n');
		for (const from of container.envFrom) {
			const ref = from.configMapRef ?? from.secretRef ?? {};
			const kind = from.configMapRef ? 'ConfigMap' : from.secretRef ? 'Secret' : '';
			const described = from.prefix ? `${kind} with prefix '${from.prefix}'` : kind;
			w.write(3, `${ref.name ?? ''}\t${described}\tOptional: ${ref.optional === true}\n`);
		}
	}
	const env: Json[] = container.env ?? [];
	w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
	for (const variable of env) {
		const from = variable.valueFrom;
		if (!from) {
			const [first = '', ...rest] = String(variable.value ?? '').split('\n');
			w.write(3, `${variable.name}:\t${first}\n`);
			for (const line of rest) w.write(3, `\t${line}\n`);
		} else if (from.fieldRef) {
			const value = resolve ? resolve(from.fieldRef.fieldPath) : '';
			w.write(3, `${variable.name}:\t${value} (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})\n`);
		} else if (from.resourceFieldRef) {
			w.write(3, `${variable.name}:\t (${from.resourceFieldRef.resource})\n`);
		} else if (from.secretKeyRef) {
			const ref = from.secretKeyRef;
			w.write(
				3,
				`${variable.name}:\t<set to the key '${ref.key}' in secret '${ref.name}'>\tOptional: ${ref.optional === true}\n`,
			);
		} else if (from.configMapKeyRef) {
			const ref = from.configMapKeyRef;
			w.write(
				3,
				`${variable.name}:\t<set to the key '${ref.key}' of config map '${ref.name}'>\tOptional: ${ref.optional === true}\n`,
			);
		}
	}
}

function describeMounts(w: DescribeWriter, container: Json): void {
	const mounts: Json[] = [...(container.volumeMounts ?? [])].sort((a, b) =>
		a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0,
	);
	w.write(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
	for (const mount of mounts) {
		const flags = [mount.readOnly ? 'ro' : 'rw'];
		if (mount.subPath) flags.push(`path=${JSON.stringify(mount.subPath)}`);
		w.write(3, `${mount.mountPath} from ${mount.name} (${flags.join(',')})\n`);
	}
}

/** describeContainers: each container's image, ports, state (when there is a status), probes, env and mounts. */
export function describeContainers(
	w: DescribeWriter,
	label: string,
	containers: Json[] | undefined,
	statuses: Json[] | undefined,
	resolve: EnvResolver | undefined,
	space: string,
): void {
	const list = containers ?? [];
	w.write(0, `${space}${label}:${list.length === 0 ? ' <none>' : ''}\n`);
	const nameIndent = space ? ' ' : '';
	for (const container of list) {
		const status = statuses?.find(s => s.name === container.name);
		w.write(1, `${nameIndent}${container.name}:\n`);
		if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
		w.write(2, `Image:\t${container.image ?? ''}\n`);
		if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
		const ports: Json[] = container.ports ?? [];
		const portText = ports.map(port => `${port.containerPort}/${port.protocol ?? 'TCP'}`).join(', ');
		const hostPortText = ports.map(port => `${port.hostPort ?? 0}/${port.protocol ?? 'TCP'}`).join(', ');
		w.write(2, portText.includes(',') ? `Ports:\t${portText}\n` : `Port:\t${portText || '<none>'}\n`);
		w.write(
			2,
			hostPortText.includes(',') ? `Host Ports:\t${hostPortText}\n` : `Host Port:\t${hostPortText || '<none>'}\n`,
		);
		for (const [title, values] of [
			['Command', container.command],
			['Args', container.args],
		] as const) {
			if (!values?.length) continue;
			w.write(2, `${title}:\n`);
			for (const value of values) for (const line of String(value).split('\n')) w.write(3, `${line}\n`);
		}
		if (status) {
			describeStatus(w, 'State', status.state);
			if (status.lastState?.terminated) describeStatus(w, 'Last State', status.lastState);
			w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
			w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
		}
		describeResources(w, container.resources, 2);
		if (container.livenessProbe) w.write(2, `Liveness:\t${describeProbe(container.livenessProbe)}\n`);
		if (container.readinessProbe) w.write(2, `Readiness:\t${describeProbe(container.readinessProbe)}\n`);
		if (container.startupProbe) w.write(2, `Startup:\t${describeProbe(container.startupProbe)}\n`);
		describeEnv(w, container, resolve);
		describeMounts(w, container);
	}
}

function describeVolume(w: DescribeWriter, volume: Json): void {
	if (volume.emptyDir) {
		w.write(
			2,
			`Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${volume.emptyDir.medium ?? ''}\n    SizeLimit:\t${volume.emptyDir.sizeLimit ?? '<unset>'}\n`,
		);
	} else if (volume.hostPath) {
		w.write(
			2,
			`Type:\tHostPath (bare host directory volume)\n    Path:\t${volume.hostPath.path}\n    HostPathType:\t${volume.hostPath.type ?? '<none>'}\n`,
		);
	} else if (volume.secret) {
		w.write(
			2,
			`Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${volume.secret.secretName ?? ''}\n    Optional:\t${volume.secret.optional === true}\n`,
		);
	} else if (volume.configMap) {
		w.write(
			2,
			`Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${volume.configMap.name ?? ''}\n    Optional:\t${volume.configMap.optional === true}\n`,
		);
	} else if (volume.persistentVolumeClaim) {
		w.write(
			2,
			`Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${volume.persistentVolumeClaim.claimName}\n    ReadOnly:\t${volume.persistentVolumeClaim.readOnly === true}\n`,
		);
	} else if (volume.projected) {
		w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
		const optional = (value: unknown) => (value === undefined || value === null ? '<nil>' : String(value));
		for (const source of volume.projected.sources ?? []) {
			if (source.secret)
				w.write(
					2,
					`SecretName:\t${source.secret.name}\n    SecretOptionalName:\t${optional(source.secret.optional)}\n`,
				);
			else if (source.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
			else if (source.configMap)
				w.write(
					2,
					`ConfigMapName:\t${source.configMap.name}\n    ConfigMapOptional:\t${optional(source.configMap.optional)}\n`,
				);
			else if (source.serviceAccountToken)
				w.write(2, `TokenExpirationSeconds:\t${source.serviceAccountToken.expirationSeconds ?? 3600}\n`);
		}
	} else w.write(1, '<unknown>\n');
}

export function describeVolumes(w: DescribeWriter, volumes: Json[] | undefined, space: string): void {
	if (!volumes?.length) {
		w.write(0, `${space}Volumes:\t<none>\n`);
		return;
	}
	w.write(0, `${space}Volumes:\n`);
	for (const volume of volumes) {
		w.write(1, `${space ? ' ' : ''}${volume.name}:\n`);
		describeVolume(w, volume);
	}
}

export function describePodTemplate(w: DescribeWriter, template: Json | undefined): void {
	w.write(0, 'Pod Template:\n');
	if (!template) {
		w.write(1, '<unset>');
		return;
	}
	const spec = template.spec ?? {};
	labelsMultiline(w, '  Labels', template.metadata?.labels);
	if (Object.keys(template.metadata?.annotations ?? {}).length > 0)
		annotationsMultiline(w, '  Annotations', template.metadata.annotations);
	if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
	if (spec.initContainers?.length)
		describeContainers(w, 'Init Containers', spec.initContainers, undefined, undefined, '  ');
	describeContainers(w, 'Containers', spec.containers, undefined, undefined, '  ');
	describeVolumes(w, spec.volumes, '  ');
	if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
	labelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
	tolerationsMultiline(w, '  Tolerations', spec.tolerations);
}

/** The Conditions table of a Deployment or ReplicaSet ("Type Status Reason"). */
export function describeConditions(w: DescribeWriter, conditions: Json[] | undefined): void {
	if (!conditions?.length) return;
	w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
	w.write(1, '----\t------\t------\n');
	for (const condition of conditions)
		w.write(1, `${condition.type} \t${condition.status}\t${condition.reason ?? ''}\n`);
}

/** DescribeEvents: oldest first by lastTimestamp, "(xN over AGE)" for repeats; <none> without any. */
export function describeEvents(w: DescribeWriter, events: readonly EventJson[] | undefined, now: Date): void {
	if (!events) return;
	if (events.length === 0) {
		w.write(0, 'Events:\t<none>\n');
		return;
	}
	w.flush();
	const time = (value: string | null | undefined) => (value ? Date.parse(value) || 0 : 0);
	const sorted = [...events].sort((a, b) => time(a.lastTimestamp) - time(b.lastTimestamp));
	w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
	w.write(1, '----\t------\t----\t----\t-------\n');
	for (const event of sorted) {
		const raw = event as EventJson & {source?: {component?: string}; reportingComponent?: string};
		const first = event.eventTime ? since(event.eventTime, now) : since(event.firstTimestamp, now);
		let interval = first;
		if (event.series) interval = `${since(event.series.lastObservedTime, now)} (x${event.series.count} over ${first})`;
		else if ((event.count ?? 0) > 1) interval = `${since(event.lastTimestamp, now)} (x${event.count} over ${first})`;
		const source = raw.source?.component || raw.reportingComponent || '';
		w.write(1, `${event.type ?? ''}\t${event.reason ?? ''}\t${interval}\t${source}\t${(event.message ?? '').trim()}\n`);
	}
}

/** labels.FormatLabels: "k=v,k2=v2" in key order, `<none>` without any. */
export function formatLabels(labels: Record<string, string> | undefined): string {
	const keys = Object.keys(labels ?? {}).sort();
	return keys.length === 0 ? '<none>' : keys.map(key => `${key}=${labels![key]}`).join(',');
}

/**
 * getPodStatusForController: the phases of the pods (listed by the controller's selector) whose controller is the
 * object with this uid; orphans and other controllers' pods are not counted.
 */
export function describePodsStatus(w: DescribeWriter, pods: readonly Json[], uid: string | undefined): void {
	const counts: Record<string, number> = {Running: 0, Pending: 0, Succeeded: 0, Failed: 0};
	for (const pod of pods) {
		const owner = (pod.metadata?.ownerReferences ?? []).find((ref: Json) => ref.controller === true);
		if (!owner || owner.uid !== uid) continue;
		const phase = pod.status?.phase as string;
		if (Object.hasOwn(counts, phase)) counts[phase]!++;
	}
	w.write(
		0,
		`Pods Status:\t${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed\n`,
	);
}

/** "Kind/name" of the object's controller, or ''. */
export function controllerOf(object: Json): string {
	const ref = (object.metadata?.ownerReferences ?? []).find((owner: Json) => owner.controller === true);
	return ref ? `${ref.kind}/${ref.name}` : '';
}
