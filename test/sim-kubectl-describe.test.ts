// The describe model (source/model/describe/) against kubectl describe itself: the same objects and events from
// the simulator, printed by kubectl and by the model, must read the same line for line (deployment, its ReplicaSets, a running pod, a crashing
// pod); and the tabwriter's alignment rules on their own.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startTestSimulator, type TestSimulator} from './helpers/sim-client.js';
import {waitFor} from './helpers/wait.js';
import {DESCRIBERS} from '../source/model/describe/describe.js';
import {tabwrite} from '../source/model/describe/tabwriter.js';

let sim: TestSimulator;

before(async () => {
	sim = await startTestSimulator({speed: 50});
});
after(async () => {
	await sim.close();
});

/** The kinds this file compares (StatefulSets, DaemonSets, ControllerRevisions: sim-kubectl-describe-workloads). */
type DescribableKind = 'Deployment' | 'ReplicaSet' | 'Pod';

const RESOURCE: Record<DescribableKind, {path: string; name: string}> = {
	Deployment: {path: '/apis/apps/v1/namespaces/default/deployments', name: 'deployment'},
	ReplicaSet: {path: '/apis/apps/v1/namespaces/default/replicasets', name: 'replicaset'},
	Pod: {path: '/api/v1/namespaces/default/pods', name: 'pod'},
};

async function modelDescribe(kind: DescribableKind, name: string, now: Date): Promise<string[]> {
	const object = (await sim.request('GET', `${RESOURCE[kind].path}/${name}`)).json;
	const selector = `involvedObject.name=${name},involvedObject.namespace=default,involvedObject.kind=${kind},involvedObject.uid=${object.metadata.uid}`;
	const events = (
		await sim.request('GET', `/api/v1/namespaces/default/events?fieldSelector=${encodeURIComponent(selector)}`)
	).json.items;
	const relatedPath = kind === 'Deployment' ? RESOURCE.ReplicaSet.path : RESOURCE.Pod.path;
	const related = kind === 'Pod' ? [] : (await sim.request('GET', relatedPath)).json.items;
	return DESCRIBERS[kind]({object, events, related, now});
}

/** kubectl describe and the model agree (retried: an age can tick between the two, or an event arrive). */
async function assertSameAsKubectl(kind: DescribableKind, name: string): Promise<void> {
	let last = {kubectl: [] as string[], model: [] as string[]};
	await waitFor(
		async () => {
			const result = await sim.kubectl(['describe', RESOURCE[kind].name, name]);
			assert.equal(result.code, 0, result.stderr);
			const model = await modelDescribe(kind, name, new Date());
			last = {kubectl: result.stdout.replace(/\n$/, '').split('\n'), model};
			return JSON.stringify(last.kubectl) === JSON.stringify(last.model);
		},
		{message: `describe ${kind} ${name} to match`, timeout: 15_000},
	).catch(() => assert.deepEqual(last.model, last.kubectl));
}

test('describe deployment, its ReplicaSet and a pod read as kubectl prints them', async () => {
	const labels = {app: 'shop', tier: 'web'};
	const created = await sim.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
		body: {
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name: 'shop', labels, annotations: {'team.example.com/owner': 'payments', note: 'x'.repeat(150)}},
			spec: {
				replicas: 2,
				minReadySeconds: 1,
				selector: {matchLabels: labels},
				template: {
					metadata: {labels, annotations: {'prometheus.io/scrape': 'true'}},
					spec: {
						containers: [
							{
								name: 'web',
								image: 'nginx:1.25',
								ports: [{containerPort: 8080}, {containerPort: 9090, name: 'metrics'}],
								args: ['--port=8080'],
								env: [
									{name: 'LOG_LEVEL', value: 'debug'},
									{name: 'POD_NAME', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}}},
									{name: 'PASSWORD', valueFrom: {secretKeyRef: {name: 'db', key: 'password'}}},
								],
								resources: {limits: {memory: '128Mi', cpu: '500m'}, requests: {cpu: '100m'}},
								readinessProbe: {httpGet: {path: '/healthz', port: 8080}, initialDelaySeconds: 1},
								livenessProbe: {tcpSocket: {port: 8080}},
								volumeMounts: [{name: 'cache', mountPath: '/cache'}],
							},
							{name: 'sidecar', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600']},
						],
						volumes: [{name: 'cache', emptyDir: {}}],
					},
				},
			},
		},
	});
	assert.equal(created.status, 201, created.text);
	const rollout = await sim.kubectl(['rollout', 'status', 'deployment/shop']);
	assert.equal(rollout.code, 0, rollout.stderr);
	assert.equal((await sim.kubectl(['set', 'image', 'deployment/shop', 'web=nginx:1.26'])).code, 0);
	assert.equal((await sim.kubectl(['rollout', 'status', 'deployment/shop'])).code, 0);

	await assertSameAsKubectl('Deployment', 'shop');
	for (const rs of sim.store.list('replicasets', 'default').filter(rs => rs.metadata.name.startsWith('shop-')))
		await assertSameAsKubectl('ReplicaSet', rs.metadata.name);
	const pod = sim.store.list('pods', 'default').find(p => p.metadata.name.startsWith('shop-') && p.status?.podIP)!;
	await assertSameAsKubectl('Pod', pod.metadata.name);
});

test('describe of a crashing pod: waiting state, last termination, counted events', async () => {
	assert.equal((await sim.kubectl(['create', 'deployment', 'crash', '--image=busybox:crashloop'])).code, 0);
	const pod = await waitFor(
		() =>
			sim.store
				.list('pods', 'default')
				.find(p => p.metadata.labels?.app === 'crash' && (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2),
		{message: 'a restarted pod'},
	);
	await assertSameAsKubectl('Pod', pod.metadata.name);
	const lines = await modelDescribe('Pod', pod.metadata.name, new Date());
	assert.ok(lines.includes('    Last State:     Terminated'));
	assert.ok(
		lines.some(line =>
			/^ {2}Warning +BackOff +\S+ \(x\d+ over \S+\) +kubelet +Back-off restarting failed container/.test(line),
		),
	);
});

test('tabwriter: blocks end at a line without tabs; a last cell is not padded', () => {
	assert.equal(tabwrite('a:\tb\nlonger:\tc\n'), 'a:       b\nlonger:  c\n');
	assert.equal(tabwrite('a:\tb\nplain\nlonger:\tc\n'), 'a:  b\nplain\nlonger:  c\n');
	assert.equal(tabwrite('  T\tS\n  Ready \tTrue \n'), '  T       S\n  Ready   True \n');
	assert.equal(tabwrite('x\ty\tz\nxx\ty\n'), 'x   y  z\nxx  y\n');
	assert.equal(tabwrite('é\tb\nab\tc\n'), 'é   b\nab  c\n', 'width counts characters, not bytes');
});
