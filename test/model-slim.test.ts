// The all-namespace ReplicaSet watch keeps only what the deployment list needs.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {slimPod, slimReplicaSet} from '../source/model/slim.js';
import {containerDetails} from '../source/model/deployment-view.js';
import {summarizePods} from '../source/model/pods.js';
import {rolloutProgress} from '../source/model/rollout.js';
import {revisionOf} from '../source/k8s/deployment-util.js';
import {deployment, replicaSet, template} from './helpers/model-fixtures.js';

test('slim ReplicaSets keep identity, owner, revision annotations, replicas, counts and images, and drop the rest', () => {
	const full = replicaSet({
		name: 'web-abc',
		hash: 'abc',
		revision: 4,
		replicas: 3,
		template: template('nginx:1.18', {env: [{name: 'A', value: 'x'}]} as never),
		annotations: {
			'kubernetes.io/change-cause': 'bump',
			'deployment.kubernetes.io/revision-history': '1,2',
			'other/big': 'x'.repeat(1000),
		},
		status: {
			replicas: 3,
			readyReplicas: 2,
			availableReplicas: 1,
			conditions: [{type: 'ReplicaFailure', status: 'True'}],
		},
	});
	full.metadata.managedFields = [{manager: 'kube-controller-manager'}];
	full.metadata.resourceVersion = '77';
	full.metadata.ownerReferences!.push({kind: 'Other', name: 'x', uid: 'not-controller'});
	const slim = slimReplicaSet(full);
	assert.deepEqual(slim, {
		metadata: {
			name: 'web-abc',
			namespace: 'default',
			uid: 'uid-web-abc',
			resourceVersion: '77',
			creationTimestamp: '2026-11-23T08:00:00Z',
			annotations: {
				'deployment.kubernetes.io/revision': '4',
				'deployment.kubernetes.io/revision-history': '1,2',
				'kubernetes.io/change-cause': 'bump',
			},
			labels: {'pod-template-hash': 'abc'},
			ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true}],
		},
		spec: {
			replicas: 3,
			template: {
				metadata: {labels: {'pod-template-hash': 'abc'}},
				spec: {containers: [{name: 'web', image: 'nginx:1.18'}]},
			},
		},
		status: {replicas: 3, readyReplicas: 2, availableReplicas: 1},
	});
	assert.equal(revisionOf(slim), 4);
});

test('the list arithmetic gives the same answer on slim and full ReplicaSets', () => {
	const d = deployment({replicas: 3, status: {replicas: 4, updatedReplicas: 1, availableReplicas: 3}});
	const full = [
		replicaSet({name: 'web-a', hash: 'a', replicas: 3, revision: 1}),
		replicaSet({name: 'web-b', hash: 'b', replicas: 1, revision: 2, image: 'nginx:1.18'}),
	];
	assert.deepEqual(rolloutProgress(d, full.map(slimReplicaSet)), rolloutProgress(d, full));
	assert.equal(rolloutProgress(d, full).surgeInUse, 1);
});

test('objects without spec, status or metadata fields stay valid', () => {
	assert.deepEqual(slimReplicaSet({metadata: {name: 'x'}}), {metadata: {name: 'x'}, spec: {}});
});

test("slim pods keep what the views read: the pod's row, its containers and a sidecar are the full pod's", () => {
	const full = {
		kind: 'Pod',
		metadata: {
			name: 'web-abc-x',
			namespace: 'default',
			uid: 'p1',
			labels: {'pod-template-hash': 'abc'},
			creationTimestamp: '2026-11-23T08:00:00Z',
			managedFields: [{manager: 'kubelet'}],
		},
		spec: {
			nodeName: 'node-1',
			volumes: [{name: 'data', emptyDir: {}}],
			initContainers: [{name: 'proxy', image: 'envoy:1', restartPolicy: 'Always', env: [{name: 'A', value: 'x'}]}],
			containers: [{name: 'web', image: 'nginx:1.25', resources: {limits: {cpu: '1'}}, ports: [{containerPort: 80}]}],
			tolerations: [{operator: 'Exists'}],
		},
		status: {
			phase: 'Running',
			conditions: [{type: 'Ready', status: 'True'}],
			initContainerStatuses: [{name: 'proxy', ready: true, started: true, restartCount: 1, state: {running: {}}}],
			containerStatuses: [{name: 'web', ready: true, restartCount: 2, state: {running: {}}}],
		},
	};
	const slim = slimPod(full);
	assert.equal(slim.metadata.managedFields, undefined);
	assert.deepEqual(Object.keys(slim.spec ?? {}).sort(), ['containers', 'initContainers', 'nodeName']);
	assert.deepEqual(summarizePods([slim], new WeakMap()), summarizePods([full as never], new WeakMap()));
	assert.deepEqual(containerDetails(slim), containerDetails(full as never));
});
