// Watch semantics over HTTPS: synthetic ADDED, resume from a resourceVersion, 410 Expired,
// selectors turning changes into ADDED/DELETED, bookmarks, keep-alive, timeouts, Tables,
// and the fault injector seen through raw requests and client-node's Watch.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {KubeConfig, Watch} from '@kubernetes/client-node';
import {startTestSimulator, deploymentManifest, type TestSimulator} from './helpers/sim-client.js';
import {waitFor} from './helpers/wait.js';

let sim: TestSimulator;
const NS = '/apis/apps/v1/namespaces/default/deployments';

before(async () => {
	// Short keep-alive so that bookmark and keep-alive tests need no long waits; no controllers.
	sim = await startTestSimulator({controllers: false, watchKeepAliveMs: 300});
});
after(async () => {
	await sim.close();
});

async function create(name: string, labels?: Record<string, string>, namespace = 'default') {
	const reply = await sim.request('POST', `/apis/apps/v1/namespaces/${namespace}/deployments`, {
		body: deploymentManifest(name, {labels}),
	});
	assert.equal(reply.status, 201, reply.text);
	return reply.json;
}

const names = (events: any[], type?: string) =>
	events.filter(e => !type || e.type === type).map(e => e.object.metadata.name);

test('no resourceVersion: synthetic ADDED for current objects, then changes in order', async () => {
	await create('w-one');
	const watch = await sim.watch(`${NS}?watch=true&labelSelector=app%3Dw-one`);
	assert.equal(watch.status, 200);
	assert.match(String(watch.response.headers['content-type']), /^application\/json/);
	await watch.until('synthetic ADDED', events => events.length >= 1);
	assert.deepEqual(
		watch.events.map(e => [e.type, e.object.metadata.name]),
		[['ADDED', 'w-one']],
	);
	await sim.request('PATCH', `${NS}/w-one`, {
		body: {spec: {replicas: 2}},
		headers: {'Content-Type': 'application/merge-patch+json'},
	});
	await sim.request('DELETE', `${NS}/w-one`);
	await watch.until('MODIFIED and DELETED', events => events.length >= 3);
	assert.deepEqual(
		watch.events.map(e => e.type),
		['ADDED', 'MODIFIED', 'DELETED'],
	);
	const versions = watch.events.map(e => Number(e.object.metadata.resourceVersion));
	assert.deepEqual(
		[...versions].sort((a, b) => a - b),
		versions,
		'resourceVersions increase',
	);
	watch.close();
});

test('resourceVersion=N replays changes after N only; too old gets 200 + ERROR 410 + close', async () => {
	const first = await create('w-two');
	const list = await sim.request('GET', NS);
	const listVersion = list.json.metadata.resourceVersion;
	await sim.request('PATCH', `${NS}/w-two`, {
		body: {spec: {replicas: 3}},
		headers: {'Content-Type': 'application/merge-patch+json'},
	});
	const watch = await sim.watch(`${NS}?watch=1&resourceVersion=${listVersion}&fieldSelector=metadata.name%3Dw-two`);
	await watch.until('the replayed MODIFIED', events => events.length >= 1);
	assert.deepEqual(
		watch.events.map(e => [e.type, e.object.spec.replicas]),
		[['MODIFIED', 3]],
	);
	assert.ok(Number(first.metadata.resourceVersion) <= Number(listVersion));
	watch.close();

	sim.store.compactHistory();
	await sim.request('PATCH', `${NS}/w-two`, {
		body: {spec: {replicas: 4}},
		headers: {'Content-Type': 'application/merge-patch+json'},
	});
	const expired = await sim.watch(`${NS}?watch=true&resourceVersion=${listVersion}`);
	assert.equal(expired.status, 200);
	await expired.untilEnded();
	assert.equal(expired.events.length, 1);
	assert.equal(expired.events[0].type, 'ERROR');
	assert.equal(expired.events[0].object.code, 410);
	assert.equal(expired.events[0].object.reason, 'Expired');
	assert.match(expired.events[0].object.message, new RegExp(`^too old resource version: ${listVersion} \\(\\d+\\)$`));
});

test('label selectors: objects that start or stop matching become ADDED or DELETED', async () => {
	await create('w-sel', {app: 'w-sel'});
	const watch = await sim.watch(
		`${NS}?watch=true&resourceVersion=${sim.store.resourceVersion}&labelSelector=track%3Dcanary`,
	);
	const patchLabels = (labels: Record<string, string | null>) =>
		sim.request('PATCH', `${NS}/w-sel`, {
			body: {metadata: {labels}},
			headers: {'Content-Type': 'application/merge-patch+json'},
		});
	await patchLabels({track: 'canary'});
	await patchLabels({extra: 'x'});
	await patchLabels({track: 'stable'});
	await watch.until('ADDED, MODIFIED, DELETED', events => events.length >= 3);
	assert.deepEqual(
		watch.events.map(e => [e.type, e.object.metadata.labels.track]),
		[
			['ADDED', 'canary'],
			['MODIFIED', 'canary'],
			['DELETED', 'stable'],
		],
	);
	watch.close();
});

test('namespace-scoped watches do not see other namespaces; cluster-wide watches see all', async () => {
	await sim.request('POST', '/api/v1/namespaces', {body: {metadata: {name: 'w-other'}}});
	const scoped = await sim.watch(`${NS}?watch=true&resourceVersion=${sim.store.resourceVersion}`);
	const everywhere = await sim.watch(
		`/apis/apps/v1/deployments?watch=true&resourceVersion=${sim.store.resourceVersion}`,
	);
	await create('w-elsewhere', undefined, 'w-other');
	await create('w-here');
	await everywhere.until('both ADDED', events => events.length >= 2);
	await scoped.until('the default one', events => events.length >= 1);
	assert.deepEqual(names(everywhere.events), ['w-elsewhere', 'w-here']);
	assert.deepEqual(names(scoped.events), ['w-here']);
	scoped.close();
	everywhere.close();
});

test('bookmarks carry the current resourceVersion; quiet streams without bookmarks get keep-alive bytes', async () => {
	const withBookmarks = await sim.watch(
		`${NS}?watch=true&allowWatchBookmarks=true&resourceVersion=${sim.store.resourceVersion}&labelSelector=app%3Dnothing`,
	);
	await withBookmarks.until('a BOOKMARK', events => events.some(e => e.type === 'BOOKMARK'));
	const bookmark = withBookmarks.events.find(e => e.type === 'BOOKMARK');
	assert.equal(bookmark.object.kind, 'Deployment');
	assert.equal(bookmark.object.metadata.resourceVersion, String(sim.store.resourceVersion));
	withBookmarks.close();
	const plain = await sim.watch(
		`${NS}?watch=true&resourceVersion=${sim.store.resourceVersion}&labelSelector=app%3Dnothing`,
	);
	await waitFor(() => plain.chunks.some(chunk => chunk.trim() === ''), {message: 'a keep-alive newline'});
	assert.equal(plain.events.length, 0, 'no events, no bookmarks unless asked');
	plain.close();
});

test('timeoutSeconds ends the stream cleanly (with a final bookmark when allowed)', async () => {
	const watch = await sim.watch(
		`${NS}?watch=true&timeoutSeconds=1&allowWatchBookmarks=true&resourceVersion=${sim.store.resourceVersion}&labelSelector=app%3Dnothing`,
	);
	await watch.untilEnded();
	assert.equal(watch.events.at(-1).type, 'BOOKMARK');
});

test('a Table watch (kubectl get -w) sends one-row Tables', async () => {
	const watch = await sim.watch(`${NS}?watch=true&fieldSelector=metadata.name%3Dw-table`, {
		headers: {Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'},
	});
	await create('w-table');
	await watch.until('ADDED', events => events.length >= 1);
	const table = watch.events[0].object;
	assert.equal(table.kind, 'Table');
	assert.equal(table.rows.length, 1);
	assert.equal(table.rows[0].cells[0], 'w-table');
	assert.equal(table.columnDefinitions[1].name, 'Ready');
	watch.close();
});

test('faults: closeWatches ends streams, expireWatches sends 410, stallWatches holds events, failNextRequests answers errors', async () => {
	const closing = await sim.watch(`${NS}?watch=true&resourceVersion=${sim.store.resourceVersion}`);
	sim.faults.closeWatches();
	await closing.untilEnded();
	assert.equal(closing.events.length, 0);

	const expiring = await sim.watch(`${NS}?watch=true&resourceVersion=${sim.store.resourceVersion}`);
	sim.faults.expireWatches();
	await expiring.untilEnded();
	assert.deepEqual(
		expiring.events.map(e => [e.type, e.object.code, e.object.reason]),
		[['ERROR', 410, 'Expired']],
	);

	const stalled = await sim.watch(`${NS}?watch=true&resourceVersion=${sim.store.resourceVersion}`);
	sim.faults.stallWatches(60_000);
	await create('w-stalled');
	// The object exists but the stream stays silent while stalled.
	assert.ok(sim.store.get('deployments', 'default', 'w-stalled'));
	assert.equal(stalled.events.length, 0);
	assert.equal(stalled.ended, false);
	// A watch opened during the stall gets its headers but not its initial events.
	const opened = await sim.watch(`${NS}?watch=true&fieldSelector=metadata.name%3Dw-stalled`);
	assert.equal(opened.status, 200);
	assert.equal(opened.events.length, 0);
	sim.faults.reset();
	await stalled.until('the held event', events => events.length >= 1);
	assert.deepEqual(names(stalled.events), ['w-stalled']);
	await opened.until('the held synthetic ADDED', events => events.length >= 1);
	assert.deepEqual(
		opened.events.map(e => [e.type, e.object.metadata.name]),
		[['ADDED', 'w-stalled']],
	);
	stalled.close();
	opened.close();

	sim.faults.failNextRequests(2, 503, /deployments/);
	const unrelated = await sim.request('GET', '/api/v1/namespaces');
	assert.equal(unrelated.status, 200);
	const failed1 = await sim.request('GET', NS);
	const failed2 = await sim.request('GET', NS);
	assert.deepEqual([failed1.status, failed2.status], [503, 503]);
	assert.equal(failed1.json.kind, 'Status');
	assert.equal((await sim.request('GET', NS)).status, 200);
});

test('client-node Watch sees events, a 410 ERROR and the close', async () => {
	const kubeConfig = new KubeConfig();
	kubeConfig.loadFromString(sim.kubeconfig);
	const watch = new Watch(kubeConfig);
	const seen: [string, any][] = [];
	let doneCount = 0;
	let doneError: unknown;
	const controller = await watch.watch(
		NS,
		{resourceVersion: String(sim.store.resourceVersion)},
		(type, object) => seen.push([type, object]),
		error => {
			doneCount++;
			doneError = error;
		},
	);
	await create('w-client');
	await waitFor(() => seen.some(([type, object]) => type === 'ADDED' && object.metadata.name === 'w-client'), {
		message: 'the ADDED event',
	});
	sim.faults.expireWatches();
	await waitFor(() => doneCount > 0, {message: 'done'});
	const error = seen.find(([type]) => type === 'ERROR');
	assert.equal(error?.[1].code, 410);
	assert.ok(!doneError, String(doneError));
	controller.abort();

	sim.faults.failNextRequests(1, 500, /watch=true/);
	let failure: any;
	await watch.watch(
		NS,
		{},
		() => {},
		err => (failure = err ?? 'closed without error'),
	);
	await waitFor(() => failure, {message: 'the failed watch'});
	assert.equal(failure.statusCode, 500);
});
