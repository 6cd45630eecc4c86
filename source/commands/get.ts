// rollout-dash get: the rollout workloads of the namespace (or all): Deployments, StatefulSets and DaemonSets, with
// revision, phase and rollout progress; narrowed to kinds by --kind or a TYPE argument, to one by TYPE/NAME.
import type {Connection} from '../cluster/connect.js';
import {errorLine} from '../cluster/http.js';
import {collectionPath, listAll} from '../cluster/list.js';
import {withoutManagedFields} from '../cluster/watch.js';
import {formatTable, humanDuration} from '../model/format.js';
import {detectGitOps} from '../model/gitops.js';
import type {DeploymentJson, ReplicaSetJson} from '../model/objects.js';
import {kindPath, qualifiedName, type WorkloadKind} from '../model/kinds.js';
import {compareByNamespaceAndName, summarizeDeployment} from '../model/summary.js';
import type {DaemonSetJson, StatefulSetJson} from '../model/workload-objects.js';
import {summarizeDaemonSet, summarizeStatefulSet} from '../model/workload-summary.js';
import {kindsToGet, shortNameOf, TargetError} from './target.js';
import type {DeploymentSummary} from '../model/types.js';
import {printError, printJson, type Output, type OutputFormat} from './output.js';

export interface GetOptions {
	output: OutputFormat;
	out: Output;
	/** Where errors go (default process.stderr). */
	err?: Output;
	now?: () => Date;
	/** --kind / -k: a kind (deploy, sts, ds, ...), a comma list, or all. */
	kind?: string;
	/** A TYPE or TYPE/NAME argument. */
	target?: string;
}

/** The summaries of the given kinds (Deployments only unless told), sorted by namespace, name and kind. */
export async function loadSummaries(
	connection: Connection,
	now: Date,
	kinds: readonly WorkloadKind[] = ['Deployment'],
): Promise<DeploymentSummary[]> {
	const namespace = connection.allNamespaces ? undefined : connection.namespace;
	// `-l` narrows every kind, as kubectl's `get deploy,sts,ds -l …` does.
	const selected = {labelSelector: connection.labelSelector};
	const [deployments, statefulSets, daemonSets] = await Promise.all([
		kinds.includes('Deployment') ? loadDeploymentSummaries(connection, namespace, now) : [],
		kinds.includes('StatefulSet')
			? listAll<StatefulSetJson>(connection.client, kindPath('StatefulSet', namespace), selected)
			: [],
		kinds.includes('DaemonSet')
			? listAll<DaemonSetJson>(connection.client, kindPath('DaemonSet', namespace), selected)
			: [],
	]);
	return [
		...deployments,
		...statefulSets.map(raw => summarizeStatefulSet(withoutManagedFields(raw), detectGitOps(raw.metadata))),
		...daemonSets.map(raw => summarizeDaemonSet(withoutManagedFields(raw), detectGitOps(raw.metadata))),
	].sort((a, b) => compareByNamespaceAndName(a, b) || a.kind.localeCompare(b.kind));
}

async function loadDeploymentSummaries(
	connection: Connection,
	namespace: string | undefined,
	now: Date,
): Promise<DeploymentSummary[]> {
	const [rawDeployments, replicaSets] = await Promise.all([
		listAll<DeploymentJson>(connection.client, collectionPath('apps', 'deployments', namespace), {
			labelSelector: connection.labelSelector,
		}),
		listAll<ReplicaSetJson>(connection.client, collectionPath('apps', 'replicasets', namespace)),
	]);
	return rawDeployments.map(raw => {
		const gitOps = detectGitOps(raw.metadata);
		const deployment = withoutManagedFields(raw);
		const owned = replicaSets.filter(rs =>
			rs.metadata.ownerReferences?.some(ref => ref.controller && ref.uid === deployment.metadata.uid),
		);
		return summarizeDeployment(deployment, owned, now, gitOps);
	});
}

export function deadlineText(summary: DeploymentSummary): string {
	if (!summary.deadline) return '-';
	if (summary.deadline.exceeded) return 'exceeded';
	if (summary.deadline.remainingSeconds === undefined) return '-';
	return humanDuration(summary.deadline.remainingSeconds * 1000);
}

export function getTable(summaries: DeploymentSummary[], allNamespaces: boolean, now: Date): string {
	// NAME then KIND, as the dashboard's list reads.
	const header = ['NAME', 'KIND', 'REVISION', 'PHASE', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'DEADLINE', 'AGE'];
	const rows = summaries.map(s => [
		s.name,
		shortNameOf(s.kind),
		s.kind === 'Deployment' ? String(s.revision) : '-',
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
	let wanted: ReturnType<typeof kindsToGet>;
	try {
		wanted = kindsToGet(options.kind, options.target);
	} catch (error) {
		if (!(error instanceof TargetError)) throw error;
		printError(err, error.message);
		return 1;
	}
	try {
		summaries = await loadSummaries(connection, now, wanted.kinds);
		if (wanted.name !== undefined) {
			summaries = summaries.filter(s => s.name === wanted.name);
			if (summaries.length === 0) {
				const [kind] = wanted.kinds;
				printError(err, `Error from server (NotFound): ${qualifiedName(kind!, wanted.name)} not found`);
				return 1;
			}
		}
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
