// rollout-dash status [TYPE/]NAME: kubectl rollout status's lines, one per change, plus (for a Deployment) whether
// the rollout is paused and how long remains before the progress deadline. Exit 0 when complete; 1 when the
// deadline is exceeded, the object is deleted, kubectl refuses (an OnDelete StatefulSet or DaemonSet), or --timeout
// passes.
import type {Connection} from '../cluster/connect.js';
import {ApiError, errorLine} from '../cluster/http.js';
import {ResourceWatch, type WatchTiming} from '../cluster/watch.js';
import {humanDuration} from '../model/format.js';
import type {DeploymentJson} from '../model/objects.js';
import {kindPath, objectPath, type WorkloadKind} from '../model/kinds.js';
import {deadlineInfo, rolloutStatus} from '../model/rollout.js';
import type {DaemonSetJson, StatefulSetJson} from '../model/workload-objects.js';
import {daemonSetStatus, statefulSetStatus} from '../model/workload-status.js';
import {parseTarget, TargetError} from './target.js';
import {printError, printLine, type Output} from './output.js';

export interface StatusOptions {
	/** NAME (a Deployment) or TYPE/NAME. */
	name: string;
	/** Give up after this long (undefined: wait for ever, as kubectl does). */
	timeoutMs?: number;
	out: Output;
	err?: Output;
	now?: () => Date;
	timing?: Partial<WatchTiming>;
}

/** The line for one state of the deployment (without the deadline, which changes every second). */
export function statusLine(
	deployment: DeploymentJson,
	now: Date,
): {key: string; line: string; done: boolean; error?: string} {
	const verdict = rolloutStatus(deployment);
	if (verdict.error !== undefined) return {key: verdict.error, line: '', done: true, error: verdict.error};
	const notes: string[] = [];
	if (deployment.spec.paused) notes.push('paused: run rollout resume to continue');
	const key = [verdict.message, ...notes].join(' ');
	if (!verdict.done) {
		const deadline = deadlineInfo(deployment, now);
		if (deadline?.remainingSeconds !== undefined)
			notes.push(`deadline in ${humanDuration(deadline.remainingSeconds * 1000)}`);
	}
	const line = notes.length > 0 ? `${verdict.message} (${notes.join('; ')})` : verdict.message;
	return {key, line, done: verdict.done};
}

/** The line for one state of a workload of any kind. */
function kindStatusLine(kind: WorkloadKind, object: unknown, now: Date): ReturnType<typeof statusLine> {
	if (kind === 'Deployment') return statusLine(object as DeploymentJson, now);
	const verdict =
		kind === 'StatefulSet' ? statefulSetStatus(object as StatefulSetJson) : daemonSetStatus(object as DaemonSetJson);
	if (verdict.error !== undefined) return {key: verdict.error, line: '', done: true, error: verdict.error};
	return {key: verdict.message, line: verdict.message, done: verdict.done};
}

export async function runStatus(connection: Connection, options: StatusOptions): Promise<number> {
	const err = options.err ?? process.stderr;
	const now = options.now ?? (() => new Date());
	const namespace = connection.namespace;
	let kind: WorkloadKind;
	let name: string;
	try {
		({kind, name} = parseTarget(options.name));
		await connection.client.request(objectPath(kind, namespace, name));
	} catch (error) {
		if (error instanceof TargetError) printError(err, error.message);
		else if (error instanceof ApiError && error.status === 404)
			printError(err, `Error from server (NotFound): ${error.apiMessage}`);
		else printError(err, errorLine(error));
		return 1;
	}
	return new Promise<number>(resolve => {
		let finished = false;
		let lastKey: string | undefined;
		let listed = false;
		const finish = (code: number, error?: string) => {
			if (finished) return;
			finished = true;
			clearTimeout(timer);
			if (error) printError(err, error);
			void watch.stop().then(() => resolve(code));
		};
		const evaluate = () => {
			if (finished || !listed) return;
			const object = watch.get(namespace, name);
			if (!object) return finish(1, 'object has been deleted');
			const status = kindStatusLine(kind, object, now());
			if (status.error) return finish(1, status.error);
			if (status.key !== lastKey) {
				lastKey = status.key;
				printLine(options.out, status.line);
			}
			if (status.done) finish(0);
		};
		const watch = new ResourceWatch<DeploymentJson>({
			client: connection.client,
			kubeConfig: connection.kubeConfig,
			path: kindPath(kind, namespace),
			fieldSelector: `metadata.name=${name}`,
			onChange: evaluate,
			timing: options.timing,
		});
		const timer =
			options.timeoutMs === undefined
				? undefined
				: setTimeout(() => finish(1, 'timed out waiting for the condition'), options.timeoutMs);
		watch.start();
		void watch.whenListed().then(() => {
			listed = true;
			evaluate();
		});
	});
}
