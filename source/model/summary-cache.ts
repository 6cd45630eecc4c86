// Deployment summaries reused across snapshots. The watch caches replace an object when it changes, so a summary is
// still right while its deployment object, its ReplicaSet list and its GitOps owner are the same objects; only the
// deadline's countdown moves with the clock, and it is refreshed alone (only for deployments whose deadline counts).
// Unchanged summaries, and the whole list when nothing changed, keep their identity: the UI memoises on it.
import type {DeploymentJson, ReplicaSetJson} from './objects.js';
import {deadlineInfo} from './rollout.js';
import {compareByNamespaceAndName} from './summary.js';
import {summarizeWorkload, workloadKindOf} from './workload-summary.js';
import type {DeploymentSummary, GitOpsOwner} from './types.js';

interface Entry {
	deployment: DeploymentJson;
	replicaSets: readonly ReplicaSetJson[];
	gitOps: GitOpsOwner | undefined;
	summary: DeploymentSummary;
	seen: number;
}

export interface SummarySources {
	/** The deployment's ReplicaSets; the same array while none of them changed. */
	replicaSetsOf(deployment: DeploymentJson): readonly ReplicaSetJson[];
	gitOpsOf(deployment: DeploymentJson): GitOpsOwner | undefined;
}

/** The summary with its countdown moved to `now`; the same object when the countdown shows the same second. */
export function withDeadlineAt(summary: DeploymentSummary, deployment: DeploymentJson, now: Date): DeploymentSummary {
	if (summary.deadline?.remainingSeconds === undefined) return summary;
	const deadline = deadlineInfo(deployment, now);
	if (deadline?.remainingSeconds === summary.deadline.remainingSeconds) return summary;
	const next = {...summary};
	if (deadline) next.deadline = deadline;
	else delete next.deadline;
	return next;
}

export class SummaryCache {
	private readonly entries = new Map<string, Entry>();
	private pass = 0;
	private previousInput: readonly DeploymentJson[] = [];
	private previousOrder: number[] = [];
	private previousOutput: DeploymentSummary[] = [];

	/** Summaries of the deployments sorted by namespace and name (the previous array itself when nothing changed). */
	summaries(deployments: readonly DeploymentJson[], sources: SummarySources, now: Date): DeploymentSummary[] {
		const pass = ++this.pass;
		const fresh = deployments.map(deployment => this.summaryOf(deployment, sources, now, pass));
		if (this.entries.size > deployments.length) {
			for (const [key, entry] of this.entries) if (entry.seen !== pass) this.entries.delete(key);
		}
		const order = this.sameMembers(deployments) ? this.previousOrder : sortedOrder(fresh);
		this.previousInput = deployments;
		this.previousOrder = order;
		const output = order.map(index => fresh[index]!);
		if (
			output.length === this.previousOutput.length &&
			output.every((summary, index) => summary === this.previousOutput[index])
		) {
			return this.previousOutput;
		}
		this.previousOutput = output;
		return output;
	}

	private summaryOf(deployment: DeploymentJson, sources: SummarySources, now: Date, pass: number): DeploymentSummary {
		const key =
			deployment.metadata.uid ||
			`${workloadKindOf(deployment)}/${deployment.metadata.namespace ?? ''}/${deployment.metadata.name}`;
		const replicaSets = sources.replicaSetsOf(deployment);
		const gitOps = sources.gitOpsOf(deployment);
		const entry = this.entries.get(key);
		if (entry && entry.deployment === deployment && entry.replicaSets === replicaSets && entry.gitOps === gitOps) {
			entry.seen = pass;
			entry.summary = withDeadlineAt(entry.summary, deployment, now);
			return entry.summary;
		}
		const summary = summarizeWorkload(deployment, replicaSets, now, gitOps);
		this.entries.set(key, {deployment, replicaSets, gitOps, summary, seen: pass});
		return summary;
	}

	/** The same deployments in the same input order (watch caches keep insertion order across modifications). */
	private sameMembers(deployments: readonly DeploymentJson[]): boolean {
		const previous = this.previousInput;
		if (previous.length !== deployments.length) return false;
		for (let index = 0; index < deployments.length; index++) {
			const a = previous[index]!.metadata;
			const b = deployments[index]!.metadata;
			if (a.namespace !== b.namespace || a.name !== b.name) return false;
			if (previous[index]!.kind !== deployments[index]!.kind) return false;
		}
		return true;
	}
}

function sortedOrder(summaries: readonly DeploymentSummary[]): number[] {
	return summaries
		.map((_, index) => index)
		.sort(
			(a, b) =>
				compareByNamespaceAndName(summaries[a]!, summaries[b]!) || summaries[a]!.kind.localeCompare(summaries[b]!.kind),
		);
}
