// The kubelet's events for every pod as kubectl reads them (get events, describe pod): Pulling, Pulled, Created,
// Started, Killing, BackOff and Failed, aggregated with counts like the events recorder; and what the API server's
// admission adds to a pod (service account, token volume, tolerations), as describe prints it.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startTestSimulator, type TestSimulator} from './helpers/sim-client.js';
import {waitFor} from './helpers/wait.js';
import {Store} from '../source/sim/store.js';
import {EventRecorder} from '../source/sim/controllers/events.js';
import {BatchedEventRecorder} from '../source/sim/controllers/event-recorder.js';

let sim: TestSimulator;

before(async () => {
	sim = await startTestSimulator({speed: 50});
});
after(async () => {
	await sim.close();
});

async function ok(...args: string[]): Promise<string> {
	const result = await sim.kubectl(args);
	assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
	return result.stdout;
}

async function deploy(name: string, image: string): Promise<void> {
	await ok('create', 'deployment', name, `--image=${image}`);
}

async function podOf(name: string): Promise<any> {
	return waitFor(() => sim.store.list('pods', 'default').find(pod => pod.metadata.labels?.app === name), {
		message: `a pod of ${name}`,
	});
}

/** The pod's events as `kubectl get events -o json` returns them. */
async function eventsOf(pod: string): Promise<any[]> {
	return JSON.parse(await ok('get', 'events', '--field-selector', `involvedObject.name=${pod}`, '-o', 'json')).items;
}

async function eventsUntil(pod: string, description: string, check: (events: any[]) => boolean): Promise<any[]> {
	return waitFor(
		async () => {
			const events = await eventsOf(pod);
			return check(events) ? events : undefined;
		},
		{message: description},
	);
}

const find = (events: any[], reason: string, message?: RegExp) =>
	events.find(event => event.reason === reason && (!message || message.test(event.message)));

test('a pod that starts: Pulling, Pulled, Created, Started from the kubelet on its node', async () => {
	await deploy('web', 'nginx:1.25');
	const pod = await podOf('web');
	const events = await eventsUntil(pod.metadata.name, 'Started', events => Boolean(find(events, 'Started')));
	const node = sim.store.get('pods', 'default', pod.metadata.name)!.spec.nodeName;
	const expected: [string, RegExp][] = [
		['Pulling', /^Pulling image "nginx:1\.25"$/],
		[
			'Pulled',
			/^(Successfully pulled image "nginx:1\.25" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: \d+ bytes\.|Container image "nginx:1\.25" already present on machine)$/,
		],
		['Created', /^Created container: nginx$/],
		['Started', /^Started container nginx$/],
	];
	for (const [reason, message] of expected) {
		const event = find(events, reason, message);
		assert.ok(event, `${reason} in ${JSON.stringify(events.map(e => [e.reason, e.message]))}`);
		assert.equal(event.type, 'Normal');
		assert.deepEqual(event.source, {component: 'kubelet', host: node});
		assert.equal(event.involvedObject.fieldPath, 'spec.containers{nginx}');
		assert.equal(event.involvedObject.kind, 'Pod');
		assert.equal(event.count, 1);
	}
	const table = await ok('get', 'events', '--field-selector', `involvedObject.name=${pod.metadata.name}`);
	assert.match(table, /Normal {3}Started {2,}pod\/web-\S+ {2,}Started container nginx/);
});

test('a crashing container: BackOff, and Created/Started counted again on every restart', async () => {
	await deploy('crash', 'busybox:crashloop');
	const pod = await podOf('crash');
	const events = await eventsUntil(
		pod.metadata.name,
		'restarts counted',
		events => (find(events, 'Started')?.count ?? 0) >= 3 && (find(events, 'BackOff')?.count ?? 0) >= 2,
	);
	const backOff = find(events, 'BackOff')!;
	assert.equal(backOff.type, 'Warning');
	assert.equal(
		backOff.message,
		`Back-off restarting failed container busybox in pod ${pod.metadata.name}_default(${pod.metadata.uid})`,
	);
	assert.ok(Date.parse(backOff.lastTimestamp) >= Date.parse(backOff.firstTimestamp));
	assert.ok(find(events, 'Pulled', /^Container image "busybox:crashloop" already present on machine$/));
	assert.equal(events.filter(event => event.reason === 'Started').length, 1, 'one aggregated Started event');
	const describe = await ok('describe', 'pod', pod.metadata.name);
	assert.match(
		describe,
		/Warning {2,}BackOff {2,}\S+ \(x\d+ over \S+\) {2,}kubelet {2,}Back-off restarting failed container busybox/,
	);
	assert.match(describe, /Last State: {5}Terminated\n {6}Reason: {7}Error\n {6}Exit Code: {4}1\n/);
});

test('an image that never pulls: Pulling, Failed, BackOff, Failed again', async () => {
	await deploy('missing', 'nginx:notfound');
	const pod = await podOf('missing');
	const events = await eventsUntil(
		pod.metadata.name,
		'pull failures',
		events => Boolean(find(events, 'Failed', /^Error: ImagePullBackOff$/)) && Boolean(find(events, 'BackOff')),
	);
	assert.ok(find(events, 'Pulling', /^Pulling image "nginx:notfound"$/));
	assert.ok(
		find(
			events,
			'Failed',
			/^Failed to pull image "nginx:notfound": rpc error: code = NotFound desc = failed to pull and unpack image "docker\.io\/library\/nginx:notfound"/,
		),
	);
	assert.ok(find(events, 'Failed', /^Error: ErrImagePull$/));
	assert.equal(find(events, 'BackOff')!.message, 'Back-off pulling image "nginx:notfound"');
});

test('a deleted pod: Killing for its running container', async () => {
	const pod = await podOf('web');
	await ok('delete', 'pod', pod.metadata.name, '--wait=false');
	const events = await eventsUntil(pod.metadata.name, 'Killing', events => Boolean(find(events, 'Killing')));
	assert.equal(find(events, 'Killing')!.message, 'Stopping container nginx');
});

test('describe pod reads like a cluster: service account, token volume, tolerations, priority', async () => {
	const pod = await waitFor(
		() =>
			sim.store
				.list('pods', 'default')
				.find(p => p.metadata.labels?.app === 'web' && !p.metadata.deletionTimestamp && p.status?.podIP),
		{message: 'a running web pod'},
	);
	const text = await ok('describe', 'pod', pod.metadata.name);
	assert.match(text, /^Priority: {9}0$/m);
	assert.match(text, /^Service Account: {2}default$/m);
	assert.match(text, /^Node: {13}sim-node-\d\/10\.0\.0\.\d+$/m);
	assert.match(
		text,
		/^ {6}\/var\/run\/secrets\/kubernetes\.io\/serviceaccount from kube-api-access-[b-z2-9]{5} \(ro\)$/m,
	);
	assert.match(text, /^ {2}kube-api-access-[b-z2-9]{5}:\n {4}Type: {20}Projected/m);
	assert.match(
		text,
		/^Tolerations: {17}node\.kubernetes\.io\/not-ready:NoExecute op=Exists for 300s\n {29}node\.kubernetes\.io\/unreachable:NoExecute op=Exists for 300s$/m,
	);
	const spec = JSON.parse(await ok('get', 'pod', pod.metadata.name, '-o', 'json')).spec;
	assert.equal(spec.serviceAccountName, 'default');
	assert.equal(spec.enableServiceLinks, true);
	assert.equal(spec.containers[0].imagePullPolicy, 'IfNotPresent');
});

test('the batched recorder folds repeats within a batch into one write with their count', () => {
	const store = new Store();
	const recorder = new BatchedEventRecorder(new EventRecorder(store), 60_000);
	const pod = store.create('pods', {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name: 'p', namespace: 'default'},
		spec: {containers: []},
	} as never);
	for (let i = 0; i < 3; i++) recorder.record(pod, 'Warning', 'BackOff', 'again', 'kubelet');
	recorder.record(pod, 'Normal', 'Pulled', 'once', 'kubelet');
	assert.equal(store.list('events').length, 0, 'nothing written before the batch ends');
	recorder.flush();
	const events = store.list('events');
	assert.deepEqual(
		events.map(event => [event.reason, event.count]),
		[
			['BackOff', 3],
			['Pulled', 1],
		],
	);
	recorder.record(pod, 'Warning', 'BackOff', 'again', 'kubelet');
	recorder.flush();
	assert.equal(store.list('events').find(event => event.reason === 'BackOff')!.count, 4);
	recorder.stop();
});
