// The pods panel of every kind's view as the selection sees it (a Deployment's pods newest revision first, a
// StatefulSet's ordinals, a DaemonSet's nodes), the revision filter, the first row for a failing rollout; and the
// events a StatefulSet's or DaemonSet's view keeps: its own, its pods' (gone ones too), not its namesakes'.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {firstRowIndex, podPanelRows, type PodPanelInput} from '../source/model/pod-panel.js';
import {summarizeEvents} from '../source/model/pods.js';
import type {WorkloadKind} from '../source/model/kinds.js';
import {summarizeDaemonSet, summarizeStatefulSet} from '../source/model/workload-summary.js';
import {event} from './helpers/model-fixtures.js';
import {pod, revision} from './helpers/ui-fake-session.js';

const sts = summarizeStatefulSet({
	kind: 'StatefulSet',
	metadata: {name: 'db', namespace: 'default', generation: 2},
	spec: {replicas: 3},
	status: {observedGeneration: 2, replicas: 3, currentRevision: 'db-aaa', updateRevision: 'db-bbb'},
});
const ds = summarizeDaemonSet({
	kind: 'DaemonSet',
	metadata: {name: 'agent', namespace: 'default', generation: 1},
	spec: {},
	status: {observedGeneration: 1, desiredNumberScheduled: 2, currentNumberScheduled: 2},
});
const history = (owner: string) => [
	revision({kind: 'StatefulSet', revision: 1, replicaSetName: `${owner}-aaa`, podTemplateHash: 'aaa'}),
	revision({kind: 'StatefulSet', revision: 2, replicaSetName: `${owner}-bbb`, podTemplateHash: 'bbb', isCurrent: true}),
];

const inputs: Record<WorkloadKind, PodPanelInput> = {
	Deployment: {
		summary: undefined,
		history: [
			revision({revision: 2, replicaSetName: 'web-a'}),
			revision({revision: 3, replicaSetName: 'web-b', isCurrent: true}),
		],
		pods: [
			pod({name: 'web-a-1', replicaSetName: 'web-a'}),
			pod({name: 'web-b-2', replicaSetName: 'web-b'}),
			pod({name: 'web-b-1', replicaSetName: 'web-b'}),
		],
	},
	StatefulSet: {
		summary: sts,
		history: history('db'),
		// db-1 is being replaced: no pod at that ordinal now.
		pods: [
			pod({name: 'db-2', controllerRevisionHash: 'db-bbb'}),
			pod({name: 'db-0', controllerRevisionHash: 'db-aaa'}),
		],
	},
	DaemonSet: {
		summary: ds,
		history: history('agent'),
		pods: [
			pod({name: 'agent-old01', nodeName: 'node-b', controllerRevisionHash: 'aaa'}),
			pod({name: 'agent-new01', nodeName: 'node-a', controllerRevisionHash: 'bbb'}),
		],
		nodes: ['node-a', 'node-b', 'node-c'].map(name => ({name, ready: true, unschedulable: false})),
	},
};

const table: [WorkloadKind, string | undefined, [string, string | undefined, number | undefined][]][] = [
	[
		'Deployment',
		undefined,
		[
			['web-b-1', 'web-b-1', 3],
			['web-b-2', 'web-b-2', 3],
			['web-a-1', 'web-a-1', 2],
		],
	],
	['Deployment', 'web-a', [['web-a-1', 'web-a-1', 2]]],
	[
		'StatefulSet',
		undefined,
		[
			['ordinal-0', 'db-0', 1],
			['ordinal-1', undefined, undefined],
			['ordinal-2', 'db-2', 2],
		],
	],
	['StatefulSet', 'db-bbb', [['ordinal-2', 'db-2', 2]]],
	[
		'DaemonSet',
		undefined,
		[
			['node-a', 'agent-new01', 2],
			['node-b', 'agent-old01', 1],
			['node-c', undefined, undefined],
		],
	],
	['DaemonSet', 'agent-aaa', [['node-b', 'agent-old01', 1]]],
];

for (const [kind, filter, expected] of table) {
	test(`podPanelRows — ${kind}${filter ? ` filtered to ${filter}` : ''}`, () => {
		const rows = podPanelRows(kind, inputs[kind], filter);
		assert.deepEqual(
			rows.map(row => [row.key, row.pod?.name, row.revision]),
			expected,
		);
	});
}

test("podPanelRows keeps a Deployment's rows while its pods and revision numbers are the same", () => {
	const input = inputs.Deployment;
	const first = podPanelRows('Deployment', input);
	// A write to a ReplicaSet gives a new history with the same numbers: the same rows, not rebuilt.
	const annotated = input.history.map(entry => ({...entry, changeCause: 'annotated'}));
	assert.equal(podPanelRows('Deployment', {...input, history: annotated}), first);
	const renumbered = input.history.map(entry => ({...entry, revision: entry.revision + 10}));
	const rows = podPanelRows('Deployment', {...input, history: renumbered});
	assert.deepEqual(
		rows.map(row => row.revision),
		[13, 13, 12],
	);
	assert.deepEqual(
		podPanelRows('Deployment', {...input, history: renumbered}, 'web-a').map(row => row.key),
		['web-a-1'],
		'the filter is part of what the rows read',
	);
});

test('firstRowIndex: the row of the failing pod the banner names, else the first', () => {
	const rows = podPanelRows('StatefulSet', inputs.StatefulSet);
	assert.equal(firstRowIndex(rows, 'db-2'), 2);
	assert.equal(firstRowIndex(rows, 'gone'), 0);
	assert.equal(firstRowIndex(rows, undefined), 0);
	assert.equal(firstRowIndex(podPanelRows('DaemonSet', inputs.DaemonSet), 'agent-old01'), 1);
});

test("summarizeEvents for a StatefulSet or DaemonSet: its own events and its pods', not a namesake's", () => {
	const events = [
		event(
			'StatefulSet',
			'db',
			'SuccessfulCreate',
			'create Pod db-1 in StatefulSet db successful',
			'2026-11-23T08:00:01Z',
		),
		event('Deployment', 'db', 'ScalingReplicaSet', 'a Deployment of the same name', '2026-11-23T08:00:02Z'),
		event('Pod', 'db-1', 'BackOff', 'Back-off restarting failed container', '2026-11-23T08:00:03Z'),
		event('Pod', 'db-backup-0', 'Pulled', 'another StatefulSet’s pod', '2026-11-23T08:00:04Z'),
		event('DaemonSet', 'agent', 'SuccessfulCreate', 'Created pod: agent-x7k2p', '2026-11-23T08:00:05Z'),
		event('Pod', 'agent-x7k2p', 'BackOff', 'gone already', '2026-11-23T08:00:06Z'),
		event('Pod', 'agent-extra-x7k2p', 'Pulled', 'another DaemonSet’s pod', '2026-11-23T08:00:07Z'),
	];
	const scope = (kind: WorkloadKind, name: string) => ({
		namespace: 'default',
		kind,
		deployment: name,
		replicaSets: [],
		pods: [],
	});
	assert.deepEqual(
		summarizeEvents(events, scope('StatefulSet', 'db')).map(e => `${e.involvedKind}/${e.involvedName} ${e.reason}`),
		['StatefulSet/db SuccessfulCreate', 'Pod/db-1 BackOff'],
	);
	assert.deepEqual(
		summarizeEvents(events, scope('DaemonSet', 'agent')).map(e => `${e.involvedKind}/${e.involvedName} ${e.reason}`),
		['DaemonSet/agent SuccessfulCreate', 'Pod/agent-x7k2p BackOff'],
	);
	assert.deepEqual(
		summarizeEvents(events, scope('Deployment', 'db')).map(e => e.reason),
		['ScalingReplicaSet'],
	);
});
