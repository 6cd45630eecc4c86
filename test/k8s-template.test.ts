import {test} from 'node:test';
import assert from 'node:assert/strict';
import {computeTemplateHash, equalIgnoreHash, safeEncodeString} from '../source/k8s/template.js';
import {getCondition, newCondition, setCondition, type ConditionHolder} from '../source/k8s/conditions.js';
import {
	findActiveOrLatest,
	findNewReplicaSet,
	bySizeNewer,
	bySizeOlder,
	byRevision,
} from '../source/k8s/replicaset-util.js';

const template = (image: string, extraLabels: Record<string, string> = {}) => ({
	metadata: {labels: {app: 'web', ...extraLabels}},
	spec: {containers: [{name: 'web', image}]},
});

test('equalIgnoreHash ignores the hash label and treats nil like empty', () => {
	assert.equal(equalIgnoreHash(template('a:1'), template('a:1', {'pod-template-hash': '123'})), true);
	assert.equal(equalIgnoreHash(template('a:1'), template('a:2')), false);
	assert.equal(equalIgnoreHash(template('a:1', {x: 'y'}), template('a:1')), false);
	const withEmpties = {
		metadata: {labels: {app: 'web'}, creationTimestamp: null, annotations: {}},
		spec: {containers: [{name: 'web', image: 'a:1', resources: {}}]},
	};
	assert.equal(equalIgnoreHash(withEmpties as never, template('a:1')), true);
});

test('computeTemplateHash: stable, alphabet [4-9bcdf], depends on template and collision count', () => {
	const a = computeTemplateHash(template('a:1'));
	assert.match(a, /^[4-9bcdf]{1,10}$/);
	assert.equal(computeTemplateHash(template('a:1', {'pod-template-hash': a})), a);
	assert.notEqual(computeTemplateHash(template('a:2')), a);
	assert.notEqual(computeTemplateHash(template('a:1'), 1), a);
	assert.equal(safeEncodeString('0123456789'), '456789bcdf');
});

test('setCondition keeps transition time on same status and moves the condition last', () => {
	const status: ConditionHolder = {};
	setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'm1', 't1'));
	setCondition(status, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'm2', 't1'));
	setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'ignored', 't2'));
	assert.equal(getCondition(status, 'Progressing')?.message, 'm1', 'same status and reason: no-op');
	setCondition(status, newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'm3', 't3'));
	assert.deepEqual(
		status.conditions!.map(c => c.type),
		['Available', 'Progressing'],
	);
	assert.equal(getCondition(status, 'Progressing')?.lastTransitionTime, 't1');
	assert.equal(getCondition(status, 'Progressing')?.lastUpdateTime, 't3');
	setCondition(status, newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', 'm4', 't4'));
	assert.equal(getCondition(status, 'Progressing')?.lastTransitionTime, 't4');
});

test('ReplicaSet orderings and FindNewReplicaSet/FindActiveOrLatest', () => {
	const rs = (name: string, replicas: number, created: string, revision?: string, image = 'a:1') => ({
		metadata: {
			name,
			uid: name,
			creationTimestamp: created,
			annotations: (revision ? {'deployment.kubernetes.io/revision': revision} : {}) as Record<string, string>,
		},
		spec: {replicas, template: template(image)},
	});
	const old = rs('old', 2, '2026-01-01T00:00:00Z', '3');
	const mid = rs('mid', 2, '2026-01-01T00:01:00Z', '1');
	const fresh = rs('fresh', 5, '2026-01-01T00:02:00Z', '2', 'a:2');
	assert.deepEqual(
		[mid, fresh, old].sort(bySizeNewer).map(r => r.metadata.name),
		['fresh', 'mid', 'old'],
	);
	assert.deepEqual(
		[mid, fresh, old].sort(bySizeOlder).map(r => r.metadata.name),
		['fresh', 'old', 'mid'],
	);
	assert.deepEqual(
		[old, mid, fresh].sort(byRevision).map(r => r.metadata.name),
		['mid', 'fresh', 'old'],
	);
	assert.equal(findNewReplicaSet(template('a:1'), [mid, old, fresh]), old, 'oldest match wins');
	assert.equal(findNewReplicaSet(template('b:1'), [mid, old, fresh]), undefined);
	assert.equal(findActiveOrLatest(fresh, [old, mid]), undefined, 'several active');
	const idle = (r: ReturnType<typeof rs>) => ({...r, spec: {...r.spec, replicas: 0}});
	assert.equal(findActiveOrLatest(fresh, [idle(old), idle(mid)]), fresh);
	assert.equal(findActiveOrLatest(undefined, [idle(old), idle(mid)])?.metadata.name, 'mid', 'newest old');
});

test('selectorMatches: matchLabels and every expression operator', async () => {
	const {selectorMatches} = await import('../source/k8s/selector.js');
	const labels = {app: 'web', tier: 'front'};
	const cases: [Parameters<typeof selectorMatches>[0], boolean][] = [
		[{matchLabels: {app: 'web'}}, true],
		[{matchLabels: {app: 'api'}}, false],
		[{matchExpressions: [{key: 'tier', operator: 'In', values: ['front', 'back']}]}, true],
		[{matchExpressions: [{key: 'tier', operator: 'NotIn', values: ['front']}]}, false],
		[{matchExpressions: [{key: 'zone', operator: 'NotIn', values: ['a']}]}, true],
		[{matchExpressions: [{key: 'app', operator: 'Exists'}]}, true],
		[{matchExpressions: [{key: 'app', operator: 'DoesNotExist'}]}, false],
		[{matchLabels: {app: 'web'}, matchExpressions: [{key: 'zone', operator: 'Exists'}]}, false],
		[{}, true],
	];
	for (const [selector, expected] of cases)
		assert.equal(selectorMatches(selector, labels), expected, JSON.stringify(selector));
});
