// Shell completion: the candidates (commands, flags, values from the kubeconfig and the cluster), the scripts' syntax,
// and the bash script completing for real against the simulator.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {spawnSync} from 'node:child_process';
import {type CompletionSource, complete, FILES, NO_FILES} from '../source/cli/complete.js';
import {COMPLETION_SCRIPTS} from '../source/commands/completion.js';
import {repoRoot, runCli, runProcess} from './helpers/lead-process.js';
import {startTestSimulator} from './helpers/sim-client.js';

const fake: CompletionSource = {
	contexts: async flags => (flags.get('kubeconfig') === 'other' ? ['other-ctx'] : ['prod', 'staging']),
	clusters: async () => ['c1'],
	users: async () => ['admin'],
	namespaces: async flags => (flags.get('context') === 'prod' ? ['shop', 'default'] : ['default']),
	workloads: async (kind, flags) =>
		kind === 'StatefulSet'
			? ['db', 'cache']
			: kind === 'DaemonSet'
				? ['agent']
				: flags.get('namespace') === 'shop'
					? ['checkout', 'cart', 'evil\u001bname']
					: ['web'],
};

test('completion candidates, table-driven', async () => {
	const cases: Array<[string[], string[], number?]> = [
		[[''], ['get', 'history', 'status', 'sim', 'completion']],
		[['h'], ['history']],
		[['get', '--o'], ['--output']],
		[
			['get', '-o', ''],
			['table', 'json'],
		],
		[['get', '--output=j'], ['--output=json']],
		[
			['--context', ''],
			['prod', 'staging'],
		],
		[['--kubeconfig', 'other', '--context', ''], ['other-ctx']],
		[['--context=s'], ['--context=staging']],
		[
			['--context', 'prod', '-n', ''],
			['shop', 'default'],
		],
		[
			['-n', 'shop', 'history', 'c'],
			['checkout', 'cart'],
		],
		[
			['status', '-n', 'shop', ''],
			['checkout', 'cart'],
		],
		[['history', 'web', ''], []],
		[
			['history', 'sts/'],
			['sts/db', 'sts/cache'],
		],
		[['status', 'daemonset/a'], ['daemonset/agent']],
		[['history', 'deploy/w'], ['deploy/web']],
		[['history', 'nope/'], []],
		[
			['get', ''],
			['deploy', 'sts', 'ds', 'all'],
		],
		[['get', 's'], ['sts']],
		[['get', 'sts/c'], ['sts/cache']],
		[
			['completion', ''],
			['bash', 'zsh', 'fish'],
		],
		[['--cluster', ''], ['c1']],
		[['--user', ''], ['admin']],
		[
			['sim', '--scenario', ''],
			['demo', 'empty'],
		],
		[['--kubeconfig', ''], [], FILES],
		[['get', '-l', ''], []],
	];
	for (const [words, expected, directive = NO_FILES] of cases) {
		const result = await complete(words, fake);
		assert.deepEqual(result.candidates, expected, words.join(' '));
		assert.equal(result.directive, directive, `${words.join(' ')}: directive`);
	}
	const flags = (await complete(['history', '-'], fake)).candidates;
	assert.ok(
		flags.includes('--namespace') && flags.includes('--context') && !flags.includes('--readonly'),
		flags.join(),
	);
	const failing: CompletionSource = {...fake, namespaces: () => Promise.reject(new Error('unreachable'))};
	assert.deepEqual((await complete(['-n', ''], failing)).candidates, []);
});

test('__complete reads contexts, namespaces and deployments from the simulator', async () => {
	const sim = await startTestSimulator({scenario: 'demo'});
	try {
		const run = async (words: string[]) => {
			const result = await runCli(['__complete', '--kubeconfig', sim.kubeconfigPath, ...words]);
			assert.equal(result.code, 0, result.stderr);
			return result.stdout.trim().split('\n');
		};
		assert.deepEqual(await run(['--context', '']), [
			'rollout-dash-sim',
			'rollout-dash-sim-viewer',
			'rollout-dash-sim-team-a',
			':4',
		]);
		const namespaces = await run(['-n', '']);
		assert.ok(namespaces.includes('shop') && namespaces.includes('default'), namespaces.join());
		assert.deepEqual(await run(['-n', 'shop', 'history', 'ch']), ['checkout', ':4']);
		assert.deepEqual(await run(['status', 'w']), ['web', 'worker', ':4']);
	} finally {
		await sim.close();
	}
});

test('completion scripts: valid syntax, and an unknown shell is a usage error', async () => {
	for (const shell of ['bash', 'zsh', 'fish']) {
		const {code, stdout} = await runCli(['completion', shell]);
		assert.equal(code, 0);
		assert.equal(stdout, COMPLETION_SCRIPTS[shell]);
		const available = spawnSync(shell, ['-c', 'true']).status === 0;
		if (!available) continue;
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'rd-completion-')), `script.${shell}`);
		writeFileSync(file, stdout);
		const check = spawnSync(shell, ['-n', file], {encoding: 'utf8'});
		assert.equal(check.status, 0, `${shell} -n: ${check.stderr}`);
	}
	const tcsh = await runCli(['completion', 'tcsh']);
	assert.equal(tcsh.code, 2);
	assert.match(tcsh.stderr, /^error: completion supports bash, zsh and fish, not "tcsh"\n/);
});

/**
 * Runs `shell -c` with a completion script sourced and `rollout-dash` (from source) first on the PATH, while the
 * demo simulator answers (asynchronously: it runs in this process). `driver` gets the script's and the kubeconfig's paths.
 */
async function completeInShell(shell: 'bash' | 'fish', driver: (script: string, kubeconfig: string) => string) {
	const sim = await startTestSimulator({scenario: 'demo'});
	try {
		const bin = mkdtempSync(path.join(tmpdir(), `rd-completion-${shell}-`));
		const program = path.join(bin, 'rollout-dash');
		writeFileSync(
			program,
			`#!/bin/sh\ncd '${repoRoot}' && exec '${process.execPath}' --import tsx source/bin.ts "$@"\n`,
		);
		chmodSync(program, 0o755);
		const script = path.join(bin, `completion.${shell}`);
		writeFileSync(script, COMPLETION_SCRIPTS[shell]!);
		const result = await runProcess(shell, ['-c', driver(script, sim.kubeconfigPath)], {
			env: {PATH: `${bin}${path.delimiter}${process.env['PATH']}`},
			timeoutMs: 120_000,
		});
		assert.equal(result.code, 0, result.stderr);
		return result.stdout.trim().split('\n');
	} finally {
		await sim.close();
	}
}

test('the bash script completes deployment names from the cluster', async () => {
	const lines = await completeInShell('bash', (script, kubeconfig) =>
		[
			`source '${script}'`,
			`COMP_WORDS=(rollout-dash --kubeconfig '${kubeconfig}' -n shop history c)`,
			'COMP_CWORD=6',
			'__rollout_dash_complete',
			`printf '%s\\n' "\${COMPREPLY[@]}"`,
		].join('\n'),
	);
	assert.deepEqual(lines, ['checkout']);
});

const hasFish = spawnSync('fish', ['-c', 'true']).status === 0;

test('the fish script completes commands, flags and deployment names', {
	skip: !hasFish && 'fish is not installed',
}, async () => {
	const lines = await completeInShell('fish', (script, kubeconfig) =>
		[
			`source '${script}'`,
			"complete -C 'rollout-dash h'",
			"complete -C 'rollout-dash get --o'",
			`complete -C 'rollout-dash --kubeconfig ${kubeconfig} -n shop history ch'`,
		].join('; '),
	);
	assert.deepEqual(lines, ['history', '--output', 'checkout']);
});
