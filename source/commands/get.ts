// rollout-dash get: the deployments of the namespace (or all) with revision, phase and rollout progress.
import type {Connection} from '../cluster/connect.js';
import {errorLine} from '../cluster/http.js';
import {collectionPath, listAll} from '../cluster/list.js';
import {withoutManagedFields} from '../cluster/watch.js';
import {formatTable, humanDuration} from '../model/format.js';
import {detectGitOps} from '../model/gitops.js';
import type {DeploymentJson, ReplicaSetJson} from '../model/objects.js';
import {compareByNamespaceAndName, summarizeDeployment} from '../model/summary.js';
import type {DeploymentSummary} from '../model/types.js';
import {printError, printJson, type Output, type OutputFormat} from './output.js';

export interface GetOptions {
	output: OutputFormat;
	out: Output;
	/** Where errors go (default process.stderr). */
	err?: Output;
	now?: () => Date;
}

export async function loadSummaries(connection: Connection, now: Date): Promise<DeploymentSummary[]> {
	const namespace = connection.allNamespaces ? undefined : connection.namespace;
	const [rawDeployments, replicaSets] = await Promise.all([
		listAll<DeploymentJson>(connection.client, collectionPath('apps', 'deployments', namespace), {
			labelSelector: connection.labelSelector,
		}),
		listAll<ReplicaSetJson>(connection.client, collectionPath('apps', 'replicasets', namespace)),
	]);
	return rawDeployments
		.map(raw => {
			const gitOps = detectGitOps(raw.metadata);
			const deployment = withoutManagedFields(raw);
			const owned = replicaSets.filter(rs =>
				rs.metadata.ownerReferences?.some(ref => ref.controller && ref.uid === deployment.metadata.uid),
			);
			return summarizeDeployment(deployment, owned, now, gitOps);
		})
		.sort(compareByNamespaceAndName);
}

export function deadlineText(summary: DeploymentSummary): string {
	if (!summary.deadline) return '-';
	if (summary.deadline.exceeded) return 'exceeded';
	if (summary.deadline.remainingSeconds === undefined) return '-';
	return humanDuration(summary.deadline.remainingSeconds * 1000);
}

export function getTable(summaries: DeploymentSummary[], allNamespaces: boolean, now: Date): string {
	const header = ['NAME', 'REVISION', 'PHASE', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'DEADLINE', 'AGE'];
	const rows = summaries.map(s => [
		s.name,
		String(s.revision),
		s.phase,
		`${s.progress.ready}/${s.progress.desired}`,
		String(s.progress.updated),
		String(s.progress.available),
		deadlineText(s),
		humanDuration(now.getTime() - s.createdAt.getTime()),
	]);
	if (allNamespaces) {
		header.unshift('NAMESPACE');
		for (const [index, s] of summaries.entries()) rows[index]!.unshift(s.namespace);
	}
	return formatTable(header, rows);
}

export async function runGet(connection: Connection, options: GetOptions): Promise<number> {
	const err = options.err ?? process.stderr;
	const now = (options.now ?? (() => new Date()))();
	let summaries: DeploymentSummary[];
	try {
		summaries = await loadSummaries(connection, now);
	} catch (error) {
		printError(err, errorLine(error));
		return 1;
	}
	if (options.output === 'json') {
		printJson(options.out, {deployments: summaries});
		return 0;
	}
	if (summaries.length === 0) {
		options.out.write(
			connection.allNamespaces ? 'No resources found\n' : `No resources found in ${connection.namespace} namespace.\n`,
		);
		return 0;
	}
	options.out.write(getTable(summaries, connection.allNamespaces, now));
	return 0;
}
