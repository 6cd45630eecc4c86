// The dashboard as a limited user, in a real terminal (tmux, the bundle) against the simulator's RBAC, kubectl as
// the witness: the viewer is told it cannot write and every write key answers with the API server's own 403 line,
// changing nothing; the team-a user asking for every namespace is offered team-a (not an empty screen) and may write
// there; `get -A` as that user says in one line what is forbidden and what is allowed.
import {after, afterEach, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {runProcess} from './helpers/lead-process.js';
import {burst, bundle, type E2eCluster, quit, startE2eCluster} from './helpers/e2e.js';
import {waitFor} from './helpers/wait.js';

const VIEWER = 'rollout-dash-sim-viewer';
const TEAM_A = 'rollout-dash-sim-team-a';
const NOTICE = 'listing all namespaces is forbidden for this user: showing team-a (:ns to choose another)';

let e2e: E2eCluster;

function dashboard(args: string[]) {
	// Wide enough that the server's 403 line is not cut at the edge.
	return e2e.dashboard(args, {columns: 240, rows: 30});
}

/** The API server's message for a write kubectl sends as `context`, as kubectl prints it after its own prefix. */
async function serverRefusal(context: string, ...args: string[]): Promise<string> {
	const result = await e2e.kubectlRun('--context', context, ...args);
	assert.notEqual(result.code, 0, `kubectl --context ${context} ${args.join(' ')} was allowed`);
	const message = /(deployments\.apps .*is forbidden: .*)$/m.exec(result.stderr)?.[1];
	assert.ok(message, `no 403 message in kubectl's stderr: ${result.stderr}`);
	return message;
}

before(async () => {
	e2e = await startE2eCluster({speed: 20});
	await e2e.kubectl('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2');
	await e2e.kubectl('create', 'namespace', 'team-a');
	await e2e.kubectl('create', 'deployment', 'api', '--image=api:1.0', '--replicas=1', '-n', 'team-a');
	await e2e.kubectl('rollout', 'status', 'deployment/web', '--timeout=120s');
	await e2e.kubectl('rollout', 'status', 'deployment/api', '-n', 'team-a', '--timeout=120s');
});

afterEach(() => e2e?.killDashboards());
after(() => e2e?.close());

test('the viewer: the header says read-only; p, R, s and i answer with the server’s 403 line and nothing changes', async () => {
	// The request log (-v 6) is the witness that each key sent its write and the server refused it.
	const log = path.join(e2e.dir, 'viewer.log');
	const refusedWrites = () =>
		(existsSync(log) ? readFileSync(log, 'utf8') : '')
			.split('\n')
			.filter(line => /\b(PATCH|PUT) \S+\/namespaces\/default\/deployments\/web\S* 403 /.test(line)).length;
	const waitForRefusedWrites = (count: number) =>
		waitFor(() => refusedWrites() === count, {
			message: () => `${count} refused writes in the log; it has ${refusedWrites()}`,
		});
	const screen = dashboard(['--context', VIEWER, '-v', '6', '--log-file', log]);
	await screen.waitForText(/web\s+deploy\s+2\/2/, 60_000);
	await screen.waitForText('read-only: you cannot patch deployments in namespace "default"');

	screen.key('p');
	const pauseRefused = await serverRefusal(VIEWER, 'rollout', 'pause', 'deployment/web');
	assert.equal(
		pauseRefused,
		'deployments.apps "web" is forbidden: User "rollout-dash-viewer" cannot patch resource "deployments" in API group "apps" in the namespace "default"',
	);
	await screen.waitForText(`forbidden: ${pauseRefused}`);
	await waitForRefusedWrites(1);
	assert.equal(await e2e.jsonpath('deployment/web', '.spec.paused', 'default'), '');

	// The same refusal for a restart and a scale, each after its confirmation; each burst typed at once.
	burst(screen, 'Escape', 'R');
	await screen.waitForText('kubectl rollout restart deployment/web -n default');
	screen.key('y');
	await waitForRefusedWrites(2);
	await screen.waitForText(`forbidden: ${pauseRefused}`);
	burst(screen, 'Escape', 's', 'C-u', '5', 'Enter');
	await screen.waitForText('kubectl scale deployment/web --replicas=5 -n default');
	screen.key('y');
	await waitForRefusedWrites(3);
	const scaleRefused = await serverRefusal(VIEWER, 'scale', 'deployment/web', '--replicas=5');
	await screen.waitForText(`forbidden: ${scaleRefused}`);
	burst(screen, 'Escape', 'i', 'C-u', 'nginx:1.26', 'Enter');
	await screen.waitForText('kubectl set image deployment/web nginx=nginx:1.26 -n default');
	screen.key('y');
	await waitForRefusedWrites(4);
	await screen.waitForText(`forbidden: ${pauseRefused}`);

	assert.equal(await e2e.jsonpath('deployment/web', '.spec.replicas', 'default'), '2');
	assert.equal(await e2e.jsonpath('deployment/web', '.spec.paused', 'default'), '');
	assert.equal(await e2e.jsonpath('deployment/web', '.spec.template.metadata.annotations', 'default'), '');
	assert.equal(
		await e2e.jsonpath('deployment/web', '.spec.template.spec.containers[0].image', 'default'),
		'nginx:1.25',
	);
	assert.equal(await e2e.jsonpath('deployment/web', '.metadata.generation', 'default'), '1');
	await quit(screen);
});

test('team-a with -A: a line that every namespace is forbidden, team-a shown, the picker offers it, a write lands', async () => {
	const screen = dashboard(['--context', TEAM_A, '-A']);
	const first = await screen.waitForText(/api\s+deploy\s+1\/1/, 60_000);
	assert.match(first, /namespace: team-a/);
	assert.ok(first.includes(NOTICE), `the notice; screen:\n${first}`);
	assert.doesNotMatch(first, /read-only|web/);

	// The picker offers the namespaces this user may see: team-a, not "all"; 0 says why it stays.
	screen.key('n');
	const picker = await screen.waitForText('Switch namespace');
	assert.match(picker, /team-a\s+current/);
	assert.doesNotMatch(picker, /^\W*all\b/m);
	burst(screen, 'Escape', '0');
	await screen.waitForText('listing all namespaces is forbidden for this user: staying in team-a');

	burst(screen, 's', 'C-u', '3', 'Enter', 'y');
	await screen.waitForText('deployment.apps/api scaled');
	assert.equal(await e2e.jsonpath('deployment/api', '.spec.replicas', 'team-a'), '3');
	screen.key('R');
	await screen.waitForText('kubectl rollout restart deployment/api -n team-a');
	screen.key('y');
	await screen.waitForText('deployment.apps/api restarted');
	const restartedAt = await e2e.jsonpath(
		'deployment/api',
		'.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt',
		'team-a',
	);
	assert.match(restartedAt, /^\d{4}-\d\d-\d\dT/);
	await quit(screen);
});

test(':ctx from every namespace as admin to the team-a context narrows to team-a in place', async () => {
	const screen = dashboard(['-A']);
	await screen.waitForText(/team-a\s+api\s+deploy/, 60_000);
	await screen.waitForText(/default\s+web\s+deploy/);
	burst(screen, `:ctx ${TEAM_A}`, 'Enter');
	await screen.waitForText(`context: ${TEAM_A}`);
	const narrowed = await screen.waitForText(NOTICE);
	assert.match(narrowed, /namespace: team-a/);
	await screen.waitForText(/›?\s*api\s+deploy/);
	assert.doesNotMatch(screen.screen(), /\bweb\b/);
	await quit(screen);
});

test('get -A as team-a: one line on stderr naming the forbidden list and the namespace allowed; -n team-a lists', async () => {
	const cli = (...args: string[]) =>
		runProcess(process.execPath, [bundle, '--kubeconfig', e2e.kubeconfig, '--context', TEAM_A, ...args]);
	const refused = await e2e.kubectlRun('--context', TEAM_A, 'get', 'deployments', '-A');
	assert.notEqual(refused.code, 0);
	const serverLine = /^Error from server \(Forbidden\): (.*)$/m.exec(refused.stderr)?.[1];
	assert.equal(
		serverLine,
		'deployments.apps is forbidden: User "rollout-dash-team-a" cannot list resource "deployments" in API group "apps" at the cluster scope',
	);

	const all = await cli('get', '-A');
	assert.equal(all.code, 1);
	assert.equal(all.stdout, '');
	assert.equal(
		all.stderr,
		`error: listing deployments in all namespaces is forbidden (${serverLine}); namespace "team-a" is allowed: use -n team-a\n`,
	);

	const allowed = await cli('get', '-n', 'team-a');
	assert.equal(allowed.code, 0, allowed.stderr);
	assert.match(allowed.stdout, /^NAME\s+KIND\s+REVISION\s+PHASE/);
	assert.match(allowed.stdout, /\napi\s+deploy\s+\d+\s+\w+/);
	assert.doesNotMatch(allowed.stdout, /\bweb\b/);
});
