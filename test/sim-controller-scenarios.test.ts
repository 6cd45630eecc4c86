import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ANNOTATIONS, revisionOf} from '../source/k8s/deployment-util.js';
import {loadScenario, FOCUS, scaleNamespace} from '../source/sim/scenarios/index.js';
import {replicaSetsOf, rolledOut, startCluster, summary} from './helpers/ctl-harness.js';
import {waitFor} from './helpers/wait.js';

test('empty scenario: namespaces only', t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const scenario = loadScenario(cluster.store, 'empty', {speed: 50});
	t.after(() => scenario.stop());
	assert.deepEqual(
		cluster.store
			.list('namespaces')
			.map(n => n.metadata.name)
			.sort(),
		['default', 'kube-node-lease', 'kube-public', 'kube-system'],
	);
	assert.equal(cluster.store.count('deployments'), 0);
});

test('demo scenario: history, a paused, a Recreate, a failing deployment, and new rollouts keep coming', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	const scenario = loadScenario(store, 'demo', {speed: 50});
	t.after(() => scenario.stop());
	const deployments = () => store.list('deployments');
	assert.deepEqual([...new Set(deployments().map(d => d.metadata.namespace))].sort(), ['default', 'shop', 'team-a']);
	assert.ok(deployments().length >= 5);
	for (const d of deployments())
		assert.ok(d.metadata.annotations?.[ANNOTATIONS.changeCause]?.startsWith('kubectl '), d.metadata.name);

	await waitFor(
		() => revisionOf(store.get('deployments', 'default', 'web')) >= 3 && rolledOut(store, 'default', 'web'),
		{
			message: () =>
				`${'web has revisions 1..3 and is rolled out'}\n${JSON.stringify(summary(store, 'default', 'web'), null, 1)}`,
		},
	);
	const webHistory = replicaSetsOf(store, store.get('deployments', 'default', 'web')!);
	assert.deepEqual(webHistory.slice(0, 3).map(revisionOf), [1, 2, 3]);
	assert.match(
		webHistory[1]!.metadata.annotations?.[ANNOTATIONS.changeCause] ?? '',
		/^kubectl set image deployment\/web nginx=nginx:/,
	);

	assert.equal(store.get('deployments', 'default', 'worker')!.spec.strategy.type, 'Recreate');
	await waitFor(
		() =>
			deployments().some(d => {
				const progressing = d.status?.conditions?.find((c: {type: string}) => c.type === 'Progressing');
				return d.spec.paused && progressing?.reason === 'DeploymentPaused' && (d.status.updatedReplicas ?? 0) === 0;
			}),
		{
			message: () =>
				`${'a paused deployment with a pending change'}\n${JSON.stringify(
					deployments().map(d => [d.metadata.name, d.spec.paused, d.status]),
					null,
					1,
				)}`,
		},
	);

	const failing = store.get('deployments', 'shop', 'checkout')!;
	assert.equal(failing.spec.progressDeadlineSeconds, 30);
	await waitFor(
		() => {
			const d = store.get('deployments', 'shop', 'checkout')!;
			const newest = replicaSetsOf(store, d).at(-1);
			if (!newest?.spec.template.spec.containers[0].image.endsWith(':notfound')) return false;
			const pods = store.listByOwner('pods', newest.metadata.uid);
			return (
				pods.length > 0 &&
				pods.every(p =>
					/ImagePullBackOff|ErrImagePull/.test(p.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? ''),
				)
			);
		},
		{
			message: () =>
				`${'the failing rollout is stuck on image pulls'}\n${JSON.stringify(summary(store, 'shop', 'checkout'), null, 1)}`,
		},
	);

	const webRevision = revisionOf(store.get('deployments', 'default', 'web'));
	await waitFor(() => revisionOf(store.get('deployments', 'default', 'web')) > webRevision, {
		message: 'the demo rolls a new image on its own',
	});
	assert.deepEqual(cluster.errors, []);
});

test('scale scenario: direct ReplicaSet history the controller accepts, and the focus deployment rolls', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	const scenario = loadScenario(store, 'scale', {
		speed: 50,
		scale: {namespaces: 2, deploymentsPerNamespace: 3, revisions: 4, focusReplicas: 20},
	});
	t.after(() => scenario.stop());
	assert.equal(store.count('deployments'), 7);
	assert.equal(store.count('replicasets'), 28);
	const app = store.get('deployments', scaleNamespace(1), 'app-002')!;
	await waitFor(
		() =>
			rolledOut(store, scaleNamespace(1), 'app-002') &&
			revisionOf(store.get('deployments', scaleNamespace(1), 'app-002')) === 4,
		{
			message: () =>
				`${'app synced at revision 4'}\n${JSON.stringify(summary(store, scaleNamespace(1), 'app-002'), null, 1)}`,
		},
	);
	assert.deepEqual(
		replicaSetsOf(store, app).map(rs => [revisionOf(rs), rs.spec.replicas]),
		[
			[1, 0],
			[2, 0],
			[3, 0],
			[4, 1],
		],
	);
	await waitFor(
		() =>
			revisionOf(store.get('deployments', FOCUS.namespace, FOCUS.name)) === 5 &&
			rolledOut(store, FOCUS.namespace, FOCUS.name),
		{
			message: () =>
				`${'focus rolled to revision 5'}\n${JSON.stringify(summary(store, FOCUS.namespace, FOCUS.name), null, 1)}`,
		},
	);
	assert.equal(store.count('replicasets'), 29);
	// Two StatefulSets and a DaemonSet per namespace, brought up by their controllers.
	assert.equal(store.count('statefulsets'), 4);
	assert.equal(store.count('daemonsets'), 2);
	await waitFor(
		() =>
			store.list('statefulsets').every(set => set.status?.readyReplicas === 2) &&
			store
				.list('daemonsets')
				.every(ds => ds.status?.numberReady === store.count('nodes') && ds.status.numberReady > 0),
		{message: 'StatefulSets and DaemonSets ready'},
	);
	assert.deepEqual(cluster.errors, []);
});
