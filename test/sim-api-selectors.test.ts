// Table-driven tests of label and field selectors as the API server parses them.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
	parseLabelSelector,
	labelsMatch,
	parseFieldSelector,
	fieldsMatch,
	formatLabelSelector,
} from '../source/sim/api/selectors.js';
import {ApiError} from '../source/sim/api/status.js';
import type {StoredObject} from '../source/sim/store.js';

const labels = {app: 'web', tier: 'frontend', 'example.com/track': 'stable'};

const labelCases: [string, Record<string, string> | undefined, boolean][] = [
	['', labels, true],
	['app=web', labels, true],
	['app==web', labels, true],
	['app=api', labels, false],
	['app!=api', labels, true],
	['app!=web', labels, false],
	['missing!=x', labels, true],
	['app in (web,api)', labels, true],
	['app in (api)', labels, false],
	['missing in (a)', labels, false],
	['app notin (api, db)', labels, true],
	['app notin (web)', labels, false],
	['missing notin (web)', labels, true],
	['tier', labels, true],
	['missing', labels, false],
	['!missing', labels, true],
	['!tier', labels, false],
	['app=web,tier=frontend', labels, true],
	['app=web,tier=backend', labels, false],
	['app=web, tier in (frontend,backend), !canary', labels, true],
	['example.com/track=stable', labels, true],
	['app=web', undefined, false],
	['!app', undefined, true],
];

for (const [selector, target, expected] of labelCases) {
	test(`labelSelector "${selector}" on ${JSON.stringify(target)} → ${expected}`, () => {
		assert.equal(labelsMatch(parseLabelSelector(selector), target), expected);
	});
}

for (const bad of ['app=we b', 'a b c', '=x', 'app in (a b)']) {
	test(`labelSelector "${bad}" is a 400`, () => {
		assert.throws(
			() => parseLabelSelector(bad),
			(error: ApiError) => error instanceof ApiError && error.code === 400,
		);
	});
}

const object = {
	apiVersion: 'v1',
	kind: 'Pod',
	metadata: {name: 'nginx', namespace: 'default', uid: 'u', resourceVersion: '1', creationTimestamp: ''},
	status: {phase: 'Running'},
} as StoredObject;

const fieldCases: [string, boolean][] = [
	['metadata.name=nginx', true],
	['metadata.name==nginx', true],
	['metadata.name=other', false],
	['metadata.name!=other', true],
	['metadata.namespace=default', true],
	['metadata.namespace=kube-system', false],
	['metadata.name=nginx,metadata.namespace=default', true],
	['status.phase=Running', true],
];

for (const [selector, expected] of fieldCases) {
	test(`fieldSelector "${selector}" → ${expected}`, () => {
		assert.equal(fieldsMatch(parseFieldSelector(selector, 'Pod'), object), expected);
	});
}

test('an unsupported field label is a 400 with the API server message', () => {
	assert.throws(
		() => parseFieldSelector('spec.foo=bar', 'Pod'),
		(error: ApiError) => error.code === 400 && error.message === 'field label not supported: spec.foo',
	);
});

test('formatLabelSelector prints a metav1.LabelSelector as a selector string', () => {
	assert.equal(formatLabelSelector({matchLabels: {b: '2', a: '1'}}), 'a=1,b=2');
	assert.equal(
		formatLabelSelector({
			matchLabels: {app: 'x'},
			matchExpressions: [
				{key: 'env', operator: 'In', values: ['prod', 'dev']},
				{key: 'canary', operator: 'DoesNotExist'},
			],
		}),
		'app=x,env in (dev,prod),!canary',
	);
	assert.equal(formatLabelSelector(undefined), '');
});
