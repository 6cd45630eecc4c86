// Never a tight loop: a server that ends every watch at once, or fails every watch, is retried with back-off.
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {KubeConfig} from '@kubernetes/client-node';
import {Backoff} from '../source/cluster/backoff.js';
import {ApiClient} from '../source/cluster/http.js';
import {ResourceWatch, type KubeObject, type WatchState} from '../source/cluster/watch.js';
import {waitFor} from './helpers/wait.js';

let mode: 'close' | 'fail' | 'gone' = 'close';
const watchRequests: number[] = [];
let listRequests = 0;
let server: http.Server;
let kubeConfig: KubeConfig;

before(async () => {
	server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://x');
		if (url.searchParams.get('watch') === 'true') {
			watchRequests.push(Date.now());
			if (mode === 'gone') {
				response.writeHead(410, {'Content-Type': 'application/json'});
				response.end(
					JSON.stringify({
						kind: 'Status',
						apiVersion: 'v1',
						status: 'Failure',
						message: 'too old resource version: 5 (9)',
						reason: 'Expired',
						code: 410,
					}),
				);
				return;
			}
			if (mode === 'fail') {
				response.writeHead(500, {'Content-Type': 'application/json'});
				response.end(
					JSON.stringify({
						kind: 'Status',
						apiVersion: 'v1',
						status: 'Failure',
						message: 'boom',
						reason: 'InternalError',
						code: 500,
					}),
				);
				return;
			}
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end();
			return;
		}
		listRequests++;
		response.writeHead(200, {'Content-Type': 'application/json'});
		response.end(
			JSON.stringify({kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: {resourceVersion: '5'}, items: []}),
		);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	kubeConfig = new KubeConfig();
	kubeConfig.loadFromOptions({
		clusters: [{name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true}],
		users: [{name: 'fake', token: 'token'}],
		contexts: [{name: 'fake', cluster: 'fake', user: 'fake'}],
		currentContext: 'fake',
	});
});

after(async () => {
	server.closeAllConnections();
	await new Promise<void>(resolve => server.close(() => resolve()));
});

/** Runs a watch until `count` watch requests were made; returns how long that took and the states seen. */
async function watchUntil(count: number): Promise<{elapsed: number; states: WatchState[]}> {
	watchRequests.length = 0;
	const states: WatchState[] = [];
	const watch = new ResourceWatch<KubeObject>({
		client: new ApiClient(kubeConfig),
		kubeConfig,
		path: '/apis/apps/v1/namespaces/default/deployments',
		onChange: () => {},
		onState: state => states.push(state),
		timing: {backoff: {initialMs: 100, maxMs: 400, jitter: 0}},
	});
	const started = Date.now();
	watch.start();
	try {
		await waitFor(() => watchRequests.length >= count, {timeout: 30_000});
	} finally {
		await watch.stop();
	}
	return {elapsed: watchRequests[count - 1]! - started, states};
}

// Back-off 100, 200, 400, 400 ms between the first five watches: at least 1.1 s in all (more on a slow machine).
const MIN_MS = 0.9 * (100 + 200 + 400 + 400);

test('a watch that ends at once without events is re-opened with back-off, not in a loop', async () => {
	mode = 'close';
	const {elapsed, states} = await watchUntil(5);
	assert.ok(elapsed >= MIN_MS, `5 watches took ${elapsed} ms`);
	assert.ok(!states.some(s => s.state === 'reconnecting'), 'a clean close is not an error');
});

test('a failing watch is retried with back-off and reported as reconnecting with the error', async () => {
	mode = 'fail';
	const {elapsed, states} = await watchUntil(5);
	assert.ok(elapsed >= MIN_MS, `5 watches took ${elapsed} ms`);
	const reconnecting = states.filter(
		(s): s is Extract<WatchState, {state: 'reconnecting'}> => s.state === 'reconnecting',
	);
	assert.ok(reconnecting.length >= 4);
	assert.match(reconnecting.at(-1)!.lastError, /500/);
	assert.equal(new Set(reconnecting.map(s => s.since.getTime())).size, 1, '"reconnecting since" is the first failure');
});

test('a watch answered with HTTP 410 relists before watching again, with back-off, without reporting an error', async () => {
	mode = 'gone';
	listRequests = 0;
	const {elapsed, states} = await watchUntil(5);
	assert.ok(listRequests >= 5, `one list per 410 (${listRequests} lists)`);
	assert.ok(elapsed >= MIN_MS, `5 watches took ${elapsed} ms`);
	assert.ok(!states.some(s => s.state === 'reconnecting'), '410 is routine, not an error');
});

test('Backoff doubles from the initial delay up to the cap, with jitter below each step, and resets', () => {
	const fixed = (value: number) => () => value;
	const noJitter = new Backoff({initialMs: 250, maxMs: 10_000, jitter: 0.3}, fixed(0));
	assert.deepEqual(
		Array.from({length: 8}, () => noJitter.next()),
		[250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000],
	);
	noJitter.reset();
	assert.equal(noJitter.next(), 250);
	const fullJitter = new Backoff({initialMs: 1000, maxMs: 10_000, jitter: 0.3}, fixed(1));
	assert.equal(fullJitter.next(), 700);
	assert.equal(fullJitter.consecutiveFailures, 1);
});
