// The keyboard as people use it, with ink-testing-library: whole bursts and pastes in ONE stdin.write, keys typed
// before a view has loaded, the command line, scale and set image prompts, sorting, the wide list, copying.
import {afterEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import type {DashboardSnapshot} from '../source/model/types.js';
import {FakeSession, deployment, sampleSnapshot, webFocus} from './helpers/ui-fake-session.js';
import {selectedLine, startApp} from './helpers/ui-app.js';
import {waitForFrame, waitForText} from './helpers/ui-render.js';
import {waitFor} from './helpers/wait.js';
import {copyToClipboard} from '../source/terminal/clipboard.js';

afterEach(() => cleanup());

const withWebFocus = (snapshot: DashboardSnapshot = sampleSnapshot()): DashboardSnapshot => ({
	...snapshot,
	focus: webFocus(),
});

/** The snapshot before the first list: the watches still connecting, no workloads yet. */
const beforeTheList = (): DashboardSnapshot => ({
	...sampleSnapshot(),
	deployments: [],
	connection: {state: 'connecting'},
});

describe('keys in bursts', () => {
	it('Enter j u in one write, before the history has loaded: queued, then the revision below the previous one', async () => {
		const {rendered, session} = await startApp();
		rendered.stdin.write('j');
		await waitForFrame(rendered, frame => selectedLine(frame).includes('web'), 'web selected');
		rendered.stdin.write('\rju');
		await waitFor(() => session.callsOf('focus').length === 1, {message: 'focus()', interval: 0});
		assert.equal(session.callsOf('templateDiff').length, 0, 'u waits for the history');
		session.setSnapshot(withWebFocus());
		await waitForText(rendered, 'Undo deployment/web (namespace default) to revision 1?');
		rendered.stdin.write('y');
		await waitFor(() => session.callsOf('undo').length === 1, {message: 'undo()', interval: 0});
		assert.deepEqual(session.callsOf('undo')[0], {
			method: 'undo',
			namespace: 'default',
			name: 'web',
			toRevision: 1,
			basedOnGeneration: 3,
		});
	});

	it('the undo sentence wraps: a long change-cause does not cut off what happens', async () => {
		const {rendered, session} = await startApp({columns: 100});
		rendered.stdin.write('j\rju');
		await waitFor(() => session.callsOf('focus').length === 1, {message: 'focus()', interval: 0});
		const focus = webFocus();
		focus.history[0] = {
			...focus.history[0]!,
			changeCause: `kubectl set image deployment/web app=nginx:1.21 ${'--flag '.repeat(12)}`,
		};
		session.setSnapshot({...sampleSnapshot(), focus});
		const frame = await waitForText(rendered, 'Undo deployment/web (namespace default) to revision 1?');
		assert.match(frame.replace(/\s+/g, ' '), /becomes revision 4; the rollout starts now/);
	});

	it('a run of keys in the list is handled key by key (j j Enter in one write opens the third row)', async () => {
		const {rendered, session} = await startApp();
		rendered.stdin.write('jj\r');
		await waitFor(() => session.callsOf('focus').length === 1, {message: 'focus()', interval: 0});
		assert.deepEqual(session.callsOf('focus')[0], {
			method: 'focus',
			target: {kind: 'Deployment', namespace: 'default', name: 'worker'},
		});
	});

	it('j j Enter in one write before the first list arrived: waits, then opens the third row', async () => {
		const {rendered, session} = await startApp({snapshot: beforeTheList(), waitFor: 'connecting'});
		rendered.stdin.write('jj\r');
		assert.equal(session.callsOf('focus').length, 0, 'nothing to open yet');
		session.setSnapshot(sampleSnapshot());
		await waitFor(() => session.callsOf('focus').length === 1, {message: 'focus()', interval: 0});
		assert.deepEqual(session.callsOf('focus')[0], {
			method: 'focus',
			target: {kind: 'Deployment', namespace: 'default', name: 'worker'},
		});
	});

	it('"/w⏎ j" in one write before the first list arrived: filtered, then j moves in it; a q typed in it is text', async () => {
		const {rendered, session, quits} = await startApp({snapshot: beforeTheList(), waitFor: 'connecting'});
		rendered.stdin.write('/wqe\x7f\x7f\rj');
		session.setSnapshot(sampleSnapshot());
		const frame = await waitForFrame(
			rendered,
			frame => frame.includes('filter "w" (Esc clears)') && selectedLine(frame).includes('worker'),
			'the filter applied and worker, its second row, selected',
		);
		assert.ok(!frame.includes(' api '), frame);
		assert.equal(quits(), 0);
	});

	it('q before the first list arrived quits at once', async () => {
		const {rendered, quits} = await startApp({snapshot: beforeTheList(), waitFor: 'connecting'});
		rendered.stdin.write('q');
		await waitFor(() => quits() === 1, {message: 'the app to quit', interval: 0});
	});

	it('a paste into the filter keeps its Enter: "/wor⏎" in one write applies the filter', async () => {
		const {rendered} = await startApp();
		rendered.stdin.write('/wor\r');
		const frame = await waitForText(rendered, 'filter "wor" (Esc clears)');
		assert.ok(frame.includes('worker') && !frame.includes(' api '), frame);
	});

	it('a bracketed paste is text, its line break an Enter', async () => {
		const {rendered} = await startApp();
		rendered.stdin.write('/\x1b[200~we\x1b[201~\r');
		await waitForText(rendered, 'filter "we" (Esc clears)');
	});

	it('the selection follows the revision through an undo: the target, renumbered, stays selected', async () => {
		const {rendered, session} = await startApp();
		rendered.stdin.write('j\r');
		await waitFor(() => session.callsOf('focus').length === 1, {message: 'focus()', interval: 0});
		session.setSnapshot(withWebFocus());
		await waitForFrame(rendered, frame => selectedLine(frame).includes('web-hash2'), 'the previous revision selected');
		rendered.stdin.write('uy');
		await waitFor(() => session.callsOf('undo').length === 1, {message: 'undo()', interval: 0});
		// The controller renumbers revision 2 to 4 and makes it current.
		const focus = webFocus();
		focus.history = focus.history.map(entry =>
			entry.revision === 2
				? {...entry, revision: 4, isCurrent: true}
				: entry.revision === 3
					? {...entry, isCurrent: false}
					: entry,
		);
		session.setSnapshot({...sampleSnapshot(), focus});
		const frame = await waitForFrame(rendered, f => /● +4/.test(f), 'revision 4 on screen');
		assert.match(selectedLine(frame), /4 .*web-hash2/);
	});
});

describe('prompts', () => {
	it('edit like readline: Ctrl-U clears, Ctrl-W deletes a word, Ctrl-A and arrows move', async () => {
		const {rendered} = await startApp();
		rendered.stdin.write('/shop web\x17wor\x01\x1b[C\x15');
		// Ctrl-W left "shop ", "wor" was typed, Ctrl-A went home, → moved one, Ctrl-U cleared what was before it.
		await waitForFrame(rendered, frame => /\/hop wor/.test(frame), 'the edited line');
	});

	it('s: Ctrl-U, 4, Enter, y in one write scales to 4, after a confirmation with the kubectl command', async () => {
		const {rendered, session} = await startApp();
		rendered.stdin.write('j\r');
		await waitFor(() => session.callsOf('focus').length === 1, {message: 'focus()', interval: 0});
		session.setSnapshot(withWebFocus());
		await waitForText(rendered, 'web-hash2');
		rendered.stdin.write('s');
		await waitForText(rendered, 'replicas of deployment/web: 3');
		rendered.stdin.write('\x154\r');
		const frame = await waitForText(rendered, 'Scale deployment/web (namespace default) from 3 to 4 replicas?');
		assert.match(frame, /Same as: kubectl scale deployment\/web --replicas=4 -n default/);
		rendered.stdin.write('y');
		await waitFor(() => session.callsOf('scale').length === 1, {message: 'scale()', interval: 0});
		assert.deepEqual(session.callsOf('scale')[0], {method: 'scale', namespace: 'default', name: 'web', replicas: 4});
		await waitForText(rendered, 'deployment.apps/web scaled');
	});

	it('scale refuses what is not a number, in one line, and stays in the prompt', async () => {
		const {rendered, session} = await startApp();
		rendered.stdin.write('s\x15four\r');
		await waitForText(rendered, 'replicas must be a whole number ≥ 0, not "four"');
		assert.equal(session.callsOf('scale').length, 0);
	});

	it('i: a container picker when there are several, the image prefilled, then the confirmation', async () => {
		const snapshot = sampleSnapshot();
		snapshot.deployments[0] = deployment({
			name: 'api',
			images: [
				{container: 'app', image: 'shop:1.0'},
				{container: 'sidecar', image: 'envoy:1.30'},
			],
		});
		const {rendered, session} = await startApp({snapshot});
		rendered.stdin.write('i');
		await waitForText(rendered, 'Set the image of which container?');
		rendered.stdin.write('j\r');
		await waitForText(rendered, 'image of container sidecar in deployment/api: envoy:1.30');
		rendered.stdin.write('\x17envoy:1.31\r');
		const frame = await waitForText(rendered, 'Set the image of container sidecar in deployment/api');
		assert.match(frame, /to envoy:1\.31\?/);
		assert.match(frame, /Current image: envoy:1\.30/);
		assert.match(frame, /Same as: kubectl set image deployment\/api sidecar=envoy:1\.31 -n default/);
		rendered.stdin.write('\r');
		await waitFor(() => session.callsOf('set-image').length === 1, {message: 'set-image', interval: 0});
		assert.deepEqual(session.callsOf('set-image')[0], {
			method: 'set-image',
			namespace: 'default',
			name: 'api',
			container: 'sidecar',
			image: 'envoy:1.31',
		});
	});

	it('--readonly refuses s and i in one line', async () => {
		const {rendered} = await startApp({readonly: true});
		rendered.stdin.write('s');
		await waitForText(rendered, 'read-only mode: scale is disabled (started with --readonly)');
		rendered.stdin.write('i');
		await waitForText(rendered, 'read-only mode: set image is disabled (started with --readonly)');
	});
});

describe('command mode', () => {
	it(':ns shop⏎ in one write switches the namespace; :ns alone opens the picker', async () => {
		const {rendered, session} = await startApp();
		rendered.stdin.write(':ns shop\r');
		await waitFor(() => session.callsOf('setNamespace').length === 1, {message: 'setNamespace', interval: 0});
		assert.deepEqual(session.callsOf('setNamespace')[0], {method: 'setNamespace', namespace: 'shop'});
		rendered.stdin.write(':ns\r');
		await waitForText(rendered, 'Switch namespace');
	});

	it('Tab completes the command and its argument', async () => {
		const {rendered, session} = await startApp();
		rendered.stdin.write(':n\t');
		await waitForFrame(rendered, frame => /^:ns {2}/m.test(frame) || frame.includes(':ns '), ':ns completed');
		rendered.stdin.write('sh\t');
		await waitForText(rendered, ':shop'.replace(':', ':ns '));
		rendered.stdin.write('\r');
		await waitFor(() => session.callsOf('setNamespace').length === 1, {message: 'setNamespace', interval: 0});
		assert.deepEqual(session.callsOf('setNamespace')[0], {method: 'setNamespace', namespace: 'shop'});
	});

	it('an unknown command says so in one line; Esc cancels; :q quits', async () => {
		const started = await startApp();
		const {rendered} = started;
		rendered.stdin.write(':frobnicate\r');
		await waitForText(rendered, 'unknown command ":frobnicate"');
		rendered.stdin.write(':ns sh\x1b');
		await waitForFrame(rendered, frame => !frame.includes(':ns sh'), 'the prompt closed');
		rendered.stdin.write(':q\r');
		await waitFor(() => started.quits() === 1, {message: 'quit', interval: 0});
	});

	it(':sts, :deploy and :all choose which workload kinds the list shows', async () => {
		const snapshot = sampleSnapshot();
		snapshot.deployments.push({...deployment({name: 'db'}), kind: 'StatefulSet'});
		const {rendered} = await startApp({snapshot});
		rendered.stdin.write(':sts\r');
		let frame = await waitForText(rendered, 'showing statefulsets');
		assert.ok(frame.includes('db') && !frame.includes('worker'), frame);
		rendered.stdin.write(':deploy\r');
		frame = await waitForText(rendered, 'showing deployments');
		assert.ok(!frame.includes(' db ') && frame.includes('worker'), frame);
		rendered.stdin.write(':all\r');
		frame = await waitForText(rendered, 'showing all workloads');
		assert.ok(frame.includes('db') && frame.includes('worker'), frame);
	});

	it(':ctx other switches context: a new session from the wiring, the header says so; :ctx alone lists them', async () => {
		const other = new FakeSession(
			sampleSnapshot({
				cluster: {context: 'other', cluster: 'other-cluster', server: 'https://127.0.0.1:2', namespace: 'team-b'},
				deployments: [deployment({name: 'billing', namespace: 'team-b'})],
			}),
		);
		const asked: string[] = [];
		const {rendered, session} = await startApp({
			props: {
				contexts: ['sim-context', 'other'],
				connectContext: async name => {
					asked.push(name);
					return other;
				},
			},
		});
		rendered.stdin.write(':ctx\r');
		await waitForText(rendered, 'Switch context');
		rendered.stdin.write('\x1b:ctx nope\r');
		await waitForText(rendered, 'context "nope" not found in the kubeconfig (known: sim-context, other)');
		rendered.stdin.write(':ctx other\r');
		const frame = await waitForText(rendered, 'billing');
		assert.deepEqual(asked, ['other']);
		assert.match(frame, /other/);
		await waitForText(rendered, 'context: other (new connection)');
		await waitFor(() => session.closed, {message: 'the old session closed', interval: 0});
	});
});

describe('sort, width and copy', () => {
	it('N, A, P and S sort the list; the same key again reverses', async () => {
		const snapshot = sampleSnapshot({cluster: {...sampleSnapshot().cluster, namespace: undefined}});
		snapshot.deployments.push(deployment({name: 'aaa', namespace: 'shop', phase: 'Stalled'}));
		const {rendered} = await startApp({snapshot});
		const order = (frame: string) =>
			frame
				.split('\n')
				.map(line => /\b(api|web|worker|aaa)\b/.exec(line)?.[1])
				.filter(Boolean)
				.join(' ');
		rendered.stdin.write('N');
		await waitForFrame(rendered, frame => order(frame) === 'aaa api web worker', 'by name');
		rendered.stdin.write('N');
		await waitForFrame(rendered, frame => order(frame) === 'worker web api aaa', 'by name, reversed');
		rendered.stdin.write('P');
		await waitForFrame(rendered, frame => order(frame).startsWith('aaa web'), 'by phase: stalled, then progressing');
		rendered.stdin.write('S');
		await waitForFrame(rendered, frame => order(frame) === 'api web worker aaa', 'by namespace');
	});

	it('a wide terminal adds the IMAGE column; a narrower one does not', async () => {
		const wide = await startApp({columns: 170});
		const frame = await waitForText(wide.rendered, 'IMAGE');
		assert.match(frame, /web .*nginx:1\.23/);
		cleanup();
		const narrow = await startApp({columns: 120});
		assert.ok(!(narrow.rendered.lastFrame() ?? '').includes('IMAGE'));
	});

	it('on a wide terminal the events panel gives the message the rest of the width', async () => {
		const long = `Readiness probe failed: ${'connection refused while dialing 10.0.0.1:8080, '.repeat(3).trim()}`;
		const {rendered, session} = await startApp({columns: 220});
		rendered.stdin.write('j\r');
		await waitFor(() => session.callsOf('focus').length === 1, {message: 'focus()', interval: 0});
		const focus = webFocus();
		focus.events = [{...focus.events[1]!, message: long, count: 1}];
		session.setSnapshot({...sampleSnapshot(), focus});
		const frame = await waitForText(rendered, 'Readiness probe failed');
		assert.ok(frame.includes(long), `the whole message on one line:\n${frame}`);
		assert.match(frame, /pod\/web-hash3-ddddd +Readiness/, 'OBJECT kept beside it');
	});

	it('c in a confirmation copies the kubectl command through OSC 52, with a note when the terminal may not take it', async () => {
		const written: string[] = [];
		const stdout = {write: (text: string) => written.push(text)} as unknown as NodeJS.WritableStream;
		const env = {TERM: 'xterm-256color'};
		const {rendered} = await startApp({props: {copy: text => copyToClipboard(text, {stdout, env})}});
		rendered.stdin.write('R');
		await waitForText(rendered, 'Restart deployment/api');
		rendered.stdin.write('c');
		await waitForText(rendered, 'copied: kubectl rollout restart deployment/api -n default');
		await waitForText(rendered, 'may not support clipboard writes');
		assert.deepEqual(written, [
			`\x1b]52;c;${Buffer.from('kubectl rollout restart deployment/api -n default').toString('base64')}\x07`,
		]);
	});
});
