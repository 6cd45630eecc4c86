// Edge cases of the API answered as the API server answers them: authentication and authorisation before a body is
// read, bodies and patches nested too deeply, the total annotation size limit, list options it cannot decode, and a
// list or watch from a resourceVersion the server has not reached.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {request as httpsRequest} from 'node:https';
import type {IncomingMessage} from 'node:http';
import {startTestSimulator, type TestSimulator} from './helpers/sim-client.js';
import {createDeployment, deploymentObject} from '../source/sim/scenarios/kubectl-writes.js';
import {waitFor, WAIT_MS} from './helpers/wait.js';

let sim: TestSimulator;
before(async () => {
	sim = await startTestSimulator({controllers: false});
	createDeployment(sim.store, deploymentObject({name: 'web', namespace: 'default', replicas: 1, image: 'nginx:1.27'}));
});
after(async () => sim.close());

/**
 * Starts a POST of `totalBytes`, sending its first megabyte only; resolves with the response, which must come
 * before the rest of the body is sent (it never is).
 */
function postWithoutFinishing(path: string, token: string | null, totalBytes: number) {
	return new Promise<{status: number; json: any}>((resolve, reject) => {
		const headers: Record<string, string> = {'Content-Type': 'application/json', 'Content-Length': String(totalBytes)};
		if (token) headers.Authorization = `Bearer ${token}`;
		const request = httpsRequest(new URL(path, sim.url), {method: 'POST', headers, ca: sim.caPem, agent: false});
		const timer = setTimeout(() => {
			request.destroy();
			reject(new Error('no response before the body was sent'));
		}, WAIT_MS);
		request.on('error', error => {
			clearTimeout(timer);
			reject(error);
		});
		request.on('response', (response: IncomingMessage) => {
			const chunks: Buffer[] = [];
			response.on('data', chunk => chunks.push(chunk));
			response.on('end', () => {
				clearTimeout(timer);
				request.destroy();
				resolve({status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8'))});
			});
		});
		request.write(Buffer.alloc(1024 * 1024, 0x20));
	});
}

test('an unauthenticated 50 MB POST is answered 401 before its body is read; a forbidden one 403', async () => {
	const fifty = 50 * 1024 * 1024;
	const anonymous = await postWithoutFinishing('/apis/apps/v1/namespaces/default/deployments', null, fifty);
	assert.equal(anonymous.status, 401);
	assert.equal(anonymous.json.message, 'Unauthorized');
	const wrong = await postWithoutFinishing('/apis/apps/v1/namespaces/default/deployments', 'not-a-token', fifty);
	assert.equal(wrong.status, 401);
	const viewer = sim.users.find(user => user.context === 'rollout-dash-sim-viewer')!.token;
	const forbidden = await postWithoutFinishing('/apis/apps/v1/namespaces/default/deployments', viewer, fifty);
	assert.equal(forbidden.status, 403);
	assert.equal(
		forbidden.json.message,
		'deployments.apps is forbidden: User "rollout-dash-viewer" cannot create resource "deployments" in API group "apps" in the namespace "default"',
	);
	assert.equal((await sim.request('GET', '/api/v1/namespaces')).status, 200, 'the server still serves');
});

const nested = (depth: number, open = '{"a":', close = '}') => `${open.repeat(depth)}1${close.repeat(depth)}`;

test('bodies and patches nested past the decoder depth are 400 with its message, never a 500', async () => {
	const create = await sim.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
		raw: `{"metadata":{"name":"deep"},"spec":${nested(10_001)}}`,
		headers: {'Content-Type': 'application/json'},
	});
	assert.equal(create.status, 400);
	assert.equal(create.json.reason, 'BadRequest');
	assert.equal(
		create.json.message,
		"couldn't get version/kind; json parse error: invalid character '{' exceeded max depth",
	);
	const path = '/apis/apps/v1/namespaces/default/deployments/web';
	const patches: [string, string, string][] = [
		['application/merge-patch+json', `{"spec":${nested(10_001)}}`, 'Invalid JSON Patch'],
		[
			'application/strategic-merge-patch+json',
			`{"spec":${nested(10_001)}}`,
			"invalid character '{' exceeded max depth",
		],
		[
			'application/json-patch+json',
			`[{"op":"add","path":"/spec/x","value":${nested(10_001, '[', ']')}}]`,
			"invalid character '[' exceeded max depth",
		],
	];
	for (const [contentType, raw, message] of patches) {
		const reply = await sim.request('PATCH', path, {raw, headers: {'Content-Type': contentType}});
		assert.equal(reply.status, 400, contentType);
		assert.equal(reply.json.message, message, contentType);
	}
	// Deep, but within Go's limit: refused as a bad request rather than overflowing the simulator's stack.
	for (const depth of [3000, 9999]) {
		const reply = await sim.request('PATCH', path, {
			raw: `{"spec":${nested(depth)}}`,
			headers: {'Content-Type': 'application/merge-patch+json'},
		});
		assert.equal(reply.status, 400, String(depth));
		assert.match(reply.json.message, /^nesting depth \d+ is more than the simulator handles/);
	}
	assert.equal(sim.store.get('deployments', 'default', 'web')!.spec.x, undefined);
	assert.equal((await sim.request('GET', path)).status, 200);
});

test('annotations are limited to 256 KiB in total, keys and values together', async () => {
	const withAnnotations = (name: string, bytes: number) => {
		const deployment = deploymentObject({name, namespace: 'default', replicas: 1, image: 'nginx:1.27'});
		// Two annotations whose keys and values add up to `bytes`.
		deployment.metadata.annotations = {a: 'x'.repeat(1000 - 1), b: 'é'.repeat((bytes - 1000 - 1) / 2)};
		return deployment;
	};
	const path = '/apis/apps/v1/namespaces/default/deployments';
	const atLimit = await sim.request('POST', path, {body: withAnnotations('at-limit', 262_144 - 1)});
	assert.equal(atLimit.status, 201, atLimit.text.slice(0, 300));
	const over = await sim.request('POST', path, {body: withAnnotations('over', 262_145 + 1)});
	assert.equal(over.status, 422);
	assert.equal(
		over.json.message,
		'Deployment.apps "over" is invalid: metadata.annotations: Too long: must have at most 262144 bytes',
	);
	assert.deepEqual(over.json.details.causes, [
		{reason: 'FieldValueTooLong', message: 'Too long: must have at most 262144 bytes', field: 'metadata.annotations'},
	]);
	const patched = await sim.request('PATCH', `${path}/web`, {
		body: {metadata: {annotations: {big: 'y'.repeat(262_144)}}},
		headers: {'Content-Type': 'application/merge-patch+json'},
	});
	assert.equal(patched.status, 422);
	assert.match(patched.json.message, /metadata\.annotations: Too long: must have at most 262144 bytes$/);
});

test('list options the server cannot decode are 400 with its messages', async () => {
	const cases: [string, string][] = [
		['resourceVersion=abc', 'resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax'],
		['resourceVersion=-1', 'resourceVersion: Invalid value: "-1": strconv.ParseUint: parsing "-1": invalid syntax'],
		[
			'watch=1&resourceVersion=99999999999999999999',
			'resourceVersion: Invalid value: "99999999999999999999": strconv.ParseUint: parsing "99999999999999999999": value out of range',
		],
		['limit=ten', 'strconv.ParseInt: parsing "ten": invalid syntax'],
		['watch=true&timeoutSeconds=1.5', 'strconv.ParseInt: parsing "1.5": invalid syntax'],
		['fieldSelector=nonsense', "invalid selector: 'nonsense'; can't understand 'nonsense'"],
		['fieldSelector=spec.unknown%3Dx', 'field label not supported: spec.unknown'],
		[
			'labelSelector=app%20in%20(',
			`unable to parse requirement: found 'app in (', expected: ',', '!=', '==', '=', 'in', 'notin' in "app in ("`,
		],
	];
	for (const [query, message] of cases) {
		const reply = await sim.request('GET', `/api/v1/namespaces/default/pods?${query}`);
		assert.equal(reply.status, 400, query);
		assert.deepEqual([reply.json.reason, reply.json.message], ['BadRequest', message], query);
	}
});

test('a list or watch from a resourceVersion not reached is answered like the cacher: 504 Too large resource version', async () => {
	const current = sim.store.resourceVersion;
	const future = current + 1000;
	const list = await sim.request('GET', `/apis/apps/v1/deployments?resourceVersion=${future}`);
	assert.equal(list.status, 504);
	const expected = {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Failure',
		message: `Timeout: Too large resource version: ${future}, current: ${current}`,
		reason: 'Timeout',
		details: {
			causes: [{reason: 'ResourceVersionTooLarge', message: 'Too large resource version'}],
			retryAfterSeconds: 1,
		},
		code: 504,
	};
	assert.deepEqual(list.json, expected);
	const watch = await sim.watch(`/apis/apps/v1/deployments?watch=true&resourceVersion=${future}`);
	assert.equal(watch.status, 200);
	await watch.untilEnded();
	assert.deepEqual(watch.events, [{type: 'ERROR', object: expected}]);
	// A version the store reaches while the request waits is served as usual (its headers come once it is reached).
	const seen = sim.faults.recordRequests(/watch=true&resourceVersion=/);
	const opening = sim.watch(`/apis/apps/v1/deployments?watch=true&resourceVersion=${sim.store.resourceVersion + 1}`);
	await waitFor(() => seen.length === 1, {timeout: WAIT_MS});
	createDeployment(
		sim.store,
		deploymentObject({name: 'later', namespace: 'default', replicas: 1, image: 'nginx:1.27'}),
	);
	createDeployment(
		sim.store,
		deploymentObject({name: 'latest', namespace: 'default', replicas: 1, image: 'nginx:1.27'}),
	);
	const soon = await opening;
	await soon.until('the deployment after the awaited version', events => events.length >= 1);
	assert.deepEqual(
		soon.events.map(event => [event.type, event.object.metadata.name]),
		[['ADDED', 'latest']],
	);
	soon.close();
});
