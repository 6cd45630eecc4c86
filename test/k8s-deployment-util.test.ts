import {test} from 'node:test';
import assert from 'node:assert/strict';
import {scaledValueFromIntOrPercent} from '../source/k8s/intstr.js';
import {
	ANNOTATIONS,
	appendRevisionHistory,
	deploymentComplete,
	deploymentProgressing,
	deploymentTimedOut,
	getProportion,
	getReplicaSetFraction,
	isSaturated,
	maxSurge,
	maxUnavailable,
	minAvailable,
	newRSNewReplicas,
	resolveFenceposts,
	revisionOf,
	setNewReplicaSetAnnotations,
	type DeploymentLike,
	type ReplicaSetLike,
} from '../source/k8s/deployment-util.js';

const deployment = (
	replicas: number,
	surge?: number | string,
	unavailable?: number | string,
	type = 'RollingUpdate',
): DeploymentLike => ({
	metadata: {generation: 1},
	spec: {
		replicas,
		strategy: {
			type,
			rollingUpdate:
				type === 'RollingUpdate' ? {maxSurge: surge ?? '25%', maxUnavailable: unavailable ?? '25%'} : undefined,
		},
	},
});

const replicaSet = (
	name: string,
	replicas: number,
	annotations: Record<string, string> = {},
	available = 0,
	created = '2026-01-01T00:00:00Z',
): ReplicaSetLike => ({
	metadata: {name, annotations, creationTimestamp: created},
	spec: {replicas},
	status: {replicas, availableReplicas: available},
});

test('scaledValueFromIntOrPercent rounds percentages and passes ints through', () => {
	const cases: [number | string, number, boolean, number][] = [
		[3, 10, true, 3],
		['25%', 10, true, 3],
		['25%', 10, false, 2],
		['25%', 1, true, 1],
		['25%', 1, false, 0],
		['100%', 7, false, 7],
		['0%', 7, true, 0],
		['33%', 3, true, 1],
	];
	for (const [value, total, roundUp, expected] of cases) {
		assert.equal(
			scaledValueFromIntOrPercent(value, total, roundUp),
			expected,
			`${value} of ${total} roundUp=${roundUp}`,
		);
	}
	assert.throws(() => scaledValueFromIntOrPercent('25', 10, true), {
		message: 'invalid value for IntOrString: invalid type: string is not a percentage',
	});
});

test('default 25%/25% fenceposts per replica count', () => {
	const cases: [number, number, number][] = [
		[1, 1, 0],
		[3, 1, 0],
		[4, 1, 1],
		[10, 3, 2],
	];
	for (const [replicas, surge, unavailable] of cases) {
		assert.deepEqual(resolveFenceposts('25%', '25%', replicas), {surge, unavailable}, `replicas ${replicas}`);
	}
});

test('both fenceposts zero make unavailable 1; MaxUnavailable clamps and zero-replica rules', () => {
	assert.deepEqual(resolveFenceposts(0, 0, 5), {surge: 0, unavailable: 1});
	assert.deepEqual(resolveFenceposts('0%', '10%', 5), {surge: 0, unavailable: 1});
	assert.equal(maxUnavailable(deployment(3, 0, 10)), 3);
	assert.equal(maxUnavailable(deployment(0, 1, 1)), 0);
	assert.equal(maxUnavailable(deployment(3, 1, 1, 'Recreate')), 0);
	assert.equal(maxSurge(deployment(3, 1, 1, 'Recreate')), 0);
	assert.equal(maxSurge(deployment(10, '25%', '25%')), 3);
	assert.equal(minAvailable(deployment(10, '25%', '25%')), 8);
	assert.equal(minAvailable(deployment(3, 1, 1, 'Recreate')), 3);
});

test('revisionOf: missing or unparsable → 0', () => {
	assert.equal(revisionOf({metadata: {annotations: {[ANNOTATIONS.revision]: '7'}}}), 7);
	assert.equal(revisionOf({metadata: {annotations: {[ANNOTATIONS.revision]: 'x'}}}), 0);
	assert.equal(revisionOf({metadata: {}}), 0);
	assert.equal(revisionOf(undefined), 0);
});

test('newRSNewReplicas follows surge and the desired count', () => {
	const d = deployment(10, 3, 2);
	const cases: [number, number, number][] = [
		// [old replicas, new replicas, expected new size]
		[10, 0, 3],
		[10, 3, 3],
		[8, 3, 5],
		[0, 5, 10],
		[2, 10, 10],
	];
	for (const [oldSize, newSize, expected] of cases) {
		const old = replicaSet('old', oldSize);
		const fresh = replicaSet('new', newSize);
		assert.equal(newRSNewReplicas(d, [old, fresh], fresh), expected, `old ${oldSize} new ${newSize}`);
	}
	assert.equal(newRSNewReplicas(deployment(4, 1, 1, 'Recreate'), [], undefined), 4);
	assert.throws(() => newRSNewReplicas({spec: {replicas: 1, strategy: {type: 'Canary'}}}, [], undefined), {
		message: "deployment type Canary isn't supported",
	});
});

test('rolling.go example: crash-looping new RS blocks scale-down (13 − 8 − 5 = 0)', () => {
	const d = deployment(10, 3, 2);
	const allPods = 13;
	const newUnavailable = 5;
	assert.equal(allPods - minAvailable(d) - newUnavailable, 0);
});

test('proportional scaling worked example: 10→50 with surge 3→6 gives v2 22, v1 34', () => {
	const annotations = {[ANNOTATIONS.desiredReplicas]: '10', [ANNOTATIONS.maxReplicas]: '13'};
	const v1 = replicaSet('v1', 8, annotations, 8, '2026-01-01T00:00:00Z');
	const v2 = replicaSet('v2', 5, annotations, 0, '2026-01-01T00:01:00Z');
	const d = deployment(50, 6, 2);
	assert.equal(getReplicaSetFraction(v1, d), 26);
	assert.equal(getReplicaSetFraction(v2, d), 17);
	const toAdd = 50 + 6 - 13;
	assert.equal(toAdd, 43);
	// ReplicaSetsBySizeNewer order: v1 (8) then v2 (5)
	const p1 = getProportion(v1, d, toAdd, 0);
	const p2 = getProportion(v2, d, toAdd, p1);
	assert.equal(8 + p1, 34);
	assert.equal(5 + p2, 22);
	assert.equal(toAdd - p1 - p2, 0);
	assert.equal(getProportion(v1, d, 0, 0), 0);
	assert.equal(getProportion(replicaSet('empty', 0, annotations), d, 10, 0), 0);
});

test('isSaturated needs size, annotation and availability', () => {
	const d = deployment(3);
	assert.equal(isSaturated(d, replicaSet('a', 3, {[ANNOTATIONS.desiredReplicas]: '3'}, 3)), true);
	assert.equal(isSaturated(d, replicaSet('a', 3, {[ANNOTATIONS.desiredReplicas]: '3'}, 2)), false);
	assert.equal(isSaturated(d, replicaSet('a', 3, {}, 3)), false);
	assert.equal(isSaturated(d, undefined), false);
});

test('setNewReplicaSetAnnotations: re-used RS gets max+1 and records its old revision', () => {
	const d: DeploymentLike = {
		metadata: {annotations: {[ANNOTATIONS.changeCause]: 'undo', [ANNOTATIONS.revision]: '2', other: 'x'}},
		spec: {replicas: 2},
	};
	const rs = {metadata: {annotations: {[ANNOTATIONS.revision]: '1'} as Record<string, string>}};
	assert.equal(setNewReplicaSetAnnotations(d, rs, 3, true), true);
	assert.equal(rs.metadata.annotations[ANNOTATIONS.revision], '3');
	assert.equal(rs.metadata.annotations[ANNOTATIONS.revisionHistory], '1');
	assert.equal(rs.metadata.annotations[ANNOTATIONS.changeCause], 'undo');
	assert.equal(rs.metadata.annotations.other, 'x');
	assert.equal(setNewReplicaSetAnnotations(d, rs, 3, true), false, 'second call is a no-op');
	const fresh = {metadata: {}} as {metadata: {annotations?: Record<string, string>}};
	setNewReplicaSetAnnotations(
		{spec: {replicas: 4, strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}}},
		fresh,
		1,
		false,
	);
	assert.deepEqual(fresh.metadata.annotations, {
		[ANNOTATIONS.revision]: '1',
		[ANNOTATIONS.desiredReplicas]: '4',
		[ANNOTATIONS.maxReplicas]: '5',
	});
});

test('appendRevisionHistory drops oldest entries beyond the limit', () => {
	assert.equal(appendRevisionHistory('', '1'), '1');
	assert.equal(appendRevisionHistory('1,3', '5'), '1,3,5');
	assert.equal(appendRevisionHistory('11,22,33', '44', 8), '22,33,44');
	assert.equal(appendRevisionHistory('11,22,33', '44', 7), '33,44');
});

test('deploymentComplete / deploymentProgressing / deploymentTimedOut', () => {
	const d = {
		...deployment(3),
		metadata: {generation: 2},
		spec: {...deployment(3).spec, progressDeadlineSeconds: 10},
		status: {replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3},
	};
	assert.equal(
		deploymentComplete(d, {replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 2}),
		true,
	);
	assert.equal(
		deploymentComplete(d, {replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1}),
		false,
	);
	assert.equal(
		deploymentComplete(d, {replicas: 4, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 2}),
		false,
	);
	assert.equal(
		deploymentProgressing(d, {replicas: 4, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3}),
		true,
	);
	assert.equal(
		deploymentProgressing(d, {replicas: 3, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3}),
		true,
		'fewer old replicas',
	);
	assert.equal(
		deploymentProgressing(d, {replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3}),
		false,
	);
	const now = new Date('2026-01-01T00:01:00Z');
	const progressing = (reason: string, at: string) => ({
		conditions: [{type: 'Progressing', status: 'True', reason, lastUpdateTime: at}],
	});
	assert.equal(deploymentTimedOut(d, progressing('ReplicaSetUpdated', '2026-01-01T00:00:49Z'), now), true);
	assert.equal(
		deploymentTimedOut(d, progressing('ReplicaSetUpdated', '2026-01-01T00:00:50Z'), now),
		false,
		'strictly before',
	);
	assert.equal(deploymentTimedOut(d, progressing('NewReplicaSetAvailable', '2026-01-01T00:00:00Z'), now), false);
	assert.equal(deploymentTimedOut(d, progressing('ProgressDeadlineExceeded', '2026-01-01T00:01:00Z'), now), true);
	assert.equal(
		deploymentTimedOut({spec: {replicas: 1}}, progressing('ReplicaSetUpdated', '2020-01-01T00:00:00Z'), now),
		false,
		'no deadline',
	);
	assert.equal(
		deploymentTimedOut(
			d,
			{
				conditions: [
					{
						type: 'Progressing',
						status: 'True',
						reason: 'ReplicaSetUpdated',
						lastUpdateTime: new Date('2026-01-01T00:00:00Z'),
					},
				],
			},
			now,
		),
		true,
		'Date objects from client-node',
	);
});
