// Property: during every rolling update the ReplicaSets' spec.replicas never sum above replicas + maxSurge, and
// available pods never drop below replicas − maxUnavailable once the deployment was available. Checked on every
// store event. Each run rolls several random deployments at once in one cluster to keep the total time short.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {maxSurge, maxUnavailable} from '../source/k8s/deployment-util.js';
import {isPodAvailable} from '../source/sim/controllers/pod-util.js';
import {createDeployment, deploymentObject, setImage} from '../source/sim/scenarios/kubectl-writes.js';
import type {Store} from '../source/sim/store.js';
import {rolledOut, startCluster, summary} from './helpers/ctl-harness.js';
import {waitFor} from './helpers/wait.js';

const intOrPercent = fc.oneof(
	fc.integer({min: 0, max: 3}),
	fc.integer({min: 0, max: 100}).map(p => `${p}%`),
);
const isZero = (value: number | string) => value === 0 || value === '0%';

const strategy = fc
	.record({
		replicas: fc.integer({min: 1, max: 10}),
		maxSurge: intOrPercent,
		maxUnavailable: intOrPercent,
		minReadySeconds: fc.integer({min: 0, max: 1}),
		secondRollout: fc.boolean(),
	})
	.filter(s => !(isZero(s.maxSurge) && isZero(s.maxUnavailable)));

type Strategy = typeof strategy extends fc.Arbitrary<infer T> ? T : never;

function checkInvariants(store: Store, name: string, wasAvailable: boolean): string | undefined {
	const d = store.get('deployments', 'default', name);
	if (!d) return undefined;
	const replicas = d.spec.replicas as number;
	const replicaSets = store.listByOwner('replicasets', d.metadata.uid);
	const total = replicaSets.reduce((sum, rs) => sum + (rs.spec.replicas as number), 0);
	if (total > replicas + maxSurge(d)) return `${name}: ReplicaSets want ${total} > ${replicas} + surge ${maxSurge(d)}`;
	if (!wasAvailable) return undefined;
	const now = store.now();
	let available = 0;
	for (const rs of replicaSets) {
		for (const pod of store.listByOwner('pods', rs.metadata.uid)) {
			if (!pod.metadata.deletionTimestamp && isPodAvailable(pod, d.spec.minReadySeconds ?? 0, now)) available++;
		}
	}
	const minimum = replicas - maxUnavailable(d);
	if (available < minimum)
		return `${name}: ${available} available pods < ${replicas} − maxUnavailable ${maxUnavailable(d)}`;
	return undefined;
}

async function rollAll(strategies: Strategy[]): Promise<void> {
	const cluster = startCluster(100);
	const {store} = cluster;
	const availableOnce = new Set<string>();
	const violations: string[] = [];
	const names = strategies.map((_s, index) => `prop-${index}`);
	const unsubscribe = store.subscribe(() => {
		for (const name of names) {
			const violation = checkInvariants(store, name, availableOnce.has(name));
			if (violation && violations.length < 5) violations.push(violation);
		}
	});
	try {
		strategies.forEach((s, index) => {
			createDeployment(
				store,
				deploymentObject({
					name: names[index]!,
					image: 'app:1',
					replicas: s.replicas,
					minReadySeconds: s.minReadySeconds,
					strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: s.maxSurge, maxUnavailable: s.maxUnavailable}},
				}),
			);
		});
		await Promise.all(
			names.map(async (name, index) => {
				await waitFor(() => rolledOut(store, 'default', name), {
					message: () => `${name} v1\n${JSON.stringify(summary(store, 'default', name), null, 1)}`,
				});
				availableOnce.add(name);
				setImage(store, 'default', name, 'app:2');
				if (strategies[index]!.secondRollout) {
					// Change the template again while the first rollout is under way: two old ReplicaSets.
					await waitFor(
						() =>
							store.listByOwner('replicasets', store.get('deployments', 'default', name)!.metadata.uid).length === 2,
						{message: `${name} v2 started`},
					);
					setImage(store, 'default', name, 'app:3');
				}
				await waitFor(
					() =>
						rolledOut(store, 'default', name) &&
						(store.get('deployments', 'default', name)!.metadata.annotations?.['deployment.kubernetes.io/revision'] ??
							'') === (strategies[index]!.secondRollout ? '3' : '2'),
					{
						message: () => `${name} rolled out\n${JSON.stringify(summary(store, 'default', name), null, 1)}`,
					},
				);
			}),
		);
	} catch (error) {
		console.error('property run failed', String(error), JSON.stringify(strategies));
		throw error;
	} finally {
		unsubscribe();
		cluster.stop();
	}
	if (violations.length > 0 || cluster.errors.length > 0)
		console.error('property violation', violations, cluster.errors.map(String), JSON.stringify(strategies));
	assert.deepEqual(violations, [], `strategies: ${JSON.stringify(strategies)}`);
	assert.deepEqual(cluster.errors.map(String), []);
}

test('rolling updates respect maxSurge and maxUnavailable on every event', {timeout: 240_000}, async () => {
	await fc.assert(fc.asyncProperty(fc.array(strategy, {minLength: 1, maxLength: 6}), rollAll), {
		numRuns: process.env.CI ? 5 : 6,
		endOnFailure: true,
	});
});
