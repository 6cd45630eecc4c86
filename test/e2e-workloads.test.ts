// StatefulSets and DaemonSets in a real terminal (tmux) against the simulator, with kubectl on the side: the list
// shows both kinds, the DaemonSet view names the simulator's nodes, the StatefulSet view shows its pods by ordinal,
// `p` answers with kubectl's refusal, and undo to the previous revision is what kubectl's history then shows.
// It runs the bundle `npm run build` makes.
import {after, afterEach, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {daemonSet, type E2eCluster, quit, startE2eCluster, statefulSet} from './helpers/e2e.js';

let e2e: E2eCluster;

before(async () => {
	e2e = await startE2eCluster({speed: 5});
	await e2e.create(statefulSet('web', 'nginx:1.25', 3));
	await e2e.create(daemonSet('agent', 'fluent-bit:3.0'));
	await e2e.kubectl('rollout', 'status', 'sts/web', '--timeout=120s');
	await e2e.kubectl('set', 'image', 'sts/web', 'web=nginx:1.26');
	await e2e.kubectl('rollout', 'status', 'sts/web', '--timeout=120s');
	await e2e.kubectl('rollout', 'status', 'ds/agent', '--timeout=120s');
});

afterEach(() => e2e?.killDashboards());
after(() => e2e?.close());

test("a StatefulSet and a DaemonSet: list, views, kubectl's refusal for pause, undo renumbered as kubectl shows", async () => {
	const screen = e2e.dashboard([], {rows: 40});
	await screen.waitForText(/agent\s+ds\s/, 60_000);
	await screen.waitForText(/web\s+sts\s+3\/3/);

	// The first row is the DaemonSet (agent sorts before web): its view names every node of the simulator.
	screen.key('Enter');
	const nodes = (await e2e.kubectl('get', 'nodes', '-o', 'name'))
		.trim()
		.split('\n')
		.map(line => line.replace('node/', ''));
	assert.ok(nodes.length > 0);
	const dsView = await screen.waitForText(nodes.at(-1)!);
	for (const node of nodes) assert.ok(dsView.includes(node), `node ${node} on screen:\n${dsView}`);
	assert.match(dsView, /daemon set "agent" successfully rolled out/);

	screen.key('Escape');
	await screen.waitForText(/web\s+sts\s+3\/3/);
	screen.key('j');
	screen.key('Enter');
	// Each pod with its revision number (from its controller-revision-hash label) and on the update revision.
	const stsView = await screen.waitForText(/2\s+web-2\s+2\s+update\s/);
	for (const ordinal of [0, 1, 2]) assert.match(stsView, new RegExp(`${ordinal}\\s+web-${ordinal}\\s+2\\s+update\\s`));
	assert.match(stsView, /partitioned roll out complete: 3 new pods have been updated\.\.\./);

	screen.key('p');
	await screen.waitForText('statefulsets.apps "web" pausing is not supported');

	// Revisions newest first: 2 (current), 1. Select 1, undo to it, confirm.
	await screen.waitForText(/nginx:1\.25/);
	screen.key('j');
	screen.key('u');
	const confirmation = await screen.waitForText('kubectl rollout undo statefulset/web -n default --to-revision=1');
	assert.match(confirmation, /nginx:1\.26/);
	screen.key('y');
	await screen.waitForText('statefulset.apps/web rolled back');

	// The controller re-uses revision 1's ControllerRevision as revision 3: kubectl's history is 2, 3.
	assert.deepEqual(await e2e.historyWith('sts/web', 3), [2, 3]);
	// The dashboard saw the renumbering happen and says which revision came back.
	await screen.waitForText('restored from 1');
	assert.equal(await e2e.jsonpath('sts/web', '.spec.template.spec.containers[0].image'), 'nginx:1.25');

	await quit(screen);
});
