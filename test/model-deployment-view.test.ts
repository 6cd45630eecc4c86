// The deployment view's decisions, as tables: focus order, rows per panel, events order (the pods panel's rows and
// the first pod: model-pod-panel.test.ts), a pod's containers, the footer's fading message and the stale mark.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
	FOOTER_MESSAGE_MS,
	containerDetails,
	currentFooterMessage,
	untilFooterMessageFades,
	eventsNewestFirst,
	nextPanel,
	panelHeights,
	staleSince,
} from '../source/model/deployment-view.js';
import type {EventSummary} from '../source/model/types.js';
import {pod} from './helpers/model-fixtures.js';

test('Tab and Shift-Tab cycle revisions → pods → events', () => {
	assert.equal(nextPanel('revisions', 1), 'pods');
	assert.equal(nextPanel('events', 1), 'revisions');
	assert.equal(nextPanel('revisions', -1), 'events');
});

test('the focused panel gets the room; unfocused panels keep a few rows; unused room goes back', () => {
	const cases: [number, 'revisions' | 'pods' | 'events', [number, number, number], [number, number, number]][] = [
		[20, 'pods', [10, 30, 30], [4, 12, 4]],
		[20, 'events', [10, 30, 30], [4, 4, 12]],
		[20, 'revisions', [3, 30, 30], [3, 13, 4]],
		[20, 'revisions', [3, 5, 30], [3, 5, 12]],
		[6, 'pods', [10, 30, 30], [3, 3, 0]],
	];
	for (const [available, focused, [r, p, e], expected] of cases) {
		const heights = panelHeights(available, focused, {revisions: r, pods: p, events: e});
		assert.deepEqual([heights.revisions, heights.pods, heights.events], expected, `${available} ${focused}`);
		assert.ok(heights.revisions + heights.pods + heights.events <= available);
	}
});

const event = (name: string, reason: string, at: string, message = reason): EventSummary => ({
	type: 'Normal',
	reason,
	message,
	count: 1,
	lastSeen: new Date(at),
	involvedKind: 'Pod',
	involvedName: name,
});

test('events newest first, the same order within a second whatever order they came in', () => {
	const a = event('web-1', 'Started', '2026-11-23T08:00:05.100Z');
	const b = event('web-2', 'Pulled', '2026-11-23T08:00:05.900Z');
	const c = event('web-1', 'Created', '2026-11-23T08:00:04Z');
	const d = event('web-3', 'Killing', '2026-11-23T08:00:06Z');
	const order = (events: EventSummary[]) => eventsNewestFirst(events).map(e => `${e.involvedName} ${e.reason}`);
	const expected = ['web-3 Killing', 'web-1 Started', 'web-2 Pulled', 'web-1 Created'];
	assert.deepEqual(order([a, b, c, d]), expected);
	assert.deepEqual(order([d, c, b, a]), expected);
	assert.deepEqual(order([b, d, a, c]), expected);
});

test("a pod's containers: state, last termination reason and exit code, restarts", () => {
	const crashing = pod(
		'web-1',
		{
			phase: 'Running',
			containerStatuses: [
				{
					name: 'web',
					ready: false,
					restartCount: 4,
					state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 40s'}},
					lastState: {terminated: {reason: 'Error', exitCode: 1, finishedAt: '2026-11-23T08:00:00Z'}},
				} as never,
			],
		},
		{},
		{containers: [{name: 'web', image: 'app:crashloop'}], initContainers: [{name: 'init', image: 'busybox'}]},
	);
	const details = containerDetails(crashing);
	assert.deepEqual(
		details.map(d => [
			d.name,
			d.init,
			d.state,
			d.detail,
			d.restarts,
			d.lastTermination?.reason,
			d.lastTermination?.exitCode,
		]),
		[
			['init', true, 'Waiting', undefined, 0, undefined, undefined],
			['web', false, 'Waiting: CrashLoopBackOff', 'back-off 40s', 4, 'Error', 1],
		],
	);
});

test('a footer message fades after a few seconds or at the next key; stale data says since when', () => {
	const message = {text: 'deployment.apps/web paused', at: 1000};
	assert.equal(currentFooterMessage(message, 1500, undefined), 'deployment.apps/web paused');
	assert.equal(currentFooterMessage(message, 1000 + FOOTER_MESSAGE_MS, undefined), undefined);
	assert.equal(currentFooterMessage(message, 1500, 1200), undefined, 'a key pressed after it');
	assert.equal(currentFooterMessage(message, 1500, 900), 'deployment.apps/web paused', 'the key that caused it');
	// The clock wakes when it fades, and never again for a message gone (it would redraw every few milliseconds).
	assert.equal(untilFooterMessageFades(message, 1500, undefined), FOOTER_MESSAGE_MS - 500);
	assert.equal(untilFooterMessageFades(message, 1000 + FOOTER_MESSAGE_MS + 1, undefined), Number.POSITIVE_INFINITY);
	assert.equal(untilFooterMessageFades(message, 1500, 1200), Number.POSITIVE_INFINITY, 'a key pressed after it');
	assert.equal(untilFooterMessageFades(undefined, 1500, undefined), Number.POSITIVE_INFINITY);
	const since = new Date('2026-11-23T08:00:00Z');
	assert.equal(staleSince({state: 'reconnecting', since, lastError: 'ECONNREFUSED'}), since);
	assert.equal(staleSince({state: 'live', since}), undefined);
});
