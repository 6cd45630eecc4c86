// The command line as a user meets it: help, usage errors, and one-line errors for a bad environment.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {runCli} from './helpers/lead-process.js';
import {parseDuration} from '../source/cli.js';

const emptyHome = () => mkdtempSync(path.join(tmpdir(), 'rd-home-'));

/** A kubeconfig with one context, "a", for the given server. */
function kubeconfigFor(server: string): string {
	const file = path.join(emptyHome(), 'config');
	writeFileSync(
		file,
		[
			'apiVersion: v1',
			'kind: Config',
			'current-context: a',
			`clusters: [{name: c, cluster: {server: "${server}"}}]`,
			'users: [{name: u, user: {token: t}}]',
			'contexts: [{name: a, context: {cluster: c, user: u}}]',
			'',
		].join('\n'),
	);
	return file;
}

/** A one-line error: `error: …` on stderr, nothing that looks like a stack trace. */
function assertOneLineError(stderr: string, pattern: RegExp): void {
	const lines = stderr.trim().split('\n');
	assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
	assert.match(lines[0]!, /^error: /);
	assert.match(lines[0]!, pattern);
	assert.doesNotMatch(stderr, /\n\s+at /);
}

test('--help explains every command and flag', async () => {
	const {code, stdout} = await runCli(['--help']);
	assert.equal(code, 0);
	for (const word of [
		'get',
		'history',
		'status',
		'sim',
		'--kubeconfig',
		'--context',
		'--namespace',
		'--all-namespaces',
		'--sim',
		'--readonly',
		'--no-color',
		'--output',
		'--timeout',
		'--port',
		'--scenario',
		'--speed',
	]) {
		assert.ok(stdout.includes(word), `help lacks ${word}`);
	}
});

test('usage errors exit 2 with one error line and the hint', async () => {
	const usage = (stderr: string, pattern: RegExp, hint = "See 'rollout-dash --help' for usage.") => {
		const lines = stderr.trim().split('\n');
		assert.equal(lines.length, 2, `expected two lines, got:\n${stderr}`);
		assert.match(lines[0]!, /^error: /);
		assert.match(lines[0]!, pattern);
		assert.equal(lines[1], hint);
	};
	const unknownFlag = await runCli(['--frobnicate']);
	assert.equal(unknownFlag.code, 2);
	usage(unknownFlag.stderr, /unknown flag: --frobnicate/);
	const badOutput = await runCli(['get', '-o', 'yaml']);
	assert.equal(badOutput.code, 2);
	usage(badOutput.stderr, /--output must be table or json/, "See 'rollout-dash get --help' for usage.");
	const unknownCommand = await runCli(['frob']);
	assert.equal(unknownCommand.code, 2);
	usage(unknownCommand.stderr, /unknown command "frob"/);
	const noName = await runCli(['history', '--sim', '--scenario', 'empty']);
	assert.equal(noName.code, 2);
	usage(
		noName.stderr,
		/history needs a NAME \(rollout-dash history \[TYPE\/\]NAME \[flags\]\)/,
		"See 'rollout-dash history --help' for usage.",
	);
});

test('no kubeconfig at all: one line that suggests --sim, exit 1', async () => {
	const home = emptyHome();
	const {code, stderr} = await runCli(['get'], {env: {HOME: home, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: ''}});
	assert.equal(code, 1);
	assertOneLineError(stderr, /--sim/);
});

test('a kubeconfig path that does not exist is named in the error', async () => {
	const missing = path.join(emptyHome(), 'nope.yaml');
	const {code, stderr} = await runCli(['get', '--kubeconfig', missing]);
	assert.equal(code, 1);
	assertOneLineError(stderr, /nope\.yaml/);
});

test('an unknown context is reported with the known ones', async () => {
	const file = kubeconfigFor('https://127.0.0.1:1');
	const {code, stderr} = await runCli(['get', '--kubeconfig', file, '--context', 'prod']);
	assert.equal(code, 1);
	assertOneLineError(stderr, /prod/);
});

test('an unreachable server is named', async () => {
	const file = kubeconfigFor('https://127.0.0.1:9');
	const {code, stderr} = await runCli(['get', '--kubeconfig', file]);
	assert.equal(code, 1);
	assertOneLineError(stderr, /127\.0\.0\.1:9/);
});

test('kubectl-style durations', () => {
	const cases: Array<[string, number]> = [
		['90s', 90_000],
		['5m', 300_000],
		['1h30m', 5_400_000],
		['1.5m', 90_000],
		['250ms', 250],
		['2', 2000],
		['0', 0],
		['0s', 0],
		['+1s', 1000],
	];
	for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
	assert.throws(() => parseDuration('5 minutes'), /invalid value/);
	assert.throws(() => parseDuration('m5'), /invalid value/);
	assert.throws(() => parseDuration('-5s'), /cannot be negative/);
	assert.throws(() => parseDuration('-1'), /cannot be negative/);
});
