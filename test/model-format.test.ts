import {test} from 'node:test';
import assert from 'node:assert/strict';
import {formatTable, humanDuration, selectorToString} from '../source/model/format.js';

test('humanDuration prints kubectl AGE values', () => {
	const cases: [number, string][] = [
		[0, '0s'],
		[59_000, '59s'],
		[119_000, '119s'],
		[120_000, '2m'],
		[125_000, '2m5s'],
		[600_000, '10m'],
		[179 * 60_000, '179m'],
		[3 * 3600_000, '3h'],
		[3 * 3600_000 + 5 * 60_000, '3h5m'],
		[47 * 3600_000, '47h'],
		[50 * 3600_000, '2d2h'],
		[30 * 86400_000, '30d'],
		[3 * 365 * 86400_000 + 86400_000, '3y1d'],
		[-5_000, '<invalid>'],
	];
	for (const [ms, expected] of cases) assert.equal(humanDuration(ms), expected, String(ms));
});

test('selectorToString renders matchLabels and every expression operator', () => {
	assert.equal(selectorToString({matchLabels: {app: 'web', tier: 'front'}}), 'app=web,tier=front');
	assert.equal(
		selectorToString({
			matchLabels: {app: 'web'},
			matchExpressions: [
				{key: 'env', operator: 'In', values: ['prod', 'canary']},
				{key: 'zone', operator: 'NotIn', values: ['b']},
				{key: 'release', operator: 'Exists'},
				{key: 'legacy', operator: 'DoesNotExist'},
			],
		}),
		'app=web,env in (canary,prod),!legacy,release,zone notin (b)',
	);
	assert.equal(selectorToString(undefined), '');
});

test('formatTable pads columns by two spaces like kubectl', () => {
	assert.equal(
		formatTable(
			['NAME', 'READY'],
			[
				['web', '3/3'],
				['checkout-long', '0/4'],
			],
		),
		'NAME           READY\nweb            3/3\ncheckout-long  0/4\n',
	);
});
