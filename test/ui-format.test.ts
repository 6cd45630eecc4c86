import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {
	deadlineRemaining,
	fit,
	formatCountdown,
	humanDuration,
	phaseText,
	progressBar,
	progressSegments,
} from '../source/ui/format.js';
import {columnWidths, keptColumns, shareRows, windowAround} from '../source/ui/layout.js';
import {viewRows} from '../source/ui/components/DeploymentView.js';
import {podGlyphs} from '../source/ui/components/SurgePanel.js';
import {deployment, progress} from './helpers/ui-fake-session.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (kubectl AGE)', () => {
	const cases: [number, string][] = [
		[-5 * S, '<invalid>'],
		[-500, '0s'],
		[0, '0s'],
		[59 * S, '59s'],
		[119 * S, '119s'],
		[2 * M, '2m'],
		[3 * M + 12 * S, '3m12s'],
		[10 * M + 30 * S, '10m'],
		[179 * M, '179m'],
		[3 * H, '3h'],
		[5 * H + 7 * M, '5h7m'],
		[8 * H + 30 * M, '8h'],
		[47 * H, '47h'],
		[2 * D, '2d'],
		[3 * D + 4 * H, '3d4h'],
		[20 * D, '20d'],
		[800 * D, '2y70d'],
		[365 * 9 * D, '9y'],
	];
	for (const [ms, expected] of cases) {
		it(`${ms} ms → ${expected}`, () => assert.equal(humanDuration(ms), expected));
	}
});

describe('countdowns and phase text', () => {
	it('formats m:ss and h:mm:ss', () => {
		assert.equal(formatCountdown(0), '0:00');
		assert.equal(formatCountdown(59.9), '0:59');
		assert.equal(formatCountdown(600), '10:00');
		assert.equal(formatCountdown(3723), '1:02:03');
		assert.equal(formatCountdown(-4), '0:00');
	});

	it('counts the deadline down from the last progress, and not at all when not counting', () => {
		const now = Date.parse('2026-01-01T00:10:00Z');
		const lastProgressAt = new Date('2026-01-01T00:05:00Z');
		assert.equal(
			deadlineRemaining({progressDeadlineSeconds: 600, lastProgressAt, remainingSeconds: 400, exceeded: false}, now),
			300,
		);
		assert.equal(
			deadlineRemaining({progressDeadlineSeconds: 60, lastProgressAt, remainingSeconds: 10, exceeded: false}, now),
			0,
		);
		assert.equal(deadlineRemaining({progressDeadlineSeconds: 600, remainingSeconds: 42, exceeded: false}, now), 42);
		assert.equal(deadlineRemaining({progressDeadlineSeconds: 600, lastProgressAt, exceeded: false}, now), undefined);
		assert.equal(
			deadlineRemaining({progressDeadlineSeconds: 600, lastProgressAt, remainingSeconds: 1, exceeded: true}, now),
			undefined,
		);
		assert.equal(deadlineRemaining(undefined, now), undefined);
	});

	it('puts the time left into the phase while progressing', () => {
		const now = Date.now();
		const deadline = {
			progressDeadlineSeconds: 600,
			lastProgressAt: new Date(now - 90 * S),
			remainingSeconds: 510,
			exceeded: false,
		};
		assert.equal(phaseText(deployment({name: 'a', phase: 'Progressing', deadline}), now), 'Progressing 8:30 left');
		assert.equal(phaseText(deployment({name: 'a', phase: 'Progressing'}), now), 'Progressing');
		assert.equal(phaseText(deployment({name: 'a', phase: 'Stalled'}), now), 'Stalled');
		assert.equal(phaseText(deployment({name: 'a', phase: 'Paused'}), now), 'Paused');
	});
});

describe('progress bar', () => {
	const cases: [Parameters<typeof progress>[0], string][] = [
		[{desired: 10, updated: 10, available: 10}, '██████████'],
		[{desired: 10, updated: 4, available: 10}, '████░░░░░░'],
		[{desired: 10, updated: 6, available: 3}, '███▒▒▒░░░░'],
		[{desired: 4, updated: 1, available: 4}, '███░░░░░░░'],
		[{desired: 0, updated: 0, available: 0}, '██████████'],
		[{desired: 3, updated: 4, available: 4}, '██████████'],
	];
	for (const [overrides, expected] of cases) {
		it(`${JSON.stringify(overrides)} → ${expected}`, () => {
			assert.equal(progressBar(progress(overrides), 10), expected);
			const {done, starting, empty} = progressSegments(progress(overrides), 10);
			assert.equal(done + starting + empty, 10);
		});
	}
});

describe('layout', () => {
	it('windows a list around the selection, keeping the window while the selection stays inside', () => {
		assert.deepEqual(windowAround(5, 2, 10), {start: 0, end: 5});
		assert.deepEqual(windowAround(100, 0, 10), {start: 0, end: 10});
		assert.deepEqual(windowAround(100, 10, 10, 0), {start: 1, end: 11});
		assert.deepEqual(windowAround(100, 5, 10, 3), {start: 3, end: 13});
		assert.deepEqual(windowAround(100, 2, 10, 3), {start: 2, end: 12});
		assert.deepEqual(windowAround(100, 99, 10), {start: 90, end: 100});
		assert.deepEqual(windowAround(100, 50, 10, 95), {start: 50, end: 60});
		assert.deepEqual(windowAround(0, 0, 10), {start: 0, end: 0});
		assert.deepEqual(windowAround(10, 3, 0), {start: 0, end: 0});
	});

	it('shares rows among history, pods and events: one each first, then fair rounds', () => {
		assert.deepEqual(shareRows(2, {history: 5, pods: 5, events: 5}), {history: 1, pods: 1, events: 0});
		assert.deepEqual(shareRows(9, {history: 5, pods: 5, events: 5}), {history: 3, pods: 3, events: 3});
		assert.deepEqual(shareRows(20, {history: 2, pods: 10, events: 3}), {history: 2, pods: 10, events: 3});
		assert.deepEqual(shareRows(10, {history: 2, pods: 10, events: 30}), {history: 2, pods: 4, events: 4});
		assert.deepEqual(shareRows(10, {history: 0, pods: 0, events: 0}), {history: 1, pods: 1, events: 1});
		assert.deepEqual(shareRows(-3, {history: 5, pods: 5, events: 5}), {history: 0, pods: 0, events: 0});
	});

	it('gives the deployment view titles and the full surge panel only when there is room', () => {
		assert.deepEqual(viewRows(40), {titles: true, surge: 6, lists: 27});
		assert.deepEqual(viewRows(20), {titles: true, surge: 6, lists: 7});
		assert.deepEqual(viewRows(18), {titles: false, surge: 6, lists: 8});
		assert.deepEqual(viewRows(11), {titles: false, surge: 4, lists: 3});
		assert.deepEqual(viewRows(5), {titles: false, surge: 0, lists: 1});
	});

	it('drops optional columns, highest rank first, until the table fits', () => {
		const columns = [{flex: true}, {}, {dropRank: 1}, {dropRank: 2}];
		assert.deepEqual(keptColumns(columns, [20, 5, 5, 5], 100), [0, 1, 2, 3]);
		assert.deepEqual(keptColumns(columns, [20, 5, 5, 5], 30), [0, 1, 2]);
		assert.deepEqual(keptColumns(columns, [20, 5, 5, 5], 20), [0, 1]);
		assert.deepEqual(keptColumns(columns, [20, 5, 5, 5], 5), [0, 1]);
	});

	it('gives the flexible column what is left, never less than its minimum', () => {
		assert.deepEqual(columnWidths([30, 5, 5], 0, 100), [30, 5, 5]);
		assert.deepEqual(columnWidths([30, 5, 5], 0, 30), [16, 5, 5]);
		assert.deepEqual(columnWidths([30, 5, 5], 0, 10), [12, 5, 5]);
		assert.deepEqual(columnWidths([4, 5, 5], 0, 10), [4, 5, 5]);
	});

	it('fits text to a width', () => {
		assert.equal(fit('abc', 5), 'abc  ');
		assert.equal(fit('abc', 5, 'right'), '  abc');
		assert.equal(fit('abcdef', 4), 'abc…');
		assert.equal(fit('abc', 0), '');
	});

	it('draws pods as glyphs and cuts them to fit', () => {
		assert.equal(podGlyphs({pods: 3, ready: 2}, 10), '■■□');
		assert.equal(podGlyphs({pods: 0, ready: 0}, 10), '');
		assert.equal(podGlyphs({pods: 20, ready: 20}, 10), '■■■■ +16');
	});
});
