// On the simulator's demo scenario, get and history agree with kubectl for every deployment.
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {connect, type Connection} from '../source/cluster/connect.js';
import {getDeployment, listReplicaSetsOf} from '../source/cluster/actions.js';
import {loadSummaries} from '../source/commands/get.js';
import {revisionHistory} from '../source/model/revisions.js';
import {startSimulator, type Simulator} from '../source/sim/index.js';
import {runProcess, tableRows} from './helpers/lead-process.js';
import {waitFor} from './helpers/wait.js';

let sim: Simulator;
let dir: string;
let connection: Connection;

before(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'rollout-dash-demo-'));
	sim = await startSimulator({scenario: 'demo', speed: 10, kubeconfigPath: path.join(dir, 'kubeconfig')});
	connection = await connect({kubeconfig: path.join(dir, 'kubeconfig'), allNamespaces: true});
});

after(async () => {
	await sim?.stop();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

async function kubectl(...args: string[]): Promise<string> {
	const cache = path.join(dir, 'cache');
	const result = await runProcess(
		'kubectl',
		['--kubeconfig', path.join(dir, 'kubeconfig'), '--cache-dir', cache, ...args],
		{env: {KUBECACHEDIR: cache}},
	);
	if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
	return result.stdout;
}

test('get -A: every demo deployment with the counts of kubectl get deploy -A', async () => {
	await waitFor(() => sim.store.list('deployments').length >= 5, {timeout: 30_000});
	await waitFor(
		async () => {
			const before = await loadSummaries(connection, new Date());
			const table = await kubectl('get', 'deploy', '-A');
			const after = await loadSummaries(connection, new Date());
			// The demo keeps rolling: compare only a picture that held still while kubectl looked.
			if (before.map(s => s.resourceVersion).join() !== after.map(s => s.resourceVersion).join()) return false;
			const fromKubectl = tableRows(table).map(
				([namespace, name, ready, upToDate, available]) => `${namespace}/${name} ${ready} ${upToDate} ${available}`,
			);
			const ours = after.map(
				s =>
					`${s.namespace}/${s.name} ${s.progress.ready}/${s.progress.desired} ${s.progress.updated} ${s.progress.available}`,
			);
			assert.deepEqual(ours, fromKubectl);
			return true;
		},
		{timeout: 60_000},
	);
	const summaries = await loadSummaries(connection, new Date());
	const phases = new Set(summaries.map(s => s.phase));
	assert.ok(phases.has('Paused'), `the paused demo app is Paused: ${[...phases]}`);
});

test('history: every demo deployment has the revisions of kubectl rollout history', async () => {
	const deployments = sim.store
		.list('deployments')
		.map(d => ({namespace: d.metadata.namespace!, name: d.metadata.name}));
	for (const {namespace, name} of deployments) {
		await waitFor(
			async () => {
				const deployment = await getDeployment(connection.client, namespace, name);
				const history = revisionHistory(deployment, await listReplicaSetsOf(connection.client, deployment));
				const text = await kubectl('-n', namespace, 'rollout', 'history', `deployment/${name}`);
				const again = await getDeployment(connection.client, namespace, name);
				if (again.metadata.resourceVersion !== deployment.metadata.resourceVersion) return false;
				const fromKubectl = tableRows(text.split('\n').slice(1).join('\n')).map(
					([revision, cause]) => `${revision} ${cause}`,
				);
				assert.deepEqual(
					history.map(h => `${h.revision} ${h.changeCause ?? '<none>'}`),
					fromKubectl,
					`${namespace}/${name}`,
				);
				return true;
			},
			{timeout: 60_000},
		);
	}
});
