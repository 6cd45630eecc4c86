// The API server over HTTPS with raw requests: authentication, discovery, CRUD, errors as
// Status objects, generation, /status and /scale, Tables, paging, pod graceful deletion.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {statSync, readFileSync} from 'node:fs';
import {startTestSimulator, deploymentManifest, type TestSimulator} from './helpers/sim-client.js';

let sim: TestSimulator;
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const TABLE_ACCEPT =
	'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

// Without controllers: these tests see only their own writes.
before(async () => {
	sim = await startTestSimulator({controllers: false});
});
after(async () => {
	await sim.close();
});

test('kubeconfig: 0600, CA data, token, names, no insecure-skip-tls-verify', () => {
	assert.equal(statSync(sim.kubeconfigPath).mode & 0o777, 0o600);
	const text = readFileSync(sim.kubeconfigPath, 'utf8');
	assert.equal(text, sim.kubeconfig);
	assert.match(text, /certificate-authority-data: \S+/);
	assert.match(text, new RegExp(`token: ${sim.token}`));
	assert.match(text, /current-context: rollout-dash-sim/);
	assert.match(text, /namespace: default/);
	assert.match(text, new RegExp(`server: ${sim.url}`));
	assert.doesNotMatch(text, /insecure/);
	assert.match(sim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
});

test('requests without or with a wrong token get 401 Unauthorized as an API server answers', async () => {
	const expected = {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Failure',
		message: 'Unauthorized',
		reason: 'Unauthorized',
		code: 401,
	};
	for (const token of [null, 'wrong']) {
		const reply = await sim.request('GET', DEPLOYMENTS, {token});
		assert.equal(reply.status, 401);
		assert.deepEqual(reply.json, expected);
	}
});

test('/version says 1.32; discovery lists every resource with scale and short names', async () => {
	const version = await sim.request('GET', '/version');
	assert.equal(version.json.minor, '32');
	assert.match(version.json.gitVersion, /^v1\.32\./);
	const apps = await sim.request('GET', '/apis/apps/v1');
	const names = apps.json.resources.map((r: any) => r.name);
	for (const name of ['deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/status'])
		assert.ok(names.includes(name), name);
	const scale = apps.json.resources.find((r: any) => r.name === 'deployments/scale');
	assert.deepEqual([scale.group, scale.version, scale.kind], ['autoscaling', 'v1', 'Scale']);
	const deploy = apps.json.resources.find((r: any) => r.name === 'deployments');
	assert.deepEqual(deploy.shortNames, ['deploy']);
	assert.deepEqual(deploy.categories, ['all']);
	const core = await sim.request('GET', '/api/v1');
	const pods = core.json.resources.find((r: any) => r.name === 'pods');
	assert.deepEqual(pods.shortNames, ['po']);
	const groups = await sim.request('GET', '/apis');
	for (const group of groups.json.groups) {
		for (const version of group.versions) {
			const list = await sim.request('GET', `/apis/${version.groupVersion}`);
			assert.ok(list.json.resources.length > 0, `${version.groupVersion} has resources`);
		}
	}
	assert.deepEqual((await sim.request('GET', '/api')).json.versions, ['v1']);
});

test('system namespaces exist from the start', async () => {
	const reply = await sim.request('GET', '/api/v1/namespaces');
	const names = reply.json.items.map((n: any) => n.metadata.name).sort();
	assert.deepEqual(names, ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
	assert.equal(reply.json.kind, 'NamespaceList');
	assert.match(reply.json.metadata.resourceVersion, /^\d+$/);
});

test('create applies defaults, sets generation 1 and clears status; duplicates get 409 AlreadyExists', async () => {
	const created = await sim.request('POST', DEPLOYMENTS, {
		body: {...deploymentManifest('web'), status: {replicas: 99}},
	});
	assert.equal(created.status, 201);
	assert.equal(created.json.metadata.generation, 1);
	assert.deepEqual(created.json.status, {});
	assert.equal(created.json.spec.strategy.rollingUpdate.maxSurge, '25%');
	assert.equal(created.json.spec.revisionHistoryLimit, 10);
	assert.match(created.json.metadata.uid, /^[0-9a-f-]{36}$/);
	const again = await sim.request('POST', DEPLOYMENTS, {body: deploymentManifest('web')});
	assert.equal(again.status, 409);
	assert.deepEqual(again.json, {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Failure',
		message: 'deployments.apps "web" already exists',
		reason: 'AlreadyExists',
		details: {name: 'web', group: 'apps', kind: 'deployments'},
		code: 409,
	});
	await sim.request('DELETE', `${DEPLOYMENTS}/web`);
});

test('NotFound, namespace not found, bad JSON, unknown paths and methods are Status errors', async () => {
	const missing = await sim.request('GET', `${DEPLOYMENTS}/x`);
	assert.equal(missing.status, 404);
	assert.equal(missing.json.message, 'deployments.apps "x" not found');
	assert.deepEqual(missing.json.details, {name: 'x', group: 'apps', kind: 'deployments'});
	const pod = await sim.request('GET', '/api/v1/namespaces/default/pods/x');
	assert.equal(pod.json.message, 'pods "x" not found');
	assert.deepEqual(pod.json.details, {name: 'x', kind: 'pods'});
	const noNamespace = await sim.request('POST', '/apis/apps/v1/namespaces/nowhere/deployments', {
		body: deploymentManifest('a'),
	});
	assert.equal(noNamespace.status, 404);
	assert.equal(noNamespace.json.message, 'namespaces "nowhere" not found');
	const badJson = await sim.request('POST', DEPLOYMENTS, {
		raw: '{"metadata": ',
		headers: {'Content-Type': 'application/json'},
	});
	assert.equal(badJson.status, 400);
	assert.equal(badJson.json.reason, 'BadRequest');
	const unknown = await sim.request('GET', '/apis/apps/v1/namespaces/default/replicationcontrollers');
	assert.equal(unknown.status, 404);
	assert.equal(unknown.json.kind, 'Status');
	const method = await sim.request('POST', `${DEPLOYMENTS}/x`, {body: {}});
	assert.equal(method.status, 405);
	const garbage = await sim.request('PATCH', `${DEPLOYMENTS}/x`, {
		raw: '\u0000\u0001',
		headers: {'Content-Type': 'application/octet-stream'},
	});
	assert.ok(garbage.status >= 400 && garbage.status < 500, String(garbage.status));
});

test('422 Invalid carries the composed message and causes', async () => {
	const body = deploymentManifest('bad', {
		strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 0, maxUnavailable: 0}},
	});
	const reply = await sim.request('POST', DEPLOYMENTS, {body});
	assert.equal(reply.status, 422);
	assert.equal(
		reply.json.message,
		'Deployment.apps "bad" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
	);
	assert.deepEqual(reply.json.details.causes, [
		{
			reason: 'FieldValueInvalid',
			message: 'Invalid value: 0: may not be 0 when `maxSurge` is 0',
			field: 'spec.strategy.rollingUpdate.maxUnavailable',
		},
	]);
	assert.equal(reply.json.details.kind, 'Deployment');
});

test('PUT with a stale resourceVersion is 409 with the API server message; generation bumps on spec and annotations', async () => {
	const created = (await sim.request('POST', DEPLOYMENTS, {body: deploymentManifest('gen')})).json;
	const labelsOnly = structuredClone(created);
	labelsOnly.metadata.labels.extra = 'yes';
	const afterLabels = (await sim.request('PUT', `${DEPLOYMENTS}/gen`, {body: labelsOnly})).json;
	assert.equal(afterLabels.metadata.generation, 1, 'labels do not bump generation');
	const stale = await sim.request('PUT', `${DEPLOYMENTS}/gen`, {body: labelsOnly});
	assert.equal(stale.status, 409);
	assert.equal(
		stale.json.message,
		'Operation cannot be fulfilled on deployments.apps "gen": the object has been modified; please apply your changes to the latest version and try again',
	);
	assert.equal(stale.json.reason, 'Conflict');
	const annotated = structuredClone(afterLabels);
	annotated.metadata.annotations = {note: 'x'};
	const afterAnnotations = (await sim.request('PUT', `${DEPLOYMENTS}/gen`, {body: annotated})).json;
	assert.equal(afterAnnotations.metadata.generation, 2);
	const patched = await sim.request('PATCH', `${DEPLOYMENTS}/gen`, {
		body: {spec: {replicas: 3}},
		headers: {'Content-Type': 'application/merge-patch+json'},
	});
	assert.equal(patched.json.metadata.generation, 3);
	assert.equal(patched.json.spec.replicas, 3);
	const noop = await sim.request('PATCH', `${DEPLOYMENTS}/gen`, {
		body: {metadata: {labels: {x: 'y'}}},
		headers: {'Content-Type': 'application/strategic-merge-patch+json'},
	});
	assert.equal(noop.json.metadata.generation, 3);
	await sim.request('DELETE', `${DEPLOYMENTS}/gen`);
});

test('/status keeps spec and labels, takes status and annotations, leaves generation', async () => {
	const created = (await sim.request('POST', DEPLOYMENTS, {body: deploymentManifest('st')})).json;
	const body = structuredClone(created);
	body.spec.replicas = 7;
	body.metadata.labels = {changed: 'yes'};
	body.metadata.annotations = {'deployment.kubernetes.io/revision': '1'};
	body.status = {observedGeneration: 1, replicas: 1};
	const reply = await sim.request('PUT', `${DEPLOYMENTS}/st/status`, {body});
	assert.equal(reply.status, 200);
	assert.equal(reply.json.spec.replicas, 1);
	assert.deepEqual(reply.json.metadata.labels, {app: 'st'});
	assert.deepEqual(reply.json.metadata.annotations, {'deployment.kubernetes.io/revision': '1'});
	assert.equal(reply.json.status.observedGeneration, 1);
	assert.equal(reply.json.metadata.generation, 1);
	const patched = await sim.request('PATCH', `${DEPLOYMENTS}/st/status`, {
		body: {status: {readyReplicas: 1}},
		headers: {'Content-Type': 'application/merge-patch+json'},
	});
	assert.deepEqual(patched.json.status, {observedGeneration: 1, replicas: 1, readyReplicas: 1});
	// The main resource ignores status.
	const put = structuredClone(patched.json);
	put.status = {replicas: 42};
	assert.equal((await sim.request('PUT', `${DEPLOYMENTS}/st`, {body: put})).json.status.replicas, 1);
	await sim.request('DELETE', `${DEPLOYMENTS}/st`);
});

test('/scale GET, PUT and PATCH speak autoscaling/v1 Scale', async () => {
	await sim.request('POST', DEPLOYMENTS, {body: deploymentManifest('sc', {replicas: 2})});
	const scale = await sim.request('GET', `${DEPLOYMENTS}/sc/scale`);
	assert.equal(scale.json.kind, 'Scale');
	assert.equal(scale.json.apiVersion, 'autoscaling/v1');
	assert.equal(scale.json.spec.replicas, 2);
	assert.equal(scale.json.status.selector, 'app=sc');
	const patched = await sim.request('PATCH', `${DEPLOYMENTS}/sc/scale`, {
		body: {spec: {replicas: 5}},
		headers: {'Content-Type': 'application/merge-patch+json'},
	});
	assert.equal(patched.json.spec.replicas, 5);
	const deployment = (await sim.request('GET', `${DEPLOYMENTS}/sc`)).json;
	assert.equal(deployment.spec.replicas, 5);
	assert.equal(deployment.metadata.generation, 2);
	const put = await sim.request('PUT', `${DEPLOYMENTS}/sc/scale`, {body: {...patched.json, spec: {replicas: 1}}});
	assert.equal(put.json.spec.replicas, 1);
	const stale = await sim.request('PUT', `${DEPLOYMENTS}/sc/scale`, {body: {...patched.json, spec: {replicas: 2}}});
	assert.equal(stale.status, 409);
	const negative = await sim.request('PATCH', `${DEPLOYMENTS}/sc/scale`, {
		body: {spec: {replicas: -1}},
		headers: {'Content-Type': 'application/merge-patch+json'},
	});
	assert.equal(negative.status, 422);
	assert.equal(
		negative.json.message,
		'Scale.autoscaling "sc" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
	);
	await sim.request('DELETE', `${DEPLOYMENTS}/sc`);
});

test('JSON patch with creationTimestamp null (kubectl rollout undo) is accepted', async () => {
	const manifest = deploymentManifest('undo');
	(manifest.metadata as any).annotations = {'deployment.kubernetes.io/revision': '3'};
	await sim.request('POST', DEPLOYMENTS, {body: manifest});
	const patch = [
		{
			op: 'replace',
			path: '/spec/template',
			value: {
				metadata: {creationTimestamp: null, labels: {app: 'undo'}},
				spec: {containers: [{name: 'app', image: 'nginx:1.16', resources: {}}]},
			},
		},
		{op: 'replace', path: '/metadata/annotations', value: {'deployment.kubernetes.io/revision': '2'}},
	];
	const reply = await sim.request('PATCH', `${DEPLOYMENTS}/undo`, {
		body: patch,
		headers: {'Content-Type': 'application/json-patch+json'},
	});
	assert.equal(reply.status, 200, reply.text);
	assert.equal(reply.json.spec.template.spec.containers[0].image, 'nginx:1.16');
	assert.equal(reply.json.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent', 'defaults re-applied');
	assert.equal(reply.json.metadata.generation, 2, 'one bump for template and annotations together');
	const bad = await sim.request('PATCH', `${DEPLOYMENTS}/undo`, {
		body: [{op: 'remove', path: '/nothing/here'}],
		headers: {'Content-Type': 'application/json-patch+json'},
	});
	assert.equal(bad.status, 422);
	const unsupported = await sim.request('PATCH', `${DEPLOYMENTS}/undo`, {
		body: {},
		headers: {'Content-Type': 'text/plain'},
	});
	assert.equal(unsupported.status, 415);
	await sim.request('DELETE', `${DEPLOYMENTS}/undo`);
});

test('Table responses carry the server columns; lists page with limit and continue', async () => {
	for (const name of ['t-a', 't-b', 't-c'])
		await sim.request('POST', DEPLOYMENTS, {body: deploymentManifest(name, {replicas: 2})});
	const table = await sim.request('GET', `${DEPLOYMENTS}?labelSelector=app%20in%20(t-a,t-b,t-c)`, {
		headers: {Accept: TABLE_ACCEPT},
	});
	assert.equal(table.json.kind, 'Table');
	assert.deepEqual(
		table.json.columnDefinitions.filter((c: any) => c.priority === 0).map((c: any) => c.name),
		['Name', 'Ready', 'Up-to-date', 'Available', 'Age'],
	);
	assert.deepEqual(
		table.json.rows.map((r: any) => r.cells.slice(0, 4)),
		[
			['t-a', '0/2', 0, 0],
			['t-b', '0/2', 0, 0],
			['t-c', '0/2', 0, 0],
		],
	);
	assert.equal(table.json.rows[0].object.kind, 'PartialObjectMetadata');
	assert.deepEqual(table.json.rows[0].cells.slice(5), ['app', 'nginx:1.25', 'app=t-a']);
	const page1 = await sim.request('GET', `${DEPLOYMENTS}?limit=2&labelSelector=app%20in%20(t-a,t-b,t-c)`);
	assert.equal(page1.json.items.length, 2);
	assert.ok(page1.json.metadata.continue);
	assert.equal(page1.json.metadata.remainingItemCount, 1);
	const page2 = await sim.request(
		'GET',
		`${DEPLOYMENTS}?limit=2&labelSelector=app%20in%20(t-a,t-b,t-c)&continue=${encodeURIComponent(page1.json.metadata.continue)}`,
	);
	assert.deepEqual(
		page2.json.items.map((d: any) => d.metadata.name),
		['t-c'],
	);
	assert.equal(page2.json.metadata.continue, undefined);
	const fromCache = await sim.request(
		'GET',
		`${DEPLOYMENTS}?limit=2&resourceVersion=0&labelSelector=app%20in%20(t-a,t-b,t-c)`,
	);
	assert.equal(fromCache.json.items.length, 3, 'resourceVersion=0 ignores limit, as the 1.32 watch cache does');
	assert.equal(fromCache.json.metadata.continue, undefined);
	const all = await sim.request('GET', '/apis/apps/v1/deployments?fieldSelector=metadata.name%3Dt-b');
	assert.deepEqual(
		all.json.items.map((d: any) => d.metadata.name),
		['t-b'],
	);
	for (const name of ['t-a', 't-b', 't-c']) await sim.request('DELETE', `${DEPLOYMENTS}/${name}`);
});

test('DELETE returns a Success Status for deployments; pods get a deletionTimestamp for their grace period', async () => {
	const created = (await sim.request('POST', DEPLOYMENTS, {body: deploymentManifest('del')})).json;
	const deleted = await sim.request('DELETE', `${DEPLOYMENTS}/del`);
	assert.deepEqual(deleted.json, {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Success',
		details: {name: 'del', group: 'apps', kind: 'deployments', uid: created.metadata.uid},
	});
	assert.equal((await sim.request('GET', `${DEPLOYMENTS}/del`)).status, 404);

	// A scheduled pod written straight into the store (the controllers are not asked for anything).
	const pod = sim.store.create('pods', {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name: 'graceful', namespace: 'default'},
		spec: {nodeName: 'sim-node', terminationGracePeriodSeconds: 3600, containers: [{name: 'c', image: 'nginx'}]},
		status: {phase: 'Running'},
	});
	const graceful = await sim.request('DELETE', '/api/v1/namespaces/default/pods/graceful');
	assert.equal(graceful.status, 200);
	assert.ok(graceful.json.metadata.deletionTimestamp);
	assert.equal(graceful.json.metadata.deletionGracePeriodSeconds, 3600);
	const table = await sim.request('GET', '/api/v1/namespaces/default/pods/graceful', {headers: {Accept: TABLE_ACCEPT}});
	assert.equal(table.json.rows[0].cells[2], 'Terminating');
	const now = await sim.request('DELETE', '/api/v1/namespaces/default/pods/graceful?gracePeriodSeconds=0');
	assert.equal(now.status, 200);
	assert.equal(sim.store.get('pods', 'default', 'graceful'), undefined);
	assert.notEqual(pod.metadata.uid, undefined);
});

test('protobuf create bodies are decoded (kubectl create deployment)', async () => {
	const {encodeEnvelope, encodeFields} = await import('../source/sim/api/protobuf.js');
	const labels: any = [
		[1, 'app'],
		[2, 'proto'],
	];
	const raw = encodeFields([
		[
			1,
			[
				[1, 'proto'],
				[2, ''],
				[7, 0],
				[8, []],
				[11, labels],
			],
		],
		[
			2,
			[
				[1, 2],
				[2, [[1, labels]]],
				[
					3,
					[
						[
							1,
							[
								[11, labels],
								[8, []],
							],
						],
						[
							2,
							[
								[
									2,
									[
										[1, 'nginx'],
										[2, 'nginx:1.17'],
										[6, [[3, 80]]],
										[8, []],
										[16, false],
									],
								],
								[3, ''],
								[6, ''],
							],
						],
					],
				],
				[4, [[1, '']]],
				[5, 0],
				[7, false],
			],
		],
		[
			3,
			[
				[1, 0],
				[2, 0],
			],
		],
	]);
	const reply = await sim.request('POST', DEPLOYMENTS, {
		raw: encodeEnvelope('apps/v1', 'Deployment', raw),
		headers: {
			'Content-Type': 'application/vnd.kubernetes.protobuf',
			Accept: 'application/vnd.kubernetes.protobuf,application/json',
		},
	});
	assert.equal(reply.status, 201, reply.text);
	assert.match(String(reply.headers['content-type']), /^application\/json/);
	assert.equal(reply.json.metadata.name, 'proto');
	assert.equal(reply.json.spec.replicas, 2);
	assert.deepEqual(reply.json.spec.selector, {matchLabels: {app: 'proto'}});
	assert.deepEqual(reply.json.spec.strategy, {
		type: 'RollingUpdate',
		rollingUpdate: {maxUnavailable: '25%', maxSurge: '25%'},
	});
	assert.deepEqual(reply.json.spec.template.spec.containers[0].ports, [{containerPort: 80, protocol: 'TCP'}]);
	assert.equal(reply.json.spec.template.spec.restartPolicy, 'Always');
	assert.equal(reply.json.spec.paused, undefined);
	const broken = await sim.request('POST', DEPLOYMENTS, {
		raw: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff]),
		headers: {'Content-Type': 'application/vnd.kubernetes.protobuf'},
	});
	assert.equal(broken.status, 400);
	await sim.request('DELETE', `${DEPLOYMENTS}/proto`);
});

test('namespaces: create, get, delete with their contents', async () => {
	const created = await sim.request('POST', '/api/v1/namespaces', {
		body: {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'team-a'}},
	});
	assert.equal(created.status, 201);
	assert.equal(created.json.status.phase, 'Active');
	await sim.request('POST', '/apis/apps/v1/namespaces/team-a/deployments', {body: deploymentManifest('inside')});
	const deleted = await sim.request('DELETE', '/api/v1/namespaces/team-a');
	assert.equal(deleted.json.status.phase, 'Terminating');
	assert.equal((await sim.request('GET', '/api/v1/namespaces/team-a')).status, 404);
	assert.equal(sim.store.get('deployments', 'team-a', 'inside'), undefined);
});

test('events: create, list, get, and a Table', async () => {
	const event = {
		apiVersion: 'v1',
		kind: 'Event',
		metadata: {name: 'web.1', namespace: 'default'},
		involvedObject: {kind: 'Deployment', name: 'web', namespace: 'default'},
		reason: 'ScalingReplicaSet',
		message: 'Scaled up replica set web-1 to 1',
		type: 'Normal',
		firstTimestamp: new Date().toISOString(),
		lastTimestamp: new Date().toISOString(),
		count: 1,
		source: {component: 'deployment-controller'},
	};
	assert.equal((await sim.request('POST', '/api/v1/namespaces/default/events', {body: event})).status, 201);
	const list = await sim.request('GET', '/api/v1/events?fieldSelector=involvedObject.name%3Dweb');
	assert.deepEqual(
		list.json.items.map((e: any) => e.metadata.name),
		['web.1'],
	);
	const table = await sim.request('GET', '/api/v1/namespaces/default/events/web.1', {headers: {Accept: TABLE_ACCEPT}});
	assert.deepEqual(table.json.rows[0].cells.slice(1, 4), ['Normal', 'ScalingReplicaSet', 'deployment/web']);
});

test('requestCount counts requests', async () => {
	const before = sim.faults.requestCount;
	await sim.request('GET', '/version');
	await sim.request('GET', '/version', {token: null});
	assert.equal(sim.faults.requestCount, before + 2);
});

test('bodies of the wrong shape get 4xx Status errors, never a 500 or a crash', async () => {
	const weird: unknown[] = [null, 1, 'x', [], {}, [1], {a: null}, true];
	const bodies: unknown[] = [];
	for (const w of weird) {
		bodies.push(w, {metadata: w}, {metadata: {name: 'shape'}, spec: w});
		bodies.push({metadata: {name: 'shape', labels: w}, spec: {replicas: w, selector: w, template: w, strategy: w}});
		bodies.push({
			metadata: {name: 'shape'},
			spec: {
				selector: {matchLabels: w, matchExpressions: w},
				template: {metadata: w, spec: w},
				strategy: {type: 'RollingUpdate', rollingUpdate: w},
			},
		});
		bodies.push({
			metadata: {name: 'shape'},
			spec: {
				selector: {matchExpressions: [w]},
				template: {metadata: {labels: {app: 'x'}}, spec: {containers: [w], volumes: w}},
			},
		});
	}
	await sim.request('POST', DEPLOYMENTS, {body: deploymentManifest('shape')});
	const targets: [string, string, string][] = [
		['POST', DEPLOYMENTS, 'application/json'],
		['PUT', `${DEPLOYMENTS}/shape`, 'application/json'],
		['PUT', `${DEPLOYMENTS}/shape/status`, 'application/json'],
		['PATCH', `${DEPLOYMENTS}/shape`, 'application/merge-patch+json'],
		['PATCH', `${DEPLOYMENTS}/shape`, 'application/strategic-merge-patch+json'],
		['PATCH', `${DEPLOYMENTS}/shape/scale`, 'application/merge-patch+json'],
		['POST', '/api/v1/namespaces/default/pods', 'application/json'],
	];
	for (const [method, path, contentType] of targets) {
		for (const body of bodies) {
			const reply = await sim.request(method, path, {
				raw: JSON.stringify(body),
				headers: {'Content-Type': contentType},
			});
			assert.ok(reply.status < 500, `${method} ${path} ${JSON.stringify(body)} → ${reply.status} ${reply.text}`);
			if (reply.status >= 400) assert.equal(reply.json.kind, 'Status');
		}
	}
	const typed = await sim.request('POST', DEPLOYMENTS, {body: {metadata: {name: 'typed', labels: 'oops'}}});
	assert.equal(typed.status, 400);
	assert.match(
		typed.json.message,
		/cannot unmarshal string into Go struct field Deployment\.metadata\.labels of type map\[string\]string/,
	);
	assert.equal((await sim.request('GET', '/version')).status, 200);
});

test('namespace /status is served', async () => {
	const reply = await sim.request('GET', '/api/v1/namespaces/default/status');
	assert.equal(reply.status, 200);
	assert.equal(reply.json.status.phase, 'Active');
});

test('malformed paths and unsupported methods are 404/405, not 500', async () => {
	assert.equal((await sim.request('GET', '/apis/apps/v1/namespaces/%E0%A4%A/deployments')).status, 404);
	assert.equal((await sim.request('GET', '/apis/apps/v1/namespaces/default/deployments/a/b/c')).status, 404);
	assert.equal((await sim.request('GET', '/apis/apps/v1/namespaces/default/deployments/a/logs')).status, 404);
	assert.equal((await sim.request('OPTIONS', '/apis/apps/v1/namespaces/default/deployments')).status, 405);
	assert.equal((await sim.request('DELETE', '/version')).status, 405);
	assert.equal((await sim.request('GET', '/apis/batch/v1')).status, 404);
});

test('server-side apply (approximated) creates, then merges; fieldManager is required', async () => {
	const headers = {'Content-Type': 'application/apply-patch+yaml'};
	const url = `${DEPLOYMENTS}/ssa?fieldManager=test`;
	const created = await sim.request('PATCH', url, {body: deploymentManifest('ssa', {replicas: 2}), headers});
	assert.equal(created.status, 201, created.text);
	assert.equal(created.json.spec.replicas, 2);
	const updated = await sim.request('PATCH', url, {
		body: deploymentManifest('ssa', {replicas: 3, image: 'nginx:1.26'}),
		headers,
	});
	assert.equal(updated.status, 200);
	assert.equal(updated.json.spec.replicas, 3);
	assert.equal(updated.json.spec.template.spec.containers[0].image, 'nginx:1.26');
	assert.equal(updated.json.metadata.generation, 2);
	const noManager = await sim.request('PATCH', `${DEPLOYMENTS}/ssa`, {body: deploymentManifest('ssa'), headers});
	assert.equal(noManager.status, 400);
	assert.equal(noManager.json.message, 'fieldManager is required for apply requests');
	await sim.request('DELETE', `${DEPLOYMENTS}/ssa`);
});

test('Table rows carry metadata by default, the object with includeObject=Object, nothing with None', async () => {
	await sim.request('POST', DEPLOYMENTS, {body: deploymentManifest('rows', {replicas: 2})});
	const url = `${DEPLOYMENTS}?fieldSelector=metadata.name%3Drows`;
	const metadata = await sim.request('GET', url, {headers: {Accept: TABLE_ACCEPT}});
	assert.equal(metadata.json.rows[0].object.kind, 'PartialObjectMetadata');
	const object = await sim.request('GET', `${url}&includeObject=Object`, {headers: {Accept: TABLE_ACCEPT}});
	assert.equal(object.json.rows[0].object.kind, 'Deployment');
	assert.equal(object.json.rows[0].object.spec.replicas, 2);
	const none = await sim.request('GET', `${url}&includeObject=None`, {headers: {Accept: TABLE_ACCEPT}});
	assert.equal(none.json.rows[0].object, undefined);
	await sim.request('DELETE', `${DEPLOYMENTS}/rows`);
});
