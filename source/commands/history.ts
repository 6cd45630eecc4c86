// rollout-dash history DEPLOYMENT: the revisions kubectl rollout history lists, with the ReplicaSet counts
// kubectl get rs shows and the images of each revision.
import {getDeployment, listReplicaSetsOf} from '../cluster/actions.js';
import type {Connection} from '../cluster/connect.js';
import {ApiError, errorLine} from '../cluster/http.js';
import {formatTable, humanDuration} from '../model/format.js';
import {revisionHistory} from '../model/revisions.js';
import type {RevisionEntry} from '../model/types.js';
import {printError, printJson, type Output, type OutputFormat} from './output.js';

export interface HistoryOptions {
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

export async function runHistory(connection: Connection, options: HistoryOptions): Promise<number> {
	const err = options.err ?? process.stderr;
	const now = (options.now ?? (() => new Date()))();
	let history: RevisionEntry[];
	try {
		const deployment = await getDeployment(connection.client, connection.namespace, options.name);
		history = revisionHistory(deployment, await listReplicaSetsOf(connection.client, deployment));
	} catch (error) {
		if (error instanceof ApiError && error.status === 404)
			printError(err, `Error from server (NotFound): ${error.apiMessage}`);
		else printError(err, errorLine(error));
		return 1;
	}
	if (options.output === 'json') {
		printJson(options.out, {namespace: connection.namespace, name: options.name, revisions: history});
		return 0;
	}
	if (history.length === 0) {
		options.out.write('No rollout history found.\n');
		return 0;
	}
	options.out.write(historyTable(history, now));
	return 0;
}
