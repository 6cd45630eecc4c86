import {test} from 'node:test';
import assert from 'node:assert/strict';
import {behaviourOf, buildPodStatus, imageTag, qualifiedImage} from '../source/sim/controllers/kubelet-status.js';
import {formatDuration} from '../source/sim/controllers/kubelet.js';

test('image references: tag, behaviour and the fully qualified name containerd reports', () => {
	const cases: [string, string, string, string][] = [
		// image, tag, behaviour, qualified
		['nginx', '', 'start', 'docker.io/library/nginx:latest'],
		['nginx:1.25', '1.25', 'start', 'docker.io/library/nginx:1.25'],
		['learnk8s/app:1.0.0', '1.0.0', 'start', 'docker.io/learnk8s/app:1.0.0'],
		['ghcr.io/acme/api:crashloop', 'crashloop', 'crashloop', 'ghcr.io/acme/api:crashloop'],
		['localhost:5000/app:notfound', 'notfound', 'notfound', 'localhost:5000/app:notfound'],
		['nginx@sha256:abc', '', 'start', 'docker.io/library/nginx@sha256:abc'],
	];
	for (const [image, tag, behaviour, qualified] of cases) {
		assert.equal(imageTag(image), tag, image);
		assert.equal(behaviourOf(image), behaviour, image);
		assert.equal(qualifiedImage(image), qualified, image);
	}
});

test('Go duration format of back-offs', () => {
	assert.deepEqual([10, 40, 59, 80, 160, 300].map(formatDuration), ['10s', '40s', '59s', '1m20s', '2m40s', '5m0s']);
});

test('pod status: Go field order, conditions in kubelet order with reasons only when set', () => {
	const status = buildPodStatus({
		phase: 'Pending',
		conditions: new Map([
			['PodScheduled', {status: 'True', lastTransitionTime: 't1'}],
			[
				'Ready',
				{
					status: 'False',
					lastTransitionTime: 't2',
					reason: 'ContainersNotReady',
					message: 'containers with unready status: [app]',
				},
			],
			['Initialized', {status: 'True', lastTransitionTime: 't2'}],
		]),
		hostIP: '10.0.0.11',
		startTime: 't2',
		containers: [
			{
				name: 'app',
				image: 'app:1',
				behaviour: 'start',
				state: {waiting: {reason: 'ContainerCreating'}},
				lastState: {},
				ready: false,
				started: false,
				restartCount: 0,
				readinessProbe: false,
			},
		],
		qosClass: 'BestEffort',
	});
	assert.deepEqual(Object.keys(status), [
		'phase',
		'conditions',
		'hostIP',
		'hostIPs',
		'startTime',
		'containerStatuses',
		'qosClass',
	]);
	assert.deepEqual(
		(status.conditions as {type: string}[]).map(c => c.type),
		['Initialized', 'Ready', 'PodScheduled'],
	);
	assert.deepEqual((status.conditions as object[])[0], {
		type: 'Initialized',
		status: 'True',
		lastProbeTime: null,
		lastTransitionTime: 't2',
	});
	assert.equal((status.conditions as {reason?: string}[])[1]!.reason, 'ContainersNotReady');
	assert.deepEqual((status.containerStatuses as object[])[0], {
		name: 'app',
		state: {waiting: {reason: 'ContainerCreating'}},
		lastState: {},
		ready: false,
		restartCount: 0,
		image: 'docker.io/library/app:1',
		imageID: '',
		started: false,
	});
});
