// connect(): kubeconfig discovery and merging like kubectl, and the promised one-line errors.
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {connect} from '../source/cluster/connect.js';
import {UserError} from '../source/errors.js';
import {startTestCluster, type TestCluster} from './helpers/model-sim.js';

let cluster: TestCluster;
let dir: string;
let closedPort: number;
let ca: string;

before(async () => {
	cluster = await startTestCluster();
	dir = mkdtempSync(path.join(tmpdir(), 'rollout-dash-connect-'));
	ca = /certificate-authority-data: (\S+)/.exec(cluster.sim.kubeconfig)![1]!;
	// A port nothing listens on: bind one, then close it.
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	closedPort = (server.address() as net.AddressInfo).port;
	await new Promise<void>(resolve => server.close(() => resolve()));
});

after(async () => {
	await cluster?.close();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

interface Entry {
	context: string;
	server: string;
	user: string;
	namespace?: string;
	ca?: string;
	token?: string;
	exec?: string;
}

function kubeconfig(file: string, entries: Entry[], current?: string): string {
	const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
	for (const e of entries) {
		lines.push(`- name: ${e.context}-cluster`, '  cluster:', `    server: ${e.server}`);
		if (e.ca) lines.push(`    certificate-authority-data: ${e.ca}`);
	}
	lines.push('contexts:');
	for (const e of entries) {
		lines.push(`- name: ${e.context}`, '  context:', `    cluster: ${e.context}-cluster`, `    user: ${e.user}`);
		if (e.namespace) lines.push(`    namespace: ${e.namespace}`);
	}
	lines.push('users:');
	for (const e of entries) {
		lines.push(`- name: ${e.user}`, '  user:');
		if (e.token) lines.push(`    token: ${e.token}`);
		if (e.exec)
			lines.push(
				'    exec:',
				'      apiVersion: client.authentication.k8s.io/v1beta1',
				`      command: ${e.exec}`,
				'      interactiveMode: Never',
			);
	}
	if (current) lines.push(`current-context: ${current}`);
	const target = path.join(dir, file);
	writeFileSync(target, `${lines.join('\n')}\n`, {mode: 0o600});
	return target;
}

const sim = (context: string, extra: Partial<Entry> = {}): Entry => ({
	context,
	server: cluster.sim.url,
	user: `${context}-user`,
	ca,
	token: cluster.sim.token,
	...extra,
});

async function rejection(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof UserError, `a UserError, not ${String(error)}`);
		assert.doesNotMatch(error.message, /\n/, 'one line');
		return error.message;
	}
	assert.fail('connect() should have failed');
}

test('no kubeconfig at all: suggests --sim and never falls back to localhost:8080', async () => {
	const home = mkdtempSync(path.join(dir, 'home-'));
	const message = await rejection(connect({env: {HOME: home}}));
	assert.match(message, /^no kubeconfig: .*\.kube\/config does not exist.*--sim/);
	const listed = await rejection(
		connect({env: {HOME: home, KUBECONFIG: [path.join(dir, 'a'), path.join(dir, 'b')].join(path.delimiter)}}),
	);
	assert.match(listed, /^no kubeconfig: none of the KUBECONFIG files exist/);
	assert.equal(
		await rejection(connect({kubeconfig: path.join(dir, 'missing')})),
		`kubeconfig "${path.join(dir, 'missing')}" does not exist`,
	);
});

test('KUBECONFIG is a merged list: missing files skipped, first current-context wins', async () => {
	const first = kubeconfig(
		'first',
		[{context: 'far', server: `https://127.0.0.1:${closedPort}`, user: 'far-user', token: 'x'}],
		'near',
	);
	const second = kubeconfig('second', [sim('near', {namespace: 'kube-system'})], 'far');
	const env = {HOME: dir, KUBECONFIG: [first, path.join(dir, 'nothing-here'), second].join(path.delimiter)};
	const connection = await connect({env});
	assert.equal(connection.context, 'near');
	assert.equal(connection.namespace, 'kube-system', 'the context namespace');
	assert.equal(connection.server, cluster.sim.url);
	assert.equal((await connect({env, namespace: 'default'})).namespace, 'default', '--namespace wins');
	const unreachable = await rejection(connect({env, context: 'far', timeoutMs: 5000}));
	assert.match(
		unreachable,
		new RegExp(
			`^cannot reach the API server https://127\\.0\\.0\\.1:${closedPort} \\(context "far"\\): .*ECONNREFUSED`,
		),
	);
	const unknown = await rejection(connect({env, context: 'nope'}));
	assert.equal(unknown, 'context "nope" does not exist in the kubeconfig (known contexts: far, near)');
});

test('namespace defaults to "default" and an unknown one is refused', async () => {
	const file = kubeconfig('plain', [sim('plain')], 'plain');
	assert.equal((await connect({kubeconfig: file})).namespace, 'default');
	assert.equal(await rejection(connect({kubeconfig: file, namespace: 'nope'})), 'namespaces "nope" not found');
	const all = await connect({kubeconfig: file, namespace: 'nope', allNamespaces: true});
	assert.equal(all.allNamespaces, true);
});

test('TLS failure, bad token and 403 each give their own line', async () => {
	const noCa = kubeconfig('no-ca', [sim('no-ca', {ca: undefined})], 'no-ca');
	assert.match(
		await rejection(connect({kubeconfig: noCa})),
		/^TLS handshake with the API server https:\/\/127\.0\.0\.1:\d+ \(context "no-ca"\) failed: /,
	);
	const badToken = kubeconfig('bad-token', [sim('bad-token', {token: 'wrong'})], 'bad-token');
	assert.equal(
		await rejection(connect({kubeconfig: badToken})),
		`unauthorized: the API server ${cluster.sim.url} (context "bad-token") rejected the credentials of user "bad-token-user"`,
	);
	const file = kubeconfig('forbidden', [sim('forbidden')], 'forbidden');
	cluster.sim.faults.failNextRequests(1, 403, /deployments\?limit=1/);
	assert.match(await rejection(connect({kubeconfig: file})), /^forbidden: /);
});

test('exec credential plugins work as in kubectl', async () => {
	const plugin = path.join(dir, 'credential-plugin.sh');
	const credential = JSON.stringify({
		apiVersion: 'client.authentication.k8s.io/v1beta1',
		kind: 'ExecCredential',
		status: {token: cluster.sim.token},
	});
	writeFileSync(plugin, `#!/bin/sh\necho '${credential}'\n`);
	chmodSync(plugin, 0o755);
	const file = kubeconfig('exec', [sim('exec', {token: undefined, exec: plugin})], 'exec');
	const connection = await connect({kubeconfig: file});
	assert.equal(connection.user, 'exec-user');
	const list = await connection.client.request<{items: unknown[]}>('/apis/apps/v1/namespaces/default/deployments');
	assert.ok(Array.isArray(list.items));
});
