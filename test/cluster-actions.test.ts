// Each action has the same effect and prints the same line as kubectl's, on twin deployments.
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import {
	getDeployment,
	pauseDeployment,
	restartDeployment,
	resumeDeployment,
	undoDeployment,
	undoFrom,
} from '../source/cluster/actions.js';
import {semanticEqual} from '../source/k8s/template.js';
import {
	createDeployment,
	startTestCluster,
	storeObjects,
	waitFor,
	waitRolledOut,
	type TestCluster,
} from './helpers/model-sim.js';

let cluster: TestCluster;
const A = 'twin-a';
const B = 'twin-b';

before(async () => {
	cluster = await startTestCluster();
	await Promise.all([createDeployment(cluster, A, 'nginx:1.17', 2), createDeployment(cluster, B, 'nginx:1.17', 2)]);
});

after(async () => {
	await cluster?.close();
});

const client = () => cluster.connection.client;
const fromA = (text: string) => text.replaceAll(A, B).trim();

/** kubectl's line (stdout, or stderr without "error: ") for twin A, renamed to twin B. */
async function kubectlLine(...args: string[]): Promise<{ok: boolean; message: string}> {
	const result = await cluster.kubectl(...args);
	const text = result.code === 0 ? result.stdout : result.stderr.replace(/^error: /, '');
	return {ok: result.code === 0, message: fromA(text)};
}

function withoutHash(template: any): any {
	const copy = structuredClone(template);
	delete copy?.metadata?.labels?.['pod-template-hash'];
	return copy;
}

async function twinsAgree(ignoreAnnotations: string[] = []): Promise<void> {
	const [rawA, b] = await Promise.all([getDeployment(client(), 'default', A), getDeployment(client(), 'default', B)]);
	const a = JSON.parse(fromA(JSON.stringify(rawA))) as typeof rawA;
	const strip = (annotations: Record<string, string> = {}) =>
		Object.fromEntries(Object.entries(annotations).filter(([key]) => !ignoreAnnotations.includes(key)));
	assert.ok(
		semanticEqual(a.spec.template, b.spec.template),
		`templates differ:\n${JSON.stringify(a.spec.template)}\n${JSON.stringify(b.spec.template)}`,
	);
	assert.equal(Boolean(a.spec.paused), Boolean(b.spec.paused), 'paused');
	assert.deepEqual(strip(a.metadata.annotations), strip(b.metadata.annotations), 'deployment annotations');
	assert.equal(a.metadata.generation, b.metadata.generation, 'generation');
}

/** Revision, revision-history and template (hash aside) of each ReplicaSet, by revision. */
function replicaSetHistory(name: string): string[] {
	const deployment = storeObjects(cluster, 'deployments').find(d => d.metadata.name === name);
	return storeObjects(cluster, 'replicasets')
		.filter(rs => rs.metadata.ownerReferences?.[0]?.uid === deployment.metadata.uid)
		.map(raw => {
			const rs = JSON.parse(JSON.stringify(raw).replaceAll(A, B));
			const annotations = rs.metadata.annotations ?? {};
			return `${annotations['deployment.kubernetes.io/revision']}|${annotations['deployment.kubernetes.io/revision-history'] ?? ''}|${JSON.stringify(withoutHash(rs.spec.template).spec.containers.map((c: any) => c.image))}`;
		})
		.sort();
}

test('pause and resume: same patch effect and same lines, including the refusals', async () => {
	for (const [kubectlVerb, ours] of [
		['pause', pauseDeployment],
		['pause', pauseDeployment],
		['resume', resumeDeployment],
		['resume', resumeDeployment],
	] as const) {
		const expected = await kubectlLine('rollout', kubectlVerb, `deployment/${A}`);
		const actual = await ours(client(), 'default', B);
		assert.deepEqual(actual, expected, kubectlVerb);
		await twinsAgree();
	}
});

test('restart: restartedAt in the same format, refused while paused', async () => {
	const expected = await kubectlLine('rollout', 'restart', `deployment/${A}`);
	const actual = await restartDeployment(client(), 'default', B);
	assert.deepEqual(actual, expected);
	const [a, b] = await Promise.all([getDeployment(client(), 'default', A), getDeployment(client(), 'default', B)]);
	const stampA = a.spec.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'];
	const stampB = b.spec.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'];
	assert.ok(stampA && stampB);
	assert.equal(
		stampB.replace(/\d\d:\d\d:\d\d/, 'T'),
		stampA.replace(/\d\d:\d\d:\d\d/, 'T'),
		'same RFC 3339 form and zone',
	);
	assert.ok(Math.abs(Date.parse(stampA) - Date.parse(stampB)) < 30_000);
	await Promise.all([waitRolledOut(cluster, A), waitRolledOut(cluster, B)]);

	await cluster.kubectlOk('rollout', 'pause', `deployment/${A}`);
	await pauseDeployment(client(), 'default', B);
	assert.deepEqual(
		await restartDeployment(client(), 'default', B),
		await kubectlLine('rollout', 'restart', `deployment/${A}`),
	);
	assert.deepEqual(
		await undoDeployment(client(), 'default', B, 0),
		await kubectlLine('rollout', 'undo', `deployment/${A}`),
	);
	await cluster.kubectlOk('rollout', 'resume', `deployment/${A}`);
	await resumeDeployment(client(), 'default', B);
	await Promise.all([waitRolledOut(cluster, A), waitRolledOut(cluster, B)]);
});

test('undo: previous revision, a chosen revision, skipped, unknown: same lines and same resulting history', async () => {
	for (const image of ['nginx:1.18', 'nginx:1.19']) {
		await Promise.all([A, B].map(name => cluster.kubectlOk('set', 'image', `deployment/${name}`, `nginx=${image}`)));
		await Promise.all([waitRolledOut(cluster, A), waitRolledOut(cluster, B)]);
	}
	const steps: [string[], number][] = [
		[[], 0],
		[['--to-revision=2'], 2],
		[['--to-revision=2'], 2],
		[['--to-revision=99'], 99],
		[['--to-revision=1'], 1],
	];
	for (const [flags, revision] of steps) {
		const expected = await kubectlLine('rollout', 'undo', `deployment/${A}`, ...flags);
		const actual = await undoDeployment(client(), 'default', B, revision);
		assert.deepEqual(actual, expected, `undo ${flags.join(' ') || '(previous)'}`);
		await Promise.all([waitRolledOut(cluster, A), waitRolledOut(cluster, B)]);
		await waitFor(() => replicaSetHistory(A).join() === replicaSetHistory(B).join(), {
			timeoutMs: 30_000,
			describe: () => `${replicaSetHistory(A).join('\n')}\n---\n${replicaSetHistory(B).join('\n')}`,
		});
		await twinsAgree(['kubectl.kubernetes.io/restartedAt']);
	}
});

test('undo is conditional on the resourceVersion it read', async () => {
	const stale = await getDeployment(client(), 'default', B);
	await cluster.kubectlOk('annotate', `deployment/${B}`, 'someone=else');
	const fresh = await getDeployment(client(), 'default', B);
	const result = await undoFrom(client(), stale, 0);
	assert.equal(result.ok, false);
	assert.equal(
		result.message,
		`deployment "${B}" was changed by someone else; not rolled back (generation ${stale.metadata.generation} → ${fresh.metadata.generation}, resourceVersion ${stale.metadata.resourceVersion} → ${fresh.metadata.resourceVersion})`,
	);
	const now = await getDeployment(client(), 'default', B);
	assert.ok(semanticEqual(now.spec.template, fresh.spec.template), 'the template was not touched');
});

test('undo does not mistake a status write for a change by someone else, and refuses a spec change made since the user looked', async () => {
	const seen = await getDeployment(client(), 'default', B);
	// The controller writes status all through a rollout: the resourceVersion moves, the generation does not.
	await cluster.kubectlOk(
		'patch',
		`deployment/${B}`,
		'--subresource=status',
		'--type=merge',
		'-p',
		'{"status":{"collisionCount":0}}',
	);
	const afterStatus = await getDeployment(client(), 'default', B);
	assert.notEqual(afterStatus.metadata.resourceVersion, seen.metadata.resourceVersion);
	assert.equal(afterStatus.metadata.generation, seen.metadata.generation);
	const undone = await undoFrom(client(), seen, 0);
	assert.equal(undone.ok, true, undone.message);
	assert.equal(undone.message, `deployment.apps/${B} rolled back`);

	const looked = await getDeployment(client(), 'default', B);
	await cluster.kubectlOk('annotate', `deployment/${B}`, 'someone=again');
	const refused = await undoDeployment(client(), 'default', B, 0, looked.metadata.generation);
	assert.equal(refused.ok, false);
	assert.match(
		refused.message,
		new RegExp(
			`^deployment "${B}" was changed by someone else; not rolled back \\(generation ${looked.metadata.generation} → ${(looked.metadata.generation ?? 0) + 1}\\)$`,
		),
	);
});

test('API errors come back as one line; 403 as "forbidden: ..."', async () => {
	cluster.sim.faults.failNextRequests(1, 403, /^PATCH /);
	const forbidden = await pauseDeployment(client(), 'default', B);
	assert.equal(forbidden.ok, false);
	assert.match(forbidden.message, /^forbidden: /);
	assert.doesNotMatch(forbidden.message, /\n/);
	const missing = await pauseDeployment(client(), 'default', 'nope');
	assert.deepEqual(missing, {ok: false, message: 'deployments.apps "nope" not found'});
});
