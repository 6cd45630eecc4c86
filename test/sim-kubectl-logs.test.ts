// kubectl logs against the simulator's pods/log, in each mode kubectl has: a deployment's first pod, --tail,
// --timestamps, --since, --limit-bytes, -c and the default container, --previous of a crashing container, -f until
// the pod is gone, and the kubelet's and API server's refusals word for word.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {startTestSimulator, type TestSimulator} from './helpers/sim-client.js';
import {WAIT_MS, waitFor} from './helpers/wait.js';

let sim: TestSimulator;

before(async () => {
	sim = await startTestSimulator({speed: 50});
});
after(async () => {
	await sim.close();
});

async function ok(...args: string[]): Promise<{stdout: string; stderr: string}> {
	const result = await sim.kubectl(args);
	assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
	return result;
}

async function fails(...args: string[]): Promise<string> {
	const result = await sim.kubectl(args);
	assert.notEqual(result.code, 0, `kubectl ${args.join(' ')} should fail; printed ${result.stdout}`);
	return result.stderr;
}

async function deploy(name: string, image: string, containers?: {name: string; image: string}[]): Promise<void> {
	const labels = {app: name};
	const reply = await sim.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
		body: {
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name, labels},
			spec: {
				replicas: 1,
				selector: {matchLabels: labels},
				template: {metadata: {labels}, spec: {containers: containers ?? [{name: 'app', image}]}},
			},
		},
	});
	assert.equal(reply.status, 201, reply.text);
}

/** The deployment's pod once its first container status satisfies `ready`. */
async function podOf(name: string, ready: (status: any) => boolean): Promise<any> {
	return waitFor(
		() =>
			sim.store
				.list('pods', 'default')
				.find(
					pod =>
						pod.metadata.labels?.app === name &&
						!pod.metadata.deletionTimestamp &&
						pod.status?.containerStatuses?.[0] &&
						ready(pod.status.containerStatuses[0]),
				),
		{message: `a pod of ${name}`},
	);
}

const lines = (text: string) => text.split('\n').filter(line => line !== '');

test('logs of a deployment: its pod, start-up lines naming the image, request lines; --tail and --timestamps', async () => {
	await deploy('web', 'nginx:1.25');
	const pod = await podOf('web', status => Boolean(status.state?.running));
	// Request lines follow a second or more after the start.
	const full = await waitFor(
		async () => {
			const {stdout} = await ok('logs', `pod/${pod.metadata.name}`);
			return / "(GET|POST|PUT) \/\S* HTTP\/1\.1" \d{3} /.test(stdout) ? stdout : undefined;
		},
		{message: 'a request line'},
	);
	assert.match(lines(full)[0]!, /^INFO {2}starting nginx \(image nginx:1\.25\) as container app in pod web-/);
	const viaDeployment = await ok('logs', 'deploy/web');
	assert.ok(viaDeployment.stdout.startsWith(full), 'deploy/NAME reads the same pod');

	const tail = await ok('logs', pod.metadata.name, '--tail=2');
	assert.equal(lines(tail.stdout).length, 2);
	const now = lines((await ok('logs', pod.metadata.name)).stdout);
	const tailLines = lines(tail.stdout);
	assert.ok(now.join('\n').includes(tailLines.join('\n')), 'the tail is the end of the log');

	const stamped = lines((await ok('logs', pod.metadata.name, '--timestamps')).stdout);
	for (const line of stamped) assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z /);
	assert.deepEqual(
		stamped.slice(0, now.length).map(line => line.slice(line.indexOf(' ') + 1)),
		now,
		'timestamps prefix the same lines',
	);
});

test('--since and --since-time keep the newer lines; --limit-bytes cuts the output', async () => {
	const pod = await podOf('web', status => Boolean(status.state?.running));
	const all = await waitFor(
		async () => {
			const {stdout} = await ok('logs', pod.metadata.name, '--timestamps');
			return lines(stdout).length >= 7 ? lines(stdout) : undefined;
		},
		{message: 'three request lines'},
	);
	const cut = all[5]!.slice(0, all[5]!.indexOf(' '));
	const sinceSecond = `${cut.slice(0, 19)}Z`;
	const since = lines((await ok('logs', pod.metadata.name, '--timestamps', `--since-time=${sinceSecond}`)).stdout);
	const expected = all.filter(line => line.slice(0, 19) >= sinceSecond.slice(0, 19));
	assert.deepEqual(since.slice(0, expected.length), expected);
	assert.ok(since.length < all.length + 5 && !since.some(line => line.includes(' starting nginx ')));

	const hour = await ok('logs', pod.metadata.name, '--since=1h');
	assert.ok(hour.stdout.startsWith('INFO  starting nginx'), 'an hour back reaches the start');

	const limited = await ok('logs', pod.metadata.name, '--limit-bytes=50');
	const whole = await ok('logs', pod.metadata.name);
	assert.equal(limited.stdout, whole.stdout.slice(0, 50));
	assert.equal(Buffer.byteLength(limited.stdout), 50);
});

test('-c picks the container; without it kubectl defaults to the first and says so; a wrong name is refused', async () => {
	await deploy('pair', '', [
		{name: 'web', image: 'nginx:1.25'},
		{name: 'sidecar', image: 'envoyproxy/envoy:v1.30'},
	]);
	const pod = await podOf('pair', status => Boolean(status.state?.running));
	const first = await ok('logs', pod.metadata.name);
	assert.equal(first.stderr, 'Defaulted container "web" out of: web, sidecar\n');
	assert.match(first.stdout, /^INFO {2}starting nginx \(image nginx:1\.25\) as container web/);
	const sidecar = await ok('logs', pod.metadata.name, '-c', 'sidecar');
	assert.match(sidecar.stdout, /^INFO {2}starting envoy \(image envoyproxy\/envoy:v1\.30\) as container sidecar/);
	assert.equal(
		await fails('logs', pod.metadata.name, '-c', 'nope'),
		`error: container nope is not valid for pod ${pod.metadata.name}\n`,
	);
	// The API server's own answer when no container is named (kubectl names one itself).
	const reply = await sim.request('GET', `/api/v1/namespaces/default/pods/${pod.metadata.name}/log`);
	assert.equal(reply.status, 400);
	assert.equal(
		reply.json.message,
		`a container name must be specified for pod ${pod.metadata.name}, choose one of: [web sidecar]`,
	);
	const negative = await sim.request(
		'GET',
		`/api/v1/namespaces/default/pods/${pod.metadata.name}/log?container=web&tailLines=-1`,
	);
	assert.equal(negative.status, 422);
	assert.equal(
		negative.json.message,
		`PodLogOptions "${pod.metadata.name}" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0`,
	);
});

test('a crashing container: --previous prints the crash before the last exit; logs without it the last run too', async () => {
	await deploy('crash', 'busybox:crashloop');
	const pod = await podOf('crash', status => status.restartCount >= 1 && status.lastState?.terminated);
	const previous = await ok('logs', pod.metadata.name, '--previous');
	const printed = lines(previous.stdout);
	assert.match(printed[0]!, /^INFO {2}starting busybox \(image busybox:crashloop\)/);
	assert.equal(printed.at(-1), 'FATAL busybox: cannot start without the database; exiting with code 1');
	assert.ok(printed.some(line => line.startsWith('ERROR database db:5432')));
	const short = await ok('logs', pod.metadata.name, '-p', '--tail=1');
	assert.equal(short.stdout, 'FATAL busybox: cannot start without the database; exiting with code 1\n');
	// Without --previous, a container waiting in back-off shows its last run (the kubelet reads lastState).
	const current = await ok('logs', pod.metadata.name);
	assert.match(current.stdout, /^INFO {2}starting busybox/);

	await deploy('steady', 'nginx:1.25');
	const steady = await podOf('steady', status => Boolean(status.state?.running));
	assert.equal(
		await fails('logs', steady.metadata.name, '--previous'),
		`Error from server (BadRequest): previous terminated container "app" in pod "${steady.metadata.name}" not found\n`,
	);
});

test('a container whose image never pulls: the kubelet refuses with its reason', async () => {
	await deploy('missing', 'nginx:notfound');
	const pod = await podOf('missing', status => status.state?.waiting?.reason === 'ImagePullBackOff');
	const stderr = await fails('logs', pod.metadata.name);
	assert.match(
		stderr,
		new RegExp(
			`^Error from server \\(BadRequest\\): container "app" in pod "${pod.metadata.name}" is waiting to start: (trying and failing to pull image|image can't be pulled)\\n$`,
		),
	);
});

test('logs -f streams new lines and ends when the pod is gone', async () => {
	await deploy('follow', 'nginx:1.25');
	const pod = await podOf('follow', status => Boolean(status.state?.running));
	const child = spawn(
		'kubectl',
		['--kubeconfig', sim.kubeconfigPath, '--cache-dir', `${sim.dir}/cache-f`, 'logs', '-f', pod.metadata.name],
		{stdio: ['ignore', 'pipe', 'pipe']},
	);
	let output = '';
	child.stdout.on('data', chunk => (output += chunk));
	const exited = new Promise<number | null>(resolve => child.on('close', resolve));
	try {
		await waitFor(() => output.includes('listening on 0.0.0.0:8080'), {message: 'the start-up lines'});
		const before = lines(output).length;
		await waitFor(() => lines(output).length > before && output.includes('HTTP/1.1'), {
			message: 'a streamed request line',
		});
		const reply = await sim.request('DELETE', `/api/v1/namespaces/default/pods/${pod.metadata.name}`);
		assert.equal(reply.status, 200);
		let timer: NodeJS.Timeout | undefined;
		const code = await Promise.race([
			exited,
			new Promise<string>(resolve => (timer = setTimeout(() => resolve('still running'), WAIT_MS))),
		]);
		clearTimeout(timer);
		assert.equal(code, 0, 'kubectl logs -f ends when the pod is deleted');
	} finally {
		child.kill();
	}
});

test('a pod no node has taken answers an empty log', async () => {
	const bare = await startTestSimulator({controllers: false});
	try {
		const created = await bare.request('POST', '/api/v1/namespaces/default/pods', {
			body: {
				apiVersion: 'v1',
				kind: 'Pod',
				metadata: {name: 'lonely'},
				spec: {containers: [{name: 'app', image: 'nginx'}]},
			},
		});
		assert.equal(created.status, 201, created.text);
		const reply = await bare.request('GET', '/api/v1/namespaces/default/pods/lonely/log');
		assert.equal(reply.status, 200);
		assert.equal(reply.text, '');
		const missing = await bare.request('GET', '/api/v1/namespaces/default/pods/nobody/log');
		assert.equal(missing.status, 404);
		assert.equal(missing.json.message, 'pods "nobody" not found');
	} finally {
		await bare.close();
	}
});
