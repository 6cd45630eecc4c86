// The session: immutable snapshots, batched notifications, focus-only pod and event watches, namespace switch.
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import {createSession, type LiveSession} from '../source/cluster/session.js';
import {createDeployment, startTestCluster, waitRolledOut, type TestCluster} from './helpers/model-sim.js';
import {waitFor} from './helpers/wait.js';

let cluster: TestCluster;
let session: LiveSession;

before(async () => {
	cluster = await startTestCluster();
	await cluster.kubectlOk('create', 'namespace', 'shop');
	await Promise.all([
		createDeployment(cluster, 'web', 'nginx:1.17', 2),
		cluster.kubectlOk('-n', 'shop', 'create', 'deployment', 'cart', '--image=nginx:1.17'),
	]);
	await cluster.kubectlOk('set', 'image', 'deployment/web', 'nginx=nginx:1.18');
	await waitRolledOut(cluster, 'web');
	session = createSession(cluster.connection, {
		timing: {stallMs: 3000, backoff: {initialMs: 50, maxMs: 500, jitter: 0.3}},
	});
	await session.ready();
});

after(async () => {
	await session?.close();
	await cluster?.close();
});

test('snapshots are replaced, never changed, and notifications are coalesced', async () => {
	const first = session.getSnapshot();
	const frozen = JSON.stringify(first);
	assert.deepEqual(first.cluster, {
		context: 'rollout-dash-sim',
		cluster: 'rollout-dash-sim',
		server: cluster.sim.url,
		namespace: 'default',
	});
	assert.deepEqual(
		first.deployments.map(d => d.name),
		['web'],
	);
	assert.ok(first.namespaces.includes('shop') && first.namespaces.includes('default'));
	let notifications = 0;
	const subscribedAt = Date.now();
	const unsubscribe = session.subscribe(() => notifications++);
	await cluster.kubectlOk('scale', 'deployment/web', '--replicas=4');
	await waitFor(
		() =>
			session.getSnapshot().deployments[0]?.phase === 'Complete' &&
			session.getSnapshot().deployments[0]?.progress.available === 4,
		{timeout: 30_000},
	);
	unsubscribe();
	const elapsed = Date.now() - subscribedAt;
	assert.equal(JSON.stringify(first), frozen, 'the old snapshot did not change');
	assert.notEqual(session.getSnapshot(), first);
	const events = session.watchStats();
	assert.ok(notifications > 0);
	// Notifications come at most once per 50 ms batch, however many watch events arrived.
	assert.ok(notifications <= Math.ceil(elapsed / 50) + 1, `${notifications} notifications in ${elapsed} ms`);
	assert.ok(!('pods' in events), 'no pod watch without focus');
});

test('focus starts pod and event watches for that deployment only, and stops them', async () => {
	session.focus({kind: 'Deployment', namespace: 'default', name: 'web'});
	// History comes from the focused deployment's own ReplicaSet watch (full templates), listed with the pods.
	await waitFor(
		() =>
			session.getSnapshot().focus?.pods.length === 4 &&
			(session.getSnapshot().focus?.events.length ?? 0) > 0 &&
			session.getSnapshot().focus?.history.length === 2,
		{timeout: 30_000},
	);
	const focus = session.getSnapshot().focus!;
	assert.deepEqual(
		focus.history.map(h => [h.revision, h.isCurrent]),
		[
			[1, false],
			[2, true],
		],
	);
	assert.ok(focus.pods.every(p => p.name.startsWith('web-') && p.status === 'Running'));
	assert.ok(focus.events.some(e => e.reason === 'ScalingReplicaSet' && e.involvedName === 'web'));
	assert.ok('pods' in session.watchStats() && 'events' in session.watchStats());
	assert.deepEqual(session.templateDiff('default', 'web', 1), [
		{field: 'image nginx', from: 'nginx:1.18', to: 'nginx:1.17'},
	]);
	assert.deepEqual(session.templateDiff('default', 'web', 9), []);
	session.focus(undefined);
	await waitFor(() => session.getSnapshot().focus === undefined);
	assert.ok(!('pods' in session.watchStats()));
});

test('setNamespace switches the watched scope; undefined watches all namespaces', async () => {
	session.setNamespace('shop');
	await waitFor(
		() =>
			session
				.getSnapshot()
				.deployments.map(d => d.name)
				.join() === 'cart',
		{timeout: 30_000},
	);
	assert.equal(session.getSnapshot().cluster.namespace, 'shop');
	session.setNamespace(undefined);
	await waitFor(
		() =>
			session
				.getSnapshot()
				.deployments.map(d => `${d.namespace}/${d.name}`)
				.join() === 'default/web,shop/cart',
		{timeout: 30_000},
	);
	assert.equal(session.getSnapshot().cluster.namespace, undefined);
	await waitFor(() => session.getSnapshot().connection.state === 'live', {timeout: 30_000});
});

test('actions through the session report kubectl lines', async () => {
	assert.deepEqual(
		await session.run({kind: 'Deployment', namespace: 'default', name: 'web', verb: 'pause', args: {}}),
		{ok: true, message: 'deployment.apps/web paused'},
	);
	await waitFor(() => session.getSnapshot().deployments.find(d => d.name === 'web')?.phase === 'Paused', {
		timeout: 30_000,
	});
	assert.deepEqual(
		await session.run({kind: 'Deployment', namespace: 'default', name: 'web', verb: 'undo', args: {toRevision: 1}}),
		{
			ok: false,
			message: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
		},
	);
	assert.deepEqual(
		await session.run({kind: 'Deployment', namespace: 'default', name: 'web', verb: 'resume', args: {}}),
		{ok: true, message: 'deployment.apps/web resumed'},
	);
	assert.deepEqual(
		await session.run({kind: 'Deployment', namespace: 'default', name: 'web', verb: 'undo', args: {toRevision: 1}}),
		{ok: true, message: 'deployment.apps/web rolled back'},
	);
	await waitFor(() => session.getSnapshot().deployments.find(d => d.name === 'web')?.revision === 3, {
		timeout: 30_000,
	});
});

test('a change to one deployment leaves the other summaries (and a quiet flush the snapshot) as they were', async () => {
	await waitFor(
		() => session.getSnapshot().deployments.length === 2 && session.getSnapshot().connection.state === 'live',
		{timeout: 30_000},
	);
	const before = session.getSnapshot();
	const cart = before.deployments.find(d => d.name === 'cart')!;
	const web = before.deployments.find(d => d.name === 'web')!;
	await cluster.kubectlOk('annotate', 'deployment/web', 'team=payments', '--overwrite');
	await waitFor(
		() => session.getSnapshot().deployments.find(d => d.name === 'web')!.resourceVersion !== web.resourceVersion,
		{timeout: 30_000},
	);
	const after = session.getSnapshot();
	assert.equal(
		after.deployments.find(d => d.name === 'cart'),
		cart,
		'cart untouched: the same summary object',
	);
	assert.notEqual(
		after.deployments.find(d => d.name === 'web'),
		web,
	);
});

test('workloadsListed resolves with a snapshot that already lists them (the first frame is drawn from it)', async () => {
	const fresh = createSession(cluster.connection, {batchMs: 10_000});
	try {
		assert.equal(fresh.getSnapshot().workloadsListed, undefined);
		await fresh.workloadsListed();
		const snapshot = fresh.getSnapshot();
		assert.equal(snapshot.workloadsListed, true);
		assert.deepEqual(
			snapshot.deployments.map(d => d.name),
			['web'],
		);
	} finally {
		await fresh.close();
	}
});
