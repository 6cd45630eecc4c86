// The StatefulSet and DaemonSet controllers and their ControllerRevision history against a Store (no API server):
// revision data and hashes as pkg/controller/history computes them, name collisions, and failed pods recreated.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {safeEncodeString} from '../source/k8s/template.js';
import {
	controllerRevisionName,
	goJson,
	hashControllerRevision,
	templatePatch,
} from '../source/sim/controllers/history.js';
import {createWorkload, statefulSetObject} from '../source/sim/scenarios/workload-writes.js';
import type {StoredObject} from '../source/sim/store.js';
import {startCluster} from './helpers/ctl-harness.js';
import {waitFor} from './helpers/wait.js';

/** FNV-1 (not 1a), 32 bits, as hash/fnv's New32. */
function fnv1(text: string): number {
	let hash = 0x811c9dc5;
	for (const byte of Buffer.from(text)) hash = ((Math.imul(hash, 0x01000193) >>> 0) ^ byte) >>> 0;
	return hash;
}

test('goJson writes what json.Marshal writes for a decoded object: sorted keys, HTML characters escaped', () => {
	assert.equal(
		goJson({b: 1, a: {d: [true, null], c: '<&>'}}),
		'{"a":{"c":"\\u003c\\u0026\\u003e","d":[true,null]},"b":1}',
	);
	assert.equal(fnv1('a'), 0x050c5d7e, 'the FNV-1 test vector');
});

test('revision data replaces the template; the hash is FNV-1 of the data then the collision count', () => {
	const owner = {
		metadata: {name: 'web'},
		spec: {
			template: {
				metadata: {labels: {app: 'web'}, creationTimestamp: null},
				spec: {containers: [{name: 'c', image: 'i'}]},
			},
		},
	} as unknown as StoredObject;
	const data = templatePatch(owner);
	const raw =
		'{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"image":"i","name":"c"}]}}}}';
	assert.equal(JSON.stringify(data), raw, 'served byte for byte as kubectl computes it');
	assert.equal(hashControllerRevision(data, 0), safeEncodeString(String(fnv1(`${raw}0`))));
	assert.notEqual(hashControllerRevision(data, 1), hashControllerRevision(data, 0));
	assert.equal(controllerRevisionName('x'.repeat(300), 'h'), `${'x'.repeat(223)}-h`);
});

test('a revision name taken by other data raises collisionCount; the StatefulSet still rolls out', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	const object = statefulSetObject({name: 'web', namespace: 'default', image: 'nginx:1.25', spec: {replicas: 2}});
	// What the controller will compute for the first revision, taken beforehand by an unrelated revision.
	const defaulted = createWorkload(store, 'statefulsets', object);
	const takenName = controllerRevisionName('web', hashControllerRevision(templatePatch(defaulted), 0));
	store.delete('statefulsets', 'default', 'web');
	store.create('controllerrevisions', {
		apiVersion: 'apps/v1',
		kind: 'ControllerRevision',
		metadata: {name: takenName, namespace: 'default'},
		data: {other: true},
		revision: 1,
	} as never);
	createWorkload(store, 'statefulsets', object);
	await waitFor(
		() => {
			const set = store.get('statefulsets', 'default', 'web');
			return set?.status?.readyReplicas === 2 && set.status.collisionCount === 1 ? set : undefined;
		},
		{message: 'ready with collisionCount 1'},
	);
	const set = store.get('statefulsets', 'default', 'web')!;
	assert.notEqual(set.status.updateRevision, takenName);
	assert.equal(set.status.updateRevision, controllerRevisionName('web', hashControllerRevision(templatePatch(set), 1)));
	assert.deepEqual(cluster.errors, []);
});

test('a failed StatefulSet pod is deleted and recreated with the same name', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	createWorkload(
		store,
		'statefulsets',
		statefulSetObject({name: 'db', namespace: 'default', image: 'pg:16', spec: {replicas: 1}}),
	);
	await waitFor(() => store.get('statefulsets', 'default', 'db')?.status?.readyReplicas === 1, {message: 'ready'});
	const before = store.get('pods', 'default', 'db-0')!;
	const failed = structuredClone(before);
	failed.status = {...failed.status, phase: 'Failed'};
	store.update('pods', failed);
	await waitFor(
		() => {
			const pod = store.get('pods', 'default', 'db-0');
			return pod && pod.metadata.uid !== before.metadata.uid && pod.status?.phase === 'Running';
		},
		{message: 'a new db-0 running'},
	);
	const events = store.list('events', 'default').filter(event => event.reason === 'RecreatingFailedPod');
	assert.equal(events[0]?.message, 'StatefulSet default/db is recreating failed Pod db-0');
});

test('a StatefulSet adopts a matching orphan named as one of its pods, and releases a pod relabelled away', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	const orphan = store.create('pods', {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name: 'web-0', namespace: 'default', labels: {app: 'web'}},
		spec: {containers: [{name: 'web', image: 'nginx:1.25'}]},
		status: {phase: 'Pending'},
	});
	let adoptedUid: string | undefined;
	const unsubscribe = store.subscribe(event => {
		const owner = event.object.metadata.ownerReferences?.[0];
		if (event.resource === 'pods' && event.object.metadata.uid === orphan.metadata.uid && owner?.kind === 'StatefulSet')
			adoptedUid = owner.uid;
	});
	t.after(unsubscribe);
	const set = createWorkload(
		store,
		'statefulsets',
		statefulSetObject({name: 'web', namespace: 'default', image: 'nginx:1.25', spec: {replicas: 2}}),
	);
	await waitFor(() => store.get('statefulsets', 'default', 'web')?.status?.readyReplicas === 2, {message: 'ready'});
	assert.equal(adoptedUid, set.metadata.uid, 'the orphan web-0 was adopted');

	const pod = store.get('pods', 'default', 'web-1')!;
	const relabelled = structuredClone(pod);
	relabelled.metadata.labels = {...relabelled.metadata.labels, app: 'debug'};
	store.update('pods', relabelled);
	await waitFor(
		() => {
			const current = store.get('pods', 'default', 'web-1');
			return current?.metadata.uid === pod.metadata.uid && !current.metadata.ownerReferences;
		},
		{message: 'released, and a new web-1 needed: the name is taken, so the set waits'},
	);
	store.delete('pods', 'default', 'web-1');
	await waitFor(
		() => {
			const current = store.get('pods', 'default', 'web-1');
			return (
				current &&
				current.metadata.uid !== pod.metadata.uid &&
				current.metadata.ownerReferences?.[0]?.uid === set.metadata.uid
			);
		},
		{message: 'a new web-1 of the set'},
	);
	assert.deepEqual(cluster.errors, []);
});

test('a StatefulSet re-created over orphaned pods and revisions adopts them and keeps its history', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	const object = statefulSetObject({name: 'db', namespace: 'default', image: 'pg:16', spec: {replicas: 2}});
	const first = createWorkload(store, 'statefulsets', object);
	await waitFor(() => store.get('statefulsets', 'default', 'db')?.status?.readyReplicas === 2, {message: 'ready'});
	const revision = store.get('statefulsets', 'default', 'db')!.status.updateRevision as string;
	// What deletion with propagationPolicy=Orphan leaves: dependents without their owner reference.
	for (const resource of ['pods', 'controllerrevisions'] as const) {
		for (const dependent of store.listByOwner(resource, first.metadata.uid)) {
			const orphan = structuredClone(dependent);
			delete orphan.metadata.ownerReferences;
			store.update(resource, orphan);
		}
	}
	store.delete('statefulsets', 'default', 'db');
	const uids = ['db-0', 'db-1'].map(name => store.get('pods', 'default', name)!.metadata.uid);
	const second = createWorkload(store, 'statefulsets', object);
	await waitFor(
		() => {
			const set = store.get('statefulsets', 'default', 'db');
			return (
				set?.status?.readyReplicas === 2 &&
				set.status.updateRevision === revision &&
				store.listByOwner('pods', second.metadata.uid).length === 2 &&
				store.listByOwner('controllerrevisions', second.metadata.uid).length === 1
			);
		},
		{message: 'pods and the revision adopted'},
	);
	assert.deepEqual(
		['db-0', 'db-1'].map(name => store.get('pods', 'default', name)!.metadata.uid),
		uids,
		'the same pods, not new ones',
	);
	assert.equal(store.count('controllerrevisions', 'default'), 1);
	assert.deepEqual(cluster.errors, []);
});
