// rollout-dash history [TYPE/]NAME: the revisions kubectl rollout history lists, with the images of each revision;
// a Deployment's with the ReplicaSet counts kubectl get rs shows, a StatefulSet's or DaemonSet's from its
// ControllerRevisions.
import {getDeployment, listControllerRevisionsOf, listReplicaSetsOf} from '../cluster/actions.js';
import type {Connection} from '../cluster/connect.js';
import {ApiError, errorLine} from '../cluster/http.js';
import {formatTable, humanDuration} from '../model/format.js';
import {controllerRevisionHistory, type RevisionedWorkload} from '../model/controller-revisions.js';
import {objectPath, type WorkloadKind} from '../model/kinds.js';
import {revisionHistory} from '../model/revisions.js';
import type {RevisionEntry} from '../model/types.js';
import {parseTarget, TargetError} from './target.js';
import {printError, printJson, type Output, type OutputFormat} from './output.js';

export interface HistoryOptions {
	/** NAME (a Deployment) or TYPE/NAME. */
	name: string;
	output: OutputFormat;
	out: Output;
	err?: Output;
	now?: () => Date;
}

export function historyTable(history: RevisionEntry[], now: Date): string {
	const header = ['REVISION', 'REPLICASET', 'DESIRED', 'CURRENT', 'READY', 'AGE', 'IMAGES', 'CHANGE-CAUSE'];
	const rows = history.map(entry => [
		entry.isCurrent ? `${entry.revision} (current)` : String(entry.revision),
		entry.replicaSetName,
		String(entry.desired),
		String(entry.current),
		String(entry.ready),
		humanDuration(now.getTime() - entry.createdAt.getTime()),
		entry.images.map(image => image.image).join(',') || '<none>',
		entry.changeCause ?? (entry.derivedCause ? `(${entry.derivedCause})` : '<none>'),
	]);
	return formatTable(header, rows);
}

/** A StatefulSet's or DaemonSet's revisions: no ReplicaSets to count, so the ControllerRevision and its template. */
export function revisionsTable(history: RevisionEntry[], now: Date): string {
	const header = ['REVISION', 'CONTROLLERREVISION', 'AGE', 'IMAGES', 'CHANGE-CAUSE'];
	const rows = history.map(entry => [
		entry.isCurrent ? `${entry.revision} (current)` : String(entry.revision),
		entry.replicaSetName,
		humanDuration(now.getTime() - entry.createdAt.getTime()),
		entry.images.map(image => image.image).join(',') || '<none>',
		entry.changeCause ?? (entry.derivedCause ? `(${entry.derivedCause})` : '<none>'),
	]);
	return formatTable(header, rows);
}

async function readHistory(connection: Connection, kind: WorkloadKind, name: string): Promise<RevisionEntry[]> {
	if (kind === 'Deployment') {
		const deployment = await getDeployment(connection.client, connection.namespace, name);
		return revisionHistory(deployment, await listReplicaSetsOf(connection.client, deployment));
	}
	const workload = await connection.client.request<RevisionedWorkload>(objectPath(kind, connection.namespace, name));
	return controllerRevisionHistory(kind, workload, await listControllerRevisionsOf(connection.client, workload));
}

export async function runHistory(connection: Connection, options: HistoryOptions): Promise<number> {
	const err = options.err ?? process.stderr;
	const now = (options.now ?? (() => new Date()))();
	let history: RevisionEntry[];
	let target: {kind: WorkloadKind; name: string};
	try {
		target = parseTarget(options.name);
		history = await readHistory(connection, target.kind, target.name);
	} catch (error) {
		if (error instanceof TargetError) printError(err, error.message);
		else if (error instanceof ApiError && error.status === 404)
			printError(err, `Error from server (NotFound): ${error.apiMessage}`);
		else printError(err, errorLine(error));
		return 1;
	}
	if (options.output === 'json') {
		printJson(options.out, {
			namespace: connection.namespace,
			name: target.name,
			...(target.kind === 'Deployment' ? {} : {kind: target.kind}),
			revisions: history,
		});
		return 0;
	}
	if (history.length === 0) {
		options.out.write('No rollout history found.\n');
		return 0;
	}
	options.out.write(target.kind === 'Deployment' ? historyTable(history, now) : revisionsTable(history, now));
	return 0;
}
