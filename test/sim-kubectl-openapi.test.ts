// OpenAPI v2 and v3 with the real kubectl: explain (v3, and v2 through its protobuf document), client-side apply
// of every kind of the resource table (its strategic merge patch computed from the v3 schema), server-side field
// validation (Strict, Warn, Ignore) in the API server's words, server-side apply's schema, and the caching headers.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {startTestSimulator, type TestSimulator} from './helpers/sim-client.js';
import {RESOURCE_INFO, apiVersionOf} from '../source/sim/api/resources.js';
import {allDefinitions, definitionNameOf, loadDefinitions} from '../source/sim/api/openapi/documents.js';

let sim: TestSimulator;

before(async () => {
	sim = await startTestSimulator({speed: 50});
});
after(async () => {
	await sim.close();
});

async function ok(...args: string[]): Promise<string> {
	const result = await sim.kubectl(args);
	assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
	return result.stdout;
}

const template = (app: string) => ({
	metadata: {labels: {app}},
	spec: {containers: [{name: 'app', image: 'nginx:1.25'}]},
});

/** One manifest per kind the simulator serves or is adding; the test below insists on one for every served kind. */
const SAMPLES: Record<string, Record<string, any>> = {
	Namespace: {metadata: {name: 'sample'}},
	Pod: {metadata: {name: 'sample', labels: {app: 'sample-pod'}}, spec: template('x').spec},
	Event: {
		metadata: {name: 'sample'},
		involvedObject: {kind: 'Pod', name: 'sample', namespace: 'default'},
		reason: 'Sample',
		message: 'a sample event',
		type: 'Normal',
	},
	Deployment: {
		metadata: {name: 'sample'},
		spec: {replicas: 1, selector: {matchLabels: {app: 'sample-deploy'}}, template: template('sample-deploy')},
	},
	ReplicaSet: {
		metadata: {name: 'sample'},
		spec: {replicas: 1, selector: {matchLabels: {app: 'sample-rs'}}, template: template('sample-rs')},
	},
	StatefulSet: {
		metadata: {name: 'sample'},
		spec: {
			replicas: 1,
			serviceName: 'sample',
			selector: {matchLabels: {app: 'sample-sts'}},
			template: template('sample-sts'),
		},
	},
	DaemonSet: {
		metadata: {name: 'sample'},
		spec: {selector: {matchLabels: {app: 'sample-ds'}}, template: template('sample-ds')},
	},
	ControllerRevision: {metadata: {name: 'sample'}, revision: 1, data: {spec: {template: template('sample-cr')}}},
	Node: {metadata: {name: 'sample', labels: {'kubernetes.io/hostname': 'sample'}}, spec: {}},
	Lease: {metadata: {name: 'sample'}, spec: {holderIdentity: 'sample', leaseDurationSeconds: 40}},
	Role: {metadata: {name: 'sample'}, rules: [{apiGroups: ['apps'], resources: ['deployments'], verbs: ['get']}]},
	ClusterRole: {metadata: {name: 'sample'}, rules: [{apiGroups: [''], resources: ['pods'], verbs: ['list']}]},
	RoleBinding: {
		metadata: {name: 'sample'},
		roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'sample'},
		subjects: [{kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'sample'}],
	},
	ClusterRoleBinding: {
		metadata: {name: 'sample'},
		roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'sample'},
		subjects: [{kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'sample'}],
	},
};

/** A change that client-side apply sends as a patch, per kind. */
const CHANGE = (manifest: Record<string, any>) => ({
	...manifest,
	metadata: {...manifest.metadata, labels: {...(manifest.metadata.labels ?? {}), applied: 'twice'}},
});

function manifestFile(name: string, manifest: unknown): string {
	const file = path.join(sim.dir, `${name}.json`);
	writeFileSync(file, JSON.stringify(manifest));
	return file;
}

const servedKinds = () => Object.values(RESOURCE_INFO);

test('every served kind and every kind being added has a schema with its group-version-kind', async () => {
	await loadDefinitions();
	for (const info of servedKinds())
		assert.ok(definitionNameOf(info.group, info.version, info.kind), `no schema for ${info.kind}`);
	for (const [group, kind] of [
		['apps', 'StatefulSet'],
		['apps', 'DaemonSet'],
		['apps', 'ControllerRevision'],
		['', 'Node'],
	] as const)
		assert.ok(definitionNameOf(group, 'v1', kind), `no schema for ${kind}`);
	const strategy = allDefinitions()['io.k8s.api.apps.v1.StatefulSetUpdateStrategy'];
	assert.deepEqual(strategy?.properties?.type?.enum, ['OnDelete', 'RollingUpdate']);
});

test('kubectl explain deployment.spec.strategy shows the fields, their types and enum values', async () => {
	const out = await ok('explain', 'deployment.spec.strategy');
	assert.match(out, /^GROUP: {6}apps\nKIND: {7}Deployment\nVERSION: {4}v1\n\nFIELD: strategy <DeploymentStrategy>\n/);
	assert.match(out, /DESCRIPTION:\n {4}The deployment strategy to use to replace existing pods with new ones\.\n/);
	assert.match(out, /\n {2}rollingUpdate\t<RollingUpdateDeployment>\n/);
	assert.match(out, /\n {2}type\t<string>\n {2}enum: Recreate, RollingUpdate\n/);
	assert.match(await ok('explain', 'deployment.spec.strategy.rollingUpdate.maxSurge'), /FIELD: maxSurge <IntOrString>/);
	assert.match(await ok('explain', 'pods.spec.containers.image'), /FIELD: image <string>/);
	assert.match(await ok('explain', 'pod.spec.containers'), /FIELD: containers <\[\]Container>/);
});

test('kubectl explain works for every served kind (v3), and through the v2 protobuf document', async () => {
	for (const info of servedKinds()) {
		const out = await ok('explain', `${info.resource}.metadata.name`);
		assert.match(out, new RegExp(`KIND: +${info.kind}\\n`));
		assert.match(out, /FIELD: name <string>/);
	}
	const v2 = await ok('explain', '--output=plaintext-openapiv2', 'deployment.spec.strategy.type');
	assert.match(v2, /^KIND: {5}Deployment\nVERSION: {2}apps\/v1\n\nFIELD: {4}type <string>\n/);
	assert.match(v2, /Possible enum values:/);
});

test('client-side apply -f creates and then patches every served kind', async () => {
	for (const info of servedKinds()) {
		const sample = SAMPLES[info.kind];
		assert.ok(sample, `no sample manifest for ${info.kind}: add one to SAMPLES`);
		const manifest = {apiVersion: apiVersionOf(info), kind: info.kind, ...sample};
		const qualified = info.group ? `${info.singular}.${info.group}` : info.singular;
		const file = manifestFile(`apply-${info.resource}`, manifest);
		assert.equal(await ok('apply', '-f', file), `${qualified}/sample created\n`);
		const changed = manifestFile(`apply-${info.resource}-2`, CHANGE(manifest));
		const result = await sim.kubectl(['apply', '-f', changed, '-v=5']);
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, `${qualified}/sample configured\n`);
		assert.doesNotMatch(result.stderr, /does not support strategic merge patch|failed to download openapi/);
		const stored = sim.store.get(info.resource, info.namespaced ? 'default' : undefined, 'sample');
		assert.equal(stored?.metadata.labels?.applied, 'twice', `${info.kind} patched`);
	}
});

test('apply --validate=strict rejects unknown fields in the API server words, on create and on patch', async () => {
	const deployment = {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: 'strict'},
		spec: {replicas: 1, selector: {matchLabels: {app: 'strict'}}, template: template('strict')},
	};
	const bad = {...deployment, spec: {...deployment.spec, foo: 1}};
	const badFile = manifestFile('strict-bad', bad);
	const created = await sim.kubectl(['apply', '--validate=strict', '-f', badFile]);
	assert.equal(created.code, 1);
	assert.equal(
		created.stderr,
		`Error from server (BadRequest): error when creating "${badFile}": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"\n`,
	);
	assert.equal(sim.store.get('deployments', 'default', 'strict'), undefined);

	await ok('apply', '-f', manifestFile('strict-good', deployment));
	const patched = await sim.kubectl(['apply', '--validate=strict', '-f', badFile]);
	assert.equal(patched.code, 1);
	assert.match(patched.stderr, /^The request is invalid: patch: Invalid value: "map\[metadata:map\[annotations:map\[/);
	assert.match(patched.stderr, /spec:map\[foo:1\]\]": strict decoding error: unknown field "spec\.foo"\n$/);

	const warned = await sim.kubectl(['apply', '--validate=warn', '-f', badFile]);
	assert.equal(warned.code, 0, warned.stderr);
	assert.equal(warned.stderr, 'Warning: unknown field "spec.foo"\n');
	const ignored = await sim.kubectl([
		'apply',
		'--validate=false',
		'-f',
		manifestFile('strict-bad-2', {...bad, spec: {...bad.spec, replicas: 2}}),
	]);
	assert.deepEqual([ignored.code, ignored.stderr], [0, '']);
	assert.equal(sim.store.get('deployments', 'default', 'strict')?.spec.foo, undefined, 'unknown fields are dropped');
});

test('server-side apply creates and updates; its schema refuses undeclared fields', async () => {
	const manifest = {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: 'ssa'},
		spec: {replicas: 1, selector: {matchLabels: {app: 'ssa'}}, template: template('ssa')},
	};
	assert.equal(
		await ok('apply', '--server-side', '-f', manifestFile('ssa', manifest)),
		'deployment.apps/ssa serverside-applied\n',
	);
	const scaled = {...manifest, spec: {...manifest.spec, replicas: 2}};
	assert.equal(
		await ok('apply', '--server-side', '-f', manifestFile('ssa-2', scaled)),
		'deployment.apps/ssa serverside-applied\n',
	);
	assert.equal(sim.store.get('deployments', 'default', 'ssa')?.spec.replicas, 2);
	const bad = structuredClone(scaled) as any;
	bad.spec.template.spec.containers[0].foo = 'x';
	const refused = await sim.kubectl(['apply', '--server-side', '-f', manifestFile('ssa-bad', bad)]);
	assert.equal(refused.code, 1);
	assert.equal(
		refused.stderr,
		'Error from server: failed to create typed patch object (default/ssa; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="app"].foo: field not declared in schema\n',
	);
});

test('documents are served with ETags, 304 for a matching If-None-Match, immutable by hash, redirected from an old hash', async () => {
	const index = await sim.request('GET', '/openapi/v3');
	assert.equal(index.status, 200);
	const apps = index.json.paths['apis/apps/v1'].serverRelativeURL as string;
	assert.match(apps, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
	assert.ok(index.json.paths['api/v1']);
	const document = await sim.request('GET', apps);
	assert.equal(document.status, 200);
	assert.equal(document.headers['cache-control'], 'public, immutable');
	assert.ok(document.json.components.schemas['io.k8s.api.apps.v1.Deployment']);
	assert.equal(
		document.json.components.schemas['io.k8s.api.core.v1.Namespace'],
		undefined,
		'core kinds live in api/v1',
	);
	const stale = await sim.request('GET', '/openapi/v3/apis/apps/v1?hash=OLD');
	assert.equal(stale.status, 301);
	assert.equal(stale.headers.location, apps);
	const v2 = await sim.request('GET', '/openapi/v2');
	assert.equal(v2.status, 200);
	assert.equal(v2.json.swagger, '2.0');
	const etag = v2.headers.etag as string;
	assert.match(etag, /^"[0-9A-F]{128}"$/);
	const again = await sim.request('GET', '/openapi/v2', {headers: {'If-None-Match': etag}});
	assert.equal(again.status, 304);
	const missing = await sim.request('GET', '/openapi/v3/apis/nothing/v1');
	assert.equal(missing.status, 404);
});

test('without fieldValidation the server warns (299) about unknown fields and drops them', async () => {
	const reply = await sim.request('POST', '/api/v1/namespaces/default/pods', {
		body: {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'warned', colour: 'blue'}, spec: template('x').spec},
	});
	assert.equal(reply.status, 201);
	assert.equal(reply.headers.warning, '299 - "unknown field \\"metadata.colour\\""');
});
