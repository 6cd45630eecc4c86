import {afterEach, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import {deployment, sampleSnapshot} from './helpers/ui-fake-session.js';
import {selectedLine, startApp} from './helpers/ui-app.js';
import {keys, press, resize, waitForFrame, waitForNoText, waitForText} from './helpers/ui-render.js';
import {waitFor} from './helpers/wait.js';
import {emptyListText} from '../source/ui/state.js';

afterEach(() => cleanup());

describe('deployment list', () => {
	it('shows the columns, one row per deployment, and the header with context, cluster, namespace and connection', async () => {
		const {rendered} = await startApp();
		const frame = await waitForText(rendered, 'worker');
		for (const column of [
			'NAME',
			'READY',
			'UP-TO-DATE',
			'AVAILABLE',
			'REVISION',
			'STRATEGY',
			'PROGRESS',
			'PHASE',
			'AGE',
		]) {
			assert.ok(frame.includes(column), `column ${column} in\n${frame}`);
		}
		assert.match(frame, /rollout-dash {2}● live {2}context: sim-context {2}cluster: sim-cluster {2}namespace: default/);
		const web = frame.split('\n').find(line => line.includes(' web '))!;
		assert.match(web, /3\/3 +1 +3 +3 +Rolling +█+░+ +Progressing \d:\d\d left +30m/);
		assert.match(frame, /worker .*Paused/);
		assert.ok(!frame.includes('NAMESPACE'), 'no NAMESPACE column for one namespace');
		assert.ok(selectedLine(frame).includes('api'), 'first row selected');
	});

	it('adds a NAMESPACE column when watching all namespaces', async () => {
		const snapshot = sampleSnapshot();
		const {rendered} = await startApp({
			snapshot: {
				...snapshot,
				cluster: {...snapshot.cluster, namespace: undefined},
				deployments: [...snapshot.deployments, deployment({name: 'cart', namespace: 'shop'})],
			},
		});
		const frame = await waitForText(rendered, 'NAMESPACE');
		assert.match(frame, /namespace: all/);
		assert.match(frame, /shop +cart +deploy/);
	});

	it('shows reconnecting and error connection states', async () => {
		const snapshot = sampleSnapshot();
		const {rendered, session} = await startApp({columns: 160});
		session.setSnapshot({...snapshot, connection: {state: 'reconnecting', since: new Date(), lastError: 'ECONNRESET'}});
		await waitForFrame(rendered, frame => /reconnecting since \d\d:\d\d:\d\d .*ECONNRESET/.test(frame), 'reconnecting');
		session.setSnapshot({...snapshot, connection: {state: 'error', message: 'Unauthorized'}});
		await waitForText(rendered, 'error: Unauthorized');
	});

	it('moves the selection with j/k and the arrow keys, and stays within the list', async () => {
		const {rendered} = await startApp();
		await press(rendered, 'j');
		await waitForFrame(rendered, frame => selectedLine(frame).includes('web'), 'web selected');
		await press(rendered, keys.down);
		await waitForFrame(rendered, frame => selectedLine(frame).includes('worker'), 'worker selected');
		await press(rendered, 'j');
		await press(rendered, keys.up);
		await waitForFrame(
			rendered,
			frame => selectedLine(frame).includes('web'),
			'web selected again (clamped at the end)',
		);
		await press(rendered, 'k');
		await waitForFrame(rendered, frame => selectedLine(frame).includes('api'), 'api selected');
		await press(rendered, 'k');
		await waitForFrame(rendered, frame => selectedLine(frame).includes('api'), 'api still selected');
	});

	it('keeps the selection on the same deployment when the list changes', async () => {
		const {rendered, session} = await startApp();
		await press(rendered, 'j');
		await waitForFrame(rendered, frame => selectedLine(frame).includes('web'), 'web selected');
		const snapshot = sampleSnapshot();
		session.setSnapshot({...snapshot, deployments: [deployment({name: 'aaa'}), ...snapshot.deployments]});
		await waitForText(rendered, 'aaa');
		assert.ok(selectedLine(rendered.lastFrame()!).includes('web'));
	});

	it('narrows the list with the / filter, applies it with Enter and clears it with Esc', async () => {
		const {rendered} = await startApp();
		await press(rendered, '/');
		await waitForText(rendered, 'Enter apply');
		await press(rendered, 'w');
		await press(rendered, 'o');
		let frame = await waitForNoText(rendered, ' web ');
		assert.ok(frame.includes('worker') && !frame.includes(' api '), frame);
		await press(rendered, keys.backspace);
		frame = await waitForText(rendered, ' web ');
		assert.ok(!frame.includes(' api '));
		await press(rendered, keys.enter);
		frame = await waitForText(rendered, 'filter "w" (Esc clears)');
		assert.match(frame, /2 of 3 deployments/);
		await press(rendered, keys.escape);
		await waitForText(rendered, ' api ');
		await waitForText(rendered, '3 of 3 deployments');
	});

	it('treats q and other keys as text while filtering', async () => {
		const {rendered, quits} = await startApp();
		await press(rendered, '/');
		await waitForText(rendered, 'Enter apply');
		await press(rendered, 'q');
		await waitForText(rendered, '/q');
		assert.equal(quits(), 0);
		await waitForText(rendered, 'no deployments match "q"');
		await press(rendered, keys.escape);
		await waitForText(rendered, ' api ');
	});

	it('switches namespace with the n picker, and to all namespaces with 0', async () => {
		const {rendered, session} = await startApp();
		await press(rendered, 'n');
		let frame = await waitForText(rendered, 'Switch namespace');
		assert.match(frame, /all/);
		assert.match(frame, /default +current/);
		assert.match(frame, /shop/);
		await press(rendered, 'j');
		await waitForFrame(rendered, f => selectedLine(f).includes('shop'), 'shop selected');
		await press(rendered, keys.enter);
		await waitFor(() => session.callsOf('setNamespace').length === 1, {message: 'setNamespace', interval: 0});
		assert.deepEqual(session.callsOf('setNamespace'), [{method: 'setNamespace', namespace: 'shop'}]);
		frame = await waitForText(rendered, 'namespace: shop');
		await press(rendered, '0');
		await waitFor(() => session.callsOf('setNamespace').length === 2, {
			message: 'setNamespace(undefined)',
			interval: 0,
		});
		assert.deepEqual(session.callsOf('setNamespace')[1], {method: 'setNamespace', namespace: undefined});
		await waitForText(rendered, 'namespace: all');
	});

	it('cancels the namespace picker with Esc without switching', async () => {
		const {rendered, session} = await startApp();
		await press(rendered, 'n');
		await waitForText(rendered, 'Switch namespace');
		await press(rendered, keys.escape);
		await waitForText(rendered, 'UP-TO-DATE');
		assert.equal(session.callsOf('setNamespace').length, 0);
	});

	it('pauses and resumes the selected deployment and shows the result line', async () => {
		const {rendered, session} = await startApp();
		await press(rendered, 'j');
		await waitForFrame(rendered, frame => selectedLine(frame).includes('web'), 'web selected');
		await press(rendered, 'p');
		await waitForText(rendered, 'deployment.apps/web paused');
		assert.deepEqual(session.callsOf('pause'), [{method: 'pause', namespace: 'default', name: 'web'}]);
		session.results.resume = {ok: false, message: 'deployments.apps "web" is not paused'};
		await press(rendered, 'r');
		await waitForText(rendered, 'deployments.apps "web" is not paused');
		assert.deepEqual(session.callsOf('resume'), [{method: 'resume', namespace: 'default', name: 'web'}]);
	});

	it('shows every key with ? and closes the help with Esc', async () => {
		const {rendered} = await startApp();
		await press(rendered, '?');
		const frame = await waitForText(rendered, 'Keys (Esc or ? closes)');
		for (const text of ['Enter', 'Esc', '/', 'pause', 'resume', 'undo', 'namespace', 'quit', 'Ctrl-C']) {
			assert.ok(frame.includes(text), `${text} in help`);
		}
		await press(rendered, keys.escape);
		await waitForText(rendered, 'UP-TO-DATE');
	});

	it('quits with q and with Ctrl-C', async () => {
		const first = await startApp();
		await press(first.rendered, 'q');
		await waitFor(() => first.quits() === 1, {message: 'q to quit', interval: 0});
		cleanup();
		const second = await startApp();
		await press(second.rendered, keys.ctrlC);
		await waitFor(() => second.quits() === 1, {message: 'Ctrl-C to quit', interval: 0});
	});

	it('says when the terminal is too small, and recovers when it grows', async () => {
		const {rendered} = await startApp();
		resize(rendered, 50, 12);
		await waitForFrame(
			rendered,
			frame => frame.replace(/\s+/g, ' ').includes('Terminal too small: need at least 60×15, have 50×12'),
			'the too-small message',
		);
		resize(rendered, 80, 20);
		await waitForText(rendered, 'UP-TO-DATE');
	});

	it('keeps every frame within the terminal and windows a long list around the selection', async () => {
		const snapshot = sampleSnapshot();
		const many = Array.from({length: 60}, (_, index) => deployment({name: `app-${String(index).padStart(2, '0')}`}));
		const {rendered} = await startApp({snapshot: {...snapshot, deployments: many}, columns: 80, rows: 20});
		let frame = await waitForText(rendered, 'app-00');
		assert.ok(frame.split('\n').length <= 19, `frame has ${frame.split('\n').length} lines`);
		assert.ok(!frame.includes('app-30'));
		for (let index = 0; index < 30; index++) await press(rendered, 'j');
		frame = await waitForFrame(rendered, f => selectedLine(f).includes('app-30'), 'app-30 selected');
		assert.ok(frame.split('\n').length <= 19);
		assert.ok(!frame.includes('app-00'), 'the window moved');
		assert.ok(
			frame.split('\n').every(line => line.length <= 80),
			'no line wider than the terminal',
		);
		await press(rendered, 'G');
		await waitForFrame(rendered, f => selectedLine(f).includes('app-59'), 'last row with G');
	});

	it('handles a run of characters as separate keys', async () => {
		const {rendered} = await startApp();
		rendered.stdin.write('jj');
		await waitForFrame(rendered, frame => selectedLine(frame).includes('worker'), 'two moves from one input');
	});
});

describe('read-only mode', () => {
	it('shows a badge and refuses p, r, u and R without calling the session', async () => {
		const {rendered, session} = await startApp({readonly: true});
		await waitForText(rendered, '[READ-ONLY]');
		await press(rendered, 'p');
		await waitForText(rendered, 'read-only mode: pause is disabled');
		await press(rendered, 'r');
		await waitForText(rendered, 'read-only mode: resume is disabled');
		await press(rendered, 'u');
		await waitForText(rendered, 'read-only mode: undo is disabled');
		await press(rendered, 'R');
		await waitForText(rendered, 'read-only mode: restart is disabled');
		for (const method of ['pause', 'resume', 'undo', 'restart', 'templateDiff'] as const) {
			assert.equal(session.callsOf(method).length, 0, method);
		}
	});
});

describe('emptyListText', () => {
	const empty = {...sampleSnapshot(), deployments: []};
	const table: [string, Parameters<typeof emptyListText>, string][] = [
		['before the first list', [{...empty, connection: {state: 'connecting'}}, undefined, ''], 'loading…'],
		[
			'listed, the ReplicaSets still listing',
			[{...empty, connection: {state: 'connecting'}, workloadsListed: true}, undefined, ''],
			'no deployments',
		],
		['none of one kind', [{...empty, workloadsListed: true}, ['StatefulSet'], ''], 'no statefulsets'],
		['none matching', [sampleSnapshot(), undefined, 'zz'], 'no deployments match "zz"'],
	];
	for (const [name, args, expected] of table) it(name, () => assert.equal(emptyListText(...args), expected));
});
