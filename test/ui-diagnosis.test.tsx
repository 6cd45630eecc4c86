// The diagnosis loop with ink-testing-library: a failing rollout flagged in the list and named in a banner, the
// deployment view's panels (Tab focus, scrolling, the revision filter, the event's full message), a pod's own view,
// its logs (follow, previous, wrap, search, Esc), describe and YAML, the container picker, the footer's fading line.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import type {DashboardSnapshot, DeploymentSummary} from '../source/model/types.js';
import type {PodJson} from '../source/model/objects.js';
import {startApp} from './helpers/ui-app.js';
import {deployment, event, pod, progress, sampleSnapshot, webFocus} from './helpers/ui-fake-session.js';
import {keys, press, waitForFrame, waitForNoText, waitForText} from './helpers/ui-render.js';
import {waitFor} from './helpers/wait.js';

const waitUntil = (check: () => boolean, what: string) => waitFor(check, {message: what, interval: 0, timeout: 5000});

const failure = {
	reason: 'CrashLoopBackOff' as const,
	failing: 1,
	newPods: 1,
	pod: 'web-hash3-ddddd',
	container: 'app',
	message: 'back-off 40s restarting failed container',
	pods: [],
};

function failingSnapshot(extra: Partial<DashboardSnapshot> = {}): DashboardSnapshot {
	const base = sampleSnapshot();
	const deployments = base.deployments.map(
		(d): DeploymentSummary =>
			d.name === 'web'
				? {...d, phase: 'Failing', failure, progress: progress({...d.progress, newAvailable: 0, newStarting: 1})}
				: d,
	);
	const focus = webFocus();
	const podObjects: PodJson[] = focus.pods.map(p => ({
		metadata: {name: p.name, namespace: 'default'},
		spec: {containers: [{name: 'app', image: 'nginx:1.23'}]},
		status: {
			phase: 'Running',
			containerStatuses: [
				p.name === 'web-hash3-ddddd'
					? ({
							name: 'app',
							ready: false,
							restartCount: 2,
							state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 40s'}},
							lastState: {terminated: {reason: 'Error', exitCode: 1, finishedAt: new Date().toISOString()}},
						} as never)
					: {name: 'app', ready: true, restartCount: 0, state: {running: {startedAt: new Date().toISOString()}}},
			],
		},
	}));
	return {...base, deployments, focus: {...focus, podObjects}, ...extra};
}

async function openWeb(snapshot = failingSnapshot()) {
	const started = await startApp({snapshot, rows: 40});
	await press(started.rendered, 'j');
	await press(started.rendered, keys.enter);
	await waitForText(started.rendered, 'deployment/web');
	return started;
}

test('the list flags the failing rollout in its PHASE; the bar counts only the new revision', async () => {
	const {rendered} = await startApp({snapshot: failingSnapshot()});
	const frame = await waitForText(rendered, 'Failing: CrashLoopBackOff 1/1 new pod');
	const line = frame.split('\n').find(l => l.includes(' web '))!;
	assert.match(line, /▒▒▒░░░░░░░/, 'no pod of the new revision is available: nothing filled');
	rendered.unmount();
});

test('Enter Tab l: the banner names the failing pod, it is selected first, and its log follows', async () => {
	const {rendered, session} = await openWeb();
	await waitForText(rendered, '✖ Failing: CrashLoopBackOff 1/1 new pod — pod web-hash3-ddddd (container app)');
	await press(rendered, '\t');
	const pods = await waitForText(rendered, '▶ Pods');
	const podLines = pods.split('\n').slice(pods.split('\n').findIndex(l => l.startsWith('▶ Pods')));
	assert.match(podLines.find(l => l.startsWith('›'))!, /web-hash3-ddddd/, 'the failing pod is selected');
	await press(rendered, 'l');
	await waitUntil(() => session.feeds.length === 1, 'a log feed');
	assert.deepEqual(session.feeds[0]!.target, {namespace: 'default', pod: 'web-hash3-ddddd', container: 'app'});
	const feed = session.feeds[0]!.feed;
	feed.write(['INFO  starting', 'FATAL cannot start without the database\u001b[2J']);
	const log = await waitForText(rendered, 'FATAL cannot start without the database^[[2J');
	assert.ok(!log.includes('\u001b[2J'), 'an escape sequence from the log is shown, not obeyed');
	assert.match(log, /logs pod\/web-hash3-ddddd -c app {2}following/);

	await press(rendered, 'p');
	await waitUntil(() => feed.previous, 'previous asked of the feed');
	await waitForText(rendered, '--previous');
	feed.write(['previous line one', 'previous FATAL']);
	await waitForText(rendered, 'previous FATAL');

	// Search, typed as a burst with its Enter.
	await press(rendered, '/FATAL\r');
	await waitForText(rendered, 'hit "FATAL"');
	await press(rendered, keys.escape);
	await waitUntil(() => feed.stopped, 'the feed stopped on Esc');
	await waitForText(rendered, '▶ Pods');
	rendered.unmount();
});

test('a log that grows follows its end; scrolling up stops following; w wraps', async () => {
	const {rendered, session} = await openWeb();
	await press(rendered, '\t');
	await press(rendered, 'l');
	await waitUntil(() => session.feeds.length === 1, 'a log feed');
	const feed = session.feeds[0]!.feed;
	feed.write(Array.from({length: 100}, (_, i) => `line ${i}`));
	await waitForText(rendered, 'line 99');
	await press(rendered, 'k');
	await waitForText(rendered, 'paused (G follows)');
	feed.write(['line 100']);
	await waitForNoText(rendered, 'line 99');
	await press(rendered, 'G');
	await waitForText(rendered, 'line 100');
	feed.write([`long ${'x'.repeat(150)} end`]);
	await waitForText(rendered, 'line 100');
	await press(rendered, 'w');
	await waitForText(rendered, ' end');
	rendered.unmount();
});

test('d and y: describe and YAML of the deployment (list), the ReplicaSet, the pod; both scroll and search', async () => {
	const {rendered, session} = await openWeb();
	session.texts['describe ReplicaSet/web-hash3'] = Array.from({length: 80}, (_, i) => `rs line ${i}`);
	// The view opens on the previous revision (kubectl's undo target): g selects the current one, the first row.
	await press(rendered, 'g');
	await press(rendered, 'd');
	await waitForText(rendered, 'kubectl describe replicaset/web-hash3 -n default');
	await waitForText(rendered, 'rs line 0');
	await press(rendered, 'G');
	await waitForText(rendered, 'rs line 79');
	await press(rendered, '/line 5\r');
	await waitForText(rendered, 'hit "line 5"');
	await press(rendered, keys.escape);
	await press(rendered, '\t');
	await press(rendered, 'y');
	await waitForText(rendered, 'kubectl get pod/web-hash3-ddddd -n default -o yaml');
	await waitForText(rendered, 'name: web-hash3-ddddd');
	await press(rendered, keys.escape);
	await press(rendered, keys.escape);
	await waitForText(rendered, 'NAME');
	await press(rendered, 'd');
	await waitForText(rendered, 'kubectl describe deployment/web -n default');
	rendered.unmount();
});

test('Enter on a pod: its containers, state, last termination and exit code, restarts, its events', async () => {
	const {rendered} = await openWeb();
	await press(rendered, '\t');
	await press(rendered, keys.enter);
	const frame = await waitForText(rendered, 'pod/web-hash3-ddddd');
	assert.match(frame, /Waiting: CrashLoopBackOff/);
	assert.match(frame, /Error, exit code 1/);
	assert.match(frame, /Back-off pulling image "nginx:1\.23" \(x4\)/);
	rendered.unmount();
});

test('Tab moves the focus; the focused panel scrolls and gets the room; events show the full message', async () => {
	const snapshot = failingSnapshot();
	const focus = snapshot.focus!;
	const many = Array.from({length: 30}, (_, i) =>
		event({
			reason: `Reason${i}`,
			message: `message ${i} ${'y'.repeat(150)} tail ${i}`,
			lastSeen: new Date(Date.now() - i * 1000),
		}),
	);
	const {rendered} = await openWeb({...snapshot, focus: {...focus, events: many}});
	await press(rendered, '\t');
	await press(rendered, '\t');
	const events = await waitForText(rendered, '▶ Events');
	assert.match(events, /tail 0/, 'the selected event in full');
	await press(rendered, 'G');
	await waitForText(rendered, 'tail 29');
	await press(rendered, '\u001b[Z');
	await waitForText(rendered, '▶ Pods');
	rendered.unmount();
});

test("f shows only the selected revision's pods; a pod of several containers asks which one", async () => {
	const snapshot = failingSnapshot();
	const focus = snapshot.focus!;
	const podObjects = focus.podObjects!.map(p =>
		p.metadata.name === 'web-hash3-ddddd'
			? {
					...p,
					spec: {
						containers: [
							{name: 'app', image: 'a'},
							{name: 'sidecar', image: 'b'},
						],
					},
				}
			: p,
	);
	const {rendered, session} = await openWeb({...snapshot, focus: {...focus, podObjects}});
	// The view opens on the previous revision: g selects the current one, the first row.
	await press(rendered, 'g');
	await press(rendered, 'f');
	await waitForText(rendered, 'Pods of web-hash3');
	const frame = rendered.lastFrame()!;
	assert.ok(!frame.includes('web-hash2-aaaaa'), 'pods of other revisions hidden');
	await press(rendered, '\t');
	await press(rendered, 'l');
	await waitForText(rendered, 'which container?');
	await press(rendered, 'j');
	await press(rendered, keys.enter);
	await waitUntil(() => session.feeds.length === 1, 'a log feed');
	assert.equal(session.feeds[0]!.target.container, 'sidecar');
	rendered.unmount();
});

test("an action's line fades at the next key; the filter stays in sight; stale data is dimmed and says since when", async () => {
	const {rendered} = await startApp({snapshot: failingSnapshot()});
	await press(rendered, '/');
	await press(rendered, 'we');
	await press(rendered, keys.enter);
	await press(rendered, 'p');
	await waitForText(rendered, 'deployment.apps/web paused');
	assert.match(rendered.lastFrame()!, /\[filter "we"\] deployment\.apps\/web paused/);
	await press(rendered, 'j');
	await waitForNoText(rendered, 'deployment.apps/web paused');
	rendered.unmount();
	const since = new Date(Date.now() - 30_000);
	const stale = await startApp({
		snapshot: failingSnapshot({connection: {state: 'reconnecting', since, lastError: 'ECONNREFUSED'}}),
	});
	await waitForFrame(stale.rendered, frame => /data stale since then/.test(frame), 'the stale mark');
	stale.rendered.unmount();
});

test('a paused rollout: a banner that says it will not finish until resumed', async () => {
	const snapshot = sampleSnapshot();
	snapshot.deployments = snapshot.deployments.map(d =>
		d.name === 'web' ? deployment({...d, paused: true, phase: 'Paused'}) : d,
	);
	const {rendered} = await openWeb({...snapshot, focus: webFocus()});
	await waitForText(rendered, '⏸ Paused — the rollout will not finish until it is resumed');
	assert.match(rendered.lastFrame()!, /Waiting for deployment "web" rollout to finish/, "kubectl's sentence as it is");
	rendered.unmount();
	void pod;
});
