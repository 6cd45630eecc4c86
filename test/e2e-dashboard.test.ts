// The dashboard in a real terminal (tmux) against the simulator, with the real kubectl on the side:
// watch a rollout, pause and resume it from the keyboard, undo to an older revision, quit cleanly.
// It runs what people run: the bundle `npm run build` makes (dist/rollout-dash.js, with the patched Ink in it);
// `npm test` builds it first.
import {after, afterEach, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {type E2eCluster, exitOf, quit, startE2eCluster} from './helpers/e2e.js';

let e2e: E2eCluster;

before(async () => {
	// Speed 1: a 4-replica rollout takes several seconds, long enough to watch it surge on screen.
	e2e = await startE2eCluster({speed: 1});
	await e2e.kubectl('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=4');
	await e2e.kubectl('rollout', 'status', 'deployment/web', '--timeout=120s');
	await e2e.kubectl('set', 'image', 'deployment/web', 'nginx=nginx:1.26');
	await e2e.kubectl('rollout', 'status', 'deployment/web', '--timeout=120s');
});

afterEach(() => e2e?.killDashboards());
after(() => e2e?.close());

test('watch a rollout, pause, resume, undo to a chosen revision, and quit with the terminal restored', async () => {
	const screen = e2e.dashboard();
	await screen.waitForText(/web\s+deploy\s+4\/4/, 60_000);
	assert.ok(screen.inAlternateScreen(), 'the dashboard runs on the alternate screen');

	screen.key('Enter');
	await screen.waitForText('nginx:1.26');
	await screen.waitForText('nginx:1.25');

	// A new image, rolled out with kubectl: the dashboard shows the surge under way, then completion.
	await e2e.kubectl('set', 'image', 'deployment/web', 'nginx=nginx:1.27');
	await screen.waitForText(/Waiting for deployment "web" rollout to finish/);
	await screen.waitForText(/surge \d+\/1/);
	await screen.waitForText('deployment "web" successfully rolled out', 120_000);

	screen.key('p');
	await screen.waitForText('deployment.apps/web paused');
	assert.equal(await e2e.jsonpath('deployment/web', '.spec.paused'), 'true');

	screen.key('r');
	await screen.waitForText('deployment.apps/web resumed');
	assert.equal(await e2e.jsonpath('deployment/web', '.spec.paused'), '');

	// Revisions are listed newest first: 3 (current), 2, 1. Select revision 1 and undo to it.
	screen.key('j');
	screen.key('j');
	screen.key('u');
	const confirmation = await screen.waitForText('kubectl rollout undo deployment/web -n default --to-revision=1');
	assert.match(confirmation, /nginx:1\.27/);
	assert.match(confirmation, /nginx:1\.25/);
	screen.key('y');
	await screen.waitForText('deployment.apps/web rolled back');

	// The controller re-uses revision 1's ReplicaSet as revision 4: history shows 2, 3, 4.
	const revisions = await e2e.historyWith('deployment/web', 4);
	assert.deepEqual(revisions, [2, 3, 4]);
	assert.equal(await e2e.jsonpath('deployment/web', '.spec.template.spec.containers[0].image'), 'nginx:1.25');

	screen.key('q');
	assert.equal(await exitOf(screen), 0);
	assert.equal(screen.inAlternateScreen(), false, 'the alternate screen is left on quit');
});

test('with CI=true in the environment the dashboard still draws live, in colour; Ctrl-C quits with the terminal restored', async () => {
	const screen = e2e.dashboard([], {env: {CI: 'true'}});
	await screen.waitForText(/web\s+deploy\s+\d\/4/, 60_000);
	assert.match(screen.screenWithEscapes(), /\x1b\[[0-9;]*m/, 'colours are drawn');
	screen.key('C-c');
	assert.equal(await exitOf(screen), 0);
	assert.equal(screen.inAlternateScreen(), false);
});

test('--readonly refuses to pause and says so', async () => {
	const screen = e2e.dashboard(['--readonly']);
	await screen.waitForText(/web\s+deploy\s+\d\/4/, 60_000);
	screen.key('p');
	await screen.waitForText('read-only mode');
	assert.equal(await e2e.jsonpath('deployment/web', '.spec.paused'), '');
	await quit(screen);
});

test('a terminal too small gets a one-line error and a non-zero exit', async () => {
	const screen = e2e.dashboard([], {columns: 40, rows: 10});
	assert.equal(await exitOf(screen), 1);
	assert.match(screen.scrollback(), /error: terminal too small: need at least 60x15, have 40x10/);
});
