// A running session follows its kubeconfig: the simulator restarted on another port with a new CA and token,
// writing the same file, and the session converges to the new server's objects, saying why it reconnected.
import {after, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {connect} from '../source/cluster/connect.js';
import {KubeconfigReload} from '../source/cluster/kubeconfig-reload.js';
import {createSession, type LiveSession} from '../source/cluster/session.js';
import type {ConnectionState} from '../source/model/types.js';
import {startSimulator, type Simulator} from '../source/sim/index.js';
import {runProcess} from './helpers/lead-process.js';
import {waitFor} from './helpers/wait.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rollout-dash-reload-'));
const kubeconfigPath = path.join(dir, 'kubeconfig');
const sims: Simulator[] = [];
let session: LiveSession | undefined;

after(async () => {
	await session?.close();
	for (const sim of sims) await sim.stop();
	rmSync(dir, {recursive: true, force: true});
});

async function simulator(): Promise<Simulator> {
	const sim = await startSimulator({scenario: 'empty', speed: 20, kubeconfigPath, watchKeepAliveMs: 200});
	sims.push(sim);
	return sim;
}

async function kubectl(...args: string[]): Promise<void> {
	const cacheDir = path.join(dir, `cache-${sims.length}`);
	const result = await runProcess('kubectl', ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir, ...args], {
		timeoutMs: 60_000,
	});
	assert.equal(result.code, 0, result.stderr);
}

test('the simulator restarted with a new CA and token: the session reconnects to it and shows its objects', async () => {
	const first = await simulator();
	await kubectl('create', 'deployment', 'old-web', '--image=nginx:1.17');
	const connection = await connect({kubeconfig: kubeconfigPath});
	session = createSession(connection, {
		timing: {stallMs: 5000, requestTimeoutMs: 3000, backoff: {initialMs: 50, maxMs: 1000, jitter: 0.3}},
	});
	const live = session;
	const names = () => live.getSnapshot().deployments.map(d => d.name);
	await waitFor(() => names().join() === 'old-web', {timeout: 30_000, message: () => names().join()});

	const states: ConnectionState[] = [];
	live.subscribe(() => states.push(live.getSnapshot().connection));
	// The session's snapshots are throttled: a reconnect faster than one batch may never show its reason, so the
	// reason is read where the watches receive it.
	const reasons: string[] = [];
	connection.client.reload?.subscribe(message => reasons.push(message));
	await first.stop();
	const second = await simulator();
	assert.notEqual(second.url, first.url);
	assert.notEqual(second.token, first.token);
	await kubectl('create', 'deployment', 'new-api', '--image=nginx:1.17');

	await waitFor(() => names().join() === 'new-api' && live.getSnapshot().connection.state === 'live', {
		timeout: 60_000,
		message: () => `${names().join()} ${JSON.stringify(live.getSnapshot().connection)}`,
	});
	assert.equal(connection.server, second.url);
	assert.equal(connection.client.reload?.reloads, 1);
	assert.equal(live.getSnapshot().cluster.server, second.url);
	assert.deepEqual(reasons, [`kubeconfig changed: reconnecting to ${second.url} (context "rollout-dash-sim")`]);
	assert.ok(
		states.some(state => state.state === 'reconnecting'),
		JSON.stringify(states),
	);
	// It keeps following the new server.
	await kubectl('scale', 'deployment/new-api', '--replicas=3');
	await waitFor(() => live.getSnapshot().deployments[0]?.progress.desired === 3, {timeout: 30_000});
});

test('without a change event, the stat check after a failed request notices the change once', () => {
	const file = path.join(dir, 'stat-only');
	writeFileSync(file, 'first');
	let opened = 0;
	let usable = false;
	const reload = new KubeconfigReload([file], () => {
		if (!usable) throw new Error('half written');
		opened++;
		return {context: 'ctx', server: 'https://new'};
	});
	const messages: string[] = [];
	// Listening starts fs.watch too; the checks below do not wait for it.
	const unsubscribe = reload.subscribe(message => messages.push(message));
	reload.check();
	assert.equal(opened, 0, 'nothing changed');
	writeFileSync(file, 'second, longer');
	reload.check();
	assert.equal(reload.reloads, 0, 'a file that cannot be used yet is not taken');
	usable = true;
	reload.check();
	reload.check();
	unsubscribe();
	assert.equal(opened, 1);
	assert.deepEqual(messages, ['kubeconfig changed: reconnecting to https://new (context "ctx")']);
});
