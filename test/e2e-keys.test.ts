// The keyboard in a real terminal (tmux, the bundle) against the simulator, kubectl as the witness: u in the list
// goes to the previous revision; bursts sent in ONE send-keys call (Enter j u; s C-u 4 Enter y; :ns team-b Enter)
// lose no key; set image, :ctx and copying to the clipboard through OSC 52 (tmux's buffer as the clipboard).
import {after, afterEach, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {burst, type E2eCluster, exitOf, quit, startE2eCluster} from './helpers/e2e.js';
import {waitFor} from './helpers/wait.js';

let e2e: E2eCluster;

function dashboard() {
	// TMUX emptied: the dashboard writes plain OSC 52, which tmux (set-clipboard on) keeps as a buffer to read back.
	return e2e.dashboard([], {env: {TMUX: ''}});
}

before(async () => {
	e2e = await startE2eCluster({speed: 20});
	await e2e.kubectl('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2');
	await e2e.kubectl('rollout', 'status', 'deployment/web', '--timeout=120s');
	for (const image of ['nginx:1.26', 'nginx:1.27']) {
		await e2e.kubectl('set', 'image', 'deployment/web', `nginx=${image}`);
		await e2e.kubectl('rollout', 'status', 'deployment/web', '--timeout=120s');
	}
	await e2e.kubectl('create', 'namespace', 'team-b');
	await e2e.kubectl('create', 'deployment', 'billing', '--image=billing:2.0', '--replicas=1', '-n', 'team-b');
	// A second context on the same cluster, whose namespace is team-b.
	const context = await e2e.kubectl('config', 'current-context');
	const cluster = await e2e.kubectl(
		'config',
		'view',
		'-o',
		`jsonpath={.contexts[?(@.name=="${context.trim()}")].context.cluster}`,
	);
	const user = await e2e.kubectl(
		'config',
		'view',
		'-o',
		`jsonpath={.contexts[?(@.name=="${context.trim()}")].context.user}`,
	);
	await e2e.kubectl(
		'config',
		'set-context',
		'team-b-ctx',
		`--cluster=${cluster}`,
		`--user=${user}`,
		'--namespace=team-b',
	);
});

afterEach(() => e2e?.killDashboards());
after(() => e2e?.close());

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
	assert.deepEqual(await e2e.historyWith('deployment/web', 4), [2, 3, 4]);
	assert.equal(await e2e.jsonpath('deployment/web', '.spec.template.spec.containers[0].image'), 'nginx:1.25');
	// The selection followed revision 1's ReplicaSet, now revision 4 (current): the selected row says 4.
	await screen.waitForText(/›\s*●?\s*4\s/);
	await quit(screen);
});

test('s C-u 4 Enter y in one burst scales to 4; i sets an image likewise; c copies the command (OSC 52)', async () => {
	const screen = dashboard();
	await screen.waitForText(/web\s+deploy\s+\d\/2/, 60_000);
	burst(screen, 's', 'C-u', '4', 'Enter', 'y');
	await screen.waitForText('deployment.apps/web scaled');
	assert.equal(await e2e.jsonpath('deployment/web', '.spec.replicas'), '4');

	screen.tmux(['set-option', '-g', 'set-clipboard', 'on']);
	burst(screen, 'i', 'C-u', 'nginx:1.28', 'Enter');
	await screen.waitForText('kubectl set image deployment/web nginx=nginx:1.28 -n default');
	screen.key('c');
	await screen.waitForText('copied: kubectl set image deployment/web nginx=nginx:1.28 -n default');
	const buffer = await waitFor(
		() => {
			try {
				const text = screen.tmux(['show-buffer']);
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
	assert.equal(await e2e.jsonpath('deployment/web', '.spec.template.spec.containers[0].image'), 'nginx:1.28');
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
	assert.equal(await exitOf(screen), 0);
});
