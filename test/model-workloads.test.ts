// StatefulSet and DaemonSet arithmetic, table-driven: kubectl's rollout status sentence (StatefulSetStatusViewer,
// DaemonSetStatusViewer), the list's progress and phase, revision history from ControllerRevisions, kubectl's
// findHistory and undo/restart plans, and the pictures the two views draw. The same sentences are held against the
// real kubectl on simulator objects in cluster-workloads.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {
	controllerRevisionHistory,
	planRevisionUndo,
	planTemplateRestart,
	revisionFor,
} from '../source/model/controller-revisions.js';
import type {ControllerRevisionJson, DaemonSetJson, StatefulSetJson} from '../source/model/workload-objects.js';
import {summarizeDaemonSet, summarizeStatefulSet} from '../source/model/workload-summary.js';
import {daemonSetStatus, statefulSetStatus} from '../source/model/workload-status.js';
import {daemonSetPicture, ordinalOf, statefulSetPicture} from '../source/model/workload-views.js';
import {pod, revision} from './helpers/ui-fake-session.js';

function sts(
	spec: Partial<StatefulSetJson['spec']>,
	status: StatefulSetJson['status'],
	generation = 1,
): StatefulSetJson {
	return {
		metadata: {name: 'web', namespace: 'default', uid: 'u-web', generation},
		spec: {replicas: 3, ...spec},
		status,
	};
}

function ds(spec: Partial<DaemonSetJson['spec']>, status: DaemonSetJson['status'], generation = 1): DaemonSetJson {
	return {metadata: {name: 'agent', namespace: 'default', uid: 'u-agent', generation}, spec: {...spec}, status};
}

const rolling = (partition = 0) => ({type: 'RollingUpdate', rollingUpdate: {partition}});

describe('StatefulSet: kubectl rollout status, progress and phase', () => {
	const cases: {what: string; object: StatefulSetJson; sentence: string; done: boolean; phase: string}[] = [
		{
			what: 'spec not observed',
			object: sts({updateStrategy: rolling()}, {observedGeneration: 1, readyReplicas: 3}, 2),
			sentence: 'Waiting for statefulset spec update to be observed...',
			done: false,
			phase: 'Progressing',
		},
		{
			what: 'never observed (observedGeneration 0)',
			object: sts({updateStrategy: rolling()}, {}, 0),
			sentence: 'Waiting for statefulset spec update to be observed...',
			done: false,
			phase: 'Progressing',
		},
		{
			what: 'pods not ready, every pod on the one revision (only their number moves)',
			object: sts(
				{updateStrategy: rolling()},
				{observedGeneration: 1, replicas: 3, readyReplicas: 2, updatedReplicas: 3},
			),
			sentence: 'Waiting for 1 pods to be ready...',
			done: false,
			phase: 'Scaling',
		},
		{
			what: 'partition holding the rollout short of its target',
			object: sts(
				{updateStrategy: rolling(1)},
				{
					observedGeneration: 1,
					replicas: 3,
					readyReplicas: 3,
					updatedReplicas: 1,
					currentRevision: 'a',
					updateRevision: 'b',
				},
			),
			sentence: 'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...',
			done: false,
			phase: 'Progressing',
		},
		{
			what: 'partitioned roll out complete',
			object: sts(
				{updateStrategy: rolling(2)},
				{
					observedGeneration: 1,
					replicas: 3,
					readyReplicas: 3,
					updatedReplicas: 1,
					currentRevision: 'a',
					updateRevision: 'b',
				},
			),
			sentence: 'partitioned roll out complete: 1 new pods have been updated...',
			done: true,
			phase: 'Complete',
		},
		{
			what: 'no rollingUpdate block: revisions compared',
			object: sts(
				{updateStrategy: {type: 'RollingUpdate'}},
				{
					observedGeneration: 1,
					replicas: 3,
					readyReplicas: 3,
					updatedReplicas: 2,
					currentRevision: 'web-a',
					updateRevision: 'web-b',
				},
			),
			sentence: 'waiting for statefulset rolling update to complete 2 pods at revision web-b...',
			done: false,
			phase: 'Progressing',
		},
		{
			what: 'no rollingUpdate block, done',
			object: sts(
				{updateStrategy: {type: 'RollingUpdate'}},
				{
					observedGeneration: 1,
					replicas: 3,
					readyReplicas: 3,
					updatedReplicas: 3,
					currentReplicas: 3,
					currentRevision: 'web-b',
					updateRevision: 'web-b',
				},
			),
			sentence: 'statefulset rolling update complete 3 pods at revision web-b...',
			done: true,
			phase: 'Complete',
		},
		{
			what: 'OnDelete with pods on the old revision',
			object: sts(
				{updateStrategy: {type: 'OnDelete'}},
				{
					observedGeneration: 1,
					replicas: 3,
					readyReplicas: 3,
					updatedReplicas: 1,
					currentRevision: 'a',
					updateRevision: 'b',
				},
			),
			sentence: 'rollout status is only available for RollingUpdate strategy type',
			done: true,
			phase: 'Paused',
		},
	];
	for (const c of cases) {
		it(c.what, () => {
			const verdict = statefulSetStatus(c.object);
			assert.equal(verdict.error ?? verdict.message, c.sentence);
			assert.equal(verdict.done, c.done);
			const summary = summarizeStatefulSet(c.object);
			assert.equal(summary.statusSentence, c.sentence);
			assert.equal(summary.phase, c.phase);
			assert.equal(summary.kind, 'StatefulSet');
		});
	}

	it('progress: updated against replicas minus partition; maxUnavailable at least one', () => {
		const summary = summarizeStatefulSet(
			sts(
				{updateStrategy: rolling(1)},
				{observedGeneration: 1, replicas: 3, readyReplicas: 3, updatedReplicas: 1, availableReplicas: 2},
			),
		);
		assert.deepEqual(
			[summary.progress.desired, summary.progress.updated, summary.progress.oldPodsPendingTermination],
			[3, 1, 1],
		);
		assert.deepEqual([summary.progress.maxUnavailable, summary.progress.unavailableInUse], [1, 1]);
		assert.equal(summary.statefulSet?.partition, 1);
	});
});

describe('DaemonSet: kubectl rollout status, progress and phase', () => {
	const status = (updated: number, available: number): DaemonSetJson['status'] => ({
		observedGeneration: 1,
		desiredNumberScheduled: 3,
		currentNumberScheduled: 3,
		updatedNumberScheduled: updated,
		numberAvailable: available,
		numberReady: available,
	});
	const cases: {what: string; object: DaemonSetJson; sentence: string; done: boolean; phase: string}[] = [
		{
			what: 'spec not observed',
			object: ds({}, status(3, 3), 2),
			sentence: 'Waiting for daemon set spec update to be observed...',
			done: false,
			phase: 'Progressing',
		},
		{
			what: 'pods being updated',
			object: ds({}, status(1, 3)),
			sentence: 'Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...',
			done: false,
			phase: 'Progressing',
		},
		{
			what: 'updated pods not yet available',
			object: ds({}, status(3, 2)),
			sentence: 'Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...',
			done: false,
			phase: 'Progressing',
		},
		{
			what: 'rolled out',
			object: ds({}, status(3, 3)),
			sentence: 'daemon set "agent" successfully rolled out',
			done: true,
			phase: 'Complete',
		},
		{
			what: 'OnDelete',
			object: ds({updateStrategy: {type: 'OnDelete'}}, status(1, 3)),
			sentence: 'rollout status is only available for RollingUpdate strategy type',
			done: true,
			phase: 'Paused',
		},
	];
	for (const c of cases) {
		it(c.what, () => {
			const verdict = daemonSetStatus(c.object);
			assert.equal(verdict.error ?? verdict.message, c.sentence);
			assert.equal(verdict.done, c.done);
			const summary = summarizeDaemonSet(c.object);
			assert.equal(summary.statusSentence, c.sentence);
			assert.equal(summary.phase, c.phase);
		});
	}

	it('budgets: both round up against desiredNumberScheduled; maxUnavailable defaults to 1, maxSurge to 0', () => {
		const budgets = (rollingUpdate: Record<string, unknown> | undefined) => {
			const {progress} = summarizeDaemonSet(
				ds(
					{updateStrategy: {type: 'RollingUpdate', ...(rollingUpdate ? {rollingUpdate} : {})}},
					{
						...status(3, 3),
						desiredNumberScheduled: 5,
					},
				),
			);
			return [progress.maxSurge, progress.maxUnavailable];
		};
		assert.deepEqual(budgets(undefined), [0, 1]);
		assert.deepEqual(budgets({maxSurge: '30%', maxUnavailable: 0}), [2, 0]);
		assert.deepEqual(budgets({maxUnavailable: '10%'}), [0, 1]);
	});
});

function controllerRevision(
	number: number,
	image: string,
	created: string,
	extra: Partial<ControllerRevisionJson['metadata']> = {},
): ControllerRevisionJson {
	return {
		metadata: {
			name: `web-h${number}`,
			uid: `cr-${number}`,
			creationTimestamp: created,
			labels: {'controller-revision-hash': `h${number}`},
			ownerReferences: [{kind: 'StatefulSet', name: 'web', uid: 'u-web', controller: true}],
			...extra,
		},
		data: {spec: {template: {spec: {containers: [{name: 'web', image}]}, $patch: 'replace'}}},
		revision: number,
	};
}

describe('revision history from ControllerRevisions', () => {
	const web = sts(
		{template: {spec: {containers: [{name: 'web', image: 'nginx:1.25'}]}}},
		{observedGeneration: 1, updateRevision: 'web-h1', currentRevision: 'web-h1'},
	);
	// Revision 1 (1.25) was re-used as 3 by an undo: it is older than revision 2.
	const revisions = [
		controllerRevision(3, 'nginx:1.25', '2026-01-01T00:00:00Z'),
		controllerRevision(2, 'nginx:1.26', '2026-01-02T00:00:00Z', {
			annotations: {'kubernetes.io/change-cause': 'to 1.26'},
		}),
		{
			...controllerRevision(9, 'nginx:9', '2026-01-03T00:00:00Z'),
			metadata: {...controllerRevision(9, 'x', 'y').metadata, ownerReferences: []},
		},
	];
	revisions[0]!.metadata.name = 'web-h1';

	it('entries by revision, controlled only, images, change-cause, the current one, what a re-used revision restores', () => {
		const history = controllerRevisionHistory('StatefulSet', web, revisions);
		assert.deepEqual(
			history.map(entry => [entry.revision, entry.images[0]?.image, entry.changeCause, entry.isCurrent]),
			[
				[2, 'nginx:1.26', 'to 1.26', false],
				[3, 'nginx:1.25', undefined, true],
			],
		);
		assert.match(
			history[1]!.derivedCause ?? '',
			/^restored \(recorded before revision 2\): image nginx:1\.26 → nginx:1\.25$/,
		);
		const seen = controllerRevisionHistory('StatefulSet', web, revisions, new Map([['cr-3', [1, 3]]]));
		assert.deepEqual(seen[1]!.restoredFrom, [1]);
		assert.match(seen[1]!.derivedCause ?? '', /^restores revision 1/);
	});

	it("kubectl's findHistory: 0 is the previous, unknown numbers and a lone revision refused", () => {
		assert.equal((revisionFor(web, revisions, 0) as {revision: ControllerRevisionJson}).revision.revision, 2);
		assert.deepEqual(revisionFor(web, revisions, 7), {error: 'unable to find specified revision 7 in history'});
		assert.deepEqual(revisionFor(web, revisions, -1), {error: 'unable to find specified revision -1 in history'});
		assert.deepEqual(revisionFor(web, revisions.slice(0, 1), 0), {error: 'no last revision to roll back to'});
	});

	it("undo: the revision's data as a strategic merge patch with the resourceVersion read; skipped when it matches", () => {
		const seen = {...web, metadata: {...web.metadata, resourceVersion: '42'}};
		const plan = planRevisionUndo('StatefulSet', seen, revisions, 2);
		assert.equal(plan.kind, 'patch');
		if (plan.kind !== 'patch') return;
		assert.equal(plan.contentType, 'application/strategic-merge-patch+json');
		assert.deepEqual(plan.body, {...revisions[1]!.data, metadata: {resourceVersion: '42'}});
		assert.equal(plan.success, 'statefulset.apps/web rolled back');
		assert.deepEqual(planRevisionUndo('StatefulSet', seen, revisions, 3), {
			kind: 'done',
			ok: true,
			message: 'statefulset.apps/web skipped rollback (current template already matches revision 3)',
		});
	});

	it("restart: the template's restartedAt, kubectl's line; the same second twice is refused as kubectl does", () => {
		const now = new Date('2026-03-04T05:06:07Z');
		const plan = planTemplateRestart('DaemonSet', ds({}, {}), now);
		assert.equal(plan.kind, 'patch');
		if (plan.kind === 'patch') assert.equal(plan.success, 'daemonset.apps/agent restarted');
		const stamped = ds(
			{
				template: {
					metadata: {
						annotations: {
							'kubectl.kubernetes.io/restartedAt': (plan as any).body.spec.template.metadata.annotations[
								'kubectl.kubernetes.io/restartedAt'
							],
						},
					},
				},
			},
			{},
		);
		assert.equal(planTemplateRestart('DaemonSet', stamped, now).kind, 'done');
	});
});

describe('the views', () => {
	it('ordinals from pod names', () => {
		assert.deepEqual(
			['web-0', 'web-12', 'web-x', 'webby-1', 'web-'].map(name => ordinalOf('web', name)),
			[0, 12, undefined, undefined, undefined],
		);
	});

	it('StatefulSet: sides, the partition, the next pod from the highest ordinal down; OnDelete in words', () => {
		const summary = summarizeStatefulSet(
			sts(
				{updateStrategy: rolling(1)},
				{
					observedGeneration: 1,
					replicas: 3,
					readyReplicas: 3,
					updatedReplicas: 1,
					currentRevision: 'web-h1',
					updateRevision: 'web-h2',
				},
			),
		);
		const history = [
			revision({revision: 1, podTemplateHash: 'h1', replicaSetName: 'web-h1'}),
			revision({revision: 2, podTemplateHash: 'h2', replicaSetName: 'web-h2', isCurrent: true}),
		];
		const pods = [
			pod({name: 'web-0', controllerRevisionHash: 'web-h1'}),
			pod({name: 'web-1', controllerRevisionHash: 'web-h1'}),
			pod({name: 'web-2', controllerRevisionHash: 'web-h2'}),
		];
		const picture = statefulSetPicture(summary, pods, history);
		assert.deepEqual(
			picture.rows.map(row => [row.ordinal, row.revision, row.side, row.updates, row.next]),
			[
				[0, 1, 'current', false, false],
				[1, 1, 'current', true, true],
				[2, 2, 'update', true, false],
			],
		);
		assert.equal(picture.partitionText, 'ordinals ≥ 1 update');
		assert.deepEqual([picture.currentRevision, picture.updateRevision, picture.nextOrdinal], [1, 2, 1]);
		const manual = summarizeStatefulSet(
			sts(
				{updateStrategy: {type: 'OnDelete'}},
				{observedGeneration: 1, replicas: 3, currentRevision: 'web-h1', updateRevision: 'web-h2'},
			),
		);
		const onDelete = statefulSetPicture(manual, pods, history);
		assert.equal(onDelete.onDeleteText, 'pods update only when deleted: 2 of 3 still on revision 1');
		assert.equal(onDelete.nextOrdinal, undefined);
	});

	it('DaemonSet: nodes as rows, the node without a pod, surge in use, pods on unknown nodes', () => {
		const summary = summarizeDaemonSet(
			ds(
				{updateStrategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}},
				{
					observedGeneration: 1,
					desiredNumberScheduled: 3,
					currentNumberScheduled: 2,
					numberMisscheduled: 1,
					numberAvailable: 2,
				},
			),
		);
		const history = [revision({revision: 2, podTemplateHash: 'h2', isCurrent: true})];
		const picture = daemonSetPicture(
			summary,
			[
				pod({name: 'a-1', nodeName: 'n1', controllerRevisionHash: 'h1', createdAt: new Date(1000)}),
				pod({name: 'a-2', nodeName: 'n1', controllerRevisionHash: 'h2', createdAt: new Date(2000), ready: false}),
				pod({name: 'a-3', nodeName: 'n2', controllerRevisionHash: 'h2'}),
				pod({name: 'a-4', nodeName: 'gone', controllerRevisionHash: 'h2'}),
			],
			history,
			[
				{name: 'n1', ready: true, unschedulable: false},
				{name: 'n2', ready: true, unschedulable: true},
				{name: 'n3', ready: false, unschedulable: false},
			],
		);
		assert.deepEqual(
			picture.rows.map(row => [
				row.node,
				row.pods.map(p => p.name).join(','),
				row.revision,
				row.updated,
				row.missing,
				row.nodeNote,
			]),
			[
				['n1', 'a-2,a-1', 2, true, false, undefined],
				['n2', 'a-3', 2, true, false, 'cordoned'],
				['n3', '', undefined, false, true, 'node not Ready'],
			],
		);
		assert.deepEqual(
			[picture.surgeInUse, picture.maxSurge, picture.maxUnavailable, picture.lacking, picture.misscheduled],
			[1, 1, 0, 1, 1],
		);
		assert.deepEqual(
			picture.strayPods.map(p => p.name),
			['a-4'],
		);
	});
});
