import {afterEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup, render} from 'ink-testing-library';
import type {PodPanelRow} from '../source/model/pod-panel.js';
import {DeploymentView} from '../source/ui/components/DeploymentView.js';
import type {DashboardSnapshot} from '../source/model/types.js';
import {event, pod, sampleSnapshot, webFocus} from './helpers/ui-fake-session.js';
import {selectedLine, startApp, type Started} from './helpers/ui-app.js';
import {keys, press, waitForFrame, waitForNoText, waitForText} from './helpers/ui-render.js';
import {waitFor} from './helpers/wait.js';

afterEach(() => cleanup());

function withWebFocus(snapshot: DashboardSnapshot = sampleSnapshot()): DashboardSnapshot {
	return {...snapshot, focus: webFocus()};
}

/** Opens "web" (the second row) and feeds the focus the session would load. */
async function openWeb(started: Started, snapshot?: DashboardSnapshot): Promise<string> {
	const {rendered, session} = started;
	await press(rendered, 'j');
	await waitForFrame(rendered, frame => selectedLine(frame).includes('web'), 'web selected');
	await press(rendered, keys.enter);
	await waitFor(() => session.callsOf('focus').length === 1, {message: 'focus()', interval: 0});
	session.setSnapshot(withWebFocus(snapshot));
	return waitForText(rendered, 'ImagePullBackOff');
}

describe('deployment view', () => {
	it('Enter focuses the deployment and shows history, surge panel, pods and events', async () => {
		const started = await startApp();
		const frame = await openWeb(started);
		assert.deepEqual(started.session.callsOf('focus'), [
			{method: 'focus', target: {kind: 'Deployment', namespace: 'default', name: 'web'}},
		]);
		// History: newest first, current marker, change-cause or derived label.
		assert.match(frame, /REVISION +PODS +AGE +REPLICASET +IMAGES +NOTE +CHANGE-CAUSE/);
		assert.match(frame, /● +3 +0\/1 +\S+ +web-hash3 +nginx:1\.23 +current +image nginx:1\.22 → nginx:1\.23/);
		assert.match(frame, /2 +3\/3 +\S+ +web-hash2 +nginx:1\.22 .*image nginx:1\.21 → nginx:1\.22/);
		assert.match(frame, /1 +0\/0 +\S+ +web-hash1 .*kubectl create deployment web/);
		assert.ok(frame.indexOf('web-hash3 ') < frame.indexOf('web-hash2 '), 'newest revision first');
		// Surge panel.
		assert.match(frame, /new rev 3 +□ +0\/1 ready, 1\/3 updated/);
		assert.match(frame, /old pods +■■■ +3 pods left to drain/);
		assert.match(frame, /surge 1\/1 in use +unavailable 0\/0 allowed/);
		assert.match(frame, /Available=True \(MinimumReplicasAvailable\)/);
		assert.match(frame, /deadline in \d:\d\d \(of 600s\)/);
		assert.match(
			frame,
			/Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated\.\.\./,
		);
		// Pods with revision, status and restarts.
		assert.match(frame, /web-hash3-ddddd +3 +0\/1 +ImagePullBackOff +2/);
		assert.match(frame, /web-hash2-aaaaa +2 +1\/1 +Ready +0/);
		// Events, newest first, with counts.
		assert.match(frame, /Warning +Failed +pod\/web-hash3-ddddd +Back-off pulling image "nginx:1\.23" \(x4\)/);
		assert.match(frame, /Normal +ScalingReplicaSet +deployment\/web/);
	});

	it('shows "restored from" and Stalled with the deadline exceeded', async () => {
		const started = await startApp();
		const snapshot = sampleSnapshot();
		const web = snapshot.deployments[1]!;
		const stalled = {
			...snapshot,
			deployments: [
				snapshot.deployments[0]!,
				{...web, phase: 'Stalled' as const, deadline: {progressDeadlineSeconds: 600, exceeded: true}},
				snapshot.deployments[2]!,
			],
		};
		await openWeb(started, stalled);
		const focus = webFocus();
		focus.history[1] = {...focus.history[1]!, revision: 4, restoredFrom: [2], isCurrent: false};
		started.session.setSnapshot({...stalled, focus});
		const frame = await waitForText(started.rendered, 'restored from 2');
		assert.match(frame, /Stalled/);
		assert.match(frame, /deadline exceeded \(600s without progress\)/);
	});

	it('Esc goes back to the list and stops the focus', async () => {
		const started = await startApp();
		await openWeb(started);
		await press(started.rendered, keys.escape);
		await waitForText(started.rendered, 'UP-TO-DATE');
		assert.deepEqual(started.session.callsOf('focus')[1], {method: 'focus', target: undefined});
		assert.ok(selectedLine(started.rendered.lastFrame()!).includes('web'), 'selection kept');
	});

	it("p and r act on the open deployment and show the server's message, errors included", async () => {
		const started = await startApp();
		await openWeb(started);
		started.session.results.pause = {ok: false, message: 'deployments.apps "web" is already paused'};
		await press(started.rendered, 'p');
		await waitForText(started.rendered, 'deployments.apps "web" is already paused');
		await press(started.rendered, 'r');
		await waitForText(started.rendered, 'deployment.apps/web resumed');
		assert.deepEqual(
			started.session.calls.filter(call => call.method === 'pause' || call.method === 'resume'),
			[
				{method: 'pause', namespace: 'default', name: 'web'},
				{method: 'resume', namespace: 'default', name: 'web'},
			],
		);
	});

	it('u asks for confirmation naming the target revision, the image diff and the kubectl command; y undoes', async () => {
		const started = await startApp();
		const {rendered, session} = started;
		await openWeb(started);
		// The previous revision is selected from the start, as `kubectl rollout undo` goes there by default.
		await waitForFrame(rendered, frame => selectedLine(frame).includes('web-hash2'), 'revision 2 selected');
		session.changes = [{field: 'image app', from: 'nginx:1.23', to: 'nginx:1.22'}];
		await press(rendered, 'u');
		const frame = await waitForText(rendered, 'Undo deployment/web (namespace default) to revision 2?');
		assert.deepEqual(session.callsOf('templateDiff'), [
			{method: 'templateDiff', namespace: 'default', name: 'web', toRevision: 2},
		]);
		assert.match(frame, /revision 2 \(image nginx:1\.22, no change-cause\) becomes revision 4; the rollout starts now/);
		assert.match(frame, /ReplicaSet web-hash2, 3\/3 pods ready now/);
		assert.match(frame, /│ image app │ nginx:1\.23 │ nginx:1\.22 │/);
		assert.match(frame, /Same as: kubectl rollout undo deployment\/web -n default --to-revision=2/);
		assert.ok(!frame.includes('Managed by'), 'no GitOps warning');
		assert.equal(session.callsOf('undo').length, 0, 'nothing before confirming');
		session.results.undo = {ok: true, message: 'deployment.apps/web rolled back'};
		await press(rendered, 'y');
		await waitForText(rendered, 'deployment.apps/web rolled back');
		assert.deepEqual(session.callsOf('undo'), [
			{method: 'undo', namespace: 'default', name: 'web', toRevision: 2, basedOnGeneration: 3},
		]);
	});

	it('Enter confirms too; undo to the revision whose pods are still running is allowed', async () => {
		const started = await startApp();
		const {rendered, session} = started;
		await openWeb(started);
		await press(rendered, keys.down);
		await press(rendered, keys.up);
		await waitForFrame(rendered, frame => selectedLine(frame).includes('web-hash2'), 'revision 2 (3 pods) selected');
		await press(rendered, 'u');
		await waitForText(rendered, 'to revision 2?');
		await press(rendered, keys.enter);
		await waitFor(() => session.callsOf('undo').length === 1, {message: 'undo()', interval: 0});
		assert.deepEqual(session.callsOf('undo')[0], {
			method: 'undo',
			namespace: 'default',
			name: 'web',
			toRevision: 2,
			basedOnGeneration: 3,
		});
	});

	it('n cancels the confirmation without undoing, and so does Esc', async () => {
		const started = await startApp();
		const {rendered, session} = started;
		await openWeb(started);
		await press(rendered, 'u');
		await waitForText(rendered, 'to revision 2?');
		await press(rendered, 'n');
		await waitForText(rendered, 'undo cancelled');
		await waitForText(rendered, 'web-hash3-ddddd');
		await press(rendered, 'u');
		await waitForText(rendered, 'to revision 2?');
		await press(rendered, keys.escape);
		await waitForNoText(rendered, 'to revision 2?');
		assert.equal(session.callsOf('undo').length, 0);
		assert.equal(session.callsOf('focus').length, 1, 'Esc in the confirmation does not leave the deployment');
	});

	it('warns in the confirmation when a GitOps tool manages the deployment, and shows a failed undo in the result line', async () => {
		const started = await startApp();
		const {rendered, session} = started;
		const snapshot = sampleSnapshot();
		const web = {
			...snapshot.deployments[1]!,
			gitOps: {tool: 'Argo CD' as const, evidence: 'label argocd.argoproj.io/instance=web'},
		};
		await openWeb(started, {...snapshot, deployments: [snapshot.deployments[0]!, web, snapshot.deployments[2]!]});
		await waitForFrame(rendered, frame => selectedLine(frame).includes('web-hash2'), 'revision 2 selected');
		await press(rendered, 'u');
		const frame = await waitForText(rendered, 'Managed by Argo CD');
		assert.match(
			frame,
			/Managed by Argo CD \(label argocd\.argoproj\.io\/instance=web\): Argo CD will revert a manual undo/,
		);
		// The warning is wrapped, never cut: its end is on screen too, even on a narrow terminal.
		assert.match(frame.replace(/\s+/g, ' '), /change the source in Git instead\./);
		session.results.undo = {
			ok: false,
			message: 'deployment "web" was changed by someone else; not rolled back (resourceVersion 100 ≠ 101)',
		};
		await press(rendered, 'y');
		await waitForText(
			rendered,
			'deployment "web" was changed by someone else; not rolled back (resourceVersion 100 ≠ 101)',
		);
	});

	it('warns in the undo confirmation when the deployment is paused', async () => {
		const started = await startApp();
		const snapshot = sampleSnapshot();
		const web = {...snapshot.deployments[1]!, paused: true, phase: 'Paused' as const};
		await openWeb(started, {...snapshot, deployments: [snapshot.deployments[0]!, web, snapshot.deployments[2]!]});
		await press(started.rendered, 'u');
		await waitForText(started.rendered, 'The deployment is paused: kubectl refuses to undo a paused deployment');
	});

	it('says when the target matches the current template', async () => {
		const started = await startApp();
		await openWeb(started);
		started.session.changes = [];
		await press(started.rendered, 'k');
		await press(started.rendered, 'u');
		await waitForText(started.rendered, 'No template changes: revision 3 matches the current template.');
	});

	it('u in the list targets the previous revision, as kubectl rollout undo does, once the history has loaded', async () => {
		const started = await startApp();
		const {rendered, session} = started;
		await press(rendered, 'j');
		await waitForFrame(rendered, frame => selectedLine(frame).includes('web'), 'web selected');
		await press(rendered, 'u');
		await waitFor(() => session.callsOf('focus').length === 1, {message: 'focus()', interval: 0});
		assert.deepEqual(session.callsOf('focus'), [
			{method: 'focus', target: {kind: 'Deployment', namespace: 'default', name: 'web'}},
		]);
		assert.equal(session.callsOf('templateDiff').length, 0, 'no confirmation before the history has loaded');
		session.setSnapshot(withWebFocus());
		await waitForText(rendered, 'Undo deployment/web (namespace default) to revision 2?');
		assert.deepEqual(session.callsOf('templateDiff'), [
			{method: 'templateDiff', namespace: 'default', name: 'web', toRevision: 2},
		]);
	});

	it('R restarts after a confirmation', async () => {
		const started = await startApp();
		const {rendered, session} = started;
		await openWeb(started);
		await press(rendered, 'R');
		await waitForText(rendered, 'Restart deployment/web (namespace default)?');
		await waitForText(rendered, 'kubectl rollout restart deployment/web -n default');
		await press(rendered, 'y');
		await waitForText(rendered, 'deployment.apps/web restarted');
		assert.deepEqual(session.callsOf('restart'), [{method: 'restart', namespace: 'default', name: 'web'}]);
	});

	it('read-only mode refuses u in the deployment view', async () => {
		const started = await startApp({readonly: true});
		await openWeb(started);
		await press(started.rendered, 'u');
		await waitForText(started.rendered, 'read-only mode: undo is disabled');
		assert.equal(started.session.callsOf('templateDiff').length, 0);
	});

	it('fits a small terminal: the frame stays one row short', async () => {
		const started = await startApp({columns: 60, rows: 15});
		const frame = await openWeb(started);
		assert.equal(frame.split('\n').length, 14);
		assert.ok(frame.split('\n').every(line => line.length <= 60));
	});
});

describe('the pods panel of many pods', () => {
	it('moves its ages (and the events panel its) with the clock although its rows are kept between renders', () => {
		const createdAt = new Date('2026-11-23T08:00:00Z');
		const shownPods: PodPanelRow[] = Array.from({length: 300}, (_, index) => {
			const name = `web-hash3-${String(index).padStart(5, '0')}`;
			return {key: name, pod: pod({name, createdAt}), revision: 3};
		});
		const at = (seconds: number) => createdAt.getTime() + seconds * 1000;
		const shownEvents = [event({reason: 'ScalingReplicaSet', involvedName: 'web', lastSeen: createdAt})];
		const view = (now: number, panel: 'pods' | 'revisions' = 'pods') => (
			<DeploymentView
				target={{namespace: 'default', name: 'web'}}
				deployment={undefined}
				revisions={[]}
				focus={undefined}
				revisionIndex={0}
				width={100}
				height={30}
				now={now}
				panel={panel}
				shownPods={shownPods}
				podIndex={0}
				shownEvents={shownEvents}
				eventIndex={0}
			/>
		);
		const podLine = (frame: string) => frame.split('\n').find(line => line.includes('web-hash3-00000')) ?? '';
		const rendered = render(view(at(42)));
		assert.ok(
			!(rendered.lastFrame() ?? '').includes('deleted?'),
			'the focused pods panel has the top rows: no line there',
		);
		const eventLine = (frame: string) => frame.split('\n').find(line => line.includes('ScalingReplicaSet')) ?? '';
		assert.match(podLine(rendered.lastFrame() ?? ''), / 42s$/);
		assert.match(eventLine(rendered.lastFrame() ?? ''), /^\s*42s /);
		rendered.rerender(view(at(42.6)));
		assert.match(podLine(rendered.lastFrame() ?? ''), / 42s$/, 'the same second');
		rendered.rerender(view(at(43)));
		assert.match(podLine(rendered.lastFrame() ?? ''), / 43s$/, 'the next second');
		rendered.rerender(view(at(190)));
		assert.match(podLine(rendered.lastFrame() ?? ''), / 3m10s$/);
		assert.match(eventLine(rendered.lastFrame() ?? ''), /^\s*3m10s /);
		rendered.rerender(view(at(190), 'revisions'));
		assert.match(
			rendered.lastFrame() ?? '',
			/\ndeployment "web" not found in namespace "default" \(deleted\?\)\n/,
			'the gone deployment on a line of its own',
		);
	});
});
