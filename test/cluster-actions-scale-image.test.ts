// Scale and set image send what kubectl sends (read from `kubectl -v=8` on twin A) and end in the same objects and
// lines on twin B; scale on a paused deployment behaves as on a cluster.
import {test, after, before} from 'node:test';
import assert from 'node:assert/strict';
import {getDeployment, runAction} from '../source/cluster/actions.js';
import {planScale, planSetImage} from '../source/model/actions.js';
import {refusal, type ActionRequest} from '../source/model/verbs.js';
import {
	createDeployment,
	startTestCluster,
	storeObjects,
	waitRolledOut,
	type TestCluster,
} from './helpers/model-sim.js';
import {waitFor} from './helpers/wait.js';

let cluster: TestCluster;
const A = 'scale-a';
const B = 'scale-b';

before(async () => {
	cluster = await startTestCluster();
	await Promise.all([createDeployment(cluster, A, 'nginx:1.17', 2), createDeployment(cluster, B, 'nginx:1.17', 2)]);
});

after(async () => {
	await cluster?.close();
});

const client = () => cluster.connection.client;
const request = <V extends ActionRequest['verb']>(verb: V, args: Extract<ActionRequest, {verb: V}>['args']) =>
	({kind: 'Deployment', namespace: 'default', name: B, verb, args}) as ActionRequest;

/** kubectl's request (method, path, content type, body) and its line, from a -v=8 run on twin A. */
async function kubectlSends(...args: string[]) {
	const result = await cluster.kubectl(...args, '-v=8');
	const log = result.stderr;
	const write = /(PATCH|PUT) (https:\/\/\S+)/.exec(log);
	const bodies = [...log.matchAll(/"Request Body" body="((?:[^"\\]|\\.)*)"/g)].map(match =>
		JSON.parse(`"${match[1]}"`),
	);
	const contentTypes = [...log.matchAll(/Content-Type: (\S+)/g)].map(match => match[1]);
	const message = (
		result.code === 0
			? result.stdout
			: result.stderr
					.split('\n')
					.filter(line => line.startsWith('error: '))
					.join('\n')
					.replace(/^error: /, '')
	).trim();
	return {
		method: write?.[1],
		url: write ? new URL(write[2]!) : undefined,
		body: bodies
			.filter(body => body !== '')
			.map(body => JSON.parse(body))
			.at(-1),
		contentType: contentTypes.find(type => type?.includes('patch')),
		ok: result.code === 0,
		message: message.replaceAll(A, B),
	};
}

const replicasOf = async (name: string) => (await getDeployment(client(), 'default', name)).spec.replicas;
const imagesOf = async (name: string) =>
	(await getDeployment(client(), 'default', name)).spec.template?.spec?.containers?.map(c => c.image);

test('scale: the merge patch of the scale subresource, the same line, the same replicas', async () => {
	const kubectl = await kubectlSends('scale', `deployment/${A}`, '--replicas=4');
	const a = await getDeployment(client(), 'default', A);
	const plan = planScale('Deployment', a, 4);
	assert.equal(plan.kind, 'patch');
	if (plan.kind !== 'patch') return;
	assert.equal(kubectl.method, 'PATCH');
	assert.equal(kubectl.url?.pathname, `/apis/apps/v1/namespaces/default/deployments/${A}/${plan.subresource}`);
	assert.equal(kubectl.contentType, plan.contentType);
	assert.deepEqual(kubectl.body, plan.body);
	assert.deepEqual(Object.fromEntries(kubectl.url?.searchParams ?? []), plan.query);
	const ours = await runAction(client(), request('scale', {replicas: 4}));
	assert.deepEqual(ours, {ok: kubectl.ok, message: kubectl.message});
	assert.equal(await replicasOf(B), 4);
	assert.equal(await replicasOf(A), 4);
	await Promise.all([waitRolledOut(cluster, A), waitRolledOut(cluster, B)]);
});

test('scale on a paused deployment scales it, as on a cluster, and starts no rollout', async () => {
	await cluster.kubectlOk('rollout', 'pause', `deployment/${A}`);
	await runAction(client(), request('pause', {}));
	await cluster.kubectlOk('set', 'image', `deployment/${A}`, 'nginx=nginx:1.18');
	await runAction(client(), request('set-image', {container: 'nginx', image: 'nginx:1.18'}));
	const kubectl = await kubectlSends('scale', `deployment/${A}`, '--replicas=6');
	const ours = await runAction(client(), request('scale', {replicas: 6}));
	assert.deepEqual(ours, {ok: kubectl.ok, message: kubectl.message});
	const summary = (name: string) => {
		const d = storeObjects(cluster, 'deployments').find(x => x.metadata.name === name);
		const rs = storeObjects(cluster, 'replicasets').filter(
			x => x.metadata.ownerReferences?.[0]?.uid === d.metadata.uid,
		);
		return `${d.metadata.annotations['deployment.kubernetes.io/revision']} ${rs
			.map(x => x.spec.replicas)
			.sort()
			.join(',')} ${d.status?.replicas}`;
	};
	await waitFor(() => summary(A) === summary(B) && summary(A).endsWith(' 6'), {
		message: () => `the twins scaled alike: ${summary(A)} / ${summary(B)}`,
	});
	assert.match(summary(B), /^1 /, 'still revision 1: paused, no rollout to the new image');
	await cluster.kubectlOk('rollout', 'resume', `deployment/${A}`);
	await runAction(client(), request('resume', {}));
	await Promise.all([waitRolledOut(cluster, A), waitRolledOut(cluster, B)]);
});

test('set image: the strategic merge patch with its $setElementOrder, the same line; unchanged and unknown as kubectl', async () => {
	const kubectl = await kubectlSends('set', 'image', `deployment/${A}`, 'nginx=nginx:1.19');
	const before = await getDeployment(client(), 'default', B);
	const plan = planSetImage('Deployment', before, 'nginx', 'nginx:1.19');
	assert.equal(plan.kind, 'patch');
	if (plan.kind !== 'patch') return;
	assert.equal(kubectl.method, 'PATCH');
	assert.equal(kubectl.url?.pathname, `/apis/apps/v1/namespaces/default/deployments/${A}`);
	assert.deepEqual(Object.fromEntries(kubectl.url?.searchParams ?? []), plan.query);
	assert.equal(kubectl.contentType, plan.contentType);
	assert.deepEqual(kubectl.body, plan.body);
	const ours = await runAction(client(), request('set-image', {container: 'nginx', image: 'nginx:1.19'}));
	assert.deepEqual(ours, {ok: kubectl.ok, message: kubectl.message});
	assert.deepEqual(await imagesOf(B), await imagesOf(A));
	assert.deepEqual(await imagesOf(B), ['nginx:1.19']);

	// The same image again: kubectl sends nothing and prints nothing; we send nothing either.
	const again = await kubectlSends('set', 'image', `deployment/${A}`, 'nginx=nginx:1.19');
	assert.equal(again.method, undefined);
	const generation = (await getDeployment(client(), 'default', B)).metadata.generation;
	const ourAgain = await runAction(client(), request('set-image', {container: 'nginx', image: 'nginx:1.19'}));
	assert.equal(ourAgain.ok, true);
	assert.equal((await getDeployment(client(), 'default', B)).metadata.generation, generation);

	const unknown = await kubectlSends('set', 'image', `deployment/${A}`, 'nope=x:1');
	assert.deepEqual(await runAction(client(), request('set-image', {container: 'nope', image: 'x:1'})), {
		ok: false,
		message: unknown.message,
	});
	await Promise.all([waitRolledOut(cluster, A), waitRolledOut(cluster, B)]);
});

test('a DaemonSet is not scaled (no scale subresource); every kind takes set image', () => {
	const ds = {kind: 'DaemonSet', namespace: 'default', name: 'agent'} as const;
	assert.match(
		refusal({...ds, verb: 'scale', args: {replicas: 2}}) ?? '',
		/^daemonsets\.apps "agent" cannot be scaled/,
	);
	assert.equal(refusal({...ds, verb: 'set-image', args: {container: 'a', image: 'b'}}), undefined);
	assert.equal(refusal({...ds, kind: 'StatefulSet', verb: 'scale', args: {replicas: 2}}), undefined);
});

test('StatefulSet scale and DaemonSet set image: what kubectl sends and prints', async () => {
	const {writeFileSync} = await import('node:fs');
	const path = await import('node:path');
	const manifest = (kind: 'StatefulSet' | 'DaemonSet', name: string) =>
		JSON.stringify({
			apiVersion: 'apps/v1',
			kind,
			metadata: {name},
			spec: {
				...(kind === 'StatefulSet' ? {replicas: 1, serviceName: name} : {}),
				selector: {matchLabels: {app: name}},
				template: {metadata: {labels: {app: name}}, spec: {containers: [{name: 'main', image: 'busybox:1.36'}]}},
			},
		});
	for (const [kind, name] of [
		['StatefulSet', 'db-a'],
		['StatefulSet', 'db-b'],
		['DaemonSet', 'agent-a'],
		['DaemonSet', 'agent-b'],
	] as const) {
		const file = path.join(cluster.dir, `${name}.json`);
		writeFileSync(file, manifest(kind, name));
		await cluster.kubectlOk('create', '-f', file);
	}
	const sts = (name: string) => ({kind: 'StatefulSet', namespace: 'default', name}) as const;
	const ds = (name: string) => ({kind: 'DaemonSet', namespace: 'default', name}) as const;
	const rename = (text: string, from: string, to: string) => text.replaceAll(from, to);

	const scaled = await cluster.kubectl('scale', 'statefulset/db-a', '--replicas=3');
	const ours = await runAction(client(), {...sts('db-b'), verb: 'scale', args: {replicas: 3}});
	assert.deepEqual(ours, {ok: scaled.code === 0, message: rename(scaled.stdout.trim(), 'db-a', 'db-b')});
	const replicas = async (name: string) =>
		(await cluster.kubectlOk('get', 'statefulset', name, '-o', 'jsonpath={.spec.replicas}')).trim();
	assert.equal(await replicas('db-b'), '3');
	assert.equal(await replicas('db-a'), '3');

	const set = await cluster.kubectl('set', 'image', 'daemonset/agent-a', 'main=busybox:1.37');
	const ourSet = await runAction(client(), {
		...ds('agent-b'),
		verb: 'set-image',
		args: {container: 'main', image: 'busybox:1.37'},
	});
	assert.deepEqual(ourSet, {ok: set.code === 0, message: rename(set.stdout.trim(), 'agent-a', 'agent-b')});
	const image = async (name: string) =>
		(
			await cluster.kubectlOk('get', 'daemonset', name, '-o', 'jsonpath={.spec.template.spec.containers[0].image}')
		).trim();
	assert.equal(await image('agent-b'), 'busybox:1.37');
	assert.equal(await image('agent-a'), 'busybox:1.37');
});
