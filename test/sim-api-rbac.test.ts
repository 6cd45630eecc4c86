// RBAC in the simulator: the bootstrap roles, the three users and their contexts, the API server's
// 403 bodies, Roles and bindings served like any resource, and `kubectl auth can-i` through the
// review APIs.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {startTestSimulator, type TestSimulator} from './helpers/sim-client.js';
import {ensureNamespace} from '../source/sim/scenarios/namespaces.js';
import {createDeployment, deploymentObject} from '../source/sim/scenarios/kubectl-writes.js';

let sim: TestSimulator;
const tokenOf = (context: string) => sim.users.find(user => user.context === context)!.token;
let viewer: string;
let teamA: string;

before(async () => {
	sim = await startTestSimulator({controllers: false});
	viewer = tokenOf('rollout-dash-sim-viewer');
	teamA = tokenOf('rollout-dash-sim-team-a');
	ensureNamespace(sim.store, 'team-a');
	createDeployment(sim.store, deploymentObject({name: 'web', namespace: 'default', replicas: 1, image: 'nginx:1.27'}));
	createDeployment(
		sim.store,
		deploymentObject({name: 'billing', namespace: 'team-a', replicas: 1, image: 'nginx:1.27'}),
	);
});
after(async () => sim.close());

const patch = {spec: {replicas: 2}};
const mergePatch = {'Content-Type': 'application/merge-patch+json'};

test('the kubeconfig has the three contexts, the admin one current, team-a in its namespace', async () => {
	const contexts = await sim.kubectl(['config', 'get-contexts', '--no-headers']);
	assert.equal(contexts.code, 0, contexts.stderr);
	const rows = contexts.stdout
		.trim()
		.split('\n')
		.map(line => line.replace(/^\*/, 'CURRENT').trim().split(/\s+/));
	assert.deepEqual(rows, [
		['CURRENT', 'rollout-dash-sim', 'rollout-dash-sim', 'rollout-dash-sim', 'default'],
		['rollout-dash-sim-team-a', 'rollout-dash-sim', 'rollout-dash-sim-team-a', 'team-a'],
		['rollout-dash-sim-viewer', 'rollout-dash-sim', 'rollout-dash-sim-viewer', 'default'],
	]);
	const whoami = await sim.kubectl(['--context', 'rollout-dash-sim-viewer', 'auth', 'whoami', '-o', 'json']);
	assert.equal(whoami.code, 0, whoami.stderr);
	assert.deepEqual(JSON.parse(whoami.stdout).status.userInfo, {
		username: 'rollout-dash-viewer',
		groups: ['system:authenticated'],
	});
});

test('a viewer reads everything and is refused a patch with the API server 403 body', async () => {
	assert.equal((await sim.request('GET', '/apis/apps/v1/deployments', {token: viewer})).status, 200);
	const reply = await sim.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', {
		token: viewer,
		body: patch,
		headers: mergePatch,
	});
	assert.equal(reply.status, 403);
	assert.deepEqual(reply.json, {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Failure',
		message:
			'deployments.apps "web" is forbidden: User "rollout-dash-viewer" cannot patch resource "deployments" in API group "apps" in the namespace "default"',
		reason: 'Forbidden',
		details: {name: 'web', group: 'apps', kind: 'deployments'},
		code: 403,
	});
	assert.equal(sim.store.get('deployments', 'default', 'web')!.spec.replicas, 1);
	const kubectl = await sim.kubectl([
		'--context',
		'rollout-dash-sim-viewer',
		'scale',
		'deployment/web',
		'--replicas=3',
	]);
	assert.equal(kubectl.code, 1);
	assert.equal(
		kubectl.stderr.trim(),
		'Error from server (Forbidden): deployments.apps "web" is forbidden: User "rollout-dash-viewer" cannot patch resource "deployments/scale" in API group "apps" in the namespace "default"',
	);
});

test('a namespace-bound editor writes in team-a, is refused elsewhere, and cannot list at the cluster scope', async () => {
	const inTeam = await sim.request('PATCH', '/apis/apps/v1/namespaces/team-a/deployments/billing', {
		token: teamA,
		body: patch,
		headers: mergePatch,
	});
	assert.equal(inTeam.status, 200, inTeam.text);
	const all = await sim.request('GET', '/apis/apps/v1/deployments', {token: teamA});
	assert.equal(all.status, 403);
	assert.equal(
		all.json.message,
		'deployments.apps is forbidden: User "rollout-dash-team-a" cannot list resource "deployments" in API group "apps" at the cluster scope',
	);
	assert.deepEqual(all.json.details, {group: 'apps', kind: 'deployments'});
	const pods = await sim.request('GET', '/api/v1/namespaces/default/pods?watch=true', {token: teamA});
	assert.equal(pods.status, 403);
	assert.equal(
		pods.json.message,
		'pods is forbidden: User "rollout-dash-team-a" cannot watch resource "pods" in API group "" in the namespace "default"',
	);
	assert.deepEqual(pods.json.details, {kind: 'pods'});
	// A watch of one object by fieldSelector is authorised (and refused) for that name.
	const pinned = await sim.request(
		'GET',
		'/apis/apps/v1/namespaces/default/deployments?watch=1&fieldSelector=metadata.name%3Dweb',
		{token: teamA},
	);
	assert.match(pinned.json.message, /^deployments\.apps "web" is forbidden: User "rollout-dash-team-a" cannot watch/);
	const deleteAll = await sim.request('DELETE', '/api/v1/namespaces/default/pods', {token: teamA});
	assert.match(deleteAll.json.message, /cannot deletecollection resource "pods"/);
	const unknownPath = await sim.request('GET', '/logs/', {token: teamA});
	assert.equal(unknownPath.status, 403);
	assert.equal(unknownPath.json.message, 'forbidden: User "rollout-dash-team-a" cannot get path "/logs/"');
	assert.deepEqual(unknownPath.json.details, {});
	assert.equal((await sim.request('GET', '/apis/apps/v1', {token: teamA})).status, 200, 'discovery is open to all');
});

test('kubectl auth can-i answers per user and namespace, and --list shows the bound rules', async () => {
	const canI = (context: string, ...args: string[]) => sim.kubectl(['--context', context, 'auth', 'can-i', ...args]);
	assert.equal((await canI('rollout-dash-sim-team-a', 'patch', 'deployments', '-n', 'team-a')).stdout.trim(), 'yes');
	const no = await canI('rollout-dash-sim-team-a', 'patch', 'deployments', '-n', 'default');
	assert.equal(no.stdout.trim(), 'no');
	assert.equal(no.code, 1);
	assert.equal((await canI('rollout-dash-sim-viewer', 'list', 'pods', '-A')).stdout.trim(), 'yes');
	assert.equal((await canI('rollout-dash-sim-viewer', 'delete', 'pods', '-n', 'default')).stdout.trim(), 'no');
	assert.equal((await canI('rollout-dash-sim', '*', '*')).stdout.trim(), 'yes');
	const list = await canI('rollout-dash-sim-team-a', '--list', '-n', 'team-a');
	assert.equal(list.code, 0, list.stderr);
	assert.match(
		list.stdout,
		/^deployments\.apps\s+\[\]\s+\[\]\s+\[create delete deletecollection patch update get list watch\]$/m,
	);
	assert.match(list.stdout, /^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
	const elsewhere = await canI('rollout-dash-sim-team-a', '--list', '-n', 'default');
	assert.doesNotMatch(elsewhere.stdout, /^deployments\.apps/m);
	const review = await sim.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
		token: viewer,
		body: {spec: {resourceAttributes: {verb: 'get', group: 'apps', resource: 'deployments', namespace: 'shop'}}},
	});
	assert.equal(review.status, 201);
	assert.deepEqual(review.json.status, {
		allowed: true,
		reason:
			'RBAC: allowed by ClusterRoleBinding "rollout-dash-viewer" of ClusterRole "view" to User "rollout-dash-viewer"',
	});
});

test('Roles and bindings are served like any resource; a binding to a missing role is named in the 403', async () => {
	const k = (...args: string[]) => sim.kubectl(args);
	assert.equal((await k('create', 'role', 'pod-reader', '-n', 'team-a', '--verb=get,list', '--resource=pods')).code, 0);
	const binding = await k(
		'create',
		'rolebinding',
		'bob-reads',
		'-n',
		'team-a',
		'--role=pod-reader',
		'--user=bob',
		'--user=rollout-dash-team-a',
	);
	assert.equal(binding.code, 0, binding.stderr);
	const table = await k('get', 'rolebindings', '-n', 'team-a', '-o', 'wide');
	assert.match(table.stdout, /^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS$/m);
	assert.match(table.stdout, /^bob-reads\s+Role\/pod-reader\s+\S+\s+bob, rollout-dash-team-a\s*$/m);
	const roles = await k('get', 'clusterroles', 'view', 'edit', 'admin', 'cluster-admin');
	assert.match(roles.stdout, /^NAME\s+CREATED AT$/m);
	assert.equal(roles.stdout.trim().split('\n').length, 5);
	const changed = await sim.request(
		'PUT',
		'/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings/bob-reads',
		{
			body: {
				metadata: {name: 'bob-reads'},
				roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit'},
				subjects: [{kind: 'User', name: 'bob'}],
			},
		},
	);
	assert.equal(changed.status, 422);
	assert.match(changed.json.message, /roleRef: Invalid value: .*: cannot change roleRef$/);
	// Deleting the role leaves the binding dangling: the user is refused, and told why.
	assert.equal((await k('delete', 'role', 'pod-reader', '-n', 'team-a')).code, 0);
	const refused = await sim.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
		token: teamA,
		body: {
			spec: {
				resourceAttributes: {
					verb: 'create',
					group: 'rbac.authorization.k8s.io',
					resource: 'roles',
					namespace: 'team-a',
				},
			},
		},
	});
	assert.deepEqual(refused.json.status, {
		allowed: false,
		reason: 'RBAC: role.rbac.authorization.k8s.io "pod-reader" not found',
	});
	const watch = await sim.watch('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?watch=true');
	await watch.until('the bootstrap bindings', events => events.some(e => e.object.metadata.name === 'cluster-admin'));
	watch.close();
});

test('a wrong, a lower-case and a missing bearer scheme: 401 unless the token is right', async () => {
	const lower = await sim.request('GET', '/api/v1/namespaces', {
		token: null,
		headers: {Authorization: `bearer ${sim.token}`},
	});
	assert.equal(lower.status, 200);
	const shouting = await sim.request('GET', '/api/v1/namespaces', {
		token: null,
		headers: {Authorization: `BEARER ${sim.token}`},
	});
	assert.equal(shouting.status, 200);
	for (const header of [`Basic ${sim.token}`, `Bearer  ${sim.token}`, 'Bearer nope', sim.token]) {
		const reply = await sim.request('GET', '/api/v1/namespaces', {token: null, headers: {Authorization: header}});
		assert.equal(reply.status, 401, header);
	}
});

test('impersonation: the admin acts as another user; a user without the right to is refused', async () => {
	const asViewer = await sim.kubectl(['--as=rollout-dash-viewer', 'auth', 'can-i', 'patch', 'deployments']);
	assert.equal(asViewer.stdout.trim(), 'no');
	const asTeam = await sim.kubectl([
		'--as=rollout-dash-team-a',
		'auth',
		'can-i',
		'patch',
		'deployments',
		'-n',
		'team-a',
	]);
	assert.equal(asTeam.stdout.trim(), 'yes');
	const whoami = await sim.kubectl(['--as=jane', '--as-group=devs', 'auth', 'whoami', '-o', 'json']);
	assert.deepEqual(JSON.parse(whoami.stdout).status.userInfo, {
		username: 'jane',
		groups: ['devs', 'system:authenticated'],
	});
	const refused = await sim.request('GET', '/api/v1/namespaces', {
		token: viewer,
		headers: {'Impersonate-User': 'rollout-dash-admin'},
	});
	assert.equal(refused.status, 403);
	assert.equal(
		refused.json.message,
		'users "rollout-dash-admin" is forbidden: User "rollout-dash-viewer" cannot impersonate resource "users" in API group "" at the cluster scope',
	);
	const groupOnly = await sim.request('GET', '/api/v1/namespaces', {headers: {'Impersonate-Group': 'devs'}});
	assert.equal(groupOnly.status, 500);
	assert.equal(
		groupOnly.json.message,
		'Internal error occurred: requested [{Group  devs    }] without impersonating a user',
	);
});
