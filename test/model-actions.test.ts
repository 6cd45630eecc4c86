import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
	formatRfc3339Local,
	planPause,
	planRestart,
	planResume,
	planUndo,
	rollbackTemplate,
} from '../source/model/actions.js';
import {deployment, replicaSet, template} from './helpers/model-fixtures.js';

test('pause and resume send kubectl strategic merge patches or refuse with its messages', () => {
	assert.deepEqual(planPause(deployment()), {
		kind: 'patch',
		contentType: 'application/strategic-merge-patch+json',
		body: {spec: {paused: true}},
		query: {fieldManager: 'kubectl-rollout'},
		success: 'deployment.apps/web paused',
	});
	assert.deepEqual(planPause(deployment({paused: true})), {
		kind: 'done',
		ok: false,
		message: 'deployments.apps "web" is already paused',
	});
	assert.deepEqual(planResume(deployment({paused: true})), {
		kind: 'patch',
		contentType: 'application/strategic-merge-patch+json',
		body: {spec: {paused: null}},
		query: {fieldManager: 'kubectl-rollout'},
		success: 'deployment.apps/web resumed',
	});
	assert.deepEqual(planResume(deployment()), {
		kind: 'done',
		ok: false,
		message: 'deployments.apps "web" is not paused',
	});
});

test('restart stamps restartedAt in RFC 3339 and refuses when paused or within the same second', () => {
	const now = new Date('2026-11-23T07:56:58.400Z');
	const stamp = formatRfc3339Local(now);
	assert.match(stamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
	assert.equal(new Date(stamp).getTime(), Math.floor(now.getTime() / 1000) * 1000);
	const plan = planRestart(deployment(), now);
	assert.deepEqual(plan, {
		kind: 'patch',
		contentType: 'application/strategic-merge-patch+json',
		body: {spec: {template: {metadata: {annotations: {'kubectl.kubernetes.io/restartedAt': stamp}}}}},
		query: {fieldManager: 'kubectl-rollout'},
		success: 'deployment.apps/web restarted',
	});
	assert.deepEqual(planRestart(deployment({paused: true}), now), {
		kind: 'done',
		ok: false,
		message: `deployments.apps "web" can't restart paused deployment (run rollout resume first)`,
	});
	const just = template('nginx:1.17');
	just.metadata!.annotations = {'kubectl.kubernetes.io/restartedAt': stamp};
	const again = planRestart(deployment({template: just}), now);
	assert.equal(again.kind, 'done');
	assert.match(
		(again as any).message,
		/^failed to create patch for web: if restart has already been triggered within the past second/,
	);
});

test('undo builds kubectl JSON patch preceded by a resourceVersion test', () => {
	const d = deployment({
		image: 'nginx:1.18',
		revision: 2,
		resourceVersion: '42',
		annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{}', mine: 'deployment-only'},
	});
	const old = replicaSet({
		name: 'web-1',
		hash: 'aaa',
		revision: 1,
		image: 'nginx:1.17',
		annotations: {'kubernetes.io/change-cause': 'first', 'deployment.kubernetes.io/desired-replicas': '3'},
	});
	const current = replicaSet({name: 'web-2', hash: 'bbb', revision: 2, image: 'nginx:1.18'});
	const plan = planUndo(d, [old, current], 0);
	assert.equal(plan.kind, 'patch');
	if (plan.kind !== 'patch') return;
	assert.equal(plan.contentType, 'application/json-patch+json');
	assert.deepEqual(plan.query, {});
	assert.equal(plan.success, 'deployment.apps/web rolled back');
	assert.deepEqual(plan.body, [
		{op: 'test', path: '/metadata/resourceVersion', value: '42'},
		{
			op: 'replace',
			path: '/spec/template',
			value: {
				metadata: {creationTimestamp: null, labels: {app: 'web'}},
				spec: {containers: [{name: 'web', image: 'nginx:1.17', resources: {}}]},
			},
		},
		{
			op: 'replace',
			path: '/metadata/annotations',
			value: {
				'kubectl.kubernetes.io/last-applied-configuration': '{}',
				'deployment.kubernetes.io/revision': '2',
				'kubernetes.io/change-cause': 'first',
			},
		},
	]);
	// creationTimestamp: null must be serialised (kubectl sends it).
	assert.match(JSON.stringify(plan.body), /"creationTimestamp":null/);
});

test('undo refusals carry kubectl messages', () => {
	const d = deployment({image: 'nginx:1.18', revision: 2});
	const rsList = [
		replicaSet({name: 'web-1', hash: 'a', revision: 1, image: 'nginx:1.17'}),
		replicaSet({name: 'web-2', hash: 'b', revision: 2, image: 'nginx:1.18'}),
	];
	assert.deepEqual(planUndo(deployment({image: 'nginx:1.18', paused: true}), rsList, 1), {
		kind: 'done',
		ok: false,
		message: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
	});
	assert.deepEqual(planUndo(d, rsList, 2), {
		kind: 'done',
		ok: true,
		message: 'deployment.apps/web skipped rollback (current template already matches revision 2)',
	});
	assert.deepEqual(planUndo(d, rsList, 5), {
		kind: 'done',
		ok: false,
		message: 'unable to find specified revision 5 in history',
	});
	assert.deepEqual(planUndo(d, [rsList[1]!], 0), {
		kind: 'done',
		ok: false,
		message: 'no rollout history found for deployment "web"',
	});
});

test('rollbackTemplate never changes the ReplicaSet it reads', () => {
	const rs = replicaSet({name: 'web-1', hash: 'abc', revision: 1});
	const before = structuredClone(rs);
	const result = rollbackTemplate(rs.spec.template);
	assert.deepEqual(rs, before);
	assert.equal(result.metadata?.labels?.['pod-template-hash'], undefined);
});
