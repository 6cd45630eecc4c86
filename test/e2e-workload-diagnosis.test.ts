// Diagnosis of a StatefulSet in a real terminal (tmux) against the simulator, with kubectl on the side: a rollout to
// a `:crashloop` image is flagged Failing in the list; Enter, Tab, l typed as one burst reach the crashing pod's log
// with the crash output `kubectl logs --previous` prints for it. Runs the bundle (dist/).
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {repoRoot} from './helpers/lead-process.js';
import {startTestCluster, type TestCluster} from './helpers/model-sim.js';
import {waitFor} from './helpers/wait.js';
import {TmuxSession} from './helpers/lead-tmux.js';

let cluster: TestCluster;
const sessions: TmuxSession[] = [];
const bundle = path.join(repoRoot, 'dist', 'rollout-dash.js');

/** Several keys in ONE tmux send-keys call: they reach the dashboard as one burst. */
function burst(session: TmuxSession, ...keys: string[]): void {
	execFileSync('tmux', ['-L', session.name, 'send-keys', '-t', session.name, ...keys]);
}

before(async () => {
	assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build (npm test does)`);
	cluster = await startTestCluster({speed: 10});
	const manifest = {
		apiVersion: 'apps/v1',
		kind: 'StatefulSet',
		metadata: {name: 'db'},
		spec: {
			serviceName: 'db',
			replicas: 3,
			selector: {matchLabels: {app: 'db'}},
			template: {metadata: {labels: {app: 'db'}}, spec: {containers: [{name: 'db', image: 'busybox:1.36'}]}},
		},
	};
	const file = path.join(cluster.dir, 'db.json');
	writeFileSync(file, JSON.stringify(manifest));
	await cluster.kubectlOk('create', '-f', file);
	await cluster.kubectlOk('rollout', 'status', 'statefulset/db', '--timeout=120s');
});

after(async () => {
	for (const session of sessions) session.kill();
	await cluster?.close();
});

test('a StatefulSet crash-looping: Failing in the list, then Enter Tab l shows the crash kubectl logs --previous prints', async () => {
	const screen = new TmuxSession([process.execPath, bundle, '--kubeconfig', cluster.kubeconfigPath], {
		cwd: repoRoot,
		columns: 120,
		rows: 40,
	});
	sessions.push(screen);
	await screen.waitForText(/db\s+sts\s+3\/3/, 60_000);
	await cluster.kubectlOk('set', 'image', 'statefulset/db', 'db=busybox:crashloop');
	// The controller replaces the highest ordinal first and waits for it: db-2 is the new revision's pod.
	const list = await screen.waitForText(/Failing: CrashLoopBackOff 1\/1 new pod/, 60_000);
	assert.match(list.split('\n').find(line => / db +sts /.test(line)) ?? '', /Failing: CrashLoopBackOff/, list);

	const pod = await waitFor(
		() =>
			cluster.sim.store
				.list('pods', 'default')
				.find(
					p =>
						p.spec?.containers?.[0]?.image === 'busybox:crashloop' &&
						p.status?.containerStatuses?.[0]?.restartCount > 0,
				),
		{timeout: 60_000, message: 'a restarted crashloop pod'},
	);
	assert.equal(pod.metadata.name, 'db-2');
	const previous = (await cluster.kubectlOk('logs', 'db-2', '--previous')).trimEnd().split('\n');
	const fatal = previous.at(-1)!;
	assert.match(fatal, /^FATAL /);

	// Enter Tab l as one burst: the view opens, the ordinals take the focus with the failing pod selected, its log.
	burst(screen, 'Enter', 'Tab', 'l');
	await screen.waitForText('logs pod/db-2');
	const log = await screen.waitForText(fatal, 60_000);
	for (const line of previous.slice(0, 4)) assert.ok(log.includes(line), `${line} in the log view`);

	// Esc: back in the view, on the ordinals, with the banner naming the pod.
	screen.key('Escape');
	const view = await screen.waitForText('▶ Pods by ordinal');
	assert.match(view, /✖ Failing: CrashLoopBackOff 1\/1 new pod — pod db-2/);
	const lines = view.split('\n');
	const ordinals = lines.slice(lines.findIndex(line => line.startsWith('▶ Pods by ordinal')));
	assert.match(ordinals.find(line => line.startsWith('›')) ?? '', /2 +db-2 /, view);
	screen.key('q');
	await waitFor(() => screen.exitStatus() !== undefined, {timeout: 20_000, message: () => screen.scrollback()});
	assert.equal(screen.exitStatus(), 0);
});
