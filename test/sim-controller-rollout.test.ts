import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ANNOTATIONS, revisionOf} from '../source/k8s/deployment-util.js';
import {
	createDeployment,
	deploymentObject,
	setImage,
	setPaused,
	updateDeployment,
} from '../source/sim/scenarios/kubectl-writes.js';
import type {StoredObject} from '../source/sim/store.js';
import {replicaSetsOf, rolledOut, startCluster, summary} from './helpers/ctl-harness.js';
import {waitFor} from './helpers/wait.js';

const image = (rs: StoredObject) => rs.spec.template.spec.containers[0].image as string;

test('rolling update v1→v2: new RS takes all replicas, old RS 0, revisions 1 and 2, events recorded', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	createDeployment(store, deploymentObject({name: 'web', image: 'nginx:1.16', replicas: 3}));
	await waitFor(() => rolledOut(store, 'default', 'web'), {
		message: () => `${'v1 rolled out'}\n${JSON.stringify(summary(store, 'default', 'web'), null, 1)}`,
	});
	setImage(store, 'default', 'web', 'nginx:1.17');
	await waitFor(
		() =>
			rolledOut(store, 'default', 'web') &&
			replicaSetsOf(store, store.get('deployments', 'default', 'web')!).length === 2,
		{
			message: () => `${'v2 rolled out'}\n${JSON.stringify(summary(store, 'default', 'web'), null, 1)}`,
		},
	);

	const d = store.get('deployments', 'default', 'web')!;
	const [v1, v2] = replicaSetsOf(store, d);
	assert.equal(revisionOf(v1), 1);
	assert.equal(revisionOf(v2), 2);
	assert.equal(image(v1!), 'nginx:1.16');
	assert.equal(image(v2!), 'nginx:1.17');
	assert.equal(v1!.spec.replicas, 0);
	assert.equal(v2!.spec.replicas, 3);
	assert.equal(d.metadata.annotations?.[ANNOTATIONS.revision], '2');
	assert.equal(d.status.observedGeneration, d.metadata.generation);
	for (const rs of [v1!, v2!]) {
		assert.match(rs.metadata.name, /^web-[4-9bcdf]{1,10}$/);
		const hash = rs.metadata.name.slice('web-'.length);
		assert.equal(rs.metadata.labels?.['pod-template-hash'], hash);
		assert.equal(rs.spec.selector.matchLabels['pod-template-hash'], hash);
		assert.equal(rs.spec.template.metadata.labels['pod-template-hash'], hash);
		assert.equal(rs.metadata.annotations?.[ANNOTATIONS.desiredReplicas], '3');
		assert.equal(rs.metadata.annotations?.[ANNOTATIONS.maxReplicas], '4');
		assert.deepEqual(rs.metadata.ownerReferences, [
			{
				apiVersion: 'apps/v1',
				kind: 'Deployment',
				name: 'web',
				uid: d.metadata.uid,
				controller: true,
				blockOwnerDeletion: true,
			},
		]);
	}
	const progressing = d.status.conditions.find((c: {type: string}) => c.type === 'Progressing');
	assert.equal(progressing.reason, 'NewReplicaSetAvailable');
	assert.equal(progressing.message, `ReplicaSet "${v2!.metadata.name}" has successfully progressed.`);
	const available = d.status.conditions.find((c: {type: string}) => c.type === 'Available');
	assert.deepEqual(
		[available.status, available.reason, available.message],
		['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
	);

	const events = store.list('events', 'default').filter(e => e.reason === 'ScalingReplicaSet');
	const messages = events.map(e => e.message as string);
	assert.ok(messages.includes(`Scaled up replica set ${v1!.metadata.name} to 3`), messages.join('\n'));
	assert.ok(messages.includes(`Scaled up replica set ${v2!.metadata.name} to 1`), messages.join('\n'));
	assert.ok(
		messages.some(m => m.startsWith(`Scaled down replica set ${v1!.metadata.name} to `) && m.includes(' from ')),
		messages.join('\n'),
	);
	const event = events[0]!;
	assert.deepEqual(event.involvedObject, {
		kind: 'Deployment',
		namespace: 'default',
		name: 'web',
		uid: d.metadata.uid,
		apiVersion: 'apps/v1',
		resourceVersion: (event.involvedObject as {resourceVersion: string}).resourceVersion,
	});
	assert.equal(event.type, 'Normal');
	assert.deepEqual(event.source, {component: 'deployment-controller'});
	assert.equal(event.reportingComponent, 'deployment-controller');
	assert.equal(event.count, 1);
	assert.ok(event.firstTimestamp && event.lastTimestamp);
	assert.deepEqual(cluster.errors, []);
});

test('rollback by writing the old template re-uses the old RS as revision 3 with revision-history "1"', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	createDeployment(store, deploymentObject({name: 'app', image: 'nginx:1.16', replicas: 2}));
	await waitFor(() => rolledOut(store, 'default', 'app'), {message: 'v1'});
	setImage(store, 'default', 'app', 'nginx:1.17');
	await waitFor(
		() => rolledOut(store, 'default', 'app') && revisionOf(store.get('deployments', 'default', 'app')) === 2,
		{message: 'v2'},
	);
	const [v1] = replicaSetsOf(store, store.get('deployments', 'default', 'app')!);
	// What `kubectl rollout undo` patches: the RS template without the hash label, and the annotations.
	updateDeployment(store, 'default', 'app', deployment => {
		const template = structuredClone(v1!.spec.template);
		delete template.metadata.labels['pod-template-hash'];
		deployment.spec.template = template;
	});
	await waitFor(
		() => rolledOut(store, 'default', 'app') && revisionOf(store.get('deployments', 'default', 'app')) === 3,
		{
			message: () => `${'rolled back'}\n${JSON.stringify(summary(store, 'default', 'app'), null, 1)}`,
		},
	);
	const replicaSets = replicaSetsOf(store, store.get('deployments', 'default', 'app')!);
	assert.equal(replicaSets.length, 2, 'no new ReplicaSet');
	const reused = replicaSets.find(rs => rs.metadata.uid === v1!.metadata.uid)!;
	assert.equal(revisionOf(reused), 3);
	assert.equal(reused.metadata.annotations?.[ANNOTATIONS.revisionHistory], '1');
	assert.equal(reused.spec.replicas, 2);
	assert.deepEqual(replicaSets.map(revisionOf), [2, 3]);
});

test('Recreate scales the old RS to zero and waits for its pods before creating the new RS', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	createDeployment(
		store,
		deploymentObject({name: 'db', image: 'postgres:15', replicas: 3, strategy: {type: 'Recreate'}}),
	);
	await waitFor(() => rolledOut(store, 'default', 'db'), {message: 'v1'});
	const [old] = replicaSetsOf(store, store.get('deployments', 'default', 'db')!);
	const violations: string[] = [];
	let newCreated = false;
	const unsubscribe = store.subscribe(event => {
		if (event.resource !== 'replicasets' || event.type !== 'ADDED') return;
		newCreated = true;
		const oldNow = store.get('replicasets', 'default', old!.metadata.name)!;
		if (oldNow.spec.replicas !== 0) violations.push(`old RS still wants ${oldNow.spec.replicas}`);
		const oldPods = store.listByOwner('pods', old!.metadata.uid);
		if (oldPods.length > 0) violations.push(`${oldPods.length} old pods still exist`);
	});
	t.after(unsubscribe);
	setImage(store, 'default', 'db', 'postgres:16');
	await waitFor(() => newCreated && rolledOut(store, 'default', 'db'), {
		message: () => `${'v2'}\n${JSON.stringify(summary(store, 'default', 'db'), null, 1)}`,
	});
	assert.deepEqual(violations, []);
	const [v1, v2] = replicaSetsOf(store, store.get('deployments', 'default', 'db')!);
	assert.equal(v1!.spec.replicas, 0);
	assert.equal(v2!.spec.replicas, 3);
	const d = store.get('deployments', 'default', 'db')!;
	const available = d.status.conditions.find((c: {type: string}) => c.type === 'Available');
	assert.equal(available.status, 'True');
});

test('paused deployment creates no RS on template change; resume continues the rollout', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	createDeployment(store, deploymentObject({name: 'api', image: 'api:1', replicas: 2}));
	await waitFor(() => rolledOut(store, 'default', 'api'), {message: 'v1'});
	setPaused(store, 'default', 'api', true);
	const changed = setImage(store, 'default', 'api', 'api:2');
	await waitFor(
		() => {
			const d = store.get('deployments', 'default', 'api')!;
			const progressing = d.status.conditions?.find((c: {type: string}) => c.type === 'Progressing');
			return (
				d.status.observedGeneration === changed.metadata.generation &&
				progressing?.reason === 'DeploymentPaused' &&
				progressing.status === 'Unknown' &&
				progressing.message === 'Deployment is paused'
			);
		},
		{
			message: () =>
				`${'paused condition and generation observed'}\n${JSON.stringify(summary(store, 'default', 'api'), null, 1)}`,
		},
	);
	assert.equal(replicaSetsOf(store, changed).length, 1, 'no new ReplicaSet while paused');
	assert.equal(
		store.get('deployments', 'default', 'api')!.status.updatedReplicas ?? 0,
		0,
		'no RS matches the template',
	);

	setPaused(store, 'default', 'api', false);
	await waitFor(() => rolledOut(store, 'default', 'api') && replicaSetsOf(store, changed).length === 2, {
		message: () => `${'rolled out after resume'}\n${JSON.stringify(summary(store, 'default', 'api'), null, 1)}`,
	});
	const replicaSets = replicaSetsOf(store, changed);
	assert.deepEqual(
		replicaSets.map(rs => [revisionOf(rs), image(rs), rs.spec.replicas]),
		[
			[1, 'api:1', 0],
			[2, 'api:2', 2],
		],
	);
});

test('revisionHistoryLimit removes the oldest empty ReplicaSets', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	createDeployment(store, deploymentObject({name: 'hist', image: 'app:1', replicas: 1, revisionHistoryLimit: 1}));
	await waitFor(() => rolledOut(store, 'default', 'hist'), {message: 'v1'});
	for (const version of [2, 3, 4]) {
		setImage(store, 'default', 'hist', `app:${version}`);
		await waitFor(
			() => rolledOut(store, 'default', 'hist') && revisionOf(store.get('deployments', 'default', 'hist')) === version,
			{message: `v${version}`},
		);
	}
	await waitFor(() => replicaSetsOf(store, store.get('deployments', 'default', 'hist')!).length === 2, {
		message: () => `${'history trimmed to one old RS'}\n${JSON.stringify(summary(store, 'default', 'hist'), null, 1)}`,
	});
	const replicaSets = replicaSetsOf(store, store.get('deployments', 'default', 'hist')!);
	assert.deepEqual(
		replicaSets.map(rs => [revisionOf(rs), image(rs)]),
		[
			[3, 'app:3'],
			[4, 'app:4'],
		],
	);
});

test('deleting a Deployment garbage-collects its ReplicaSets and pods', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	const d = createDeployment(store, deploymentObject({name: 'gone', image: 'app:1', replicas: 2}));
	await waitFor(() => rolledOut(store, 'default', 'gone'), {message: 'v1'});
	store.delete('deployments', 'default', 'gone');
	await waitFor(() => store.list('replicasets', 'default').length === 0 && store.list('pods', 'default').length === 0, {
		message: () =>
			`${'everything collected'}\n${JSON.stringify(
				store.list('pods', 'default').map(p => p.metadata),
				null,
				1,
			)}`,
	});
	assert.equal(store.listByOwner('replicasets', d.metadata.uid).length, 0);
});

test('a Deployment adopts a matching bare ReplicaSet and uses it when the template matches', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	const template = {
		metadata: {labels: {name: 'app'}},
		spec: {containers: [{name: 'app', image: 'learnk8s/app:1.0.0'}]},
	};
	const bare = store.create('replicasets', {
		apiVersion: 'apps/v1',
		kind: 'ReplicaSet',
		// Adoption matches the selector against the ReplicaSet's own labels.
		metadata: {name: 'example-replicaset', namespace: 'default', generation: 1, labels: {name: 'app'}},
		spec: {replicas: 3, selector: {matchLabels: {name: 'app'}}, template: structuredClone(template)},
	} as never);
	await waitFor(() => store.get('replicasets', 'default', 'example-replicaset')?.status?.availableReplicas === 3, {
		message: 'bare RS runs its pods',
	});
	const object = deploymentObject({name: 'app', image: 'learnk8s/app:1.0.0', replicas: 3, labels: {name: 'app'}});
	object.spec.template.spec.containers[0].name = 'app';
	// The bare RS was not defaulted by us: compare like the API server would have stored it.
	const stored = store.get('replicasets', 'default', 'example-replicaset')!;
	const defaulted = structuredClone(stored);
	defaulted.spec.template = structuredClone(object.spec.template);
	store.update('replicasets', defaulted);
	createDeployment(store, object);
	await waitFor(
		() => rolledOut(store, 'default', 'app') && revisionOf(store.get('deployments', 'default', 'app')) === 1,
		{
			message: () => `${'adopted and rolled out'}\n${JSON.stringify(summary(store, 'default', 'app'), null, 1)}`,
		},
	);
	const replicaSets = replicaSetsOf(store, store.get('deployments', 'default', 'app')!);
	assert.deepEqual(
		replicaSets.map(rs => rs.metadata.name),
		['example-replicaset'],
	);
	assert.equal(replicaSets[0]!.metadata.uid, bare.metadata.uid);
	assert.equal(revisionOf(replicaSets[0]), 1);
	assert.equal(
		store.listByOwner('pods', bare.metadata.uid).filter(p => !p.metadata.deletionTimestamp).length,
		3,
		'its pods are kept',
	);
});
