// A server that stops answering is noticed: after a silence on every watch the session asks GET /version, and a
// failed probe turns "live" into "unresponsive since …" with the real time waited; when the server answers again the
// session is live again. The server is frozen by a proxy that drops every byte (a blackhole).
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {connect} from '../source/cluster/connect.js';
import {createSession, type LiveSession} from '../source/cluster/session.js';
import {connectionText} from '../source/ui/format.js';
import {createDeployment, startTestCluster, type TestCluster} from './helpers/model-sim.js';
import {waitFor} from './helpers/wait.js';
import {startBlackholeProxy, type BlackholeProxy} from './helpers/trust-proxy.js';

let cluster: TestCluster;
let proxy: BlackholeProxy;
let session: LiveSession | undefined;

before(async () => {
	cluster = await startTestCluster();
	await createDeployment(cluster, 'web', 'nginx:1.17', 1);
	const port = Number(new URL(cluster.sim.url).port);
	proxy = await startBlackholeProxy({host: '127.0.0.1', port});
});

after(async () => {
	await session?.close();
	await proxy?.close();
	await cluster?.close();
});

test('a blackholed server shows "unresponsive since" within seconds of the failed probe, then live again', async () => {
	const file = path.join(cluster.dir, 'via-proxy');
	writeFileSync(file, readFileSync(cluster.kubeconfigPath, 'utf8').replace(cluster.sim.url, proxy.url));
	const connection = await connect({kubeconfig: file});
	const probeAfterMs = 1500;
	session = createSession(connection, {
		timing: {
			probeAfterMs,
			probeTimeoutMs: 1000,
			// Far beyond the test: only the probe can notice.
			stallMs: 600_000,
			requestTimeoutMs: 2000,
			backoff: {initialMs: 50, maxMs: 500, jitter: 0.3},
		},
	});
	const live = session;
	await live.ready();
	await waitFor(() => live.getSnapshot().connection.state === 'live', {timeout: 30_000});
	assert.deepEqual(
		live.getSnapshot().deployments.map(d => d.name),
		['web'],
	);

	const frozenAt = Date.now();
	proxy.blackhole(true);
	const unresponsive = await waitFor(
		() => {
			const state = live.getSnapshot().connection;
			return state.state === 'reconnecting' && state.unresponsive ? state : undefined;
		},
		{timeout: 30_000, message: () => JSON.stringify(live.getSnapshot().connection)},
	);
	const noticedAt = Date.now();
	// since: when the server was last heard from (just before the freeze: bookmarks arrive every 200 ms).
	assert.ok(unresponsive.since.getTime() <= frozenAt + 100, `${unresponsive.since.toISOString()} vs freeze`);
	assert.ok(frozenAt - unresponsive.since.getTime() < 5000);
	// The message states the silence really waited: at least the probe's delay, at most until it was noticed.
	const waited = Number(/sent nothing for (\d+)s/.exec(unresponsive.lastError)?.[1]);
	assert.ok(waited >= Math.floor(probeAfterMs / 1000), unresponsive.lastError);
	assert.ok(waited <= Math.ceil((noticedAt - unresponsive.since.getTime()) / 1000), unresponsive.lastError);
	const shown = connectionText(live.getSnapshot().connection, Date.now()).text;
	assert.match(shown, /^✖ unresponsive since \d\d:\d\d:\d\d \(\d+s\): the API server has sent nothing for \d+s/);

	proxy.blackhole(false);
	await waitFor(() => live.getSnapshot().connection.state === 'live', {
		timeout: 60_000,
		message: () => JSON.stringify(live.getSnapshot().connection),
	});
	// And it follows changes again.
	await cluster.kubectlOk('scale', 'deployment/web', '--replicas=2');
	await waitFor(() => live.getSnapshot().deployments[0]?.progress.desired === 2, {timeout: 30_000});
});
