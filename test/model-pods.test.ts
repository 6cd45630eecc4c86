import {test} from 'node:test';
import assert from 'node:assert/strict';
import {podDisplay, summarizeEvents, summarizePod} from '../source/model/pods.js';
import {detectGitOps} from '../source/model/gitops.js';
import {event, pod} from './helpers/model-fixtures.js';

const ready = [{type: 'Ready', status: 'True'}];

test('podDisplay follows kubectl STATUS column rules', () => {
	const cases: [string, ReturnType<typeof pod>, string, string, number][] = [
		[
			'running and ready',
			pod('a', {
				phase: 'Running',
				conditions: ready,
				containerStatuses: [{name: 'web', ready: true, restartCount: 0, state: {running: {}}}],
			}),
			'Running',
			'1/1',
			0,
		],
		[
			'pending, creating',
			pod('b', {
				phase: 'Pending',
				containerStatuses: [{name: 'web', ready: false, state: {waiting: {reason: 'ContainerCreating'}}}],
			}),
			'ContainerCreating',
			'0/1',
			0,
		],
		[
			'crash loop',
			pod('c', {
				phase: 'Running',
				containerStatuses: [
					{name: 'web', ready: false, restartCount: 4, state: {waiting: {reason: 'CrashLoopBackOff'}}},
				],
			}),
			'CrashLoopBackOff',
			'0/1',
			4,
		],
		[
			'image pull',
			pod('d', {
				phase: 'Pending',
				containerStatuses: [{name: 'web', ready: false, state: {waiting: {reason: 'ErrImagePull'}}}],
			}),
			'ErrImagePull',
			'0/1',
			0,
		],
		[
			'terminated without reason',
			pod('e', {phase: 'Running', containerStatuses: [{name: 'web', state: {terminated: {exitCode: 3}}}]}),
			'ExitCode:3',
			'0/1',
			0,
		],
		[
			'signal',
			pod('f', {phase: 'Running', containerStatuses: [{name: 'web', state: {terminated: {exitCode: 0, signal: 9}}}]}),
			'Signal:9',
			'0/1',
			0,
		],
		[
			'terminating',
			pod(
				'g',
				{phase: 'Running', conditions: ready, containerStatuses: [{name: 'web', ready: true, state: {running: {}}}]},
				{deletionTimestamp: '2026-11-23T08:00:00Z'},
			),
			'Terminating',
			'1/1',
			0,
		],
		[
			'init waiting',
			pod(
				'h',
				{phase: 'Pending', initContainerStatuses: [{name: 'init', state: {waiting: {reason: 'PodInitializing'}}}]},
				{},
				{containers: [{name: 'web'}], initContainers: [{name: 'init'}]},
			),
			'Init:0/1',
			'0/1',
			0,
		],
		[
			'init failed',
			pod(
				'i',
				{
					phase: 'Pending',
					initContainerStatuses: [{name: 'init', restartCount: 2, state: {terminated: {exitCode: 1, reason: 'Error'}}}],
				},
				{},
				{containers: [{name: 'web'}], initContainers: [{name: 'init'}]},
			),
			'Init:Error',
			'0/1',
			2,
		],
		['pending without statuses', pod('j', {phase: 'Pending'}), 'Pending', '0/1', 0],
		['evicted', pod('k', {phase: 'Failed', reason: 'Evicted'}), 'Evicted', '0/1', 0],
	];
	for (const [title, p, status, readyText, restarts] of cases) {
		const display = podDisplay(p);
		assert.equal(display.status, status, title);
		assert.equal(`${display.readyContainers}/${display.totalContainers}`, readyText, title);
		assert.equal(display.restarts, restarts, title);
	}
});

test('summarizePod names the owning ReplicaSet and hash', () => {
	const summary = summarizePod(
		pod(
			'web-aaa-x1',
			{phase: 'Running', conditions: ready, containerStatuses: [{name: 'web', ready: true, state: {running: {}}}]},
			{
				labels: {'pod-template-hash': 'aaa'},
				ownerReferences: [{kind: 'ReplicaSet', name: 'web-aaa', uid: 'u', controller: true}],
			},
		),
	);
	assert.equal(summary.replicaSetName, 'web-aaa');
	assert.equal(summary.podTemplateHash, 'aaa');
	assert.equal(summary.ready, true);
	assert.equal(summary.readyText, '1/1');
	assert.equal(summary.terminating, false);
});

test('summarizeEvents keeps the deployment, its ReplicaSets and their pods, oldest first', () => {
	const events = [
		event('Pod', 'web-aaa-x1', 'Pulled', 'pulled', '2026-11-23T08:00:03Z'),
		event('Deployment', 'web', 'ScalingReplicaSet', 'Scaled up replica set web-aaa to 1', '2026-11-23T08:00:01Z'),
		event('ReplicaSet', 'web-aaa', 'SuccessfulCreate', 'Created pod: web-aaa-x1', '2026-11-23T08:00:02Z', {count: 3}),
		event('Deployment', 'other', 'ScalingReplicaSet', 'not ours', '2026-11-23T08:00:00Z'),
		event('Pod', 'webby-1', 'Pulled', 'not ours either', '2026-11-23T08:00:00Z'),
		event('Deployment', 'web', 'X', 'other namespace', '2026-11-23T08:00:00Z', {
			involvedObject: {kind: 'Deployment', name: 'web', namespace: 'prod'},
		}),
	];
	const summaries = summarizeEvents(events, {
		namespace: 'default',
		deployment: 'web',
		replicaSets: ['web-aaa'],
		pods: [],
	});
	assert.deepEqual(
		summaries.map(s => [s.involvedKind, s.reason, s.count]),
		[
			['Deployment', 'ScalingReplicaSet', 1],
			['ReplicaSet', 'SuccessfulCreate', 3],
			['Pod', 'Pulled', 1],
		],
	);
});

test('detectGitOps finds Argo CD and Flux from labels, annotations and managers', () => {
	const cases: [string, Parameters<typeof detectGitOps>[0], string | undefined][] = [
		[
			'argo tracking id',
			{name: 'x', annotations: {'argocd.argoproj.io/tracking-id': 'app:apps/Deployment:ns/x'}},
			'Argo CD',
		],
		['argo instance label', {name: 'x', labels: {'argocd.argoproj.io/instance': 'app'}}, 'Argo CD'],
		['flux kustomize', {name: 'x', labels: {'kustomize.toolkit.fluxcd.io/name': 'apps'}}, 'Flux'],
		['flux helm', {name: 'x', labels: {'helm.toolkit.fluxcd.io/name': 'podinfo'}}, 'Flux'],
		[
			'argo manager',
			{name: 'x', managedFields: [{manager: 'kubectl-client-side-apply'}, {manager: 'argocd-controller'}]},
			'Argo CD',
		],
		['flux manager', {name: 'x', managedFields: [{manager: 'kustomize-controller'}]}, 'Flux'],
		[
			'managed-by Helm',
			{name: 'x', labels: {'app.kubernetes.io/instance': 'rel', 'app.kubernetes.io/managed-by': 'Helm'}},
			'Helm',
		],
		[
			'managed-by a Flux controller',
			{name: 'x', labels: {'app.kubernetes.io/managed-by': 'kustomize-controller'}},
			'Flux',
		],
		['instance label alone: Argo CD tracking', {name: 'x', labels: {'app.kubernetes.io/instance': 'shop'}}, 'Argo CD'],
		['managed-by an unknown tool', {name: 'x', labels: {'app.kubernetes.io/managed-by': 'skaffold'}}, undefined],
		[
			'instance with an argo hint',
			{name: 'x', labels: {'app.kubernetes.io/instance': 'rel'}, annotations: {'argocd.argoproj.io/sync-wave': '1'}},
			'Argo CD',
		],
		['plain', {name: 'x', managedFields: [{manager: 'kubectl-create'}]}, undefined],
	];
	for (const [title, metadata, tool] of cases) {
		const owner = detectGitOps(metadata);
		assert.equal(owner?.tool, tool, title);
		if (owner) assert.ok(owner.evidence.length > 0, title);
	}
});
