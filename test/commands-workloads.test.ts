// The headless commands on StatefulSets and DaemonSets against the simulator, compared with kubectl: get lists every
// kind (narrowed by TYPE, TYPE/NAME or --kind), history sts/NAME and ds/NAME, status TYPE/NAME with kubectl's
// sentences and exit codes (the OnDelete refusal). A plain NAME is still a Deployment.
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {runGet} from '../source/commands/get.js';
import {runHistory} from '../source/commands/history.js';
import {runStatus} from '../source/commands/status.js';
import {createDeployment, startTestCluster, type TestCluster} from './helpers/model-sim.js';
import {tableRows} from './helpers/lead-process.js';

let cluster: TestCluster;

function workload(kind: 'StatefulSet' | 'DaemonSet', name: string, image: string, spec: Record<string, unknown> = {}) {
	const common = {
		selector: {matchLabels: {app: name}},
		template: {metadata: {labels: {app: name}}, spec: {containers: [{name: 'app', image}]}},
		...spec,
	};
	return {
		apiVersion: 'apps/v1',
		kind,
		metadata: {name},
		spec: kind === 'StatefulSet' ? {serviceName: name, replicas: 3, ...common} : common,
	};
}

async function create(object: unknown, name: string) {
	const file = path.join(cluster.dir, `${name}.json`);
	writeFileSync(file, JSON.stringify(object));
	await cluster.kubectlOk('create', '-f', file);
}

before(async () => {
	cluster = await startTestCluster();
	await createDeployment(cluster, 'web', 'nginx:1.17', 2);
	await create(workload('StatefulSet', 'web', 'nginx:1.0'), 'sts-web');
	await create(workload('DaemonSet', 'agent', 'fluent-bit:3.0'), 'ds-agent');
	await create(workload('StatefulSet', 'manual', 'nginx:1.0', {updateStrategy: {type: 'OnDelete'}}), 'sts-manual');
	for (const target of ['sts/web', 'ds/agent']) await cluster.kubectlOk('rollout', 'status', target, '--timeout=60s');
	await cluster.kubectlOk('annotate', 'sts/web', 'kubernetes.io/change-cause=to 1.1');
	await cluster.kubectlOk('set', 'image', 'sts/web', 'app=nginx:1.1');
	await cluster.kubectlOk('set', 'image', 'ds/agent', 'app=fluent-bit:3.1');
	for (const target of ['sts/web', 'ds/agent']) await cluster.kubectlOk('rollout', 'status', target, '--timeout=60s');
});

after(async () => {
	await cluster?.close();
});

function sink() {
	let text = '';
	return {
		write: (chunk: string) => (text += chunk),
		get text() {
			return text;
		},
	};
}

const timing = {stallMs: 3000, backoff: {initialMs: 50, maxMs: 500, jitter: 0.3}};

/** Rows as header → cell. */
function rows(text: string): Record<string, string>[] {
	const lines = text.trimEnd().split('\n');
	const header = lines[0]!.split(/\s{2,}/);
	return lines.slice(1).map(line => Object.fromEntries(line.split(/\s{2,}/).map((cell, i) => [header[i], cell])));
}

async function get(options: {kind?: string; target?: string} = {}) {
	const out = sink();
	const err = sink();
	const code = await runGet(cluster.connection, {output: 'table', out, err, ...options});
	return {code, out: out.text, err: err.text};
}

test('get: every kind of the namespace with a KIND column, and the counts kubectl get shows for each', async () => {
	const all = await get();
	assert.equal(all.code, 0, all.err);
	const ours = rows(all.out);
	assert.deepEqual(
		ours.map(row => `${row['KIND']} ${row['NAME']}`),
		['ds agent', 'sts manual', 'deploy web', 'sts web'],
	);
	const sts = tableRows(await cluster.kubectlOk('get', 'sts', 'web'));
	const mine = ours.find(row => row['KIND'] === 'sts' && row['NAME'] === 'web')!;
	assert.equal(mine['READY'], sts[0]![1], 'READY as kubectl get sts');
	assert.equal(mine['PHASE'], 'Complete');
	const ds = rows(await cluster.kubectlOk('get', 'ds', 'agent'));
	const agent = ours.find(row => row['KIND'] === 'ds')!;
	assert.deepEqual([agent['UP-TO-DATE'], agent['AVAILABLE']], [ds[0]!['UP-TO-DATE'], ds[0]!['AVAILABLE']]);
	assert.equal(agent['READY'], `${ds[0]!['READY']}/${ds[0]!['DESIRED']}`);
});

test("get: narrowed by TYPE, TYPE/NAME and --kind; an unknown type is kubectl's error", async () => {
	assert.deepEqual(
		rows((await get({target: 'sts'})).out).map(row => row['NAME']),
		['manual', 'web'],
	);
	assert.deepEqual(
		rows((await get({target: 'statefulset/web'})).out).map(row => `${row['KIND']} ${row['NAME']}`),
		['sts web'],
	);
	assert.deepEqual(
		rows((await get({kind: 'ds'})).out).map(row => row['NAME']),
		['agent'],
	);
	assert.deepEqual(
		rows((await get({kind: 'deploy,ds'})).out).map(row => row['KIND']),
		['ds', 'deploy'],
	);
	const missing = await get({target: 'ds/nope'});
	assert.deepEqual(
		[missing.code, missing.err],
		[1, 'Error from server (NotFound): daemonsets.apps "nope" not found\n'],
	);
	const unknown = await get({target: 'pods'});
	assert.deepEqual([unknown.code, unknown.err], [1, 'error: the server doesn\'t have a resource type "pods"\n']);
});

test("history sts/web: kubectl rollout history's revisions and change-causes, with images", async () => {
	const out = sink();
	assert.equal(await runHistory(cluster.connection, {name: 'sts/web', output: 'table', out}), 0);
	const ours = rows(out.text);
	const [, ...kubectl] = (await cluster.kubectlOk('rollout', 'history', 'sts/web')).split('\n');
	assert.deepEqual(
		ours.map(row => [
			row['REVISION']!.replace(' (current)', ''),
			row['CHANGE-CAUSE']!.startsWith('(') ? '<none>' : row['CHANGE-CAUSE'],
		]),
		tableRows(kubectl.join('\n')),
	);
	assert.deepEqual(
		ours.map(row => row['IMAGES']),
		['nginx:1.0', 'nginx:1.1'],
	);
	assert.equal(ours[1]!['REVISION'], '2 (current)');
});

test('history ds/agent -o json: the revisions as JSON with their kind', async () => {
	const out = sink();
	assert.equal(await runHistory(cluster.connection, {name: 'ds/agent', output: 'json', out}), 0);
	const parsed = JSON.parse(out.text);
	assert.equal(parsed.kind, 'DaemonSet');
	assert.equal(parsed.name, 'agent');
	assert.deepEqual(
		parsed.revisions.map((r: any) => [r.revision, r.images[0].image, r.isCurrent]),
		[
			[1, 'fluent-bit:3.0', false],
			[2, 'fluent-bit:3.1', true],
		],
	);
});

test("status: kubectl's sentences and exit codes for each kind; a plain NAME is the Deployment", async () => {
	const cases: [string, number, string][] = [
		['statefulset/web', 0, 'partitioned roll out complete: 3 new pods have been updated...\n'],
		['ds/agent', 0, 'daemon set "agent" successfully rolled out\n'],
		['web', 0, 'deployment "web" successfully rolled out\n'],
	];
	for (const [name, code, line] of cases) {
		const out = sink();
		const err = sink();
		assert.equal(await runStatus(cluster.connection, {name, out, err, timing}), code, err.text);
		const kubectl = await cluster.kubectlOk('rollout', 'status', name.includes('/') ? name : `deployment/${name}`);
		assert.equal(out.text, line);
		assert.equal(out.text, kubectl);
	}
	const out = sink();
	const err = sink();
	assert.equal(await runStatus(cluster.connection, {name: 'sts/manual', out, err, timing}), 1);
	const kubectl = await cluster.kubectl('rollout', 'status', 'sts/manual');
	assert.equal(kubectl.code, 1);
	assert.equal(err.text, kubectl.stderr);
	assert.equal(err.text, 'error: rollout status is only available for RollingUpdate strategy type\n');
});
