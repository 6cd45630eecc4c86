// Properties of StatefulSet and DaemonSet updates, checked on every store event: a DaemonSet never has more nodes
// without an available pod than maxUnavailable allows (none at all when it surges), and an OrderedReady StatefulSet
// never has more than one pod not Ready while it rolls, replaces from the highest ordinal down, and stops at its
// partition. Each run rolls several random workloads at once in one cluster to keep the total time short.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {scaledValueFromIntOrPercent} from '../source/k8s/intstr.js';
import {nodeShouldRunDaemonPod} from '../source/sim/controllers/daemonset.js';
import {ensureNodes} from '../source/sim/controllers/nodes.js';
import {isPodAvailable, isPodReady} from '../source/sim/controllers/pod-util.js';
import {
	createWorkload,
	daemonSetObject,
	setWorkloadImage,
	statefulSetObject,
} from '../source/sim/scenarios/workload-writes.js';
import type {Store, StoredObject} from '../source/sim/store.js';
import {startCluster} from './helpers/ctl-harness.js';
import {waitFor} from './helpers/wait.js';

const daemonStrategy = fc.oneof(
	fc.record({
		maxUnavailable: fc.oneof(
			fc.integer({min: 1, max: 3}),
			fc.integer({min: 1, max: 100}).map(p => `${p}%`),
		),
		maxSurge: fc.constant<number | string>(0),
		minReadySeconds: fc.integer({min: 0, max: 1}),
	}),
	fc.record({
		maxUnavailable: fc.constant<number | string>(0),
		maxSurge: fc.oneof(
			fc.integer({min: 1, max: 3}),
			fc.integer({min: 1, max: 100}).map(p => `${p}%`),
		),
		minReadySeconds: fc.integer({min: 0, max: 1}),
	}),
);
const setStrategy = fc
	.record({
		replicas: fc.integer({min: 1, max: 5}),
		partition: fc.integer({min: 0, max: 5}),
		minReadySeconds: fc.integer({min: 0, max: 1}),
	})
	.map(s => ({...s, partition: Math.min(s.partition, s.replicas)}));

type DaemonStrategy = typeof daemonStrategy extends fc.Arbitrary<infer T> ? T : never;
type SetStrategy = typeof setStrategy extends fc.Arbitrary<infer T> ? T : never;

const image = (pod: StoredObject) => pod.spec.containers[0].image as string;
const live = (pods: StoredObject[]) => pods.filter(pod => !pod.metadata.deletionTimestamp);

function daemonViolation(store: Store, name: string, strategy: DaemonStrategy): string | undefined {
	const ds = store.get('daemonsets', 'default', name);
	if (!ds) return undefined;
	const now = store.now();
	const eligible = store.list('nodes').filter(node => nodeShouldRunDaemonPod(node, ds)[0]);
	const allowed =
		strategy.maxSurge === 0 ? scaledValueFromIntOrPercent(strategy.maxUnavailable, eligible.length, true) : 0;
	const pods = live(store.listByOwner('pods', ds.metadata.uid));
	const missing = eligible.filter(
		node =>
			!pods.some(pod => pod.spec.nodeName === node.metadata.name && isPodAvailable(pod, strategy.minReadySeconds, now)),
	).length;
	return missing > allowed ? `${name}: ${missing} nodes without an available pod > ${allowed}` : undefined;
}

function setViolation(store: Store, name: string, strategy: SetStrategy): string | undefined {
	const set = store.get('statefulsets', 'default', name);
	if (!set) return undefined;
	const ready = live(store.listByOwner('pods', set.metadata.uid)).filter(
		pod => pod.status?.phase === 'Running' && isPodReady(pod),
	).length;
	return strategy.replicas - ready > 1 ? `${name}: ${strategy.replicas - ready} pods not Ready` : undefined;
}

async function rollAll(daemons: DaemonStrategy[], sets: SetStrategy[], nodes: number): Promise<void> {
	const cluster = startCluster(100);
	const {store} = cluster;
	ensureNodes(store, nodes); // the harness starts three
	const checking = new Set<string>();
	const violations: string[] = [];
	const replaced: Record<string, string[]> = {};
	const unsubscribe = store.subscribe(event => {
		for (const name of checking) {
			const violation = name.startsWith('ds-')
				? daemonViolation(store, name, daemons[Number(name.slice(3))]!)
				: setViolation(store, name, sets[Number(name.slice(4))]!);
			if (violation && violations.length < 5) violations.push(violation);
		}
		const owner = event.object.metadata.ownerReferences?.[0];
		if (
			event.resource === 'pods' &&
			event.type === 'ADDED' &&
			owner?.kind === 'StatefulSet' &&
			checking.has(owner.name)
		)
			(replaced[owner.name] ??= []).push(event.object.metadata.name);
	});
	const settled = (resource: 'daemonsets' | 'statefulsets', name: string, wanted: string) => () => {
		const object = store.get(resource, 'default', name)!;
		const pods = live(store.listByOwner('pods', object.metadata.uid));
		if ((object.status?.observedGeneration ?? 0) < (object.metadata.generation ?? 0)) return false;
		if (resource === 'daemonsets')
			return (
				object.status.desiredNumberScheduled === nodes &&
				object.status.updatedNumberScheduled === nodes &&
				object.status.numberAvailable === nodes &&
				pods.length === nodes &&
				pods.every(pod => image(pod) === wanted)
			);
		const {replicas, partition} = sets[Number(name.slice(4))]!;
		return (
			object.status.readyReplicas === replicas &&
			pods.length === replicas &&
			pods.every(
				pod =>
					isPodReady(pod) &&
					image(pod) === (Number(pod.metadata.name.split('-').at(-1)) >= partition ? wanted : 'app:1'),
			)
		);
	};
	try {
		const work: Promise<void>[] = [];
		daemons.forEach((strategy, index) => {
			const name = `ds-${index}`;
			createWorkload(
				store,
				'daemonsets',
				daemonSetObject({
					name,
					namespace: 'default',
					image: 'app:1',
					spec: {
						minReadySeconds: strategy.minReadySeconds,
						updateStrategy: {
							type: 'RollingUpdate',
							rollingUpdate: {maxUnavailable: strategy.maxUnavailable, maxSurge: strategy.maxSurge},
						},
					},
				}),
			);
			work.push(
				(async () => {
					await waitFor(settled('daemonsets', name, 'app:1'), {message: `${name} v1`});
					checking.add(name);
					setWorkloadImage(store, 'daemonsets', 'default', name, 'app:2');
					await waitFor(settled('daemonsets', name, 'app:2'), {message: `${name} v2`});
				})(),
			);
		});
		sets.forEach((strategy, index) => {
			const name = `sts-${index}`;
			createWorkload(
				store,
				'statefulsets',
				statefulSetObject({
					name,
					namespace: 'default',
					image: 'app:1',
					spec: {
						replicas: strategy.replicas,
						minReadySeconds: strategy.minReadySeconds,
						updateStrategy: {type: 'RollingUpdate', rollingUpdate: {partition: strategy.partition}},
					},
				}),
			);
			work.push(
				(async () => {
					await waitFor(
						() => {
							const set = store.get('statefulsets', 'default', name)!;
							return (
								set.status?.readyReplicas === strategy.replicas && set.status?.availableReplicas === strategy.replicas
							);
						},
						{message: `${name} v1`},
					);
					checking.add(name);
					setWorkloadImage(store, 'statefulsets', 'default', name, 'app:2');
					await waitFor(settled('statefulsets', name, 'app:2'), {message: `${name} v2`});
					const expected = [];
					for (let ordinal = strategy.replicas - 1; ordinal >= strategy.partition; ordinal--)
						expected.push(`${name}-${ordinal}`);
					assert.deepEqual(replaced[name] ?? [], expected, `${name} replaced from the highest ordinal down`);
				})(),
			);
		});
		await Promise.all(work);
	} catch (error) {
		console.error('property run failed', String(error), JSON.stringify({daemons, sets, nodes}));
		throw error;
	} finally {
		unsubscribe();
		cluster.stop();
	}
	assert.deepEqual(violations, [], JSON.stringify({daemons, sets, nodes}));
	assert.deepEqual(cluster.errors.map(String), []);
}

test('DaemonSet and StatefulSet updates stay within their bounds on every event', {timeout: 240_000}, async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.array(daemonStrategy, {minLength: 1, maxLength: 3}),
			fc.array(setStrategy, {minLength: 1, maxLength: 3}),
			fc.integer({min: 3, max: 7}),
			rollAll,
		),
		{numRuns: process.env.CI ? 4 : 5, endOnFailure: true},
	);
});
