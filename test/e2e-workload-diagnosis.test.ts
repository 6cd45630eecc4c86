// Diagnosis of a StatefulSet in a real terminal (tmux) against the simulator, with kubectl on the side: a rollout to
// a `:crashloop` image is flagged Failing in the list; Enter, Tab, l typed as one burst reach the crashing pod's log
// with the crash output `kubectl logs --previous` prints for it. Runs the bundle (dist/).
import {after, afterEach, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {burst, type E2eCluster, quit, startE2eCluster, statefulSet} from './helpers/e2e.js';

let e2e: E2eCluster;

before(async () => {
	e2e = await startE2eCluster({speed: 10});
	await e2e.create(statefulSet('db', 'busybox:1.36', 3));
	await e2e.kubectl('rollout', 'status', 'statefulset/db', '--timeout=120s');
});

afterEach(() => e2e?.killDashboards());
after(() => e2e?.close());

test('a StatefulSet crash-looping: Failing in the list, then Enter Tab l shows the crash kubectl logs --previous prints', async () => {
	const screen = e2e.dashboard([], {columns: 120, rows: 40});
	await screen.waitForText(/db\s+sts\s+3\/3/, 60_000);
	await e2e.kubectl('set', 'image', 'statefulset/db', 'db=busybox:crashloop');
	// The controller replaces the highest ordinal first and waits for it: db-2 is the new revision's pod.
	const list = await screen.waitForText(/Failing: CrashLoopBackOff 1\/1 new pod/, 60_000);
	assert.match(list.split('\n').find(line => / db +sts /.test(line)) ?? '', /Failing: CrashLoopBackOff/, list);

	const pod = await e2e.restartedPod('busybox:crashloop');
	assert.equal(pod.metadata.name, 'db-2');
	const previous = (await e2e.kubectl('logs', 'db-2', '--previous')).trimEnd().split('\n');
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
	await quit(screen);
});
