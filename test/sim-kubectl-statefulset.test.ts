// StatefulSets driven by the real kubectl against the simulator: create, ordered start-up, rolling update from the
// highest ordinal, partition, OnDelete, rollout status/history/undo with kubectl's own sentences, scale, edit,
// restart, validation and deletion.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {startTestSimulator, type TestSimulator, kubectlOk} from './helpers/sim-client.js';

import type {StoredObject} from '../source/sim/store.js';
import {waitFor} from './helpers/wait.js';

let sim: TestSimulator;

before(async () => {
	sim = await startTestSimulator({speed: 50});
});
after(async () => {
	await sim.close();
});

const ok = (...args: string[]) => kubectlOk(sim, ...args);

async function create(object: unknown): Promise<string> {
	const result = await sim.kubectl(['create', '-f', '-'], {input: JSON.stringify(object)});
	assert.equal(result.code, 0, result.stderr);
	return result.stdout;
}

function statefulSet(name: string, options: {replicas?: number; spec?: Record<string, unknown>} = {}) {
	return {
		apiVersion: 'apps/v1',
		kind: 'StatefulSet',
		metadata: {name},
		spec: {
			serviceName: name,
			replicas: options.replicas ?? 3,
			selector: {matchLabels: {app: name}},
			template: {metadata: {labels: {app: name}}, spec: {containers: [{name: 'nginx', image: 'nginx:1.25'}]}},
			...options.spec,
		},
	};
}

const pod = (name: string) => sim.store.get('pods', 'default', name);
const set = (name: string) => sim.store.get('statefulsets', 'default', name)!;

/** Every line is one of kubectl's StatefulSet status sentences; returns the lines. */
function statusLines(output: string): string[] {
	const lines = output.trimEnd().split('\n');
	const sentences = [
		/^Waiting for statefulset spec update to be observed\.\.\.$/,
		/^Waiting for \d+ pods to be ready\.\.\.$/,
		/^Waiting for partitioned roll out to finish: \d+ out of \d+ new pods have been updated\.\.\.$/,
		/^partitioned roll out complete: \d+ new pods have been updated\.\.\.$/,
	];
	for (const line of lines)
		assert.ok(
			sentences.some(sentence => sentence.test(line)),
			`not a kubectl sentence: ${JSON.stringify(line)}`,
		);
	return lines;
}

/** Records the order in which pods are created and deleted (by name), from store events. */
function recordPods(prefix: string) {
	const created: string[] = [];
	const deleted: string[] = [];
	const readyWhenCreated: Record<string, string[]> = {};
	const unsubscribe = sim.store.subscribe(event => {
		if (event.resource !== 'pods' || !event.object.metadata.name.startsWith(prefix)) return;
		if (event.type === 'ADDED') {
			created.push(event.object.metadata.name);
			readyWhenCreated[event.object.metadata.name] = sim.store
				.list('pods', 'default')
				.filter(p => p.metadata.name.startsWith(prefix) && isReady(p))
				.map(p => p.metadata.name)
				.sort();
		}
		if (
			event.type === 'MODIFIED' &&
			event.object.metadata.deletionTimestamp &&
			!event.previous?.metadata.deletionTimestamp
		)
			deleted.push(event.object.metadata.name);
	});
	return {created, deleted, readyWhenCreated, stop: unsubscribe};
}

const isReady = (p: StoredObject) =>
	p.status?.phase === 'Running' &&
	(p.status?.conditions ?? []).some((c: {type: string; status: string}) => c.type === 'Ready' && c.status === 'True');

test('OrderedReady: pods start in order, each after its predecessors are Running and Ready, with their identity', async () => {
	const record = recordPods('web-');
	assert.equal(await create(statefulSet('web')), 'statefulset.apps/web created\n');
	const lines = statusLines(await ok('rollout', 'status', 'statefulset/web'));
	assert.equal(lines.at(-1), 'partitioned roll out complete: 3 new pods have been updated...');
	record.stop();
	assert.deepEqual(record.created, ['web-0', 'web-1', 'web-2']);
	assert.deepEqual(record.readyWhenCreated, {'web-0': [], 'web-1': ['web-0'], 'web-2': ['web-0', 'web-1']});

	const revision = set('web').status.updateRevision;
	assert.match(revision, /^web-[4-9bcdf]{6,10}$/);
	for (const [ordinal, name] of ['web-0', 'web-1', 'web-2'].entries()) {
		const p = pod(name)!;
		assert.deepEqual(p.metadata.labels, {
			app: 'web',
			'apps.kubernetes.io/pod-index': String(ordinal),
			'controller-revision-hash': revision,
			'statefulset.kubernetes.io/pod-name': name,
		});
		assert.equal(p.spec.hostname, name);
		assert.equal(p.spec.subdomain, 'web');
		assert.equal(p.metadata.ownerReferences?.[0]?.kind, 'StatefulSet');
	}
	assert.match(await ok('get', 'sts', 'web'), /^NAME +READY +AGE\nweb +3\/3 +\d+s\n$/);
	assert.match(
		await ok('get', 'sts', 'web', '-o', 'wide'),
		/^NAME +READY +AGE +CONTAINERS +IMAGES\nweb +3\/3 +\d+s +nginx +nginx:1\.25\n$/,
	);
	const status = set('web').status;
	assert.deepEqual(
		{...status},
		{
			observedGeneration: 1,
			replicas: 3,
			readyReplicas: 3,
			currentReplicas: 3,
			updatedReplicas: 3,
			availableReplicas: 3,
			currentRevision: revision,
			updateRevision: revision,
			collisionCount: 0,
		},
	);
	assert.match(
		await ok('get', 'controllerrevisions'),
		new RegExp(`^NAME +CONTROLLER +REVISION +AGE\n${revision} +statefulset\\.apps/web +1 +\\d+s\n$`),
	);
});

test('the API server defaults a StatefulSet as apps/v1 does', async () => {
	const stored = set('web');
	assert.deepEqual(stored.spec.updateStrategy, {type: 'RollingUpdate', rollingUpdate: {partition: 0}});
	assert.equal(stored.spec.podManagementPolicy, 'OrderedReady');
	assert.equal(stored.spec.revisionHistoryLimit, 10);
	assert.deepEqual(stored.spec.persistentVolumeClaimRetentionPolicy, {whenDeleted: 'Retain', whenScaled: 'Retain'});
	assert.equal(stored.metadata.generation, 1);
});

test('set image: replaced from the highest ordinal down, one at a time; history, undo renumbering, --revision', async () => {
	const record = recordPods('web-');
	assert.equal(await ok('set', 'image', 'sts/web', 'nginx=nginx:1.26'), 'statefulset.apps/web image updated\n');
	const lines = statusLines(await ok('rollout', 'status', 'sts/web'));
	assert.equal(lines.at(-1), 'partitioned roll out complete: 3 new pods have been updated...');
	record.stop();
	assert.deepEqual(record.deleted, ['web-2', 'web-1', 'web-0']);
	assert.deepEqual(record.created, ['web-2', 'web-1', 'web-0']);
	assert.deepEqual(record.readyWhenCreated['web-1'], ['web-0', 'web-2']);
	assert.equal(
		await ok('rollout', 'history', 'sts/web'),
		'statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n',
	);
	assert.equal(
		await ok('rollout', 'history', 'sts/web', '--revision=1'),
		'statefulset.apps/web with revision #1\nPod Template:\n  Labels:\tapp=web\n  Containers:\n   nginx:\n    Image:\tnginx:1.25\n    Port:\t<none>\n    Host Port:\t<none>\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n\n',
	);
	const first = sim.store.list('controllerrevisions', 'default').find(r => (r as {revision?: number}).revision === 1)!;

	assert.equal(await ok('rollout', 'undo', 'sts/web'), 'statefulset.apps/web rolled back\n');
	statusLines(await ok('rollout', 'status', 'sts/web'));
	assert.equal(
		await ok('rollout', 'history', 'sts/web'),
		'statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n',
	);
	const renumbered = sim.store.get('controllerrevisions', 'default', first.metadata.name) as {revision?: number};
	assert.equal(renumbered.revision, 3, 'the equal revision is re-used with the next number');
	assert.equal(set('web').status.updateRevision, first.metadata.name);
	assert.equal(pod('web-0')!.spec.containers[0].image, 'nginx:1.25');

	assert.equal(
		await ok('rollout', 'undo', 'sts/web', '--to-revision=3'),
		'statefulset.apps/web skipped rollback (current template already matches revision 3)\n',
	);
	const unknown = await sim.kubectl(['rollout', 'undo', 'sts/web', '--to-revision=9']);
	assert.deepEqual([unknown.code, unknown.stderr], [1, 'error: unable to find specified revision 9 in history\n']);
	const paused = await sim.kubectl(['rollout', 'pause', 'sts/web']);
	assert.deepEqual([paused.code, paused.stderr], [1, 'error: statefulsets.apps "web" pausing is not supported\n']);
});

test('partition: only ordinals at or above it are updated; lowering it finishes the rollout', async () => {
	await create(statefulSet('part', {spec: {updateStrategy: {type: 'RollingUpdate', rollingUpdate: {partition: 2}}}}));
	await ok('rollout', 'status', 'sts/part');
	await ok('set', 'image', 'sts/part', 'nginx=nginx:1.26');
	const lines = statusLines(await ok('rollout', 'status', 'sts/part'));
	assert.equal(lines.at(-1), 'partitioned roll out complete: 1 new pods have been updated...');
	const images = () => ['part-0', 'part-1', 'part-2'].map(name => pod(name)?.spec.containers[0].image);
	assert.deepEqual(images(), ['nginx:1.25', 'nginx:1.25', 'nginx:1.26']);
	assert.equal(set('part').status.updatedReplicas, 1);
	assert.equal(set('part').status.currentReplicas, 2);
	assert.notEqual(set('part').status.currentRevision, set('part').status.updateRevision);
	await ok('patch', 'sts', 'part', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}');
	assert.equal(
		statusLines(await ok('rollout', 'status', 'sts/part')).at(-1),
		'partitioned roll out complete: 3 new pods have been updated...',
	);
	await waitFor(() => images().every(image => image === 'nginx:1.26'), {message: 'all pods at the new image'});
	await waitFor(() => set('part').status.currentRevision === set('part').status.updateRevision, {
		message: 'current revision caught up',
	});
});

test('OnDelete: pods change only when deleted; rollout status refuses the strategy', async () => {
	await create(statefulSet('ondel', {replicas: 2, spec: {updateStrategy: {type: 'OnDelete'}}}));
	await waitFor(() => set('ondel').status?.readyReplicas === 2, {message: 'two ready pods'});
	const refused = await sim.kubectl(['rollout', 'status', 'sts/ondel']);
	assert.deepEqual(
		[refused.code, refused.stderr],
		[1, 'error: rollout status is only available for RollingUpdate strategy type\n'],
	);
	await ok('set', 'image', 'sts/ondel', 'nginx=nginx:1.26');
	await waitFor(() => set('ondel').status.observedGeneration === 2, {message: 'update revision observed'});
	assert.equal(pod('ondel-1')!.spec.containers[0].image, 'nginx:1.25');
	assert.equal(await ok('delete', 'pod', 'ondel-1', '--wait=false'), 'pod "ondel-1" deleted\n');
	await waitFor(
		() => {
			const p = pod('ondel-1');
			return p && !p.metadata.deletionTimestamp && p.spec.containers[0].image === 'nginx:1.26' && isReady(p);
		},
		{message: 'ondel-1 recreated at the new image'},
	);
	assert.equal(pod('ondel-0')!.spec.containers[0].image, 'nginx:1.25');
	assert.equal(set('ondel').status.updatedReplicas, 1);
});

test('scale down removes the highest ordinals in reverse order; Parallel starts all at once', async () => {
	const record = recordPods('web-');
	assert.equal(await ok('scale', 'sts/web', '--replicas=1'), 'statefulset.apps/web scaled\n');
	await waitFor(() => !pod('web-1') && !pod('web-2') && set('web').status.replicas === 1, {message: 'only web-0 left'});
	record.stop();
	assert.deepEqual(record.deleted, ['web-2', 'web-1']);

	const parallel = recordPods('par-');
	await create(statefulSet('par', {spec: {podManagementPolicy: 'Parallel'}}));
	await ok('rollout', 'status', 'sts/par');
	parallel.stop();
	assert.deepEqual(parallel.readyWhenCreated, {'par-0': [], 'par-1': [], 'par-2': []});
});

test('rollout restart and kubectl edit make new revisions; volumeClaimTemplates are accepted', async () => {
	assert.equal(await ok('rollout', 'restart', 'sts/web'), 'statefulset.apps/web restarted\n');
	await ok('rollout', 'status', 'sts/web');
	assert.ok(pod('web-0')!.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']);
	const editor = path.join(sim.dir, 'editor.sh');
	writeFileSync(editor, `#!/bin/sh\nsed -i 's/image: nginx:1.25/image: nginx:1.27/' "$1"\n`, {mode: 0o755});
	const edited = await sim.kubectl(['edit', 'sts/web'], {env: {KUBE_EDITOR: editor}});
	assert.deepEqual([edited.code, edited.stdout], [0, 'statefulset.apps/web edited\n'], edited.stderr);
	await ok('rollout', 'status', 'sts/web');
	assert.equal(pod('web-0')!.spec.containers[0].image, 'nginx:1.27');

	await create(
		statefulSet('db', {
			replicas: 1,
			spec: {
				volumeClaimTemplates: [
					{metadata: {name: 'data'}, spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '1Gi'}}}},
				],
			},
		}),
	);
	await ok('rollout', 'status', 'sts/db');
	assert.deepEqual(set('db').spec.volumeClaimTemplates[0].spec.volumeMode, 'Filesystem');
	assert.deepEqual(
		pod('db-0')!.spec.volumes.find((v: {name: string}) => v.name === 'data'),
		{name: 'data', persistentVolumeClaim: {claimName: 'data-db-0'}},
	);
});

test('kubectl apply -f (client-side, then server-side) creates and updates a StatefulSet', async () => {
	const file = path.join(sim.dir, 'applied.yaml');
	const manifest = (image: string) =>
		`apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: applied\nspec:\n  serviceName: applied\n  replicas: 2\n  selector:\n    matchLabels: {app: applied}\n  template:\n    metadata:\n      labels: {app: applied}\n    spec:\n      containers:\n      - name: nginx\n        image: ${image}\n`;
	writeFileSync(file, manifest('nginx:1.25'));
	assert.equal(await ok('apply', '-f', file), 'statefulset.apps/applied created\n');
	await ok('rollout', 'status', 'sts/applied');
	writeFileSync(file, manifest('nginx:1.26'));
	assert.equal(await ok('apply', '-f', file), 'statefulset.apps/applied configured\n');
	await ok('rollout', 'status', 'sts/applied');
	writeFileSync(file, manifest('nginx:1.27'));
	assert.equal(await ok('apply', '--server-side', '-f', file), 'statefulset.apps/applied serverside-applied\n');
	await ok('rollout', 'status', 'sts/applied');
	await waitFor(
		() =>
			['applied-0', 'applied-1'].every(
				name => pod(name)?.spec.containers[0].image === 'nginx:1.27' && isReady(pod(name)!),
			),
		{message: 'both pods at nginx:1.27'},
	);
	assert.match(await ok('rollout', 'history', 'sts/applied'), /\n1 +<none>\n2 +<none>\n3 +<none>\n\n$/);
});

test('validation: the API server messages for a selector mismatch and a forbidden update', async () => {
	const bad = statefulSet('bad');
	bad.spec.template.metadata.labels = {app: 'other'};
	const created = await sim.kubectl(['create', '-f', '-'], {input: JSON.stringify(bad)});
	assert.equal(created.code, 1);
	assert.equal(
		created.stderr,
		'The StatefulSet "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`\n',
	);
	const forbidden = await sim.kubectl(['patch', 'sts', 'web', '-p', '{"spec":{"serviceName":"other"}}']);
	assert.equal(forbidden.code, 1);
	assert.equal(
		forbidden.stderr,
		"The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n",
	);
});

test('revisionHistoryLimit trims unused revisions; delete takes the pods and revisions', async () => {
	await create(statefulSet('trim', {replicas: 1, spec: {revisionHistoryLimit: 1}}));
	for (const image of ['nginx:1.26', 'nginx:1.27', 'nginx:1.28']) {
		await ok('set', 'image', 'sts/trim', `nginx=${image}`);
		await ok('rollout', 'status', 'sts/trim');
	}
	const uid = set('trim').metadata.uid;
	await waitFor(() => sim.store.listByOwner('controllerrevisions', uid).length === 2, {
		message: 'two revisions kept (the live one and one more)',
	});
	assert.equal(
		await ok('rollout', 'history', 'sts/trim'),
		'statefulset.apps/trim \nREVISION  CHANGE-CAUSE\n3         <none>\n4         <none>\n\n',
	);
	assert.equal(await ok('delete', 'sts', 'trim', '--wait=false'), 'statefulset.apps "trim" deleted\n');
	await waitFor(() => !pod('trim-0') && sim.store.listByOwner('controllerrevisions', uid).length === 0, {
		message: 'pods and revisions gone',
	});
});
