// The log stream and the describe fetcher against the simulator: the tail then streaming, a crashing container's
// runs one after another, --previous, a container that never starts, a deleted pod; describe data that prints as
// kubectl describe prints it.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {ApiClient, type KubeConfigLike} from '../source/cluster/http.js';
import {streamPodLogs, type LogStreamState, type LogTarget} from '../source/cluster/logs.js';
import {fetchDescribe, fetchObject} from '../source/cluster/describe.js';
import {PodLogFollower, logStateText} from '../source/cluster/log-follower.js';
import {DESCRIBERS} from '../source/model/describe/describe.js';
import {objectYaml} from '../source/model/yaml.js';
import {startTestCluster, type TestCluster} from './helpers/model-sim.js';
import {waitFor} from './helpers/wait.js';

let cluster: TestCluster;

before(async () => {
	cluster = await startTestCluster({speed: 50});
});
after(async () => {
	await cluster?.close();
});

function collect(target: LogTarget, tailLines?: number) {
	const lines: string[] = [];
	const states: LogStreamState[] = [];
	const stream = streamPodLogs(
		cluster.connection.client,
		target,
		{lines: more => lines.push(...more), state: state => states.push(state)},
		tailLines === undefined ? {} : {tailLines},
	);
	return {lines, states, stream, last: () => states.at(-1)};
}

function podOf(app: string, check: (pod: any) => boolean = () => true): Promise<any> {
	return waitFor(
		() =>
			cluster.sim.store
				.list('pods', 'default')
				.find(pod => pod.metadata.labels?.app === app && !pod.metadata.deletionTimestamp && check(pod)),
		{message: `a pod of ${app}`},
	);
}

const running = (pod: any) => Boolean(pod.status?.containerStatuses?.[0]?.state?.running);

test('follow: the last lines, then new ones as they are written; stop() ends it', async () => {
	await cluster.kubectlOk('create', 'deployment', 'web', '--image=nginx:1.25');
	const pod = await podOf('web', running);
	const log = collect({namespace: 'default', pod: pod.metadata.name}, 2);
	await waitFor(() => log.last()?.state === 'streaming', {message: 'streaming'});
	await waitFor(() => log.lines.length >= 2, {message: 'two lines'});
	const first = log.lines.length;
	await waitFor(() => log.lines.length > first && log.lines.at(-1)!.includes('HTTP/1.1'), {
		message: 'a new request line',
	});
	assert.ok(first <= 2, 'tailLines bounds the first read');
	log.stream.stop();
	const kubectl = await cluster.kubectlOk('logs', pod.metadata.name);
	const seen = log.lines.join('\n');
	assert.ok(kubectl.includes(seen), 'the same lines kubectl prints, in order');
});

test('a crashing container: each run follows the last; previous reads the last run once, as kubectl -p', async () => {
	await cluster.kubectlOk('create', 'deployment', 'crash', '--image=busybox:crashloop');
	const pod = await podOf('crash');
	const log = collect({namespace: 'default', pod: pod.metadata.name});
	await waitFor(() => log.lines.filter(line => line.startsWith('FATAL')).length >= 2, {
		message: 'two runs in the stream',
		timeout: 60_000,
	});
	assert.ok(
		log.states.some(state => state.state === 'waiting'),
		'waiting between runs is said',
	);
	const fatal = log.lines.filter(line => line.startsWith('FATAL'));
	assert.equal(new Set(log.lines.filter(line => line.startsWith('INFO  starting'))).size, 1, 'same text per run');
	assert.ok(fatal.length >= 2);
	log.stream.stop();

	const restarted = await podOf('crash', p => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1);
	const previous = collect({namespace: 'default', pod: restarted.metadata.name, previous: true});
	await waitFor(() => previous.last()?.state === 'ended', {message: 'the previous run read to its end'});
	assert.equal(previous.lines.at(-1), 'FATAL busybox: cannot start without the database; exiting with code 1');
	const kubectl = (await cluster.kubectlOk('logs', restarted.metadata.name, '--previous')).trimEnd().split('\n');
	assert.equal(kubectl.at(-1), previous.lines.at(-1));
	assert.equal(previous.lines[0], kubectl[0]);
});

test('a container that never starts: the kubelet says why, and the stream waits', async () => {
	await cluster.kubectlOk('create', 'deployment', 'missing', '--image=nginx:notfound');
	const pod = await podOf('missing', p => p.status?.containerStatuses?.[0]?.state?.waiting?.reason?.includes('Image'));
	const log = collect({namespace: 'default', pod: pod.metadata.name});
	const waiting = await waitFor(() => log.states.find(state => state.state === 'waiting'), {message: 'waiting'});
	assert.match(
		(waiting as {message: string}).message,
		/^container "nginx" in pod "missing-\S+" is waiting to start: (trying and failing to pull image|image can't be pulled)$/,
	);
	const previous = collect({namespace: 'default', pod: pod.metadata.name, previous: true});
	const error = await waitFor(() => previous.states.find(state => state.state === 'error'), {message: 'an error'});
	assert.equal(
		(error as {message: string}).message,
		`previous terminated container "nginx" in pod "${pod.metadata.name}" not found`,
	);
	log.stream.stop();
});

test('a deleted pod: the stream says so and stops', async () => {
	const pod = await podOf('web', running);
	const log = collect({namespace: 'default', pod: pod.metadata.name});
	await waitFor(() => log.last()?.state === 'streaming', {message: 'streaming'});
	await cluster.kubectlOk('delete', 'pod', pod.metadata.name, '--wait=false');
	const gone = await waitFor(() => log.states.find(state => state.state === 'deleted'), {message: 'deleted'});
	assert.equal((gone as {message: string}).message, `pod ${pod.metadata.name} was deleted`);
	const never = collect({namespace: 'default', pod: 'no-such-pod'});
	await waitFor(() => never.last()?.state === 'deleted', {message: 'deleted at once'});
});

test('expired credentials: the log stream drops them and reads on with fresh ones, once', async () => {
	const pod = await podOf('web', running);
	const inner = cluster.connection.client.kubeConfig;
	let calls = 0;
	const forgotten: (string | undefined)[] = [];
	// The pod is found (the first request), then the token has expired when the log is asked for (the second).
	const expiring: KubeConfigLike = {
		getCurrentCluster: () => inner.getCurrentCluster(),
		applyToHTTPSOptions: async options => {
			await inner.applyToHTTPSOptions(options);
			if (++calls === 2) options.headers = {...options.headers, Authorization: 'Bearer expired'};
		},
		forgetCredentials: refused => {
			forgotten.push(refused);
			return true;
		},
	};
	const lines: string[] = [];
	const states: LogStreamState[] = [];
	const stream = streamPodLogs(
		new ApiClient(expiring),
		{namespace: 'default', pod: pod.metadata.name},
		{lines: more => lines.push(...more), state: state => states.push(state)},
		{tailLines: 2},
	);
	await waitFor(() => lines.length > 0, {message: 'log lines after the credentials were renewed'});
	stream.stop();
	assert.deepEqual(forgotten, ['Bearer expired'], 'the refused credentials are dropped');
	assert.deepEqual(
		states.map(state => state.state),
		['connecting', 'reconnecting', 'connecting', 'streaming'],
	);

	// Credentials that cannot be renewed: the stream stops with the server's answer.
	const fixed: KubeConfigLike = {...expiring, forgetCredentials: () => false};
	calls = 0;
	const refused: LogStreamState[] = [];
	streamPodLogs(
		new ApiClient(fixed),
		{namespace: 'default', pod: pod.metadata.name},
		{lines: () => {}, state: state => refused.push(state)},
	);
	const error = await waitFor(() => refused.find(state => state.state === 'error'), {message: 'an error'});
	assert.match((error as {message: string}).message, /unauthorized/i);
});

test('fetchDescribe gives what kubectl describe prints; fetchObject gives the YAML', async () => {
	await cluster.kubectlOk('rollout', 'status', 'deployment/web');
	let last = {model: [] as string[], kubectl: [] as string[]};
	await waitFor(
		async () => {
			const data = await fetchDescribe(cluster.connection.client, {
				kind: 'Deployment',
				namespace: 'default',
				name: 'web',
			});
			const kubectl = (await cluster.kubectlOk('describe', 'deployment', 'web')).replace(/\n$/, '').split('\n');
			last = {model: DESCRIBERS.Deployment({...data, now: new Date()}), kubectl};
			return JSON.stringify(last.model) === JSON.stringify(last.kubectl);
		},
		{message: 'describe deployment to match'},
	).catch(() => assert.deepEqual(last.model, last.kubectl));
	const object = await fetchObject(cluster.connection.client, {kind: 'Deployment', namespace: 'default', name: 'web'});
	const yamlLines = objectYaml(object);
	assert.equal(yamlLines[0], 'apiVersion: apps/v1');
	assert.ok(yamlLines.includes('kind: Deployment'));
	assert.ok(!yamlLines.some(line => line.includes('managedFields')));
});

test('the follower: a ring buffer of visible lines, previous toggled, the end said', async () => {
	const pod = await podOf('crash', p => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1);
	let changes = 0;
	const follower = new PodLogFollower(
		cluster.connection.client,
		{namespace: 'default', pod: pod.metadata.name},
		() => changes++,
	);
	try {
		await waitFor(() => follower.buffer.length > 0, {message: 'lines'});
		follower.setPrevious(true);
		assert.equal(follower.previous, true);
		await waitFor(() => follower.state.state === 'ended', {message: 'the previous run to its end'});
		assert.equal(
			follower.buffer.lines().at(-1),
			'FATAL busybox: cannot start without the database; exiting with code 1',
		);
		assert.equal(
			logStateText(follower.state, {pod: pod.metadata.name, previous: true}),
			'end of the previous run’s log',
		);
		await waitFor(() => changes > 0, {message: 'a change notice (one per burst, after a short delay)'});
	} finally {
		follower.stop();
	}
	assert.equal(
		logStateText({state: 'deleted', message: 'pod web-1 was deleted'}, {pod: 'web-1'}),
		'pod web-1 was deleted: the log ends here',
	);
});
