// The owner index follows the ReplicaSet watch event by event; lists keep identity until their owner's set changes.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {OwnerIndex} from '../source/cluster/owner-index.js';
import type {ReplicaSetJson} from '../source/model/objects.js';
import {replicaSet} from './helpers/model-fixtures.js';

const names = (list: readonly ReplicaSetJson[]) => list.map(rs => rs.metadata.name).sort();

test('reset groups by controller uid; objects without a controller are left out', () => {
	const index = new OwnerIndex<ReplicaSetJson>();
	const orphan = replicaSet({name: 'lonely', hash: 'z'});
	orphan.metadata.ownerReferences = [{kind: 'Deployment', name: 'x', uid: 'uid-x'}];
	index.reset([
		replicaSet({name: 'a-1', hash: '1', ownerUid: 'A'}),
		replicaSet({name: 'a-2', hash: '2', ownerUid: 'A'}),
		replicaSet({name: 'b-1', hash: '3', ownerUid: 'B'}),
		orphan,
	]);
	assert.deepEqual(names(index.owned('A')), ['a-1', 'a-2']);
	assert.deepEqual(names(index.owned('B')), ['b-1']);
	assert.deepEqual(index.owned('uid-x'), []);
	assert.deepEqual(index.owned(undefined), []);
});

test('updates replace, add, move between owners and delete; untouched owners keep the same array', () => {
	const index = new OwnerIndex<ReplicaSetJson>();
	const a1 = replicaSet({name: 'a-1', hash: '1', ownerUid: 'A'});
	const b1 = replicaSet({name: 'b-1', hash: '3', ownerUid: 'B'});
	index.reset([a1, b1]);
	const listA = index.owned('A');
	const listB = index.owned('B');
	assert.equal(index.owned('A'), listA, 'asked twice without a change: same array');

	const a1Scaled = {...a1, spec: {...a1.spec, replicas: 5}};
	index.update(a1, a1Scaled);
	assert.notEqual(index.owned('A'), listA);
	assert.equal(index.owned('A')[0], a1Scaled);
	assert.equal(index.owned('B'), listB, 'B untouched');

	const a2 = replicaSet({name: 'a-2', hash: '2', ownerUid: 'A'});
	index.update(undefined, a2);
	assert.deepEqual(names(index.owned('A')), ['a-1', 'a-2']);

	// Orphaned and adopted by B (controller reference changed).
	const adopted = replicaSet({name: 'a-2', hash: '2', ownerUid: 'B'});
	index.update(a2, adopted);
	assert.deepEqual(names(index.owned('A')), ['a-1']);
	assert.deepEqual(names(index.owned('B')), ['a-2', 'b-1']);

	index.update(adopted, undefined);
	index.update(b1, undefined);
	assert.deepEqual(index.owned('B'), []);
});

test('changedSince: the owners changed after a mark; after a relist, or too long ago, not known', () => {
	const index = new OwnerIndex<ReplicaSetJson>();
	const a1 = replicaSet({name: 'a-1', hash: '1', ownerUid: 'A'});
	const b1 = replicaSet({name: 'b-1', hash: '3', ownerUid: 'B'});
	index.reset([a1, b1]);
	const mark = index.changeCount;
	assert.deepEqual(index.changedSince(mark), []);
	index.update(a1, {...a1, spec: {...a1.spec, replicas: 5}});
	index.update(undefined, replicaSet({name: 'c-1', hash: '4', ownerUid: 'C'}));
	assert.deepEqual([...new Set(index.changedSince(mark))], ['A', 'C']);
	const later = index.changeCount;
	assert.deepEqual(index.changedSince(later), []);
	index.update(b1, undefined);
	assert.deepEqual(index.changedSince(later), ['B']);
	// A relist may have changed anything.
	index.reset([a1]);
	assert.equal(index.changedSince(later), undefined);
	assert.deepEqual(index.changedSince(index.changeCount), []);
	// Thousands of changes later the oldest are forgotten: the reader looks at everything.
	const old = index.changeCount;
	for (let n = 0; n < 30_000; n++) index.update(a1, a1);
	assert.equal(index.changedSince(old), undefined);
	assert.deepEqual([...new Set(index.changedSince(index.changeCount - 10))], ['A']);
});
