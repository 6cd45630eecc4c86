// Failing detection for a rollout's new revision, the new-revision-only progress, and the paused note: tables.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
	failingPhaseText,
	failureBanner,
	newRevisionProgress,
	pausedNote,
	podFailure,
	rolloutFailure,
} from '../source/model/health.js';
import type {PodJson} from '../source/model/objects.js';
import {deployment, pod, replicaSet} from './helpers/model-fixtures.js';

const NOW = new Date('2026-11-23T08:10:00Z');
const owned = (rs: string) => ({
	ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: `uid-${rs}`, controller: true}],
});
const waiting = (reason: string, message?: string): PodJson['status'] => ({
	phase: 'Pending',
	containerStatuses: [{name: 'web', ready: false, restartCount: 0, state: {waiting: {reason, message}}}],
});

test('podFailure names each way a pod fails, and nothing for a pod that is only starting', () => {
	const cases: [string, PodJson['status'], string | undefined][] = [
		['starting', waiting('ContainerCreating'), undefined],
		['crash loop', waiting('CrashLoopBackOff', 'back-off 40s restarting failed container'), 'CrashLoopBackOff'],
		['image pull back-off', waiting('ImagePullBackOff'), 'ImagePullBackOff'],
		['image pull error', waiting('ErrImagePull'), 'ErrImagePull'],
		['bad config', waiting('CreateContainerConfigError', 'secret "db" not found'), 'CreateContainerConfigError'],
		[
			'OOM killed, now in back-off: the OOM kill is the reason',
			{
				phase: 'Running',
				containerStatuses: [
					{
						name: 'web',
						ready: false,
						restartCount: 3,
						state: {waiting: {reason: 'CrashLoopBackOff'}},
						lastState: {terminated: {reason: 'OOMKilled', exitCode: 137}},
					} as never,
				],
			},
			'OOMKilled',
		],
		[
			'unschedulable',
			{
				phase: 'Pending',
				conditions: [
					{
						type: 'PodScheduled',
						status: 'False',
						reason: 'Unschedulable',
						message: '0/3 nodes are available: 3 Insufficient cpu.',
					},
				],
			},
			'Unschedulable',
		],
		[
			'running, not ready for 30 s: not yet failing',
			{
				phase: 'Running',
				conditions: [{type: 'Ready', status: 'False', lastTransitionTime: '2026-11-23T08:09:30Z'}],
				containerStatuses: [{name: 'web', ready: false, state: {running: {startedAt: '2026-11-23T08:09:30Z'}}}],
			},
			undefined,
		],
		[
			'running, readiness failing for over a minute',
			{
				phase: 'Running',
				conditions: [{type: 'Ready', status: 'False', lastTransitionTime: '2026-11-23T08:08:00Z'}],
				containerStatuses: [{name: 'web', ready: false, state: {running: {startedAt: '2026-11-23T08:08:30Z'}}}],
			},
			'Unready',
		],
		[
			'running and ready',
			{
				phase: 'Running',
				conditions: [{type: 'Ready', status: 'True'}],
				containerStatuses: [{name: 'web', ready: true, state: {running: {startedAt: '2026-11-23T08:00:00Z'}}}],
			},
			undefined,
		],
	];
	for (const [name, status, expected] of cases) {
		assert.equal(podFailure(pod('p', status), NOW)?.reason, expected, name);
	}
	const terminating = pod('t', waiting('CrashLoopBackOff'), {deletionTimestamp: '2026-11-23T08:09:00Z'});
	assert.equal(podFailure(terminating, NOW), undefined, 'a terminating pod is on its way out, not failing');
	assert.equal(
		podFailure(pod('m', waiting('CreateContainerConfigError', 'secret "db" not found')), NOW)?.message,
		'secret "db" not found',
	);
});

function rollout() {
	const d = deployment({replicas: 3, revision: 2, image: 'nginx:crashloop'});
	const oldRS = replicaSet({
		name: 'web-old',
		hash: 'old',
		revision: 1,
		replicas: 2,
		image: 'nginx:1.17',
		status: {replicas: 2, availableReplicas: 2},
	});
	const newRS = replicaSet({
		name: 'web-new',
		hash: 'new',
		revision: 2,
		replicas: 3,
		image: 'nginx:crashloop',
		status: {replicas: 3, availableReplicas: 1},
	});
	return {d, replicaSets: [oldRS, newRS]};
}

test('rolloutFailure counts only the new revision: reason, count, the pod to look at', () => {
	const {d, replicaSets} = rollout();
	const healthyOld = pod('web-old-aaaaa', waiting('CrashLoopBackOff'), owned('web-old'));
	const pods = [
		healthyOld,
		pod('web-new-ccccc', waiting('CrashLoopBackOff', 'back-off 20s'), owned('web-new')),
		pod('web-new-bbbbb', waiting('CrashLoopBackOff', 'back-off 10s'), owned('web-new')),
		pod('web-new-ddddd', waiting('ContainerCreating'), owned('web-new')),
		pod('web-new-eeeee', waiting('CrashLoopBackOff'), {...owned('web-new'), deletionTimestamp: '2026-11-23T08:09:00Z'}),
	];
	const failure = rolloutFailure(d, replicaSets, pods, NOW)!;
	assert.equal(failure.reason, 'CrashLoopBackOff');
	assert.equal(failure.failing, 2);
	assert.equal(failure.newPods, 3, 'terminating pods are not counted');
	assert.equal(failure.pod, 'web-new-bbbbb', 'the first failing pod by name');
	assert.equal(failure.container, 'web');
	assert.equal(failingPhaseText(failure), 'Failing: CrashLoopBackOff 2/3 new pods');
	assert.equal(
		failureBanner(failure),
		'Failing: CrashLoopBackOff 2/3 new pods — pod web-new-bbbbb (container web): back-off 10s',
	);
	assert.equal(rolloutFailure(d, replicaSets, [healthyOld], NOW), undefined, 'old pods failing do not count');
	assert.equal(rolloutFailure(d, replicaSets, pods.slice(3, 4), NOW), undefined, 'starting is not failing');
});

test('rolloutFailure names the most telling reason when new pods fail differently', () => {
	const {d, replicaSets} = rollout();
	const pods = [
		pod('web-new-aaaaa', waiting('ImagePullBackOff'), owned('web-new')),
		pod('web-new-bbbbb', waiting('ErrImagePull'), owned('web-new')),
		pod('web-new-ccccc', waiting('CrashLoopBackOff'), owned('web-new')),
	];
	const failure = rolloutFailure(d, replicaSets, pods, NOW)!;
	assert.deepEqual(
		[failure.reason, failure.failing, failure.pod, failure.pods.map(p => p.pod)],
		['CrashLoopBackOff', 1, 'web-new-ccccc', ['web-new-ccccc', 'web-new-aaaaa', 'web-new-bbbbb']],
	);
});

test('newRevisionProgress: only available pods of the new ReplicaSet fill the bar', () => {
	const {d, replicaSets} = rollout();
	assert.deepEqual(newRevisionProgress(d, replicaSets), {desired: 3, available: 1, starting: 2});
	const done = deployment({replicas: 3, revision: 1});
	assert.deepEqual(newRevisionProgress(done, [replicaSets[0]!]), {desired: 3, available: 2, starting: 0});
	const noNew = deployment({replicas: 2, revision: 5});
	assert.deepEqual(
		newRevisionProgress(
			noNew,
			[replicaSets[0]!].map(rs => ({...rs, spec: {...rs.spec, template: undefined}})),
		),
		{desired: 2, available: 0, starting: 0},
		'before the controller made the new ReplicaSet, old pods never fill the bar',
	);
});

test('pausedNote: kubectl sentence stays, the note says the rollout is paused', () => {
	const paused = {name: 'web', paused: true};
	assert.equal(
		pausedNote(paused, 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...'),
		'the rollout will not finish until it is resumed (r, or kubectl rollout resume deployment/web)',
	);
	assert.equal(
		pausedNote(paused, 'deployment "web" successfully rolled out'),
		'changes to the template will not roll out until it is resumed (r, or kubectl rollout resume deployment/web)',
	);
	assert.equal(
		pausedNote({name: 'web', paused: false}, 'Waiting for deployment "web" rollout to finish: ...'),
		undefined,
	);
});

test('healthTargets: only new revisions lacking available pods are watched', async () => {
	const {healthTargets} = await import('../source/model/health.js');
	const {d, replicaSets} = rollout();
	assert.deepEqual(
		healthTargets([d], () => replicaSets),
		[{key: 'default/web', namespace: 'default', hash: 'new'}],
	);
	const settled = replicaSets.map(rs =>
		rs.metadata.name === 'web-new' ? {...rs, status: {replicas: 3, availableReplicas: 3}} : rs,
	);
	assert.deepEqual(
		healthTargets([d], () => settled),
		[],
	);
});
