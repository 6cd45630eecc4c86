// The package as users install it: packed with `npm pack` (from a copy of the project, so that this test's build does
// not replace the dist/ other tests run), installed offline into an empty folder, then run through its bins.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {cpSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {spawn} from 'node:child_process';
import {repoRoot, type RunResult} from './helpers/lead-process.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const MAX_PACKAGES = 5;
const MAX_BYTES = 25 * 1024 * 1024;

/** Runs a command to completion with no stdin (the programs here exit before reading any), bounded by timeoutMs. */
function runProcess(
	command: string,
	args: string[],
	options: {cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number},
): Promise<RunResult> {
	const timeoutMs = options.timeoutMs ?? 120_000;
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: {...process.env, ...options.env},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr.on('data', chunk => (stderr += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
		}, timeoutMs);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({code, signal, stdout, stderr});
		});
	});
}

function sizeOf(dir: string): number {
	let total = 0;
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) total += sizeOf(full);
		else if (entry.isFile()) total += statSync(full).size;
	}
	return total;
}

/** The packages npm installed (node_modules/NAME and node_modules/@scope/NAME, nested ones too). */
function installedPackages(nodeModules: string): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(nodeModules, {withFileTypes: true})) {
		if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
		const dirs = entry.name.startsWith('@')
			? readdirSync(path.join(nodeModules, entry.name)).map(name => path.join(entry.name, name))
			: [entry.name];
		for (const dir of dirs) {
			found.push(dir);
			const nested = path.join(nodeModules, dir, 'node_modules');
			try {
				found.push(...installedPackages(nested));
			} catch {
				// no nested node_modules
			}
		}
	}
	return found;
}

async function packFromCopy(): Promise<string> {
	const copy = mkdtempSync(path.join(tmpdir(), 'rd-pack-src-'));
	for (const entry of ['package.json', 'LICENSE', 'README.md', 'tsconfig.json', 'source']) {
		cpSync(path.join(repoRoot, entry), path.join(copy, entry), {recursive: true});
	}
	symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
	const packed = await runProcess(npm, ['pack', '--json', '--pack-destination', copy], {cwd: copy, timeoutMs: 300_000});
	assert.equal(packed.code, 0, packed.stderr);
	assert.equal(
		readFileSync(path.join(copy, 'package.json'), 'utf8'),
		readFileSync(path.join(repoRoot, 'package.json'), 'utf8'),
	);
	const [{filename, files}] = JSON.parse(packed.stdout) as [{filename: string; files: {path: string}[]}];
	const paths = files.map(file => file.path);
	assert.ok(paths.includes('LICENSE'), 'the package carries LICENSE');
	assert.ok(paths.includes('dist/THIRD-PARTY-NOTICES.txt'), 'the package carries the notices');
	assert.ok(paths.includes('dist/kubectl-rollout_dash.js'), 'the package carries the kubectl plugin');
	assert.ok(paths.includes('dist/kubectl_complete-rollout_dash.js'), "and the plugin's completion for kubectl");
	assert.deepEqual(
		paths.filter(file => file.endsWith('.map')),
		[],
		'no source maps in the package',
	);
	return path.join(copy, filename);
}

test('the packed tarball installs offline as one small package and runs', {timeout: 600_000}, async () => {
	const tarball = await packFromCopy();
	const home = mkdtempSync(path.join(tmpdir(), 'rd-pack-home-'));
	const project = mkdtempSync(path.join(tmpdir(), 'rd-pack-install-'));
	writeFileSync(path.join(project, 'package.json'), '{"name": "consumer", "version": "1.0.0", "private": true}\n');
	const installed = await runProcess(npm, ['install', '--offline', '--no-audit', '--no-fund', tarball], {
		cwd: project,
		timeoutMs: 300_000,
	});
	assert.equal(installed.code, 0, installed.stderr);
	assert.doesNotMatch(installed.stdout + installed.stderr, /install-scripts|prepare/i, 'no install-script warning');

	const nodeModules = path.join(project, 'node_modules');
	const packages = installedPackages(nodeModules);
	assert.ok(packages.length <= MAX_PACKAGES, `installed ${packages.length} packages: ${packages.join(', ')}`);
	const bytes = sizeOf(nodeModules);
	assert.ok(bytes < MAX_BYTES, `node_modules holds ${(bytes / 1e6).toFixed(1)} MB`);
	const manifest = JSON.parse(readFileSync(path.join(nodeModules, 'rollout-dash', 'package.json'), 'utf8'));
	assert.equal(manifest.scripts, undefined, 'the installed package.json carries no scripts');
	assert.equal(manifest.dependencies, undefined, 'the bundle needs no dependencies');

	const bin = path.join(nodeModules, '.bin');
	const env = {PATH: `${bin}${path.delimiter}${process.env['PATH']}`, HOME: home, KUBECONFIG: ''};
	const version = await runProcess('rollout-dash', ['--version'], {cwd: project, env});
	assert.equal(version.code, 0, version.stderr);
	assert.equal(version.stdout.trim(), JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);

	const get = await runProcess('rollout-dash', ['get', '--sim'], {cwd: project, env});
	assert.equal(get.code, 0, get.stderr);
	assert.match(get.stdout, /^NAME\s+KIND\s+REVISION\s+PHASE/);
	assert.match(get.stdout, /\nweb\s+deploy\s+\d+\s+/);

	const plugin = await runProcess('kubectl', ['rollout-dash', 'get', '--sim', '-n', 'shop'], {cwd: project, env});
	assert.equal(plugin.code, 0, plugin.stderr);
	assert.match(plugin.stdout, /^NAME\s+KIND\s+REVISION\s+PHASE/);
	assert.match(plugin.stdout, /\ncheckout\s/);
	assert.doesNotMatch(plugin.stdout, /\nweb\s/, 'kubectl passed -n shop through to the plugin');

	const pluginHelp = await runProcess('kubectl', ['rollout-dash', 'get', '--help'], {cwd: project, env});
	assert.equal(pluginHelp.code, 0, pluginHelp.stderr);
	assert.match(pluginHelp.stdout, /\$ kubectl rollout-dash get \[TYPE\[\/NAME\]\] \[flags\]/);
	const pluginMistake = await runProcess('kubectl', ['rollout-dash', 'get', '--frob'], {cwd: project, env});
	assert.equal(pluginMistake.code, 2);
	assert.equal(pluginMistake.stderr, "error: unknown flag: --frob\nSee 'kubectl rollout-dash get --help' for usage.\n");

	// kubectl's own completion asks the plugin's kubectl_complete-rollout_dash.
	const pluginCompletion = await runProcess('kubectl', ['__complete', 'rollout-dash', 'get', '--out'], {
		cwd: project,
		env,
	});
	assert.equal(pluginCompletion.code, 0, pluginCompletion.stderr);
	assert.deepEqual(pluginCompletion.stdout.trim().split('\n'), ['--output', ':4']);

	const completion = await runProcess('rollout-dash', ['completion', 'bash'], {cwd: project, env});
	assert.equal(completion.code, 0, completion.stderr);
	const script = path.join(project, 'completion.bash');
	writeFileSync(script, completion.stdout);
	const syntax = await runProcess('bash', ['-n', script], {cwd: project});
	assert.equal(syntax.code, 0, syntax.stderr);
	assert.match(completion.stdout, /complete -F \S+ rollout-dash/);
});

test('the krew manifest names this version and the plugin the package ships', async () => {
	const {default: yaml} = await import('js-yaml');
	const manifest = yaml.load(readFileSync(path.join(repoRoot, 'plugins', 'rollout-dash.yaml'), 'utf8')) as any;
	const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	assert.equal(manifest.kind, 'Plugin');
	assert.equal(manifest.metadata.name, 'rollout-dash');
	assert.equal(manifest.spec.version, `v${pkg.version}`);
	for (const platform of manifest.spec.platforms) {
		assert.equal(platform.uri, `https://registry.npmjs.org/rollout-dash/-/rollout-dash-${pkg.version}.tgz`);
		assert.match(platform.sha256, /^[0-9a-f]{64}$/);
		// npm tarballs hold the package under package/; the manifest copies dist/ and points at the plugin's entry.
		assert.deepEqual(platform.files[0], {from: 'package/dist/*', to: 'dist'});
		assert.equal(platform.bin, pkg.bin['kubectl-rollout_dash']);
	}
});
