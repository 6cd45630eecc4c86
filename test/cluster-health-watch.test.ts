// The pod watches of rollouts that may be failing, against the simulator: a crash-looping rollout is watched and
// its failure named; a settled deployment costs no watch; a fixed rollout's watch closes; a StatefulSet's and a
// DaemonSet's new revision failing are named in the list the same way.
import {test, before, after} from 'node:test';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import {RolloutHealthWatches} from '../source/cluster/health-watch.js';
import {failingPhaseText, rolloutFailure} from '../source/model/health.js';
import type {DeploymentJson, ReplicaSetJson} from '../source/model/objects.js';
import {workloadFailure} from '../source/model/workload-health.js';
import type {DaemonSetJson} from '../source/model/workload-objects.js';
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

/** A StatefulSet or DaemonSet from a manifest, created with kubectl. */
async function createWorkload(kind: 'StatefulSet' | 'DaemonSet', name: string, image: string): Promise<void> {
	const template = {metadata: {labels: {app: name}}, spec: {containers: [{name: 'app', image}]}};
	const common = {selector: {matchLabels: {app: name}}, template};
	const manifest = {
		apiVersion: 'apps/v1',
		kind,
		metadata: {name},
		spec: kind === 'StatefulSet' ? {serviceName: name, replicas: 2, ...common} : common,
	};
	const file = path.join(cluster.dir, `${name}.json`);
	writeFileSync(file, JSON.stringify(manifest));
	await cluster.kubectlOk('create', '-f', file);
}

test('the session names a StatefulSet and a DaemonSet whose new revision crash-loops; their old pods stay out', async () => {
	const {createSession} = await import('../source/cluster/session.js');
	await createWorkload('StatefulSet', 'db', 'nginx:1.25');
	await createWorkload('DaemonSet', 'agent', 'nginx:1.25');
	await cluster.kubectlOk('rollout', 'status', 'statefulset/db', '--timeout=60s');
	await cluster.kubectlOk('rollout', 'status', 'daemonset/agent', '--timeout=60s');
	const session = createSession(cluster.connection);
	try {
		const summary = (kind: string, name: string) =>
			session.getSnapshot().deployments.find(s => s.kind === kind && s.name === name);
		await waitFor(() => summary('StatefulSet', 'db')?.phase === 'Complete', {message: 'db listed, complete'});
		await cluster.kubectlOk('set', 'image', 'statefulset/db', 'app=busybox:crashloop');
		await cluster.kubectlOk('set', 'image', 'daemonset/agent', 'app=busybox:crashloop');
		const db = await waitFor(
			() => {
				const s = summary('StatefulSet', 'db');
				return s?.phase === 'Failing' ? s : undefined;
			},
			{message: () => `db Failing (is ${summary('StatefulSet', 'db')?.phase})`},
		);
		// The StatefulSet replaces the highest ordinal first, and waits for it: one new pod, failing.
		assert.equal(db.failure?.reason, 'CrashLoopBackOff');
		assert.equal(db.failure?.pod, 'db-1');
		assert.equal(db.failure?.newPods, 1);
		const agent = await waitFor(
			() => {
				const s = summary('DaemonSet', 'agent');
				return s?.phase === 'Failing' ? s : undefined;
			},
			{message: () => `agent Failing (is ${summary('DaemonSet', 'agent')?.phase})`},
		);
		assert.equal(agent.failure?.reason, 'CrashLoopBackOff');
		const pods = cluster.sim.store.list('pods', 'default');
		const failingPod = pods.find(p => p.metadata.name === agent.failure?.pod);
		assert.equal(failingPod?.spec?.containers?.[0]?.image, 'busybox:crashloop', 'the named pod is a new one');

		// Rolled back, both settle and Failing goes. A StatefulSet waits for its broken pod to be Ready before it
		// goes on, so that pod is deleted by hand, as Kubernetes documents for a forced rollback.
		await cluster.kubectlOk('rollout', 'undo', 'statefulset/db');
		await cluster.kubectlOk('delete', 'pod', 'db-1', '--wait=false');
		await cluster.kubectlOk('rollout', 'undo', 'daemonset/agent');
		await waitFor(
			() => summary('StatefulSet', 'db')?.phase === 'Complete' && summary('DaemonSet', 'agent')?.phase === 'Complete',
			{
				message: () =>
					`both Complete (${summary('StatefulSet', 'db')?.phase}, ${summary('DaemonSet', 'agent')?.phase})`,
			},
		);
	} finally {
		await session.close();
	}
});

test('a DaemonSet rolling out is watched with its ControllerRevisions; its watches close once it settles', async () => {
	await createWorkload('DaemonSet', 'relay', 'nginx:1.25');
	await cluster.kubectlOk('rollout', 'status', 'daemonset/relay', '--timeout=60s');
	const watches = new RolloutHealthWatches({
		client: cluster.connection.client,
		kubeConfig: cluster.connection.kubeConfig,
		onChange: () => {},
	});
	const store = cluster.sim.store;
	const relay = () => ({...store.get('daemonsets', 'default', 'relay'), kind: 'DaemonSet'}) as unknown as DaemonSetJson;
	try {
		watches.update([relay()], () => []);
		assert.equal(watches.size, 0, 'a settled DaemonSet costs no watch');
		await cluster.kubectlOk('set', 'image', 'daemonset/relay', 'app=busybox:crashloop');
		const failure = await waitFor(
			() => {
				watches.update([relay()], () => []);
				const revisions = watches.revisions('default', 'relay', 'DaemonSet');
				const pods = watches.pods('default', 'relay', 'DaemonSet');
				return revisions && workloadFailure(relay(), {replicaSets: [], revisions}, pods, new Date());
			},
			{message: 'the failure named from the watched pods and revisions'},
		);
		assert.equal(failure.reason, 'CrashLoopBackOff');
		assert.equal(watches.watched('default', 'relay', 'DaemonSet'), true);
		assert.ok(
			watches.revisions('default', 'relay', 'DaemonSet')!.every(r => r.data === undefined),
			'revisions are kept without their templates',
		);
		await cluster.kubectlOk('rollout', 'undo', 'daemonset/relay');
		await cluster.kubectlOk('rollout', 'status', 'daemonset/relay', '--timeout=60s');
		await waitFor(
			() => {
				watches.update([relay()], () => []);
				return watches.size === 0;
			},
			{message: 'the watches closed'},
		);
	} finally {
		await watches.stop();
	}
});
