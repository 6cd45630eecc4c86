// Table-driven tests of the API server's defaulting and validation messages.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
	defaultDeployment,
	defaultPod,
	defaultReplicaSet,
	defaultPullPolicy,
	validateDeployment,
	validateReplicaSet,
} from '../source/sim/api/defaults.js';
import {errorText} from '../source/sim/api/validation.js';
import {invalid} from '../source/sim/api/status.js';
import type {StoredObject} from '../source/sim/store.js';

function deployment(spec: Record<string, unknown> = {}, name = 'nginx'): StoredObject {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name, namespace: 'default'} as StoredObject['metadata'],
		spec: {
			selector: {matchLabels: {app: 'nginx'}},
			template: {
				metadata: {labels: {app: 'nginx'}},
				spec: {containers: [{name: 'nginx', image: 'nginx:1.25', ports: [{containerPort: 80}]}]},
			},
			...spec,
		},
	};
}

test('Deployment defaults are those of a real API server', () => {
	const object = deployment();
	defaultDeployment(object);
	assert.deepEqual(object.spec, {
		replicas: 1,
		strategy: {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '25%', maxSurge: '25%'}},
		revisionHistoryLimit: 10,
		progressDeadlineSeconds: 600,
		selector: {matchLabels: {app: 'nginx'}},
		template: {
			metadata: {labels: {app: 'nginx'}, creationTimestamp: null},
			spec: {
				containers: [
					{
						name: 'nginx',
						image: 'nginx:1.25',
						ports: [{containerPort: 80, protocol: 'TCP'}],
						terminationMessagePath: '/dev/termination-log',
						terminationMessagePolicy: 'File',
						imagePullPolicy: 'IfNotPresent',
						resources: {},
					},
				],
				restartPolicy: 'Always',
				terminationGracePeriodSeconds: 30,
				dnsPolicy: 'ClusterFirst',
				securityContext: {},
				schedulerName: 'default-scheduler',
			},
		},
	});
});

test('Deployment defaults keep what is set; Recreate gets no rollingUpdate', () => {
	const object = deployment({
		replicas: 0,
		strategy: {type: 'Recreate'},
		revisionHistoryLimit: 0,
		progressDeadlineSeconds: 30,
	});
	defaultDeployment(object);
	assert.equal(object.spec.replicas, 0);
	assert.deepEqual(object.spec.strategy, {type: 'Recreate'});
	assert.equal(object.spec.revisionHistoryLimit, 0);
	assert.equal(object.spec.progressDeadlineSeconds, 30);
	const partial = deployment({strategy: {rollingUpdate: {maxSurge: 0}}});
	defaultDeployment(partial);
	assert.deepEqual(partial.spec.strategy, {type: 'RollingUpdate', rollingUpdate: {maxSurge: 0, maxUnavailable: '25%'}});
});

test('ReplicaSet and Pod defaults', () => {
	const rs = {...deployment(), kind: 'ReplicaSet'};
	defaultReplicaSet(rs);
	assert.equal(rs.spec.replicas, 1);
	assert.equal(rs.spec.strategy, undefined);
	assert.equal(rs.spec.template.spec.dnsPolicy, 'ClusterFirst');
	const pod = {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name: 'p'},
		spec: {containers: [{name: 'c', image: 'busybox'}]},
	} as unknown as StoredObject;
	defaultPod(pod);
	assert.equal(pod.spec.containers[0].imagePullPolicy, 'Always');
	assert.equal(pod.spec.restartPolicy, 'Always');
	assert.equal(pod.spec.enableServiceLinks, true);
});

const pullPolicies: [string, string][] = [
	['nginx', 'Always'],
	['nginx:latest', 'Always'],
	['nginx:1.25', 'IfNotPresent'],
	['registry:5000/team/app', 'Always'],
	['registry:5000/team/app:v2', 'IfNotPresent'],
	['nginx@sha256:abc', 'IfNotPresent'],
];
for (const [image, policy] of pullPolicies) {
	test(`imagePullPolicy of ${image} is ${policy}`, () => assert.equal(defaultPullPolicy(image), policy));
}

const invalidCases: {name: string; spec: Record<string, unknown>; messages: string[]}[] = [
	{
		name: 'maxSurge and maxUnavailable both 0',
		spec: {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}},
		messages: ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'],
	},
	{
		name: 'both 0%',
		spec: {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: '0%', maxUnavailable: '0%'}}},
		messages: ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: may not be 0 when `maxSurge` is 0'],
	},
	{
		name: 'bad percent',
		spec: {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 'lots', maxUnavailable: 1}}},
		messages: [
			"spec.strategy.rollingUpdate.maxSurge: Invalid value: lots: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
		],
	},
	{
		name: 'maxUnavailable over 100%',
		spec: {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1, maxUnavailable: '150%'}}},
		messages: ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%'],
	},
	{
		name: 'negative maxSurge',
		spec: {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: -1, maxUnavailable: 1}}},
		messages: ['spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0'],
	},
	{
		name: 'Recreate with rollingUpdate',
		spec: {strategy: {type: 'Recreate', rollingUpdate: {maxSurge: 1}}},
		messages: ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
	},
	{
		name: 'unknown strategy type',
		spec: {strategy: {type: 'BlueGreen'}},
		messages: [
			'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
		],
	},
	{
		name: 'selector does not match template labels',
		spec: {selector: {matchLabels: {app: 'other'}}},
		messages: [
			'spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
		],
	},
	{
		name: 'missing selector',
		spec: {selector: undefined},
		messages: ['spec.selector: Required value'],
	},
	{
		name: 'empty selector',
		spec: {selector: {}},
		messages: [
			'spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: empty selector is invalid for deployment',
		],
	},
	{
		name: 'negative replicas',
		spec: {replicas: -1},
		messages: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
	},
	{
		name: 'progress deadline not above minReadySeconds',
		spec: {minReadySeconds: 10, progressDeadlineSeconds: 10},
		messages: ['spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds'],
	},
	{
		name: 'container without image and name',
		spec: {template: {metadata: {labels: {app: 'nginx'}}, spec: {containers: [{}]}}},
		messages: [
			'spec.template.spec.containers[0].name: Required value',
			'spec.template.spec.containers[0].image: Required value',
		],
	},
	{
		name: 'no containers',
		spec: {template: {metadata: {labels: {app: 'nginx'}}, spec: {containers: []}}},
		messages: ['spec.template.spec.containers: Required value'],
	},
	{
		name: 'restartPolicy other than Always',
		spec: {
			template: {
				metadata: {labels: {app: 'nginx'}},
				spec: {restartPolicy: 'Never', containers: [{name: 'a', image: 'b'}]},
			},
		},
		messages: ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
	},
];

for (const c of invalidCases) {
	test(`Deployment validation: ${c.name}`, () => {
		const object = deployment(c.spec);
		defaultDeployment(object);
		assert.deepEqual(validateDeployment(object).map(errorText), c.messages);
	});
}

test('a defaulted valid Deployment has no errors', () => {
	const object = deployment();
	defaultDeployment(object);
	assert.deepEqual(validateDeployment(object), []);
});

test('metadata.name must be a DNS subdomain', () => {
	const object = deployment({}, 'Bad_Name');
	defaultDeployment(object);
	assert.match(
		validateDeployment(object).map(errorText)[0]!,
		/^metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
	);
});

test('ReplicaSet validation: empty selector message names replicaset', () => {
	const rs = {...deployment({selector: {}}), kind: 'ReplicaSet'};
	defaultReplicaSet(rs);
	assert.match(validateReplicaSet(rs).map(errorText).join('\n'), /empty selector is invalid for replicaset/);
});

test('422 Status composes the message and causes as NewInvalid does', () => {
	const one = invalid('Deployment', 'apps', 'x', [
		{type: 'Invalid', field: 'spec.replicas', value: -1, detail: 'must be greater than or equal to 0'},
	]);
	assert.equal(
		one.status.message,
		'Deployment.apps "x" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
	);
	assert.deepEqual(one.status.details, {
		name: 'x',
		group: 'apps',
		kind: 'Deployment',
		causes: [
			{
				reason: 'FieldValueInvalid',
				message: 'Invalid value: -1: must be greater than or equal to 0',
				field: 'spec.replicas',
			},
		],
	});
	assert.equal(one.status.code, 422);
	assert.equal(one.status.reason, 'Invalid');
	const two = invalid('Deployment', 'apps', 'x', [
		{type: 'Required', field: 'spec.selector', detail: ''},
		{type: 'Required', field: 'spec.selector', detail: ''},
		{type: 'Required', field: 'spec.template', detail: ''},
	]);
	assert.equal(
		two.status.message,
		'Deployment.apps "x" is invalid: [spec.selector: Required value, spec.template: Required value]',
	);
});
