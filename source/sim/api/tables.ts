// Server-side Table printing (pkg/printers/internalversion/printers.go) for `kubectl get`:
// the columns and cells a real API server sends for each kind.
import {isRbacResource, type Resource, type StoredObject} from '../store.js';
import {formatLabelSelector} from './selectors.js';
import {humanDuration} from '../../k8s/duration.js';
import {RBAC_COLUMNS, rbacCells} from './rbac/resources.js';
import {workloadCells, workloadColumns} from './tables-workloads.js';

export interface ColumnDefinition {
	name: string;
	type: string;
	format: string;
	description: string;
	priority: number;
}

const column = (name: string, type = 'string', priority = 0, format = '', description = ''): ColumnDefinition => ({
	name,
	type,
	format,
	description: description || name,
	priority,
});

const NAME = column(
	'Name',
	'string',
	0,
	'name',
	'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
);
const AGE = column(
	'Age',
	'string',
	0,
	'',
	'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
);

const COLUMNS: Record<Resource, ColumnDefinition[]> = {
	...RBAC_COLUMNS,
	deployments: [
		NAME,
		column('Ready', 'string', 0, '', 'Number of the pod with ready state'),
		column(
			'Up-to-date',
			'string',
			0,
			'',
			'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
		),
		column(
			'Available',
			'string',
			0,
			'',
			'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
		),
		AGE,
		column('Containers', 'string', 1, '', 'Names of each container in the template.'),
		column('Images', 'string', 1, '', 'Images referenced by each container in the template.'),
		column(
			'Selector',
			'string',
			1,
			'',
			'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
		),
	],
	replicasets: [
		NAME,
		column('Desired', 'integer', 0, '', 'Number of desired pods.'),
		column('Current', 'integer', 0, '', 'Number of actual replicas.'),
		column('Ready', 'integer', 0, '', 'Number of ready replicas.'),
		AGE,
		column('Containers', 'string', 1, '', 'Names of each container in the template.'),
		column('Images', 'string', 1, '', 'Images referenced by each container in the template.'),
		column('Selector', 'string', 1, '', 'Label selector for pods.'),
	],
	pods: [
		NAME,
		column('Ready', 'string', 0, '', 'The aggregate readiness state of this pod for accepting traffic.'),
		column('Status', 'string', 0, '', 'The aggregate status of the containers in this pod.'),
		column(
			'Restarts',
			'string',
			0,
			'',
			'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
		),
		AGE,
		column(
			'IP',
			'string',
			1,
			'',
			'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
		),
		column('Node', 'string', 1, '', 'NodeName is a request to schedule this pod onto a specific node.'),
		column(
			'Nominated Node',
			'string',
			1,
			'',
			'nominatedNodeName is set only when this pod preempts other pods on the node.',
		),
		column(
			'Readiness Gates',
			'string',
			1,
			'',
			'If specified, all readiness gates will be evaluated for pod readiness.',
		),
	],
	namespaces: [NAME, column('Status', 'string', 0, '', 'The status of the namespace'), AGE],
	events: [
		column('Last Seen', 'string', 0, '', 'The last time this event was seen.'),
		column('Type', 'string', 0, '', 'Type of this event (Normal, Warning), new types could be added in the future.'),
		column(
			'Reason',
			'string',
			0,
			'',
			"This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
		),
		column('Object', 'string', 0, '', 'The object this event is about.'),
		column('Subobject', 'string', 1, '', 'The subobject this event is about.'),
		column('Source', 'string', 1, '', 'The component reporting this event.'),
		column('Message', 'string', 0, '', 'A human-readable description of the status of this operation.'),
		column('First Seen', 'string', 1, '', 'The first time this event was seen.'),
		column('Count', 'string', 1, '', 'The number of times this event has occurred.'),
		column('Name', 'string', 1, 'name', 'The name of this event.'),
	],
	...workloadColumns(NAME, AGE),
};

export {humanDuration} from '../../k8s/duration.js';

const since = (timestamp: unknown, now: number) =>
	typeof timestamp === 'string' && timestamp ? humanDuration(now - Date.parse(timestamp)) : '<unknown>';

function templateColumns(object: StoredObject): string[] {
	const containers: any[] = object.spec?.template?.spec?.containers ?? [];
	return [
		containers.map(c => c.name).join(','),
		containers.map(c => c.image).join(','),
		formatLabelSelector(object.spec?.selector) || '<none>',
	];
}

/** The Pod STATUS column as printPod computes it. */
export function podStatus(pod: StoredObject): string {
	let reason: string = pod.status?.reason || pod.status?.phase || '';
	const initStatuses: any[] = pod.status?.initContainerStatuses ?? [];
	let initializing = false;
	for (const [index, status] of initStatuses.entries()) {
		const terminated = status.state?.terminated;
		if (terminated && terminated.exitCode === 0) continue;
		if (terminated)
			reason = terminated.reason
				? `Init:${terminated.reason}`
				: terminated.signal
					? `Init:Signal:${terminated.signal}`
					: `Init:ExitCode:${terminated.exitCode}`;
		else if (status.state?.waiting?.reason && status.state.waiting.reason !== 'PodInitializing')
			reason = `Init:${status.state.waiting.reason}`;
		else reason = `Init:${index}/${(pod.spec?.initContainers ?? []).length}`;
		initializing = true;
		break;
	}
	if (!initializing) {
		let hasRunning = false;
		const statuses: any[] = pod.status?.containerStatuses ?? [];
		for (let i = statuses.length - 1; i >= 0; i--) {
			const state = statuses[i].state ?? {};
			if (state.waiting?.reason) reason = state.waiting.reason;
			else if (state.terminated?.reason) reason = state.terminated.reason;
			else if (state.terminated)
				reason = state.terminated.signal
					? `Signal:${state.terminated.signal}`
					: `ExitCode:${state.terminated.exitCode}`;
			else if (state.running && statuses[i].ready) hasRunning = true;
		}
		if (reason === 'Completed' && hasRunning) {
			const ready = (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
			reason = ready ? 'Running' : 'NotReady';
		}
	}
	if (pod.metadata.deletionTimestamp) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
	return reason;
}

function podRestarts(pod: StoredObject, now: number): string | number {
	let restarts = 0;
	let last = 0;
	for (const status of (pod.status?.containerStatuses ?? []) as any[]) {
		restarts += status.restartCount ?? 0;
		const finished = Date.parse(status.lastState?.terminated?.finishedAt ?? '');
		if (Number.isFinite(finished) && finished > last) last = finished;
	}
	return last > 0 ? `${restarts} (${humanDuration(now - last)} ago)` : restarts;
}

function cells(resource: Resource, object: StoredObject, now: number): unknown[] {
	const {metadata, spec, status} = object;
	const age = since(metadata.creationTimestamp, now);
	switch (resource) {
		case 'deployments':
			return [
				metadata.name,
				`${status?.readyReplicas ?? 0}/${spec?.replicas ?? 0}`,
				status?.updatedReplicas ?? 0,
				status?.availableReplicas ?? 0,
				age,
				...templateColumns(object),
			];
		case 'replicasets':
			return [
				metadata.name,
				spec?.replicas ?? 0,
				status?.replicas ?? 0,
				status?.readyReplicas ?? 0,
				age,
				...templateColumns(object),
			];
		case 'pods': {
			const statuses: any[] = status?.containerStatuses ?? [];
			const total = (spec?.containers ?? []).length;
			const ready = statuses.filter(s => s.ready).length;
			const gates: any[] = spec?.readinessGates ?? [];
			return [
				metadata.name,
				`${ready}/${total}`,
				podStatus(object),
				podRestarts(object, now),
				age,
				status?.podIP || '<none>',
				spec?.nodeName || '<none>',
				status?.nominatedNodeName || '<none>',
				gates.length ? `0/${gates.length}` : '<none>',
			];
		}
		case 'namespaces':
			return [metadata.name, status?.phase ?? '', age];
		case 'events': {
			const event = object as any;
			const last = event.lastTimestamp || event.eventTime || event.firstTimestamp || metadata.creationTimestamp;
			const involved = event.involvedObject ?? {};
			const objectText = `${String(involved.kind ?? '').toLowerCase()}/${involved.name ?? ''}`;
			const source = event.source?.component
				? [event.source.component, event.source.host].filter(Boolean).join(', ')
				: (event.reportingComponent ?? '');
			return [
				since(last, now),
				event.type ?? '',
				event.reason ?? '',
				objectText,
				involved.fieldPath ?? '',
				source,
				event.message ?? '',
				since(event.firstTimestamp || last, now),
				event.count ?? 1,
				metadata.name,
			];
		}
		default:
			return isRbacResource(resource)
				? rbacCells(resource, object, age)
				: workloadCells(resource, object, age, templateColumns);
	}
}

/** What each row carries (the `includeObject` query parameter): metadata by default, the whole object for --sort-by. */
export type IncludeObject = 'Metadata' | 'Object' | 'None';

export function includeObjectOf(query: URLSearchParams): IncludeObject {
	const value = query.get('includeObject');
	return value === 'Object' || value === 'None' ? value : 'Metadata';
}

function rowObject(object: StoredObject, include: IncludeObject) {
	if (include === 'Object') return object;
	return {kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata};
}

export function tableRow(resource: Resource, object: StoredObject, now: number, include: IncludeObject = 'Metadata') {
	const row: {cells: unknown[]; object?: unknown} = {cells: cells(resource, object, now)};
	if (include !== 'None') row.object = rowObject(object, include);
	return row;
}

/** A meta.k8s.io/v1 Table of objects. */
export function toTable(
	resource: Resource,
	objects: StoredObject[],
	resourceVersion: string,
	now = Date.now(),
	extraMetadata: Record<string, unknown> = {},
	include: IncludeObject = 'Metadata',
) {
	return {
		kind: 'Table',
		apiVersion: 'meta.k8s.io/v1',
		metadata: {resourceVersion, ...extraMetadata},
		columnDefinitions: COLUMNS[resource],
		rows: objects.map(object => tableRow(resource, object, now, include)),
	};
}

/** Whether an Accept header asks for a Table (`as=Table;g=meta.k8s.io`) before plain JSON. */
export function wantsTable(accept: string | undefined): boolean {
	if (!accept) return false;
	for (const part of accept.split(',')) {
		const params = part.split(';').map(p => p.trim());
		if (params.includes('as=Table') && params.some(p => p === 'g=meta.k8s.io')) return true;
		if (params[0] === 'application/json' || params[0] === '*/*') return false;
	}
	return false;
}
