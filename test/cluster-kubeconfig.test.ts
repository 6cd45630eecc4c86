// Our light KubeConfig against client-node's own: the same parsing, and the same TLS options and credentials applied.
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import type https from 'node:https';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {KubeConfig as FullKubeConfig} from '@kubernetes/client-node';
import {KubeConfig} from '../source/cluster/kubeconfig.js';

let dir: string;

before(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'rollout-dash-kubeconfig-'));
	writeFileSync(path.join(dir, 'ca.crt'), 'CA FROM FILE');
	writeFileSync(path.join(dir, 'client.crt'), 'CERT FROM FILE');
	writeFileSync(path.join(dir, 'client.key'), 'KEY FROM FILE');
	writeFileSync(path.join(dir, 'token'), 'token-from-file\n');
	const credential = JSON.stringify({
		apiVersion: 'client.authentication.k8s.io/v1beta1',
		kind: 'ExecCredential',
		status: {token: 'exec-token'},
	});
	writeFileSync(path.join(dir, 'plugin.sh'), `#!/bin/sh\necho '${credential}'\n`);
	chmodSync(path.join(dir, 'plugin.sh'), 0o755);
});

after(() => {
	if (dir) rmSync(dir, {recursive: true, force: true});
});

const b64 = (text: string) => Buffer.from(text).toString('base64');

const USERS: Record<string, string[]> = {
	token: ['    token: abc'],
	'client certificate (data)': [`    client-certificate-data: ${b64('CERT')}`, `    client-key-data: ${b64('KEY')}`],
	'client certificate (relative files)': ['    client-certificate: client.crt', '    client-key: client.key'],
	'basic auth': ['    username: admin', '    password: secret'],
	impersonation: ['    token: abc', '    as: someone'],
	'exec plugin': [
		'    exec:',
		'      apiVersion: client.authentication.k8s.io/v1beta1',
		`      command: ${'PLUGIN'}`,
		'      interactiveMode: Never',
	],
	'token file': ['    tokenFile: token'],
};

const CLUSTERS: Record<string, string[]> = {
	'CA data': ['    server: https://127.0.0.1:6443', `    certificate-authority-data: ${b64('CA')}`],
	'CA file, server name': [
		'    server: https://127.0.0.1:6443',
		'    certificate-authority: ca.crt',
		'    tls-server-name: api.example',
	],
	'skip TLS verify': ['    server: https://127.0.0.1:6443', '    insecure-skip-tls-verify: true'],
};

function write(name: string, clusterLines: string[], userLines: string[]): string {
	const file = path.join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
	const lines = [
		'apiVersion: v1',
		'kind: Config',
		'clusters:',
		'- name: c',
		'  cluster:',
		...clusterLines,
		'users:',
		'- name: u',
		'  user:',
		...userLines.map(line => line.replace('PLUGIN', path.join(dir, 'plugin.sh'))),
		'contexts:',
		'- name: ctx',
		'  context:',
		'    cluster: c',
		'    user: u',
		'    namespace: shop',
		'current-context: ctx',
	];
	writeFileSync(file, `${lines.join('\n')}\n`);
	return file;
}

/** What a request is made with: TLS material, headers and basic auth (the agent is compared by its options). */
function essentials(options: https.RequestOptions) {
	const agentOptions = (options.agent as {options?: Record<string, unknown>} | undefined)?.options ?? {};
	const text = (value: unknown) => (Buffer.isBuffer(value) ? value.toString('utf8') : value);
	return {
		ca: text(options.ca),
		cert: text(options.cert),
		key: text(options.key),
		rejectUnauthorized: options.rejectUnauthorized,
		servername: options.servername,
		headers: options.headers,
		auth: options.auth,
		agent: {
			ca: text(agentOptions['ca']),
			cert: text(agentOptions['cert']),
			key: text(agentOptions['key']),
			rejectUnauthorized: agentOptions['rejectUnauthorized'],
		},
	};
}

for (const [clusterName, clusterLines] of Object.entries(CLUSTERS)) {
	for (const [userName, userLines] of Object.entries(USERS)) {
		test(`${clusterName} with ${userName}: as client-node`, async () => {
			const file = write(`${clusterName}-${userName}`, clusterLines, userLines);
			const ours = new KubeConfig();
			ours.loadFromFile(file);
			const theirs = new FullKubeConfig();
			theirs.loadFromFile(file);
			assert.deepEqual(ours.getContexts(), theirs.getContexts());
			assert.deepEqual(ours.getCurrentCluster(), theirs.getCurrentCluster());
			// tokenFile is ours alone (client-node drops it): compared below through the header it gives.
			const {tokenFile: _tokenFile, ...ourUser} = ours.getCurrentUser() as {tokenFile?: string};
			assert.deepEqual(ourUser, theirs.getCurrentUser());
			assert.equal(ours.getCurrentContext(), theirs.getCurrentContext());
			const ourOptions: https.RequestOptions = {headers: {}};
			const theirOptions: https.RequestOptions = {headers: {}};
			await ours.applyToHTTPSOptions(ourOptions);
			await theirs.applyToHTTPSOptions(theirOptions);
			if (userName === 'token file') {
				// kubectl reads the standard tokenFile (trimmed); client-node knows only its own token-file.
				const headers = ourOptions.headers as Record<string, string>;
				assert.equal(headers['Authorization'], 'Bearer token-from-file');
				delete headers['Authorization'];
			}
			assert.deepEqual(essentials(ourOptions), essentials(theirOptions));
		});
	}
}

test('invalid entries are refused as client-node refuses them', () => {
	const file = path.join(dir, 'invalid.yaml');
	writeFileSync(file, 'clusters:\n- name: c\n  cluster: {}\ncontexts: []\nusers: []\n');
	const theirs = new FullKubeConfig();
	assert.throws(() => theirs.loadFromFile(file), /server/);
	assert.throws(() => new KubeConfig().loadFromFile(file), /server/);
});

test('an auth provider is handed to client-node itself (loaded only then)', async () => {
	const file = write('oidc', CLUSTERS['CA data']!, [
		'    auth-provider:',
		'      name: oidc',
		'      config:',
		'        id-token: the-id-token',
		'        client-id: x',
		'        idp-issuer-url: https://issuer.example',
	]);
	const ours = new KubeConfig();
	ours.loadFromFile(file);
	const theirs = new FullKubeConfig();
	theirs.loadFromFile(file);
	const ourOptions: https.RequestOptions = {headers: {}};
	const theirOptions: https.RequestOptions = {headers: {}};
	// Both refuse or both give the same headers: the same code decides.
	const ourResult = await ours.applyToHTTPSOptions(ourOptions).then(
		() => 'ok',
		(error: Error) => error.message,
	);
	const theirResult = await theirs.applyToHTTPSOptions(theirOptions).then(
		() => 'ok',
		(error: Error) => error.message,
	);
	assert.equal(ourResult, theirResult);
	assert.deepEqual(essentials(ourOptions), essentials(theirOptions));
});

test('requests started together run an exec plugin once: the first goes alone, the others use its cached credential', async () => {
	const calls = path.join(dir, 'plugin-calls');
	// client-node caches an exec credential only until its expirationTimestamp (without one, it runs the plugin again).
	const expirationTimestamp = new Date(Date.now() + 3600_000).toISOString();
	const credential = JSON.stringify({
		apiVersion: 'client.authentication.k8s.io/v1beta1',
		kind: 'ExecCredential',
		status: {token: 'counted-token', expirationTimestamp},
	});
	const plugin = path.join(dir, 'counting-plugin.sh');
	writeFileSync(plugin, `#!/bin/sh\necho call >> '${calls}'\necho '${credential}'\n`);
	chmodSync(plugin, 0o755);
	const file = write(
		'counting exec',
		CLUSTERS['CA data']!,
		USERS['exec plugin']!.map(line => line.replace('PLUGIN', plugin)),
	);
	const config = new KubeConfig();
	config.loadFromFile(file);
	const requests = Array.from({length: 5}, () => ({headers: {}}) as https.RequestOptions);
	await Promise.all(requests.map(options => config.applyToHTTPSOptions(options)));
	assert.equal(readFileSync(calls, 'utf8'), 'call\n', 'one run of the plugin');
	for (const options of requests)
		assert.equal((options.headers as Record<string, string>)['Authorization'], 'Bearer counted-token');
});
