// The real kubectl against the simulator over HTTPS, reproducing the seeds' walkthroughs word
// for word where kubectl prints them (seed 003: create, get, set image, rollout status, get rs,
// undo; seed 002: create -f replicaset.yaml, apply -f deployment.yaml).
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {startTestSimulator, type TestSimulator} from './helpers/sim-client.js';
import {decodeKubernetesProtobuf} from '../source/sim/api/protobuf.js';
import {waitFor} from './helpers/wait.js';

let sim: TestSimulator;

before(async () => {
	sim = await startTestSimulator({speed: 50});
});
after(async () => {
	await sim.close();
});

async function kubectl(...args: string[]) {
	return sim.kubectl(args);
}

async function ok(...args: string[]): Promise<string> {
	const result = await sim.kubectl(args);
	assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
	return result.stdout;
}

const lines = (text: string) => text.trimEnd().split('\n');

const rolledOut = (name: string, replicas: number) => () => {
	const d = sim.store.get('deployments', 'default', name);
	const s = d?.status ?? {};
	return (
		d &&
		s.observedGeneration >= d.metadata.generation! &&
		s.updatedReplicas === replicas &&
		s.availableReplicas === replicas &&
		s.replicas === replicas &&
		s.readyReplicas === replicas
	);
};

test('seed 003: deployment rollout and rollback, word for word', async () => {
	const empty = await kubectl('get', 'deployments');
	assert.equal(empty.code, 0);
	assert.equal(empty.stdout, '');
	assert.equal(empty.stderr, 'No resources found in default namespace.\n');

	const posts = sim.faults.recordRequests(/^POST \/apis\/apps\/v1\/namespaces\/default\/deployments/);
	assert.equal(
		await ok('create', 'deployment', 'demo-deploy', '--image=nginx:1.25'),
		'deployment.apps/demo-deploy created\n',
	);

	// kubectl 1.32 sent protobuf; the captured body decodes to what kubectl built.
	assert.equal(posts.length, 1);
	assert.equal(posts[0]!.headers['content-type'], 'application/vnd.kubernetes.protobuf');
	const decoded = decodeKubernetesProtobuf(posts[0]!.body) as any;
	assert.equal(decoded.kind, 'Deployment');
	assert.equal(decoded.metadata.name, 'demo-deploy');
	assert.deepEqual(decoded.metadata.labels, {app: 'demo-deploy'});
	assert.equal(decoded.spec.replicas, 1);
	assert.deepEqual(decoded.spec.selector, {matchLabels: {app: 'demo-deploy'}});
	assert.deepEqual(
		decoded.spec.template.spec.containers.map((c: any) => [c.name, c.image]),
		[['nginx', 'nginx:1.25']],
	);
	assert.equal(decoded.spec.strategy?.type, undefined, 'zero-valued strategy type is unset');

	await waitFor(rolledOut('demo-deploy', 1), {message: 'demo-deploy available'});
	const deployments = lines(await ok('get', 'deployments'));
	assert.equal(deployments[0], 'NAME          READY   UP-TO-DATE   AVAILABLE   AGE');
	assert.match(deployments[1]!, /^demo-deploy {3}1\/1 {5}1 {12}1 {11}\d+s$/);
	assert.equal(deployments.length, 2);

	const rs1 = lines(await ok('get', 'rs'));
	assert.match(rs1[0]!, /^NAME +DESIRED {3}CURRENT {3}READY {3}AGE$/);
	assert.match(rs1[1]!, /^demo-deploy-[4-9bcdf]{1,10} +1 +1 +1 +\d+s$/);
	const firstRs = rs1[1]!.split(/\s+/)[0]!;
	assert.equal(rs1[0]!.indexOf('DESIRED'), rs1[1]!.indexOf('1'), 'columns line up');

	assert.equal(
		await ok('set', 'image', 'deployment/demo-deploy', 'nginx=nginx:1.26'),
		'deployment.apps/demo-deploy image updated\n',
	);
	const status = await ok('rollout', 'status', 'deployment/demo-deploy');
	assert.equal(lines(status).at(-1), 'deployment "demo-deploy" successfully rolled out');
	await waitFor(() => sim.store.get('replicasets', 'default', firstRs)?.status?.replicas === 0, {
		message: 'old replica set scaled to 0',
	});

	const rs2 = lines(await ok('get', 'rs'));
	assert.equal(rs2.length, 3);
	const rows2 = rs2.slice(1).map(line => line.split(/\s+/));
	const secondRs = rows2.find(row => row[0] !== firstRs)![0]!;
	assert.deepEqual(rows2.find(row => row[0] === secondRs)!.slice(1, 4), ['1', '1', '1']);
	assert.deepEqual(rows2.find(row => row[0] === firstRs)!.slice(1, 4), ['0', '0', '0']);

	assert.equal(await ok('rollout', 'undo', 'deployment/demo-deploy'), 'deployment.apps/demo-deploy rolled back\n');
	await waitFor(
		() =>
			rolledOut('demo-deploy', 1)() &&
			sim.store.get('replicasets', 'default', secondRs)?.status?.replicas === 0 &&
			sim.store.get('replicasets', 'default', firstRs)?.status?.readyReplicas === 1,
		{message: 'rolled back'},
	);
	const rs3 = lines(await ok('get', 'rs'))
		.slice(1)
		.map(line => line.split(/\s+/));
	assert.deepEqual(rs3.find(row => row[0] === firstRs)!.slice(1, 4), ['1', '1', '1']);
	assert.deepEqual(rs3.find(row => row[0] === secondRs)!.slice(1, 4), ['0', '0', '0']);

	const history = await ok('rollout', 'history', 'deployment/demo-deploy');
	assert.equal(history, 'deployment.apps/demo-deploy \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
});

test('seed 002: kubectl create -f replicaset.yaml and apply -f deployment.yaml', async () => {
	const replicaSet = path.join(sim.dir, 'replicaset.yaml');
	writeFileSync(
		replicaSet,
		`apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: example-replicaset
spec:
  replicas: 3
  selector:
    matchLabels:
      name: app
  template:
    metadata:
      labels:
        name: app
    spec:
      containers:
      - name: app
        image: learnk8s/app:1.0.0
`,
	);
	assert.equal(await ok('create', '-f', replicaSet), 'replicaset.apps/example-replicaset created\n');
	const again = await kubectl('create', '-f', replicaSet);
	assert.equal(again.code, 1);
	assert.equal(
		again.stderr,
		`Error from server (AlreadyExists): error when creating "${replicaSet}": replicasets.apps "example-replicaset" already exists\n`,
	);

	// The seed's deployment.yaml as printed: the template labels are mis-indented, so the
	// server rejects it exactly as a real one does.
	const broken = path.join(sim.dir, 'deployment-seed.yaml');
	writeFileSync(
		broken,
		`apiVersion: apps/v1
kind: Deployment
metadata:
  name: example-deployment
spec:
  replicas: 3
  selector:
    matchLabels:
      name: app
  template:
    metadata:
      labels:
      name: app
    spec:
      containers:
      - name: app
        image: learnk8s/app:1.0.0
`,
	);
	const rejected = await kubectl('apply', '-f', broken);
	assert.equal(rejected.code, 1);
	assert.equal(
		rejected.stderr,
		'The Deployment "example-deployment" is invalid: spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`\n',
	);

	const manifest = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: example-deployment
spec:
  replicas: 3
  revisionHistoryLimit: 0
  selector:
    matchLabels:
      name: example
  template:
    metadata:
      labels:
        name: example
    spec:
      containers:
      - name: app
        image: ${image}
`;
	const deployment = path.join(sim.dir, 'deployment.yaml');
	writeFileSync(deployment, manifest('learnk8s/app:1.0.0'));
	assert.equal(await ok('apply', '-f', deployment), 'deployment.apps/example-deployment created\n');
	assert.equal(await ok('apply', '-f', deployment), 'deployment.apps/example-deployment unchanged\n');
	writeFileSync(deployment, manifest('learnk8s/app:1.1.0'));
	assert.equal(await ok('apply', '-f', deployment), 'deployment.apps/example-deployment configured\n');
	const stored = sim.store.get('deployments', 'default', 'example-deployment')!;
	assert.equal(stored.spec.template.spec.containers[0].image, 'learnk8s/app:1.1.0');
	assert.equal(stored.metadata.generation, 2);
	assert.match(
		stored.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '',
		/learnk8s\/app:1\.1\.0/,
	);
});

test('kubectl prints the server errors: 422 for an invalid strategy, 404, a missing namespace and 401', async () => {
	const invalid = await kubectl(
		'create',
		'deployment',
		'bad-strategy',
		'--image=nginx:1.25',
		'--dry-run=client',
		'-o',
		'json',
	);
	const body = JSON.parse(invalid.stdout);
	body.spec.strategy = {type: 'RollingUpdate', rollingUpdate: {maxSurge: 0, maxUnavailable: 0}};
	const file = path.join(sim.dir, 'bad.json');
	writeFileSync(file, JSON.stringify(body));
	const created = await kubectl('create', '-f', file);
	assert.equal(created.code, 1);
	assert.equal(
		created.stderr,
		'The Deployment "bad-strategy" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0\n',
	);

	const missing = await kubectl('get', 'deployment', 'nope');
	assert.equal(missing.stderr, 'Error from server (NotFound): deployments.apps "nope" not found\n');
	assert.equal(missing.code, 1);

	const noNamespace = await kubectl('create', 'deployment', 'x', '--image=nginx', '-n', 'nowhere');
	assert.equal(noNamespace.stderr, 'error: failed to create deployment: namespaces "nowhere" not found\n');

	const unauthorized = await kubectl('--token=wrong', 'get', 'deployments');
	assert.equal(unauthorized.code, 1);
	assert.equal(unauthorized.stderr, 'error: You must be logged in to the server (Unauthorized)\n');
});

test('kubectl get deploy -w prints the table and then a row per change', async () => {
	await ok('create', 'deployment', 'watched', '--image=nginx:1.25');
	await waitFor(rolledOut('watched', 1), {message: 'watched available'});
	const {spawn} = await import('node:child_process');
	const child = spawn(
		'kubectl',
		[
			'--kubeconfig',
			sim.kubeconfigPath,
			'--cache-dir',
			path.join(sim.dir, 'watch-cache'),
			'get',
			'deploy',
			'watched',
			'-w',
		],
		{stdio: ['ignore', 'pipe', 'pipe']},
	);
	let output = '';
	child.stdout.on('data', chunk => (output += chunk));
	try {
		await waitFor(() => lines(output).length >= 2, {message: 'the header and first row'});
		assert.equal(lines(output)[0], 'NAME      READY   UP-TO-DATE   AVAILABLE   AGE');
		assert.match(lines(output)[1]!, /^watched {3}1\/1 {5}1 {12}1 {11}\d+s$/);
		await ok('scale', 'deployment', 'watched', '--replicas=2');
		await waitFor(
			() =>
				lines(output)
					.slice(2)
					.some(line => /^watched {3}\d\/2 /.test(line)),
			{message: 'a row for the scaled deployment'},
		);
		assert.ok(
			lines(output)
				.slice(2)
				.every(line => line.startsWith('watched   ')),
			output,
		);
	} finally {
		child.kill('SIGTERM');
	}
});

test('kubectl create deployment with --replicas and --port: the protobuf body carries both', async () => {
	const posts = sim.faults.recordRequests(/^POST \/apis\/apps\/v1\/namespaces\/default\/deployments/);
	assert.equal(
		await ok('create', 'deployment', 'web', '--image=nginx:1.17', '--replicas=2', '--port=80'),
		'deployment.apps/web created\n',
	);
	const decoded = decodeKubernetesProtobuf(posts[0]!.body) as any;
	assert.equal(decoded.spec.replicas, 2);
	assert.deepEqual(decoded.spec.template.spec.containers, [
		{name: 'nginx', image: 'nginx:1.17', ports: [{containerPort: 80}], resources: {}},
	]);
	const stored = sim.store.get('deployments', 'default', 'web')!;
	assert.deepEqual(stored.spec.template.spec.containers[0].ports, [{containerPort: 80, protocol: 'TCP'}]);
	assert.equal(stored.spec.replicas, 2);
});

test('kubectl get --sort-by reads whole objects from the Table rows (includeObject=Object)', async () => {
	await ok('create', 'deployment', 'sort-three', '--image=nginx:1.25', '--replicas=3');
	await ok('create', 'deployment', 'sort-zero', '--image=nginx:1.25', '--replicas=0');
	const sorted = lines(
		await ok('get', 'deployments', '-l', 'app in (sort-three,sort-zero)', '--sort-by=.spec.replicas'),
	);
	assert.deepEqual(
		sorted.slice(1).map(line => line.split(/\s+/)[0]),
		['sort-zero', 'sort-three'],
	);
});
