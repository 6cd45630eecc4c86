// At scale (1,000 Deployments, 10,000 ReplicaSets, 1,000 Pods): paged LISTs return everything
// once, and many watches each receive every event of a burst of writes (fan-out is shared).
// No timing assertions; the point is correctness under load.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startTestSimulator, deploymentManifest, type TestSimulator} from './helpers/sim-client.js';
import type {StoredObject} from '../source/sim/store.js';

let sim: TestSimulator;
const NAMESPACES = 10;

before(async () => {
	sim = await startTestSimulator({controllers: false, historySize: 100_000});
	const {store} = sim;
	for (let n = 0; n < NAMESPACES; n++)
		store.create('namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name: `scale-${n}`}});
	for (let i = 0; i < 1000; i++) {
		const namespace = `scale-${i % NAMESPACES}`;
		const manifest = deploymentManifest(`d${i}`);
		const deployment = store.create('deployments', {...manifest, metadata: {...manifest.metadata, namespace}} as any);
		for (let r = 0; r < 10; r++) {
			store.create('replicasets', {
				apiVersion: 'apps/v1',
				kind: 'ReplicaSet',
				metadata: {
					name: `d${i}-${r}`,
					namespace,
					labels: {app: `d${i}`},
					ownerReferences: [
						{apiVersion: 'apps/v1', kind: 'Deployment', name: `d${i}`, uid: deployment.metadata.uid, controller: true},
					],
				},
				spec: {replicas: 1, selector: {matchLabels: {app: `d${i}`}}, template: manifest.spec.template},
				status: {replicas: 1},
			});
		}
		store.create('pods', {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: `d${i}-pod`, namespace, labels: {app: `d${i}`}},
			spec: {containers: [{name: 'c', image: 'nginx'}]},
			status: {phase: 'Running'},
		});
	}
});
after(async () => {
	await sim.close();
});

test('paged LIST of 10,000 ReplicaSets across namespaces returns each once', async () => {
	const seen = new Set<string>();
	let token = '';
	let pages = 0;
	do {
		const reply = await sim.request(
			'GET',
			`/apis/apps/v1/replicasets?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
		);
		assert.equal(reply.status, 200);
		for (const item of reply.json.items) {
			const key = `${item.metadata.namespace}/${item.metadata.name}`;
			assert.ok(!seen.has(key), `duplicate ${key}`);
			seen.add(key);
		}
		token = reply.json.metadata.continue ?? '';
		pages++;
	} while (token);
	assert.equal(seen.size, 10_000);
	assert.equal(pages, 20);
	const inNamespace = await sim.request('GET', '/apis/apps/v1/namespaces/scale-3/replicasets?labelSelector=app%3Dd3');
	assert.deepEqual(
		inNamespace.json.items.map((rs: StoredObject) => rs.metadata.name).sort(),
		Array.from({length: 10}, (_, r) => `d3-${r}`).sort(),
	);
});

test('watches each receive every event of a burst of 5,000 writes', async () => {
	const {store} = sim;
	const since = store.resourceVersion;
	const everywhere = await Promise.all(
		Array.from({length: 5}, () => sim.watch(`/apis/apps/v1/replicasets?watch=true&resourceVersion=${since}`)),
	);
	const selective = await Promise.all(
		Array.from({length: 5}, (_, n) =>
			sim.watch(
				`/apis/apps/v1/namespaces/scale-${n}/replicasets?watch=true&resourceVersion=${since}&labelSelector=app%3Dd${n}`,
			),
		),
	);
	const replicaSets = store.list('replicasets');
	const writes = 5000;
	for (let i = 0; i < writes; i++) {
		const rs = structuredClone(replicaSets[i % replicaSets.length]!);
		rs.status = {replicas: 1, observedGeneration: i};
		store.update('replicasets', rs);
	}
	for (const watch of everywhere) await watch.until(`${writes} events`, events => events.length >= writes);
	for (const watch of everywhere) {
		assert.equal(watch.events.length, writes);
		assert.ok(watch.events.every(event => event.type === 'MODIFIED'));
	}
	// Each selective watch sees only its deployment's ten ReplicaSets (if the burst touched them).
	for (const [n, watch] of selective.entries()) {
		const expected = replicaSets
			.slice(0, writes)
			.filter(rs => rs.metadata.namespace === `scale-${n}` && rs.metadata.labels?.app === `d${n}`).length;
		await watch.until(`${expected} events`, events => events.length >= expected);
		assert.equal(watch.events.length, expected);
		assert.ok(watch.events.every(event => event.object.metadata.labels.app === `d${n}`));
	}
	for (const watch of [...everywhere, ...selective]) watch.close();
});
