// The list, the StatefulSet view and the DaemonSet view with ink-testing-library: KIND column, pods by ordinal with
// the partition line and the next pod, nodes as rows with the node lacking a pod, kubectl's refusal for pause.
import {afterEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import type {DashboardSnapshot, FocusedDeployment, WorkloadRef} from '../source/model/types.js';
import {summarizeDaemonSet, summarizeStatefulSet} from '../source/model/workload-summary.js';
import {pod, revision, sampleSnapshot} from './helpers/ui-fake-session.js';
import {selectedLine, startApp, type Started} from './helpers/ui-app.js';
import {keys, press, waitForText} from './helpers/ui-render.js';
import {waitFor} from './helpers/wait.js';

afterEach(() => cleanup());

const created = new Date(Date.now() - 3_600_000).toISOString();

const db = summarizeStatefulSet({
	kind: 'StatefulSet',
	metadata: {name: 'db', namespace: 'default', uid: 'u-db', generation: 2, creationTimestamp: created},
	spec: {
		replicas: 3,
		podManagementPolicy: 'OrderedReady',
		updateStrategy: {type: 'RollingUpdate', rollingUpdate: {partition: 1}},
		template: {spec: {containers: [{name: 'db', image: 'postgres:16.4'}]}},
	},
	status: {
		observedGeneration: 2,
		replicas: 3,
		readyReplicas: 3,
		currentReplicas: 2,
		updatedReplicas: 1,
		availableReplicas: 3,
		currentRevision: 'db-aaa',
		updateRevision: 'db-bbb',
	},
});

const agent = summarizeDaemonSet({
	kind: 'DaemonSet',
	metadata: {name: 'agent', namespace: 'default', uid: 'u-agent', generation: 1, creationTimestamp: created},
	spec: {
		updateStrategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1, maxUnavailable: 0}},
		template: {spec: {containers: [{name: 'agent', image: 'fluent-bit:3.1'}]}},
	},
	status: {
		observedGeneration: 1,
		desiredNumberScheduled: 3,
		currentNumberScheduled: 2,
		numberReady: 2,
		updatedNumberScheduled: 2,
		numberAvailable: 2,
		numberMisscheduled: 0,
	},
});

function withWorkloads(): DashboardSnapshot {
	const snapshot = sampleSnapshot();
	return {...snapshot, deployments: [agent, ...snapshot.deployments, db]};
}

const history = (owner: string) => [
	revision({kind: 'StatefulSet', revision: 1, replicaSetName: `${owner}-aaa`, podTemplateHash: 'aaa'}),
	revision({kind: 'StatefulSet', revision: 2, replicaSetName: `${owner}-bbb`, podTemplateHash: 'bbb', isCurrent: true}),
];

const dbFocus: FocusedDeployment = {
	kind: 'StatefulSet',
	namespace: 'default',
	name: 'db',
	history: history('db'),
	pods: [
		pod({name: 'db-0', controllerRevisionHash: 'db-aaa'}),
		pod({name: 'db-1', controllerRevisionHash: 'db-aaa', restarts: 2}),
		pod({name: 'db-2', controllerRevisionHash: 'db-bbb'}),
	],
	events: [],
};

const agentFocus: FocusedDeployment = {
	kind: 'DaemonSet',
	namespace: 'default',
	name: 'agent',
	history: history('agent'),
	pods: [
		pod({name: 'agent-x1', nodeName: 'node-a', controllerRevisionHash: 'bbb'}),
		pod({name: 'agent-x2', nodeName: 'node-b', controllerRevisionHash: 'bbb'}),
	],
	events: [],
	nodes: [
		{name: 'node-a', ready: true, unschedulable: false},
		{name: 'node-b', ready: true, unschedulable: false},
		{name: 'node-c', ready: true, unschedulable: false},
	],
};

async function open(started: Started, name: string, focus: FocusedDeployment, shows: string): Promise<string> {
	const {rendered, session} = started;
	await waitFor(
		async () => {
			if (selectedLine(rendered.lastFrame() ?? '').includes(` ${name} `)) return true;
			await press(rendered, 'j');
			return false;
		},
		{message: `${name} selected`, interval: 0},
	);
	await press(rendered, keys.enter);
	const target = await waitFor(() => session.callsOf('focus').at(-1) as {target?: WorkloadRef} | undefined, {
		interval: 0,
	});
	assert.deepEqual(target.target, {kind: focus.kind, namespace: 'default', name});
	session.setSnapshot({...withWorkloads(), focus});
	return waitForText(rendered, shows);
}

describe('StatefulSets and DaemonSets', () => {
	it("the list shows every kind with its short name in KIND, and the kind's own phase", async () => {
		const {rendered} = await startApp({snapshot: withWorkloads()});
		const frame = await waitForText(rendered, 'agent');
		assert.ok(frame.includes('KIND'), frame);
		assert.match(frame, /agent +ds +2\/3 +2 +2 +- +Rolling/);
		assert.match(frame, /db +sts +3\/3 +1 +3 +- +Rolling .*Progressing/);
		assert.match(frame, /web +deploy /);
		// The count names what it counts: several kinds are workloads; `:sts` counts StatefulSets alone.
		assert.match(frame, /\b5 of 5 workloads\b/);
		rendered.stdin.write(':sts\r');
		await waitForText(rendered, 'showing statefulsets');
		// Esc takes the command's answer away; the count is under it.
		await press(rendered, '\x1b');
		await waitForText(rendered, '1 of 1 statefulsets');
	});

	it('the StatefulSet view: pods by ordinal with their revision, the partition line, the next pod; p is refused', async () => {
		const started = await startApp({snapshot: withWorkloads(), rows: 40});
		const frame = await open(started, 'db', dbFocus, 'db-0');
		const lines = frame.split('\n');
		const row = (name: string) => lines.find(line => line.includes(` ${name} `)) ?? '';
		assert.match(row('db-0'), /0 +db-0 +1 +current/);
		assert.match(row('db-2'), /2 +db-2 +2 +update/);
		assert.match(row('db-1'), /next to update/);
		const partition = lines.findIndex(line => line.includes('partition 1: ordinals ≥ 1 update'));
		assert.ok(partition > lines.indexOf(row('db-0')) && partition < lines.indexOf(row('db-1')), frame);
		assert.match(frame, /current revision 1 \(db-aaa\) +update revision 2 \(db-bbb\)/);
		assert.match(frame, /OrderedReady/);
		assert.match(frame, /Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated\.\.\./);
		await press(started.rendered, 'p');
		await waitForText(started.rendered, 'statefulsets.apps "db" pausing is not supported');
		assert.equal(started.session.callsOf('pause').length, 0, 'refused without a request');
	});

	it('the DaemonSet view: nodes as rows, the node lacking its pod, the surge and unavailable budgets', async () => {
		const started = await startApp({snapshot: withWorkloads(), rows: 40});
		const frame = await open(started, 'agent', agentFocus, 'node-c');
		assert.match(frame, /node-a +agent-x1 +2 +1\/1 +Ready/);
		assert.match(frame, /node-c +\(no pod\) +yes \(in budget\)/);
		assert.match(frame, /1 node lacks the pod it should run; 0 misscheduled pods/);
		assert.match(frame, /surge 0\/1 in use {3}unavailable 1\/0 allowed/);
		assert.match(
			frame,
			/Waiting for daemon set "agent" rollout to finish: 2 out of 3 new pods have been updated\.\.\./,
		);
	});

	it('names from the cluster reach the screen without control characters (pods on unknown nodes too)', async () => {
		const started = await startApp({snapshot: withWorkloads(), rows: 40});
		const evil = {
			...agentFocus,
			pods: [
				...agentFocus.pods,
				pod({name: 'evil\x1b[2Jpod', nodeName: 'gone\x1b]0;title\x07', controllerRevisionHash: 'bbb'}),
			],
		};
		const frame = await open(started, 'agent', evil, 'evil');
		assert.doesNotMatch(frame, /[\x00-\x08\x0b-\x1f\x7f]/);
		assert.match(frame, /misscheduled pods \(evil.*pod on gone/);
	});
});
