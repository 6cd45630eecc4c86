// Diagnosis in a real terminal (tmux) against the simulator, with kubectl on the side: a `:crashloop` rollout is
// flagged as failing in the list within seconds; Enter, Tab, l reach the crashing pod's log with the crash output
// `kubectl logs --previous` prints; the log view of a pod that is deleted says so. Runs the bundle (dist/).
import {after, afterEach, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {type E2eCluster, quit, startE2eCluster} from './helpers/e2e.js';

let e2e: E2eCluster;

before(async () => {
	e2e = await startE2eCluster({speed: 10});
	await e2e.kubectl('create', 'deployment', 'shop', '--image=nginx:1.25', '--replicas=3');
	await e2e.kubectl('rollout', 'status', 'deployment/shop', '--timeout=120s');
});

afterEach(() => e2e?.killDashboards());
after(() => e2e?.close());

test('a crash-looping rollout: Failing in the list, then Enter Tab l shows the crash kubectl logs --previous prints', async () => {
	const screen = e2e.dashboard();
	await screen.waitForText(/shop\s+deploy\s+3\/3/, 60_000);
	await e2e.kubectl('set', 'image', 'deployment/shop', 'nginx=nginx:crashloop');
	await screen.waitForText('Failing: CrashLoopBackOff', 60_000);

	const pod = await e2e.restartedPod('nginx:crashloop');
	const previous = (await e2e.kubectl('logs', pod.metadata.name, '--previous')).trimEnd().split('\n');
	const fatal = previous.at(-1)!;
	assert.match(fatal, /^FATAL nginx: cannot start without the database; exiting with code 1$/);

	screen.key('Enter');
	await screen.waitForText(`✖ Failing: CrashLoopBackOff`);
	screen.key('Tab');
	await screen.waitForText('▶ Pods');
	// The failing pod's row in the pods panel, selected (not only its name in the banner).
	await screen.waitForText(new RegExp(`› ${pod.metadata.name}\\s+2\\s+0/1`));
	screen.key('l');
	await screen.waitForText(`logs pod/${pod.metadata.name} -c nginx`);
	const log = await screen.waitForText(fatal, 60_000);
	for (const line of previous.slice(0, 4)) assert.ok(log.includes(line), `${line} in the log view`);

	// p: the previous run, as kubectl logs --previous.
	screen.key('p');
	await screen.waitForText('--previous');
	await screen.waitForText('end of the previous run’s log');
	await screen.waitForText(fatal);

	screen.key('Escape');
	await screen.waitForText('▶ Pods');
	await quit(screen);
});

test('the log view of a pod that is deleted says so', async () => {
	await e2e.kubectl('create', 'deployment', 'calm', '--image=nginx:1.25');
	await e2e.kubectl('rollout', 'status', 'deployment/calm', '--timeout=120s');
	const pod = e2e.sim.store.list('pods', 'default').find(p => p.metadata.labels?.app === 'calm')!;
	const screen = e2e.dashboard();
	await screen.waitForText(/calm\s+deploy\s+1\/1/, 60_000);
	screen.key('Enter');
	await screen.waitForText('deployment/calm');
	screen.key('Tab');
	await screen.waitForText('▶ Pods');
	// The pods panel lists the pod once the deployment's pods are watched.
	await screen.waitForText(pod.metadata.name);
	screen.key('l');
	await screen.waitForText('INFO  starting nginx (image nginx:1.25)', 60_000);
	await e2e.kubectl('delete', 'pod', pod.metadata.name, '--wait=false');
	await screen.waitForText(`pod ${pod.metadata.name} was deleted: the log ends here`, 60_000);
	await quit(screen);
});
