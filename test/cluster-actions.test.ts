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
	waitRolledOut,
	type TestCluster,
} from './helpers/model-sim.js';
import {waitFor} from './helpers/wait.js';

let cluster: TestCluster;

before(async () => {
	cluster = await startTestCluster();
});

after(async () => {
	await cluster?.close();
});

const client = () => cluster.connection.client;
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/**
 * Two deployments of the test's own, made alike by kubectl: kubectl acts on `a`, our action on `b`. Each test has
 * its pair, so that no test sees what another did to a twin.
 */
interface Twins {
	a: string;
	b: string;
	/** A text about twin a, renamed to twin b. */
	fromA(text: string): string;
}

async function createTwins(prefix: string): Promise<Twins> {
	const a = `${prefix}-a`;
	const b = `${prefix}-b`;
	await Promise.all([createDeployment(cluster, a, 'nginx:1.17', 2), createDeployment(cluster, b, 'nginx:1.17', 2)]);
	return {a, b, fromA: text => text.replaceAll(a, b).trim()};
}

/** kubectl's line (stdout, or stderr without "error: ") for twin a, renamed to twin b. */
async function kubectlLine(twins: Twins, ...args: string[]): Promise<{ok: boolean; message: string}> {
	const result = await cluster.kubectl(...args);
	const text = result.code === 0 ? result.stdout : result.stderr.replace(/^error: /, '');
	return {ok: result.code === 0, message: twins.fromA(text)};
}

function withoutHash(template: any): any {
	const copy = structuredClone(template);
	delete copy?.metadata?.labels?.['pod-template-hash'];
	return copy;
}

/**
 * The template with its restart stamp replaced by a placeholder: each twin was restarted at its own moment, and
 * the stamps are compared on their own (restartStampsAgree).
 */
function withoutRestartStamp(template: any): any {
	const copy = structuredClone(template);
	if (copy?.metadata?.annotations?.[RESTARTED_AT] !== undefined) copy.metadata.annotations[RESTARTED_AT] = 'stamp';
	return copy;
}

async function twinsAgree(twins: Twins): Promise<void> {
	const [rawA, b] = await Promise.all([
		getDeployment(client(), 'default', twins.a),
		getDeployment(client(), 'default', twins.b),
	]);
	const a = JSON.parse(twins.fromA(JSON.stringify(rawA))) as typeof rawA;
	const templateA = withoutRestartStamp(a.spec.template);
	const templateB = withoutRestartStamp(b.spec.template);
	assert.ok(
		semanticEqual(templateA, templateB),
		`templates differ:\n${JSON.stringify(templateA)}\n${JSON.stringify(templateB)}`,
	);
	assert.equal(Boolean(a.spec.paused), Boolean(b.spec.paused), 'paused');
	assert.deepEqual(a.metadata.annotations ?? {}, b.metadata.annotations ?? {}, 'deployment annotations');
	assert.equal(a.metadata.generation, b.metadata.generation, 'generation');
}

/** Revision, revision-history and template (hash aside) of each ReplicaSet, by revision. */
function replicaSetHistory(twins: Twins, name: string): string[] {
	const deployment = storeObjects(cluster, 'deployments').find(d => d.metadata.name === name);
	return storeObjects(cluster, 'replicasets')
		.filter(rs => rs.metadata.ownerReferences?.[0]?.uid === deployment.metadata.uid)
		.map(raw => {
			const rs = JSON.parse(twins.fromA(JSON.stringify(raw)));
			const annotations = rs.metadata.annotations ?? {};
			return `${annotations['deployment.kubernetes.io/revision']}|${annotations['deployment.kubernetes.io/revision-history'] ?? ''}|${JSON.stringify(withoutHash(rs.spec.template).spec.containers.map((c: any) => c.image))}`;
		})
		.sort();
}

test('pause and resume: same patch effect and same lines, including the refusals', async () => {
	const twins = await createTwins('pause');
	for (const [kubectlVerb, ours] of [
		['pause', pauseDeployment],
		['pause', pauseDeployment],
		['resume', resumeDeployment],
		['resume', resumeDeployment],
	] as const) {
		const expected = await kubectlLine(twins, 'rollout', kubectlVerb, `deployment/${twins.a}`);
		const actual = await ours(client(), 'default', twins.b);
		assert.deepEqual(actual, expected, kubectlVerb);
		await twinsAgree(twins);
	}
});

/** kubectl stamps the time in RFC 3339 to the second, in the local zone (Go's time.RFC3339). */
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/;

/** The template's restart stamp, which must be an RFC 3339 time within the second range the restart ran in. */
async function restartStamp(name: string, from: number, to: number): Promise<{zone: string}> {
	const deployment = await getDeployment(client(), 'default', name);
	const stamp = deployment.spec.template?.metadata?.annotations?.[RESTARTED_AT];
	assert.ok(stamp, `${name} has a ${RESTARTED_AT} annotation in spec.template`);
	const match = RFC3339.exec(stamp);
	assert.ok(match, `${stamp} is RFC 3339 to the second`);
	const at = Date.parse(stamp);
	assert.ok(at >= Math.floor(from / 1000) * 1000 && at <= to, `${stamp} lies within the restart`);
	return {zone: match[1] === 'Z' || match[1] === '+00:00' ? 'UTC' : (match[1] ?? '')};
}

test('restart: the same line, the same change to the template, a stamp of the same form; refused while paused', async () => {
	const twins = await createTwins('restart');
	const beforeA = Date.now();
	const expected = await kubectlLine(twins, 'rollout', 'restart', `deployment/${twins.a}`);
	const beforeB = Date.now();
	const actual = await restartDeployment(client(), 'default', twins.b);
	const afterB = Date.now();
	assert.deepEqual(actual, expected);
	const stampA = await restartStamp(twins.a, beforeA, beforeB);
	const stampB = await restartStamp(twins.b, beforeB, afterB);
	assert.equal(stampB.zone, stampA.zone, 'the same zone');
	// Apart from the stamp, the restart changed the template as kubectl's did (and nothing else).
	await twinsAgree(twins);
	await Promise.all([waitRolledOut(cluster, twins.a), waitRolledOut(cluster, twins.b)]);

	await cluster.kubectlOk('rollout', 'pause', `deployment/${twins.a}`);
	await pauseDeployment(client(), 'default', twins.b);
	assert.deepEqual(
		await restartDeployment(client(), 'default', twins.b),
		await kubectlLine(twins, 'rollout', 'restart', `deployment/${twins.a}`),
	);
	assert.deepEqual(
		await undoDeployment(client(), 'default', twins.b, 0),
		await kubectlLine(twins, 'rollout', 'undo', `deployment/${twins.a}`),
	);
	await twinsAgree(twins);
});

test('undo: previous revision, a chosen revision, skipped, unknown: same lines and same resulting history', async () => {
	const twins = await createTwins('undo');
	for (const image of ['nginx:1.18', 'nginx:1.19']) {
		await Promise.all(
			[twins.a, twins.b].map(name => cluster.kubectlOk('set', 'image', `deployment/${name}`, `nginx=${image}`)),
		);
		await Promise.all([waitRolledOut(cluster, twins.a), waitRolledOut(cluster, twins.b)]);
	}
	const steps: [string[], number][] = [
		[[], 0],
		[['--to-revision=2'], 2],
		[['--to-revision=2'], 2],
		[['--to-revision=99'], 99],
		[['--to-revision=1'], 1],
	];
	for (const [flags, revision] of steps) {
		const expected = await kubectlLine(twins, 'rollout', 'undo', `deployment/${twins.a}`, ...flags);
		const actual = await undoDeployment(client(), 'default', twins.b, revision);
		assert.deepEqual(actual, expected, `undo ${flags.join(' ') || '(previous)'}`);
		await Promise.all([waitRolledOut(cluster, twins.a), waitRolledOut(cluster, twins.b)]);
		await waitFor(() => replicaSetHistory(twins, twins.a).join() === replicaSetHistory(twins, twins.b).join(), {
			timeout: 30_000,
			message: () =>
				`${replicaSetHistory(twins, twins.a).join('\n')}\n---\n${replicaSetHistory(twins, twins.b).join('\n')}`,
		});
		await twinsAgree(twins);
	}
});

test('undo is conditional on the resourceVersion it read', async () => {
	const B = 'conditional';
	await createDeployment(cluster, B, 'nginx:1.17', 2);
	await cluster.kubectlOk('set', 'image', `deployment/${B}`, 'nginx=nginx:1.18');
	await waitRolledOut(cluster, B);
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
	const B = 'status-write';
	await createDeployment(cluster, B, 'nginx:1.17', 2);
	await cluster.kubectlOk('set', 'image', `deployment/${B}`, 'nginx=nginx:1.18');
	await waitRolledOut(cluster, B);
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
	const B = 'errors';
	await createDeployment(cluster, B, 'nginx:1.17', 1);
	cluster.sim.faults.failNextRequests(1, 403, /^PATCH /);
	const forbidden = await pauseDeployment(client(), 'default', B);
	assert.equal(forbidden.ok, false);
	assert.match(forbidden.message, /^forbidden: /);
	assert.doesNotMatch(forbidden.message, /\n/);
	const missing = await pauseDeployment(client(), 'default', 'nope');
	assert.deepEqual(missing, {ok: false, message: 'deployments.apps "nope" not found'});
});
