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

/** Where a reader left off in the ReplicaSets' changes: the index (a new one after a namespace switch) and its count. */
export interface ChangeMark {
	source: object;
	count: number;
}

export interface SummarySources {
	/** The deployment's ReplicaSets; the same array while none of them changed. */
	replicaSetsOf(deployment: DeploymentJson): readonly ReplicaSetJson[];
	gitOpsOf(deployment: DeploymentJson): GitOpsOwner | undefined;
	/**
	 * The uids of the owners whose ReplicaSets changed since `mark` (undefined when that is not known), and the mark
	 * to ask from next time. Without it every workload is looked at on every pass.
	 */
	replicaSetChangesSince?(mark: ChangeMark | undefined): {owners: readonly string[] | undefined; mark: ChangeMark};
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

const keyOf = (deployment: DeploymentJson) =>
	deployment.metadata.uid ||
	`${workloadKindOf(deployment)}/${deployment.metadata.namespace ?? ''}/${deployment.metadata.name}`;

export class SummaryCache {
	private readonly entries = new Map<string, Entry>();
	private pass = 0;
	private previousInput: readonly DeploymentJson[] = [];
	private previousOrder: number[] = [];
	private previousOutput: DeploymentSummary[] = [];
	/** Where each workload's summary is in the output (by its key), while the workloads are the same. */
	private positions = new Map<string, number>();
	/** The keys of the summaries whose deadline counts down: refreshed on every pass. */
	private readonly counting = new Set<string>();
	private mark: ChangeMark | undefined;

	/** Summaries of the deployments sorted by namespace and name (the previous array itself when nothing changed). */
	summaries(deployments: readonly DeploymentJson[], sources: SummarySources, now: Date): DeploymentSummary[] {
		const changes = sources.replicaSetChangesSince?.(this.mark);
		if (changes) this.mark = changes.mark;
		// The same workloads (the list keeps its identity until one changes) and the changed ReplicaSets known: only
		// their owners and the countdowns are looked at, not a thousand workloads for one ReplicaSet's write.
		if (deployments === this.previousInput && changes?.owners !== undefined)
			return this.updated(changes.owners, sources, now);
		return this.rebuilt(deployments, sources, now);
	}

	private rebuilt(deployments: readonly DeploymentJson[], sources: SummarySources, now: Date): DeploymentSummary[] {
		const pass = ++this.pass;
		this.counting.clear();
		const fresh = deployments.map(deployment => this.summaryOf(deployment, sources, now, pass));
		if (this.entries.size > deployments.length) {
			for (const [key, entry] of this.entries) if (entry.seen !== pass) this.entries.delete(key);
		}
		const order = this.sameMembers(deployments) ? this.previousOrder : sortedOrder(fresh);
		// By key, not by name: a workload deleted and created again under its name has another uid.
		this.positions = new Map(order.map((index, position) => [keyOf(deployments[index]!), position]));
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

	/** The previous output with the summaries of `owners` and of the counting deadlines brought up to date. */
	private updated(owners: readonly string[], sources: SummarySources, now: Date): DeploymentSummary[] {
		const pass = this.pass;
		let output = this.previousOutput;
		const refresh = (key: string) => {
			const position = this.positions.get(key);
			const entry = this.entries.get(key);
			if (position === undefined || entry === undefined) return;
			const summary = this.summaryOf(entry.deployment, sources, now, pass);
			if (summary === output[position]) return;
			if (output === this.previousOutput) output = [...output];
			output[position] = summary;
		};
		for (const key of new Set(owners)) refresh(key);
		for (const key of [...this.counting]) refresh(key);
		this.previousOutput = output;
		return output;
	}

	private summaryOf(deployment: DeploymentJson, sources: SummarySources, now: Date, pass: number): DeploymentSummary {
		const key = keyOf(deployment);
		const replicaSets = sources.replicaSetsOf(deployment);
		const gitOps = sources.gitOpsOf(deployment);
		const entry = this.entries.get(key);
		let summary: DeploymentSummary;
		if (entry && entry.deployment === deployment && entry.replicaSets === replicaSets && entry.gitOps === gitOps) {
			entry.seen = pass;
			summary = entry.summary = withDeadlineAt(entry.summary, deployment, now);
		} else {
			summary = summarizeWorkload(deployment, replicaSets, now, gitOps);
			this.entries.set(key, {deployment, replicaSets, gitOps, summary, seen: pass});
		}
		if (summary.deadline?.remainingSeconds !== undefined) this.counting.add(key);
		else this.counting.delete(key);
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
