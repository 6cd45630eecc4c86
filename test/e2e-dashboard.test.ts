// The dashboard in a real terminal (tmux) against the simulator, with the real kubectl on the side:
// watch a rollout, pause and resume it from the keyboard, undo to an older revision, quit cleanly.
// It runs what people run: the bundle `npm run build` makes (dist/rollout-dash.js, with the patched Ink in it);
// `npm test` builds it first.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startSimulator, type Simulator} from '../source/sim/index.js';
import {repoRoot, runProcess} from './helpers/lead-process.js';
import {TmuxSession} from './helpers/lead-tmux.js';
import {waitFor} from './helpers/wait.js';

let sim: Simulator;
let dir: string;
let kubeconfig: string;
const sessions: TmuxSession[] = [];

async function kubectl(...args: string[]): Promise<string> {
	const result = await runProcess('kubectl', [
		'--kubeconfig',
		kubeconfig,
		'--cache-dir',
		path.join(dir, 'cache'),
		...args,
	]);
	assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
	return result.stdout;
}

const bundle = path.join(repoRoot, 'dist', 'rollout-dash.js');

function dashboard(
	args: string[] = [],
	options: {columns?: number; rows?: number; env?: Record<string, string>} = {},
): TmuxSession {
	const session = new TmuxSession([process.execPath, bundle, '--kubeconfig', kubeconfig, ...args], {
		cwd: repoRoot,
		...options,
	});
	sessions.push(session);
	return session;
}

before(async () => {
	assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build (npm test does)`);
	dir = mkdtempSync(path.join(tmpdir(), 'rd-e2e-'));
	kubeconfig = path.join(dir, 'kubeconfig');
	// Speed 1: a 4-replica rollout takes several seconds, long enough to watch it surge on screen.
	sim = await startSimulator({scenario: 'empty', speed: 1, kubeconfigPath: kubeconfig});
	await kubectl('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=4');
	await kubectl('rollout', 'status', 'deployment/web', '--timeout=120s');
	await kubectl('set', 'image', 'deployment/web', 'nginx=nginx:1.26');
	await kubectl('rollout', 'status', 'deployment/web', '--timeout=120s');
});

after(async () => {
	for (const session of sessions) session.kill();
	await sim?.stop();
});

test('watch a rollout, pause, resume, undo to a chosen revision, and quit with the terminal restored', async () => {
	const screen = dashboard();
	await screen.waitForText(/web\s+4\/4/, 60_000);
	assert.ok(screen.inAlternateScreen(), 'the dashboard runs on the alternate screen');

	screen.key('Enter');
	await screen.waitForText('nginx:1.26');
	await screen.waitForText('nginx:1.25');

	// A new image, rolled out with kubectl: the dashboard shows the surge under way, then completion.
	await kubectl('set', 'image', 'deployment/web', 'nginx=nginx:1.27');
	await screen.waitForText(/Waiting for deployment "web" rollout to finish/);
	await screen.waitForText(/surge \d+\/1/);
	await screen.waitForText('deployment "web" successfully rolled out', 120_000);

	screen.key('p');
	await screen.waitForText('deployment.apps/web paused');
	assert.equal(await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.paused}'), 'true');

	screen.key('r');
	await screen.waitForText('deployment.apps/web resumed');
	assert.equal(await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.paused}'), '');

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
	const history = await waitFor(
		async () => {
			const out = await kubectl('rollout', 'history', 'deployment/web');
			return /^4\s/m.test(out) ? out : undefined;
		},
		{timeout: 60_000},
	);
	const revisions = history
		.split('\n')
		.filter(line => /^\d+\s/.test(line))
		.map(line => Number(line.split(/\s+/)[0]));
	assert.deepEqual(revisions, [2, 3, 4]);
	assert.equal(
		await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'),
		'nginx:1.25',
	);

	screen.key('q');
	await waitFor(() => screen.exitStatus() !== undefined, {timeout: 20_000, message: () => screen.scrollback()});
	assert.equal(screen.exitStatus(), 0);
	assert.equal(screen.inAlternateScreen(), false, 'the alternate screen is left on quit');
});

test('with CI=true in the environment the dashboard still draws live, in colour; Ctrl-C quits with the terminal restored', async () => {
	const screen = dashboard([], {env: {CI: 'true'}});
	await screen.waitForText(/web\s+\d\/4/, 60_000);
	assert.match(screen.screenWithEscapes(), /\x1b\[[0-9;]*m/, 'colours are drawn');
	screen.key('C-c');
	await waitFor(() => screen.exitStatus() !== undefined, {timeout: 20_000, message: () => screen.scrollback()});
	assert.equal(screen.exitStatus(), 0);
	assert.equal(screen.inAlternateScreen(), false);
});

test('--readonly refuses to pause and says so', async () => {
	const screen = dashboard(['--readonly']);
	await screen.waitForText(/web\s+\d\/4/, 60_000);
	screen.key('p');
	await screen.waitForText('read-only mode');
	assert.equal(await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.paused}'), '');
	screen.key('q');
	await waitFor(() => screen.exitStatus() !== undefined, {timeout: 20_000, message: () => screen.scrollback()});
});

test('a terminal too small gets a one-line error and a non-zero exit', async () => {
	const screen = dashboard([], {columns: 40, rows: 10});
	await waitFor(() => screen.exitStatus() !== undefined, {timeout: 30_000, message: () => screen.screen()});
	assert.equal(screen.exitStatus(), 1);
	assert.match(screen.scrollback(), /error: terminal too small: need at least 60x15, have 40x10/);
});
