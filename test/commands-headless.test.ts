// rollout-dash get / history / status against the simulator, compared with kubectl.
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import {runGet} from '../source/commands/get.js';
import {runHistory} from '../source/commands/history.js';
import {runStatus} from '../source/commands/status.js';
import {createDeployment, startTestCluster, waitRolledOut, type TestCluster} from './helpers/model-sim.js';
import {waitFor} from './helpers/wait.js';

let cluster: TestCluster;

before(async () => {
	cluster = await startTestCluster();
	await Promise.all([
		createDeployment(cluster, 'web', 'nginx:1.17', 3),
		createDeployment(cluster, 'api', 'nginx:1.17', 2),
	]);
	await cluster.kubectlOk('set', 'image', 'deployment/web', 'nginx=nginx:1.18');
	await waitRolledOut(cluster, 'web');
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

function tableRows(text: string): Record<string, string>[] {
	const lines = text.trimEnd().split('\n');
	const header = lines[0]!.split(/\s{2,}/);
	return lines
		.slice(1)
		.map(line => Object.fromEntries(line.split(/\s{2,}/).map((cell, index) => [header[index], cell])));
}

test('get: one row per deployment with revision, phase and the counts kubectl get deploy shows', async () => {
	const out = sink();
	assert.equal(await runGet(cluster.connection, {output: 'table', out}), 0);
	const ours = tableRows(out.text);
	const kubectl = tableRows(await cluster.kubectlOk('get', 'deploy'));
	assert.deepEqual(
		ours.map(r => r['NAME']),
		['api', 'web'],
	);
	for (const row of kubectl) {
		const mine = ours.find(r => r['NAME'] === row['NAME'])!;
		assert.deepEqual(
			[mine['READY'], mine['UP-TO-DATE'], mine['AVAILABLE']],
			[row['READY'], row['UP-TO-DATE'], row['AVAILABLE']],
			row['NAME'],
		);
	}
	assert.deepEqual(
		ours.map(r => [r['REVISION'], r['PHASE']]),
		[
			['1', 'Complete'],
			['2', 'Complete'],
		],
	);

	const json = sink();
	assert.equal(await runGet(cluster.connection, {output: 'json', out: json}), 0);
	const parsed = JSON.parse(json.text);
	assert.deepEqual(
		parsed.deployments.map((d: any) => [d.name, d.revision, d.progress.desired]),
		[
			['api', 1, 2],
			['web', 2, 3],
		],
	);
	assert.equal(typeof parsed.deployments[0].createdAt, 'string');

	const empty = sink();
	assert.equal(await runGet({...cluster.connection, namespace: 'kube-system'}, {output: 'table', out: empty}), 0);
	assert.equal(empty.text, 'No resources found in kube-system namespace.\n');
});

test('history: the revisions of kubectl rollout history, with ReplicaSets and images', async () => {
	const out = sink();
	assert.equal(await runHistory(cluster.connection, {name: 'web', output: 'table', out}), 0);
	const rows = tableRows(out.text);
	assert.deepEqual(
		rows.map(r => [r['REVISION'], r['IMAGES'], r['DESIRED'], r['CHANGE-CAUSE']]),
		[
			['1', 'nginx:1.17', '0', '(created)'],
			['2 (current)', 'nginx:1.18', '3', '(image nginx:1.17 → nginx:1.18)'],
		],
	);
	const kubectlRevisions = (await cluster.kubectlOk('rollout', 'history', 'deployment/web'))
		.split('\n')
		.slice(2)
		.filter(Boolean)
		.map(l => l.split(/\s+/)[0]);
	assert.deepEqual(
		rows.map(r => r['REVISION']!.split(' ')[0]),
		kubectlRevisions,
	);

	const json = sink();
	assert.equal(await runHistory(cluster.connection, {name: 'web', output: 'json', out: json}), 0);
	assert.deepEqual(
		JSON.parse(json.text).revisions.map((r: any) => r.revision),
		[1, 2],
	);

	const err = sink();
	assert.equal(await runHistory(cluster.connection, {name: 'nope', output: 'table', out: sink(), err}), 1);
	assert.equal(err.text, 'Error from server (NotFound): deployments.apps "nope" not found\n');
});

test('status: one line per change, exit 0 when rolled out', async () => {
	const done = sink();
	assert.equal(await runStatus(cluster.connection, {name: 'api', out: done, timing}), 0);
	assert.equal(done.text, 'deployment "api" successfully rolled out\n', 'already rolled out: one line, as kubectl');
	// Paused with a pending change, so that the rollout happens while status watches.
	await cluster.kubectlOk('rollout', 'pause', 'deployment/api');
	await cluster.kubectlOk('set', 'image', 'deployment/api', 'nginx=nginx:1.18');
	const out = sink();
	const err = sink();
	const running = runStatus(cluster.connection, {name: 'api', out, err, timing, timeoutMs: 60_000});
	await waitFor(() => out.text.includes('paused'));
	await cluster.kubectlOk('rollout', 'resume', 'deployment/api');
	assert.equal(await running, 0, err.text);
	const lines = out.text.trimEnd().split('\n');
	assert.equal(lines.at(-1), 'deployment "api" successfully rolled out');
	assert.ok(
		lines.some(line => /^Waiting for deployment "api" rollout to finish: .* \(deadline in \d+m\d*s?\)$/.test(line)),
		out.text,
	);
	for (let i = 1; i < lines.length; i++) assert.notEqual(lines[i], lines[i - 1], 'no repeated line');
	assert.equal(err.text, '');
});

test('status: says when paused; exit 1 with kubectl message when the timeout passes', async () => {
	await cluster.kubectlOk('rollout', 'pause', 'deployment/api');
	await cluster.kubectlOk('set', 'image', 'deployment/api', 'nginx=nginx:1.19');
	const out = sink();
	const err = sink();
	assert.equal(await runStatus(cluster.connection, {name: 'api', out, err, timing, timeoutMs: 1500}), 1);
	assert.match(
		out.text,
		/^Waiting for deployment "api" rollout to finish: 0 out of 2 new replicas have been updated\.\.\. \(paused: run rollout resume to continue\)$/m,
	);
	assert.equal(err.text, 'error: timed out waiting for the condition\n');
	await cluster.kubectlOk('rollout', 'resume', 'deployment/api');
	await waitRolledOut(cluster, 'api');
});

test('status: exit 1 when the progress deadline is exceeded, and when the deployment is deleted', async () => {
	await createDeployment(cluster, 'late', 'nginx:1.17', 2);
	await cluster.kubectlOk('patch', 'deployment/late', '-p', '{"spec":{"progressDeadlineSeconds":2}}');
	await cluster.kubectlOk('set', 'image', 'deployment/late', 'nginx=nginx:notfound');
	const out = sink();
	const err = sink();
	assert.equal(await runStatus(cluster.connection, {name: 'late', out, err, timing, timeoutMs: 60_000}), 1);
	assert.equal(err.text, 'error: deployment "late" exceeded its progress deadline\n');

	await createDeployment(cluster, 'doomed', 'nginx:1.17', 2);
	await cluster.kubectlOk('set', 'image', 'deployment/doomed', 'nginx=nginx:crashloop');
	const doomedOut = sink();
	const doomedErr = sink();
	const running = runStatus(cluster.connection, {
		name: 'doomed',
		out: doomedOut,
		err: doomedErr,
		timing,
		timeoutMs: 60_000,
	});
	await waitFor(() => doomedOut.text.length > 0);
	await cluster.kubectlOk('delete', 'deployment/doomed');
	assert.equal(await running, 1);
	assert.equal(doomedErr.text, 'error: object has been deleted\n');

	const missing = sink();
	assert.equal(await runStatus(cluster.connection, {name: 'ghost', out: sink(), err: missing, timing}), 1);
	assert.equal(missing.text, 'Error from server (NotFound): deployments.apps "ghost" not found\n');
});
