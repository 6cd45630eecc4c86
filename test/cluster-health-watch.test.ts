// The pod watches of rollouts that may be failing, against the simulator: a crash-looping rollout is watched and
// its failure named; a settled deployment costs no watch; a fixed rollout's watch closes.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {RolloutHealthWatches} from '../source/cluster/health-watch.js';
import {failingPhaseText, rolloutFailure} from '../source/model/health.js';
import type {DeploymentJson, ReplicaSetJson} from '../source/model/objects.js';
import {startTestCluster, type TestCluster} from './helpers/model-sim.js';
import {waitFor} from './helpers/wait.js';

let cluster: TestCluster;

before(async () => {
	cluster = await startTestCluster({speed: 50});
});
after(async () => {
	await cluster?.close();
});

test('a crash-looping rollout is watched and named; a settled one is not watched; a fixed one stops being', async () => {
	await cluster.kubectlOk('create', 'deployment', 'calm', '--image=nginx:1.25', '--replicas=2');
	await cluster.kubectlOk('rollout', 'status', 'deployment/calm');
	await cluster.kubectlOk('create', 'deployment', 'shaky', '--image=nginx:1.25', '--replicas=3');
	await cluster.kubectlOk('rollout', 'status', 'deployment/shaky');
	await cluster.kubectlOk('set', 'image', 'deployment/shaky', 'nginx=nginx:crashloop');

	let changes = 0;
	const watches = new RolloutHealthWatches({
		client: cluster.connection.client,
		kubeConfig: cluster.connection.kubeConfig,
		onChange: () => changes++,
	});
	const store = cluster.sim.store;
	const refresh = () => {
		const deployments = store.list('deployments', 'default') as unknown as DeploymentJson[];
		const replicaSets = store.list('replicasets', 'default') as unknown as ReplicaSetJson[];
		watches.update(deployments, () => replicaSets);
		return {deployments, replicaSets};
	};
	try {
		const failure = await waitFor(
			() => {
				const {deployments, replicaSets} = refresh();
				const shaky = deployments.find(d => d.metadata.name === 'shaky')!;
				return rolloutFailure(shaky, replicaSets, watches.pods('default', 'shaky'), new Date());
			},
			{message: 'the failure named'},
		);
		assert.equal(failure.reason, 'CrashLoopBackOff');
		assert.match(failingPhaseText(failure), /^Failing: CrashLoopBackOff [1-3]\/[1-3] new pods?$/);
		assert.ok(failure.pod.startsWith('shaky-'));
		assert.equal(watches.watched('default', 'calm'), false, 'a settled deployment has no pod watch');
		assert.deepEqual(watches.pods('default', 'calm'), []);
		assert.ok(changes > 0);
		const watchedPod = watches.pods('default', 'shaky')[0]!;
		assert.deepEqual(Object.keys(watchedPod.metadata).sort(), [
			'labels',
			'name',
			'namespace',
			'ownerReferences',
			'resourceVersion',
			'uid',
		]);

		await cluster.kubectlOk('rollout', 'undo', 'deployment/shaky');
		await cluster.kubectlOk('rollout', 'status', 'deployment/shaky');
		await waitFor(
			() => {
				refresh();
				return watches.size === 0;
			},
			{message: 'the watch closed'},
		);
	} finally {
		await watches.stop();
	}
});

test('the session names a failing rollout in the list, from the health watches', async () => {
	const {createSession} = await import('../source/cluster/session.js');
	await cluster.kubectlOk('create', 'deployment', 'listed', '--image=nginx:crashloop', '--replicas=2');
	const session = createSession(cluster.connection);
	try {
		const failing = await waitFor(
			() => {
				const d = session.getSnapshot().deployments.find(s => s.name === 'listed');
				return d?.phase === 'Failing' ? d : undefined;
			},
			{message: 'the list says Failing'},
		);
		assert.equal(failing.failure?.reason, 'CrashLoopBackOff');
		assert.equal(failing.failure?.newPods, 2);
		const calm = session.getSnapshot().deployments.find(s => s.name === 'calm')!;
		assert.equal(calm.phase, 'Complete');
		assert.equal(calm.progress.newAvailable, 2);
	} finally {
		await session.close();
	}
});
