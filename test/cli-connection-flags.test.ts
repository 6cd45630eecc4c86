// kubectl's connection flags: --cluster and --user in place of the context's, impersonation headers, -l narrowing the
// list, --request-timeout on requests, and the -v log (to --log-file, appended, never on the dashboard's screen).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {openConnection} from '../source/cluster/connect.js';
import {createSession} from '../source/cluster/session.js';
import {escapeControls, startRequestLog} from '../source/cluster/request-log.js';
import {watchStream} from '../source/cluster/watch-stream.js';
import {runCli} from './helpers/lead-process.js';
import {startTestSimulator} from './helpers/sim-client.js';
import {waitFor} from './helpers/wait.js';

interface Seen {
	url: string;
	headers: http.IncomingHttpHeaders;
	raw: string[];
}

/** A plain-HTTP stand-in for an API server that answers the requests of `get` with empty lists and records them. */
async function recordingServer(answer = true): Promise<{url: string; seen: Seen[]; close(): void}> {
	const seen: Seen[] = [];
	const server = http.createServer((request, response) => {
		seen.push({url: request.url ?? '', headers: request.headers, raw: request.rawHeaders});
		if (!answer) return; // never answers: for --request-timeout
		const body = request.url?.startsWith('/version')
			? {gitVersion: 'v1.32.0'}
			: request.url?.includes('/namespaces/default?') || request.url?.endsWith('/namespaces/default')
				? {kind: 'Namespace', metadata: {name: 'default'}}
				: {kind: 'List', metadata: {}, items: []};
		response.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify(body));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		seen,
		close: () => {
			server.closeAllConnections();
			server.close();
		},
	};
}

/** Context "a" points at an unreachable cluster with user u1; cluster "good" and user "u2" are there to be chosen. */
function kubeconfig(goodServer: string): string {
	const file = path.join(mkdtempSync(path.join(tmpdir(), 'rd-flags-')), 'config');
	writeFileSync(
		file,
		[
			'apiVersion: v1',
			'kind: Config',
			'current-context: a',
			'clusters:',
			'- {name: bad, cluster: {server: "http://127.0.0.1:9", insecure-skip-tls-verify: true}}',
			`- {name: good, cluster: {server: "${goodServer}", insecure-skip-tls-verify: true}}`,
			'users: [{name: u1, user: {token: t1}}, {name: u2, user: {token: t2}}]',
			'contexts: [{name: a, context: {cluster: bad, user: u1}}]',
			'',
		].join('\n'),
	);
	return file;
}

test('--cluster, --user, --as, --as-group and -l reach the API server', async () => {
	const server = await recordingServer();
	try {
		const config = kubeconfig(server.url);
		const args = ['get', '--kubeconfig', config, '--cluster', 'good', '--user', 'u2', '--as', 'alice'];
		const result = await runCli([...args, '--as-group', 'devs', '--as-group', 'ops', '-l', 'app=web']);
		assert.equal(result.code, 0, result.stderr);
		assert.ok(server.seen.length >= 4, `requests: ${server.seen.map(s => s.url).join(' ')}`);
		for (const request of server.seen) {
			assert.equal(request.headers.authorization, 'Bearer t2', request.url);
			assert.equal(request.headers['impersonate-user'], 'alice', request.url);
			const groups = request.raw.filter(
				(_, at) => at % 2 === 0 && request.raw[at]!.toLowerCase() === 'impersonate-group',
			);
			assert.equal(groups.length, 2, 'one Impersonate-Group line per group');
			assert.equal(request.headers['impersonate-group'], 'devs, ops');
		}
		const list = server.seen.find(s => s.url.includes('/deployments?') && s.url.includes('limit=500'));
		assert.ok(list, 'the list of deployments');
		assert.equal(new URL(list.url, server.url).searchParams.get('labelSelector'), 'app=web');
		const replicaSets = server.seen.find(s => s.url.includes('/replicasets'));
		assert.equal(new URL(replicaSets!.url, server.url).searchParams.get('labelSelector'), null);
	} finally {
		server.close();
	}
});

test('an unknown --user or --cluster is a one-line error', async () => {
	const config = kubeconfig('http://127.0.0.1:9');
	const user = await runCli(['get', '--kubeconfig', config, '--user', 'nobody']);
	assert.equal(user.code, 1);
	assert.equal(user.stderr, 'error: user "nobody" does not exist in the kubeconfig\n');
	const cluster = await runCli(['get', '--kubeconfig', config, '--cluster', 'nowhere']);
	assert.equal(cluster.code, 1);
	assert.equal(cluster.stderr, 'error: cluster "nowhere" does not exist in the kubeconfig\n');
});

test('--request-timeout gives up on a request that gets no answer', async () => {
	const server = await recordingServer(false);
	try {
		const config = kubeconfig(server.url);
		const result = await runCli(['get', '--kubeconfig', config, '--cluster', 'good', '--request-timeout', '1s']);
		assert.equal(result.code, 1);
		assert.match(result.stderr, /^error: .*no answer within 1s\n$/);
	} finally {
		server.close();
	}
});

test('-v 6 --log-file appends every request to the file, nothing to the terminal', async () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'rd-log-'));
	const log = path.join(dir, 'requests.log');
	writeFileSync(log, 'an earlier line\n');
	const result = await runCli(['get', '--sim', '-v', '6', '--log-file', log]);
	assert.equal(result.code, 0, result.stderr);
	assert.equal(result.stderr, '');
	assert.match(result.stdout, /^NAME\s+KIND\s+REVISION/);
	const text = readFileSync(log, 'utf8');
	assert.ok(text.startsWith('an earlier line\n'), 'the file was appended to');
	assert.match(text, /GET https:\/\/127\.0\.0\.1:\d+\/version 200 OK in \d+ ms/);
	assert.match(text, /GET https:\/\/127\.0\.0\.1:\d+\/apis\/apps\/v1\/namespaces\/default\/deployments\?limit=500 200/);
	assert.doesNotMatch(text, /Bearer|Authorization/i, 'no credentials in the log');
});

test('the request log records watch events, escaped', async () => {
	const sim = await startTestSimulator({scenario: 'demo'});
	const lines: string[] = [];
	const log = startRequestLog(openConnection({kubeconfig: sim.kubeconfigPath}).server, 6, line => lines.push(line));
	let controller: AbortController | undefined;
	try {
		const connection = openConnection({kubeconfig: sim.kubeconfigPath});
		controller = await watchStream(
			connection.kubeConfig,
			'/apis/apps/v1/deployments',
			{},
			() => {},
			() => {},
		);
		await waitFor(
			() =>
				lines.find(line =>
					/WATCH \/apis\/apps\/v1\/deployments ADDED Deployment default\/web resourceVersion=\d+/.test(line),
				),
			{message: 'a logged watch event'},
		);
		assert.ok(lines.some(line => /GET https:\/\/.*\/apis\/apps\/v1\/deployments\?watch=true 200 OK/.test(line)));
	} finally {
		controller?.abort();
		log.stop();
		await sim.close();
	}
	assert.equal(escapeControls('a\u001b[2Jb\u009bc\n'), 'a\\u001b[2Jb\\u009bc\\u000a');
});

test('the request log writes nothing once stopped, though a watch it saw start ends later (its file is closed)', async () => {
	const sim = await startTestSimulator({scenario: 'demo'});
	const lines: string[] = [];
	const log = startRequestLog(openConnection({kubeconfig: sim.kubeconfigPath}).server, 6, line => lines.push(line));
	try {
		const connection = openConnection({kubeconfig: sim.kubeconfigPath});
		const controller = await watchStream(
			connection.kubeConfig,
			'/apis/apps/v1/deployments',
			{},
			() => {},
			() => {},
		);
		await waitFor(() => lines.some(line => line.includes('WATCH /apis/apps/v1/deployments ADDED')), {
			message: 'the watch logged',
		});
		log.stop();
		const before = lines.length;
		controller.abort();
		// The aborted request's error, and the simulator's next events, reach the listeners the log left behind.
		await sim.close();
		await new Promise(resolve => setImmediate(resolve));
		assert.deepEqual(lines.slice(before), []);
	} finally {
		log.stop();
		await sim.close();
	}
});

test('-l narrows the dashboard session and get to the matching workloads of every kind', async () => {
	const sim = await startTestSimulator({scenario: 'demo'});
	const session = createSession(openConnection({kubeconfig: sim.kubeconfigPath, labelSelector: 'app in (web,api)'}));
	try {
		await session.ready();
		await waitFor(() => session.getSnapshot().deployments.length > 0, {message: 'the listed deployments'});
		assert.deepEqual(
			session
				.getSnapshot()
				.deployments.map(d => d.name)
				.sort(),
			['api', 'web'],
		);
		const get = await runCli(['get', '--kubeconfig', sim.kubeconfigPath, '-l', 'app in (worker,redis)']);
		assert.equal(get.code, 0, get.stderr);
		assert.deepEqual(
			get.stdout
				.trim()
				.split('\n')
				.map(line => line.split(/\s+/).slice(0, 2).join(' ')),
			['NAME KIND', 'redis sts', 'worker deploy'],
		);
	} finally {
		await session.close();
		await sim.close();
	}
});
