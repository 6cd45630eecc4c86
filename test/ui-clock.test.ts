import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {NextChange, untilAgeChanges, untilDeadlineChanges} from '../source/ui/clock.js';
import {deadlineRemaining, formatCountdown, humanDuration} from '../source/ui/format.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('untilAgeChanges', () => {
	const cases: [string, number, number][] = [
		['0s', 0, S],
		['59.3s', 59 * S + 300, 700],
		['119s', 119 * S, S],
		['2m (shown as 2m, next 2m1s)', 2 * M, S],
		['9m59.5s', 9 * M + 59 * S + 500, 500],
		['10m exactly: minutes from here', 10 * M, M],
		['10m30s', 10 * M + 30 * S, 30 * S],
		['5h7m20s', 5 * H + 7 * M + 20 * S, 40 * S],
		['8h10m: hours', 8 * H + 10 * M, 50 * M],
		['3d4h30m', 3 * D + 4 * H + 30 * M, 30 * M],
		['20d6h: days', 20 * D + 6 * H, 18 * H],
		['clock skew -0.4s', -400, 400],
		['clock skew -3s', -3 * S, S],
	];
	for (const [name, age, expected] of cases) {
		it(`${name} → ${expected} ms`, () => assert.equal(untilAgeChanges(age), expected));
	}

	// The property that matters: the text is the same until then and different at that moment.
	it('is exactly when humanDuration next reads differently', () => {
		const ages = [
			0,
			999,
			45 * S + 1,
			119 * S + 999,
			3 * M + 12 * S + 250,
			10 * M - 1,
			179 * M + 59 * S,
			7 * H + 59 * M + 59 * S,
			47 * H + 5 * M,
			7 * D + 23 * H + 59 * M,
			30 * D + 1,
		];
		for (const age of ages) {
			const wait = untilAgeChanges(age);
			assert.equal(humanDuration(age + wait - 1), humanDuration(age), `age ${age}: same until ${wait} ms`);
			assert.notEqual(humanDuration(age + wait), humanDuration(age), `age ${age}: changes after ${wait} ms`);
		}
	});
});

describe('untilDeadlineChanges', () => {
	const now = Date.parse('2026-01-01T00:10:00.250Z');
	const counting = {
		progressDeadlineSeconds: 600,
		lastProgressAt: new Date(now - 60_250),
		remainingSeconds: 540,
		exceeded: false,
	};

	it('wakes when the m:ss countdown moves', () => {
		const wait = untilDeadlineChanges(counting, now)!;
		assert.equal(wait, 751);
		const shown = (at: number) => formatCountdown(deadlineRemaining(counting, at)!);
		assert.equal(shown(now + wait - 1), shown(now));
		assert.notEqual(shown(now + wait), shown(now));
	});

	it('does not wake for a deadline that is not counting, exceeded or reached', () => {
		assert.equal(untilDeadlineChanges(undefined, now), undefined);
		assert.equal(untilDeadlineChanges({...counting, exceeded: true}, now), undefined);
		assert.equal(untilDeadlineChanges({progressDeadlineSeconds: 600, exceeded: false}, now), undefined);
		assert.equal(untilDeadlineChanges({...counting, lastProgressAt: new Date(now - 700_000)}, now), undefined);
	});
});

describe('NextChange', () => {
	const now = Date.parse('2026-01-01T00:10:20.000Z');

	it('sleeps until the next minute boundary when nothing shown moves sooner', () => {
		assert.equal(new NextChange(now).delayMs, 40 * S);
		assert.equal(
			new NextChange(now)
				.age(new Date(now - 3 * D))
				.age(undefined)
				.age(new Date(Number.NaN)).delayMs,
			40 * S,
		);
	});

	it('ticks every second while a young age or a countdown is shown', () => {
		assert.equal(new NextChange(now).age(new Date(now - 3 * D)).age(new Date(now - 30 * S - 200)).delayMs, 800);
		const deadline = {
			progressDeadlineSeconds: 600,
			lastProgressAt: new Date(now - 10_100),
			remainingSeconds: 590,
			exceeded: false,
		};
		assert.equal(new NextChange(now).deadline(deadline).delayMs, 901);
	});

	it('wakes for an age in minutes when its minute turns, before the wall-clock minute', () => {
		// 15m05s old: reads "15m" until 16m, 55 s away; the wall-clock minute is 40 s away.
		assert.equal(new NextChange(now).age(new Date(now - 15 * M - 5 * S)).delayMs, 40 * S);
		// 15m45s old: "16m" in 15 s.
		assert.equal(new NextChange(now).age(new Date(now - 15 * M - 45 * S)).delayMs, 15 * S);
	});
});
