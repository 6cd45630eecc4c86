// Failing detection per workload kind, as a table: which pods are the NEW revision's (a Deployment's new ReplicaSet,
// a StatefulSet's update revision, a DaemonSet's newest ControllerRevision), what is watched while a rollout may
// fail, and what is not (settled workloads, old-revision pods, other owners' pods).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {failingPhaseText} from '../source/model/health.js';
import type {PodJson} from '../source/model/objects.js';
import {
	newestRevision,
	slimHealthRevision,
	workloadFailure,
	workloadHealthTargets,
	type HealthSpecCache,
	type HealthInputs,
} from '../source/model/workload-health.js';
import type {WorkloadJson} from '../source/model/workload-kind.js';
import type {ControllerRevisionJson, DaemonSetJson, StatefulSetJson} from '../source/model/workload-objects.js';
import {deployment, pod, replicaSet} from './helpers/model-fixtures.js';

const NOW = new Date('2026-11-23T08:10:00Z');

const crashing: PodJson['status'] = {
	phase: 'Running',
	containerStatuses: [
		{name: 'c', ready: false, restartCount: 3, state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 40s'}}},
	],
};
const pulling: PodJson['status'] = {
	phase: 'Pending',
	containerStatuses: [{name: 'c', ready: false, restartCount: 0, state: {waiting: {reason: 'ImagePullBackOff'}}}],
};
const running: PodJson['status'] = {
	phase: 'Running',
	conditions: [{type: 'Ready', status: 'True'}],
	containerStatuses: [{name: 'c', ready: true, restartCount: 0, state: {running: {startedAt: '2026-11-23T08:00:00Z'}}}],
};

const ownedBy = (kind: string, name: string, uid: string, hash?: string) => ({
	ownerReferences: [{apiVersion: 'apps/v1', kind, name, uid, controller: true}],
	...(hash ? {labels: {'controller-revision-hash': hash}} : {}),
});

const sts: StatefulSetJson = {
	kind: 'StatefulSet',
	metadata: {name: 'db', namespace: 'default', uid: 'uid-db', generation: 2},
	spec: {replicas: 3, selector: {matchLabels: {app: 'db'}}},
	status: {
		observedGeneration: 2,
		replicas: 3,
		readyReplicas: 2,
		availableReplicas: 2,
		updatedReplicas: 1,
		currentRevision: 'db-aaa',
		updateRevision: 'db-bbb',
	},
};
const stsPods = [
	pod('db-0', running, ownedBy('StatefulSet', 'db', 'uid-db', 'db-aaa')),
	pod('db-1', crashing, ownedBy('StatefulSet', 'db', 'uid-db', 'db-aaa')),
	pod('db-2', crashing, ownedBy('StatefulSet', 'db', 'uid-db', 'db-bbb')),
	// Another owner's pod with the same label value cannot be ours.
	pod('other-0', pulling, ownedBy('StatefulSet', 'other', 'uid-other', 'db-bbb')),
];

const ds: DaemonSetJson = {
	kind: 'DaemonSet',
	metadata: {name: 'agent', namespace: 'default', uid: 'uid-agent', generation: 3},
	spec: {selector: {matchLabels: {app: 'agent'}}},
	status: {
		observedGeneration: 3,
		desiredNumberScheduled: 3,
		currentNumberScheduled: 3,
		updatedNumberScheduled: 2,
		numberAvailable: 1,
		numberReady: 1,
	},
};
const revision = (name: string, number: number, hash?: string, owner = 'uid-agent'): ControllerRevisionJson => ({
	metadata: {
		name,
		namespace: 'default',
		uid: `uid-${name}`,
		...(hash ? {labels: {'controller-revision-hash': hash}} : {}),
		ownerReferences: [{apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: owner, controller: true}],
	},
	revision: number,
});
// Revision 3 is a rollback to revision 1's template: the controller renumbered it, so the newest is not the youngest.
const dsRevisions = [revision('agent-h1', 3, 'h1'), revision('agent-h2', 2, 'h2'), revision('stray-h9', 9, 'h9', 'x')];
const dsPods = [
	pod('agent-aaaaa', crashing, ownedBy('DaemonSet', 'agent', 'uid-agent', 'h1')),
	pod('agent-bbbbb', pulling, ownedBy('DaemonSet', 'agent', 'uid-agent', 'h1')),
	pod('agent-ccccc', crashing, ownedBy('DaemonSet', 'agent', 'uid-agent', 'h2')),
];

const d = deployment({replicas: 2, revision: 2, image: 'nginx:crashloop'});
const replicaSets = [
	replicaSet({name: 'web-old', hash: 'old', revision: 1, replicas: 1, status: {replicas: 1, availableReplicas: 1}}),
	replicaSet({name: 'web-new', hash: 'new', revision: 2, replicas: 2, status: {replicas: 2, availableReplicas: 0}}),
];
const rsOwned = (rs: string) => ({
	ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: `uid-${rs}`, controller: true}],
});
const deploymentPods = [
	pod('web-old-aaaaa', crashing, rsOwned('web-old')),
	pod('web-new-bbbbb', crashing, rsOwned('web-new')),
	pod('web-new-ccccc', running, rsOwned('web-new')),
];

const cases: {
	name: string;
	workload: WorkloadJson;
	inputs: HealthInputs;
	pods: PodJson[];
	phase: string | undefined;
	pod?: string;
}[] = [
	{
		name: 'Deployment: the new ReplicaSet’s pods',
		workload: d,
		inputs: {replicaSets},
		pods: deploymentPods,
		phase: 'Failing: CrashLoopBackOff 1/2 new pods',
		pod: 'web-new-bbbbb',
	},
	{
		name: 'StatefulSet: pods labelled with the update revision (db-1 fails on the current one: not counted)',
		workload: sts,
		inputs: {replicaSets: []},
		pods: stsPods,
		phase: 'Failing: CrashLoopBackOff 1/1 new pod',
		pod: 'db-2',
	},
	{
		name: 'StatefulSet: no update revision in its status yet: nothing to say',
		workload: {...sts, status: {...sts.status, updateRevision: undefined}},
		inputs: {replicaSets: []},
		pods: stsPods,
		phase: undefined,
	},
	{
		name: 'DaemonSet: pods of the highest-numbered revision it controls; the most telling reason first',
		workload: ds,
		inputs: {replicaSets: [], revisions: dsRevisions},
		pods: dsPods,
		phase: 'Failing: CrashLoopBackOff 1/2 new pods',
		pod: 'agent-aaaaa',
	},
	{
		name: 'DaemonSet: its revisions not known yet: nothing to say',
		workload: ds,
		inputs: {replicaSets: []},
		pods: dsPods,
		phase: undefined,
	},
	{
		name: 'DaemonSet: only old-revision pods fail',
		workload: ds,
		inputs: {replicaSets: [], revisions: dsRevisions},
		pods: [dsPods[2]!, pod('agent-ddddd', running, ownedBy('DaemonSet', 'agent', 'uid-agent', 'h1'))],
		phase: undefined,
	},
];

for (const c of cases) {
	test(`workloadFailure — ${c.name}`, () => {
		const failure = workloadFailure(c.workload, c.inputs, c.pods, NOW);
		assert.equal(failure && failingPhaseText(failure), c.phase);
		assert.equal(failure?.pod, c.pod);
	});
}

test('newestRevision: the highest number the DaemonSet controls; a revision without the hash label by its name', () => {
	assert.equal(newestRevision(ds, dsRevisions)?.metadata.name, 'agent-h1');
	assert.equal(newestRevision(ds, []), undefined);
	const unlabelled = [revision('agent-old', 1), revision('agent-legacy', 4)];
	const pods = [pod('agent-eeeee', crashing, ownedBy('DaemonSet', 'agent', 'uid-agent', 'agent-legacy'))];
	const failure = workloadFailure(ds, {replicaSets: [], revisions: unlabelled}, pods, NOW);
	assert.equal(failure?.pod, 'agent-eeeee');
});

test('workloadHealthTargets: one watch spec per kind while its rollout may fail; settled workloads cost none', () => {
	const settledSts: StatefulSetJson = {
		...sts,
		metadata: {...sts.metadata, name: 'calm'},
		status: {...sts.status, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3, currentRevision: 'db-bbb'},
	};
	const settledDs: DaemonSetJson = {
		...ds,
		metadata: {...ds.metadata, name: 'quiet'},
		status: {...ds.status, updatedNumberScheduled: 3, numberAvailable: 3},
	};
	const targets = workloadHealthTargets([d, sts, ds, settledSts, settledDs], () => ({replicaSets}));
	assert.deepEqual(
		targets.map(t => [t.key, t.pods, t.revisions]),
		[
			['Deployment/default/web', 'pod-template-hash=new', undefined],
			['StatefulSet/default/db', 'controller-revision-hash=db-bbb', undefined],
			['DaemonSet/default/agent', 'app=agent', 'app=agent'],
		],
	);
	// A partitioned StatefulSet whose ordinals above the partition are all updated and available is settled, though
	// its current and update revisions differ for as long as the partition stands.
	const partitioned: StatefulSetJson = {
		...settledSts,
		spec: {...settledSts.spec, updateStrategy: {type: 'RollingUpdate', rollingUpdate: {partition: 2}}},
		status: {...settledSts.status, updatedReplicas: 1, currentRevision: 'db-aaa'},
	};
	assert.deepEqual(
		workloadHealthTargets([partitioned], () => ({replicaSets: []})),
		[],
	);
});

test('workloadHealthTargets with a cache asks again only about workloads whose object or ReplicaSets changed', () => {
	let reads = 0;
	// Counts every look at the ReplicaSets: a cached answer takes none.
	const watched = (list: typeof replicaSets) =>
		new Proxy(list, {
			get(target, property, receiver) {
				reads++;
				return Reflect.get(target, property, receiver);
			},
		});
	const cache: HealthSpecCache = new WeakMap();
	const rolling = watched(replicaSets);
	const first = workloadHealthTargets([d], () => ({replicaSets: rolling}), cache);
	assert.deepEqual(
		first.map(t => t.pods),
		['pod-template-hash=new'],
	);
	const readsFirst = reads;
	assert.ok(readsFirst > 0);
	assert.deepEqual(
		workloadHealthTargets([d], () => ({replicaSets: rolling}), cache),
		first,
	);
	assert.equal(reads, readsFirst, 'the same workload and ReplicaSets: the answer kept');
	// The same workload with other ReplicaSets (its new one now available) is asked again: settled, no watch.
	const settled = replicaSets.map(rs =>
		rs.metadata.labels?.['pod-template-hash'] === 'new'
			? {...rs, status: {...rs.status, replicas: rs.spec.replicas, availableReplicas: rs.spec.replicas}}
			: rs,
	);
	assert.deepEqual(
		workloadHealthTargets([d], () => ({replicaSets: settled}), cache),
		[],
	);
	// A new object for the workload is asked about too.
	assert.equal(workloadHealthTargets([{...d}], () => ({replicaSets: rolling}), cache).length, 1);
	assert.ok(reads > readsFirst);
});

test('slimHealthRevision keeps the owner, the number and the hash, not the template', () => {
	const slim = slimHealthRevision({
		metadata: {
			name: 'agent-h1',
			namespace: 'default',
			uid: 'u1',
			resourceVersion: '7',
			labels: {'controller-revision-hash': 'h1', app: 'agent'},
			ownerReferences: [{kind: 'DaemonSet', name: 'agent', uid: 'uid-agent', controller: true}],
			managedFields: [{manager: 'x'}],
		},
		data: {spec: {template: {spec: {containers: [{name: 'c', image: 'big'}]}}}},
		revision: 3,
	});
	assert.deepEqual(slim, {
		metadata: {
			name: 'agent-h1',
			namespace: 'default',
			uid: 'u1',
			resourceVersion: '7',
			labels: {'controller-revision-hash': 'h1'},
			ownerReferences: [{kind: 'DaemonSet', name: 'agent', uid: 'uid-agent', controller: true}],
		},
		revision: 3,
	});
});
