// The session's picture converges to the server's after dropped watches, 410s, 500s and a stalled stream.
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import {createSession, type LiveSession} from '../source/cluster/session.js';
import type {ConnectionState} from '../source/model/types.js';
import {createDeployment, startTestCluster, storeObjects, type TestCluster} from './helpers/model-sim.js';
import {waitFor} from './helpers/wait.js';

let cluster: TestCluster;
let session: LiveSession;
const states: ConnectionState['state'][] = [];
const errors: string[] = [];

before(async () => {
	cluster = await startTestCluster();
	await createDeployment(cluster, 'web', 'nginx:1.17', 2);
	session = createSession(cluster.connection, {
		timing: {stallMs: 1500, watchTimeoutSeconds: 60, backoff: {initialMs: 50, maxMs: 500, jitter: 0.3}},
	});
	session.subscribe(() => {
		const connection = session.getSnapshot().connection;
		if (states[states.length - 1] !== connection.state) states.push(connection.state);
		if (connection.state === 'reconnecting') errors.push(connection.lastError);
	});
	await session.ready();
	session.focus({kind: 'Deployment', namespace: 'default', name: 'web'});
});

after(async () => {
	await session?.close();
	await cluster?.close();
});

/** The snapshot agrees with the store: every deployment at its resourceVersion, the focused history's counts, the pods. */
function mismatch(): string | undefined {
	const snapshot = session.getSnapshot();
	const stored = storeObjects(cluster, 'deployments');
	const seen = new Map(snapshot.deployments.map(d => [d.name, d.resourceVersion]));
	for (const d of stored)
		if (seen.get(d.metadata.name) !== d.metadata.resourceVersion)
			return `deployment ${d.metadata.name}: ${seen.get(d.metadata.name)} ≠ ${d.metadata.resourceVersion}`;
	if (seen.size !== stored.length) return `deployments: ${[...seen.keys()]} vs ${stored.map(d => d.metadata.name)}`;
	const web = stored.find(d => d.metadata.name === 'web');
	const replicaSets = storeObjects(cluster, 'replicasets').filter(
		rs => rs.metadata.ownerReferences?.[0]?.uid === web.metadata.uid,
	);
	const history = snapshot.focus?.history ?? [];
	for (const rs of replicaSets) {
		const entry = history.find(h => h.replicaSetName === rs.metadata.name);
		const expected = [
			rs.spec.replicas,
			rs.status?.replicas ?? 0,
			rs.status?.readyReplicas ?? 0,
			rs.status?.availableReplicas ?? 0,
		].join('/');
		const actual = entry && [entry.desired, entry.current, entry.ready, entry.available].join('/');
		if (actual !== expected) return `replicaset ${rs.metadata.name}: ${actual} ≠ ${expected}`;
	}
	if (history.length !== replicaSets.length)
		return `history has ${history.length} entries, server ${replicaSets.length}`;
	const pods = storeObjects(cluster, 'pods')
		.filter(p => p.metadata.labels?.app === 'web')
		.map(p => p.metadata.name)
		.sort();
	const seenPods = (snapshot.focus?.pods ?? []).map(p => p.name).sort();
	if (pods.join() !== seenPods.join()) return `pods ${seenPods} ≠ ${pods}`;
	return undefined;
}

async function converges(what: string): Promise<void> {
	await waitFor(() => mismatch() === undefined && session.getSnapshot().connection.state === 'live', {
		timeout: 45_000,
		message: () =>
			`${what}: ${mismatch() ?? 'no mismatch'}; connection ${JSON.stringify(session.getSnapshot().connection)}`,
	});
}

test('the session first matches the server', async () => {
	await converges('initial');
	assert.equal(session.getSnapshot().deployments[0]?.phase, 'Complete');
});

test('closed watches resume from the last resourceVersion without relisting', async () => {
	const before = session.watchStats()['deployments']!;
	const listsBefore = before.lists;
	const watchesBefore = before.watches;
	cluster.sim.faults.closeWatches();
	await cluster.kubectlOk('set', 'image', 'deployment/web', 'nginx=nginx:1.18');
	await converges('after closeWatches');
	const after = session.watchStats()['deployments']!;
	assert.ok(after.watches > watchesBefore, 'the deployment watch was re-opened');
	assert.equal(after.lists, listsBefore, 'no relist after a clean close');
});

test('410 Expired makes every watch relist', async () => {
	const listsBefore = session.watchStats()['deployments']!.lists;
	cluster.sim.faults.expireWatches();
	await cluster.kubectlOk('scale', 'deployment/web', '--replicas=3');
	await converges('after expireWatches');
	const stats = session.watchStats()['deployments']!;
	assert.ok(stats.expirations >= 1, 'the ERROR 410 event was seen');
	assert.ok(stats.lists > listsBefore, 'a relist followed');
});

test('500s while reconnecting are retried with back-off and reported as reconnecting', async () => {
	const failuresBefore = session.watchStats()['deployments']!.failures;
	cluster.sim.faults.failNextRequests(3, 500, /^GET [^?]*\/deployments\?/);
	cluster.sim.faults.closeWatches();
	await cluster.kubectlOk('set', 'image', 'deployment/web', 'nginx=nginx:1.19');
	await converges('after failNextRequests');
	assert.ok(session.watchStats()['deployments']!.failures > failuresBefore, 'the 500s were counted as failures');
	assert.ok(states.includes('reconnecting'), `connection went through reconnecting: ${states.join(' → ')}`);
	assert.ok(
		errors.some(e => /500|Internal|injected/i.test(e)),
		`the last error was shown: ${errors.join(' | ')}`,
	);
});

test('a stalled stream is detected and restarted', async () => {
	const stallsBefore = session.watchStats()['deployments']!.stalls;
	cluster.sim.faults.stallWatches(120_000);
	await cluster.kubectlOk('scale', 'deployment/web', '--replicas=2');
	// New streams stall too while the fault lasts, so detection repeats with growing back-off; the snapshot
	// (batched, 50 ms) shows "reconnecting: watch stalled" at least once it stays down longer than a batch.
	await waitFor(
		() => session.watchStats()['deployments']!.stalls > stallsBefore && errors.some(e => /stalled/.test(e)),
		{
			timeout: 30_000,
			message: () => `stalls ${session.watchStats()['deployments']!.stalls}, errors ${errors.join(' | ')}`,
		},
	);
	// The simulator stalls new streams too until the fault ends; after it, the restarted watch delivers.
	cluster.sim.faults.reset();
	await converges('after stallWatches');
});

test('the model converges while many changes happen during faults', async () => {
	for (let i = 0; i < 3; i++) {
		cluster.sim.faults.closeWatches();
		await cluster.kubectlOk('set', 'image', 'deployment/web', `nginx=nginx:1.2${i}`);
		cluster.sim.faults.expireWatches();
	}
	await converges('after a burst');
	assert.equal(session.getSnapshot().deployments[0]?.images[0]?.image, 'nginx:1.22');
});
