// Workload kinds and verbs as data: kubectl's names and paths per kind, which kinds take each verb, and kubectl's
// refusal for the others.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {
	KINDS,
	kindByName,
	kindPath,
	kindSlashName,
	objectPath,
	qualifiedName,
	resourceName,
	WORKLOAD_KINDS,
} from '../source/model/kinds.js';
import {refusal, supports, VERBS, type ActionRequest, type Verb} from '../source/model/verbs.js';

describe('kinds', () => {
	const names: [string, string, string, string, string][] = [
		// kind, short name, collection path in shop, kubectl's qualified name, kubectl's success name
		[
			'Deployment',
			'deploy',
			'/apis/apps/v1/namespaces/shop/deployments',
			'deployments.apps "web"',
			'deployment.apps/web',
		],
		[
			'StatefulSet',
			'sts',
			'/apis/apps/v1/namespaces/shop/statefulsets',
			'statefulsets.apps "web"',
			'statefulset.apps/web',
		],
		['DaemonSet', 'ds', '/apis/apps/v1/namespaces/shop/daemonsets', 'daemonsets.apps "web"', 'daemonset.apps/web'],
	];
	for (const [kind, short, path, qualified, resource] of names) {
		it(`${kind}: kubectl's names and the API's paths`, () => {
			const k = kind as keyof typeof KINDS;
			assert.equal(KINDS[k].shortName, short);
			assert.equal(kindPath(k, 'shop'), path);
			assert.equal(objectPath(k, 'shop', 'web'), `${path}/web`);
			assert.equal(qualifiedName(k, 'web'), qualified);
			assert.equal(resourceName(k, 'web'), resource);
			assert.equal(kindSlashName(k, 'web'), `${KINDS[k].singular}/web`);
			for (const typed of [short, KINDS[k].singular, KINDS[k].resource, kind, kind.toUpperCase()])
				assert.equal(kindByName(typed), kind, typed);
		});
	}

	it('paths across all namespaces, names escaped, unknown kinds', () => {
		assert.equal(kindPath('Deployment', undefined), '/apis/apps/v1/deployments');
		assert.equal(objectPath('Deployment', 'a b', 'x/y'), '/apis/apps/v1/namespaces/a%20b/deployments/x%2Fy');
		assert.equal(kindByName('pods'), undefined);
		assert.deepEqual(WORKLOAD_KINDS, ['Deployment', 'StatefulSet', 'DaemonSet']);
	});
});

describe('verbs', () => {
	const request = (kind: ActionRequest['kind'], verb: Verb): ActionRequest =>
		verb === 'undo'
			? {kind, namespace: 'default', name: 'web', verb, args: {toRevision: 0}}
			: verb === 'scale'
				? {kind, namespace: 'default', name: 'web', verb, args: {replicas: 1}}
				: verb === 'set-image'
					? {kind, namespace: 'default', name: 'web', verb, args: {container: 'app', image: 'app:2'}}
					: {kind, namespace: 'default', name: 'web', verb, args: {}};

	// kubectl 1.32: objectpauser/objectresumer answer only for Deployments; restart and undo for all three.
	const table: [ActionRequest['kind'], Verb, string | undefined][] = [
		['Deployment', 'pause', undefined],
		['Deployment', 'resume', undefined],
		['Deployment', 'restart', undefined],
		['Deployment', 'undo', undefined],
		['StatefulSet', 'pause', 'statefulsets.apps "web" pausing is not supported'],
		['StatefulSet', 'resume', 'statefulsets.apps "web" resuming is not supported'],
		['StatefulSet', 'restart', undefined],
		['StatefulSet', 'undo', undefined],
		['DaemonSet', 'pause', 'daemonsets.apps "web" pausing is not supported'],
		['DaemonSet', 'resume', 'daemonsets.apps "web" resuming is not supported'],
		['DaemonSet', 'restart', undefined],
		['DaemonSet', 'undo', undefined],
	];
	for (const [kind, verb, expected] of table) {
		it(`${verb} a ${kind}: ${expected ?? 'supported'}`, () => {
			assert.equal(supports(verb, kind), expected === undefined);
			assert.equal(refusal(request(kind, verb)), expected);
		});
	}

	it('says what is in flight in kubectl words', () => {
		assert.equal(VERBS.pause.progress(request('Deployment', 'pause')), 'pausing deployment/web');
		assert.equal(
			VERBS.undo.progress({kind: 'Deployment', namespace: 'd', name: 'web', verb: 'undo', args: {toRevision: 3}}),
			'rolling back deployment/web to revision 3',
		);
		assert.equal(VERBS.restart.progress(request('StatefulSet', 'restart')), 'restarting statefulset/web');
	});
});
