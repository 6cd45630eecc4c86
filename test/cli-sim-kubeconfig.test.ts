// The simulator's kubeconfig as kind handles one: a new file is created (0600); an existing kubeconfig gets the
// simulator's entries merged in (mode kept, current-context only with --set-context) and taken out on exit; a file
// that is not a kubeconfig and a symlink out of its folder are refused with one line; `--sim` leaves no temporary
// kubeconfig behind. Real files in a temp dir.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
	chmodSync,
	existsSync,
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {load} from 'js-yaml';
import {installKubeconfig} from '../source/sim/kubeconfig-file.js';
import {kubeconfigEntries} from '../source/sim/api/kubeconfig.js';
import {simulatorUsers} from '../source/sim/api/users.js';
import {cliCommand, repoRoot, runCli, runProcess, startCli} from './helpers/lead-process.js';
import {TmuxSession} from './helpers/lead-tmux.js';
import {waitFor} from './helpers/wait.js';

const entries = () => kubeconfigEntries('https://127.0.0.1:1', 'CA', simulatorUsers());
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'rd-kubeconfig-'));
const names = (config: any, list: string) => (config[list] ?? []).map((entry: any) => entry.name);
const read = (file: string) => load(readFileSync(file, 'utf8')) as any;
const SIM_CONTEXTS = ['rollout-dash-sim', 'rollout-dash-sim-viewer', 'rollout-dash-sim-team-a'];

const EXISTING = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example:6443
contexts:
- name: prod
  context:
    cluster: prod
    user: prod-admin
current-context: prod
users:
- name: prod-admin
  user:
    token: secret
`;

test('a new file gets the entries (0600, the admin context current) and is deleted on removal', () => {
	const file = path.join(tempDir(), 'config');
	const installed = installKubeconfig(file, entries());
	assert.equal(statSync(file).mode & 0o777, 0o600);
	const config = read(file);
	assert.equal(config['current-context'], 'rollout-dash-sim');
	assert.deepEqual(names(config, 'contexts'), SIM_CONTEXTS);
	installed.remove();
	assert.equal(existsSync(file), false);
	assert.deepEqual(readdirSync(path.dirname(file)), [], 'no temporary file left');
});

for (const setContext of [false, true]) {
	test(`an existing kubeconfig is merged into, mode kept, current-context ${setContext ? 'set' : 'untouched'}, and restored`, () => {
		const dir = tempDir();
		const file = path.join(dir, 'config');
		writeFileSync(file, EXISTING);
		chmodSync(file, 0o640);
		const installed = installKubeconfig(file, entries(), {setContext});
		assert.equal(statSync(file).mode & 0o777, 0o640);
		const merged = read(file);
		assert.deepEqual(names(merged, 'clusters'), ['prod', 'rollout-dash-sim']);
		assert.deepEqual(names(merged, 'contexts'), ['prod', ...SIM_CONTEXTS]);
		assert.deepEqual(names(merged, 'users'), ['prod-admin', ...SIM_CONTEXTS]);
		assert.equal(merged['current-context'], setContext ? 'rollout-dash-sim' : 'prod');
		assert.equal(merged.users[0].user.token, 'secret');
		installed.remove();
		assert.deepEqual(read(file), load(EXISTING));
		assert.equal(statSync(file).mode & 0o777, 0o640);
		assert.deepEqual(readdirSync(dir), ['config']);
	});
}

test('stale entries of a simulator that crashed are replaced, not duplicated', () => {
	const file = path.join(tempDir(), 'config');
	installKubeconfig(file, entries()); // never removed, as after a kill -9
	writeFileSync(file, readFileSync(file, 'utf8')); // still a kubeconfig of ours only
	const second = installKubeconfig(file, entries(), {setContext: true});
	assert.deepEqual(names(read(file), 'contexts'), SIM_CONTEXTS);
	second.remove();
	assert.deepEqual(names(read(file), 'contexts'), []);
});

test('a file that is not a kubeconfig is refused with one line and left as it was', () => {
	const dir = tempDir();
	for (const [name, text] of [
		['notes.txt', 'shopping list\n- milk\n'],
		['script.sh', '#!/bin/sh\necho hi\n'],
		['other.yaml', 'kind: Deployment\napiVersion: apps/v1\n'],
		['broken.yaml', 'clusters: [\n'],
	] as const) {
		const file = path.join(dir, name);
		writeFileSync(file, text);
		chmodSync(file, 0o644);
		assert.throws(
			() => installKubeconfig(file, entries()),
			(error: Error) => error.message === `${file} exists and is not a kubeconfig; refusing to overwrite it`,
		);
		assert.equal(readFileSync(file, 'utf8'), text);
		assert.equal(statSync(file).mode & 0o777, 0o644);
	}
	assert.throws(() => installKubeconfig(dir, entries()), /is not a regular file; refusing to write to it/);
	const nowhere = path.join(dir, 'missing-folder', 'config');
	assert.throws(
		() => installKubeconfig(nowhere, entries()),
		(error: Error) => error.message === `cannot write kubeconfig ${nowhere}: its folder does not exist`,
	);
});

test('a symlink is written through to a target in its folder, and refused when the target is elsewhere', () => {
	const dir = tempDir();
	const target = path.join(dir, 'real-config');
	writeFileSync(target, EXISTING);
	chmodSync(target, 0o664);
	const link = path.join(dir, 'config');
	symlinkSync('real-config', link);
	const installed = installKubeconfig(link, entries());
	assert.ok(lstatSync(link).isSymbolicLink(), 'the link stays a link');
	assert.equal(statSync(target).mode & 0o777, 0o664);
	assert.deepEqual(names(read(target), 'contexts'), ['prod', ...SIM_CONTEXTS]);
	installed.remove();
	assert.deepEqual(read(target), load(EXISTING));

	const elsewhere = path.join(tempDir(), 'config');
	writeFileSync(elsewhere, EXISTING);
	chmodSync(elsewhere, 0o644);
	const outLink = path.join(dir, 'out');
	symlinkSync(elsewhere, outLink);
	assert.throws(
		() => installKubeconfig(outLink, entries()),
		(error: Error) =>
			error.message ===
			`${outLink} is a symlink to ${elsewhere}, outside its folder; refusing to write through it (name the target itself with --kubeconfig)`,
	);
	assert.equal(readFileSync(elsewhere, 'utf8'), EXISTING);
	assert.equal(statSync(elsewhere).mode & 0o777, 0o644);
	const sub = path.join(dir, 'sub');
	mkdirSync(sub);
	symlinkSync(path.join(sub, 'missing'), path.join(dir, 'dangling'));
	assert.throws(() => installKubeconfig(path.join(dir, 'dangling'), entries()), /outside its folder/);
	assert.equal(existsSync(path.join(sub, 'missing')), false);
});

test('sim refuses a file that is not a kubeconfig with one error line and a non-zero exit', async () => {
	const file = path.join(tempDir(), 'notes.txt');
	writeFileSync(file, 'not a kubeconfig\n');
	const result = await runCli(['sim', '--kubeconfig', file, '--scenario', 'empty']);
	assert.notEqual(result.code, 0);
	assert.equal(result.stderr, `error: ${file} exists and is not a kubeconfig; refusing to overwrite it\n`);
	assert.equal(readFileSync(file, 'utf8'), 'not a kubeconfig\n');
});

test('sim --set-context merges into an existing kubeconfig that kubectl then uses, and restores it on SIGHUP', async () => {
	const dir = tempDir();
	const file = path.join(dir, 'config');
	writeFileSync(file, EXISTING);
	chmodSync(file, 0o640);
	const sim = startCli(['sim', '--kubeconfig', file, '--set-context', '--scenario', 'empty', '--speed', '20']);
	try {
		await waitFor(() => sim.output().includes(`kubeconfig: ${file}\n`), {
			timeout: 60_000,
			message: () => `stdout: ${sim.output()}\nstderr: ${sim.errors()}`,
		});
		const kubectl = await runProcess('kubectl', [
			'--kubeconfig',
			file,
			'--cache-dir',
			path.join(dir, 'cache'),
			'auth',
			'whoami',
		]);
		assert.equal(kubectl.code, 0, kubectl.stderr);
		assert.match(kubectl.stdout, /Username\s+rollout-dash-admin/);
		assert.equal(statSync(file).mode & 0o777, 0o640);
	} finally {
		sim.child.kill('SIGHUP');
	}
	assert.equal(await sim.exited, 0);
	assert.deepEqual(read(file), load(EXISTING));
	assert.equal(statSync(file).mode & 0o777, 0o640);
});

for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
	test(`--sim removes its temporary kubeconfig (it holds a token) on ${signal}`, async () => {
		const tmp = tempDir();
		// status follows the demo's failing rollout for a while: the process is running when the signal comes.
		const run = startCli(['status', 'checkout', '-n', 'shop', '--sim', '--scenario', 'demo'], {TMPDIR: tmp});
		await waitFor(() => readdirSync(tmp).some(name => existsSync(path.join(tmp, name, 'kubeconfig'))), {
			timeout: 60_000,
			message: () => `tmp: ${readdirSync(tmp).join(', ')}\nstdout: ${run.output()}\nstderr: ${run.errors()}`,
		});
		run.child.kill(signal);
		await run.exited;
		assert.deepEqual(
			readdirSync(tmp).filter(name => name.startsWith('rollout-dash-sim-')),
			[],
			`stderr: ${run.errors()}`,
		);
	});
}

test('--sim removes its temporary kubeconfig when the command ends by itself', async () => {
	const tmp = tempDir();
	const result = await runCli(['get', '--sim', '--scenario', 'empty'], {env: {TMPDIR: tmp}});
	assert.equal(result.code, 0, result.stderr);
	assert.deepEqual(
		readdirSync(tmp).filter(name => name.startsWith('rollout-dash-sim-')),
		[],
	);
});

const simDirs = (tmp: string) => readdirSync(tmp).filter(name => name.startsWith('rollout-dash-sim-'));

for (const key of ['q', 'C-c'] as const) {
	test(`--sim removes its temporary kubeconfig when the dashboard is left with ${key}`, async t => {
		const tmp = tempDir();
		const screen = new TmuxSession(cliCommand(['--sim', '--scenario', 'demo']), {cwd: repoRoot, env: {TMPDIR: tmp}});
		t.after(() => screen.kill());
		await screen.waitForText(/web/, 60_000);
		assert.equal(simDirs(tmp).length, 1, 'the temporary kubeconfig exists while the dashboard runs');
		screen.key(key);
		await waitFor(() => screen.exitStatus() !== undefined, {timeout: 20_000, message: () => screen.scrollback()});
		assert.deepEqual(simDirs(tmp), []);
	});
}

test('the cleanup runs when the process crashes (an uncaught exception)', async () => {
	const dir = tempDir();
	const file = path.join(dir, 'kubeconfig');
	writeFileSync(file, 'token');
	const script = `
		import {rmSync} from 'node:fs';
		import {runOnEveryExit} from ${JSON.stringify(path.join(repoRoot, 'source/sim/exit-cleanup.ts'))};
		runOnEveryExit(() => rmSync(${JSON.stringify(file)}, {force: true}));
		setTimeout(() => { throw new Error('boom'); }, 0);
	`;
	const result = await runProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
	assert.equal(result.code, 1);
	assert.match(result.stderr, /boom/);
	assert.equal(existsSync(file), false);
});
