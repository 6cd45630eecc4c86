// kubeconfigs as kubectl reads them, against the simulator: TLS settings it refuses, a context with a missing user,
// namespaces that cannot be, `tokenFile`, and exec plugins run once per process, renewed after a 401 and stopped
// when they hang.
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, readFileSync, writeFileSync, existsSync} from 'node:fs';
import path from 'node:path';
import {connect, openConnection, verifyConnection} from '../source/cluster/connect.js';
import {runGet} from '../source/commands/get.js';
import {UserError} from '../source/errors.js';
import {runCli} from './helpers/lead-process.js';
import {createDeployment, startTestCluster, type TestCluster} from './helpers/model-sim.js';

let cluster: TestCluster;
let caData: string;

before(async () => {
	cluster = await startTestCluster();
	await createDeployment(cluster, 'web', 'nginx:1.17', 1);
	caData = cluster.connection.kubeConfig.getCurrentCluster()!.caData!;
});

after(async () => {
	await cluster?.close();
});

let files = 0;
/** A kubeconfig for the simulator with these cluster and user lines (and optionally another context). */
function kubeconfig(clusterLines: string[], userLines: string[], extra: string[] = []): string {
	const file = path.join(cluster.dir, `kubeconfig-${++files}`);
	const lines = [
		'apiVersion: v1',
		'kind: Config',
		'clusters:',
		'- name: sim',
		'  cluster:',
		`    server: ${cluster.sim.url}`,
		...clusterLines,
		'users:',
		'- name: me',
		'  user:',
		...userLines,
		'contexts:',
		'- name: main',
		'  context: {cluster: sim, user: me}',
		...extra,
		'current-context: main',
	];
	writeFileSync(file, `${lines.join('\n')}\n`);
	return file;
}

const withCa = [`    certificate-authority-data: ${'CA'}`];
const token = () => [`    token: ${cluster.sim.token}`];

function sink() {
	let text = '';
	return {
		write: (chunk: string) => (text += chunk),
		get text() {
			return text;
		},
	};
}

describe('refused before any request, in kubectl’s words', () => {
	it('insecure-skip-tls-verify together with a CA', () => {
		const file = kubeconfig(
			[`    certificate-authority-data: ${caData}`, '    insecure-skip-tls-verify: true'],
			token(),
		);
		assert.throws(
			() => openConnection({kubeconfig: file}),
			(error: Error) =>
				error instanceof UserError &&
				error.message === 'specifying a root certificates file with the insecure flag is not allowed',
		);
	});

	it('a context naming a user the kubeconfig lacks', async () => {
		const file = kubeconfig([`    certificate-authority-data: ${caData}`], token(), [
			'- name: ghost',
			'  context: {cluster: sim, user: nobody}',
		]);
		await assert.rejects(connect({kubeconfig: file, context: 'ghost'}), {
			message: 'invalid configuration: user "nobody" was not found for context "ghost"',
		});
	});

	for (const [namespace, message] of [
		['..', `invalid namespace "..": [may not be '..']`],
		['.', `invalid namespace ".": [may not be '.']`],
		['a/b', `invalid namespace "a/b": [may not contain '/']`],
		['Shop', /^invalid namespace "Shop": a lowercase RFC 1123 label must consist of/],
	] as const) {
		it(`the namespace ${JSON.stringify(namespace)}`, async () => {
			await assert.rejects(connect({kubeconfig: cluster.kubeconfigPath, namespace}), (error: Error) => {
				assert.ok(error instanceof UserError, String(error));
				if (typeof message === 'string') assert.equal(error.message, message);
				else assert.match(error.message, message);
				return true;
			});
		});
	}

	it('rollout-dash get -n .. is one line and exit 1, not every namespace', async () => {
		const result = await runCli(['get', '-n', '..', '--kubeconfig', cluster.kubeconfigPath], {timeoutMs: 60_000});
		assert.equal(result.code, 1);
		assert.equal(result.stdout, '');
		assert.equal(result.stderr, `error: invalid namespace "..": [may not be '..']\n`);
	});

	it('-A with the context’s namespace is not a namespace question', async () => {
		const connection = await connect({kubeconfig: cluster.kubeconfigPath, allNamespaces: true});
		assert.equal(connection.allNamespaces, true);
	});

	it('the CA alone still verifies the server (withCa placeholder is not a CA)', () => {
		const file = kubeconfig(withCa, token());
		assert.doesNotThrow(() => openConnection({kubeconfig: file}));
	});
});

describe('tokenFile', () => {
	it('is read, relative to the kubeconfig', async () => {
		writeFileSync(path.join(cluster.dir, 'sim-token'), `${cluster.sim.token}\n`);
		const file = kubeconfig([`    certificate-authority-data: ${caData}`], ['    tokenFile: sim-token']);
		const connection = await connect({kubeconfig: file});
		const out = sink();
		assert.equal(await runGet(connection, {output: 'table', out}), 0);
		assert.match(out.text, /^web /m);
	});

	it('a missing one is "no such file", not 401', async () => {
		const missing = path.join(cluster.dir, 'no-such-token');
		const file = kubeconfig([`    certificate-authority-data: ${caData}`], [`    tokenFile: ${missing}`]);
		await assert.rejects(connect({kubeconfig: file}), (error: Error) => {
			assert.match(error.message, new RegExp(`open ${missing}: no such file or directory`));
			assert.doesNotMatch(error.message, /unauthorized|401/i);
			return true;
		});
	});
});

describe('exec plugins', () => {
	/** A plugin that appends a line to `runs` each time, then prints the credential `script` chooses. */
	function plugin(name: string, body: string): {file: string; runs: () => number} {
		const runs = path.join(cluster.dir, `${name}.runs`);
		const file = path.join(cluster.dir, `${name}.sh`);
		writeFileSync(file, `#!/bin/sh\necho run >> '${runs}'\nn=$(wc -l < '${runs}')\n${body}\n`);
		chmodSync(file, 0o755);
		return {file, runs: () => (existsSync(runs) ? readFileSync(runs, 'utf8').split('\n').length - 1 : 0)};
	}
	const credential = (tokenExpression: string) =>
		`printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}' "${tokenExpression}"`;
	const execUser = (file: string) => [
		'    exec:',
		'      apiVersion: client.authentication.k8s.io/v1beta1',
		`      command: ${file}`,
		'      interactiveMode: Never',
	];

	it('a credential without expirationTimestamp is obtained once for the process', async () => {
		const {file, runs} = plugin('once', credential(cluster.sim.token));
		const connection = await connect({
			kubeconfig: kubeconfig([`    certificate-authority-data: ${caData}`], execUser(file)),
		});
		const out = sink();
		assert.equal(await runGet(connection, {output: 'table', out}), 0);
		assert.equal(await runGet(connection, {output: 'json', out: sink()}), 0);
		assert.match(out.text, /^web /m);
		assert.equal(runs(), 1);
	});

	it('is run again after a 401, and the request succeeds', async () => {
		// The first run hands out a token the server refuses; later runs the right one.
		const {file, runs} = plugin(
			'renewed',
			`if [ "$n" -eq 1 ]; then ${credential('stale-token')}; else ${credential(cluster.sim.token)}; fi`,
		);
		const connection = await connect({
			kubeconfig: kubeconfig([`    certificate-authority-data: ${caData}`], execUser(file)),
		});
		assert.equal(await runGet(connection, {output: 'table', out: sink()}), 0);
		assert.equal(runs(), 2);
	});

	it('a plugin that hangs is stopped at the deadline with one clear line', async () => {
		const {file, runs} = plugin('hangs', 'exec sleep 600');
		const connection = openConnection({
			kubeconfig: kubeconfig([`    certificate-authority-data: ${caData}`], execUser(file)),
		});
		connection.kubeConfig.execTimeoutMs = 300;
		await assert.rejects(verifyConnection(connection), (error: Error) => {
			assert.ok(error instanceof UserError);
			assert.match(error.message, new RegExp(`exec plugin "${file}" gave no credential within 300ms; it was stopped`));
			assert.doesNotMatch(error.message, /\n/);
			return true;
		});
		assert.equal(runs(), 1);
	});
});
