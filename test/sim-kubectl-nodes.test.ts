// Nodes and the scheduler with the real kubectl: the node table, describe, cordon/uncordon and the unschedulable
// taint, and pods that fit nowhere staying Pending with the scheduler's FailedScheduling message.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startTestSimulator, type TestSimulator, kubectlOk} from './helpers/sim-client.js';
import {waitFor} from './helpers/wait.js';

let sim: TestSimulator;

before(async () => {
	sim = await startTestSimulator({speed: 50});
});
after(async () => {
	await sim.close();
});

const ok = (...args: string[]) => kubectlOk(sim, ...args);

const pod = (name: string) => sim.store.get('pods', 'default', name);
const scheduledCondition = (name: string) =>
	(pod(name)?.status?.conditions ?? []).find((c: {type: string}) => c.type === 'PodScheduled');

function barePod(name: string, spec: Record<string, unknown> = {}) {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name},
		spec: {containers: [{name: 'c', image: 'nginx:1.25'}], ...spec},
	};
}

async function createPod(name: string, spec: Record<string, unknown> = {}) {
	const result = await sim.kubectl(['create', '-f', '-'], {input: JSON.stringify(barePod(name, spec))});
	assert.equal(result.code, 0, result.stderr);
}

async function failedSchedulingMessage(name: string): Promise<string> {
	await waitFor(() => scheduledCondition(name)?.reason === 'Unschedulable', {message: 'a FailedScheduling event'});
	return ok(
		'get',
		'events',
		'--field-selector',
		`involvedObject.name=${name},reason=FailedScheduling`,
		'-o',
		'jsonpath={.items[0].message}',
	);
}

test('kubectl get nodes: Ready workers with the columns, labels and wide columns of a cluster', async () => {
	assert.match(
		await ok('get', 'nodes'),
		/^NAME +STATUS +ROLES +AGE +VERSION\nsim-node-1 +Ready +<none> +\d+s +v1\.32\.0\nsim-node-2 +Ready +<none> +\d+s +v1\.32\.0\nsim-node-3 +Ready +<none> +\d+s +v1\.32\.0\n$/,
	);
	assert.match(
		await ok('get', 'node', 'sim-node-2', '-o', 'wide'),
		/^NAME +STATUS +ROLES +AGE +VERSION +INTERNAL-IP +EXTERNAL-IP +OS-IMAGE +KERNEL-VERSION +CONTAINER-RUNTIME\nsim-node-2 +Ready +<none> +\d+s +v1\.32\.0 +10\.0\.0\.12 +<none> +Debian GNU\/Linux 12 \(bookworm\) +6\.8\.0-49-generic +containerd:\/\/1\.7\.24\n$/,
	);
	assert.equal(
		await ok(
			'get',
			'node',
			'sim-node-1',
			'--no-headers',
			'-o',
			'custom-columns=L:.metadata.labels.kubernetes\\.io/hostname,OS:.metadata.labels.kubernetes\\.io/os,ARCH:.metadata.labels.kubernetes\\.io/arch',
		),
		'sim-node-1   linux   amd64\n',
	);
	assert.match(
		await ok('get', 'leases', '-n', 'kube-node-lease'),
		/^NAME +HOLDER +AGE\nsim-node-1 +sim-node-1 +\d+s\nsim-node-2 +sim-node-2 +\d+s\nsim-node-3 +sim-node-3 +\d+s\n$/,
	);
	const describe = await ok('describe', 'node', 'sim-node-1');
	for (const line of [
		/^Name: +sim-node-1$/m,
		/^Taints: +<none>$/m,
		/^Unschedulable: +false$/m,
		/^ {2}Ready +True .* KubeletReady +kubelet is posting ready status$/m,
		/^ {2}InternalIP: +10\.0\.0\.11$/m,
		/^ {2}pods: +110$/m,
		/^ {2}Kubelet Version: +v1\.32\.0$/m,
		/^Lease:\n {2}HolderIdentity: +sim-node-1\n {2}AcquireTime: +<unset>\n {2}RenewTime: +\w{3}, \d\d \w{3} \d{4} [\d:]{8} \+0000$/m,
	])
		assert.match(describe, line);
});

test('the scheduler binds a pod with a Scheduled event; the kubelet starts it only then', async () => {
	await createPod('plain');
	await waitFor(() => pod('plain')?.status?.phase === 'Running', {message: 'running'});
	const node = pod('plain')!.spec.nodeName;
	assert.match(node, /^sim-node-[1-3]$/);
	assert.equal(
		await ok(
			'get',
			'events',
			'--field-selector',
			'involvedObject.name=plain,reason=Scheduled',
			'-o',
			'jsonpath={.items[0].message}',
		),
		`Successfully assigned default/plain to ${node}`,
	);
	assert.match(await ok('describe', 'node', node), /default +plain +0 \(0%\)/);
});

test('a pod that fits nowhere stays Pending with Unschedulable and the scheduler message; a matching label binds it', async () => {
	await createPod('picky', {nodeSelector: {disk: 'ssd'}});
	assert.equal(
		await failedSchedulingMessage('picky'),
		"0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
	);
	assert.equal(pod('picky')!.status.phase, 'Pending');
	assert.equal(scheduledCondition('picky').status, 'False');
	assert.match(await ok('get', 'pod', 'picky'), /\npicky +0\/1 +Pending +0 +\d+s\n$/);
	await ok('label', 'node', 'sim-node-3', 'disk=ssd');
	await waitFor(() => pod('picky')?.spec.nodeName === 'sim-node-3' && pod('picky')?.status.phase === 'Running', {
		message: 'bound to sim-node-3 and running',
	});

	await createPod('affine', {
		affinity: {
			nodeAffinity: {
				requiredDuringSchedulingIgnoredDuringExecution: {
					nodeSelectorTerms: [
						{matchExpressions: [{key: 'kubernetes.io/hostname', operator: 'In', values: ['sim-node-2']}]},
					],
				},
			},
		},
	});
	await waitFor(() => pod('affine')?.spec.nodeName === 'sim-node-2', {message: 'bound to sim-node-2'});
});

test('cordon: SchedulingDisabled, the unschedulable taint, no new pods there; taints need tolerations', async () => {
	assert.equal(await ok('cordon', 'sim-node-1'), 'node/sim-node-1 cordoned\n');
	assert.match(
		await ok('get', 'node', 'sim-node-1'),
		/\nsim-node-1 +Ready,SchedulingDisabled +<none> +\d+s +v1\.32\.0\n$/,
	);
	await waitFor(
		() =>
			(sim.store.get('nodes', undefined, 'sim-node-1')!.spec.taints ?? []).some(
				(t: {key: string; effect: string}) => t.key === 'node.kubernetes.io/unschedulable' && t.effect === 'NoSchedule',
			),
		{message: 'the unschedulable taint'},
	);
	assert.match(
		await ok('describe', 'node', 'sim-node-1'),
		/^Taints: +node\.kubernetes\.io\/unschedulable:NoSchedule\nUnschedulable: +true$/m,
	);
	await ok('taint', 'node', 'sim-node-2', 'dedicated=db:NoSchedule');
	await ok('taint', 'node', 'sim-node-3', 'dedicated=db:NoExecute');
	await createPod('homeless');
	assert.equal(
		await failedSchedulingMessage('homeless'),
		'0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had untolerated taint {dedicated: db}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
	);
	await createPod('tolerant', {
		tolerations: [{key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule'}],
	});
	await waitFor(() => pod('tolerant')?.spec.nodeName === 'sim-node-2', {message: 'tolerant bound to sim-node-2'});
	assert.equal(await ok('uncordon', 'sim-node-1'), 'node/sim-node-1 uncordoned\n');
	await waitFor(() => pod('homeless')?.spec.nodeName === 'sim-node-1', {
		message: 'homeless bound to the uncordoned node',
	});
	assert.equal(sim.store.get('nodes', undefined, 'sim-node-1')!.spec.taints, undefined);
	assert.match(await ok('get', 'nodes'), /\nsim-node-1 +Ready +<none>/);
});
