// The keyboard in a real terminal (tmux, the bundle) against the simulator, kubectl as the witness: u in the list
// goes to the previous revision; bursts sent in ONE send-keys call (Enter j u; s C-u 4 Enter y; :ns team-b Enter)
// lose no key; set image, :ctx and copying to the clipboard through OSC 52 (tmux's buffer as the clipboard).
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startSimulator, type Simulator} from '../source/sim/index.js';
import {repoRoot, runProcess} from './helpers/lead-process.js';
import {waitFor} from './helpers/wait.js';
import {TmuxSession} from './helpers/lead-tmux.js';

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

function dashboard(args: string[] = [], options: {columns?: number; rows?: number} = {}): TmuxSession {
	// TMUX emptied: the dashboard writes plain OSC 52, which tmux (set-clipboard on) keeps as a buffer to read back.
	const session = new TmuxSession([process.execPath, bundle, '--kubeconfig', kubeconfig, ...args], {
		cwd: repoRoot,
		env: {TMUX: ''},
		...options,
	});
	sessions.push(session);
	return session;
}

/** Several keys in ONE tmux send-keys call: they reach the dashboard as one burst. */
function burst(session: TmuxSession, ...keys: string[]): void {
	execFileSync('tmux', ['-L', session.name, 'send-keys', '-t', session.name, ...keys]);
}

async function quit(screen: TmuxSession): Promise<void> {
	screen.key('q');
	await waitFor(() => screen.exitStatus() !== undefined, {message: () => `the exit; screen:\n${screen.scrollback()}`});
	assert.equal(screen.exitStatus(), 0);
}

const jsonpath = (name: string, path: string, namespace = 'default') =>
	kubectl('get', 'deployment', name, '-n', namespace, '-o', `jsonpath={${path}}`);

before(async () => {
	assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build (npm test does)`);
	dir = mkdtempSync(path.join(tmpdir(), 'rd-e2e-keys-'));
	kubeconfig = path.join(dir, 'kubeconfig');
	sim = await startSimulator({scenario: 'empty', speed: 20, kubeconfigPath: kubeconfig});
	await kubectl('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2');
	await kubectl('rollout', 'status', 'deployment/web', '--timeout=120s');
	for (const image of ['nginx:1.26', 'nginx:1.27']) {
		await kubectl('set', 'image', 'deployment/web', `nginx=${image}`);
		await kubectl('rollout', 'status', 'deployment/web', '--timeout=120s');
	}
	await kubectl('create', 'namespace', 'team-b');
	await kubectl('create', 'deployment', 'billing', '--image=billing:2.0', '--replicas=1', '-n', 'team-b');
	// A second context on the same cluster, whose namespace is team-b.
	const context = await kubectl('config', 'current-context');
	const cluster = await kubectl(
		'config',
		'view',
		'-o',
		`jsonpath={.contexts[?(@.name=="${context.trim()}")].context.cluster}`,
	);
	const user = await kubectl(
		'config',
		'view',
		'-o',
		`jsonpath={.contexts[?(@.name=="${context.trim()}")].context.user}`,
	);
	await kubectl('config', 'set-context', 'team-b-ctx', `--cluster=${cluster}`, `--user=${user}`, '--namespace=team-b');
});

after(async () => {
	for (const session of sessions) session.kill();
	await sim?.stop();
});

test('u in the list targets the previous revision; a burst Enter j u goes below it and y rolls back there', async () => {
	const screen = dashboard();
	await screen.waitForText(/web\s+deploy\s+2\/2/, 60_000);
	screen.key('u');
	await screen.waitForText('kubectl rollout undo deployment/web -n default --to-revision=2');
	await screen.waitForText('revision 2 (image nginx:1.26, no change-cause) becomes revision 4; the rollout starts now');
	screen.key('n');
	screen.key('Escape');
	await screen.waitForText(/<enter> open/);

	// Enter opens the view, j moves below the previous revision, u asks: all before the history has loaded.
	burst(screen, 'Enter', 'j', 'u');
	await screen.waitForText('kubectl rollout undo deployment/web -n default --to-revision=1');
	screen.key('y');
	await screen.waitForText('deployment.apps/web rolled back');
	const history = await waitFor(
		async () => {
			const out = await kubectl('rollout', 'history', 'deployment/web');
			return /^4\s/m.test(out) ? out : undefined;
		},
		{message: 'revision 4 in kubectl rollout history'},
	);
	assert.deepEqual(
		history
			.split('\n')
			.filter(line => /^\d+\s/.test(line))
			.map(line => Number(line.split(/\s+/)[0])),
		[2, 3, 4],
	);
	assert.equal(await jsonpath('web', '.spec.template.spec.containers[0].image'), 'nginx:1.25');
	// The selection followed revision 1's ReplicaSet, now revision 4 (current): the selected row says 4.
	await screen.waitForText(/›\s*●?\s*4\s/);
	await quit(screen);
});

test('s C-u 4 Enter y in one burst scales to 4; i sets an image likewise; c copies the command (OSC 52)', async () => {
	const screen = dashboard();
	await screen.waitForText(/web\s+deploy\s+\d\/2/, 60_000);
	burst(screen, 's', 'C-u', '4', 'Enter', 'y');
	await screen.waitForText('deployment.apps/web scaled');
	assert.equal(await jsonpath('web', '.spec.replicas'), '4');

	execFileSync('tmux', ['-L', screen.name, 'set-option', '-g', 'set-clipboard', 'on']);
	burst(screen, 'i', 'C-u', 'nginx:1.28', 'Enter');
	await screen.waitForText('kubectl set image deployment/web nginx=nginx:1.28 -n default');
	screen.key('c');
	await screen.waitForText('copied: kubectl set image deployment/web nginx=nginx:1.28 -n default');
	const buffer = await waitFor(
		() => {
			try {
				const text = execFileSync('tmux', ['-L', screen.name, 'show-buffer'], {encoding: 'utf8'});
				return text.includes('set image') ? text : undefined;
			} catch {
				return undefined;
			}
		},
		{message: "the command in tmux's buffer"},
	);
	assert.equal(buffer, 'kubectl set image deployment/web nginx=nginx:1.28 -n default');
	screen.key('y');
	await screen.waitForText('deployment.apps/web image updated');
	assert.equal(await jsonpath('web', '.spec.template.spec.containers[0].image'), 'nginx:1.28');
	await quit(screen);
});

test(':ns team-b Enter in one burst switches the namespace; :ctx switches the context in place', async () => {
	const screen = dashboard();
	await screen.waitForText(/web\s+deploy\s+\d\/\d/, 60_000);
	burst(screen, ':ns team-b', 'Enter');
	await screen.waitForText(/billing\s+deploy\s+\d\/1/);
	await screen.waitForText('namespace: team-b');
	burst(screen, ':ns default', 'Enter');
	await screen.waitForText(/web\s+deploy\s+\d\/\d/);
	burst(screen, ':ctx team-b-ctx', 'Enter');
	await screen.waitForText('context: team-b-ctx');
	await screen.waitForText(/billing\s+deploy\s+\d\/1/);
	burst(screen, ':nope', 'Enter');
	await screen.waitForText('unknown command ":nope"');
	burst(screen, ':q', 'Enter');
	await waitFor(() => screen.exitStatus() !== undefined, {message: () => `the exit; screen:\n${screen.scrollback()}`});
	assert.equal(screen.exitStatus(), 0);
});
