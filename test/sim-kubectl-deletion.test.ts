// Deletion with the real kubectl: the garbage collector's three propagation policies, finalizers holding an
// object with its deletionTimestamp, pods' grace periods and --force, and DELETE of a collection.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startTestSimulator, type TestSimulator, kubectlOk} from './helpers/sim-client.js';
import type {StoreEvent, StoredObject} from '../source/sim/store.js';
import {waitFor} from './helpers/wait.js';

let sim: TestSimulator;

before(async () => {
	sim = await startTestSimulator({speed: 50});
});
after(async () => {
	await sim.close();
});

const ok = (...args: string[]) => kubectlOk(sim, ...args);

const pods = (app: string) => sim.store.list('pods', 'default').filter(pod => pod.metadata.labels?.app === app);
const replicaSets = (app: string) =>
	sim.store.list('replicasets', 'default').filter(rs => rs.metadata.labels?.app === app);

async function readyDeployment(name: string, replicas: number, graceSeconds?: number): Promise<void> {
	const manifest = {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name, labels: {app: name}},
		spec: {
			replicas,
			selector: {matchLabels: {app: name}},
			template: {
				metadata: {labels: {app: name}},
				spec: {
					...(graceSeconds === undefined ? {} : {terminationGracePeriodSeconds: graceSeconds}),
					containers: [{name: 'nginx', image: 'nginx:1.25'}],
				},
			},
		},
	};
	const result = await sim.kubectl(['create', '-f', '-'], {input: JSON.stringify(manifest)});
	assert.equal(result.code, 0, result.stderr);
	await ok('rollout', 'status', `deployment/${name}`);
	assert.equal(pods(name).length, replicas);
}

test('--cascade=orphan leaves the ReplicaSet without an owner reference and its pods running', async () => {
	await readyDeployment('orphaned', 2);
	const [rs] = replicaSets('orphaned');
	assert.ok(rs);
	assert.equal(
		await ok('delete', 'deployment', 'orphaned', '--cascade=orphan'),
		'deployment.apps "orphaned" deleted\n',
	);
	assert.equal(sim.store.get('deployments', 'default', 'orphaned'), undefined);
	const left = sim.store.get('replicasets', 'default', rs.metadata.name);
	assert.ok(left, 'the ReplicaSet stays');
	assert.equal(left.metadata.uid, rs.metadata.uid);
	assert.equal(left.metadata.ownerReferences, undefined);
	assert.equal(
		await ok('get', 'rs', rs.metadata.name, '-o', 'jsonpath={.metadata.ownerReferences}'),
		'',
		'kubectl shows no owner',
	);
	const running = pods('orphaned');
	assert.equal(running.length, 2);
	for (const pod of running) {
		assert.equal(pod.metadata.deletionTimestamp, undefined);
		assert.equal(pod.metadata.ownerReferences?.[0]?.uid, rs.metadata.uid, 'pods keep their ReplicaSet');
	}
	// The orphan goes with its pods in the background when deleted itself.
	assert.equal(await ok('delete', 'rs', rs.metadata.name), `replicaset.apps "${rs.metadata.name}" deleted\n`);
	await waitFor(() => pods('orphaned').length === 0, {message: 'the orphaned pods to be collected'});
});

test('background (the default) deletes the deployment at once, then the collector takes the ReplicaSet and pods', async () => {
	await readyDeployment('background', 2);
	assert.equal(
		await ok('delete', 'deployment', 'background', '--wait=false'),
		'deployment.apps "background" deleted\n',
	);
	assert.equal(sim.store.get('deployments', 'default', 'background'), undefined);
	await waitFor(() => replicaSets('background').length + pods('background').length === 0, {
		message: 'ReplicaSet and pods collected',
	});
});

test('--cascade=foreground: the deployment stays with its finalizer until pods, then the ReplicaSet, are gone', async () => {
	// A long grace period keeps the pods terminating while we look.
	await readyDeployment('foreground', 2, 3000);
	const deletions: string[] = [];
	const unsubscribe = sim.store.subscribe((event: StoreEvent) => {
		if (event.type === 'DELETED' && event.object.metadata.labels?.app === 'foreground') deletions.push(event.resource);
	});
	try {
		assert.equal(
			await ok('delete', 'deployment', 'foreground', '--cascade=foreground', '--wait=false'),
			'deployment.apps "foreground" deleted\n',
		);
		const shown = JSON.parse(await ok('get', 'deployment', 'foreground', '-o', 'json')) as StoredObject;
		assert.deepEqual(shown.metadata.finalizers, ['foregroundDeletion']);
		assert.ok(shown.metadata.deletionTimestamp);
		assert.equal(shown.metadata.deletionGracePeriodSeconds, 0);
		await waitFor(
			() => {
				const [rs] = replicaSets('foreground');
				return (
					rs?.metadata.finalizers?.includes('foregroundDeletion') &&
					pods('foreground').length === 2 &&
					pods('foreground').every(pod => pod.metadata.deletionGracePeriodSeconds === 3000)
				);
			},
			{message: 'the ReplicaSet in foreground deletion and its pods terminating'},
		);
		assert.ok(sim.store.get('deployments', 'default', 'foreground'), 'the owner waits for its dependents');
		assert.match(await ok('get', 'pods', '-l', 'app=foreground'), /Terminating/);
		const forced = await sim.kubectl(['delete', 'pods', '-l', 'app=foreground', '--grace-period=0', '--force']);
		assert.equal(forced.code, 0, forced.stderr);
		await waitFor(() => !sim.store.get('deployments', 'default', 'foreground'), {message: 'the deployment gone'});
		assert.deepEqual(deletions, ['pods', 'pods', 'replicasets', 'deployments']);
	} finally {
		unsubscribe();
	}
});

test('a finalizer added with kubectl patch keeps the object, visible with its deletionTimestamp, until removed', async () => {
	await readyDeployment('held', 1);
	await ok('patch', 'deployment', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}');
	assert.equal(await ok('delete', 'deployment', 'held', '--wait=false'), 'deployment.apps "held" deleted\n');
	const held = JSON.parse(await ok('get', 'deployment', 'held', '-o', 'json')) as StoredObject;
	assert.deepEqual(held.metadata.finalizers, ['example.com/hold']);
	assert.ok(held.metadata.deletionTimestamp);
	assert.equal(held.metadata.deletionGracePeriodSeconds, 0);
	assert.equal(replicaSets('held').length, 1, 'background: dependents stay while the owner does');

	const more = await sim.kubectl([
		'patch',
		'deployment',
		'held',
		'--type=merge',
		'-p',
		'{"metadata":{"finalizers":["example.com/hold","example.com/more"]}}',
	]);
	assert.equal(more.code, 1);
	assert.equal(
		more.stderr,
		'The Deployment "held" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/more"}\n',
	);

	await ok('patch', 'deployment', 'held', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]');
	await waitFor(
		() => {
			return !sim.store.get('deployments', 'default', 'held') && replicaSets('held').length + pods('held').length === 0;
		},
		{message: 'deployment, ReplicaSet and pods gone'},
	);
});

test('a pod with a finalizer is terminated by the kubelet but stays, grace period 0, until the finalizer goes', async () => {
	await ok('run', 'finalized', '--image=nginx', '--labels=app=finalized');
	await waitFor(() => pods('finalized')[0]?.status?.phase === 'Running', {message: 'the pod running'});
	await ok('patch', 'pod', 'finalized', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/keep"]}}');
	assert.equal(await ok('delete', 'pod', 'finalized', '--wait=false'), 'pod "finalized" deleted\n');
	await waitFor(() => pods('finalized')[0]?.metadata.deletionGracePeriodSeconds === 0, {
		message: 'the kubelet done with it',
	});
	assert.ok(sim.store.get('pods', 'default', 'finalized'));
	await ok('patch', 'pod', 'finalized', '--type=merge', '-p', '{"metadata":{"finalizers":null}}');
	assert.equal(sim.store.get('pods', 'default', 'finalized'), undefined);
});

test('kubectl delete pods -l deletes each selected pod gracefully', async () => {
	for (const name of ['sel-a', 'sel-b', 'other'])
		await ok('run', name, '--image=nginx', `--labels=app=${name === 'other' ? 'other' : 'sel'}`);
	await waitFor(() => ['sel-a', 'sel-b'].every(n => sim.store.get('pods', 'default', n)?.spec?.nodeName), {
		message: 'pods scheduled',
	});
	const out = await ok('delete', 'pods', '-l', 'app=sel');
	assert.equal(out, 'pod "sel-a" deleted\npod "sel-b" deleted\n');
	assert.equal(pods('sel').length, 0);
	assert.ok(sim.store.get('pods', 'default', 'other'));
});

test('kubectl delete pod --grace-period=0 --force removes a running pod at once', async () => {
	await ok('run', 'forced', '--image=nginx', '--labels=app=forced');
	await waitFor(() => pods('forced')[0]?.status?.phase === 'Running', {message: 'the pod running'});
	const result = await sim.kubectl(['delete', 'pod', 'forced', '--grace-period=0', '--force']);
	assert.deepEqual(
		[result.code, result.stdout, result.stderr],
		[
			0,
			'pod "forced" force deleted\n',
			'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
		],
	);
	assert.equal(sim.store.get('pods', 'default', 'forced'), undefined);
});

test('a second DELETE may only shorten a pod grace period; the kubelet honours the shorter one', async () => {
	await ok('run', 'shortened', '--image=nginx', '--overrides={"spec":{"terminationGracePeriodSeconds":3000}}');
	await waitFor(() => sim.store.get('pods', 'default', 'shortened')?.status?.phase === 'Running', {
		message: 'the pod running',
	});
	await ok('delete', 'pod', 'shortened', '--wait=false');
	const first = sim.store.get('pods', 'default', 'shortened')!;
	assert.equal(first.metadata.deletionGracePeriodSeconds, 3000);
	await ok('delete', 'pod', 'shortened', '--wait=false', '--grace-period=5000');
	assert.equal(sim.store.get('pods', 'default', 'shortened')!.metadata.deletionGracePeriodSeconds, 3000);
	await ok('delete', 'pod', 'shortened', '--wait=false', '--grace-period=10');
	const shorter = sim.store.get('pods', 'default', 'shortened')!;
	assert.equal(shorter.metadata.deletionGracePeriodSeconds, 10);
	assert.equal(
		Date.parse(first.metadata.deletionTimestamp!) - Date.parse(shorter.metadata.deletionTimestamp!),
		2990_000,
		'the deadline moves by the difference',
	);
	await waitFor(() => !sim.store.get('pods', 'default', 'shortened'), {
		message: 'the kubelet removes it after the shorter period',
	});
});

test('DELETE of a collection with a labelSelector answers the list of deleted objects; bad DeleteOptions are 422', async () => {
	for (const name of ['col-a', 'col-b']) await ok('run', name, '--image=nginx', '--labels=app=col');
	const reply = await sim.request('DELETE', '/api/v1/namespaces/default/pods?labelSelector=app%3Dcol');
	assert.equal(reply.status, 200);
	assert.equal(reply.json.kind, 'PodList');
	assert.deepEqual(reply.json.items.map((pod: StoredObject) => pod.metadata.name).sort(), ['col-a', 'col-b']);
	await waitFor(() => pods('col').length === 0, {message: 'the collection gone'});

	const bad = await sim.request('DELETE', '/apis/apps/v1/namespaces/default/deployments/x', {
		body: {kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Sideways'},
	});
	assert.equal(bad.status, 422);
	assert.equal(
		bad.json.message,
		'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
	);
});

test('the REST defaults: no options deletes a Deployment in the background; answers are Success, the object, or 202', async () => {
	await readyDeployment('rest-default', 1);
	const gone = await sim.request('DELETE', '/apis/apps/v1/namespaces/default/deployments/rest-default');
	assert.equal(gone.status, 200);
	assert.deepEqual([gone.json.kind, gone.json.status, gone.json.details.name], ['Status', 'Success', 'rest-default']);
	await waitFor(() => replicaSets('rest-default').length === 0, {message: 'its ReplicaSet collected'});

	// The deprecated orphanDependents=false: 202 Accepted when the object stays (here, held by a finalizer).
	await readyDeployment('rest-accepted', 1);
	await ok(
		'patch',
		'deployment',
		'rest-accepted',
		'--type=merge',
		'-p',
		'{"metadata":{"finalizers":["example.com/hold"]}}',
	);
	const accepted = await sim.request('DELETE', '/apis/apps/v1/namespaces/default/deployments/rest-accepted', {
		body: {kind: 'DeleteOptions', apiVersion: 'v1', orphanDependents: false},
	});
	assert.equal(accepted.status, 202);
	assert.deepEqual(accepted.json.metadata.finalizers, ['example.com/hold']);
	await ok('patch', 'deployment', 'rest-accepted', '--type=merge', '-p', '{"metadata":{"finalizers":null}}');
	assert.equal(sim.store.get('deployments', 'default', 'rest-accepted'), undefined);

	await readyDeployment('rest-foreground', 1, 3000);
	const waiting = await sim.request(
		'DELETE',
		'/apis/apps/v1/namespaces/default/deployments/rest-foreground?propagationPolicy=Foreground',
	);
	assert.equal(waiting.status, 200);
	assert.equal(waiting.json.kind, 'Deployment');
	assert.deepEqual(waiting.json.metadata.finalizers, ['foregroundDeletion']);
	assert.ok(waiting.json.metadata.deletionTimestamp);
	await ok('delete', 'pods', '-l', 'app=rest-foreground', '--grace-period=0', '--force');
	await waitFor(() => !sim.store.get('deployments', 'default', 'rest-foreground'), {message: 'the deployment gone'});
});

test('finalizers must be qualified names, and orphan and foregroundDeletion cannot be both set', async () => {
	await ok('create', 'deployment', 'named', '--image=nginx:1.25');
	const both = await sim.kubectl([
		'patch',
		'deployment',
		'named',
		'--type=merge',
		'-p',
		'{"metadata":{"finalizers":["orphan","foregroundDeletion"]}}',
	]);
	assert.equal(both.code, 1);
	assert.equal(
		both.stderr,
		'The Deployment "named" is invalid: metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set\n',
	);
	const badName = await sim.kubectl([
		'patch',
		'deployment',
		'named',
		'--type=merge',
		'-p',
		'{"metadata":{"finalizers":["-bad"]}}',
	]);
	assert.equal(badName.code, 1);
	assert.match(
		badName.stderr,
		/^The Deployment "named" is invalid: metadata\.finalizers: Invalid value: "-bad": name part must consist of alphanumeric characters/,
	);
	await ok('patch', 'deployment', 'named', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/ok"]}}');
	await ok('patch', 'deployment', 'named', '--type=merge', '-p', '{"metadata":{"finalizers":null}}');
});
