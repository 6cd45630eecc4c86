import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createDeployment, deploymentObject, scaleDeployment, setImage} from '../source/sim/scenarios/kubectl-writes.js';
import type {StoredObject} from '../source/sim/store.js';
import {backoffSeconds} from '../source/sim/controllers/kubelet.js';
import {compareForDeletion} from '../source/sim/controllers/pod-util.js';
import {replicaSetsOf, rolledOut, startCluster, summary} from './helpers/ctl-harness.js';
import {waitFor} from './helpers/wait.js';

const containerStatus = (pod: StoredObject) => pod.status?.containerStatuses?.[0];

test('a notfound image with progressDeadlineSeconds 2 ends in ProgressDeadlineExceeded', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	createDeployment(store, deploymentObject({name: 'broken', image: 'app:1', replicas: 2, progressDeadlineSeconds: 2}));
	await waitFor(() => rolledOut(store, 'default', 'broken'), {message: 'v1'});
	setImage(store, 'default', 'broken', 'app:notfound');
	const progressing = () =>
		store
			.get('deployments', 'default', 'broken')!
			.status.conditions?.find((c: {type: string}) => c.type === 'Progressing');
	await waitFor(() => progressing()?.reason === 'ProgressDeadlineExceeded', {
		message: () => `${'deadline exceeded'}\n${JSON.stringify(summary(store, 'default', 'broken'), null, 1)}`,
	});
	const newRS = replicaSetsOf(store, store.get('deployments', 'default', 'broken')!)[1]!;
	assert.equal(progressing().status, 'False');
	assert.equal(progressing().message, `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`);
	const pods = store.listByOwner('pods', newRS.metadata.uid);
	assert.ok(pods.length > 0);
	for (const pod of pods) {
		assert.equal(pod.status.phase, 'Pending');
		assert.match(containerStatus(pod).state.waiting.reason, /^(ErrImagePull|ImagePullBackOff)$/);
		assert.equal(containerStatus(pod).ready, false);
	}
});

test('notfound pods alternate ErrImagePull and ImagePullBackOff and never start', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	const reasons: string[] = [];
	const unsubscribe = store.subscribe(event => {
		if (event.resource !== 'pods') return;
		const reason = containerStatus(event.object)?.state?.waiting?.reason;
		if (reason && reasons.at(-1) !== reason) reasons.push(reason);
		if (containerStatus(event.object)?.state?.running) reasons.push('RUNNING');
	});
	t.after(unsubscribe);
	createDeployment(store, deploymentObject({name: 'pull', image: 'registry.example/pull:notfound', replicas: 1}));
	await waitFor(() => reasons.filter(r => r === 'ImagePullBackOff').length >= 2, {
		message: () => `${'two pull attempts'}\n${JSON.stringify(reasons, null, 1)}`,
	});
	assert.deepEqual(reasons.slice(0, 5), [
		'ContainerCreating',
		'ErrImagePull',
		'ImagePullBackOff',
		'ErrImagePull',
		'ImagePullBackOff',
	]);
	const pod = store.list('pods', 'default')[0]!;
	assert.match(containerStatus(pod).state.waiting.message, /registry\.example\/pull:notfound/);
	assert.equal(containerStatus(pod).image, 'registry.example/pull:notfound');
	const events = store.list('events', 'default').filter(e => (e.involvedObject as {kind: string}).kind === 'Pod');
	const failed = events.find(
		e =>
			e.reason === 'Failed' &&
			String(e.message).startsWith('Failed to pull image "registry.example/pull:notfound": rpc error: code = NotFound'),
	);
	assert.ok(failed, JSON.stringify(events.map(e => e.message)));
	assert.equal(failed.type, 'Warning');
	assert.deepEqual(failed.source, {component: 'kubelet', host: pod.spec.nodeName});
	assert.equal((failed.involvedObject as {fieldPath: string}).fieldPath, 'spec.containers{pull}');
	assert.ok(
		events.some(e => e.reason === 'BackOff' && e.message === 'Back-off pulling image "registry.example/pull:notfound"'),
	);
	const errors = events.find(e => e.message === 'Error: ImagePullBackOff');
	assert.ok(errors && (errors.count as number) >= 1);
});

test('crashloop pods restart with a growing CrashLoopBackOff', async t => {
	const cluster = startCluster(100);
	t.after(() => cluster.stop());
	const {store} = cluster;
	const backoffs: string[] = [];
	let sawRunning = false;
	const unsubscribe = store.subscribe(event => {
		if (event.resource !== 'pods') return;
		const status = containerStatus(event.object);
		if (status?.state?.running) sawRunning = true;
		const message: string | undefined =
			status?.state?.waiting?.reason === 'CrashLoopBackOff' ? status.state.waiting.message : undefined;
		if (message && backoffs.at(-1) !== message) backoffs.push(message);
	});
	t.after(unsubscribe);
	createDeployment(store, deploymentObject({name: 'crash', image: 'app:crashloop', replicas: 1}));
	await waitFor(
		() => {
			const pod = store.list('pods', 'default')[0];
			return pod && (containerStatus(pod)?.restartCount ?? 0) >= 3 && pod;
		},
		{message: () => `${'three restarts'}\n${JSON.stringify(backoffs, null, 1)}`},
	);
	assert.ok(sawRunning, 'the container starts before it crashes');
	const pod = store.list('pods', 'default')[0]!;
	assert.match(backoffs[0]!, /^back-off 10s restarting failed container=app pod=crash-[4-9bcdf]+-\w{5}_default\(/);
	assert.match(backoffs[1]!, /^back-off 20s /);
	assert.match(backoffs[2]!, /^back-off 40s /);
	assert.equal(pod.status.phase, 'Running');
	assert.equal(containerStatus(pod).lastState.terminated.exitCode, 1);
	assert.equal(pod.status.conditions.find((c: {type: string}) => c.type === 'Ready').status, 'False');
	assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(backoffSeconds), [10, 20, 40, 80, 160, 300, 300]);
	const backOff = store.list('events', 'default').find(e => e.reason === 'BackOff');
	assert.match(
		String(backOff?.message),
		/^Back-off restarting failed container app in pod crash-[4-9bcdf]+-\w{5}_default\(/,
	);
	assert.ok((backOff!.count as number) >= 2, 'repeats are aggregated into one event');
});

test('running pods have the real status shape and honour the readiness delay', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	let runningButUnready = false;
	const unsubscribe = store.subscribe(event => {
		if (event.resource !== 'pods') return;
		const status = containerStatus(event.object);
		if (status?.state?.running && status.ready === false) runningButUnready = true;
	});
	t.after(unsubscribe);
	createDeployment(
		store,
		deploymentObject({name: 'probe', image: 'nginx:1.25', replicas: 1, port: 80, readinessDelaySeconds: 5}),
	);
	await waitFor(() => rolledOut(store, 'default', 'probe'), {message: 'ready'});
	assert.ok(runningButUnready, 'running but not ready during the probe delay');
	const pod = store.list('pods', 'default')[0]!;
	assert.match(pod.spec.nodeName, /^sim-node-[1-3]$/);
	assert.equal(pod.status.phase, 'Running');
	assert.deepEqual(
		pod.status.conditions.map((c: {type: string; status: string}) => `${c.type}=${c.status}`),
		['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True'],
	);
	for (const condition of pod.status.conditions) assert.ok(condition.lastTransitionTime);
	const status = containerStatus(pod);
	assert.equal(status.image, 'docker.io/library/nginx:1.25');
	assert.match(status.imageID, /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
	assert.match(status.containerID, /^containerd:\/\/[0-9a-f]{64}$/);
	assert.deepEqual([status.ready, status.started, status.restartCount], [true, true, 0]);
	assert.ok(status.state.running.startedAt);
	assert.ok(pod.status.hostIP && pod.status.podIP && pod.status.startTime);
	assert.equal(pod.status.qosClass, 'BestEffort');
	assert.match(pod.metadata.name, /^probe-[4-9bcdf]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('scale-down deletes not-ready pods first', async t => {
	// Slow enough that the newcomers are still starting when the scale-down comes.
	const cluster = startCluster(5);
	t.after(() => cluster.stop());
	const {store} = cluster;
	createDeployment(store, deploymentObject({name: 'mixed', image: 'app:1', replicas: 3}));
	await waitFor(() => rolledOut(store, 'default', 'mixed'), {message: 'v1'});
	const rs = replicaSetsOf(store, store.get('deployments', 'default', 'mixed')!)[0]!;
	const isReady = (pod: StoredObject) =>
		pod.status?.conditions?.some((c: {type: string; status: string}) => c.type === 'Ready' && c.status === 'True') ??
		false;
	// At the moment each victim is picked, no surviving pod may be less ready than it.
	const picks: {victimReady: boolean; unreadySurvivors: number}[] = [];
	const unsubscribe = store.subscribe(event => {
		if (event.resource !== 'pods' || !event.previous || event.previous.metadata.deletionTimestamp) return;
		if (event.type === 'MODIFIED' && !event.object.metadata.deletionTimestamp) return;
		const survivors = store
			.listByOwner('pods', rs.metadata.uid)
			.filter(p => !p.metadata.deletionTimestamp && p.metadata.uid !== event.object.metadata.uid);
		picks.push({victimReady: isReady(event.previous), unreadySurvivors: survivors.filter(p => !isReady(p)).length});
	});
	t.after(unsubscribe);
	scaleDeployment(store, 'default', 'mixed', 5);
	await waitFor(() => store.listByOwner('pods', rs.metadata.uid).length === 5, {message: '5 pods exist'});
	scaleDeployment(store, 'default', 'mixed', 3);
	await waitFor(() => picks.length >= 2 && picks, {message: 'two pods picked'});
	assert.deepEqual(
		picks.slice(0, 2).map(p => p.victimReady),
		[false, false],
		JSON.stringify(picks),
	);
	await waitFor(
		() =>
			rolledOut(store, 'default', 'mixed') &&
			store.listByOwner('pods', rs.metadata.uid).filter(p => !p.metadata.deletionTimestamp && isReady(p)).length === 3,
		{message: 'three ready pods remain'},
	);
});

test('a deleted running pod stays Terminating with its grace period, then the kubelet removes it', async t => {
	const cluster = startCluster();
	t.after(() => cluster.stop());
	const {store} = cluster;
	createDeployment(store, deploymentObject({name: 'term', image: 'app:1', replicas: 2}));
	await waitFor(() => rolledOut(store, 'default', 'term'), {message: 'v1'});
	const terminating = new Map<string, StoredObject>();
	const unsubscribe = store.subscribe(event => {
		if (event.resource === 'pods' && event.type === 'MODIFIED' && event.object.metadata.deletionTimestamp)
			terminating.set(event.object.metadata.name, event.object);
	});
	t.after(unsubscribe);
	scaleDeployment(store, 'default', 'term', 1);
	const victim = await waitFor(() => [...terminating.values()][0], {message: 'a pod marked for deletion'});
	assert.equal(victim.metadata.deletionGracePeriodSeconds, 30);
	assert.ok(
		Date.parse(victim.metadata.deletionTimestamp!) > Date.now() + 20_000,
		'deadline is the real grace period from now',
	);
	assert.ok(store.get('pods', 'default', victim.metadata.name), 'still present while terminating');
	await waitFor(() => !store.get('pods', 'default', victim.metadata.name), {
		message: 'removed after the (scaled) grace period',
	});
	assert.equal(store.list('pods', 'default').length, 1);
});

test('ActivePodsWithRanks order: unassigned, pending, not ready, then more restarts and newer', () => {
	const pod = (
		name: string,
		node: string | undefined,
		phase: string,
		ready: boolean,
		restarts = 0,
		created = '2026-01-01T00:00:00Z',
	): StoredObject => ({
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name, uid: name, resourceVersion: '1', creationTimestamp: created},
		spec: node ? {nodeName: node} : {},
		status: {
			phase,
			conditions: [{type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2026-01-01T00:00:00Z'}],
			containerStatuses: [{restartCount: restarts}],
		},
	});
	const pods = [
		pod('ready-old', 'n1', 'Running', true),
		pod('ready-restarts', 'n1', 'Running', true, 4),
		pod('running-unready', 'n1', 'Running', false),
		pod('pending', 'n1', 'Pending', false),
		pod('unassigned', undefined, 'Pending', false),
	];
	const now = Date.parse('2026-01-01T01:00:00Z');
	const order = [...pods].sort((a, b) => compareForDeletion(a, b, () => 0, now)).map(p => p.metadata.name);
	assert.deepEqual(order, ['unassigned', 'pending', 'running-unready', 'ready-restarts', 'ready-old']);
	const ranked = [pod('a', 'n1', 'Running', true), pod('b', 'n2', 'Running', true)];
	const byRank = ranked
		.sort((a, b) => compareForDeletion(a, b, p => (p.spec.nodeName === 'n2' ? 3 : 1), now))
		.map(p => p.metadata.name);
	assert.deepEqual(byRank, ['b', 'a'], 'doubled-up node first');
});
