// The StatefulSet and DaemonSet views with the Deployment view's panels (ink-testing-library): a failing rollout is
// flagged in the list and named in a banner; Tab / Shift-Tab move the focus between revisions, pods (ordinals,
// nodes) and events; the focused panel shows its selection, the failing pod's row first; l, Enter, d and y act on
// the selection (its pod, its ControllerRevision, the workload); f keeps one revision's rows.
import {afterEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import type {PodJson} from '../source/model/objects.js';
import type {RolloutFailure} from '../source/model/health.js';
import type {DashboardSnapshot, DeploymentSummary, FocusedDeployment} from '../source/model/types.js';
import {summarizeDaemonSet, summarizeStatefulSet} from '../source/model/workload-summary.js';
import {event, pod, revision, sampleSnapshot} from './helpers/ui-fake-session.js';
import {selectedLine, startApp, type Started} from './helpers/ui-app.js';
import {keys, press, waitForFrame, waitForText} from './helpers/ui-render.js';
import {waitFor} from './helpers/wait.js';

afterEach(() => cleanup());

const created = new Date(Date.now() - 3_600_000).toISOString();
const failure = (podName: string, newPods: number): RolloutFailure => ({
	reason: 'CrashLoopBackOff',
	failing: 1,
	newPods,
	pod: podName,
	container: 'app',
	message: 'back-off 40s restarting failed container',
	pods: [],
});

const db: DeploymentSummary = {
	...summarizeStatefulSet({
		kind: 'StatefulSet',
		metadata: {name: 'db', namespace: 'default', uid: 'u-db', generation: 2, creationTimestamp: created},
		spec: {replicas: 3, template: {spec: {containers: [{name: 'app', image: 'busybox:crashloop'}]}}},
		status: {
			observedGeneration: 2,
			replicas: 3,
			readyReplicas: 2,
			currentReplicas: 2,
			updatedReplicas: 1,
			availableReplicas: 2,
			currentRevision: 'db-aaa',
			updateRevision: 'db-bbb',
		},
	}),
	phase: 'Failing',
	failure: failure('db-2', 1),
};

const agent: DeploymentSummary = {
	...summarizeDaemonSet({
		kind: 'DaemonSet',
		metadata: {name: 'agent', namespace: 'default', uid: 'u-agent', generation: 2, creationTimestamp: created},
		spec: {template: {spec: {containers: [{name: 'app', image: 'busybox:crashloop'}]}}},
		status: {
			observedGeneration: 2,
			desiredNumberScheduled: 3,
			currentNumberScheduled: 3,
			numberReady: 2,
			updatedNumberScheduled: 1,
			numberAvailable: 2,
		},
	}),
	phase: 'Failing',
	failure: failure('agent-new02', 1),
};

const history = (owner: string) => [
	revision({kind: 'StatefulSet', revision: 1, replicaSetName: `${owner}-aaa`, podTemplateHash: 'aaa'}),
	revision({kind: 'StatefulSet', revision: 2, replicaSetName: `${owner}-bbb`, podTemplateHash: 'bbb', isCurrent: true}),
];

const podObject = (name: string): PodJson => ({
	metadata: {name, namespace: 'default'},
	spec: {containers: [{name: 'app', image: 'busybox:crashloop'}]},
	status: {phase: 'Running'},
});

const dbFocus: FocusedDeployment = {
	kind: 'StatefulSet',
	namespace: 'default',
	name: 'db',
	history: history('db'),
	pods: [
		pod({name: 'db-0', controllerRevisionHash: 'db-aaa'}),
		pod({name: 'db-1', controllerRevisionHash: 'db-aaa'}),
		pod({name: 'db-2', controllerRevisionHash: 'db-bbb', status: 'CrashLoopBackOff', ready: false, restarts: 3}),
	],
	podObjects: ['db-0', 'db-1', 'db-2'].map(podObject),
	events: [
		event({
			reason: 'SuccessfulCreate',
			involvedKind: 'StatefulSet',
			involvedName: 'db',
			message: 'create Pod db-2 in StatefulSet db successful',
		}),
		event({
			type: 'Warning',
			reason: 'BackOff',
			involvedKind: 'Pod',
			involvedName: 'db-2',
			message: 'Back-off restarting',
		}),
	],
};

const agentFocus: FocusedDeployment = {
	kind: 'DaemonSet',
	namespace: 'default',
	name: 'agent',
	history: history('agent'),
	pods: [
		pod({name: 'agent-old01', nodeName: 'node-a', controllerRevisionHash: 'aaa'}),
		pod({
			name: 'agent-new02',
			nodeName: 'node-b',
			controllerRevisionHash: 'bbb',
			status: 'CrashLoopBackOff',
			ready: false,
			restarts: 2,
		}),
	],
	podObjects: ['agent-old01', 'agent-new02'].map(podObject),
	events: [],
	nodes: ['node-a', 'node-b', 'node-c'].map(name => ({name, ready: true, unschedulable: false})),
};

function snapshotWith(focus?: FocusedDeployment): DashboardSnapshot {
	const snapshot = sampleSnapshot();
	return {...snapshot, deployments: [agent, ...snapshot.deployments, db], ...(focus ? {focus} : {})};
}

/** Moves the list's selection down to the workload. */
async function selectInList({rendered}: Started, name: string): Promise<void> {
	await waitFor(
		async () => {
			if (selectedLine(rendered.lastFrame() ?? '').includes(` ${name} `)) return true;
			await press(rendered, 'j');
			return false;
		},
		{message: `${name} selected`, interval: 0},
	);
}

/** Selects the workload in the list, opens it and gives the session's focus. */
async function open(started: Started, name: string, focus: FocusedDeployment): Promise<string> {
	const {rendered, session} = started;
	await selectInList(started, name);
	await press(rendered, keys.enter);
	await waitFor(() => session.callsOf('focus').length > 0, {interval: 0, message: 'focus asked'});
	session.setSnapshot(snapshotWith(focus));
	return waitForText(
		rendered,
		`✖ Failing: CrashLoopBackOff 1/1 new pod — pod ${focus.kind === 'StatefulSet' ? 'db-2' : 'agent-new02'}`,
	);
}

/** The lines of the frame from the focused panel's title on. */
const focusedPanel = (frame: string) => {
	const lines = frame.split('\n');
	return lines.slice(lines.findIndex(line => line.startsWith('▶ ')));
};
const selectedIn = (frame: string) => focusedPanel(frame).find(line => line.startsWith('›')) ?? '';

describe('StatefulSet and DaemonSet views: the panels of the Deployment view', () => {
	it('the list says Failing for both kinds', async () => {
		const {rendered} = await startApp({snapshot: snapshotWith(), columns: 160});
		const frame = await waitForText(rendered, 'agent');
		assert.match(
			frame.split('\n').find(line => / db +sts /.test(line)) ?? '',
			/Failing: CrashLoopBackOff 1\/1 new pod/,
		);
		assert.match(
			frame.split('\n').find(line => / agent +ds /.test(line)) ?? '',
			/Failing: CrashLoopBackOff 1\/1 new pod/,
		);
	});

	it('StatefulSet: Tab focuses the ordinals with the failing pod selected; l follows its log, Enter opens it', async () => {
		const started = await startApp({snapshot: snapshotWith(), rows: 40});
		const {rendered, session} = started;
		const frame = await open(started, 'db', dbFocus);
		assert.match(frame, /▶ Revisions/, 'the revisions panel has the focus first');
		await press(rendered, '\t');
		const pods = await waitForText(rendered, '▶ Pods by ordinal');
		assert.match(selectedIn(pods), /2 +db-2 +2 +update/, 'the failing pod is selected first');
		await press(rendered, 'l');
		await waitFor(() => session.feeds.length === 1, {interval: 0, message: 'a log feed'});
		assert.deepEqual(session.feeds[0]!.target, {namespace: 'default', pod: 'db-2', container: 'app'});
		await waitForText(rendered, 'logs pod/db-2 -c app');
		await press(rendered, keys.escape);
		await waitForText(rendered, '▶ Pods by ordinal');
		// k: up one ordinal; Enter opens that pod's own view, Esc comes back to the same selection.
		await press(rendered, 'k');
		await waitForFrame(rendered, f => /1 +db-1 /.test(selectedIn(f)), 'db-1 selected');
		await press(rendered, keys.enter);
		await waitForText(rendered, 'pod/db-1');
		await press(rendered, keys.escape);
		await waitForFrame(rendered, f => /1 +db-1 /.test(selectedIn(f)), 'db-1 still selected');
		await press(rendered, 'd');
		await waitForText(rendered, 'kubectl describe pod/db-1 -n default');
	});

	it('StatefulSet: d and y on a revision show its ControllerRevision, on the events panel the StatefulSet', async () => {
		const started = await startApp({snapshot: snapshotWith(), rows: 40});
		const {rendered} = started;
		await open(started, 'db', dbFocus);
		// The view opens on the previous revision (kubectl's undo target): g selects the newest, the first row.
		await press(rendered, 'g');
		await waitFor(() => selectedLine(rendered.lastFrame() ?? '').includes('db-bbb'), {
			message: () => `g to select db-bbb; frame:\n${rendered.lastFrame()}`,
		});
		await press(rendered, 'd');
		await waitForText(rendered, 'kubectl describe controllerrevision/db-bbb -n default');
		await press(rendered, keys.escape);
		// Shift-Tab from the revisions goes round to the events: the StatefulSet's own, with the selected one in full.
		await press(rendered, '\u001b[Z');
		const events = await waitForText(rendered, '▶ Events');
		assert.match(events, /statefulset\/db/);
		assert.match(events, /pod\/db-2/);
		await press(rendered, 'y');
		await waitForText(rendered, 'kubectl get statefulset/db -n default -o yaml');
	});

	it('StatefulSet: the focused ordinals get the room and scroll (G, g) over thirty pods', async () => {
		const many: FocusedDeployment = {
			...dbFocus,
			pods: Array.from({length: 30}, (_, ordinal) => pod({name: `db-${ordinal}`, controllerRevisionHash: 'db-aaa'})),
		};
		const big: DeploymentSummary = {...db, progress: {...db.progress, desired: 30}};
		const started = await startApp({snapshot: {...snapshotWith(), deployments: [agent, big]}, rows: 40});
		const {rendered, session} = started;
		await selectInList(started, 'db');
		await press(rendered, keys.enter);
		await waitFor(() => session.callsOf('focus').length > 0, {interval: 0, message: 'focus asked'});
		session.setSnapshot({...snapshotWith(many), deployments: [agent, big]});
		await waitForText(rendered, 'db-0 ');
		await press(rendered, '\t');
		await waitForText(rendered, '▶ Pods by ordinal');
		assert.doesNotMatch(rendered.lastFrame() ?? '', / db-29 /, 'the last ordinal is below the fold at first');
		await press(rendered, 'G');
		await waitForFrame(rendered, f => /29 +db-29 /.test(selectedIn(f)), 'db-29 selected and shown');
		await press(rendered, 'g');
		await waitForFrame(rendered, f => /0 +db-0 /.test(selectedIn(f)), 'db-0 selected again');
	});

	it('StatefulSet: f keeps the ordinals of the selected revision', async () => {
		const started = await startApp({snapshot: snapshotWith(), rows: 40});
		const {rendered} = started;
		await open(started, 'db', dbFocus);
		await press(rendered, 'g');
		await press(rendered, 'f');
		const frame = await waitForText(rendered, 'Pods by ordinal of db-bbb');
		assert.ok(!/ db-0 /.test(frame) && / db-2 /.test(frame), frame);
	});

	it('DaemonSet: Tab focuses the nodes with the failing pod’s node selected; l and Enter act on its pod', async () => {
		const started = await startApp({snapshot: snapshotWith(), rows: 40});
		const {rendered, session} = started;
		await open(started, 'agent', agentFocus);
		await press(rendered, '\t');
		const nodes = await waitForText(rendered, '▶ Nodes');
		assert.match(selectedIn(nodes), /node-b +agent-new02/, 'the failing pod’s node is selected first');
		await press(rendered, keys.enter);
		await waitForText(rendered, 'pod/agent-new02');
		await press(rendered, keys.escape);
		await waitForText(rendered, '▶ Nodes');
		// The node without a pod: nothing to open, and l says why.
		await press(rendered, 'j');
		await waitForFrame(rendered, f => /node-c +\(no pod\)/.test(selectedIn(f)), 'node-c selected');
		await press(rendered, 'l');
		await waitForText(rendered, 'no pod in this row now');
		assert.equal(session.feeds.length, 0);
		await press(rendered, 'k');
		await press(rendered, 'k');
		await waitForFrame(rendered, f => /node-a +agent-old01/.test(selectedIn(f)), 'node-a selected');
		await press(rendered, 'l');
		await waitFor(() => session.feeds.length === 1, {interval: 0, message: 'a log feed'});
		assert.equal(session.feeds[0]!.target.pod, 'agent-old01');
	});

	it('a burst of keys in one write: Enter Tab l from the list reaches the failing pod’s log', async () => {
		const started = await startApp({snapshot: snapshotWith(dbFocus), rows: 40});
		const {rendered, session} = started;
		await selectInList(started, 'db');
		rendered.stdin.write('\r\tl');
		await waitFor(() => session.feeds.length === 1, {interval: 0, message: 'a log feed'});
		assert.equal(session.feeds[0]!.target.pod, 'db-2');
	});
});
