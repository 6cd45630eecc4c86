// Diagnosis in a real terminal (tmux) against the simulator, with kubectl on the side: a `:crashloop` rollout is
// flagged as failing in the list within seconds; Enter, Tab, l reach the crashing pod's log with the crash output
// `kubectl logs --previous` prints; the log view of a pod that is deleted says so. Runs the bundle (dist/).
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
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

function dashboard(): TmuxSession {
	const session = new TmuxSession([process.execPath, bundle, '--kubeconfig', kubeconfig], {
		cwd: repoRoot,
		columns: 120,
		rows: 40,
	});
	sessions.push(session);
	return session;
}

before(async () => {
	assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build (npm test does)`);
	dir = mkdtempSync(path.join(tmpdir(), 'rd-e2e-diag-'));
	kubeconfig = path.join(dir, 'kubeconfig');
	sim = await startSimulator({scenario: 'empty', speed: 10, kubeconfigPath: kubeconfig});
	await kubectl('create', 'deployment', 'shop', '--image=nginx:1.25', '--replicas=3');
	await kubectl('rollout', 'status', 'deployment/shop', '--timeout=120s');
});

after(async () => {
	for (const session of sessions) session.kill();
	await sim?.stop();
});

test('a crash-looping rollout: Failing in the list, then Enter Tab l shows the crash kubectl logs --previous prints', async () => {
	const screen = dashboard();
	await screen.waitForText(/shop\s+deploy\s+3\/3/, 60_000);
	await kubectl('set', 'image', 'deployment/shop', 'nginx=nginx:crashloop');
	await screen.waitForText('Failing: CrashLoopBackOff', 60_000);

	const pod = await waitFor(
		() =>
			sim.store
				.list('pods', 'default')
				.find(
					p =>
						p.spec?.containers?.[0]?.image === 'nginx:crashloop' && p.status?.containerStatuses?.[0]?.restartCount > 0,
				),
		{timeout: 60_000, message: 'a restarted crashloop pod'},
	);
	const previous = (await kubectl('logs', pod.metadata.name, '--previous')).trimEnd().split('\n');
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
	screen.key('q');
	await waitFor(() => screen.exitStatus() !== undefined, {timeout: 20_000, message: () => screen.scrollback()});
	assert.equal(screen.exitStatus(), 0);
});

test('the log view of a pod that is deleted says so', async () => {
	await kubectl('create', 'deployment', 'calm', '--image=nginx:1.25');
	await kubectl('rollout', 'status', 'deployment/calm', '--timeout=120s');
	const pod = sim.store.list('pods', 'default').find(p => p.metadata.labels?.app === 'calm')!;
	const screen = dashboard();
	await screen.waitForText(/calm\s+deploy\s+1\/1/, 60_000);
	screen.key('Enter');
	await screen.waitForText('deployment/calm');
	screen.key('Tab');
	await screen.waitForText('▶ Pods');
	// The pods panel lists the pod once the deployment's pods are watched.
	await screen.waitForText(pod.metadata.name);
	screen.key('l');
	await screen.waitForText('INFO  starting nginx (image nginx:1.25)', 60_000);
	await kubectl('delete', 'pod', pod.metadata.name, '--wait=false');
	await screen.waitForText(`pod ${pod.metadata.name} was deleted: the log ends here`, 60_000);
	screen.key('q');
	await waitFor(() => screen.exitStatus() !== undefined, {timeout: 20_000, message: () => screen.scrollback()});
});
