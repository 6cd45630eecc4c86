// The model's history, progress and status sentence equal what kubectl shows for the same deployments.
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import {getDeployment, listReplicaSetsOf} from '../source/cluster/actions.js';
import {revisionHistory} from '../source/model/revisions.js';
import {summarizeDeployment} from '../source/model/summary.js';
import {createDeployment, startTestCluster, waitRolledOut, type TestCluster} from './helpers/model-sim.js';
import {tableRows} from './helpers/lead-process.js';
import {waitFor} from './helpers/wait.js';

let cluster: TestCluster;

before(async () => {
	cluster = await startTestCluster();
	await createDeployment(cluster, 'web', 'nginx:1.17', 3);
	await cluster.kubectlOk('annotate', 'deployment/web', 'kubernetes.io/change-cause=upgrade to 1.18');
	await cluster.kubectlOk('set', 'image', 'deployment/web', 'nginx=nginx:1.18');
	await waitRolledOut(cluster, 'web');
	await cluster.kubectlOk('set', 'image', 'deployment/web', 'nginx=nginx:1.19');
	await waitRolledOut(cluster, 'web');
	await cluster.kubectlOk('rollout', 'undo', 'deployment/web', '--to-revision=1');
	await waitRolledOut(cluster, 'web');
});

after(async () => {
	await cluster?.close();
});

async function model(name: string) {
	const client = cluster.connection.client;
	const deployment = await getDeployment(client, 'default', name);
	const replicaSets = await listReplicaSetsOf(client, deployment);
	return {
		deployment,
		history: revisionHistory(deployment, replicaSets),
		summary: summarizeDeployment(deployment, replicaSets, new Date()),
	};
}

test('history: the revisions and change-causes of kubectl rollout history', async () => {
	const stdout = await cluster.kubectlOk('rollout', 'history', 'deployment/web');
	const [title, ...table] = stdout.split('\n');
	assert.equal(title, 'deployment.apps/web ');
	const expected = tableRows(table.join('\n')).map(([revision, cause]) => [Number(revision), cause]);
	const {history} = await model('web');
	assert.deepEqual(
		history.map(entry => [entry.revision, entry.changeCause ?? '<none>']),
		expected,
	);
	assert.deepEqual(
		history.map(h => h.revision),
		[2, 3, 4],
		'revision 1 was re-used as 4',
	);
	assert.deepEqual(history.find(h => h.revision === 4)?.restoredFrom, [1]);
	assert.equal(history.find(h => h.isCurrent)?.revision, 4);
	assert.equal(history.find(h => h.revision === 2)?.changeCause, 'upgrade to 1.18');
});

test('history: the DESIRED/CURRENT/READY of kubectl get rs', async () => {
	const stdout = await cluster.kubectlOk('get', 'rs', '-l', 'app=web');
	const fromKubectl = tableRows(stdout)
		.map(([name, desired, current, ready]) => `${name} ${desired} ${current} ${ready}`)
		.sort();
	const {history} = await model('web');
	assert.deepEqual(history.map(h => `${h.replicaSetName} ${h.desired} ${h.current} ${h.ready}`).sort(), fromKubectl);
	assert.deepEqual(
		history.map(h => h.podTemplateHash).sort(),
		fromKubectl.map(line => line.split(' ')[0]!.replace('web-', '')).sort(),
	);
});

test('progress and status sentence equal kubectl get deploy and rollout status, also mid-rollout', async () => {
	await createDeployment(cluster, 'stuck', 'nginx:1.17', 3);
	// New pods crash: the rollout stops after the surge, a stable mid-rollout state to compare.
	await cluster.kubectlOk('set', 'image', 'deployment/stuck', 'nginx=nginx:crashloop');
	for (const name of ['web', 'stuck']) {
		await waitFor(
			async () => {
				const before = await model(name);
				const [get, status] = await Promise.all([
					cluster.kubectlOk('get', 'deploy', name),
					cluster.kubectl('rollout', 'status', `deployment/${name}`, '--watch=false'),
				]);
				const after = await model(name);
				// Only a state that held still while kubectl looked is comparable.
				if (before.deployment.metadata.resourceVersion !== after.deployment.metadata.resourceVersion) return false;
				const [, ready, upToDate, available] = tableRows(get)[0]!;
				const {progress, statusSentence} = after.summary;
				assert.deepEqual(
					[`${progress.ready}/${progress.desired}`, String(progress.updated), String(progress.available)],
					[ready, upToDate, available],
				);
				assert.equal(statusSentence, status.stdout.trim());
				return name === 'web'
					? after.summary.phase === 'Complete'
					: after.summary.phase === 'Progressing' && progress.updated > 0;
			},
			{timeout: 30_000},
		);
	}
	const {summary} = await model('stuck');
	assert.match(summary.statusSentence, /^Waiting for deployment "stuck" rollout to finish: /);
	assert.ok(summary.progress.surgeInUse >= 0 && summary.progress.surgeInUse <= summary.progress.maxSurge);
	assert.ok(
		summary.deadline?.remainingSeconds !== undefined && summary.deadline.remainingSeconds > 0,
		'the deadline is counting',
	);
});
