// The bench's arithmetic: which frame or kubectl line shows which write, percentiles and the backlog deciles.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {lineLatencies, screenLatencies, type WriteRecord} from '../source/bench/latency.js';
import {deciles, median, percentile} from '../source/bench/stats.js';

const writes: WriteRecord[] = [
	{seq: 1, target: 'a', sentAt: 100},
	{seq: 2, target: 'b', sentAt: 110},
	{seq: 3, target: 'a', sentAt: 120},
	{seq: 4, target: 'a', sentAt: 130},
];

describe('screenLatencies', () => {
	const cases: {name: string; frames: {at: number; seqs: number[]}[]; expected: (number | undefined)[]}[] = [
		{name: 'nothing on screen', frames: [], expected: [undefined, undefined, undefined, undefined]},
		{
			name: 'each write in its own frame',
			frames: [
				{at: 150, seqs: [1]},
				{at: 160, seqs: [1, 2]},
				{at: 170, seqs: [3, 2]},
				{at: 180, seqs: [4, 2]},
			],
			expected: [50, 50, 50, 50],
		},
		{
			name: 'a later write to the same object shows the earlier ones as well',
			frames: [{at: 200, seqs: [4]}],
			expected: [100, undefined, 80, 70],
		},
		{
			name: 'the first frame counts, later ones do not',
			frames: [
				{at: 200, seqs: [2]},
				{at: 300, seqs: [2]},
			],
			expected: [undefined, 90, undefined, undefined],
		},
		{
			name: 'frames are taken in time order',
			frames: [
				{at: 300, seqs: [3]},
				{at: 200, seqs: [1]},
			],
			expected: [100, undefined, 180, undefined],
		},
		{
			name: 'unknown markers are ignored',
			frames: [{at: 200, seqs: [99]}],
			expected: [undefined, undefined, undefined, undefined],
		},
	];
	for (const {name, frames, expected} of cases) {
		it(name, () => assert.deepEqual(screenLatencies(writes, frames), expected));
	}
});

describe('lineLatencies', () => {
	it('takes the first line whose last column is the seq', () => {
		const lines = [
			{at: 105, line: 'NAME             DESIRED   CURRENT   READY   AGE   BENCH-SEQ'},
			{at: 140, line: 'app-000-7d9f8c   0         0         0       5m    1'},
			{at: 150, line: 'app-000-7d9f8c   0         0         0       5m    1'},
			{at: 160, line: 'app-000-5b6c7d   0         0         0       5m    3'},
			{at: 170, line: 'app-001-5b6c7d   1         1         1       12'},
		];
		assert.deepEqual(lineLatencies(writes, lines), [40, undefined, 40, undefined]);
	});
});

describe('stats', () => {
	const table: {values: number[]; p: number; expected: number}[] = [
		{values: [5], p: 99, expected: 5},
		{values: [1, 2, 3, 4], p: 50, expected: 2},
		{values: [4, 3, 2, 1], p: 100, expected: 4},
		{values: Array.from({length: 100}, (_, i) => i + 1), p: 99, expected: 99},
		{values: Array.from({length: 1000}, (_, i) => i + 1), p: 99, expected: 990},
	];
	for (const {values, p, expected} of table) {
		it(`p${p} of ${values.length} values is ${expected}`, () => assert.equal(percentile(values, p), expected));
	}
	it('is NaN without values', () => assert.ok(Number.isNaN(median([]))));
	it('compares the first and the last tenth', () => {
		const growing = Array.from({length: 100}, (_, i) => i);
		assert.deepEqual(deciles(growing), {first: 4, last: 94});
		assert.deepEqual(deciles([7, 7, 7]), {first: 7, last: 7});
	});
});
