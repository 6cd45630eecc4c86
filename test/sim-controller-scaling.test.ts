import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ANNOTATIONS, revisionOf} from '../source/k8s/deployment-util.js';
import {createDeployment, deploymentObject, scaleDeployment, setImage} from '../source/sim/scenarios/kubectl-writes.js';
import {replicaSetsOf, rolledOut, startCluster, summary} from './helpers/ctl-harness.js';
import {waitFor} from './helpers/wait.js';

test('scaling during a stuck rollout is proportional (10→20, surge 3, unavailable 2: 8/5 → 14/9)', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	createDeployment(
		store,
		deploymentObject({
			name: 'shop',
			image: 'shop:1',
			replicas: 10,
			strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 3, maxUnavailable: 2}},
		}),
	);
	await waitFor(() => rolledOut(store, 'default', 'shop'), {message: 'v1'});
	// The new image never pulls: the rollout stops at old 8 (min available) + new 5 (surge).
	setImage(store, 'default', 'shop', 'shop:notfound');
	const sizes = () =>
		replicaSetsOf(store, store.get('deployments', 'default', 'shop')!).map(rs => rs.spec.replicas as number);
	await waitFor(
		() => {
			const [old, fresh] = sizes();
			const d = store.get('deployments', 'default', 'shop')!;
			return (
				old === 8 && fresh === 5 && d.status.observedGeneration === d.metadata.generation && d.status.replicas === 13
			);
		},
		{
			message: () => `${'stuck at 8/5'}\n${JSON.stringify(summary(store, 'default', 'shop'), null, 1)}`,
		},
	);

	scaleDeployment(store, 'default', 'shop', 20);
	await waitFor(
		() => {
			const [old, fresh] = sizes();
			return old === 14 && fresh === 9;
		},
		{
			message: () => `${'proportionally scaled'}\n${JSON.stringify(summary(store, 'default', 'shop'), null, 1)}`,
		},
	);
	for (const rs of replicaSetsOf(store, store.get('deployments', 'default', 'shop')!)) {
		assert.equal(rs.metadata.annotations?.[ANNOTATIONS.desiredReplicas], '20');
		assert.equal(rs.metadata.annotations?.[ANNOTATIONS.maxReplicas], '23');
	}
	await waitFor(
		() => {
			const d = store.get('deployments', 'default', 'shop')!;
			return d.status.observedGeneration === d.metadata.generation && d.status.replicas === 23;
		},
		{message: 'status observed'},
	);
	assert.deepEqual(sizes(), [14, 9], 'the stuck rollout stays where the proportions put it');
});

test('scaling a finished deployment resizes only its active ReplicaSet', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	createDeployment(store, deploymentObject({name: 'web', image: 'web:1', replicas: 2}));
	await waitFor(() => rolledOut(store, 'default', 'web'), {message: 'v1'});
	setImage(store, 'default', 'web', 'web:2');
	await waitFor(
		() => rolledOut(store, 'default', 'web') && revisionOf(store.get('deployments', 'default', 'web')) === 2,
		{message: 'v2'},
	);
	scaleDeployment(store, 'default', 'web', 5);
	await waitFor(
		() => rolledOut(store, 'default', 'web') && store.get('deployments', 'default', 'web')!.status.replicas === 5,
		{message: 'scaled to 5'},
	);
	const replicaSets = replicaSetsOf(store, store.get('deployments', 'default', 'web')!);
	assert.deepEqual(
		replicaSets.map(rs => rs.spec.replicas),
		[0, 5],
	);
	const messages = store.list('events', 'default').map(e => e.message);
	assert.ok(
		messages.includes(`Scaled up replica set ${replicaSets[1]!.metadata.name} to 5 from 2`),
		messages.join('\n'),
	);
	scaleDeployment(store, 'default', 'web', 0);
	await waitFor(
		() =>
			store.list('pods', 'default').filter(p => !p.metadata.deletionTimestamp).length === 0 &&
			store.get('deployments', 'default', 'web')!.status.replicas === undefined,
		{message: 'scaled to 0'},
	);
	const d = store.get('deployments', 'default', 'web')!;
	assert.equal(d.status.availableReplicas, undefined, 'zero counters are omitted as the API server does');
	assert.equal(d.status.conditions.find((c: {type: string}) => c.type === 'Available').status, 'True');
});

test('a relabelled pod is released and replaced; labelled back, it is adopted and one pod goes', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	createDeployment(store, deploymentObject({name: 'lbl', image: 'app:1', replicas: 2}));
	await waitFor(() => rolledOut(store, 'default', 'lbl'), {message: 'v1'});
	const rs = replicaSetsOf(store, store.get('deployments', 'default', 'lbl')!)[0]!;
	const pod = store.listByOwner('pods', rs.metadata.uid)[0]!;
	const relabel = (labels: Record<string, string>) => {
		const next = structuredClone(store.get('pods', 'default', pod.metadata.name)!);
		next.metadata.labels = labels;
		store.update('pods', next);
	};
	const originalLabels = {...pod.metadata.labels};
	relabel({...originalLabels, app: 'debug'});
	await waitFor(
		() => {
			const released = store.get('pods', 'default', pod.metadata.name);
			const owned = store.listByOwner('pods', rs.metadata.uid).filter(p => !p.metadata.deletionTimestamp);
			return released && !released.metadata.ownerReferences && owned.length === 2 && rolledOut(store, 'default', 'lbl');
		},
		{
			message: () =>
				`${'released and replaced'}\n${JSON.stringify(
					(() =>
						store
							.list('pods', 'default')
							.map(p => [p.metadata.name, p.metadata.labels, p.metadata.ownerReferences?.length]))(),
					null,
					1,
				)}`,
		},
	);
	relabel(originalLabels);
	await waitFor(
		() => {
			const owned = store.listByOwner('pods', rs.metadata.uid);
			return (
				owned.some(p => p.metadata.uid === pod.metadata.uid) &&
				owned.filter(p => !p.metadata.deletionTimestamp).length === 2
			);
		},
		{
			message: () =>
				`${'adopted, and the ReplicaSet is back to two pods'}\n${JSON.stringify(
					(() =>
						store
							.list('pods', 'default')
							.map(p => [
								p.metadata.name,
								p.metadata.labels,
								p.metadata.ownerReferences?.length,
								p.metadata.deletionTimestamp,
							]))(),
					null,
					1,
				)}`,
		},
	);
	assert.equal(store.get('pods', 'default', pod.metadata.name)!.metadata.ownerReferences?.[0]?.uid, rs.metadata.uid);
});
