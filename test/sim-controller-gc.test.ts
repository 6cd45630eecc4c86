// The garbage collector against a Store: owners of any served kind (resolved through the resource table),
// several owners, dangling references on creation, and the registry's deletion rules it relies on.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {startCluster} from './helpers/ctl-harness.js';
import {deleteObject} from '../source/sim/deletion.js';
import {RESOURCE_INFO, apiVersionOf} from '../source/sim/api/resources.js';
import type {StoredObject} from '../source/sim/store.js';
import {waitFor} from './helpers/wait.js';

const ownerRef = (owner: StoredObject, block = false) => ({
	apiVersion: owner.apiVersion,
	kind: owner.kind,
	name: owner.metadata.name,
	uid: owner.metadata.uid,
	...(block ? {blockOwnerDeletion: true} : {}),
});

function bareEvent(store: ReturnType<typeof startCluster>['store'], name: string, owners: StoredObject[]) {
	return store.create('events', {
		apiVersion: 'v1',
		kind: 'Event',
		metadata: {name, namespace: 'default', ownerReferences: owners.map(o => ownerRef(o))},
		reason: 'Test',
	});
}

test('every namespaced kind of the resource table can own dependents: deleting the owner collects them', async () => {
	const cluster = startCluster();
	try {
		const {store} = cluster;
		for (const info of Object.values(RESOURCE_INFO).filter(i => i.namespaced)) {
			const owner = store.create(info.resource, {
				apiVersion: apiVersionOf(info),
				kind: info.kind,
				metadata: {name: `owner-${info.resource}`, namespace: 'default'},
			});
			bareEvent(store, `dependent-of-${info.resource}`, [owner]);
			deleteObject(store, info.resource, 'default', owner.metadata.name, {uid: owner.metadata.uid});
			await waitFor(
				() => {
					return !store.get('events', 'default', `dependent-of-${info.resource}`);
				},
				{message: `the dependent of a ${info.kind} collected`},
			);
		}
	} finally {
		cluster.stop();
	}
});

test('a dependent with another owner that stays loses only the reference to the deleted one', async () => {
	const cluster = startCluster();
	try {
		const {store} = cluster;
		const make = (name: string) =>
			store.create('events', {apiVersion: 'v1', kind: 'Event', metadata: {name, namespace: 'default'}});
		const a = make('owner-a');
		const b = make('owner-b');
		bareEvent(store, 'shared', [a, b]);
		deleteObject(store, 'events', 'default', 'owner-a');
		await waitFor(
			() => {
				const refs = store.get('events', 'default', 'shared')?.metadata.ownerReferences;
				return refs?.length === 1 && refs[0]!.uid === b.metadata.uid;
			},
			{message: 'the reference to owner-a removed'},
		);
		deleteObject(store, 'events', 'default', 'owner-b');
		await waitFor(() => !store.get('events', 'default', 'shared'), {
			message: 'the dependent collected with its last owner',
		});
	} finally {
		cluster.stop();
	}
});

test('a dependent created with a reference to an owner that does not exist (or another uid) is collected', async () => {
	const cluster = startCluster();
	try {
		const {store} = cluster;
		const owner = store.create('events', {
			apiVersion: 'v1',
			kind: 'Event',
			metadata: {name: 'real', namespace: 'default'},
		});
		const stale = {...owner, metadata: {...owner.metadata, uid: 'not-the-uid'}};
		bareEvent(store, 'stale-uid', [stale]);
		bareEvent(store, 'kept', [owner]);
		await waitFor(() => !store.get('events', 'default', 'stale-uid'), {message: 'the stale dependent collected'});
		assert.ok(store.get('events', 'default', 'kept'));
	} finally {
		cluster.stop();
	}
});

test('foreground deletion waits for blocking dependents only; orphaning removes references', async () => {
	const cluster = startCluster();
	try {
		const {store} = cluster;
		const make = (name: string, owners: StoredObject[] = [], block = false, finalizers?: string[]) =>
			store.create('events', {
				apiVersion: 'v1',
				kind: 'Event',
				metadata: {
					name,
					namespace: 'default',
					ownerReferences: owners.map(o => ownerRef(o, block)),
					...(finalizers ? {finalizers} : {}),
				},
			});
		const owner = make('fg-owner');
		make('fg-blocking', [owner], true, ['example.com/hold']);
		make('fg-free', [owner]);
		const outcome = deleteObject(store, 'events', 'default', 'fg-owner', {propagationPolicy: 'Foreground'});
		assert.equal(outcome.deleted, false);
		assert.deepEqual(outcome.object.metadata.finalizers, ['foregroundDeletion']);
		await waitFor(
			() => {
				const blocking = store.get('events', 'default', 'fg-blocking');
				return !store.get('events', 'default', 'fg-free') && blocking?.metadata.deletionTimestamp;
			},
			{message: 'both dependents deleted or deleting'},
		);
		assert.ok(store.get('events', 'default', 'fg-owner'), 'held by the blocking dependent');
		const blocking = structuredClone(store.get('events', 'default', 'fg-blocking')!);
		delete blocking.metadata.finalizers;
		store.update('events', blocking);
		deleteObject(store, 'events', 'default', 'fg-blocking'); // the registry deletes at once: grace 0, no finalizer
		await waitFor(() => !store.get('events', 'default', 'fg-owner'), {message: 'the owner gone'});

		const parent = make('orphan-owner');
		make('orphan-child', [parent]);
		deleteObject(store, 'events', 'default', 'orphan-owner', {propagationPolicy: 'Orphan'});
		await waitFor(() => !store.get('events', 'default', 'orphan-owner'), {message: 'the owner gone'});
		assert.equal(store.get('events', 'default', 'orphan-child')?.metadata.ownerReferences, undefined);
	} finally {
		cluster.stop();
	}
});
