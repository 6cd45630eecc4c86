import {test} from 'node:test';
import assert from 'node:assert/strict';
import {deadlineInfo, rolloutPhase, rolloutProgress, rolloutStatus, statusSentence} from '../source/model/rollout.js';
import {deployment, progressing, replicaSet} from './helpers/model-fixtures.js';

test('rolloutStatus reproduces every kubectl rollout status sentence', () => {
	const cases: {title: string; d: ReturnType<typeof deployment>; expected: string; done: boolean; error?: boolean}[] = [
		{
			title: 'spec not observed',
			d: deployment({
				generation: 3,
				observedGeneration: 2,
				status: {replicas: 3, updatedReplicas: 3, availableReplicas: 3},
			}),
			expected: 'Waiting for deployment spec update to be observed...',
			done: false,
		},
		{
			title: 'updating',
			d: deployment({replicas: 3, status: {replicas: 4, updatedReplicas: 1, availableReplicas: 3}}),
			expected: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
			done: false,
		},
		{
			title: 'old pending termination',
			d: deployment({replicas: 3, status: {replicas: 5, updatedReplicas: 3, availableReplicas: 3}}),
			expected: 'Waiting for deployment "web" rollout to finish: 2 old replicas are pending termination...',
			done: false,
		},
		{
			title: 'waiting for availability',
			d: deployment({replicas: 3, status: {replicas: 3, updatedReplicas: 3, availableReplicas: 1}}),
			expected: 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...',
			done: false,
		},
		{
			title: 'complete',
			d: deployment({replicas: 3, status: {replicas: 3, updatedReplicas: 3, availableReplicas: 3}}),
			expected: 'deployment "web" successfully rolled out',
			done: true,
		},
		{
			title: 'deadline exceeded',
			d: deployment({
				status: {
					replicas: 4,
					updatedReplicas: 1,
					conditions: [progressing('ProgressDeadlineExceeded', undefined, 'False')],
				},
			}),
			expected: 'deployment "web" exceeded its progress deadline',
			done: true,
			error: true,
		},
		{
			title: 'scaled to zero',
			d: deployment({replicas: 0, status: {}}),
			expected: 'deployment "web" successfully rolled out',
			done: true,
		},
	];
	for (const c of cases) {
		const verdict = rolloutStatus(c.d);
		assert.equal(verdict.done, c.done, c.title);
		assert.equal(verdict.error !== undefined, c.error === true, c.title);
		assert.equal(statusSentence(c.d), c.expected, c.title);
	}
});

test('rolloutPhase names each situation', () => {
	const cases: [string, ReturnType<typeof deployment>, string][] = [
		[
			'complete',
			deployment({
				status: {
					replicas: 3,
					updatedReplicas: 3,
					availableReplicas: 3,
					conditions: [progressing('NewReplicaSetAvailable')],
				},
			}),
			'Complete',
		],
		[
			'rolling',
			deployment({
				status: {replicas: 4, updatedReplicas: 1, availableReplicas: 3, conditions: [progressing('ReplicaSetUpdated')]},
			}),
			'Progressing',
		],
		[
			'paused mid-rollout',
			deployment({paused: true, status: {replicas: 4, updatedReplicas: 1, availableReplicas: 3}}),
			'Paused',
		],
		[
			'paused and complete',
			deployment({paused: true, status: {replicas: 3, updatedReplicas: 3, availableReplicas: 3}}),
			'Paused',
		],
		[
			'stalled beats paused',
			deployment({
				paused: true,
				status: {
					replicas: 4,
					updatedReplicas: 1,
					conditions: [progressing('ProgressDeadlineExceeded', undefined, 'False')],
				},
			}),
			'Stalled',
		],
		[
			'scaling up with no old pods',
			deployment({
				replicas: 5,
				status: {
					replicas: 3,
					updatedReplicas: 3,
					availableReplicas: 3,
					conditions: [progressing('NewReplicaSetAvailable')],
				},
			}),
			'Scaling',
		],
		[
			'first rollout is progressing, not scaling',
			deployment({
				replicas: 3,
				status: {
					replicas: 1,
					updatedReplicas: 1,
					availableReplicas: 0,
					conditions: [progressing('NewReplicaSetCreated')],
				},
			}),
			'Progressing',
		],
		[
			'spec not observed',
			deployment({
				generation: 2,
				observedGeneration: 1,
				status: {replicas: 3, updatedReplicas: 3, availableReplicas: 3},
			}),
			'Progressing',
		],
	];
	for (const [title, d, expected] of cases) assert.equal(rolloutPhase(d), expected, title);
});

test('deadlineInfo counts down from the Progressing lastUpdateTime and stops when not counting', () => {
	const now = new Date('2026-11-23T08:04:00Z');
	const rolling = deployment({
		status: {replicas: 4, updatedReplicas: 1, conditions: [progressing('ReplicaSetUpdated', '2026-11-23T08:00:00Z')]},
	});
	assert.deepEqual(deadlineInfo(rolling, now), {
		progressDeadlineSeconds: 600,
		exceeded: false,
		lastProgressAt: new Date('2026-11-23T08:00:00Z'),
		remainingSeconds: 360,
	});
	const late = deadlineInfo(rolling, new Date('2026-11-23T08:30:00Z'));
	assert.equal(late?.remainingSeconds, 0);
	const paused = deployment({
		paused: true,
		status: {
			replicas: 4,
			updatedReplicas: 1,
			conditions: [progressing('DeploymentPaused', '2026-11-23T08:00:00Z', 'Unknown')],
		},
	});
	assert.equal(deadlineInfo(paused, now)?.remainingSeconds, undefined);
	const complete = deployment({
		status: {
			replicas: 3,
			updatedReplicas: 3,
			availableReplicas: 3,
			conditions: [progressing('NewReplicaSetAvailable')],
		},
	});
	assert.equal(deadlineInfo(complete, now)?.remainingSeconds, undefined);
	const exceeded = deployment({
		status: {conditions: [progressing('ProgressDeadlineExceeded', '2026-11-23T08:00:00Z', 'False')]},
	});
	assert.equal(deadlineInfo(exceeded, now)?.exceeded, true);
	assert.equal(deadlineInfo(exceeded, now)?.remainingSeconds, undefined);
	assert.equal(deadlineInfo(deployment({progressDeadlineSeconds: 2147483647}), now), undefined);
});

test('rolloutProgress resolves surge and unavailability like the controller', () => {
	const cases: {
		title: string;
		replicas: number;
		strategy?: any;
		rsReplicas: number[];
		status: any;
		expect: Record<string, number>;
	}[] = [
		{
			title: 'defaults on 10: surge 3, unavailable 2',
			replicas: 10,
			rsReplicas: [5, 8],
			status: {replicas: 13, updatedReplicas: 5, readyReplicas: 10, availableReplicas: 8, unavailableReplicas: 5},
			expect: {
				maxSurge: 3,
				maxUnavailable: 2,
				surgeInUse: 3,
				unavailableInUse: 2,
				oldPodsPendingTermination: 8,
				unavailable: 5,
			},
		},
		{
			title: 'defaults on 1: surge 1, unavailable 0',
			replicas: 1,
			rsReplicas: [1, 1],
			status: {replicas: 2, updatedReplicas: 1, availableReplicas: 1},
			expect: {maxSurge: 1, maxUnavailable: 0, surgeInUse: 1, unavailableInUse: 0, oldPodsPendingTermination: 1},
		},
		{
			title: 'both zero percent: fencepost gives unavailable 1',
			replicas: 4,
			strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: '0%', maxUnavailable: '0%'}},
			rsReplicas: [1, 3],
			status: {replicas: 4, updatedReplicas: 1, availableReplicas: 3},
			expect: {maxSurge: 0, maxUnavailable: 1, surgeInUse: 0, unavailableInUse: 1, oldPodsPendingTermination: 3},
		},
		{
			title: 'Recreate: no surge, no unavailability budget',
			replicas: 3,
			strategy: {type: 'Recreate'},
			rsReplicas: [0, 3],
			status: {replicas: 3, updatedReplicas: 0, availableReplicas: 3},
			expect: {maxSurge: 0, maxUnavailable: 0, surgeInUse: 0, unavailableInUse: 0, oldPodsPendingTermination: 3},
		},
		{
			title: 'absolute values pass through; unavailable clamped to replicas',
			replicas: 2,
			strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 5, maxUnavailable: 7}},
			rsReplicas: [2],
			status: {replicas: 2, updatedReplicas: 2, availableReplicas: 2},
			expect: {maxSurge: 5, maxUnavailable: 2, surgeInUse: 0, unavailableInUse: 0, oldPodsPendingTermination: 0},
		},
	];
	for (const c of cases) {
		const d = deployment({replicas: c.replicas, strategy: c.strategy, status: c.status});
		const rsList = c.rsReplicas.map((replicas, index) =>
			replicaSet({name: `web-${index}`, hash: `h${index}`, replicas}),
		);
		// A ReplicaSet someone else owns must not count.
		rsList.push(replicaSet({name: 'other', hash: 'x', replicas: 9, ownerUid: 'someone-else'}));
		const progress = rolloutProgress(d, rsList);
		assert.equal(progress.desired, c.replicas, c.title);
		for (const [key, value] of Object.entries(c.expect))
			assert.equal((progress as any)[key], value, `${c.title}: ${key}`);
	}
});
