import {test} from 'node:test';
import assert from 'node:assert/strict';
import {replicaSetForRevision, revisionHistory} from '../source/model/revisions.js';
import {deriveCause, templateDiff} from '../source/model/diff.js';
import {deployment, replicaSet, template} from './helpers/model-fixtures.js';

test('revisionHistory lists owned ReplicaSets by revision with counts, current flag and restored revisions', () => {
	const d = deployment({image: 'nginx:1.17', revision: 4});
	const rsList = [
		replicaSet({
			name: 'web-b',
			hash: 'bbb',
			revision: 2,
			image: 'nginx:1.18',
			createdAt: '2026-11-23T08:01:00Z',
			annotations: {'kubernetes.io/change-cause': 'set image 1.18'},
		}),
		replicaSet({
			name: 'web-a',
			hash: 'aaa',
			revision: 4,
			image: 'nginx:1.17',
			replicas: 3,
			createdAt: '2026-11-23T08:00:00Z',
			annotations: {'deployment.kubernetes.io/revision-history': '1,3'},
			status: {replicas: 3, readyReplicas: 2, availableReplicas: 1},
		}),
		replicaSet({name: 'web-x', hash: 'xxx', revision: 9, ownerUid: 'other'}),
	];
	const history = revisionHistory(d, rsList);
	assert.deepEqual(
		history.map(h => [h.revision, h.replicaSetName, h.podTemplateHash, h.isCurrent, h.restoredFrom, h.changeCause]),
		[
			[2, 'web-b', 'bbb', false, [], 'set image 1.18'],
			[4, 'web-a', 'aaa', true, [1, 3], undefined],
		],
	);
	const current = history[1]!;
	assert.deepEqual([current.desired, current.current, current.ready, current.available], [3, 3, 2, 1]);
	assert.deepEqual(current.images, [{container: 'web', image: 'nginx:1.17'}]);
	assert.equal(current.derivedCause, 'restores revision 3: image nginx:1.18 → nginx:1.17');
	assert.equal(history[0]!.derivedCause, undefined, 'the oldest kept revision has nothing to compare with');
	assert.deepEqual(current.createdAt, new Date('2026-11-23T08:00:00Z'));
});

test('the current revision is the oldest ReplicaSet with the deployment template', () => {
	const d = deployment({image: 'nginx:1.17'});
	const rsList = [
		replicaSet({name: 'web-late', hash: 'l', revision: 2, image: 'nginx:1.17', createdAt: '2026-11-23T09:00:00Z'}),
		replicaSet({name: 'web-early', hash: 'e', revision: 1, image: 'nginx:1.17', createdAt: '2026-11-23T08:00:00Z'}),
	];
	const history = revisionHistory(d, rsList);
	assert.deepEqual(
		history.map(h => [h.replicaSetName, h.isCurrent, h.derivedCause]),
		[
			['web-early', true, 'created'],
			['web-late', false, undefined],
		],
	);
});

test('replicaSetForRevision chooses like kubectl rollout undo', () => {
	const d = deployment({revision: 3});
	const rsList = [
		replicaSet({name: 'r1', hash: '1', revision: 1}),
		replicaSet({name: 'r3', hash: '3', revision: 3}),
		replicaSet({name: 'r2', hash: '2', revision: 2}),
	];
	const pick = (n: number) => {
		const result = replicaSetForRevision(d, rsList, n);
		return 'rs' in result ? result.rs.metadata.name : result.error;
	};
	assert.equal(pick(0), 'r2');
	assert.equal(pick(1), 'r1');
	assert.equal(pick(7), 'unable to find specified revision 7 in history');
	assert.equal(pick(-1), 'unable to find specified revision -1 in history');
	const single = replicaSetForRevision(d, [rsList[0]!], 0);
	assert.deepEqual(single, {error: 'no rollout history found for deployment "web"'});
});

test('templateDiff names every kind of change', () => {
	const from = template('nginx:1.17', {}, {app: 'web', 'pod-template-hash': 'aaa', tier: 'front'});
	from.metadata!.annotations = {'kubectl.kubernetes.io/restartedAt': '2026-11-23T08:00:00Z'};
	from.spec!.containers![0]!.env = [
		{name: 'LOG_LEVEL', value: 'debug'},
		{name: 'GONE', value: 'x'},
	];
	from.spec!.containers![0]!.resources = {requests: {cpu: '100m'}};
	from.spec!.containers![0]!.readinessProbe = {httpGet: {path: '/healthz', port: 8080}, periodSeconds: 10};
	const to = template('nginx:1.18', {}, {app: 'web', 'pod-template-hash': 'bbb'});
	to.spec!.containers![0]!.env = [{name: 'LOG_LEVEL', value: 'info'}];
	to.spec!.containers![0]!.resources = {requests: {cpu: '200m'}, limits: {memory: '128Mi'}};
	to.spec!.containers!.push({name: 'sidecar', image: 'envoy:1'});
	to.spec!.terminationGracePeriodSeconds = 5;
	assert.deepEqual(templateDiff(from, to), [
		{field: 'image web', from: 'nginx:1.17', to: 'nginx:1.18'},
		{field: 'env web.LOG_LEVEL', from: 'debug', to: 'info'},
		{field: 'env web.GONE', from: 'x'},
		{field: 'resources web', from: 'requests cpu=100m', to: 'requests cpu=200m; limits memory=128Mi'},
		{field: 'readinessProbe web', from: 'http-get :8080/healthz period=10s'},
		{field: 'container sidecar', to: 'envoy:1'},
		{field: 'label tier', from: 'front'},
		{field: 'annotation kubectl.kubernetes.io/restartedAt', from: '2026-11-23T08:00:00Z'},
		{field: 'spec.terminationGracePeriodSeconds', to: '5'},
	]);
	assert.deepEqual(templateDiff(from, structuredClone(from)), []);
	// Only the hash label differs: no change, as equalIgnoreHash says.
	assert.deepEqual(
		templateDiff(
			template('a', {}, {app: 'web', 'pod-template-hash': '1'}),
			template('a', {}, {app: 'web', 'pod-template-hash': '2'}),
		),
		[],
	);
});

test('deriveCause gives a short label', () => {
	const base = template('nginx:1.17');
	const restarted = structuredClone(base);
	restarted.metadata!.annotations = {'kubectl.kubernetes.io/restartedAt': 'now'};
	const env = structuredClone(base);
	env.spec!.containers![0]!.env = [{name: 'A', value: '1'}];
	const two = structuredClone(env);
	two.metadata!.labels!['tier'] = 'x';
	const cases: [string, string | undefined][] = [
		[deriveCause(base, template('nginx:1.18'))!, 'image nginx:1.17 → nginx:1.18'],
		[deriveCause(base, restarted)!, 'restart'],
		[deriveCause(base, env)!, 'env web.A added: 1'],
		[deriveCause(base, two)!, 'env web.A added: 1 (+1 more)'],
	];
	for (const [actual, expected] of cases) assert.equal(actual, expected);
	assert.equal(deriveCause(base, structuredClone(base)), undefined);
	assert.equal(deriveCause(undefined, base), undefined);
});
