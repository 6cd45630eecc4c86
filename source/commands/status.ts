// rollout-dash status DEPLOYMENT: kubectl rollout status's lines, one per change, plus whether the rollout is
// paused and how long remains before the progress deadline. Exit 0 when complete; 1 when the deadline is
// exceeded, the deployment is deleted, or --timeout passes.
import {getDeployment} from '../cluster/actions.js';
import type {Connection} from '../cluster/connect.js';
import {ApiError, errorLine} from '../cluster/http.js';
import {collectionPath} from '../cluster/list.js';
import {ResourceWatch, type WatchTiming} from '../cluster/watch.js';
import {humanDuration} from '../model/format.js';
import type {DeploymentJson} from '../model/objects.js';
import {deadlineInfo, rolloutStatus} from '../model/rollout.js';
import {printError, printLine, type Output} from './output.js';

export interface StatusOptions {
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

export async function runStatus(connection: Connection, options: StatusOptions): Promise<number> {
	const err = options.err ?? process.stderr;
	const now = options.now ?? (() => new Date());
	const namespace = connection.namespace;
	try {
		await getDeployment(connection.client, namespace, options.name);
	} catch (error) {
		if (error instanceof ApiError && error.status === 404)
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
			const deployment = watch.get(namespace, options.name);
			if (!deployment) return finish(1, 'object has been deleted');
			const status = statusLine(deployment, now());
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
			path: collectionPath('apps', 'deployments', namespace),
			fieldSelector: `metadata.name=${options.name}`,
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
